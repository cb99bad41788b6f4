/**
 * All time handling goes through this module (DESIGN.md §2): Luxon is used here and nowhere
 * else. Times are stored as UTC epoch milliseconds plus an IANA zone id.
 */
import { DateTime, IANAZone, Info } from 'luxon';

/** An injectable clock so schedules and tests never depend on the wall clock. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The machine's IANA time zone, e.g. "Europe/Berlin"; "UTC" if the system does not say. */
export function detectTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isValidTimeZone(zone) ? zone : 'UTC';
}

export function isValidTimeZone(zone: string): boolean {
  return typeof zone === 'string' && zone.length > 0 && IANAZone.isValidZone(zone);
}

/** Every IANA zone this runtime knows, for pickers. */
export function listTimeZones(): string[] {
  const supported = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  const zones = supported ? supported('timeZone') : [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/** "HH:mm" (24-hour) → minutes after midnight, or null when malformed. */
export function parseClockTime(value: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Format an instant in a zone, e.g. formatInZone(ms, 'Asia/Tokyo', 'ccc HH:mm'). */
export function formatInZone(ms: number, zone: string, format = 'yyyy-MM-dd HH:mm'): string {
  return DateTime.fromMillis(ms, { zone }).toFormat(format);
}

/** The zone's UTC offset at that instant, e.g. "UTC+05:45". */
export function offsetLabel(ms: number, zone: string): string {
  const offset = DateTime.fromMillis(ms, { zone }).offset;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Weekday names indexed as Luxon numbers them (1 = Monday … 7 = Sunday). */
export function weekdayNames(): string[] {
  return Info.weekdays('short', { locale: 'en' });
}

/** The UTC month key of an instant, "YYYY-MM", used to name update-log docs. */
export function utcMonthKey(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'utc' }).toFormat('yyyy-MM');
}

export * from './local-date';
export {
  clockLabel,
  dateInZone,
  isKnownZone,
  localMinuteOf,
  resolveLocalTime,
  startOfLocalDay,
  zoneOffsetMinutes,
} from './zoned';
export * from './work-hours';
export * from './follow-the-sun';
