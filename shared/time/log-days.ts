/**
 * Calendar math for the update log: days in the *reader's* zone (a post written at 22:00 in
 * Los Angeles is "tomorrow" in Tokyo) and ISO weeks in the *team's* zone for weekly summaries.
 * (A handoff's `deliverAt`, the recipient's next start of work, comes from
 * `nextWorkStart(schedule, ms)` in work-hours.ts.)
 *
 * Days and weeks are calendar units, not multiples of 24 h: across a DST change a day has 23 or
 * 25 hours and Luxon accounts for it. An unknown zone id falls back to UTC rather than throwing,
 * because zones come from synced data that may have been written by a newer runtime.
 */
import { DateTime } from 'luxon';
import { isValidTimeZone, utcMonthKey } from './index';
import { weekdayOf } from './local-date';
import { clockLabel, dateInZone } from './zoned';

const LOCALE = 'en';

function zoneOrUtc(zone: string): string {
  return isValidTimeZone(zone) ? zone : 'UTC';
}

function at(ms: number, zone: string): DateTime {
  return DateTime.fromMillis(ms, { zone: zoneOrUtc(zone), locale: LOCALE });
}

/** The local calendar date of an instant, "YYYY-MM-DD". */
export function localDateOf(ms: number, zone: string): string {
  return dateInZone(ms, zoneOrUtc(zone));
}

/** The local wall-clock time of an instant, "HH:mm" (24-hour). */
export function localTimeOf(ms: number, zone: string): string {
  return clockLabel(ms, zoneOrUtc(zone));
}

function parseLocalDate(localDate: string, zone: string): DateTime {
  const day = DateTime.fromISO(localDate, { zone: zoneOrUtc(zone), locale: LOCALE });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(localDate) || !day.isValid) throw new RangeError(`Not a date: ${localDate}`);
  return day.startOf('day');
}

/** "Mon 23 Nov" (with the year when it is not `todayLocalDate`'s year). */
export function shortDateLabel(localDate: string, todayLocalDate?: string): string {
  const day = parseLocalDate(localDate, 'UTC');
  const sameYear = !todayLocalDate || todayLocalDate.slice(0, 4) === localDate.slice(0, 4);
  return day.toFormat(sameYear ? 'ccc d LLL' : 'ccc d LLL yyyy');
}

/** "Today", "Yesterday", or a short date such as "Mon 23 Nov". */
export function dayLabel(localDate: string, todayLocalDate: string): string {
  if (localDate === todayLocalDate) return 'Today';
  const yesterday = parseLocalDate(todayLocalDate, 'UTC').minus({ days: 1 }).toFormat('yyyy-MM-dd');
  if (localDate === yesterday) return 'Yesterday';
  return shortDateLabel(localDate, todayLocalDate);
}

/** What `groupByDay` needs of an entry (structural, so this module does not import the model). */
export interface DayGroupable {
  id: string;
  createdAt: number;
  authorZone: string;
}

export interface DayItem<E> {
  entry: E;
  /** "HH:mm" in the reader's zone. */
  readerLocalTime: string;
  /** "HH:mm" in the author's zone when they wrote it. */
  authorLocalTime: string;
  /** The author's local date when they wrote it, "YYYY-MM-DD". */
  authorLocalDate: string;
  /** "HH:mm", or "Fri 22:30" when the author's date differs from the reader's day. */
  authorLocalLabel: string;
}

export interface DayGroup<E> {
  /** The reader's local date, "YYYY-MM-DD". */
  localDate: string;
  /** "Today", "Yesterday" or "Mon 23 Nov". */
  label: string;
  /** Newest first. */
  entries: DayItem<E>[];
}

/**
 * Entries grouped by the reader's local day of `createdAt`, newest day first and newest entry
 * first within a day (ties broken by id, so the order is stable across replicas).
 */
export function groupByDay<E extends DayGroupable>(entries: readonly E[], readerZone: string, now: number): DayGroup<E>[] {
  const reader = zoneOrUtc(readerZone);
  const today = localDateOf(now, reader);
  const sorted = [...entries].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const groups: DayGroup<E>[] = [];
  // Per entry this runs on zoned.ts's memoized offsets rather than Luxon DateTimes: a feed
  // page is grouped on every render, and Luxon formatting costs ~0.1 ms a call.
  for (const entry of sorted) {
    const authorZone = zoneOrUtc(entry.authorZone);
    const localDate = dateInZone(entry.createdAt, reader);
    const authorLocalDate = dateInZone(entry.createdAt, authorZone);
    const authorLocalTime = clockLabel(entry.createdAt, authorZone);
    let group = groups[groups.length - 1];
    if (!group || group.localDate !== localDate) {
      group = { localDate, label: dayLabel(localDate, today), entries: [] };
      groups.push(group);
    }
    group.entries.push({
      entry,
      readerLocalTime: clockLabel(entry.createdAt, reader),
      authorLocalTime,
      authorLocalDate,
      authorLocalLabel: authorLocalDate === localDate ? authorLocalTime : `${WEEKDAYS[weekdayOf(authorLocalDate) - 1]} ${authorLocalTime}`,
    });
  }
  return groups;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export interface DayRange {
  localDate: string;
  /** "Mon 18 Nov". */
  label: string;
  startMs: number;
  /** Exclusive. */
  endMs: number;
}

export interface WeekRange {
  zone: string;
  /** ISO week, e.g. "2024-W47". */
  isoWeek: string;
  /** Local date of the Monday. */
  weekStart: string;
  /** Local date of the Sunday. */
  weekEnd: string;
  /** Monday 00:00 local. */
  startMs: number;
  /** Next Monday 00:00 local (exclusive). */
  endMs: number;
  /** Monday … Sunday. */
  days: DayRange[];
}

function weekFrom(monday: DateTime, zone: string): WeekRange {
  const days: DayRange[] = [];
  for (let i = 0; i < 7; i++) {
    const start = monday.plus({ days: i });
    days.push({
      localDate: start.toFormat('yyyy-MM-dd'),
      label: start.toFormat('ccc d LLL'),
      startMs: start.toMillis(),
      endMs: start.plus({ days: 1 }).toMillis(),
    });
  }
  return {
    zone,
    isoWeek: monday.toFormat("kkkk-'W'WW"),
    weekStart: days[0].localDate,
    weekEnd: days[6].localDate,
    startMs: days[0].startMs,
    endMs: days[6].endMs,
    days,
  };
}

/** The ISO week (Monday 00:00 to next Monday 00:00, local to `zone`) that contains `ms`. */
export function weekContaining(ms: number, zone: string): WeekRange {
  const z = zoneOrUtc(zone);
  return weekFrom(at(ms, z).startOf('week'), z);
}

/** The ISO week, local to `zone`, that contains the local date "YYYY-MM-DD". */
export function weekOfLocalDate(localDate: string, zone: string): WeekRange {
  const z = zoneOrUtc(zone);
  return weekFrom(parseLocalDate(localDate, z).startOf('week'), z);
}

/** The UTC month keys ("YYYY-MM") whose log docs can hold entries created in [startMs, endMs). */
export function utcMonthKeysBetween(startMs: number, endMs: number): string[] {
  if (endMs <= startMs) return [];
  const keys: string[] = [];
  let cursor = DateTime.fromMillis(startMs, { zone: 'utc' }).startOf('month');
  while (cursor.toMillis() < endMs) {
    keys.push(utcMonthKey(cursor.toMillis()));
    cursor = cursor.plus({ months: 1 });
  }
  return keys;
}
