import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, isIsoDate, weekId, weekIndex, weekStartDate, weekdayOf } from './local-date';
import { clockLabel, dateInZone, localMinuteOf, resolveLocalTime, startOfLocalDay, zoneOffsetMinutes } from './zoned';

const at = (iso: string) => Date.parse(iso);

describe('local dates', () => {
  it('validates, counts and steps calendar dates', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(weekdayOf('2026-03-08')).toBe(7); // a Sunday
    expect(weekdayOf('2026-03-09')).toBe(1); // a Monday
  });

  it.each([
    // date, weekStartsOn, id — ISO: 2026-01-01 is a Thursday, so W01 is 2025-12-29 … 2026-01-04
    ['2026-01-01', 1, '2026-W01'],
    ['2025-12-29', 1, '2026-W01'],
    ['2026-03-23', 1, '2026-W13'],
    ['2026-03-29', 1, '2026-W13'],
    ['2027-01-03', 1, '2026-W53'], // 2026 has 53 ISO weeks (it starts on a Thursday)
    ['2026-03-22', 7, '2026-W13'], // Sunday-start week 22–28 March holds Thursday the 26th
    ['2026-03-28', 7, '2026-W13'],
    ['2026-03-29', 7, '2026-W14'],
  ] as const)('weekId(%s, starts %i) = %s', (date, start, id) => {
    expect(weekId(date, start)).toBe(id);
  });

  it('numbers consecutive weeks consecutively and finds their first day', () => {
    expect(weekIndex('2026-03-29') + 1).toBe(weekIndex('2026-03-30'));
    expect(weekIndex('2026-03-23')).toBe(weekIndex('2026-03-29'));
    expect(weekStartDate(weekIndex('2026-03-27'))).toBe('2026-03-23');
    expect(weekStartDate(weekIndex('2026-03-27', 7), 7)).toBe('2026-03-22');
    expect(weekStartDate(weekIndex('2026-03-27', 6), 6)).toBe('2026-03-21');
  });
});

describe('resolveLocalTime: one DST rule for every zone', () => {
  it.each([
    // zone, date, wall time, expected instant (written with the offset that applies)
    ['America/New_York', '2026-03-09', '09:00', '2026-03-09T09:00:00-04:00'],
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T03:30:00-04:00'], // gap 02:00→03:00: forward by the gap
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T01:30:00-04:00'], // twice: the earlier (EDT)
    ['America/New_York', '2026-11-01', '02:30', '2026-11-01T02:30:00-05:00'], // after the overlap: only EST
    ['Europe/Berlin', '2026-03-29', '02:30', '2026-03-29T03:30:00+02:00'],
    ['Europe/Berlin', '2026-10-25', '02:30', '2026-10-25T02:30:00+02:00'], // Luxon alone would say +01:00
    ['Australia/Sydney', '2026-04-05', '02:30', '2026-04-05T02:30:00+11:00'], // fall back 03:00→02:00: earlier
    ['Australia/Sydney', '2026-10-04', '02:30', '2026-10-04T03:30:00+11:00'], // gap 02:00→03:00
    ['Pacific/Chatham', '2026-04-05', '03:10', '2026-04-05T03:10:00+13:45'], // overlap 02:45–03:45
    ['Pacific/Chatham', '2026-09-27', '03:00', '2026-09-27T04:00:00+13:45'], // gap 02:45→03:45
    ['Pacific/Chatham', '2026-09-27', '02:44', '2026-09-27T02:44:00+12:45'], // a minute before the gap
    ['Asia/Kolkata', '2026-06-01', '09:00', '2026-06-01T09:00:00+05:30'],
    ['Asia/Kathmandu', '2026-06-01', '09:00', '2026-06-01T09:00:00+05:45'],
  ])('%s %s %s → %s', (zone, date, time, expected) => {
    const [h, m] = time.split(':').map(Number);
    expect(resolveLocalTime(zone, date, h * 60 + m)).toBe(at(expected));
  });

  it('accepts minutes past 24:00 as a time on a later date', () => {
    expect(resolveLocalTime('Europe/Berlin', '2026-03-28', 24 * 60 + 6 * 60)).toBe(at('2026-03-29T06:00:00+02:00'));
  });

  it.each([
    ['America/New_York', '2026-03-08', 23 * 60],
    ['America/New_York', '2026-11-01', 25 * 60],
    ['Europe/Berlin', '2026-03-29', 23 * 60],
    ['Europe/Berlin', '2026-10-25', 25 * 60],
    ['Australia/Sydney', '2026-04-05', 25 * 60],
    ['Australia/Sydney', '2026-10-04', 23 * 60],
    ['Pacific/Chatham', '2026-04-05', 25 * 60],
    ['Pacific/Chatham', '2026-09-27', 23 * 60],
    ['Australia/Lord_Howe', '2026-04-05', 24.5 * 60], // a half-hour DST shift
    ['Asia/Kathmandu', '2026-04-05', 24 * 60],
  ])('the local day %s %s lasts %i minutes', (zone, date, minutes) => {
    const length = startOfLocalDay(zone, addDays(date, 1)) - startOfLocalDay(zone, date);
    expect(length / 60_000).toBe(minutes);
  });

  it('reads instants back as local dates and clocks', () => {
    const ms = at('2026-04-04T14:30:00Z'); // Chatham: 03:15 +12:45 on the 5th, after falling back
    expect(zoneOffsetMinutes('Pacific/Chatham', ms)).toBe(12 * 60 + 45);
    expect(dateInZone(ms, 'Pacific/Chatham')).toBe('2026-04-05');
    expect(clockLabel(ms, 'Pacific/Chatham')).toBe('03:15');
    expect(localMinuteOf(at('2026-06-01T03:15:00Z'), 'Asia/Kathmandu')).toBe(9 * 60);
    expect(dateInZone(at('2026-03-09T03:59:00Z'), 'America/New_York')).toBe('2026-03-08');
  });

  it('throws on an unknown zone', () => {
    expect(() => resolveLocalTime('Mars/Olympus', '2026-01-01', 0)).toThrow(RangeError);
  });
});
