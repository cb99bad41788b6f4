import { describe, expect, it } from 'vitest';
import type { MemberSchedule } from '../../../shared/time';
import { handoffDayOf, nextReminders, skipToday, snooze, summaryWeekOf } from './schedule';
import type { Reminder, ReminderInput, ReminderKind } from './schedule';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;

const member = (id: string, timeZone: string, extra: Partial<MemberSchedule> = {}): MemberSchedule => ({
  id,
  timeZone,
  workdays: [1, 2, 3, 4, 5],
  workStart: '09:00',
  workEnd: '17:00',
  ...extra,
});

// Unless said otherwise: Berlin, Mon–Fri 09:00–17:00, the week of 23–29 March 2026 (CET,
// +01:00; clocks go forward on Sunday the 29th).
const berlin = member('me', 'Europe/Berlin');
const input = (over: Partial<ReminderInput> = {}): ReminderInput => ({
  me: berlin,
  teammates: [],
  settings: { retroEveryWeeks: 0, teamZone: 'Europe/Berlin' },
  written: { handoffDays: [], weeklySummaryWeeks: [] },
  handoffsForMe: 0,
  pagesDueForReview: 0,
  snoozes: [],
  skips: [],
  lastCheckedMs: null,
  ...over,
});
const kinds = (reminders: Reminder[]) => reminders.map((r) => `${r.kind}@${r.localDate}`);

/** Runs the engine every 15 minutes, as the Core does, and returns the first `kind` it fires. */
function firstFired(kind: ReminderKind, state: ReminderInput, from: number, to: number): Reminder | null {
  let last: number | null = from;
  for (let now = from; now < to; now += 15 * MIN) {
    const hit = nextReminders({ ...state, lastCheckedMs: last }, now).due.find((r) => r.kind === kind);
    if (hit) return hit;
    last = now;
  }
  return null;
}

describe('end-of-workday handoff', () => {
  it('is due at work end − 15 min and expires 2 h after the shift', () => {
    const plan = nextReminders(input({ lastCheckedMs: at('2026-03-25T16:44:00+01:00') }), at('2026-03-25T16:45:00+01:00'));
    expect(plan.due).toHaveLength(1);
    expect(plan.due[0]).toMatchObject({
      id: 'handoff:2026-03-25',
      kind: 'handoff',
      dueAt: at('2026-03-25T16:45:00+01:00'),
      expiresAt: at('2026-03-25T19:00:00+01:00'),
      localDate: '2026-03-25',
      title: 'Write your handoff',
    });
    expect(plan.next).toMatchObject({ kind: 'handoff', dueAt: at('2026-03-26T16:45:00+01:00') });
  });

  it('is announced as next before it is due', () => {
    const plan = nextReminders(input({ lastCheckedMs: at('2026-03-25T16:43:00+01:00') }), at('2026-03-25T16:44:00+01:00'));
    expect(plan.due).toEqual([]);
    expect(plan.next).toMatchObject({ kind: 'handoff', dueAt: at('2026-03-25T16:45:00+01:00') });
  });

  it.each([
    ['already written that workday', { written: { handoffDays: ['2026-03-25'], weeklySummaryWeeks: [] } }, '2026-03-25T16:50:00+01:00', '2026-03-26T16:45:00+01:00'],
    ['on a Saturday (next: Monday, now in CEST)', {}, '2026-03-28T16:50:00+01:00', '2026-03-30T16:45:00+02:00'],
    ['on a day of time off', { me: { ...berlin, timeOff: ['2026-03-25'] } }, '2026-03-25T16:50:00+01:00', '2026-03-26T16:45:00+01:00'],
    ['skipped today', { skips: [{ kind: 'handoff' as ReminderKind, localDate: '2026-03-25' }] }, '2026-03-25T16:50:00+01:00', '2026-03-26T16:45:00+01:00'],
    ['after it expired (19:00)', {}, '2026-03-25T19:00:00+01:00', '2026-03-26T16:45:00+01:00'],
  ] as [string, Partial<ReminderInput>, string, string][])('is not shown %s', (_name, over, now, next) => {
    const plan = nextReminders(input({ ...over, lastCheckedMs: at(now) - 10 * MIN }), at(now));
    expect(plan.due).toEqual([]);
    expect(plan.active).toEqual([]);
    expect(plan.next?.dueAt).toBe(at(next));
  });

  it('honours a custom lead time (Kolkata, 30 min before 18:00)', () => {
    const me = member('me', 'Asia/Kolkata', { workEnd: '18:00' });
    const plan = nextReminders(input({ me, settings: { handoffMinutesBeforeEnd: 30, retroEveryWeeks: 0, teamZone: 'UTC' } }), at('2026-06-01T12:00:00+05:30'));
    expect(plan.next?.dueAt).toBe(at('2026-06-01T17:30:00+05:30'));
  });

  it('names who is next in the sun, with their start in my time', () => {
    const ava = { ...member('ava', 'Australia/Sydney'), name: 'Ava' };
    const plan = nextReminders(input({ teammates: [ava] }), at('2026-03-25T16:50:00+01:00'));
    // Sydney is on AEDT (+11) in March: Thursday 09:00 there is Wednesday 23:00 in Berlin.
    expect(plan.active[0].body).toBe('Your workday ends at 17:00. Next in the sun: Ava, starting at 23:00 your time.');
  });
});

describe('DST and zones', () => {
  it.each([
    ['New York, over the spring-forward weekend', member('me', 'America/New_York'), '2026-03-07T12:00:00-05:00', '2026-03-09T16:45:00-04:00'],
    ['New York, over the fall-back weekend', member('me', 'America/New_York'), '2026-10-31T12:00:00-04:00', '2026-11-02T16:45:00-05:00'],
    [
      'Sydney night shift over fall back: ends Sun 06:00 AEST, due 05:45 AEST',
      member('me', 'Australia/Sydney', { workdays: [6], workStart: '22:00', workEnd: '06:00' }),
      '2026-04-04T20:00:00+11:00', '2026-04-05T05:45:00+10:00',
    ],
    [
      'Chatham 00:30–05:00 on its spring-forward Sunday: due 04:45 +13:45',
      member('me', 'Pacific/Chatham', { workdays: [7], workStart: '00:30', workEnd: '05:00' }),
      '2026-09-26T12:00:00+12:45', '2026-09-27T04:45:00+13:45',
    ],
    ['Kathmandu', member('me', 'Asia/Kathmandu'), '2026-06-01T12:00:00+05:45', '2026-06-01T16:45:00+05:45'],
  ] as [string, MemberSchedule, string, string][])('%s', (_name, me, now, due) => {
    const plan = nextReminders(input({ me }), at(now));
    expect(plan.next).toMatchObject({ kind: 'handoff', dueAt: at(due) });
  });

  it('keys a night shift’s handoff by the date the shift started', () => {
    const me = member('me', 'Australia/Sydney', { workdays: [6], workStart: '22:00', workEnd: '06:00' });
    const due = at('2026-04-05T05:45:00+10:00');
    const plan = nextReminders(input({ me, lastCheckedMs: due - MIN }), due);
    expect(plan.due[0]).toMatchObject({ localDate: '2026-04-04', expiresAt: at('2026-04-05T08:00:00+10:00') });
    // Written at 05:50 on Sunday: it counts for Saturday's shift, and silences the reminder.
    const written = handoffDayOf(me, at('2026-04-05T05:50:00+10:00'));
    expect(written).toBe('2026-04-04');
    const after = nextReminders(input({ me, written: { handoffDays: [written], weeklySummaryWeeks: [] } }), at('2026-04-05T05:55:00+10:00'));
    expect(after.active.map((r) => r.kind)).toEqual(['weekly-summary']); // Saturday is also the last workday of the week
  });
});

describe('sleep / wake catch-up', () => {
  it('fires a missed reminder once on wake, and not again', () => {
    const slept = at('2026-03-25T15:00:00+01:00');
    const woke = at('2026-03-25T18:30:00+01:00');
    const first = nextReminders(input({ lastCheckedMs: slept }), woke);
    expect(kinds(first.due)).toEqual(['handoff@2026-03-25']);
    const again = nextReminders(input({ lastCheckedMs: woke }), woke + MIN);
    expect(again.due).toEqual([]);
    expect(kinds(again.active)).toEqual(['handoff@2026-03-25']); // still shown in-page until 19:00
  });

  it('does not fire what expired during the sleep', () => {
    const plan = nextReminders(input({ lastCheckedMs: at('2026-03-25T16:00:00+01:00') }), at('2026-03-25T19:30:00+01:00'));
    expect(plan.due).toEqual([]);
    expect(plan.next?.dueAt).toBe(at('2026-03-26T16:45:00+01:00'));
  });

  it('collapses several missed occurrences of a kind into the latest: no burst', () => {
    // With a 3-day grace, the handoffs of Mon, Tue and Wed are all still relevant on Thu noon.
    const plan = nextReminders(
      input({
        settings: { retroEveryWeeks: 0, teamZone: 'Europe/Berlin', graceMinutes: 3 * 1440 },
        handoffsForMe: 2,
        lastCheckedMs: at('2026-03-23T08:00:00+01:00'),
      }),
      at('2026-03-26T12:00:00+01:00'),
    );
    expect(kinds(plan.due)).toEqual(['handoff@2026-03-25', 'handoffs-for-you@2026-03-26']); // in due order
    expect(plan.due[1].body).toBe('2 handoff notes are waiting for you.');
  });

  it('on the first run shows whatever is relevant now', () => {
    const plan = nextReminders(input({ lastCheckedMs: undefined }), at('2026-03-25T18:00:00+01:00'));
    expect(kinds(plan.due)).toEqual(['handoff@2026-03-25']);
  });

  it('over a simulated week of checks every 5 minutes, each reminder fires exactly once', () => {
    const fired: string[] = [];
    let last: number | null = null;
    for (let now = at('2026-03-23T00:00:00+01:00'); now < at('2026-03-30T00:00:00+02:00'); now += 5 * MIN) {
      const plan = nextReminders(input({ handoffsForMe: 1, pagesDueForReview: 3, lastCheckedMs: last }), now);
      fired.push(...plan.due.map((r) => `${r.kind}@${r.localDate}`));
      last = now;
    }
    const days = ['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27'];
    expect(fired.sort()).toEqual(
      [
        ...days.map((d) => `handoff@${d}`),
        ...days.map((d) => `handoffs-for-you@${d}`),
        ...days.map((d) => `review-pages@${d}`),
        'weekly-summary@2026-03-27',
      ].sort(),
    );
  });
});

describe('snooze and skip', () => {
  it('snoozes for 30 minutes, then fires once when the snooze ends', () => {
    const shown = at('2026-03-25T16:45:00+01:00');
    const s = snooze('handoff', shown + MIN, 30);
    expect(s).toEqual({ kind: 'handoff', untilMs: at('2026-03-25T17:16:00+01:00') });
    const during = nextReminders(input({ snoozes: [s], lastCheckedMs: shown + MIN }), shown + 5 * MIN);
    expect(during.due).toEqual([]);
    expect(during.active).toEqual([]);
    expect(during.next).toMatchObject({ kind: 'handoff', dueAt: s.untilMs, localDate: '2026-03-25' });
    const after = nextReminders(input({ snoozes: [s], lastCheckedMs: at('2026-03-25T17:10:00+01:00') }), at('2026-03-25T17:20:00+01:00'));
    expect(after.due).toMatchObject([{ kind: 'handoff', dueAt: s.untilMs }]);
    const later = nextReminders(input({ snoozes: [s], lastCheckedMs: at('2026-03-25T17:20:00+01:00') }), at('2026-03-25T17:25:00+01:00'));
    expect(later.due).toEqual([]);
  });

  it('drops a reminder snoozed past its expiry, and leaves the next day alone', () => {
    const s = snooze('handoff', at('2026-03-25T18:55:00+01:00'), 10); // until 19:05, after 19:00
    const plan = nextReminders(input({ snoozes: [s], lastCheckedMs: at('2026-03-25T18:55:00+01:00') }), at('2026-03-25T19:06:00+01:00'));
    expect(plan.due).toEqual([]);
    expect(plan.next?.dueAt).toBe(at('2026-03-26T16:45:00+01:00'));
  });

  it('snoozes only its own kind', () => {
    const now = at('2026-03-25T09:01:00+01:00');
    const plan = nextReminders(input({ handoffsForMe: 1, pagesDueForReview: 1, snoozes: [snooze('review-pages', now, 60)], lastCheckedMs: now - 2 * MIN }), now);
    expect(kinds(plan.due)).toEqual(['handoffs-for-you@2026-03-25']);
    expect(plan.next).toMatchObject({ kind: 'review-pages', dueAt: at('2026-03-25T10:01:00+01:00') });
  });

  it('rejects a snooze of no length', () => {
    expect(() => snooze('handoff', 0, 0)).toThrow(RangeError);
  });

  it('skips the workday in play, even after midnight on a night shift', () => {
    expect(skipToday('handoff', berlin, at('2026-03-25T16:50:00+01:00'))).toEqual({ kind: 'handoff', localDate: '2026-03-25' });
    expect(skipToday('review-pages', berlin, at('2026-03-25T07:00:00+01:00'))).toEqual({ kind: 'review-pages', localDate: '2026-03-25' });
    const nightOwl = member('me', 'Europe/Berlin', { workStart: '16:00', workEnd: '23:30' });
    // 00:30 on Thursday: Wednesday's shift ended an hour ago, its handoff is still due (grace 2 h).
    const skip = skipToday('handoff', nightOwl, at('2026-03-26T00:30:00+01:00'));
    expect(skip.localDate).toBe('2026-03-25');
    const plan = nextReminders(input({ me: nightOwl, skips: [skip] }), at('2026-03-26T00:30:00+01:00'));
    expect(plan.active).toEqual([]);
    expect(plan.next?.localDate).toBe('2026-03-26');
  });
});

describe('start-of-day reminders', () => {
  it('shows handoffs for me at my work start, only when there are some', () => {
    const start = at('2026-03-25T09:00:00+01:00');
    expect(kinds(nextReminders(input({ handoffsForMe: 1, lastCheckedMs: start - MIN }), start).due)).toEqual(['handoffs-for-you@2026-03-25']);
    expect(nextReminders(input({ handoffsForMe: 0, lastCheckedMs: start - MIN }), start).due).toEqual([]);
    expect(nextReminders(input({ handoffsForMe: 1 }), at('2026-03-25T17:00:00+01:00')).active.map((r) => r.kind)).not.toContain('handoffs-for-you'); // expired at shift end
  });

  it('shows pages due for review at work start, with a count', () => {
    const start = at('2026-03-30T09:00:00+02:00'); // Monday after the change to CEST
    const plan = nextReminders(input({ pagesDueForReview: 1, lastCheckedMs: at('2026-03-28T12:00:00+01:00') }), start);
    expect(plan.due).toMatchObject([{ kind: 'review-pages', dueAt: start, body: '1 page is due for review.' }]);
  });
});

describe('weekly summary', () => {
  it('is due at the end of my last workday of the week', () => {
    const summary = firstFired('weekly-summary', input(), at('2026-03-23T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'));
    expect(summary).toMatchObject({ dueAt: at('2026-03-27T16:45:00+01:00'), localDate: '2026-03-27', expiresAt: at('2026-03-27T19:00:00+01:00') });
    expect(summary?.body).toContain('2026-W13');
  });

  it.each([
    ['Friday off: Thursday is the last workday', { me: { ...berlin, timeOff: ['2026-03-27'] } }, '2026-03-26T16:45:00+01:00'],
    ['already written: next Friday (CEST)', { written: { handoffDays: [], weeklySummaryWeeks: ['2026-W13'] } }, '2026-04-03T16:45:00+02:00'],
    [
      'Sunday–Thursday week in Kathmandu: Thursday',
      { me: member('me', 'Asia/Kathmandu', { workdays: [7, 1, 2, 3, 4] }), settings: { retroEveryWeeks: 0, teamZone: 'UTC', weekStartsOn: 7 } },
      '2026-03-26T16:45:00+05:45',
    ],
    [
      'the same workdays with Monday weeks: Sunday is the last workday',
      { me: member('me', 'Asia/Kathmandu', { workdays: [7, 1, 2, 3, 4] }), settings: { retroEveryWeeks: 0, teamZone: 'UTC', weekStartsOn: 1 } },
      '2026-03-29T16:45:00+05:45',
    ],
  ] as [string, Partial<ReminderInput>, string][])('%s', (_name, over, due) => {
    expect(firstFired('weekly-summary', input(over), at('2026-03-23T00:00:00Z'), at('2026-04-06T00:00:00Z'))?.dueAt).toBe(at(due));
  });

  it('keys summaries by week', () => {
    expect(summaryWeekOf(berlin, at('2026-03-27T17:30:00+01:00'))).toBe('2026-W13');
  });
});

describe('retrospective cadence', () => {
  const retro = (over: Partial<ReminderInput['settings']>, lastRetroAt?: number, me = berlin) =>
    input({ me, settings: { retroEveryWeeks: 2, teamZone: 'Europe/Berlin', ...over }, written: { handoffDays: [], weeklySummaryWeeks: [], lastRetroAt } });

  it('is due at the start of my first workday two weeks after the last one', () => {
    const last = at('2026-03-10T14:00:00+01:00'); // week of Monday 9 March
    const plan = nextReminders(retro({}, last), at('2026-03-22T12:00:00+01:00'));
    expect(plan.next).toMatchObject({ kind: 'retro', dueAt: at('2026-03-23T09:00:00+01:00'), expiresAt: at('2026-03-23T17:00:00+01:00') });
  });

  it('moves to my first workday that week when Monday is off, and repeats weekly until held', () => {
    const last = at('2026-03-10T14:00:00+01:00');
    const me = { ...berlin, timeOff: ['2026-03-23'] };
    expect(nextReminders(retro({}, last, me), at('2026-03-22T12:00:00+01:00')).next).toMatchObject({ kind: 'retro', dueAt: at('2026-03-24T09:00:00+01:00') });
    const afterIt = nextReminders(retro({}, last, me), at('2026-03-24T18:00:00+01:00'));
    expect(afterIt.active.map((r) => r.kind)).not.toContain('retro');
    const retros: number[] = [];
    for (let now = at('2026-03-24T18:00:00+01:00'); now < at('2026-04-01T00:00:00+02:00'); now += 3600_000) {
      const next = nextReminders(retro({}, last, me), now).next;
      if (next?.kind === 'retro' && !retros.includes(next.dueAt)) retros.push(next.dueAt);
    }
    expect(retros).toEqual([at('2026-03-30T09:00:00+02:00')]);
  });

  it('without a last retro follows a fixed cadence of even-numbered weeks', () => {
    // Weeks counted from Monday 1970-01-05: 23 March 2026 is week 2933, 30 March week 2934.
    const plan = nextReminders(retro({}), at('2026-03-22T12:00:00+01:00'));
    const retroNext = plan.next?.kind === 'retro' ? plan.next : null;
    expect(plan.next?.kind).toBe('handoff'); // Monday's handoff comes before any retro
    expect(retroNext).toBeNull();
    let found: Reminder | null = null;
    for (let now = at('2026-03-22T12:00:00+01:00'); !found; now += 3600_000) {
      const next = nextReminders(retro({}), now).next;
      if (next?.kind === 'retro') found = next;
    }
    expect(found.dueAt).toBe(at('2026-03-30T09:00:00+02:00'));
  });

  it('is off when the cadence is 0', () => {
    let seen = false;
    for (let now = at('2026-03-23T00:00:00+01:00'); now < at('2026-04-20T00:00:00+02:00'); now += 3 * 3600_000) {
      if (nextReminders(retro({ retroEveryWeeks: 0 }), now).next?.kind === 'retro') seen = true;
    }
    expect(seen).toBe(false);
  });
});

describe('degenerate profiles', () => {
  it('never reminds a member with no workdays or an unknown zone', () => {
    for (const me of [member('me', 'Europe/Berlin', { workdays: [] }), member('me', 'Nowhere/Atlantis')]) {
      const plan = nextReminders(input({ me, handoffsForMe: 3, pagesDueForReview: 3, settings: { retroEveryWeeks: 1, teamZone: 'UTC' } }), at('2026-03-25T12:00:00Z'));
      expect(plan).toEqual({ due: [], active: [], next: null });
    }
  });
});
