/**
 * The team's communication protocol applied to one entry: an entry with an urgency level and
 * recipients expects each recipient to reply within the level's response time, counted in
 * *their* working minutes from when the entry reached them (`addWorkingMinutes`). A message
 * sent on Friday evening to someone in Tokyo is due on their Monday, not in two hours.
 */
import { addWorkingMinutes } from '../time/work-hours';
import type { WorkSchedule } from '../time/work-hours';
import { arrivalTime } from './log-unread';
import type { LogEntry } from './log-types';
import type { UrgencyLevel } from './types';

export interface ExpectedReply {
  memberId: string;
  /** The recipient's zone, to show the time as they will see it. */
  timeZone: string;
  /** UTC ms; null when the recipient has no working hours (never due) or is unknown. */
  dueAt: number | null;
  /** The recipient acknowledged or replied. */
  answered: boolean;
  /** Past due and not answered at `now`. */
  overdue: boolean;
}

export interface EntryExpectations {
  level: UrgencyLevel;
  replies: ExpectedReply[];
}

/**
 * Per recipient, when a reply is expected; null when the entry has no (known) urgency, no
 * recipients, or is deleted.
 */
export function expectedReplies(
  entry: LogEntry,
  members: readonly (WorkSchedule & { id: string })[],
  levels: readonly UrgencyLevel[],
  now: number,
): EntryExpectations | null {
  if (entry.deletedAt !== null || entry.urgency === null || entry.recipients.length === 0) return null;
  const level = levels.find((l) => l.id === entry.urgency);
  if (!level) return null;
  const from = arrivalTime(entry);
  const replies = entry.recipients.map((memberId): ExpectedReply => {
    const member = members.find((m) => m.id === memberId);
    const answered =
      entry.acks.some((a) => a.memberId === memberId) || entry.replies.some((r) => r.authorId === memberId && r.deletedAt === null);
    const dueAt = member ? addWorkingMinutes(member, from, level.responseWorkingMinutes) : null;
    return { memberId, timeZone: member?.timeZone ?? 'UTC', dueAt, answered, overdue: !answered && dueAt !== null && dueAt < now };
  });
  return { level, replies };
}

/** "2 h", "1 day", "3 days" — a level's response time in words (working time, 8 h days). */
export function responseTimeLabel(minutes: number): string {
  if (minutes <= 0) return 'right away';
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 8 * 60 || minutes % (8 * 60) !== 0) {
    const hours = Math.round((minutes / 60) * 10) / 10;
    return `${hours} working ${hours === 1 ? 'hour' : 'hours'}`;
  }
  const days = minutes / (8 * 60);
  return `${days} working ${days === 1 ? 'day' : 'days'}`;
}
