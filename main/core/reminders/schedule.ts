/**
 * The reminder schedule: a pure function of (my profile, my teammates, what I already
 * wrote, snoozed or skipped, the last time the engine ran, now). No clock, no timers, no
 * storage — the caller (the Core's reminder service, the shells) owns those. Rules and
 * state transitions are described in README.md beside this file.
 */
import type { IsoDate, MemberSchedule, WorkSchedule, WorkShift } from '../../../shared/time';
import {
  clockLabel,
  isKnownZone,
  dateInZone,
  nextInTheSun,
  shiftsFrom,
  startOfLocalDay,
  weekId,
  weekIndex,
  weekStartDate,
  workDateOf,
} from '../../../shared/time';

export type ReminderKind = 'handoff' | 'handoffs-for-you' | 'weekly-summary' | 'review-pages' | 'retro';

/** Every kind, in the order reminders due at the same instant are listed. */
export const REMINDER_KINDS: readonly ReminderKind[] = ['handoffs-for-you', 'review-pages', 'retro', 'handoff', 'weekly-summary'];

export interface Reminder {
  /** Stable per occurrence: `${kind}:${localDate}`. */
  id: string;
  kind: ReminderKind;
  /** When it is (or was) due — after a snooze, the end of the snooze. UTC ms. */
  dueAt: number;
  /** From this instant on it is no longer shown. */
  expiresAt: number;
  /** The local date (my zone) of the workday it belongs to. */
  localDate: IsoDate;
  title: string;
  body: string;
}

export interface ReminderSnooze {
  kind: ReminderKind;
  untilMs: number;
}

export interface ReminderSkip {
  kind: ReminderKind;
  localDate: IsoDate;
}

export interface ReminderSettings {
  /** Minutes before the end of my shift at which the handoff reminder fires (default 15). */
  handoffMinutesBeforeEnd?: number;
  /** Retrospective cadence; 0 (or less) turns the retro reminder off. */
  retroEveryWeeks: number;
  /** First day of the week, 1 = Monday … 7 = Sunday (default 1). */
  weekStartsOn?: number;
  /** The team's zone: the date of the last retrospective is read in it. */
  teamZone: string;
  /** How long after the end of a shift its handoff / weekly summary stays due (default 120). */
  graceMinutes?: number;
}

export interface ReminderInput {
  me: MemberSchedule;
  /** Used to name who is next in the sun in the handoff reminder. */
  teammates: readonly (MemberSchedule & { name?: string })[];
  settings: ReminderSettings;
  written: {
    /** Workday dates (my zone, see handoffDayOf) on which I already wrote a handoff. */
    handoffDays: readonly IsoDate[];
    /** Week ids (see summaryWeekOf) for which I already wrote a weekly summary. */
    weeklySummaryWeeks: readonly string[];
    /** When the team last held a retrospective. */
    lastRetroAt?: number | null;
  };
  /** Unacknowledged handoffs addressed to me. */
  handoffsForMe: number;
  pagesDueForReview: number;
  snoozes: readonly ReminderSnooze[];
  skips: readonly ReminderSkip[];
  /** When the engine last ran (null/undefined on the first run): the catch-up boundary. */
  lastCheckedMs?: number | null;
}

export interface ReminderPlan {
  /** Newly due since lastCheckedMs: notify now. At most one per kind. */
  due: Reminder[];
  /** Everything relevant right now (already notified or not), at most one per kind. */
  active: Reminder[];
  /** The next reminder that will become due after now, or null. */
  next: Reminder | null;
}

export const DEFAULT_HANDOFF_MINUTES_BEFORE_END = 15;
export const DEFAULT_GRACE_MINUTES = 120;
/** Snooze lengths the UI offers, in minutes. */
export const SNOOZE_CHOICES: readonly number[] = [10, 30, 60];

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How far ahead `next` is looked for (a long leave, a yearly retro). */
const HORIZON_MS = 400 * DAY_MS;

interface Occurrence {
  kind: ReminderKind;
  dueAt: number;
  expiresAt: number;
  localDate: IsoDate;
  shift: WorkShift;
}

interface Context {
  input: ReminderInput;
  me: MemberSchedule;
  beforeEndMs: number;
  graceMs: number;
  weekStartsOn: number;
  retroEveryWeeks: number;
  /** Week index from which the retro is due every week (after a known last retro). */
  retroOverdueFrom: number | null;
  handoffDays: ReadonlySet<string>;
  summaryWeeks: ReadonlySet<string>;
  skips: ReadonlySet<string>;
}

function* handoffOccurrences(ctx: Context, fromMs: number): Generator<Occurrence> {
  for (const shift of shiftsFrom(ctx.me, fromMs)) {
    yield {
      kind: 'handoff',
      dueAt: Math.max(shift.start, shift.end - ctx.beforeEndMs),
      expiresAt: shift.end + ctx.graceMs,
      localDate: shift.localDate,
      shift,
    };
  }
}

function* startOfDayOccurrences(ctx: Context, kind: ReminderKind, fromMs: number): Generator<Occurrence> {
  for (const shift of shiftsFrom(ctx.me, fromMs)) {
    yield { kind, dueAt: shift.start, expiresAt: shift.end, localDate: shift.localDate, shift };
  }
}

function* weeklySummaryOccurrences(ctx: Context, fromMs: number): Generator<Occurrence> {
  const week = (s: WorkShift) => weekIndex(s.localDate, ctx.weekStartsOn);
  let previous: WorkShift | null = null;
  const occurrence = (shift: WorkShift): Occurrence => ({
    kind: 'weekly-summary',
    dueAt: Math.max(shift.start, shift.end - ctx.beforeEndMs),
    expiresAt: shift.end + ctx.graceMs,
    localDate: shift.localDate,
    shift,
  });
  for (const shift of shiftsFrom(ctx.me, fromMs)) {
    // The last workday of a week is known once the next workday falls in another week.
    if (previous && week(previous) !== week(shift)) yield occurrence(previous);
    previous = shift;
  }
  if (previous) yield occurrence(previous);
}

function nextRetroWeek(ctx: Context, atLeast: number): number {
  if (ctx.retroOverdueFrom !== null) return Math.max(atLeast, ctx.retroOverdueFrom);
  const n = ctx.retroEveryWeeks;
  return Math.ceil(atLeast / n) * n;
}

function firstShiftOnOrAfter(ctx: Context, date: IsoDate): WorkShift | null {
  for (const shift of shiftsFrom(ctx.me, startOfLocalDay(ctx.me.timeZone, date))) {
    if (shift.localDate >= date) return shift;
  }
  return null;
}

function* retroOccurrences(ctx: Context, fromMs: number): Generator<Occurrence> {
  let week = nextRetroWeek(ctx, weekIndex(dateInZone(fromMs, ctx.me.timeZone), ctx.weekStartsOn));
  for (;;) {
    const shift = firstShiftOnOrAfter(ctx, weekStartDate(week, ctx.weekStartsOn));
    if (!shift) return;
    const shiftWeek = weekIndex(shift.localDate, ctx.weekStartsOn);
    if (shiftWeek === week) {
      yield { kind: 'retro', dueAt: shift.start, expiresAt: shift.end, localDate: shift.localDate, shift };
      week = nextRetroWeek(ctx, week + 1);
    } else {
      // No workday in that week (leave): the retro moves to the next retro week I work in.
      week = nextRetroWeek(ctx, shiftWeek);
    }
  }
}

function occurrences(ctx: Context, kind: ReminderKind, fromMs: number): Iterable<Occurrence> {
  switch (kind) {
    case 'handoff':
      return handoffOccurrences(ctx, fromMs);
    case 'handoffs-for-you':
      return ctx.input.handoffsForMe > 0 ? startOfDayOccurrences(ctx, kind, fromMs) : [];
    case 'review-pages':
      return ctx.input.pagesDueForReview > 0 ? startOfDayOccurrences(ctx, kind, fromMs) : [];
    case 'weekly-summary':
      return weeklySummaryOccurrences(ctx, fromMs);
    case 'retro':
      return ctx.retroEveryWeeks > 0 ? retroOccurrences(ctx, fromMs) : [];
  }
}

function suppressed(ctx: Context, o: Occurrence): boolean {
  if (ctx.skips.has(`${o.kind}:${o.localDate}`)) return true;
  if (o.kind === 'handoff') return ctx.handoffDays.has(o.localDate);
  if (o.kind === 'weekly-summary') return ctx.summaryWeeks.has(weekId(o.localDate, ctx.weekStartsOn));
  return false;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function toReminder(ctx: Context, o: Occurrence, dueAt: number): Reminder {
  const zone = ctx.me.timeZone;
  const end = clockLabel(o.shift.end, zone);
  let title: string;
  let body: string;
  switch (o.kind) {
    case 'handoff': {
      title = 'Write your handoff';
      const next = nextInTheSun(ctx.me, ctx.input.teammates, o.shift.start);
      const nameOf = (id: string) => ctx.input.teammates.find((t) => t.id === id)?.name || id;
      const names = next.map((n) => nameOf(n.id)).join(', ');
      body = next.length
        ? `Your workday ends at ${end}. Next in the sun: ${names}, starting at ${clockLabel(next[0].startsAt, zone)} your time.`
        : `Your workday ends at ${end}. Leave a note for whoever picks up next.`;
      break;
    }
    case 'handoffs-for-you':
      title = 'Handoffs for you';
      body = `${plural(ctx.input.handoffsForMe, 'handoff note is', 'handoff notes are')} waiting for you.`;
      break;
    case 'weekly-summary':
      title = 'Write your weekly summary';
      body = `This is your last workday of ${weekId(o.localDate, ctx.weekStartsOn)}; it ends at ${end}.`;
      break;
    case 'review-pages':
      title = 'Pages to review';
      body = `${plural(ctx.input.pagesDueForReview, 'page is', 'pages are')} due for review.`;
      break;
    case 'retro':
      title = 'Time for a retrospective';
      body = `Your team holds a retrospective every ${plural(ctx.retroEveryWeeks, 'week', 'weeks')}.`;
      break;
  }
  return { id: `${o.kind}:${o.localDate}`, kind: o.kind, dueAt, expiresAt: o.expiresAt, localDate: o.localDate, title, body };
}

function nonNegative(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function contextOf(input: ReminderInput): Context {
  const s = input.settings;
  const weekStartsOn = Number.isInteger(s.weekStartsOn) && s.weekStartsOn! >= 1 && s.weekStartsOn! <= 7 ? s.weekStartsOn! : 1;
  const retroEveryWeeks = Number.isInteger(s.retroEveryWeeks) && s.retroEveryWeeks > 0 ? s.retroEveryWeeks : 0;
  const teamZone = isKnownZone(s.teamZone) ? s.teamZone : input.me.timeZone;
  const lastRetro = input.written.lastRetroAt;
  const retroOverdueFrom =
    retroEveryWeeks > 0 && typeof lastRetro === 'number' && Number.isFinite(lastRetro)
      ? weekIndex(dateInZone(lastRetro, teamZone), weekStartsOn) + retroEveryWeeks
      : null;
  return {
    input,
    me: input.me,
    beforeEndMs: nonNegative(s.handoffMinutesBeforeEnd, DEFAULT_HANDOFF_MINUTES_BEFORE_END) * MINUTE_MS,
    graceMs: nonNegative(s.graceMinutes, DEFAULT_GRACE_MINUTES) * MINUTE_MS,
    weekStartsOn,
    retroEveryWeeks,
    retroOverdueFrom,
    handoffDays: new Set(input.written.handoffDays),
    summaryWeeks: new Set(input.written.weeklySummaryWeeks),
    skips: new Set(input.skips.map((k) => `${k.kind}:${k.localDate}`)),
  };
}

const kindOrder = (k: ReminderKind) => REMINDER_KINDS.indexOf(k);
const byTime = (a: Reminder, b: Reminder) => a.dueAt - b.dueAt || kindOrder(a.kind) - kindOrder(b.kind);

/**
 * What to show now and what comes next. A reminder is due in this run when its (snoozed)
 * due time lies in (lastCheckedMs, nowMs] and it has not expired: after a sleep every kind
 * fires at most once — the latest occurrence still relevant — and never a burst.
 */
export function nextReminders(input: ReminderInput, nowMs: number): ReminderPlan {
  const plan: ReminderPlan = { due: [], active: [], next: null };
  if (!isKnownZone(input.me.timeZone)) return plan;
  const ctx = contextOf(input);
  const lastChecked = typeof input.lastCheckedMs === 'number' ? input.lastCheckedMs : -Infinity;
  // Any occurrence still relevant now (or missed since lastChecked and not expired) is due
  // less than a shift (≤ 25 h) plus the grace before now.
  const fromMs = nowMs - ctx.graceMs - 2 * DAY_MS;
  let next: Reminder | null = null;

  for (const kind of REMINDER_KINDS) {
    const snoozedUntil = Math.max(-Infinity, ...input.snoozes.filter((z) => z.kind === kind).map((z) => z.untilMs));
    let live: { o: Occurrence; at: number } | null = null;
    for (const o of occurrences(ctx, kind, fromMs)) {
      if (o.dueAt > nowMs + HORIZON_MS) break;
      if (suppressed(ctx, o)) continue;
      // A snooze delays every occurrence of its kind that was due before it ends.
      const at = Math.max(o.dueAt, snoozedUntil);
      if (at >= o.expiresAt) continue;
      if (at <= nowMs) {
        if (nowMs < o.expiresAt) live = { o, at }; // later occurrences replace earlier ones
        continue;
      }
      // Occurrences come in due order and `at` never decreases, so this is the kind's next.
      const upcoming = toReminder(ctx, o, at);
      if (!next || byTime(upcoming, next) < 0) next = upcoming;
      break;
    }
    if (live) {
      const reminder = toReminder(ctx, live.o, live.at);
      plan.active.push(reminder);
      if (live.at > lastChecked) plan.due.push(reminder);
    }
  }
  plan.active.sort(byTime);
  plan.due.sort(byTime);
  plan.next = next;
  return plan;
}

/** The record that hides reminders of `kind` for `minutes` (see SNOOZE_CHOICES). */
export function snooze(kind: ReminderKind, nowMs: number, minutes: number): ReminderSnooze {
  if (!Number.isFinite(minutes) || minutes <= 0) throw new RangeError(`snooze minutes must be > 0, got ${minutes}`);
  return { kind, untilMs: nowMs + minutes * MINUTE_MS };
}

/**
 * The record that drops `kind` for the workday in play at `nowMs`: the shift in progress
 * or ended less than the grace ago (so "skip" on a night shift's handoff at 00:30 skips the
 * shift that started yesterday), else today's local date.
 */
export function skipToday(kind: ReminderKind, schedule: WorkSchedule, nowMs: number, graceMinutes = DEFAULT_GRACE_MINUTES): ReminderSkip {
  return { kind, localDate: workDateOf(schedule, nowMs, graceMinutes) };
}

/** The workday date a handoff written at `writtenAt` counts for (fills `written.handoffDays`). */
export function handoffDayOf(me: WorkSchedule, writtenAt: number, graceMinutes = DEFAULT_GRACE_MINUTES): IsoDate {
  return workDateOf(me, writtenAt, graceMinutes);
}

/** The week id a weekly summary written at `writtenAt` counts for (fills `written.weeklySummaryWeeks`). */
export function summaryWeekOf(me: WorkSchedule, writtenAt: number, weekStartsOn = 1, graceMinutes = DEFAULT_GRACE_MINUTES): string {
  return weekId(workDateOf(me, writtenAt, graceMinutes), weekStartsOn);
}
