/**
 * Escalation of handoffs nobody picked up, as pure functions of the entry, the team and now.
 *
 * A handoff is addressed to one or more recipients. Each recipient owes an acknowledgement
 * within N of THEIR working hours after the start of their day: the first workday (shift) of
 * theirs that starts at or after the note reached them — its arrival (`deliverAt` if later than
 * its creation), or when they were added by a forward. A handoff is for the recipient's next
 * day, as "next in the sun" picks it, so a note that arrives while they are still finishing
 * today counts from tomorrow's start; breaks, days off and time off do not count (business-time
 * arithmetic, shared/time/work-hours.ts). The handoff is escalated once every recipient's deadline has passed
 * and none of them has acknowledged (one acknowledgement means it was picked up). A forward
 * adds a recipient with a fresh deadline, which ends the escalation until that one passes too.
 *
 * Who should take it over: the next person in the sun after the (last-added) recipient,
 * among teammates who are neither the author nor already recipients.
 */
import type { HandoffForward } from '../../../shared/model/handoff';
import { arrivalTime } from '../../../shared/model/log-unread';
import type { HandoffEntry } from '../../../shared/model/log-types';
import { scheduleOf } from '../../../shared/model/member-schedule';
import type { Member } from '../../../shared/model/types';
import { addWorkingMinutes, nextInTheSun, nextShiftStart } from '../../../shared/time';

export interface Escalation {
  deadline: number;
  /** Recipients who have not acknowledged: all of them while escalated. */
  pending: string[];
  forwardTo: string | null;
}

/**
 * When the last recipient's acknowledgement is due, or null when none can be computed (no
 * recipients, or none of them ever works).
 */
export function acknowledgementDeadline(
  entry: HandoffEntry,
  forwards: readonly HandoffForward[],
  members: readonly Member[],
  workingHours: number,
): number | null {
  const arrived = arrivalTime(entry);
  let deadline: number | null = null;
  for (const id of entry.recipients) {
    const member = members.find((m) => m.id === id);
    if (!member) continue;
    const schedule = scheduleOf(member);
    const start = nextShiftStart(schedule, Math.max(arrived, ...forwards.filter((f) => f.to === id).map((f) => f.at)));
    const due = start === null ? null : addWorkingMinutes(schedule, start, workingHours * 60);
    if (due !== null && (deadline === null || due > deadline)) deadline = due;
  }
  return deadline;
}

/** The escalation of `entry` at `now`, or null when it is not (or not yet) escalated. */
export function escalationOf(
  entry: HandoffEntry,
  forwards: readonly HandoffForward[],
  members: readonly Member[],
  workingHours: number,
  now: number,
): Escalation | null {
  if (entry.deletedAt !== null || entry.recipients.length === 0) return null;
  if (entry.acks.some((a) => entry.recipients.includes(a.memberId))) return null;
  if (arrivalTime(entry) > now) return null;
  const deadline = acknowledgementDeadline(entry, forwards, members, workingHours);
  if (deadline === null || now < deadline) return null;
  return { deadline, pending: [...entry.recipients], forwardTo: forwardTarget(entry, members, now) };
}

/** Who could take over: next in the sun after the last-added recipient, or null. */
export function forwardTarget(entry: HandoffEntry, members: readonly Member[], now: number): string | null {
  const last = members.find((m) => m.id === entry.recipients[entry.recipients.length - 1]);
  if (!last) return null;
  const candidates = members.filter((m) => m.id !== entry.authorId && !entry.recipients.includes(m.id)).map(scheduleOf);
  return nextInTheSun(scheduleOf(last), candidates, now)[0]?.id ?? null;
}
