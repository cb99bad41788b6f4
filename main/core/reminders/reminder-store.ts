/**
 * What the reminder service remembers between runs, in local SQLite (migration
 * "reminders: …"): snoozes (one per kind, the latest wins), skips (kind + workday date),
 * which occurrences were notified at which due time, dismissed occurrences, and when the
 * engine last ran (`lastCheckedMs`, the catch-up boundary, in the `settings` table).
 * Nothing here is synced: snoozing on this device does not snooze another one.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { LocalSettings } from '../storage/local-settings';
import type { ReminderKind, ReminderSkip, ReminderSnooze } from './schedule';

const LAST_CHECKED_KEY = 'reminders.lastCheckedMs';
/** Records older than this change nothing any more (README: "Not here"). */
const KEEP_MS = 14 * 86_400_000;

export class ReminderStore {
  private readonly stmts;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly settings: LocalSettings,
  ) {
    this.stmts = {
      snoozes: db.prepare<[], { kind: string; until_ms: number }>('SELECT kind, until_ms FROM reminder_snoozes'),
      setSnooze: db.prepare<[string, number]>(
        'INSERT INTO reminder_snoozes (kind, until_ms) VALUES (?, ?) ON CONFLICT (kind) DO UPDATE SET until_ms = excluded.until_ms',
      ),
      skips: db.prepare<[], { kind: string; local_date: string }>('SELECT kind, local_date FROM reminder_skips'),
      addSkip: db.prepare<[string, string, number]>('INSERT OR IGNORE INTO reminder_skips (kind, local_date, created_at) VALUES (?, ?, ?)'),
      wasNotified: db.prepare<[string, number], { one: number }>('SELECT 1 AS one FROM reminder_notified WHERE id = ? AND due_at = ?'),
      markNotified: db.prepare<[string, number, number]>('INSERT OR IGNORE INTO reminder_notified (id, due_at, notified_at) VALUES (?, ?, ?)'),
      dismissed: db.prepare<[], { id: string }>('SELECT id FROM reminder_dismissed'),
      dismiss: db.prepare<[string, number]>('INSERT OR IGNORE INTO reminder_dismissed (id, dismissed_at) VALUES (?, ?)'),
      pruneSnoozes: db.prepare<[number]>('DELETE FROM reminder_snoozes WHERE until_ms < ?'),
      pruneSkips: db.prepare<[number]>('DELETE FROM reminder_skips WHERE created_at < ?'),
      pruneNotified: db.prepare<[number]>('DELETE FROM reminder_notified WHERE notified_at < ?'),
      pruneDismissed: db.prepare<[number]>('DELETE FROM reminder_dismissed WHERE dismissed_at < ?'),
    };
  }

  snoozes(): ReminderSnooze[] {
    return this.stmts.snoozes.all().map((r) => ({ kind: r.kind as ReminderKind, untilMs: r.until_ms }));
  }

  setSnooze(snooze: ReminderSnooze): void {
    this.stmts.setSnooze.run(snooze.kind, snooze.untilMs);
  }

  skips(): ReminderSkip[] {
    return this.stmts.skips.all().map((r) => ({ kind: r.kind as ReminderKind, localDate: r.local_date }));
  }

  addSkip(skip: ReminderSkip, now: number): void {
    this.stmts.addSkip.run(skip.kind, skip.localDate, now);
  }

  dismissedIds(): Set<string> {
    return new Set(this.stmts.dismissed.all().map((r) => r.id));
  }

  dismiss(id: string, now: number): void {
    this.stmts.dismiss.run(id, now);
  }

  lastCheckedMs(): number | null {
    const raw = this.settings.get(LAST_CHECKED_KEY);
    const value = raw === null ? NaN : Number(raw);
    return Number.isFinite(value) ? value : null;
  }

  /**
   * Records one run: of `due`, keeps those not notified before at that due time, marks them
   * notified and moves `lastCheckedMs` to `now` — all in one transaction, so a crash can
   * neither lose a notification nor send one twice. Returns the ones to notify.
   */
  commitRun<R extends { id: string; dueAt: number }>(due: readonly R[], now: number): R[] {
    return this.db.transaction(() => {
      const fresh = due.filter((r) => !this.stmts.wasNotified.get(r.id, r.dueAt));
      for (const r of fresh) this.stmts.markNotified.run(r.id, r.dueAt, now);
      this.settings.set(LAST_CHECKED_KEY, String(now));
      return fresh;
    })();
  }

  /** Drops records that can no longer change anything. */
  prune(now: number): void {
    const before = now - KEEP_MS;
    this.stmts.pruneSnoozes.run(before);
    this.stmts.pruneSkips.run(before);
    this.stmts.pruneNotified.run(before);
    this.stmts.pruneDismissed.run(before);
  }
}
