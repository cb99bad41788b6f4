/**
 * Calendar dates without a zone ("2026-03-08"): the local date of a member's workday, a
 * time-off day, the key of a reminder. Arithmetic on them is plain day counting, so it is
 * done here with integers rather than with instants (a date never has a DST problem).
 */

/** A calendar date as "YYYY-MM-DD". */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Whether `value` is a real calendar date written "YYYY-MM-DD". */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const back = new Date(Date.UTC(y, m - 1, d));
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d;
}

/** Days since 1970-01-01 (which is day 0, a Thursday). Throws on a malformed date. */
export function dayNumber(date: IsoDate): number {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`Not an ISO date: ${date}`);
  return Math.round(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS);
}

/** The date `day` days after 1970-01-01. */
export function dateFromDayNumber(day: number): IsoDate {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear();
  const year = y >= 0 && y <= 9999 ? String(y).padStart(4, '0') : String(y);
  return `${year}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return dateFromDayNumber(dayNumber(date) + days);
}

/** Luxon/ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: IsoDate): number {
  return weekdayOfDayNumber(dayNumber(date));
}

function weekdayOfDayNumber(day: number): number {
  // Day 0 is a Thursday (4).
  return (((day + 3) % 7) + 7) % 7 + 1;
}

/**
 * Index of the week holding `date`, for weeks that begin on `weekStartsOn` (1 = Monday …
 * 7 = Sunday). Week 0 is the first such week starting on or after 1970-01-01. Consecutive
 * weeks have consecutive indexes, which is what cadences ("every 3 weeks") count with.
 */
export function weekIndex(date: IsoDate, weekStartsOn = 1): number {
  const firstStart = ((weekStartsOn - 4) % 7 + 7) % 7; // day number of the first such week start
  return Math.floor((dayNumber(date) - firstStart) / 7);
}

/** The first date of week `index` (see weekIndex). */
export function weekStartDate(index: number, weekStartsOn = 1): IsoDate {
  const firstStart = ((weekStartsOn - 4) % 7 + 7) % 7;
  return dateFromDayNumber(firstStart + index * 7);
}

/**
 * The id of the week holding `date`, "YYYY-Www". For Monday weeks it is the ISO-8601 week
 * id. For weeks starting on another day it is the ISO id of the Thursday inside that week —
 * every 7-day run holds exactly one Thursday, so ids stay unique and sort in time order.
 */
export function weekId(date: IsoDate, weekStartsOn = 1): string {
  const start = dayNumber(weekStartDate(weekIndex(date, weekStartsOn), weekStartsOn));
  let thursday = start;
  while (weekdayOfDayNumber(thursday) !== 4) thursday++;
  // ISO week-year of a Thursday is its calendar year; its week number counts Thursdays.
  const iso = dateFromDayNumber(thursday);
  const year = Number(iso.slice(0, 4));
  const week = Math.floor((thursday - dayNumber(`${iso.slice(0, 4)}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
