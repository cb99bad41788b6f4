import { useEffect, useId, useRef, useState } from 'react';
import type { ReminderInfo, ReminderList, SnoozeMinutes } from '../../../../shared/api/handoff-api';
import { SNOOZE_MINUTES } from '../../../../shared/api/handoff-api';
import type { Shell } from '../../../../shared/api/contract';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { useReportError } from '../../use-report-error';
import { HandoffComposerDialog } from './HandoffComposerDialog';
import './handoff.css';

const CLOCK_CHECK_MS = 60_000;

const REMINDER_ICONS: Record<ReminderInfo['kind'], string> = {
  handoff: '☀',
  'handoffs-for-you': '✉',
  'weekly-summary': '✎',
  'review-pages': '↻',
  retro: '◎',
};

/** What a reminder's main button does. */
function usePrimaryAction(): (reminder: ReminderInfo) => { label: string; run(): void } | null {
  const openComposer = useAppStore((s) => s.openComposer);
  const navigate = useAppStore((s) => s.navigate);
  return (reminder) => {
    switch (reminder.kind) {
      case 'handoff':
        return { label: 'Write handoff', run: openComposer };
      case 'handoffs-for-you':
        return { label: 'Read handoffs', run: () => navigate('team', 'handoffs') };
      case 'review-pages':
        return { label: 'Review pages', run: () => navigate('knowledge') };
      case 'weekly-summary':
        return { label: 'Write summary', run: () => navigate('updates') };
      case 'retro':
        return null;
    }
  };
}

function browserNotifications(): typeof Notification | null {
  return typeof window !== 'undefined' && 'Notification' in window ? window.Notification : null;
}

/**
 * The in-app face of the Core's reminder schedule, above every view: what is due now, with its
 * action, snooze (10/30/60 min), skip today and dismiss. It follows `reminders.changed`, keeps
 * the page's idea of "now" in step with the Core's clock, and hosts the handoff composer
 * dialog. In the web shell a newly due reminder also becomes a browser notification when the
 * user has allowed them (asked only on a click); the desktop app notifies natively instead.
 */
export function ReminderBanner() {
  const reminders = useAppStore((s) => s.reminders);
  const setReminders = useAppStore((s) => s.setReminders);
  const loadReminders = useAppStore((s) => s.loadReminders);
  const syncClock = useAppStore((s) => s.syncClock);
  const link = useAppStore((s) => s.connection);
  const reportError = useReportError();
  const primaryOf = usePrimaryAction();
  const shell = useRef<Shell | null>(null);
  const primaryRef = useRef(primaryOf);
  primaryRef.current = primaryOf;

  useEffect(() => {
    let live = true;
    api.call('app.info').then(
      (info) => {
        if (live) shell.current = info.shell;
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(
    () =>
      api.on('reminders.changed', (list: ReminderList) => {
        setReminders(list);
        const Notify = browserNotifications();
        if (shell.current !== 'web' || !Notify || Notify.permission !== 'granted') return;
        for (const reminder of list.due) {
          const notification = new Notify(reminder.title, { body: reminder.body, tag: reminder.id });
          notification.onclick = () => {
            window.focus();
            primaryRef.current(reminder)?.run();
            notification.close();
          };
        }
      }),
    [setReminders],
  );

  useEffect(() => {
    if (link === 'open') loadReminders().catch((error) => reportError(error, 'Could not load your reminders'));
  }, [link, loadReminders, reportError]);

  // The Core's clock is the one that counts (it may be a test clock, or this machine's may drift).
  useEffect(() => {
    const timer = setInterval(() => {
      api.call('app.now').then(syncClock, () => undefined);
    }, CLOCK_CHECK_MS);
    return () => clearInterval(timer);
  }, [syncClock]);

  const active = reminders?.active ?? [];
  return (
    <>
      <div aria-live="polite">
        {active.length > 0 && (
          <section className="reminder-banner" aria-label="Reminders">
            {active.map((reminder) => (
              <ReminderRow key={reminder.id} reminder={reminder} primary={primaryOf(reminder)} />
            ))}
            <NotificationPermission />
          </section>
        )}
      </div>
      <HandoffComposerDialog />
    </>
  );
}

function ReminderRow({ reminder, primary }: { reminder: ReminderInfo; primary: { label: string; run(): void } | null }) {
  const setReminders = useAppStore((s) => s.setReminders);
  const reportError = useReportError();
  const [snoozing, setSnoozing] = useState(false);
  const id = useId();

  const act = (call: () => Promise<ReminderList>, what: string) =>
    call().then(setReminders, (error) => reportError(error, `Could not ${what}`));
  const snooze = (minutes: SnoozeMinutes) => {
    setSnoozing(false);
    void act(() => api.call('reminders.snooze', { kind: reminder.kind, minutes }), 'snooze the reminder');
  };

  return (
    <div className={`reminder reminder-${reminder.kind}`} role="group" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`}>
      <span className="reminder-icon" aria-hidden="true">
        {REMINDER_ICONS[reminder.kind]}
      </span>
      <div className="reminder-text">
        <strong id={`${id}-title`}>{reminder.title}</strong> <span id={`${id}-body`}>{reminder.body}</span>
      </div>
      <div className="reminder-actions">
        {primary && (
          <button type="button" className="button primary" onClick={primary.run}>
            {primary.label}
          </button>
        )}
        {snoozing ? (
          <span className="snooze-choices" role="group" aria-label="Snooze for">
            {SNOOZE_MINUTES.map((minutes) => (
              <button key={minutes} type="button" className="button" onClick={() => snooze(minutes)}>
                {minutes === 60 ? '1 hour' : `${minutes} min`}
              </button>
            ))}
          </span>
        ) : (
          <button type="button" className="button" aria-expanded={false} onClick={() => setSnoozing(true)}>
            Snooze
          </button>
        )}
        <button type="button" className="button" onClick={() => void act(() => api.call('reminders.skipToday', { kind: reminder.kind }), 'skip the reminder')}>
          Skip today
        </button>
        <button
          type="button"
          className="button reminder-dismiss"
          aria-label={`Dismiss “${reminder.title}”`}
          title="Dismiss"
          onClick={() => void act(() => api.call('reminders.dismiss', { id: reminder.id }), 'dismiss the reminder')}
        >
          ×
        </button>
      </div>
    </div>
  );
}

/**
 * "Also notify me": asks the browser for notification permission, on a click only. Shown in the
 * web shell while the browser has not been asked yet.
 */
export function NotificationPermission({ always = false }: { always?: boolean }) {
  const [shell, setShell] = useState<Shell | null>(null);
  const [permission, setPermission] = useState(() => browserNotifications()?.permission ?? 'unsupported');
  useEffect(() => {
    let live = true;
    api.call('app.info').then(
      (info) => live && setShell(info.shell),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  const Notify = browserNotifications();
  if (shell !== 'web' || !Notify) return null;
  if (permission === 'default') {
    return (
      <button type="button" className="button link notify-permission" onClick={() => void Notify.requestPermission().then(setPermission)}>
        Also show reminders as desktop notifications
      </button>
    );
  }
  if (!always) return null;
  return <p className="muted">{permission === 'granted' ? 'Reminders also appear as desktop notifications.' : 'This browser blocks notifications from Baton; reminders appear in the page.'}</p>;
}
