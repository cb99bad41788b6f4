/**
 * The update log through the real API dispatcher, on a real Core with its own SQLite file:
 * posting, editing, deleting, drafts across a restart, FTS search and filters, unread/seen
 * and catch-up, goals, settings and the weekly summary. Teammates' writes are made straight
 * into the docs with the relay's origin, as sync would apply them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../../shared/api/contract';
import type {
  FeedEntry,
  GoalWithUpdates,
  LogCatchUp,
  LogDraft,
  LogFeedPage,
  LogSearchResult,
  LogSettings,
  LogToday,
  LogUnreadCount,
  LogWeeklySummary,
} from '../../../shared/api/log-api';
import type { Goal } from '../../../shared/model/goals';
import { SPACE_DOC_ID } from '../../../shared/model/doc-ids';
import { addReply, logDocIdFor, postEntry } from '../../../shared/model/log';
import type { PostEntryInput } from '../../../shared/model/log';
import { createPage, upsertMember } from '../../../shared/model/space';
import type { CoreBridge } from '../../../test/support/core-bridge';
import { createCoreBridge, tempDataDir } from '../../../test/support/core-bridge';
import { waitFor } from '../../../test/support/wait';

const REMOTE = { kind: 'remote' } as const;
const HOUR = 3_600_000;
/** Monday 2024-11-18 09:00 UTC. */
const T0 = Date.UTC(2024, 10, 18, 9, 0);

const envs: CoreBridge[] = [];
afterEach(() => {
  while (envs.length) envs.pop()!.dispose();
});

interface Env extends CoreBridge {
  clock: { t: number; now(): number };
  profile: Profile;
}

async function start(dataDir?: string, t = T0): Promise<Env> {
  const clock = { t, now: () => clock.t };
  const env = createCoreBridge({ clock, ...(dataDir ? { dataDir } : {}) });
  envs.push(env);
  const existing = await env.call<Profile | null>('profile.get');
  const profile =
    existing ??
    (await env.call<Profile>('profile.setup', { name: 'Ada', timeZone: 'Europe/Berlin', workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00' }));
  return Object.assign(env, { clock, profile });
}

/** A teammate in the space doc, as if their join had synced in. */
function addTeammate(env: Env, id: string, name: string, timeZone = 'America/New_York') {
  upsertMember(
    env.core.services.doc(SPACE_DOC_ID),
    { id, name, timeZone, workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00', role: 'writer', joinedAt: T0 - 30 * 24 * HOUR },
    REMOTE,
  );
}

/** An entry by someone else arriving from the relay. */
function remotePost(env: Env, input: Omit<PostEntryInput, 'authorZone'> & { authorZone?: string }) {
  return postEntry(env.core.services.doc(logDocIdFor(input.now)), { authorZone: 'America/New_York', ...input }, REMOTE);
}

describe('update log in the Core', () => {
  it('posts an update with check-in answers, mentions, tags and page links; edits mark it; deletion leaves a tombstone', async () => {
    const env = await start();
    addTeammate(env, 'bo', 'Bo Lee');
    const page = await env.call<{ id: string }>('pages.create', { title: 'Release plan' });

    const posted = await env.call<FeedEntry>('log.post', {
      kind: 'update',
      body: 'Shipped the importer, thanks @Bo Lee. See [[Release plan]] #release',
      checkIn: [{ question: 'What did you get done?', answer: 'Importer' }],
    });
    expect(posted).toMatchObject({
      kind: 'update',
      authorId: env.profile.memberId,
      authorZone: 'Europe/Berlin',
      createdAt: T0,
      mentions: ['bo'],
      tags: ['release'],
      links: [page.id],
      editedAt: null,
      pending: false,
    });

    env.clock.t += HOUR;
    const edited = await env.call<FeedEntry>('log.edit', { id: posted.id, body: 'Shipped the importer. #release #infra' });
    expect(edited).toMatchObject({ editedAt: T0 + HOUR, mentions: [], tags: ['release', 'infra'], links: [] });

    const deleted = await env.call<FeedEntry>('log.delete', { id: posted.id });
    expect(deleted).toMatchObject({ body: '', tags: [], deletedAt: T0 + HOUR });
    const feed = await env.call<LogFeedPage>('log.feed', {});
    expect(feed.entries).toEqual([]);
  });

  it('only the author edits or deletes; errors come back as API error codes', async () => {
    const env = await start();
    addTeammate(env, 'bo', 'Bo');
    const theirs = remotePost(env, { kind: 'update', by: 'bo', now: T0 - HOUR, body: 'Mine, not yours' });
    const edit = await env.bridge.invoke('log.edit', { id: theirs.id, body: 'hijack' });
    expect(edit).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await env.bridge.invoke('log.delete', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await env.bridge.invoke('log.post', { kind: 'update', body: '   ' })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await env.bridge.invoke('log.resolveBlocker', { entryId: theirs.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('decisions and blockers: status changes, open blockers are pinned until resolved', async () => {
    const env = await start();
    addTeammate(env, 'bo', 'Bo');
    const decision = await env.call<FeedEntry>('log.post', {
      kind: 'decision',
      decision: { title: 'Use Postgres for the relay', why: 'Scale-out' },
    });
    expect(decision).toMatchObject({ kind: 'decision', decision: { title: 'Use Postgres for the relay', status: 'proposed' } });
    const accepted = await env.call<FeedEntry>('log.setDecisionStatus', { entryId: decision.id, status: 'accepted' });
    expect(accepted).toMatchObject({ decision: { status: 'accepted', statusBy: env.profile.memberId } });

    env.clock.t += 1000;
    const blocker = await env.call<FeedEntry>('log.post', { kind: 'blocker', body: 'CI is red on main', blocker: { canUnblock: ['bo'] } });
    let feed = await env.call<LogFeedPage>('log.feed', {});
    expect(feed.pinned.map((e) => e.id)).toEqual([blocker.id]);
    expect(feed.entries.map((e) => e.id)).toEqual([blocker.id, decision.id]);
    await env.call('log.resolveBlocker', { entryId: blocker.id });
    feed = await env.call<LogFeedPage>('log.feed', {});
    expect(feed.pinned).toEqual([]);
  });

  it('keeps drafts in SQLite across a restart of the Core; posting with the draft key clears it', async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    const body = JSON.stringify({ kind: 'update', body: 'half-written' });
    await first.call('log.draft.save', { key: 'composer', body });
    first.dispose({ keepData: true });
    envs.splice(envs.indexOf(first), 1);

    const second = await start(dataDir);
    expect(await second.call<LogDraft>('log.draft.get', { key: 'composer' })).toMatchObject({ key: 'composer', body });
    await second.call('log.post', { kind: 'update', body: 'done', draftKey: 'composer' });
    expect(await second.call('log.draft.get', { key: 'composer' })).toBeNull();
    await second.call('log.draft.save', { key: 'reply:x', body: 'a' });
    await second.call('log.draft.save', { key: 'reply:x', body: '' });
    expect(await second.call('log.draft.get', { key: 'reply:x' })).toBeNull();
  });

  it('searches with FTS5 (prefix, accents, replies) and filters by person, kind, tag, date; pages with a cursor', async () => {
    const env = await start();
    addTeammate(env, 'bo', 'Bo');
    const a = await env.call<FeedEntry>('log.post', { kind: 'update', body: 'Updated the résumé parser #parsing' });
    env.clock.t += HOUR;
    const b = remotePost(env, { kind: 'fyi', by: 'bo', now: env.clock.t, body: 'Office closed Friday #office', tags: ['office'] });
    env.clock.t += HOUR;
    const c = remotePost(env, { kind: 'update', by: 'bo', now: env.clock.t, body: 'Deploy of the parser went fine' });
    addReply(env.core.services.doc(logDocIdFor(c.createdAt)), { entryId: c.id, by: 'bo', now: env.clock.t + 1, body: 'Rollback plan: kubectl' }, REMOTE);

    const search = await env.call<LogSearchResult>('log.search', { text: 'resume pars' });
    expect(search.hits.map((h) => h.entry.id)).toEqual([a.id]);
    expect(search.hits[0].snippet.filter((s) => s.hit).map((s) => s.text).slice(0, 2)).toEqual(['résumé', 'pars']);
    expect(search.hits[0].snippet.map((s) => s.text).join('')).toContain('Updated the résumé parser');
    expect((await env.call<LogSearchResult>('log.search', { text: 'kubect' })).hits.map((h) => h.entry.id)).toEqual([c.id]);
    expect((await env.call<LogSearchResult>('log.search', { text: '"AND *' })).hits).toEqual([]);

    const ids = async (query: object) => (await env.call<LogFeedPage>('log.feed', query)).entries.map((e) => e.id);
    expect(await ids({})).toEqual([c.id, b.id, a.id]);
    expect(await ids({ text: 'parser' })).toEqual([c.id, a.id]);
    expect(await ids({ authorIds: ['bo'] })).toEqual([c.id, b.id]);
    expect(await ids({ kinds: ['fyi'] })).toEqual([b.id]);
    expect(await ids({ tags: ['#Office'] })).toEqual([b.id]);
    expect(await ids({ fromMs: T0 + HOUR, toMs: T0 + 2 * HOUR })).toEqual([b.id]);

    const first = await env.call<LogFeedPage>('log.feed', { limit: 2 });
    expect(first.entries.map((e) => e.id)).toEqual([c.id, b.id]);
    const second = await env.call<LogFeedPage>('log.feed', { limit: 2, cursor: first.nextCursor });
    expect(second.entries.map((e) => e.id)).toEqual([a.id]);
    expect(second.nextCursor).toBeNull();
    expect(await env.call('log.tags')).toEqual(expect.arrayContaining([{ tag: 'office', count: 1 }, { tag: 'parsing', count: 1 }]));
  });

  it('unread and catch-up: teammates’ entries, replies on mine, pages changed by others; seen, ack and mark all read', async () => {
    const env = await start();
    addTeammate(env, 'bo', 'Bo');
    const mine = await env.call<FeedEntry>('log.post', { kind: 'update', body: 'My update' });
    expect((await env.call<LogUnreadCount>('log.unreadCount')).total).toBe(0);

    env.clock.t += HOUR;
    const theirs = remotePost(env, { kind: 'update', by: 'bo', now: env.clock.t, body: 'Hi @Ada', directory: { members: [{ id: env.profile.memberId, name: 'Ada' }], pages: [] } });
    addReply(env.core.services.doc(logDocIdFor(mine.createdAt)), { entryId: mine.id, by: 'bo', now: env.clock.t + 5, body: 'Nice' }, REMOTE);
    createPage(env.core.services.doc(SPACE_DOC_ID), { id: 'pg1', title: 'Runbook', parentId: null, by: 'bo', now: env.clock.t }, REMOTE);
    env.clock.t += HOUR;

    let catchUp = await env.call<LogCatchUp>('log.catchUp');
    expect(catchUp.entries.map((e) => e.id).sort()).toEqual([mine.id, theirs.id].sort());
    expect(catchUp.unread.items.find((i) => i.entryId === mine.id)?.reason).toBe('replies');
    expect(catchUp.unread.mentions).toBe(1);
    expect(catchUp.pages.map((p) => p.page.id)).toEqual(['pg1']);
    expect(catchUp.count).toEqual({ total: 3, entries: 2, pages: 1, mentions: 1, forMe: 0 });

    const acked = await env.call<FeedEntry>('log.ack', { entryId: theirs.id });
    expect(acked.acks).toEqual([{ memberId: env.profile.memberId, at: env.clock.t, reply: null }]);
    expect((await env.call<LogUnreadCount>('log.markSeen', { pageIds: ['pg1'] })).total).toBe(1);

    // A new reply after I saw it makes it unread again.
    env.clock.t += HOUR;
    addReply(env.core.services.doc(logDocIdFor(theirs.createdAt)), { entryId: theirs.id, by: 'bo', now: env.clock.t, body: 'ping' }, REMOTE);
    env.clock.t += 1;
    catchUp = await env.call<LogCatchUp>('log.catchUp');
    expect(catchUp.entries.map((e) => e.id).sort()).toEqual([mine.id, theirs.id].sort());

    expect(await env.call<LogUnreadCount>('log.markAllRead')).toEqual({ total: 0, entries: 0, pages: 0, mentions: 0, forMe: 0 });
  });

  it('a teammate’s clock running ahead cannot make what I marked read unread again', async () => {
    const env = await start();
    addTeammate(env, 'bo', 'Bo');
    // Bo's clock is an hour ahead of mine.
    const ahead = remotePost(env, { kind: 'update', by: 'bo', now: env.clock.t + HOUR, body: 'From the future' });
    const other = remotePost(env, { kind: 'update', by: 'bo', now: env.clock.t + 2 * HOUR, body: 'Also ahead' });
    expect((await env.call<LogUnreadCount>('log.unreadCount')).entries).toBe(2);
    await env.call('log.markSeen', { ids: [ahead.id] });
    await env.call('log.markAllRead');
    env.clock.t += 3 * HOUR; // my clock passes their stamps
    expect((await env.call<LogUnreadCount>('log.unreadCount')).entries).toBe(0);
    // …while a teammate with a correct clock posting later is still new.
    remotePost(env, { kind: 'update', by: 'bo', now: env.clock.t - 1, body: 'Now' });
    expect((await env.call<LogUnreadCount>('log.unreadCount')).entries).toBe(1);
    void other;
  });

  it('pushes log.changed (coalesced) for local and remote changes', async () => {
    const env = await start();
    addTeammate(env, 'bo', 'Bo');
    const events: unknown[] = [];
    env.bridge.on('log.changed', (payload) => events.push(payload));
    await env.call('log.post', { kind: 'fyi', body: 'one' });
    await waitFor(() => events.length === 1, 'a local log.changed');
    expect(events[0]).toEqual({ reason: 'local', topics: ['entries'] });
    remotePost(env, { kind: 'update', by: 'bo', now: T0, body: 'a' });
    remotePost(env, { kind: 'update', by: 'bo', now: T0, body: 'b' });
    await waitFor(() => events.length === 2, 'a remote log.changed');
    expect(events[1]).toEqual({ reason: 'remote', topics: ['entries'] });
    await env.call('goals.create', { title: 'Launch v1' });
    await waitFor(() => events.length === 3, 'a goals log.changed');
    expect(events[2]).toEqual({ reason: 'local', topics: ['goals'] });
  });

  it('rebuilds the projection from the docs when it fell behind (crash between commits, upgrade)', async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    await first.call('log.post', { kind: 'update', body: 'survives #kept' });
    first.core.services.db.exec('DELETE FROM entries; DELETE FROM entries_fts; DELETE FROM entry_tags; DELETE FROM log_projection;');
    first.dispose({ keepData: true });
    envs.splice(envs.indexOf(first), 1);

    const second = await start(dataDir);
    const feed = await second.call<LogFeedPage>('log.feed', { tags: ['kept'] });
    expect(feed.entries.map((e) => e.body)).toEqual(['survives #kept']);
    expect((await second.call<LogSearchResult>('log.search', { text: 'surviv' })).hits).toHaveLength(1);
  });

  it('goals: owner, deadline, status; linked updates show on Today and in the weekly summary', async () => {
    const env = await start();
    addTeammate(env, 'bo', 'Bo');
    const goal = await env.call<Goal>('goals.create', { title: 'Launch v1', deadline: '2024-12-20', definitionOfDone: 'On the store' });
    expect(goal).toMatchObject({ ownerId: env.profile.memberId, status: 'on-track', deadline: '2024-12-20' });
    await env.call('goals.setStatus', { id: goal.id, status: 'at-risk' });
    const linked = await env.call<FeedEntry>('log.post', { kind: 'update', body: 'Store review submitted', goalId: goal.id });
    remotePost(env, { kind: 'update', by: 'bo', now: T0 + 1, body: 'Bo was here' });
    remotePost(env, { kind: 'blocker', by: 'bo', now: T0 + 2, body: 'Need signing keys', blocker: { canUnblock: [env.profile.memberId] } });

    const goals = await env.call<GoalWithUpdates[]>('goals.list');
    expect(goals.map((g) => [g.goal.status, g.latest.map((e) => e.id)])).toEqual([['at-risk', [linked.id]]]);

    const today = await env.call<LogToday>('log.today');
    expect(today.teammates.map((e) => e.authorId)).toEqual(['bo']);
    expect(today.teammates[0].kind).toBe('blocker');
    expect(today.openBlockers).toHaveLength(1);
    expect(today.teamZone).toBe('Europe/Berlin');

    const week = await env.call<LogWeeklySummary>('log.weeklySummary', { weekOf: T0 });
    expect(week.summary.week.weekStart).toBe('2024-11-18');
    expect(week.summary.team.totals.updates).toBe(2);
    expect(week.summary.team.openBlockers).toHaveLength(1);
    expect(week.summary.days[0].posts).toBe(3);
    expect(week.markdown).toContain('# Weekly summary: week 47, 2024');
    expect(week.goals[0].latest.map((e) => e.id)).toEqual([linked.id]);

    const summaryEntry = await env.call<FeedEntry>('log.postSummary', { weekOf: T0 });
    expect(summaryEntry).toMatchObject({ kind: 'summary', summary: { weekStart: '2024-11-18' }, tags: ['weekly-summary'] });
    expect((await env.call<LogWeeklySummary>('log.weeklySummary', { weekOf: T0 })).posted.map((e) => e.id)).toEqual([summaryEntry.id]);
  });

  it('team settings: check-in questions, urgency levels and the team zone (default: the owner’s)', async () => {
    const env = await start();
    expect(await env.call<LogSettings>('log.settings')).toMatchObject({ teamZone: 'Europe/Berlin', teamZoneIsDefault: true });
    const profiles: Profile[] = [];
    env.bridge.on('profile.changed', (p) => profiles.push(p as Profile));
    const updated = await env.call<LogSettings>('log.updateSettings', {
      checkInQuestions: ['Done?', 'Next?'],
      urgencyLevels: [{ id: 'urgent', label: 'Urgent', responseWorkingMinutes: 60 }],
      teamZone: 'Asia/Tokyo',
    });
    expect(updated).toEqual({
      checkInQuestions: ['Done?', 'Next?'],
      urgencyLevels: [{ id: 'urgent', label: 'Urgent', responseWorkingMinutes: 60 }],
      teamZone: 'Asia/Tokyo',
      teamZoneIsDefault: false,
    });
    await waitFor(() => profiles.length > 0, 'profile.changed with the new settings');
    expect(profiles.at(-1)!.settings.checkInQuestions).toEqual(['Done?', 'Next?']);
    const bad = await env.bridge.invoke('log.updateSettings', { checkInQuestions: ['Same', 'same'] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect((await env.call<LogSettings>('log.updateSettings', { teamZone: null })).teamZoneIsDefault).toBe(true);
  });
});
