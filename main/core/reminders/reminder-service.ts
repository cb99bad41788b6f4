/**
 * The reminder service: runs the pure schedule (schedule.ts) with the Core's clock, keeps its
 * state in local SQLite (reminder-store.ts) and tells listeners what to show and to notify.
 *
 * When it runs:
 *  - from the first `check()` on (the first client asking for the list: the Electron shell at
 *    start, or a browser tab), then on one timer armed for the earlier of the next reminder's due time and
 *    the next minute boundary. A machine that slept (timers stall, the clock jumps) is caught up
 *    by the next run: the engine fires each missed kind once — the latest occurrence still
 *    relevant — never a burst, and never one that already expired;
 *  - on `refresh()` when its inputs change (a handoff written or received, a page reviewed),
 *    coalesced into one run;
 *  - on `check()` (the Electron shell calls it on wake from sleep; tests call it directly).
 *
 * Each run commits "these were notified" and `lastCheckedMs = now` in one transaction, so a
 * reminder is notified once even across restarts, and again only after a snooze ends (a new
 * due time). Listeners get the list after every run that made something due or changed what
 * is shown. Quiet hours are the engine's business: every occurrence lies inside one of my
 * shifts (plus the grace after its end), so nothing is due outside my working hours.
 */
import type { ReminderInfo, ReminderKind, ReminderList, SnoozeMinutes } from '../../../shared/api/handoff-api';
import { ApiError } from '../../../shared/api/contract';
import type { Clock } from '../../../shared/time';
import { createLogger } from '../../../shared/log/logger';
import type { Disposable } from '../lifecycle';
import type { ReminderStore } from './reminder-store';
import type { Reminder, ReminderInput } from './schedule';
import { DEFAULT_GRACE_MINUTES, nextReminders, skipToday, snooze } from './schedule';

const log = createLogger('reminders');

const MINUTE_MS = 60_000;
const REFRESH_DELAY_MS = 50;
const PRUNE_EVERY_MS = 3_600_000;

/** The timer functions the service uses (tests drive them by hand). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    // A pending reminder must not keep a process alive that is otherwise done (tests, CLI).
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What the engine needs from the docs; the service adds the stored state. */
export type ReminderContext = Omit<ReminderInput, 'snoozes' | 'skips' | 'lastCheckedMs'>;

export interface ReminderServiceDeps {
  clock: Clock;
  store: ReminderStore;
  /** Read fresh on every run; null while there is no profile. */
  context(now: number): ReminderContext | null;
  timers?: Timers;
}

// The engine's reminders are the API's (shared cannot import the engine, so this checks it).
const toInfo = (r: Reminder): ReminderInfo => r;

export class ReminderService implements Disposable {
  private readonly timers: Timers;
  private readonly listeners = new Set<(list: ReminderList) => void>();
  private timer: unknown = null;
  private refreshTimer: unknown = null;
  private shown = '';
  private lastPruneAt = -Infinity;
  private started = false;
  private disposed = false;

  constructor(private readonly deps: ReminderServiceDeps) {
    this.timers = deps.timers ?? systemTimers;
  }


  /** Called after every run that made something due or changed what is shown. */
  onChange(listener: (list: ReminderList) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Runs the schedule now: notifies what became due, re-arms the timer, returns the list. */
  check(): ReminderList {
    const now = this.deps.clock.now();
    if (this.disposed) return { now, due: [], active: [], next: null };
    this.started = true;
    const list = this.run(now);
    this.arm(now, list.next);
    const shown = JSON.stringify([list.active.map((r) => [r.id, r.dueAt, r.body]), list.next && [list.next.id, list.next.dueAt]]);
    if (list.due.length > 0 || shown !== this.shown) {
      this.shown = shown;
      for (const listener of [...this.listeners]) {
        try {
          listener(list);
        } catch (error) {
          log.error('a reminder listener failed', { error: String(error) });
        }
      }
    }
    return list;
  }

  /**
   * The inputs changed (docs, settings): run again soon, once for a burst of changes. Before
   * the first `check()` nobody listens yet, so nothing runs (what became due would be marked
   * notified with nobody to tell).
   */
  refresh(): void {
    if (this.disposed || !this.started || this.refreshTimer !== null) return;
    this.refreshTimer = this.timers.setTimeout(() => {
      this.refreshTimer = null;
      this.tick();
    }, REFRESH_DELAY_MS);
  }

  /** Hides every reminder of `kind` due before now + `minutes`. */
  snooze(kind: ReminderKind, minutes: SnoozeMinutes): ReminderList {
    this.deps.store.setSnooze(snooze(kind, this.deps.clock.now(), minutes));
    return this.check();
  }

  /** Drops `kind` for the workday in play (see schedule.ts `skipToday`). */
  skipToday(kind: ReminderKind): ReminderList {
    const now = this.deps.clock.now();
    const context = this.deps.context(now);
    if (!context) throw new ApiError('not_ready', 'Set up your profile first');
    this.deps.store.addSkip(skipToday(kind, context.me, now, context.settings.graceMinutes ?? DEFAULT_GRACE_MINUTES), now);
    return this.check();
  }

  /** Hides one occurrence for good (its id is `${kind}:${localDate}`). */
  dismiss(id: string): ReminderList {
    this.deps.store.dismiss(id, this.deps.clock.now());
    return this.check();
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    if (this.refreshTimer !== null) this.timers.clearTimeout(this.refreshTimer);
    this.timer = this.refreshTimer = null;
  }

  private run(now: number): ReminderList {
    const { store } = this.deps;
    const context = this.deps.context(now);
    if (!context) return { now, due: [], active: [], next: null };
    if (now - this.lastPruneAt >= PRUNE_EVERY_MS) {
      store.prune(now);
      this.lastPruneAt = now;
    }
    const plan = nextReminders({ ...context, snoozes: store.snoozes(), skips: store.skips(), lastCheckedMs: store.lastCheckedMs() }, now);
    const dismissed = store.dismissedIds();
    const shown = (r: Reminder) => !dismissed.has(r.id);
    const due = store.commitRun(plan.due.filter(shown), now);
    return {
      now,
      due: due.map(toInfo),
      active: plan.active.filter(shown).map(toInfo),
      next: plan.next && shown(plan.next) ? toInfo(plan.next) : null,
    };
  }

  private tick(): void {
    try {
      this.check();
    } catch (error) {
      log.error('reminder check failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      this.arm(this.deps.clock.now(), null);
    }
  }

  /** One timer: the next reminder's due time or the next minute boundary, whichever is first. */
  private arm(now: number, next: ReminderInfo | null): void {
    if (this.disposed) return;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    const toMinute = MINUTE_MS - (((now % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
    const toNext = next ? Math.max(0, next.dueAt - now) : Infinity;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.tick();
    }, Math.min(toMinute, toNext));
  }
}
