/**
 * The reminder service on real SQLite with an injected clock and hand-driven timers (the pure
 * engine has its own tests in schedule.test.ts): the timer fires at the due instant, a sleep
 * is caught up once, and snoozes, skips, dismissals and "already notified" survive a restart.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReminderList } from '../../../shared/api/handoff-api';
import type { MemberSchedule } from '../../../shared/time';
import { parseClockTime, resolveLocalTime } from '../../../shared/time';
import { ManualTimers, TestClock } from '../../../test/support/manual-clock';
import { openDatabase } from '../storage/database';
import { LocalSettings } from '../storage/local-settings';
import type { ReminderContext } from './reminder-service';
import { ReminderService } from './reminder-service';
import { ReminderStore } from './reminder-store';

const ZONE = 'Europe/Berlin';
/** Wall time in Berlin; the week of Mon 2 – Sun 8 February 2026 (CET, no DST change). */
const berlin = (date: string, time: string) => resolveLocalTime(ZONE, date, parseClockTime(time)!);
const WED = '2026-02-04';
const THU = '2026-02-05';
const TUE = '2026-02-03';

const me: MemberSchedule = { id: 'me', timeZone: ZONE, workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00' };
const ben: MemberSchedule & { name: string } = { id: 'ben', name: 'Ben', timeZone: 'America/New_York', workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00' };

interface Env {
  clock: TestClock;
  timers: ManualTimers;
  service: ReminderService;
  events: ReminderList[];
  /** Reminders notified so far, as "kind@localDate". */
  notified: string[];
  restart(): void;
}

const dirs: string[] = [];
const open: { db: BetterSqlite3.Database; service: ReminderService }[] = [];

afterEach(() => {
  for (const { db, service } of open.splice(0)) {
    service.dispose();
    db.close();
  }
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function start(startAt: number, context: Partial<ReminderContext> = {}): Env {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-reminders-'));
  dirs.push(dir);
  const clock = new TestClock(startAt);
  const env = { clock, events: [] as ReminderList[], notified: [] as string[] } as unknown as Env;
  const boot = () => {
    const db = openDatabase(dir);
    const timers = new ManualTimers(clock);
    const service = new ReminderService({
      clock,
      timers,
      store: new ReminderStore(db, new LocalSettings(db)),
      context: () => ({
        me,
        teammates: [ben],
        settings: { retroEveryWeeks: 0, teamZone: ZONE },
        written: { handoffDays: [], weeklySummaryWeeks: [] },
        handoffsForMe: 0,
        pagesDueForReview: 0,
        ...context,
      }),
    });
    service.onChange((list) => {
      env.events.push(list);
      env.notified.push(...list.due.map((r) => `${r.kind}@${r.localDate}`));
    });
    open.push({ db, service });
    Object.assign(env, { timers, service });
    service.check();
  };
  env.restart = () => {
    const last = open.pop()!;
    last.service.dispose();
    last.db.close();
    boot();
  };
  boot();
  return env;
}

describe('reminder service: the timer fires at the due instant', () => {
  const cases = [
    { name: 'handoff, 15 min before the end of my day', from: berlin(WED, '16:00'), due: berlin(WED, '16:45'), kind: 'handoff', context: {} },
    {
      name: 'handoff with the team setting of 30 minutes',
      from: berlin(WED, '16:00'),
      due: berlin(WED, '16:30'),
      kind: 'handoff',
      context: { settings: { retroEveryWeeks: 0, teamZone: ZONE, handoffMinutesBeforeEnd: 30 } },
    },
    { name: 'handoffs for me, at the start of my day', from: berlin(THU, '07:12'), due: berlin(THU, '09:00'), kind: 'handoffs-for-you', context: { handoffsForMe: 2 } },
    { name: 'pages to review, at the start of my day', from: berlin(THU, '08:59'), due: berlin(THU, '09:00'), kind: 'review-pages', context: { pagesDueForReview: 1 } },
    {
      name: 'handoff at the end of a shift that starts late, with a break',
      from: berlin(WED, '12:00'),
      due: berlin(WED, '19:45'),
      kind: 'handoff',
      context: { me: { ...me, workStart: '11:00', workEnd: '20:00', breaks: [{ start: '14:00', end: '15:00' }] } },
    },
  ] as const;

  for (const c of cases) {
    it(c.name, () => {
      const env = start(c.from, c.context as Partial<ReminderContext>);
      expect(env.notified).toEqual([]);
      expect(env.service.check().next).toMatchObject({ kind: c.kind, dueAt: c.due });

      env.timers.advanceTo(c.due - 1);
      expect(env.notified).toEqual([]);
      // Armed for the exact instant, not only at the next minute tick.
      expect(env.timers.nextAt()).toBe(c.due);
      env.timers.advanceTo(c.due);
      expect(env.notified).toHaveLength(1);
      expect(env.notified[0]).toMatch(new RegExp(`^${c.kind}@`));
      expect(env.events.at(-1)!.due[0]).toMatchObject({ kind: c.kind, dueAt: c.due });
      expect(env.events.at(-1)!.now).toBe(c.due);

      // Later runs show it but do not notify again.
      env.timers.advanceTo(c.due + 10 * 60_000);
      expect(env.notified).toHaveLength(1);
      expect(env.service.check().active.map((r) => r.kind)).toContain(c.kind);
    });
  }

  it('runs at least once a minute even with nothing due', () => {
    const env = start(berlin(WED, '10:00') + 15_000);
    expect(env.timers.nextAt()).toBe(berlin(WED, '10:01'));
  });
});

describe('reminder service: sleep and wake', () => {
  const cases = [
    { name: 'asleep across the due time, awake within the grace: notified once on wake', asleep: berlin(WED, '16:00'), wake: berlin(WED, '17:40'), expected: [`handoff@${WED}`] },
    { name: 'asleep across several days: one handoff (the latest), not a burst', asleep: berlin(TUE, '12:00'), wake: berlin(THU, '16:50'), expected: [`handoff@${THU}`] },
    { name: 'asleep until the next morning: the grace has passed, nothing is notified', asleep: berlin(WED, '16:00'), wake: berlin(THU, '08:00'), expected: [] },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const env = start(c.asleep);
      expect(env.notified).toEqual([]);
      // Timers stall while the machine sleeps; the clock jumps; the minute tick fires on wake.
      env.clock.set(c.wake);
      env.timers.fireDue();
      expect(env.notified).toEqual(c.expected);
      env.timers.advanceTo(c.wake + 5 * 60_000);
      env.service.check();
      expect(env.notified).toEqual(c.expected);
    });
  }

  it('a restart after a sleep catches up from the last run stored on disk', () => {
    const env = start(berlin(WED, '16:00'));
    env.clock.set(berlin(WED, '16:50'));
    env.restart();
    expect(env.notified).toEqual([`handoff@${WED}`]);
  });
});

describe('reminder service: state survives a restart', () => {
  it('notifies once: a restart does not notify again, nor does the clock going back and forth', () => {
    const env = start(berlin(WED, '16:46'));
    expect(env.notified).toEqual([`handoff@${WED}`]);
    env.clock.set(berlin(WED, '16:47'));
    env.restart();
    env.clock.set(berlin(WED, '16:40'));
    env.restart();
    env.timers.advanceTo(berlin(WED, '16:50'));
    expect(env.notified).toEqual([`handoff@${WED}`]);
    expect(env.service.check().active.map((r) => r.id)).toEqual([`handoff:${WED}`]);
  });

  it('snooze: hidden until it ends, across a restart; then shown and notified again, once', () => {
    const env = start(berlin(WED, '16:46'));
    const snoozed = env.service.snooze('handoff', 30);
    expect(snoozed.active).toEqual([]);
    expect(snoozed.next).toMatchObject({ kind: 'handoff', dueAt: berlin(WED, '17:16') });
    env.clock.set(berlin(WED, '16:50'));
    env.restart();
    expect(env.service.check().active).toEqual([]);
    env.timers.advanceTo(berlin(WED, '17:16'));
    expect(env.notified).toEqual([`handoff@${WED}`, `handoff@${WED}`]);
    expect(env.events.at(-1)!.due[0].dueAt).toBe(berlin(WED, '17:16'));
    env.timers.advanceTo(berlin(WED, '17:30'));
    expect(env.notified).toHaveLength(2);
  });

  it('skip today: gone for today across a restart, back tomorrow', () => {
    const env = start(berlin(WED, '16:46'));
    expect(env.service.skipToday('handoff').active).toEqual([]);
    env.restart();
    expect(env.service.check().active).toEqual([]);
    env.timers.advanceTo(berlin(THU, '16:45'));
    expect(env.notified).toEqual([`handoff@${WED}`, `handoff@${THU}`]);
  });

  it('dismiss: that occurrence stays hidden across a restart', () => {
    const env = start(berlin(WED, '16:46'));
    expect(env.service.dismiss(`handoff:${WED}`).active).toEqual([]);
    env.restart();
    expect(env.service.check().active).toEqual([]);
    expect(env.service.check().next).toMatchObject({ id: `handoff:${THU}` });
  });

  it('a handoff written today removes the reminder (inputs re-read on refresh)', () => {
    const written: string[] = [];
    const env = start(berlin(WED, '16:46'), {});
    expect(env.service.check().active).toHaveLength(1);
    // Same store, new inputs: what the Core does when a handoff is posted.
    const first = open.pop()!;
    first.service.dispose();
    first.db.close();
    const db = openDatabase(dirs.at(-1)!);
    const service = new ReminderService({
      clock: env.clock,
      timers: env.timers,
      store: new ReminderStore(db, new LocalSettings(db)),
      context: () => ({
        me,
        teammates: [ben],
        settings: { retroEveryWeeks: 0, teamZone: ZONE },
        written: { handoffDays: written, weeklySummaryWeeks: [] },
        handoffsForMe: 0,
        pagesDueForReview: 0,
      }),
    });
    open.push({ db, service });
    const lists: ReminderList[] = [];
    service.onChange((list) => lists.push(list));
    service.check();
    written.push(WED);
    service.refresh();
    env.timers.advanceTo(env.clock.now() + 100);
    expect(lists.at(-1)!.active).toEqual([]);
  });
});
