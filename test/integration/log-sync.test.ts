/**
 * The update log across real Cores and a real relay: a post made while the relay is down says
 * "waiting to sync" (also after a restart of the Core), and stops saying it once the relay is
 * back and acknowledges it; the teammate then finds it in their catch-up, acknowledges it, and
 * the author sees the acknowledgement.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedEntry, LogCatchUp, LogFeedPage } from '../../shared/api/log-api';
import type { RelayHandle } from '../../sync-server/relay';
import { startRelay } from '../../sync-server/relay';
import type { Member } from '../support/team';
import { TEST_SECRET, startMember, startTeam, syncStatus, tempDir, waitForSynced } from '../support/team';
import { waitFor } from '../support/wait';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function relayOn(dataDir: string, port = 0): Promise<RelayHandle> {
  return startRelay({ host: '127.0.0.1', port, dataDir, secret: TEST_SECRET });
}

async function entry(member: Member, id: string): Promise<FeedEntry | null> {
  return member.call<FeedEntry | null>('log.entry', { id });
}

describe('update log through the relay', () => {
  it('a post waits to sync while the relay is down, survives a restart waiting, and clears once acknowledged', async () => {
    const relayDir = tempDir('baton-log-relay-');
    let relay = await relayOn(relayDir);
    cleanups.push(() => relay.close());
    const [ada, bo] = await startTeam(relay.url, ['Ada', 'Bo']);
    cleanups.push(() => bo.dispose());
    let adaNow: Member = ada;
    cleanups.push(() => adaNow.dispose());

    // Online: a post is acknowledged by the relay almost at once.
    const online = await ada.call<FeedEntry>('log.post', { kind: 'fyi', body: 'Online post' });
    await waitFor(async () => (await entry(ada, online.id))?.pending === false, 'the online post to be acknowledged');
    await waitFor(async () => (await entry(bo, online.id)) !== null, 'Bo to receive the online post');

    // The relay goes away: a post made now waits.
    const port = relay.port;
    await relay.close();
    await waitFor(async () => (await syncStatus(ada)).state !== 'synced', 'Ada to notice the relay is gone');
    const offline = await ada.call<FeedEntry>('log.post', { kind: 'update', body: 'Written offline #offline' });
    expect(offline.pending).toBe(true);
    expect((await ada.call<LogFeedPage>('log.feed', {})).entries.map((e) => [e.id, e.pending])).toEqual([
      [offline.id, true],
      [online.id, false],
    ]);

    // Ada quits and starts again, still offline: the post is still waiting.
    const adaDir = ada.dataDir;
    ada.dispose({ keepData: true });
    adaNow = await startMember('Ada', adaDir);
    expect((await entry(adaNow, offline.id))?.pending).toBe(true);
    const events: { reason: string; topics: string[] }[] = [];
    adaNow.bridge.on('log.changed', (p) => events.push(p as { reason: string; topics: string[] }));

    // The relay comes back on the same port with its data: the post is acknowledged.
    relay = await relayOn(relayDir, port);
    await waitForSynced(adaNow, 20_000);
    await waitFor(async () => (await entry(adaNow, offline.id))?.pending === false, 'the offline post to be acknowledged', 20_000);
    await waitFor(() => events.some((e) => e.reason === 'sync' && e.topics.includes('pending')), 'a log.changed for the acknowledgement');

    // Bo finds it in his catch-up and acknowledges it; Ada sees the acknowledgement.
    const catchUp = await waitFor(
      async () => {
        const c = await bo.call<LogCatchUp>('log.catchUp');
        return c.entries.some((e) => e.id === offline.id) ? c : null;
      },
      'the offline post in Bo’s catch-up',
      20_000,
    );
    expect(catchUp.entries.find((e) => e.id === offline.id)).toMatchObject({ body: 'Written offline #offline', tags: ['offline'], pending: false });
    await bo.call('log.ack', { entryId: offline.id, reply: 'On it' });
    expect((await bo.call<LogCatchUp>('log.catchUp')).entries.some((e) => e.id === offline.id)).toBe(false);
    const acked = await waitFor(
      async () => {
        const e = await entry(adaNow, offline.id);
        return e && e.acks.length > 0 ? e : null;
      },
      'Bo’s acknowledgement to reach Ada',
      20_000,
    );
    expect(acked.acks).toEqual([{ memberId: bo.profile.memberId, at: expect.any(Number), reply: 'On it' }]);
    // Bo's ack is a change to Ada's entry made by Bo: it never makes Ada's entry "waiting".
    expect(acked.pending).toBe(false);
  });

  it('in a local-only space nothing is "waiting to sync"', async () => {
    const solo = await startMember('Solo');
    cleanups.push(() => solo.dispose());
    const posted = await solo.call<FeedEntry>('log.post', { kind: 'update', body: 'Just me' });
    expect(posted.pending).toBe(false);
  });
});
