/**
 * The reminder engine's inputs, read from the team's docs: my schedule and my teammates'
 * (space doc), what I already wrote (log docs: handoffs and weekly summaries, keyed by the
 * workday they count for), handoffs waiting for me, pages I own that are due for review (pages
 * projection), and the team's cadences (space settings). Pure, so it is tested without a Core.
 */
import type { LogEntry } from '../../../shared/model/log-types';
import { scheduleOf } from '../../../shared/model/member-schedule';
import type { Member } from '../../../shared/model/types';
import { pendingHandoffsFor } from '../handoffs/handoff-queries';
import type { ReminderContext } from './reminder-service';
import { DEFAULT_GRACE_MINUTES, handoffDayOf, summaryWeekOf } from './schedule';

export interface ReminderContextSource {
  me: Member;
  members: readonly Member[];
  team: {
    retroEveryWeeks: number;
    handoffReminderMinutesBeforeEnd: number;
    teamZone: string;
    lastRetroAt?: number | null;
  };
  /** Log entries of at least the last few days (the catch-up window), any order. */
  entries: readonly LogEntry[];
  pagesDueForReview: number;
  now: number;
}

export function reminderContextOf(source: ReminderContextSource): ReminderContext {
  const me = scheduleOf(source.me);
  const mine = source.entries.filter((e) => e.authorId === me.id && e.deletedAt === null);
  const settings = {
    handoffMinutesBeforeEnd: source.team.handoffReminderMinutesBeforeEnd,
    retroEveryWeeks: source.team.retroEveryWeeks,
    teamZone: source.team.teamZone,
    graceMinutes: DEFAULT_GRACE_MINUTES,
  };
  return {
    me,
    teammates: source.members.filter((m) => m.id !== me.id).map((m) => ({ ...scheduleOf(m), name: m.name })),
    settings,
    written: {
      handoffDays: mine.filter((e) => e.kind === 'handoff').map((e) => handoffDayOf(me, e.createdAt, settings.graceMinutes)),
      weeklySummaryWeeks: mine.filter((e) => e.kind === 'summary').map((e) => summaryWeekOf(me, e.createdAt, 1, settings.graceMinutes)),
      lastRetroAt: source.team.lastRetroAt ?? null,
    },
    handoffsForMe: pendingHandoffsFor(source.entries, me.id, source.now).length,
    pagesDueForReview: source.pagesDueForReview,
  };
}
