import { describe, expect, it } from 'vitest';
import { handoverPoint, nextInTheSun, sunOrder } from './follow-the-sun';
import type { MemberSchedule } from './work-hours';

const at = (iso: string) => Date.parse(iso);
const member = (id: string, timeZone: string, extra: Partial<MemberSchedule> = {}): MemberSchedule => ({
  id,
  timeZone,
  workdays: [1, 2, 3, 4, 5],
  workStart: '09:00',
  workEnd: '17:00',
  ...extra,
});

// June 2026: Berlin CEST (+2), New York EDT (−4), Sydney AEST (+10, winter), no DST anywhere.
const me = member('me', 'Europe/Berlin');
const ny = member('ny', 'America/New_York');
const tokyo = member('tokyo', 'Asia/Tokyo');
const kolkata = member('kolkata', 'Asia/Kolkata', { workStart: '10:00', workEnd: '18:00' });
const sydney = member('sydney', 'Australia/Sydney');
const team = [ny, tokyo, kolkata, sydney];

describe('nextInTheSun', () => {
  it.each([
    [
      // I end Wed 17:00 CEST = 15:00Z. NY started at 13:00Z (before I end) → its next start is Thu.
      // Sydney Thu 09:00 = Wed 23:00Z, Tokyo Thu 09:00 = Thu 00:00Z, Kolkata Thu 10:00 = 04:30Z.
      'a Wednesday: Sydney wakes first', me, team, '2026-06-10T16:00:00+02:00',
      [{ id: 'sydney', startsAt: at('2026-06-10T23:00:00Z') }],
    ],
    [
      'off in the evening: the reference is now, Sydney still next', me, team, '2026-06-10T20:00:00+02:00',
      [{ id: 'sydney', startsAt: at('2026-06-10T23:00:00Z') }],
    ],
    [
      'a Friday: the weekend is skipped, Sydney on Monday (Sunday 23:00Z)', me, team, '2026-06-12T16:00:00+02:00',
      [{ id: 'sydney', startsAt: at('2026-06-14T23:00:00Z') }],
    ],
    [
      'Sydney has Thursday off: Tokyo is next', me, [ny, tokyo, kolkata, { ...sydney, timeOff: ['2026-06-11'] }], '2026-06-10T16:00:00+02:00',
      [{ id: 'tokyo', startsAt: at('2026-06-11T00:00:00Z') }],
    ],
    [
      'a Saturday worker in Kolkata beats everyone after a Friday', me,
      [...team, member('weekend', 'Asia/Kolkata', { workdays: [6, 7], workStart: '08:00', workEnd: '16:00' })],
      '2026-06-12T16:00:00+02:00',
      [{ id: 'weekend', startsAt: at('2026-06-13T08:00:00+05:30') }],
    ],
    [
      'ties: Tokyo and Seoul both start 09:00 +09:00', me, [tokyo, member('seoul', 'Asia/Seoul'), ny], '2026-06-10T16:00:00+02:00',
      [
        { id: 'tokyo', startsAt: at('2026-06-11T00:00:00Z') },
        { id: 'seoul', startsAt: at('2026-06-11T00:00:00Z') },
      ],
    ],
    [
      'a teammate starting exactly when I end counts', me, [member('london', 'Europe/London', { workStart: '16:00', workEnd: '23:00' }), tokyo],
      '2026-06-10T16:00:00+02:00',
      [{ id: 'london', startsAt: at('2026-06-10T17:00:00+02:00') }],
    ],
    ['I am never in my own list', me, [me, { ...me, id: 'me' }], '2026-06-10T16:00:00+02:00', []],
    ['nobody ever works', me, [member('idle', 'UTC', { workdays: [] })], '2026-06-10T16:00:00+02:00', []],
    [
      'my night shift across Sydney’s fall back: I end Sun 06:00 AEST; Kathmandu starts 09:00 +05:45',
      member('me', 'Australia/Sydney', { workdays: [6], workStart: '22:00', workEnd: '06:00' }),
      [member('ktm', 'Asia/Kathmandu', { workdays: [7] }), member('chatham', 'Pacific/Chatham', { workdays: [1] })],
      '2026-04-05T01:00:00+11:00',
      // Sun 06:00 AEST = Sat 20:00Z; Kathmandu Sun 09:00 = 03:15Z; Chatham Mon 09:00 +12:45 = Sun 20:15Z.
      [{ id: 'ktm', startsAt: at('2026-04-05T09:00:00+05:45') }],
    ],
  ] as [string, MemberSchedule, MemberSchedule[], string, { id: string; startsAt: number }[]][])('%s', (_name, who, mates, now, expected) => {
    expect(nextInTheSun(who, mates, at(now))).toEqual(expected);
  });

  it('orders the whole team by their next start', () => {
    expect(sunOrder(me, team, at('2026-06-10T16:00:00+02:00')).map((s) => s.id)).toEqual(['sydney', 'tokyo', 'kolkata', 'ny']);
  });

  it('hands over at the end of my shift while I work, else now', () => {
    expect(handoverPoint(me, at('2026-06-10T16:00:00+02:00'))).toBe(at('2026-06-10T17:00:00+02:00'));
    expect(handoverPoint(me, at('2026-06-10T20:00:00+02:00'))).toBe(at('2026-06-10T20:00:00+02:00'));
  });
});
