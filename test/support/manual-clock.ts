/**
 * A clock the test moves by hand, and timers that fire against it: what the Core's reminder
 * service needs to be tested at exact instants (due times, minute ticks, a sleep that stalls
 * timers while the clock jumps) without waiting for real time.
 */
import type { Clock } from '../../shared/time';
import type { Timers } from '../../main/core/reminders/reminder-service';

export class TestClock implements Clock {
  constructor(private ms: number) {}

  now(): number {
    return this.ms;
  }

  set(ms: number): void {
    this.ms = ms;
  }
}

interface Pending {
  id: number;
  at: number;
  fn: () => void;
}

export class ManualTimers implements Timers {
  private pending: Pending[] = [];
  private nextId = 1;
  /** The clock reading at each firing, in order. */
  readonly fired: number[] = [];

  constructor(private readonly clock: TestClock) {}

  setTimeout(fn: () => void, ms: number): number {
    const id = this.nextId++;
    this.pending.push({ id, at: this.clock.now() + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.id !== handle);
  }

  /** When the earliest pending timer fires, or null. */
  nextAt(): number | null {
    return this.pending.reduce<number | null>((min, p) => (min === null || p.at < min ? p.at : min), null);
  }

  /** Moves the clock to `to`, firing every timer that comes due on the way, each at its own instant. */
  advanceTo(to: number): void {
    for (;;) {
      const next = this.nextAt();
      if (next === null || next > to) break;
      this.clock.set(Math.max(this.clock.now(), next));
      this.fireDue();
    }
    this.clock.set(to);
  }

  /** Fires whatever is due at the clock's current reading (after the clock jumped: a wake from sleep). */
  fireDue(): void {
    const now = this.clock.now();
    const due = this.pending.filter((p) => p.at <= now).sort((a, b) => a.at - b.at);
    this.pending = this.pending.filter((p) => p.at > now);
    for (const p of due) {
      this.fired.push(now);
      p.fn();
    }
  }
}
