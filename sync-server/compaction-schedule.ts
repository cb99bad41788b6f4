/**
 * When a doc's update log is merged into its snapshot (SqliteStorage and PgStorage).
 *
 * A doc is *due* once its log holds `afterUpdates` rows or `afterBytes` bytes. A due doc is
 * compacted once no update reached it for `quietMs`: a merge costs the size of the doc, and
 * running it in the middle of a burst of typing — on the maintenance thread or not — shows up
 * as a latency spike for everyone editing that doc, while the same merge a moment later costs
 * nobody anything. A doc that never goes quiet is compacted anyway at `HARD_FACTOR` × the
 * thresholds, so its log (what every handshake reads) stays bounded. After a failed
 * compaction, a doc is tried again only once its log doubled.
 */

/** A due doc that keeps receiving updates is compacted at this many times the thresholds. */
const HARD_FACTOR = 8;

export interface CompactionThresholds {
  afterUpdates: number;
  afterBytes: number;
  /** 0: compact as soon as a doc is due. */
  quietMs: number;
}

const DEFAULT_COMPACTION: CompactionThresholds = { afterUpdates: 200, afterBytes: 1 << 20, quietMs: 1_000 };

export class CompactionSchedule<Id> {
  private readonly thresholds: CompactionThresholds;
  /** Due docs waiting for quiet: the timer (restarted by every append) and how to start. */
  private readonly waiting = new Map<Id, { timer: NodeJS.Timeout; start: () => void }>();
  /** Docs whose last compaction failed, with their pending count then. */
  private readonly failedAt = new Map<Id, number>();

  constructor(thresholds: Partial<CompactionThresholds> = {}) {
    this.thresholds = { ...DEFAULT_COMPACTION, ...definedOnly(thresholds) };
  }

  get afterUpdates(): number {
    return this.thresholds.afterUpdates;
  }

  /**
   * After an append to a doc whose compaction is not running: starts it (`start`) if it is due
   * and has to run now, or (re)arms its quiet timer. True when it started now.
   */
  appended(id: Id, pendingCount: number, pendingBytes: number, start: () => void): boolean {
    const { afterUpdates, afterBytes, quietMs } = this.thresholds;
    if (pendingCount < afterUpdates && pendingBytes < afterBytes) return false;
    const failedAt = this.failedAt.get(id);
    if (failedAt !== undefined && pendingCount < failedAt * 2) return false;
    if (quietMs <= 0 || pendingCount >= afterUpdates * HARD_FACTOR || pendingBytes >= afterBytes * HARD_FACTOR) {
      this.cancel(id);
      start();
      return true;
    }
    const entry = this.waiting.get(id);
    if (entry) {
      entry.start = start;
      entry.timer.refresh();
      return false;
    }
    const timer = setTimeout(() => {
      const waited = this.waiting.get(id);
      this.waiting.delete(id);
      waited?.start();
    }, quietMs);
    timer.unref();
    this.waiting.set(id, { timer, start });
    return false;
  }

  /** The doc is being compacted by other means (or not at all any more): forget its timer. */
  cancel(id: Id): void {
    const entry = this.waiting.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.waiting.delete(id);
  }

  /** Starts every compaction still waiting for quiet, now (graceful shutdown). */
  startWaiting(): void {
    const entries = [...this.waiting.values()];
    this.waiting.clear();
    for (const entry of entries) {
      clearTimeout(entry.timer);
      entry.start();
    }
  }

  failed(id: Id, pendingCount: number): void {
    this.failedAt.set(id, Math.max(1, pendingCount));
  }

  succeeded(id: Id): void {
    this.failedAt.delete(id);
  }

  hasFailed(id: Id): boolean {
    return this.failedAt.has(id);
  }
}

function definedOnly<T extends object>(value: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
