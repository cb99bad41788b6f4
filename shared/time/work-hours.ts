/**
 * Working hours of a member as UTC instants: the windows in which they work, business-time
 * arithmetic ("8 working hours after Friday 18:00 Berlin, for someone in Tokyo") and the
 * 24-hour timeline of the Team view. All functions are pure; instants are UTC epoch ms.
 *
 * Rules (see also zoned.ts for how one wall time becomes an instant):
 *  - A SHIFT is one workday: on each local date whose weekday is in `workdays` and which is
 *    not in `timeOff`, work runs from `workStart` to `workEnd` in the member's zone. When
 *    `workEnd` is at or before `workStart` (22:00–06:00, or 00:00–00:00 for a full day) the
 *    shift ends on the next date, and it belongs to the date it starts on: its weekday,
 *    time-off date and reminder date are those of its start.
 *  - Both ends of a shift are resolved separately from their wall times, so a shift that
 *    spans a DST change is an hour shorter (spring forward) or longer (fall back) in real
 *    time: 01:30–09:00 in New York on 2026-03-08 lasts 6.5 h. A start inside the gap moves
 *    forward by the gap; an ambiguous wall time is the earlier instant. A shift whose two
 *    ends resolve to an empty interval (possible only for a very short shift inside a gap)
 *    does not happen that day.
 *  - `breaks` are daily wall-clock intervals (possibly crossing midnight) removed from any
 *    shift they overlap. A shift whose breaks cover it entirely does not happen.
 *  - WINDOWS are the working intervals [start, end): shifts minus breaks. Windows that touch
 *    (back-to-back 24-hour shifts) are merged where a caller asks "when does work end/start".
 *  - A schedule with an unknown zone, malformed "HH:mm" or no valid workday never works:
 *    searches return null / [] instead of looping.
 */
import { addDays, isIsoDate, weekdayOf } from './local-date';
import type { IsoDate } from './local-date';
import { isKnownZone, dateInZone, resolveLocalTime, startOfLocalDay } from './zoned';

/** A daily pause, "HH:mm" local to the schedule's zone; `end` ≤ `start` crosses midnight. */
export interface WorkBreak {
  start: string;
  end: string;
}

/**
 * What the time functions need to know about a member. A `Member` (shared/model/types.ts)
 * already satisfies it; `breaks` and `timeOff` are optional extras.
 */
export interface WorkSchedule {
  /** IANA zone id, e.g. "Asia/Kathmandu". */
  timeZone: string;
  /** Luxon weekday numbers, 1 = Monday … 7 = Sunday. */
  workdays: readonly number[];
  /** "HH:mm" local to `timeZone`. */
  workStart: string;
  workEnd: string;
  breaks?: readonly WorkBreak[];
  /** Local dates ("YYYY-MM-DD") on which the member does not work. */
  timeOff?: readonly string[];
}

/** A schedule with the member id it belongs to. */
export type MemberSchedule = WorkSchedule & { id: string };

/** [start, end) in UTC epoch ms. */
export interface TimeInterval {
  start: number;
  end: number;
}

/** One workday: the whole shift [start, end) and its working windows (shift minus breaks). */
export interface WorkShift extends TimeInterval {
  /** Local date the shift starts on, in the schedule's zone. */
  localDate: IsoDate;
  windows: TimeInterval[];
}

export type WorkState = 'working' | 'off' | 'starting-soon' | 'ending-soon';

export interface WorkStatus {
  status: WorkState;
  /** When `status` next changes value; null when it never will (nobody to wait for). */
  nextChangeAt: number | null;
  /** The window in progress, or the next one when off; null if there is none. */
  window: TimeInterval | null;
}

const MINUTE_MS = 60_000;
/** How many back-to-back shifts are merged into one window (a member working 24/7). */
const MAX_MERGED_SHIFTS = 64;

interface Normalized {
  zone: string;
  workdays: ReadonlySet<number>;
  /** Minutes after midnight of the shift date; end > start, end ≤ start + 1440. */
  start: number;
  end: number;
  breaks: readonly { start: number; end: number }[];
  timeOff: ReadonlySet<string>;
  /** Consecutive dates without a shift after which no shift can ever come. */
  emptyDaysLimit: number;
}

function parseClock(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** Minutes [start, end) with end > start, crossing midnight when end ≤ start. */
function span(startText: unknown, endText: unknown, emptyIsFullDay: boolean): { start: number; end: number } | null {
  const start = parseClock(startText);
  const end = parseClock(endText);
  if (start === null || end === null) return null;
  if (end === start && !emptyIsFullDay) return null;
  return { start, end: end > start ? end : end + 1440 };
}

function normalize(schedule: WorkSchedule): Normalized | null {
  if (!schedule || !isKnownZone(schedule.timeZone)) return null;
  const workdays = new Set((schedule.workdays ?? []).filter((d) => Number.isInteger(d) && d >= 1 && d <= 7));
  if (workdays.size === 0) return null;
  const shift = span(schedule.workStart, schedule.workEnd, true);
  if (!shift) return null;
  const breaks: { start: number; end: number }[] = [];
  for (const b of schedule.breaks ?? []) {
    const s = span(b?.start, b?.end, false);
    if (s) breaks.push(s);
  }
  const timeOff = new Set((schedule.timeOff ?? []).filter(isIsoDate));
  // Any 7 consecutive dates hold every weekday; each time-off date can void one of them and
  // DST can void a degenerate shift on at most a couple of dates a year.
  const emptyDaysLimit = 7 * (timeOff.size + 3);
  return { zone: schedule.timeZone, workdays, start: shift.start, end: shift.end, breaks, timeOff, emptyDaysLimit };
}

function subtract(windows: TimeInterval[], cut: TimeInterval): TimeInterval[] {
  if (cut.end <= cut.start) return windows;
  const out: TimeInterval[] = [];
  for (const w of windows) {
    if (cut.end <= w.start || cut.start >= w.end) {
      out.push(w);
      continue;
    }
    if (cut.start > w.start) out.push({ start: w.start, end: cut.start });
    if (cut.end < w.end) out.push({ start: cut.end, end: w.end });
  }
  return out;
}

function shiftOnDate(n: Normalized, date: IsoDate): WorkShift | null {
  if (!n.workdays.has(weekdayOf(date)) || n.timeOff.has(date)) return null;
  const start = resolveLocalTime(n.zone, date, n.start);
  const end = resolveLocalTime(n.zone, date, n.end);
  if (end <= start) return null;
  let windows: TimeInterval[] = [{ start, end }];
  for (const b of n.breaks) {
    // A daily break that started yesterday may still run into today's shift; one that
    // starts tomorrow may cut the part of a night shift past midnight.
    for (const offset of [-1, 0, 1]) {
      const day = addDays(date, offset);
      windows = subtract(windows, { start: resolveLocalTime(n.zone, day, b.start), end: resolveLocalTime(n.zone, day, b.end) });
    }
  }
  if (windows.length === 0) return null;
  return { start, end, localDate: date, windows };
}

/** Shifts starting on `date` or later, in order; stops when no shift can come any more. */
function* shiftsFromDate(n: Normalized, date: IsoDate): Generator<WorkShift> {
  let empty = 0;
  for (let day = date; empty < n.emptyDaysLimit; day = addDays(day, 1)) {
    const shift = shiftOnDate(n, day);
    if (shift) {
      empty = 0;
      yield shift;
    } else {
      empty++;
    }
  }
}

/** Shifts that have not ended at `fromMs` (end > fromMs), in order. */
function* shiftsAfter(n: Normalized, fromMs: number): Generator<WorkShift> {
  // A shift lasts at most 25 h of real time, so one that started the day before may still run.
  for (const shift of shiftsFromDate(n, addDays(dateInZone(fromMs, n.zone), -1))) {
    if (shift.end > fromMs) yield shift;
  }
}

/** Windows that have not ended at `fromMs`, unclipped and unmerged, in order. */
function* windowsAfter(n: Normalized, fromMs: number): Generator<TimeInterval> {
  for (const shift of shiftsAfter(n, fromMs)) {
    for (const w of shift.windows) if (w.end > fromMs) yield w;
  }
}

/** Like windowsAfter, but windows that touch are merged (bounded for round-the-clock work). */
function* mergedWindowsAfter(n: Normalized, fromMs: number): Generator<TimeInterval> {
  let pending: TimeInterval | null = null;
  let merged = 0;
  for (const w of windowsAfter(n, fromMs)) {
    if (pending && w.start <= pending.end && merged < MAX_MERGED_SHIFTS) {
      pending = { start: pending.start, end: Math.max(pending.end, w.end) };
      merged++;
      continue;
    }
    if (pending) yield pending;
    pending = { ...w };
    merged = 0;
  }
  if (pending) yield pending;
}

function first<T>(iterable: Iterable<T>): T | null {
  for (const item of iterable) return item;
  return null;
}

/** The shift that starts on local date `date`, or null (day off, time off, no schedule). */
export function shiftOn(schedule: WorkSchedule, date: IsoDate): WorkShift | null {
  const n = normalize(schedule);
  return n && isIsoDate(date) ? shiftOnDate(n, date) : null;
}

/** Every shift overlapping [fromMs, toMs), unclipped, in order. */
export function shiftsBetween(schedule: WorkSchedule, fromMs: number, toMs: number): WorkShift[] {
  const n = normalize(schedule);
  const out: WorkShift[] = [];
  if (!n || !(toMs > fromMs)) return out;
  for (const shift of shiftsAfter(n, fromMs)) {
    if (shift.start >= toMs) break;
    out.push(shift);
  }
  return out;
}

/**
 * Shifts that have not ended at `fromMs` (end > fromMs), in order, lazily. The sequence is
 * finite only for schedules that never work; callers bound how far they read.
 */
export function shiftsFrom(schedule: WorkSchedule, fromMs: number): Iterable<WorkShift> {
  const n = normalize(schedule);
  return n ? shiftsAfter(n, fromMs) : [];
}

/** The shift in progress at `ms` (start ≤ ms < end), else the next one; null if none. */
export function currentOrNextShift(schedule: WorkSchedule, ms: number): WorkShift | null {
  return first(shiftsFrom(schedule, ms));
}

/**
 * The working intervals [start, end) of a member that overlap [fromMs, toMs), clipped to
 * that range, merged where they touch, in order.
 */
export function workWindowsBetween(schedule: WorkSchedule, fromMs: number, toMs: number): TimeInterval[] {
  const n = normalize(schedule);
  const out: TimeInterval[] = [];
  if (!n || !(toMs > fromMs)) return out;
  for (const shift of shiftsAfter(n, fromMs)) {
    if (shift.start >= toMs) break;
    for (const w of shift.windows) {
      const start = Math.max(w.start, fromMs);
      const end = Math.min(w.end, toMs);
      if (end <= start) continue;
      const last = out[out.length - 1];
      if (last && start <= last.end) last.end = Math.max(last.end, end);
      else out.push({ start, end });
    }
  }
  return out;
}

/** Whether the member is inside a working window at `ms`. */
export function isWorking(schedule: WorkSchedule, ms: number): boolean {
  const w = currentOrNextWindow(schedule, ms);
  return w !== null && w.start <= ms;
}

/** The window in progress at `ms` (merged with any that touch it), else the next; null if none. */
export function currentOrNextWindow(schedule: WorkSchedule, ms: number): TimeInterval | null {
  const n = normalize(schedule);
  return n ? first(mergedWindowsAfter(n, ms)) : null;
}

/**
 * The next instant ≥ `ms` at which the member starts working (after a day off or a break).
 * While working, that is the start of the window after the current one. Null if never.
 */
export function nextWorkStart(schedule: WorkSchedule, ms: number): number | null {
  const n = normalize(schedule);
  if (!n) return null;
  for (const w of mergedWindowsAfter(n, ms)) if (w.start >= ms) return w.start;
  return null;
}

/**
 * Working / off, with "soon" states within `soonMinutes` of a window's end or start, and the
 * instant at which that answer changes (e.g. 'working' → 'ending-soon' at end − soon).
 */
export function workStatus(schedule: WorkSchedule, ms: number, soonMinutes = 60): WorkStatus {
  const soon = Math.max(0, soonMinutes) * MINUTE_MS;
  const window = currentOrNextWindow(schedule, ms);
  if (!window) return { status: 'off', nextChangeAt: null, window: null };
  if (window.start <= ms) {
    return window.end - ms <= soon
      ? { status: 'ending-soon', nextChangeAt: window.end, window }
      : { status: 'working', nextChangeAt: window.end - soon, window };
  }
  return window.start - ms <= soon
    ? { status: 'starting-soon', nextChangeAt: window.start, window }
    : { status: 'off', nextChangeAt: window.start - soon, window };
}

/**
 * The local date of the workday `ms` belongs to: the start date of the latest shift with
 * start ≤ ms < end + grace, else the calendar date in the member's zone. Use it to key
 * anything "per workday" (a handoff written at 05:50 after a 22:00–06:00 shift belongs to
 * the shift's date, not to the calendar date it was written on).
 */
export function workDateOf(schedule: WorkSchedule, ms: number, graceMinutes = 0): IsoDate {
  const n = normalize(schedule);
  const zone = n ? n.zone : isKnownZone(schedule?.timeZone) ? schedule.timeZone : 'UTC';
  const today = dateInZone(ms, zone);
  if (!n) return today;
  const grace = Math.max(0, graceMinutes) * MINUTE_MS;
  // A shift that started up to (grace + a day) ago may still be in play.
  const back = 2 + Math.ceil(grace / (1440 * MINUTE_MS));
  for (let offset = 0; offset <= back; offset++) {
    const shift = shiftOnDate(n, addDays(today, -offset));
    if (shift && shift.start <= ms && ms < shift.end + grace) return shift.localDate;
  }
  return today;
}

/**
 * Business-time arithmetic: the first instant at which `minutes` of the member's working
 * time have elapsed after `fromMs` (time before the next window does not count; the answer
 * is inside or at the end of a window). 0 minutes → `fromMs`. Null when the schedule never
 * works. Throws on negative or non-finite minutes.
 */
export function addWorkingMinutes(schedule: WorkSchedule, fromMs: number, minutes: number): number | null {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a finite number ≥ 0, got ${minutes}`);
  const n = normalize(schedule);
  if (!n) return null;
  if (minutes === 0) return fromMs;
  let remaining = minutes * MINUTE_MS;
  for (const w of windowsAfter(n, fromMs)) {
    const start = Math.max(w.start, fromMs);
    const length = w.end - start;
    if (length >= remaining) return start + remaining;
    remaining -= length;
  }
  return null;
}

/** Working minutes of the member inside [a, b); 0 when b ≤ a. May be fractional. */
export function workingMinutesBetween(schedule: WorkSchedule, a: number, b: number): number {
  const n = normalize(schedule);
  if (!n || !(b > a)) return 0;
  let total = 0;
  for (const w of windowsAfter(n, a)) {
    if (w.start >= b) break;
    total += Math.min(w.end, b) - Math.max(w.start, a);
  }
  return total / MINUTE_MS;
}

// ─── Team view timeline ────────────────────────────────────────────────────────────────

/** A part of the viewer's day; minutes are real minutes elapsed since the day's start. */
export interface TimelineSegment extends TimeInterval {
  startMinute: number;
  endMinute: number;
  /** startMinute / day length, 0..1. */
  startFraction: number;
  endFraction: number;
}

export interface DayTimeline {
  /** The viewer's local date shown. */
  date: IsoDate;
  zone: string;
  dayStart: number;
  dayEnd: number;
  /** True length of the day in minutes: 1440, or 1380 / 1500 on DST days (1410/1470 on Lord Howe). */
  lengthMinutes: number;
  members: { id: string; segments: TimelineSegment[] }[];
  /** Where every member works (empty when any member does not work that day). */
  overlapAll: TimelineSegment[];
  /** Where at least two members work. */
  overlapTwoOrMore: TimelineSegment[];
  /** Maximal segments with a constant number (≥ 1) of members working. */
  coverage: (TimelineSegment & { count: number })[];
}

/**
 * For the viewer's local day holding `dayStartMs`, each member's working segments in that
 * day, and the segments where all / at least two of them work. Positions are real elapsed
 * minutes from the viewer's midnight, against the day's true length (23 or 25 h on DST days).
 */
export function dayTimeline(schedules: readonly MemberSchedule[], viewerZone: string, dayStartMs: number): DayTimeline {
  const zone = isKnownZone(viewerZone) ? viewerZone : 'UTC';
  const date = dateInZone(dayStartMs, zone);
  const dayStart = startOfLocalDay(zone, date);
  const dayEnd = startOfLocalDay(zone, addDays(date, 1));
  const lengthMinutes = (dayEnd - dayStart) / MINUTE_MS;
  const segment = (start: number, end: number): TimelineSegment => ({
    start,
    end,
    startMinute: (start - dayStart) / MINUTE_MS,
    endMinute: (end - dayStart) / MINUTE_MS,
    startFraction: (start - dayStart) / (dayEnd - dayStart),
    endFraction: (end - dayStart) / (dayEnd - dayStart),
  });

  const members = schedules.map((s) => ({
    id: s.id,
    segments: workWindowsBetween(s, dayStart, dayEnd).map((w) => segment(w.start, w.end)),
  }));

  // Sweep over window edges, counting how many members work between consecutive edges.
  const edges: { at: number; delta: number }[] = [];
  for (const m of members) {
    for (const s of m.segments) edges.push({ at: s.start, delta: 1 }, { at: s.end, delta: -1 });
  }
  edges.sort((x, y) => x.at - y.at);
  const coverage: (TimelineSegment & { count: number })[] = [];
  let count = 0;
  for (let i = 0; i < edges.length; i++) {
    count += edges[i].delta;
    const next = edges[i + 1];
    if (!next || next.at === edges[i].at || count === 0) continue;
    const last = coverage[coverage.length - 1];
    if (last && last.count === count && last.end === edges[i].at) {
      Object.assign(last, segment(last.start, next.at));
    } else {
      coverage.push({ ...segment(edges[i].at, next.at), count });
    }
  }
  const joined = (min: number): TimelineSegment[] => {
    const out: TimelineSegment[] = [];
    for (const c of coverage) {
      if (c.count < min) continue;
      const last = out[out.length - 1];
      if (last && last.end === c.start) out[out.length - 1] = segment(last.start, c.end);
      else out.push(segment(c.start, c.end));
    }
    return out;
  };
  return {
    date,
    zone,
    dayStart,
    dayEnd,
    lengthMinutes,
    members,
    overlapAll: members.length === 0 ? [] : joined(members.length),
    overlapTwoOrMore: joined(2),
    coverage,
  };
}
