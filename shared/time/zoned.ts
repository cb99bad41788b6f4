/**
 * Wall-clock time in an IANA zone ↔ UTC instants, with one explicit DST rule for every
 * caller (work hours, timelines, reminders):
 *
 *  - A wall time that does not exist (inside a spring-forward gap) moves forward by the
 *    length of the gap, as Luxon does: 02:30 on 2026-03-08 in New York is 03:30 EDT, and
 *    02:50 on 2026-09-27 on the Chatham Islands (gap 02:45→03:45) is 03:50 +13:45.
 *  - A wall time that exists twice (inside a fall-back overlap) is the EARLIER instant, i.e.
 *    read with the offset in force before the change: 01:30 on 2026-11-01 in New York is
 *    01:30 EDT (05:30Z), not 01:30 EST. Luxon itself is not consistent here (it picks the
 *    later instant in some zones and the earlier in others), so we resolve it ourselves.
 *
 * The earlier-instant rule also makes "start of day" right in zones whose midnight repeats,
 * and the forward rule makes it right in zones whose midnight is skipped.
 */
import { IANAZone } from 'luxon';
import { addDays, dateFromDayNumber, dayNumber } from './local-date';
import type { IsoDate } from './local-date';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const zones = new Map<string, IANAZone | null>();

/** The Luxon zone for an IANA id, or null when the id is not a valid zone. */
function zoneFor(zone: string): IANAZone | null {
  let found = zones.get(zone);
  if (found === undefined) {
    found = typeof zone === 'string' && IANAZone.isValidZone(zone) ? IANAZone.create(zone) : null;
    zones.set(zone, found);
  }
  return found;
}

function requireZone(zone: string): IANAZone {
  const found = zoneFor(zone);
  if (!found) throw new RangeError(`Unknown time zone: ${zone}`);
  return found;
}

export function isKnownZone(zone: string): boolean {
  return zoneFor(zone) !== null;
}

/**
 * Memo of pure answers (offset lookups go through Intl and cost microseconds; schedules ask
 * for the same few instants again on every run). Bounded: cleared when it grows too large.
 */
const memo = new Map<string, number>();
const MEMO_LIMIT = 50_000;

function remember(key: string, compute: () => number): number {
  let value = memo.get(key);
  if (value === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    value = compute();
    memo.set(key, value);
  }
  return value;
}

/** UTC offset of `zone` at instant `ms`, in minutes (e.g. 345 for Asia/Kathmandu). */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  const z = requireZone(zone);
  return remember(`o|${zone}|${ms}`, () => z.offset(ms));
}

/** The local calendar date of an instant in a zone. */
export function dateInZone(ms: number, zone: string): IsoDate {
  const wall = ms + zoneOffsetMinutes(zone, ms) * MINUTE_MS;
  return dateFromDayNumber(Math.floor(wall / DAY_MS));
}

/** Minutes after local midnight shown by the wall clock at instant `ms` (0 ≤ m < 1440). */
export function localMinuteOf(ms: number, zone: string): number {
  const wall = ms + zoneOffsetMinutes(zone, ms) * MINUTE_MS;
  return Math.floor((((wall % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
}

/**
 * The instant at which the wall clock in `zone` shows `minutes` after midnight of `date`.
 * `minutes` may exceed 1440 (it then falls on a later date). DST rule: see the module comment.
 */
export function resolveLocalTime(zone: string, date: IsoDate, minutes: number): number {
  requireZone(zone);
  return remember(`r|${zone}|${date}|${minutes}`, () => resolve(zone, date, minutes));
}

function resolve(zone: string, date: IsoDate, minutes: number): number {
  const dayShift = Math.floor(minutes / 1440);
  const day = dayNumber(dayShift === 0 ? date : addDays(date, dayShift));
  const wall = day * DAY_MS + (minutes - dayShift * 1440) * MINUTE_MS; // the wall time read as if UTC
  // Offsets in force a day either side cover every transition near this wall time (zones
  // change offset at most a few times a year, never twice within two days).
  const before = zoneOffsetMinutes(zone, wall - DAY_MS);
  const after = zoneOffsetMinutes(zone, wall + DAY_MS);
  let best: number | null = null;
  for (const offset of before === after ? [before] : [before, after]) {
    const candidate = wall - offset * MINUTE_MS;
    if (zoneOffsetMinutes(zone, candidate) === offset && (best === null || candidate < best)) best = candidate;
  }
  if (best !== null) return best;
  // In a gap: read the wall time with the offset from before the change, which lands the
  // same distance past the change as the wall time is past its start (Luxon's behaviour).
  return wall - before * MINUTE_MS;
}

/** The first instant of `date` in `zone` (not always 00:00: some zones skip midnight). */
export function startOfLocalDay(zone: string, date: IsoDate): number {
  return resolveLocalTime(zone, date, 0);
}

/** "HH:mm" in `zone` for an instant; a cheap formatter for titles and bodies. */
export function clockLabel(ms: number, zone: string): string {
  const m = localMinuteOf(ms, zone);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
