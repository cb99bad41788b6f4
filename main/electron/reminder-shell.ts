/**
 * The Electron shell's side of reminders, unread counts and "launch at login".
 *
 * It is a client of the Core's API like a window (a ClientContext on the dispatcher), so it
 * hears the Core's events even while no window is open, and uses only the public contract:
 *  - `reminders.changed` → a native notification for each newly due reminder (the Core's
 *    engine already keeps them inside my working hours, so quiet hours need nothing here) and
 *    a fresh tray count;
 *  - `handoffs.changed`, `log.changed`, `profile.changed` → a fresh tray count
 *    (`log.unreadCount` + handoffs for me not yet acknowledged);
 *  - `settings.changed` → `app.setLoginItemSettings`.
 * Notifications are shown for events only — never for the return value of `reminders.list`,
 * whose due reminders the Core also broadcasts — so each is shown once.
 */
import { Notification } from 'electron';
import type { LoginItemSettingsOptions, Settings } from 'electron';
import type { ApiEvent, ApiEvents, ApiInput, ApiMethod, ApiOutput } from '../../shared/api/contract';
import type { ReminderInfo } from '../../shared/api/handoff-api';
import { createLogger } from '../../shared/log/logger';
import type { ClientContext, Dispatcher } from '../core/api/dispatcher';
import type { TrayStatus } from './tray';

const log = createLogger('electron.reminders');

/** Passed when the OS starts Baton at login: it starts in the tray, without a window. */
export const HIDDEN_ARG = '--hidden';

export interface ReminderShellDeps {
  dispatcher: Dispatcher;
  notify(reminder: ReminderInfo): void;
  showStatus(status: TrayStatus): void;
  applyLaunchAtLogin(enabled: boolean): void;
}

export interface ReminderShell {
  /** Runs the reminder schedule now (after a wake from sleep: catch-up). */
  check(): void;
  dispose(): void;
}

export function connectReminderShell(deps: ReminderShellDeps): ReminderShell {
  let disposed = false;
  const client: ClientContext = {
    id: 'electron:shell',
    emit(event, payload) {
      if (!disposed) onEvent(event, payload);
    },
  };

  const call = async <M extends ApiMethod>(method: M, ...input: ApiInput<M> extends undefined ? [] : [ApiInput<M>]): Promise<ApiOutput<M> | null> => {
    const result = await deps.dispatcher.dispatch(client, method, input[0]);
    if (result.ok) return result.value as ApiOutput<M>;
    if (result.error.code !== 'not_ready') log.warn(`${method} failed`, { code: result.error.code, message: result.error.message });
    return null;
  };

  // One status refresh at a time; changes during one ask for one more after it.
  let refreshing: Promise<void> | null = null;
  let again = false;
  const refreshStatus = (): void => {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = (async () => {
      const [count, forMe, profile] = await Promise.all([call('log.unreadCount'), call('handoffs.forMe'), call('profile.get')]);
      const me = profile?.memberId;
      const handoffs = (forMe ?? []).filter((entry) => !entry.acks.some((ack) => ack.memberId === me)).length;
      if (!disposed) deps.showStatus({ unread: count?.total ?? 0, handoffs });
    })()
      .catch((error: unknown) => log.warn('could not refresh the tray status', { error: String(error) }))
      .finally(() => {
        refreshing = null;
        if (again && !disposed) {
          again = false;
          refreshStatus();
        }
      });
  };

  function onEvent<E extends ApiEvent>(event: E, payload: ApiEvents[E]): void {
    switch (event) {
      case 'reminders.changed':
        for (const reminder of (payload as ApiEvents['reminders.changed']).due) deps.notify(reminder);
        refreshStatus();
        break;
      case 'handoffs.changed':
      case 'log.changed':
      case 'profile.changed':
        refreshStatus();
        break;
      case 'settings.changed':
        deps.applyLaunchAtLogin((payload as ApiEvents['settings.changed']).launchAtLogin);
        break;
    }
  }

  deps.dispatcher.connect(client);
  void (async () => {
    const settings = await call('settings.get');
    if (settings && !disposed) deps.applyLaunchAtLogin(settings.launchAtLogin);
    // The first run of the schedule: due reminders come back as a `reminders.changed` event.
    await call('reminders.list');
    refreshStatus();
  })().catch((error: unknown) => log.warn('could not start reminders', { error: String(error) }));

  return {
    check: () => void call('reminders.list').catch((error: unknown) => log.warn('reminder check failed', { error: String(error) })),
    dispose() {
      disposed = true;
      deps.dispatcher.disconnect(client.id);
    },
  };
}

/** A native notification for a reminder; `onClick` opens what it asks for. */
export function showReminderNotification(reminder: ReminderInfo, onClick: (reminder: ReminderInfo) => void, keep: Set<unknown>): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: reminder.title, body: reminder.body });
  // Keep a reference until it is gone, or its click handler may be collected with it.
  keep.add(notification);
  notification.on('click', () => onClick(reminder));
  notification.on('close', () => keep.delete(notification));
  notification.show();
}

/** What to give `app.setLoginItemSettings`: start at login (in the tray, see `startedAtLogin`). */
export function loginItemSettings(enabled: boolean): Settings {
  return { openAtLogin: enabled, args: [HIDDEN_ARG] };
}

/**
 * Whether this start came from the login item: Windows and Linux (the XDG autostart entry of
 * linux-autostart.ts) pass our argument, macOS says so.
 */
export function startedAtLogin(argv: readonly string[], getLoginItemSettings?: (options?: LoginItemSettingsOptions) => { wasOpenedAtLogin?: boolean }): boolean {
  return argv.includes(HIDDEN_ARG) || getLoginItemSettings?.().wasOpenedAtLogin === true;
}
