/**
 * Handoffs through the Core's API (real dispatcher, SQLite, docs) with an injected clock:
 * "next in the sun" prefill across zones and days off, what else a handoff is pre-filled with,
 * escalation timing in the recipient's working hours, forwarding, scheduled delivery,
 * acknowledgement seen by the author, and the reminder that goes away once a handoff is written.
 * Teammates' Cores share the space by exchanging doc states (as the relay would).
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { EscalatedHandoff, HandoffPrefill, LocalAppSettings, ReminderList } from '../../../shared/api/handoff-api';
import type { Profile } from '../../../shared/api/contract';
import { SPACE_DOC_ID } from '../../../shared/model/doc-ids';
import { logDocIdFor, postEntry, resolveBlocker } from '../../../shared/model/log';
import type { HandoffEntry } from '../../../shared/model/log-types';
import { setMemberSchedule } from '../../../shared/model/member-schedule';
import { upsertMember } from '../../../shared/model/space';
import type { Member } from '../../../shared/model/types';
import { nextWorkStart, parseClockTime, resolveLocalTime } from '../../../shared/time';
import type { CoreBridge } from '../../../test/support/core-bridge';
import { createCoreBridge } from '../../../test/support/core-bridge';
import { TestClock } from '../../../test/support/manual-clock';
import { waitFor } from '../../../test/support/wait';
import { LOCAL_ORIGIN } from '../core';

const wall = (zone: string, date: string, time: string) => resolveLocalTime(zone, date, parseClockTime(time)!);
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
// Wednesday 4 February 2026: Berlin UTC+1, New York UTC−5, Tokyo UTC+9, Sydney UTC+11, Los Angeles UTC−8.
const WED = '2026-02-04';
const THU = '2026-02-05';
const FRI = '2026-02-06';

const envs: CoreBridge[] = [];
afterEach(() => {
  while (envs.length) envs.pop()!.dispose();
});

const member = (id: string, name: string, timeZone: string, extra: Partial<Member> = {}): Member => ({
  id,
  name,
  timeZone,
  workdays: [1, 2, 3, 4, 5],
  workStart: '09:00',
  workEnd: '17:00',
  role: 'writer',
  joinedAt: 0,
  ...extra,
});

interface Person {
  env: CoreBridge;
  clock: TestClock;
  id: string;
}

/** Ana (Berlin, 09–17) on her own Core, with teammates written into her space. */
async function startAna(now: number, teammates: Member[] = []): Promise<Person & { profile: Profile }> {
  const clock = new TestClock(now);
  const env = createCoreBridge({ clock });
  envs.push(env);
  const profile = await env.call<Profile>('profile.setup', { name: 'Ana', timeZone: BERLIN, workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00' });
  const space = env.core.services.doc(SPACE_DOC_ID);
  for (const m of teammates) {
    upsertMember(space, m, LOCAL_ORIGIN);
    if (m.timeOff || m.breaks) setMemberSchedule(space, { memberId: m.id, timeOff: m.timeOff, breaks: m.breaks }, LOCAL_ORIGIN);
  }
  return { env, clock, id: profile.memberId, profile };
}

/** A teammate's own Core on Ana's space (member `id` must already be in it). */
function startTeammate(ana: { profile: Profile; env: CoreBridge }, id: string, now: number): Person {
  const clock = new TestClock(now);
  const env = createCoreBridge({ clock });
  envs.push(env);
  env.core.services.setIdentity({ spaceId: ana.profile.spaceId, memberId: id });
  exchange(ana.env, env);
  return { env, clock, id };
}

/** Brings both Cores' docs of the space to the same state, as a relay would (origin: remote). */
function exchange(a: CoreBridge, b: CoreBridge): void {
  const spaceId = a.core.services.identity()!.spaceId;
  const prefix = `${spaceId}/`;
  const ids = new Set([...a.core.services.docs.listDocIds(prefix), ...b.core.services.docs.listDocIds(prefix)]);
  for (const id of ids) {
    const [da, db] = [a.core.services.docs.get(id), b.core.services.docs.get(id)];
    b.core.services.docs.applyUpdate(id, Y.encodeStateAsUpdate(da, Y.encodeStateVector(db)), { kind: 'remote' });
    a.core.services.docs.applyUpdate(id, Y.encodeStateAsUpdate(db, Y.encodeStateVector(da)), { kind: 'remote' });
  }
}

const sections = { status: 'Release 1.4 is tagged.', nextSteps: 'Watch the rollout.', watchOut: '', links: '' };

describe('handoffs.prefill: next in the sun', () => {
  // Ana writes at 16:46 Berlin (15:46Z); her day ends at 17:00 (16:00Z). Next starts after that:
  // Eli (Los Angeles) Wed 09:00 = 17:00Z, Dev (Sydney) Thu 08:00 = Wed 21:00Z,
  // Chiara and Kenji (Tokyo) Thu 09:00 = Thu 00:00Z, Ben (New York) Thu 09:00 = 14:00Z.
  const team = () => [
    member('ben', 'Ben', NEW_YORK),
    member('chiara', 'Chiara', 'Asia/Tokyo', { workEnd: '18:00' }),
    member('dev', 'Dev', 'Australia/Sydney', { workStart: '08:00', workEnd: '16:00' }),
    member('eli', 'Eli', 'America/Los_Angeles'),
  ];
  const cases: { name: string; now: number; change?: (team: Member[]) => Member[]; expected: string[]; startsAt: number }[] = [
    { name: 'the earliest start after my day ends', now: wall(BERLIN, WED, '16:46'), expected: ['eli'], startsAt: wall('America/Los_Angeles', WED, '09:00') },
    {
      name: 'a teammate on time off is skipped',
      now: wall(BERLIN, WED, '16:46'),
      change: (t) => t.map((m) => (m.id === 'eli' ? { ...m, timeOff: [WED] } : m)),
      expected: ['dev'],
      startsAt: wall('Australia/Sydney', THU, '08:00'),
    },
    {
      name: 'a teammate whose next day is a day off is skipped too',
      now: wall(BERLIN, WED, '16:46'),
      change: (t) => t.map((m) => (m.id === 'eli' ? { ...m, timeOff: [WED] } : m.id === 'dev' ? { ...m, workdays: [1, 2, 3] } : m)),
      expected: ['chiara'],
      startsAt: wall('Asia/Tokyo', THU, '09:00'),
    },
    {
      name: 'two who start at the same time are both suggested',
      now: wall(BERLIN, WED, '16:46'),
      change: (t) => [...t.filter((m) => m.id !== 'eli' && m.id !== 'dev'), member('kenji', 'Kenji', 'Asia/Tokyo')],
      expected: ['chiara', 'kenji'],
      startsAt: wall('Asia/Tokyo', THU, '09:00'),
    },
    {
      name: 'written after my day: someone already working is not next; the next start from now is',
      now: wall(BERLIN, WED, '19:30'),
      expected: ['dev'],
      startsAt: wall('Australia/Sydney', THU, '08:00'),
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const mates = c.change ? c.change(team()) : team();
      const ana = await startAna(c.now, mates);
      const prefill = await ana.env.call<HandoffPrefill>('handoffs.prefill');
      expect(prefill.recipients.map((r) => r.id).sort()).toEqual(c.expected);
      expect(prefill.recipients[0].startsAt).toBe(c.startsAt);
      expect(prefill.now).toBe(c.now);
    });
  }

  it('says where I am in my hours, so writing late gets a gentle note', async () => {
    const ana = await startAna(wall(BERLIN, WED, '16:46'), [member('ben', 'Ben', NEW_YORK)]);
    expect((await ana.env.call<HandoffPrefill>('handoffs.prefill')).myStatus).toBe('ending-soon');
    ana.clock.set(wall(BERLIN, WED, '22:10'));
    expect((await ana.env.call<HandoffPrefill>('handoffs.prefill')).myStatus).toBe('off');
  });
});

describe('handoffs.prefill: what the note starts from', () => {
  it('my entries of the day, open blockers, pages I edited today', async () => {
    const now = wall(BERLIN, WED, '16:46');
    const ana = await startAna(wall(BERLIN, '2026-02-03', '15:00'), [member('ben', 'Ben', NEW_YORK)]);
    const log = () => ana.env.core.services.doc(logDocIdFor(ana.clock.now()));
    const post = (input: Parameters<typeof postEntry>[1]) => postEntry(log(), input, LOCAL_ORIGIN);
    const common = { by: ana.id, now: ana.clock.now(), authorZone: BERLIN };
    post({ ...common, kind: 'update', body: 'Yesterday: triaged the backlog' });
    ana.clock.set(wall(BERLIN, WED, '10:00'));
    post({ ...common, now: ana.clock.now(), kind: 'update', body: 'Shipped the importer' });
    ana.clock.set(wall(BERLIN, WED, '11:30'));
    post({ ...common, now: ana.clock.now(), kind: 'decision', decision: { title: 'Postgres for the relay' } });
    post({ ...common, now: ana.clock.now(), by: 'ben', authorZone: NEW_YORK, kind: 'blocker', body: 'Staging is down' });
    const resolved = post({ ...common, now: ana.clock.now(), by: 'ben', authorZone: NEW_YORK, kind: 'blocker', body: 'CI is red' });
    resolveBlocker(log(), { entryId: resolved.id, by: 'ben', now: ana.clock.now() }, LOCAL_ORIGIN);
    await ana.env.call('pages.create', { title: 'Importer runbook' });
    ana.clock.set(now);

    const prefill = await ana.env.call<HandoffPrefill>('handoffs.prefill');
    expect(prefill.myUpdatesToday.map((s) => s.text)).toEqual(['Shipped the importer', 'Postgres for the relay']);
    expect(prefill.openBlockers.map((s) => s.text)).toEqual(['Staging is down']);
    expect(prefill.pagesEditedToday.map((p) => p.title)).toEqual(['Importer runbook']);
  });
});

describe('handoffs: post, deliver, acknowledge', () => {
  it('a scheduled handoff reaches Ben at his start of day; he acknowledges; Ana sees who and when', async () => {
    const ana = await startAna(wall(BERLIN, WED, '16:46'), [member('ben', 'Ben', NEW_YORK)]);
    const reminders: ReminderList[] = [];
    ana.env.bridge.on('reminders.changed', (list) => reminders.push(list as ReminderList));
    expect((await ana.env.call<ReminderList>('reminders.list')).active.map((r) => r.kind)).toEqual(['handoff']);

    const benStart = nextWorkStart({ timeZone: NEW_YORK, workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00' }, ana.clock.now())!;
    expect(benStart).toBe(wall(NEW_YORK, THU, '09:00'));
    const posted = await ana.env.call<HandoffEntry>('handoffs.post', { recipients: ['ben'], sections, deliverAt: benStart });
    expect(posted).toMatchObject({ kind: 'handoff', authorId: ana.id, recipients: ['ben'], deliverAt: benStart, handoff: sections, authorZone: BERLIN });
    // Written today: the end-of-day reminder goes away.
    await waitFor(() => reminders.at(-1)?.active.length === 0, 'the handoff reminder to go away');

    const ben = startTeammate(ana, 'ben', wall(NEW_YORK, THU, '08:30'));
    expect(await ben.env.call<HandoffEntry[]>('handoffs.forMe')).toEqual([]);
    expect((await ben.env.call<ReminderList>('reminders.list')).active).toEqual([]);

    ben.clock.set(wall(NEW_YORK, THU, '09:01'));
    const forBen = await ben.env.call<HandoffEntry[]>('handoffs.forMe');
    expect(forBen.map((e) => e.id)).toEqual([posted.id]);
    const benReminders = await ben.env.call<ReminderList>('reminders.list');
    expect(benReminders.active).toMatchObject([{ kind: 'handoffs-for-you', body: '1 handoff note is waiting for you.' }]);

    const acked = await ben.env.call<HandoffEntry>('handoffs.ack', { entryId: posted.id, reply: 'On it' });
    expect(acked.acks).toEqual([{ memberId: 'ben', at: wall(NEW_YORK, THU, '09:01'), reply: 'On it' }]);
    expect((await ben.env.call<ReminderList>('reminders.list')).active).toEqual([]);

    const changes: unknown[] = [];
    ana.env.bridge.on('handoffs.changed', (payload) => changes.push(payload));
    exchange(ana.env, ben.env);
    await waitFor(() => changes.length > 0, 'handoffs.changed on Ana');
    expect(changes[0]).toEqual({ reason: 'remote' });
    const mine = await ana.env.call<HandoffEntry[]>('handoffs.mine');
    expect(mine[0].acks).toEqual([{ memberId: 'ben', at: wall(NEW_YORK, THU, '09:01'), reply: 'On it' }]);
  });

  it('refuses an empty note, myself or a stranger as recipient, and an ack by someone else', async () => {
    const ana = await startAna(wall(BERLIN, WED, '16:46'), [member('ben', 'Ben', NEW_YORK)]);
    const empty = await ana.env.bridge.invoke('handoffs.post', { recipients: ['ben'], sections: { status: ' ', nextSteps: '', watchOut: '', links: '' } });
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await ana.env.bridge.invoke('handoffs.post', { recipients: [ana.id], sections })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await ana.env.bridge.invoke('handoffs.post', { recipients: ['nobody'], sections })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await ana.env.bridge.invoke('handoffs.post', { recipients: [], sections })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const posted = await ana.env.call<HandoffEntry>('handoffs.post', { recipients: ['ben'], sections });
    expect(await ana.env.bridge.invoke('handoffs.ack', { entryId: posted.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await ana.env.bridge.invoke('handoffs.ack', { entryId: 'missing' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('handoffs: escalation in the recipient\'s working hours', () => {
  // Ana posts at Wed 16:50 Berlin for Ben (New York). His next start: Thu 09:00 New York.
  const cases = [
    { name: 'default: 2 working hours after his day starts', hours: undefined, ben: {}, deadline: wall(NEW_YORK, THU, '11:00') },
    { name: 'team setting: half an hour', hours: 0.5, ben: {}, deadline: wall(NEW_YORK, THU, '09:30') },
    { name: 'his break does not count', hours: 2, ben: { breaks: [{ start: '10:00', end: '10:30' }] }, deadline: wall(NEW_YORK, THU, '11:30') },
    { name: 'his day off does not count', hours: 2, ben: { timeOff: [THU] }, deadline: wall(NEW_YORK, FRI, '11:00') },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const ana = await startAna(wall(BERLIN, WED, '16:50'), [member('ben', 'Ben', NEW_YORK, c.ben), member('chiara', 'Chiara', 'Asia/Tokyo')]);
      if (c.hours !== undefined) await ana.env.call('handoffs.setSettings', { handoffEscalationWorkingHours: c.hours });
      expect(await ana.env.call('handoffs.settings')).toEqual({ handoffEscalationWorkingHours: c.hours ?? 2 });
      const posted = await ana.env.call<HandoffEntry>('handoffs.post', { recipients: ['ben'], sections });

      ana.clock.set(c.deadline - 1);
      expect(await ana.env.call('handoffs.escalated')).toEqual([]);
      ana.clock.set(c.deadline);
      const escalated = await ana.env.call<EscalatedHandoff[]>('handoffs.escalated');
      expect(escalated).toHaveLength(1);
      expect(escalated[0]).toMatchObject({ deadline: c.deadline, pending: ['ben'], forwardTo: 'chiara', entry: { id: posted.id } });
    });
  }

  it('forward adds the next in the sun with a fresh deadline; an acknowledgement ends it', async () => {
    const ana = await startAna(wall(BERLIN, WED, '16:50'), [member('ben', 'Ben', NEW_YORK), member('chiara', 'Chiara', 'Asia/Tokyo')]);
    const posted = await ana.env.call<HandoffEntry>('handoffs.post', { recipients: ['ben'], sections });
    ana.clock.set(wall(NEW_YORK, THU, '11:00'));
    const forwarded = await ana.env.call<HandoffEntry>('handoffs.forward', { entryId: posted.id, to: 'chiara' });
    expect(forwarded.recipients).toEqual(['ben', 'chiara']);
    expect(await ana.env.call('handoffs.escalated')).toEqual([]);
    // Chiara starts Fri 09:00 Tokyo; two of her working hours later it is flagged again, with nobody left to offer.
    ana.clock.set(wall('Asia/Tokyo', FRI, '11:00'));
    expect(await ana.env.call<EscalatedHandoff[]>('handoffs.escalated')).toMatchObject([{ pending: ['ben', 'chiara'], forwardTo: null }]);

    const chiara = startTeammate(ana, 'chiara', wall('Asia/Tokyo', FRI, '11:05'));
    await chiara.env.call('handoffs.ack', { entryId: posted.id });
    exchange(ana.env, chiara.env);
    expect(await ana.env.call('handoffs.escalated')).toEqual([]);
    expect(await ana.env.bridge.invoke('handoffs.forward', { entryId: posted.id, to: ana.id })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });
});

describe('schedule and local settings', () => {
  it('schedule.update stores breaks and time off on my member record', async () => {
    const ana = await startAna(wall(BERLIN, WED, '10:00'));
    const me = await ana.env.call<Member>('schedule.update', { breaks: [{ start: '13:00', end: '13:45' }, { start: '10:30', end: '10:45' }], timeOff: [FRI, THU, FRI] });
    expect(me.breaks).toEqual([{ start: '10:30', end: '10:45' }, { start: '13:00', end: '13:45' }]);
    expect(me.timeOff).toEqual([THU, FRI]);
    const members = await ana.env.call<Member[]>('team.members');
    expect(members[0]).toMatchObject({ breaks: me.breaks, timeOff: me.timeOff });
    expect(await ana.env.bridge.invoke('schedule.update', { breaks: [{ start: '25:00', end: '10:00' }] })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await ana.env.bridge.invoke('schedule.update', { timeOff: ['2026-02-30'] })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });

  it('launch at login is off by default, stored locally across restarts, and announced', async () => {
    const clock = new TestClock(wall(BERLIN, WED, '10:00'));
    const env = createCoreBridge({ clock });
    expect(await env.call<LocalAppSettings>('settings.get')).toEqual({ launchAtLogin: false });
    const events: unknown[] = [];
    env.bridge.on('settings.changed', (p) => events.push(p));
    expect(await env.call('settings.set', { launchAtLogin: true })).toEqual({ launchAtLogin: true });
    await waitFor(() => events.length === 1, 'settings.changed');
    expect(events).toEqual([{ launchAtLogin: true }]);
    env.dispose({ keepData: true });
    const again = createCoreBridge({ clock, dataDir: env.dataDir });
    envs.push(again);
    expect(await again.call('settings.get')).toEqual({ launchAtLogin: true });
    expect(await again.call<number>('app.now')).toBe(clock.now());
  });
});
