/**
 * "Follow the sun": who picks the work up after me. The reference point is the end of my
 * workday — the shift I am in at `nowMs`, or, when I am not working, `nowMs` itself (my
 * workday is over; the baton goes to whoever starts next from now). A teammate's candidate
 * is the start of their first workday (shift) starting at or after that point, so days off,
 * time off and a shift already in progress are skipped, and breaks do not count as starts.
 */
import { currentOrNextShift, shiftsFrom } from './work-hours';
import type { MemberSchedule, WorkSchedule } from './work-hours';

export interface SunSuccessor {
  id: string;
  /** Start of that teammate's next workday, UTC ms. */
  startsAt: number;
}

/** The instant my workday hands over: end of my shift in progress, else `nowMs`. */
export function handoverPoint(me: WorkSchedule, nowMs: number): number {
  const shift = currentOrNextShift(me, nowMs);
  return shift && shift.start <= nowMs ? shift.end : nowMs;
}

/** Start of the member's first shift starting at or after `fromMs`, or null if none ever. */
export function nextShiftStart(schedule: WorkSchedule, fromMs: number): number | null {
  for (const shift of shiftsFrom(schedule, fromMs)) if (shift.start >= fromMs) return shift.start;
  return null;
}

/**
 * Every teammate (excluding me) ordered by the start of their next workday after my
 * workday ends; teammates who never work are left out. Ties keep the input order.
 */
export function sunOrder(me: MemberSchedule, teammates: readonly MemberSchedule[], nowMs: number): SunSuccessor[] {
  const from = handoverPoint(me, nowMs);
  const out: SunSuccessor[] = [];
  for (const mate of teammates) {
    if (mate.id === me.id) continue;
    const startsAt = nextShiftStart(mate, from);
    if (startsAt !== null) out.push({ id: mate.id, startsAt });
  }
  return out.sort((a, b) => a.startsAt - b.startsAt); // stable: ties keep input order
}

/**
 * The teammate(s) whose workday starts next after my workday ends: all who start at that
 * same earliest instant. [] when nobody (other than me) ever works.
 */
export function nextInTheSun(me: MemberSchedule, teammates: readonly MemberSchedule[], nowMs: number): SunSuccessor[] {
  const order = sunOrder(me, teammates, nowMs);
  return order.filter((s) => s.startsAt === order[0].startsAt);
}
