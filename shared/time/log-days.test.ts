import { describe, expect, it } from 'vitest';
import {
  dayLabel,
  groupByDay,
  localDateOf,
  localTimeOf,
  shortDateLabel,
  utcMonthKeysBetween,
  weekContaining,
  weekOfLocalDate,
} from './log-days';

const HOUR = 3600_000;
const utc = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);

describe('groupByDay', () => {
  // Fri 22 Nov 2024 22:30 in Los Angeles (PST, UTC-8) is Sat 23 Nov 15:30 in Tokyo (UTC+9).
  const lateInLA = { id: 'la', createdAt: utc(2024, 11, 23, 6, 30), authorZone: 'America/Los_Angeles' };
  const morningInTokyo = { id: 'tk', createdAt: utc(2024, 11, 22, 1, 0), authorZone: 'Asia/Tokyo' };
  const monday = { id: 'mon', createdAt: utc(2024, 11, 18, 12, 0), authorZone: 'Europe/Berlin' };
  const lastYear = { id: 'old', createdAt: utc(2023, 11, 1, 12, 0), authorZone: 'UTC' };
  const sameInstant = { id: 'la2', createdAt: lateInLA.createdAt, authorZone: 'America/Los_Angeles' };
  const entries = [monday, lateInLA, lastYear, morningInTokyo, sameInstant];
  const now = utc(2024, 11, 23, 9, 0); // Sat 18:00 Tokyo, Sat 01:00 Los Angeles

  it('puts a late-evening Los Angeles post on "tomorrow" for a reader in Tokyo', () => {
    const groups = groupByDay(entries, 'Asia/Tokyo', now);
    expect(groups.map((g) => [g.localDate, g.label, g.entries.map((i) => i.entry.id)])).toEqual([
      ['2024-11-23', 'Today', ['la', 'la2']],
      ['2024-11-22', 'Yesterday', ['tk']],
      ['2024-11-18', 'Mon 18 Nov', ['mon']],
      ['2023-11-01', 'Wed 1 Nov 2023', ['old']],
    ]);
    const la = groups[0].entries[0];
    expect(la).toMatchObject({ readerLocalTime: '15:30', authorLocalTime: '22:30', authorLocalDate: '2024-11-22', authorLocalLabel: 'Fri 22:30' });
    const tk = groups[1].entries[0];
    expect(tk).toMatchObject({ readerLocalTime: '10:00', authorLocalTime: '10:00', authorLocalLabel: '10:00' });
  });

  it('keeps the same post on the author’s day for a reader in Los Angeles', () => {
    const groups = groupByDay(entries, 'America/Los_Angeles', now);
    expect(groups.map((g) => [g.localDate, g.label, g.entries.map((i) => i.entry.id)])).toEqual([
      ['2024-11-22', 'Yesterday', ['la', 'la2']],
      ['2024-11-21', 'Thu 21 Nov', ['tk']],
      ['2024-11-18', 'Mon 18 Nov', ['mon']],
      ['2023-11-01', 'Wed 1 Nov 2023', ['old']],
    ]);
    expect(groups[0].entries[0]).toMatchObject({ readerLocalTime: '22:30', authorLocalLabel: '22:30' });
    expect(groups[1].entries[0]).toMatchObject({ readerLocalTime: '17:00', authorLocalLabel: 'Fri 10:00' });
  });

  it('falls back to UTC for an unknown zone and handles no entries', () => {
    expect(groupByDay([{ id: 'x', createdAt: utc(2024, 1, 1, 23, 0), authorZone: 'Nowhere/Land' }], 'Bad/Zone', utc(2024, 1, 2))).toEqual([
      {
        localDate: '2024-01-01',
        label: 'Yesterday',
        entries: [
          {
            entry: { id: 'x', createdAt: utc(2024, 1, 1, 23, 0), authorZone: 'Nowhere/Land' },
            readerLocalTime: '23:00',
            authorLocalTime: '23:00',
            authorLocalDate: '2024-01-01',
            authorLocalLabel: '23:00',
          },
        ],
      },
    ]);
    expect(groupByDay([], 'UTC', 0)).toEqual([]);
  });
});

describe('labels and local values', () => {
  it('formats dates and times in a zone', () => {
    expect(localDateOf(utc(2024, 11, 23, 6, 30), 'America/Los_Angeles')).toBe('2024-11-22');
    expect(localTimeOf(utc(2024, 11, 23, 6, 30), 'Asia/Kolkata')).toBe('12:00');
    expect(dayLabel('2024-03-01', '2024-03-01')).toBe('Today');
    expect(dayLabel('2024-02-29', '2024-03-01')).toBe('Yesterday');
    expect(dayLabel('2024-03-02', '2024-03-01')).toBe('Sat 2 Mar');
    expect(shortDateLabel('2023-12-31', '2024-01-01')).toBe('Sun 31 Dec 2023');
  });
});

describe('weeks', () => {
  it('runs Monday 00:00 to Monday 00:00 local, 25 hours longer across the autumn DST change', () => {
    const week = weekContaining(utc(2024, 10, 25, 12), 'Europe/Berlin');
    expect(week.isoWeek).toBe('2024-W43');
    expect(week.weekStart).toBe('2024-10-21');
    expect(week.weekEnd).toBe('2024-10-27');
    expect(week.startMs).toBe(utc(2024, 10, 20, 22)); // 00:00 CEST
    expect(week.endMs).toBe(utc(2024, 10, 27, 23)); // 00:00 CET
    expect(week.endMs - week.startMs).toBe(7 * 24 * HOUR + HOUR);
    expect(week.days.map((d) => d.label)).toEqual(['Mon 21 Oct', 'Tue 22 Oct', 'Wed 23 Oct', 'Thu 24 Oct', 'Fri 25 Oct', 'Sat 26 Oct', 'Sun 27 Oct']);
    expect(week.days[6].endMs - week.days[6].startMs).toBe(25 * HOUR);
    for (let i = 1; i < 7; i++) expect(week.days[i].startMs).toBe(week.days[i - 1].endMs);
  });

  it('uses the zone: Sunday evening in New York is already Monday in Tokyo', () => {
    const instant = utc(2024, 11, 25, 1); // Sun 24 Nov 20:00 New York, Mon 25 Nov 10:00 Tokyo
    expect(weekContaining(instant, 'America/New_York').weekStart).toBe('2024-11-18');
    expect(weekContaining(instant, 'Asia/Tokyo').weekStart).toBe('2024-11-25');
  });

  it('follows ISO week years', () => {
    const week = weekOfLocalDate('2025-01-01', 'UTC');
    expect(week.isoWeek).toBe('2025-W01');
    expect(week.weekStart).toBe('2024-12-30');
    expect(() => weekOfLocalDate('2025-13-01', 'UTC')).toThrow(RangeError);
  });

  it('lists the UTC months a range touches', () => {
    const week = weekOfLocalDate('2024-10-28', 'Asia/Tokyo'); // 27 Oct 15:00 UTC – 3 Nov 15:00 UTC
    expect(utcMonthKeysBetween(week.startMs, week.endMs)).toEqual(['2024-10', '2024-11']);
    expect(utcMonthKeysBetween(utc(2024, 1, 1), utc(2024, 1, 2))).toEqual(['2024-01']);
    expect(utcMonthKeysBetween(utc(2024, 1, 2), utc(2024, 1, 1))).toEqual([]);
  });
});
