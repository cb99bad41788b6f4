/**
 * A member's schedule in the `space` doc: the zone, workdays and hours that `upsertMember`
 * writes, plus daily breaks and time-off dates, which only `setMemberSchedule` writes.
 *
 * Breaks and time off are two plain-value fields of the member's Y.Map, so a change of breaks
 * on one device and of time off on another both survive; the same field is last-writer-wins.
 * `readMembers` returns whatever fields the map holds, so readers get them for free;
 * `scheduleOf` turns a member into the `WorkSchedule` the time functions take, dropping values
 * a newer or broken client may have written rather than failing on them.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import type { MemberSchedule, WorkBreak } from '../time/work-hours';
import { isIsoDate } from '../time/local-date';
import type { Member } from './types';

export const MAX_BREAKS = 6;
export const MAX_TIME_OFF_DAYS = 366;

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

const clock = z.string().regex(CLOCK, 'must be a time as HH:mm');
export const workBreakSchema = z
  .strictObject({ start: clock, end: clock })
  .refine((b) => b.start !== b.end, { message: 'a break must not start and end at the same time', path: ['end'] });
export const breaksSchema = z.array(workBreakSchema).max(MAX_BREAKS, `at most ${MAX_BREAKS} breaks`);
export const timeOffSchema = z
  .array(z.string().refine(isIsoDate, 'must be a date as YYYY-MM-DD'))
  .max(MAX_TIME_OFF_DAYS, `at most ${MAX_TIME_OFF_DAYS} days off`);

export interface SetMemberScheduleInput {
  memberId: string;
  /** Replaces the member's breaks when given. */
  breaks?: WorkBreak[];
  /** Replaces the member's time-off dates when given. */
  timeOff?: string[];
}

const inputSchema = z.strictObject({ memberId: z.string().min(1), breaks: breaksSchema.optional(), timeOff: timeOffSchema.optional() });

/** Breaks sorted by start; time off sorted and without repeats — one canonical form per value. */
function canonical(input: { breaks?: WorkBreak[]; timeOff?: string[] }): { breaks?: WorkBreak[]; timeOff?: string[] } {
  return {
    ...(input.breaks && { breaks: [...input.breaks].map((b) => ({ start: b.start, end: b.end })).sort((a, b) => a.start.localeCompare(b.start)) }),
    ...(input.timeOff && { timeOff: [...new Set(input.timeOff)].sort() }),
  };
}

/** Sets a member's breaks and/or time off. Throws RangeError on malformed input or an unknown member. */
export function setMemberSchedule(doc: Y.Doc, input: SetMemberScheduleInput, origin: unknown): void {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw new RangeError(`Invalid schedule: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const member = doc.getMap<Y.Map<unknown>>('members').get(parsed.data.memberId);
  if (!member) throw new RangeError(`No member with id ${parsed.data.memberId}`);
  const fields = canonical(parsed.data);
  doc.transact(() => {
    for (const [key, value] of Object.entries(fields)) {
      if (JSON.stringify(member.get(key)) !== JSON.stringify(value)) member.set(key, value);
    }
  }, origin);
}

/** The member's breaks as stored, minus anything malformed. */
export function breaksOf(member: Pick<Member, 'breaks'>): WorkBreak[] {
  const raw: unknown = member.breaks;
  return Array.isArray(raw) ? raw.filter((b) => workBreakSchema.safeParse(b).success).map((b: WorkBreak) => ({ start: b.start, end: b.end })) : [];
}

/** The member's time-off dates as stored, minus anything malformed. */
export function timeOffOf(member: Pick<Member, 'timeOff'>): string[] {
  const raw: unknown = member.timeOff;
  return Array.isArray(raw) ? raw.filter(isIsoDate) : [];
}

/** What the time functions (shared/time) need to know about a member. */
export function scheduleOf(member: Member): MemberSchedule {
  return {
    id: member.id,
    timeZone: member.timeZone,
    workdays: Array.isArray(member.workdays) ? member.workdays : [],
    workStart: member.workStart,
    workEnd: member.workEnd,
    breaks: breaksOf(member),
    timeOff: timeOffOf(member),
  };
}
