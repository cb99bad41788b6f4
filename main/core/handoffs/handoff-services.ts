/**
 * Builds the Core's time and handoff services and wires them together: the handoff service
 * watches the docs; its changes make the reminder service run again and go out as
 * `handoffs.changed`; every reminder run goes out as `reminders.changed` (when something is
 * due or changed) and lets the handoff service notice scheduled handoffs arriving; local app
 * settings changes go out as `settings.changed`. Reminders start with the first
 * `reminders.list` call (see ReminderService). Disposed in reverse order by the Core.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type * as Y from 'yjs';
import type { ApiEvent, ApiEvents } from '../../../shared/api/contract';
import type { Clock } from '../../../shared/time';
import type { Identity, UpdateOrigin } from '../core';
import type { DocStore } from '../docs/doc-store';
import type { Disposable } from '../lifecycle';
import { DisposableStore } from '../lifecycle';
import type { PagesProjection } from '../projections/pages-projection';
import type { LocalSettings } from '../storage/local-settings';
import { AppSettings } from '../reminders/app-settings';
import type { Timers } from '../reminders/reminder-service';
import { ReminderService } from '../reminders/reminder-service';
import { ReminderStore } from '../reminders/reminder-store';
import { HandoffService } from './handoff-service';

export interface HandoffServicesDeps {
  db: BetterSqlite3.Database;
  clock: Clock;
  docs: DocStore;
  settings: LocalSettings;
  pages: PagesProjection;
  identity(): Identity | null;
  doc(docId: string): Y.Doc;
  broadcast<E extends ApiEvent>(event: E, payload: ApiEvents[E]): void;
  localOrigin: UpdateOrigin;
  timers?: Timers;
}

export interface HandoffServices extends Disposable {
  readonly reminders: ReminderService;
  readonly handoffs: HandoffService;
  readonly appSettings: AppSettings;
}

export function createHandoffServices(deps: HandoffServicesDeps): HandoffServices {
  const store = new DisposableStore();
  const handoffs = store.add(
    new HandoffService({
      clock: deps.clock,
      docs: deps.docs,
      identity: deps.identity,
      doc: deps.doc,
      pages: deps.pages,
      timers: deps.timers,
      origin: deps.localOrigin,
      isRemote: (origin) => (origin as UpdateOrigin | undefined)?.kind === 'remote',
    }),
  );
  const reminders = store.add(
    new ReminderService({
      clock: deps.clock,
      store: new ReminderStore(deps.db, deps.settings),
      timers: deps.timers,
      context: (now) => {
        handoffs.noteTime(now);
        return handoffs.reminderContext(now);
      },
    }),
  );
  const appSettings = new AppSettings(deps.settings);
  store.add(reminders.onChange((list) => deps.broadcast('reminders.changed', list)));
  store.add(
    handoffs.onChange((change) => {
      reminders.refresh();
      if (change.logChanged) deps.broadcast('handoffs.changed', { reason: change.reason });
    }),
  );
  store.add(appSettings.onChange((settings) => deps.broadcast('settings.changed', settings)));
  return { reminders, handoffs, appSettings, dispose: () => store.dispose() };
}
