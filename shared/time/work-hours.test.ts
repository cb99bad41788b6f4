import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingMinutes,
  currentOrNextShift,
  currentOrNextWindow,
  dayTimeline,
  isWorking,
  nextWorkStart,
  shiftOn,
  workDateOf,
  workStatus,
  workWindowsBetween,
  workingMinutesBetween,
} from './work-hours';
import type { WorkSchedule } from './work-hours';

const at = (iso: string) => Date.parse(iso);
const H = 60; // minutes
const WEEKDAYS = [1, 2, 3, 4, 5];
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

const office = (timeZone: string, extra: Partial<WorkSchedule> = {}): WorkSchedule => ({
  timeZone,
  workdays: WEEKDAYS,
  workStart: '09:00',
  workEnd: '17:00',
  ...extra,
});
const night = (timeZone: string, workdays: number[], extra: Partial<WorkSchedule> = {}): WorkSchedule => ({
  timeZone,
  workdays,
  workStart: '22:00',
  workEnd: '06:00',
  ...extra,
});
const iv = (start: string, end: string) => ({ start: at(start), end: at(end) });

describe('workWindowsBetween', () => {
  // Every expected instant is written in the local offset that holds at that moment.
  it.each([
    [
      'New York spring forward: 01:30–09:00 lasts 6.5 h',
      { timeZone: 'America/New_York', workdays: [7], workStart: '01:30', workEnd: '09:00' },
      '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00',
      [iv('2026-03-08T01:30:00-05:00', '2026-03-08T09:00:00-04:00')],
    ],
    [
      'New York spring forward: a start inside the gap (02:30) moves to 03:30',
      { timeZone: 'America/New_York', workdays: [7], workStart: '02:30', workEnd: '09:00' },
      '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00',
      [iv('2026-03-08T03:30:00-04:00', '2026-03-08T09:00:00-04:00')],
    ],
    [
      'New York fall back: 01:30 is read in EDT (the earlier), so the shift lasts 8.5 h',
      { timeZone: 'America/New_York', workdays: [7], workStart: '01:30', workEnd: '09:00' },
      '2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00',
      [iv('2026-11-01T01:30:00-04:00', '2026-11-01T09:00:00-05:00')],
    ],
    [
      'Berlin night shift over spring forward: Sat 22:00 CET → Sun 06:00 CEST (7 h)',
      night('Europe/Berlin', [6]),
      '2026-03-28T00:00:00+01:00', '2026-03-30T00:00:00+02:00',
      [iv('2026-03-28T22:00:00+01:00', '2026-03-29T06:00:00+02:00')],
    ],
    [
      'Berlin night shift over fall back: Sat 22:00 CEST → Sun 06:00 CET (9 h)',
      night('Europe/Berlin', [6]),
      '2026-10-24T00:00:00+02:00', '2026-10-26T00:00:00+01:00',
      [iv('2026-10-24T22:00:00+02:00', '2026-10-25T06:00:00+01:00')],
    ],
    [
      'Sydney night shift over fall back (5 April): 22:00 AEDT → 06:00 AEST',
      night('Australia/Sydney', [6]),
      '2026-04-04T00:00:00+11:00', '2026-04-06T00:00:00+10:00',
      [iv('2026-04-04T22:00:00+11:00', '2026-04-05T06:00:00+10:00')],
    ],
    [
      'Sydney night shift over spring forward (4 October): 22:00 AEST → 06:00 AEDT',
      night('Australia/Sydney', [6]),
      '2026-10-03T00:00:00+10:00', '2026-10-05T00:00:00+11:00',
      [iv('2026-10-03T22:00:00+10:00', '2026-10-04T06:00:00+11:00')],
    ],
    [
      'Chatham 20:00–04:00 over fall back: +13:45 → +12:45 (9 h)',
      { timeZone: 'Pacific/Chatham', workdays: [6], workStart: '20:00', workEnd: '04:00' },
      '2026-04-04T00:00:00+13:45', '2026-04-06T00:00:00+12:45',
      [iv('2026-04-04T20:00:00+13:45', '2026-04-05T04:00:00+12:45')],
    ],
    [
      'Chatham 20:00–04:00 over spring forward: +12:45 → +13:45 (7 h)',
      { timeZone: 'Pacific/Chatham', workdays: [6], workStart: '20:00', workEnd: '04:00' },
      '2026-09-26T00:00:00+12:45', '2026-09-28T00:00:00+13:45',
      [iv('2026-09-26T20:00:00+12:45', '2026-09-27T04:00:00+13:45')],
    ],
    [
      'Kathmandu with a lunch break',
      office('Asia/Kathmandu', { breaks: [{ start: '12:00', end: '13:00' }] }),
      '2026-06-01T00:00:00+05:45', '2026-06-02T00:00:00+05:45', // a Monday
      [iv('2026-06-01T09:00:00+05:45', '2026-06-01T12:00:00+05:45'), iv('2026-06-01T13:00:00+05:45', '2026-06-01T17:00:00+05:45')],
    ],
    [
      'Kolkata with a day of time off (Tuesday)',
      office('Asia/Kolkata', { timeOff: ['2026-06-02'] }),
      '2026-06-01T00:00:00+05:30', '2026-06-04T00:00:00+05:30',
      [iv('2026-06-01T09:00:00+05:30', '2026-06-01T17:00:00+05:30'), iv('2026-06-03T09:00:00+05:30', '2026-06-03T17:00:00+05:30')],
    ],
    [
      'a Friday night shift belongs to Friday: nothing on Thursday night, clipped to the range',
      night('UTC', [5]),
      '2026-03-05T00:00:00Z', '2026-03-07T03:00:00Z', // Thu 00:00 → Sat 03:00
      [iv('2026-03-06T22:00:00Z', '2026-03-07T03:00:00Z')],
    ],
    [
      'a break past midnight inside a night shift',
      night('Europe/Berlin', [2], { breaks: [{ start: '01:00', end: '01:30' }] }),
      '2026-06-02T00:00:00+02:00', '2026-06-04T00:00:00+02:00', // Tue–Wed
      [iv('2026-06-02T22:00:00+02:00', '2026-06-03T01:00:00+02:00'), iv('2026-06-03T01:30:00+02:00', '2026-06-03T06:00:00+02:00')],
    ],
    [
      'a break across midnight cuts both ends of a day shift',
      { timeZone: 'UTC', workdays: [3], workStart: '00:00', workEnd: '00:00', breaks: [{ start: '23:00', end: '01:00' }] },
      '2026-06-01T00:00:00Z', '2026-06-06T00:00:00Z',
      [iv('2026-06-03T01:00:00Z', '2026-06-03T23:00:00Z')],
    ],
    [
      'back-to-back 24-hour shifts merge into one window',
      { timeZone: 'Asia/Kolkata', workdays: [1, 2], workStart: '00:00', workEnd: '00:00' },
      '2026-06-01T00:00:00+05:30', '2026-06-05T00:00:00+05:30',
      [iv('2026-06-01T00:00:00+05:30', '2026-06-03T00:00:00+05:30')],
    ],
  ] as [string, WorkSchedule, string, string, { start: number; end: number }[]][])('%s', (_name, schedule, from, to, expected) => {
    expect(workWindowsBetween(schedule, at(from), at(to))).toEqual(expected);
  });

  it('returns nothing for a schedule that never works', () => {
    const range = [at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z')] as const;
    expect(workWindowsBetween(office('UTC', { workdays: [] }), ...range)).toEqual([]);
    expect(workWindowsBetween(office('Nowhere/Atlantis'), ...range)).toEqual([]);
    expect(workWindowsBetween(office('UTC', { workStart: '9:00' }), ...range)).toEqual([]);
    expect(workWindowsBetween(office('UTC', { breaks: [{ start: '08:00', end: '18:00' }] }), ...range)).toEqual([]);
  });

  it('exposes the shift of a date, with its breaks, and the shift in progress', () => {
    const s = office('Asia/Kathmandu', { breaks: [{ start: '12:00', end: '13:00' }] });
    const shift = shiftOn(s, '2026-06-01')!;
    expect(shift).toMatchObject(iv('2026-06-01T09:00:00+05:45', '2026-06-01T17:00:00+05:45'));
    expect(shift.windows).toHaveLength(2);
    expect(shiftOn(s, '2026-06-06')).toBeNull(); // Saturday
    expect(currentOrNextShift(s, at('2026-06-01T12:30:00+05:45'))?.localDate).toBe('2026-06-01'); // in the break
    expect(currentOrNextShift(s, at('2026-06-05T18:00:00+05:45'))?.localDate).toBe('2026-06-08'); // Fri evening → Mon
  });
});

describe('isWorking, workStatus, nextWorkStart, currentOrNextWindow', () => {
  const berlin = office('Europe/Berlin', { breaks: [{ start: '12:00', end: '13:00' }] });
  // Wed 2026-03-04 (CET, +01:00).
  it.each([
    ['Wed 10:30', '2026-03-04T10:30:00+01:00', 'working', '2026-03-04T11:00:00+01:00'], // an hour before the break
    ['Wed 11:30', '2026-03-04T11:30:00+01:00', 'ending-soon', '2026-03-04T12:00:00+01:00'],
    ['Wed 12:15 (break)', '2026-03-04T12:15:00+01:00', 'starting-soon', '2026-03-04T13:00:00+01:00'],
    ['Wed 13:00', '2026-03-04T13:00:00+01:00', 'working', '2026-03-04T16:00:00+01:00'],
    ['Wed 16:30', '2026-03-04T16:30:00+01:00', 'ending-soon', '2026-03-04T17:00:00+01:00'],
    ['Wed 17:00 (end is exclusive)', '2026-03-04T17:00:00+01:00', 'off', '2026-03-05T08:00:00+01:00'],
    ['Thu 08:15', '2026-03-05T08:15:00+01:00', 'starting-soon', '2026-03-05T09:00:00+01:00'],
    ['Sat 10:00', '2026-03-07T10:00:00+01:00', 'off', '2026-03-09T08:00:00+01:00'],
  ])('%s → %s until %s', (_name, now, status, change) => {
    const s = workStatus(berlin, at(now));
    expect(s.status).toBe(status);
    expect(s.nextChangeAt).toBe(at(change));
    expect(isWorking(berlin, at(now))).toBe(status === 'working' || status === 'ending-soon');
  });

  it('says off forever for a schedule without workdays', () => {
    expect(workStatus(office('UTC', { workdays: [] }), 0)).toEqual({ status: 'off', nextChangeAt: null, window: null });
    expect(nextWorkStart(office('UTC', { workdays: [] }), 0)).toBeNull();
    expect(currentOrNextWindow(office('UTC', { workdays: [] }), 0)).toBeNull();
  });

  it('finds the next start after a weekend, a break, or right now', () => {
    const plain = office('Europe/Berlin');
    expect(nextWorkStart(plain, at('2026-03-06T17:30:00+01:00'))).toBe(at('2026-03-09T09:00:00+01:00')); // Fri → Mon
    expect(nextWorkStart(plain, at('2026-03-04T10:30:00+01:00'))).toBe(at('2026-03-05T09:00:00+01:00')); // working → tomorrow
    expect(nextWorkStart(plain, at('2026-03-04T09:00:00+01:00'))).toBe(at('2026-03-04T09:00:00+01:00')); // exactly now
    expect(nextWorkStart(berlin, at('2026-03-04T12:15:00+01:00'))).toBe(at('2026-03-04T13:00:00+01:00')); // after lunch
    // Over the spring-forward weekend: Monday 30 March is in CEST.
    expect(nextWorkStart(plain, at('2026-03-27T18:00:00+01:00'))).toBe(at('2026-03-30T09:00:00+02:00'));
    expect(currentOrNextWindow(plain, at('2026-03-04T10:30:00+01:00'))).toEqual(iv('2026-03-04T09:00:00+01:00', '2026-03-04T17:00:00+01:00'));
  });

  it('attributes the hours after midnight to the night shift of the day before', () => {
    const fri = night('UTC', [5]);
    expect(isWorking(fri, at('2026-03-06T23:00:00Z'))).toBe(true); // Fri 23:00
    expect(isWorking(fri, at('2026-03-07T05:00:00Z'))).toBe(true); // Sat 05:00, Friday's shift
    expect(isWorking(fri, at('2026-03-06T05:00:00Z'))).toBe(false); // Fri 05:00: Thursday is off
    expect(workDateOf(fri, at('2026-03-07T05:00:00Z'))).toBe('2026-03-06');
    expect(workDateOf(fri, at('2026-03-07T07:00:00Z'))).toBe('2026-03-07'); // over, no grace
    expect(workDateOf(fri, at('2026-03-07T07:00:00Z'), 120)).toBe('2026-03-06'); // within 2 h of its end
  });
});

describe('addWorkingMinutes: business-time due dates', () => {
  const tokyo = office('Asia/Tokyo');
  it.each([
    [
      'Friday 18:00 Berlin → Tokyo, 8 working hours: Friday is over in Tokyo (Sat 02:00), due Monday 17:00 Tokyo',
      tokyo, '2026-03-06T18:00:00+01:00', 8 * H, '2026-03-09T17:00:00+09:00',
    ],
    ['2 h sent at 16:00 Tokyo time: 1 h today, due 10:00 next workday', tokyo, '2026-03-04T16:00:00+09:00', 2 * H, '2026-03-05T10:00:00+09:00'],
    ['2 h sent Friday 16:00 Tokyo: due Monday 10:00', tokyo, '2026-03-06T16:00:00+09:00', 2 * H, '2026-03-09T10:00:00+09:00'],
    ['ending exactly at the end of a window gives that end, not the next start', tokyo, '2026-03-04T16:00:00+09:00', 1 * H, '2026-03-04T17:00:00+09:00'],
    ['a full week of 40 h from Monday 09:00 ends Friday 17:00', tokyo, '2026-03-02T09:00:00+09:00', 40 * H, '2026-03-06T17:00:00+09:00'],
    [
      'New York across the spring-forward weekend',
      office('America/New_York'), '2026-03-06T16:00:00-05:00', 2 * H, '2026-03-09T10:00:00-04:00',
    ],
    [
      'New York across the fall-back weekend',
      office('America/New_York'), '2026-10-30T16:00:00-04:00', 2 * H, '2026-11-02T10:00:00-05:00',
    ],
    [
      'Berlin night shift on the spring-forward night holds only 7 h',
      night('Europe/Berlin', [6]), '2026-03-28T22:00:00+01:00', 7 * H, '2026-03-29T06:00:00+02:00',
    ],
    [
      '…so the 421st minute is in the next Saturday shift',
      night('Europe/Berlin', [6]), '2026-03-28T22:00:00+01:00', 7 * H + 1, '2026-04-04T22:01:00+02:00',
    ],
    [
      'Berlin night shift on the fall-back night holds 9 h',
      night('Europe/Berlin', [6]), '2026-10-24T22:00:00+02:00', 9 * H, '2026-10-25T06:00:00+01:00',
    ],
    [
      'Sydney across its fall-back weekend (Fri AEDT → Mon AEST)',
      office('Australia/Sydney'), '2026-04-03T16:00:00+11:00', 2 * H, '2026-04-06T10:00:00+10:00',
    ],
    [
      'Chatham across its spring-forward weekend (+12:45 → +13:45)',
      office('Pacific/Chatham'), '2026-09-25T16:30:00+12:45', 1 * H, '2026-09-28T09:30:00+13:45',
    ],
    [
      'Kathmandu skips the lunch break',
      office('Asia/Kathmandu', { breaks: [{ start: '12:00', end: '13:00' }] }), '2026-06-01T11:00:00+05:45', 2 * H, '2026-06-01T14:00:00+05:45',
    ],
    [
      'Kolkata skips a day of time off',
      office('Asia/Kolkata', { timeOff: ['2026-06-02'] }), '2026-06-01T16:00:00+05:30', 2 * H, '2026-06-03T10:00:00+05:30',
    ],
    ['sent before the workday starts: counting starts at 09:00', tokyo, '2026-03-04T07:00:00+09:00', 30, '2026-03-04T09:30:00+09:00'],
  ] as [string, WorkSchedule, string, number, string][])('%s', (_name, schedule, from, minutes, due) => {
    expect(addWorkingMinutes(schedule, at(from), minutes)).toBe(at(due));
    expect(workingMinutesBetween(schedule, at(from), at(due))).toBe(minutes);
  });

  it('returns null for a schedule without working time, and never loops', () => {
    expect(addWorkingMinutes(office('UTC', { workdays: [] }), 0, 60)).toBeNull();
    expect(addWorkingMinutes(office('UTC', { workdays: [] }), 0, 0)).toBeNull();
    expect(addWorkingMinutes(office('UTC', { breaks: [{ start: '00:00', end: '23:59' }] }), 0, 60)).toBeNull();
    expect(addWorkingMinutes(office('Not/AZone'), 0, 60)).toBeNull();
  });

  it('0 minutes is the send instant; negative minutes are a programming error', () => {
    expect(addWorkingMinutes(tokyo, 1234, 0)).toBe(1234);
    expect(() => addWorkingMinutes(tokyo, 0, -1)).toThrow(RangeError);
    expect(() => addWorkingMinutes(tokyo, 0, Number.NaN)).toThrow(RangeError);
  });
});

describe('workingMinutesBetween and escalation timing', () => {
  it.each([
    ['NY Friday 16:00 EST → Monday 10:00 EDT', office('America/New_York'), '2026-03-06T16:00:00-05:00', '2026-03-09T10:00:00-04:00', 2 * H],
    ['Berlin, the week of the spring-forward Sunday: 5 × 8 h', office('Europe/Berlin'), '2026-03-23T00:00:00+01:00', '2026-03-30T00:00:00+02:00', 40 * H],
    ['Berlin spring-forward night shift', night('Europe/Berlin', [6]), '2026-03-28T12:00:00+01:00', '2026-03-29T12:00:00+02:00', 7 * H],
    ['Berlin fall-back night shift', night('Europe/Berlin', [6]), '2026-10-24T12:00:00+02:00', '2026-10-25T12:00:00+01:00', 9 * H],
    ['Sydney fall-back night shift', night('Australia/Sydney', [6]), '2026-04-04T12:00:00+11:00', '2026-04-05T12:00:00+10:00', 9 * H],
    ['Chatham spring-forward 01:00–05:00 shift', { timeZone: 'Pacific/Chatham', workdays: [7], workStart: '01:00', workEnd: '05:00' }, '2026-09-27T00:00:00+12:45', '2026-09-28T00:00:00+13:45', 3 * H],
    ['empty or reversed range', office('UTC'), '2026-03-04T12:00:00Z', '2026-03-04T10:00:00Z', 0],
  ] as [string, WorkSchedule, string, string, number][])('%s = %i min', (_name, schedule, a, b, minutes) => {
    expect(workingMinutesBetween(schedule, at(a), at(b))).toBe(minutes);
  });

  it('escalates a handoff not acknowledged within 4 working hours of the recipient', () => {
    const tokyo = office('Asia/Tokyo');
    const sent = at('2026-03-06T18:00:00+01:00'); // Friday evening in Berlin = Saturday 02:00 in Tokyo
    const limit = 4 * H;
    const overdue = (now: string) => workingMinutesBetween(tokyo, sent, at(now)) >= limit;
    expect(overdue('2026-03-08T23:00:00+09:00')).toBe(false); // Sunday night: no working time yet
    expect(overdue('2026-03-09T12:59:00+09:00')).toBe(false); // 3 h 59 min into Monday
    expect(overdue('2026-03-09T13:00:00+09:00')).toBe(true);
    expect(addWorkingMinutes(tokyo, sent, limit)).toBe(at('2026-03-09T13:00:00+09:00')); // when to schedule the check
  });
});

describe('properties of business-time arithmetic', () => {
  const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Chatham'];
  const clock = fc.integer({ min: 0, max: 95 }).map((q) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`);
  const schedule: fc.Arbitrary<WorkSchedule> = fc.record({
    timeZone: fc.constantFrom(...zones),
    workdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    workStart: clock,
    workEnd: clock,
    breaks: fc.array(fc.record({ start: clock, end: clock }), { maxLength: 1 }),
  });
  // 2026, so that every DST change of the zones above is crossed by some runs.
  const instant = fc.integer({ min: at('2026-01-01T00:00:00Z') / 60_000, max: at('2026-12-20T00:00:00Z') / 60_000 }).map((m) => m * 60_000);
  const minutes = fc.integer({ min: 0, max: 3 * 1440 });

  it('addWorkingMinutes(s, t, a + b) = addWorkingMinutes(s, addWorkingMinutes(s, t, a), b)', () => {
    fc.assert(
      fc.property(schedule, instant, minutes, minutes, (s, t, a, b) => {
        const direct = addWorkingMinutes(s, t, a + b);
        const first = addWorkingMinutes(s, t, a);
        const stepped = first === null ? null : addWorkingMinutes(s, first, b);
        expect(stepped).toBe(direct);
      }),
      { numRuns: 300 },
    );
  });

  it('workingMinutesBetween(s, t, addWorkingMinutes(s, t, m)) = m', () => {
    fc.assert(
      fc.property(schedule, instant, minutes, (s, t, m) => {
        const due = addWorkingMinutes(s, t, m);
        if (due === null) return; // only a schedule whose breaks cover every shift
        expect(workingMinutesBetween(s, t, due)).toBe(m);
      }),
      { numRuns: 300 },
    );
  });

  it('windows are ordered, disjoint, non-empty and agree with isWorking', () => {
    fc.assert(
      fc.property(schedule, instant, (s, t) => {
        const windows = workWindowsBetween(s, t, t + 9 * 86_400_000);
        for (let i = 0; i < windows.length; i++) {
          expect(windows[i].end).toBeGreaterThan(windows[i].start);
          if (i > 0) expect(windows[i].start).toBeGreaterThan(windows[i - 1].end);
          expect(isWorking(s, windows[i].start)).toBe(true);
          if (windows[i].end < t + 9 * 86_400_000) expect(isWorking(s, windows[i].end)).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('dayTimeline', () => {
  it('places members on the viewer’s 23-hour spring-forward day (New York, 8 March)', () => {
    const members = [
      { id: 'ny', ...office('America/New_York', { workdays: EVERY_DAY }) },
      { id: 'berlin', ...office('Europe/Berlin', { workdays: EVERY_DAY, workStart: '15:00', workEnd: '23:00' }) },
      { id: 'kolkata', ...night('Asia/Kolkata', EVERY_DAY) },
    ];
    const t = dayTimeline(members, 'America/New_York', at('2026-03-08T12:00:00-04:00'));
    expect(t.date).toBe('2026-03-08');
    expect(t.dayStart).toBe(at('2026-03-08T00:00:00-05:00'));
    expect(t.lengthMinutes).toBe(23 * H);
    // NY 09:00 EDT is only 8 real hours after midnight EST; Berlin 15:00 CET = 14:00Z = 9 h;
    // Kolkata 22:00 IST = 16:30Z = 11.5 h, cut at the viewer's midnight (04:00Z = 23 h).
    const minutes = (id: string) => t.members.find((m) => m.id === id)!.segments.map((s) => [s.startMinute, s.endMinute]);
    expect(minutes('ny')).toEqual([[8 * H, 16 * H]]);
    expect(minutes('berlin')).toEqual([[9 * H, 17 * H]]);
    expect(minutes('kolkata')).toEqual([[11.5 * H, 19.5 * H]]);
    expect(t.members[0].segments[0].startFraction).toBeCloseTo(480 / 1380, 12);
    expect(t.overlapAll.map((s) => [s.startMinute, s.endMinute])).toEqual([[11.5 * H, 16 * H]]);
    expect(t.overlapTwoOrMore.map((s) => [s.startMinute, s.endMinute])).toEqual([[9 * H, 17 * H]]);
    expect(t.coverage.map((c) => [c.startMinute, c.endMinute, c.count])).toEqual([
      [8 * H, 9 * H, 1],
      [9 * H, 11.5 * H, 2],
      [11.5 * H, 16 * H, 3],
      [16 * H, 17 * H, 2],
      [17 * H, 19.5 * H, 1],
    ]);
  });

  it('uses the true 25-hour length of the Chatham fall-back day, with 45-minute offsets', () => {
    const kathmandu = { id: 'ktm', ...office('Asia/Kathmandu', { workdays: EVERY_DAY }) };
    const t = dayTimeline([kathmandu], 'Pacific/Chatham', at('2026-04-05T12:00:00+12:45'));
    expect(t.lengthMinutes).toBe(25 * H);
    // Chatham day: 4 Apr 10:15Z → 5 Apr 11:15Z. Kathmandu shifts 03:15Z–11:15Z on the 4th and 5th.
    expect(t.members[0].segments.map((s) => [s.startMinute, s.endMinute, s.endFraction])).toEqual([
      [0, 60, 60 / 1500],
      [17 * H, 25 * H, 1],
    ]);
    expect(t.overlapAll).toHaveLength(2); // one member: everywhere they work
    expect(t.overlapTwoOrMore).toEqual([]);
  });

  it('has no all-member overlap when someone is off that day', () => {
    const t = dayTimeline(
      [{ id: 'a', ...office('Europe/Berlin') }, { id: 'b', ...office('Europe/Berlin', { timeOff: ['2026-03-04'] }) }],
      'Europe/Berlin',
      at('2026-03-04T08:00:00+01:00'),
    );
    expect(t.lengthMinutes).toBe(24 * H);
    expect(t.overlapAll).toEqual([]);
    expect(t.members[1].segments).toEqual([]);
    expect(dayTimeline([], 'UTC', 0).overlapAll).toEqual([]);
  });
});
