/**
 * Sync through a real relay on 127.0.0.1 with real SQLite: `/sync` clients converge, late
 * and offline members catch up, a stock y-websocket provider interoperates on `/y/`, awareness
 * is relayed, and a restarted relay has lost nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { encodeAwarenessUpdate } from '../../shared/sync/protocol';
import { SqliteStorage } from '../../sync-server/sqlite-storage';
import type { RelayStorage } from '../../sync-server/storage';
import { Cleanup, SyncTestClient, fetchDoc, tempDir, testRelay, token, waitFor } from './relay-support';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const SPACE = 'space1';
const DOCS = ['space', 'page/a', 'page/b', 'log/2026-01'];

async function client(url: string, role: 'writer' | 'reader' = 'writer', member = 'm'): Promise<SyncTestClient> {
  const c = await SyncTestClient.connect(url, SPACE, token(SPACE, role, member));
  cleanup.add(() => c.close());
  return c;
}

function texts(c: SyncTestClient): Record<string, string> {
  return Object.fromEntries(DOCS.map((id) => [id, c.doc(id).getText('t').toString()]));
}

function stockProvider(url: string, docId: string, doc = new Y.Doc()) {
  const provider = new WebsocketProvider(`${url}/y/${SPACE}`, docId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token: token(SPACE, 'writer', 'stock') },
    disableBc: true,
  });
  cleanup.add(() => provider.destroy());
  return { provider, doc };
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url.replace('ws://', 'http://')}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('relay sync', () => {
  it('two /sync clients editing several docs concurrently converge', async () => {
    const relay = await testRelay(cleanup);
    const [a, b] = [await client(relay.url, 'writer', 'a'), await client(relay.url, 'writer', 'b')];
    await Promise.all([a.synced(), b.synced()]);
    for (let round = 0; round < 5; round++) {
      for (const id of DOCS) {
        a.doc(id).getText('t').insert(0, `a${round}`);
        b.doc(id).getText('t').insert(b.doc(id).getText('t').length, `b${round}`);
      }
    }
    await waitFor(() => JSON.stringify(texts(a)) === JSON.stringify(texts(b)), 'convergence');
    for (const id of DOCS) {
      for (let round = 0; round < 5; round++) {
        expect(texts(a)[id]).toContain(`a${round}`);
        expect(texts(a)[id]).toContain(`b${round}`);
      }
      expect(texts(a)[id]).toHaveLength(20);
    }
    // Every change was stored and acknowledged, once.
    await waitFor(() => DOCS.every((id) => a.acks.get(id) === 5 && b.acks.get(id) === 5), 'acks');
  });

  it('a member who connects later receives every doc, and offline edits are pushed on reconnect', async () => {
    const relay = await testRelay(cleanup);
    const a = await client(relay.url, 'writer', 'a');
    await a.synced();
    for (const id of DOCS) a.doc(id).getText('t').insert(0, `from a: ${id}`);
    await waitFor(() => DOCS.every((id) => a.acks.get(id) === 1), 'acks');
    await a.close();

    // Offline teammate: A is gone, L joins afterwards and learns the docs from the doc list.
    const late = await client(relay.url, 'writer', 'late');
    await late.synced();
    expect([...(late.docList ?? [])].sort()).toEqual([...DOCS].sort());
    expect(texts(late)).toEqual(Object.fromEntries(DOCS.map((id) => [id, `from a: ${id}`])));

    // A edits while offline, then reconnects: the relay's step 1 pulls the offline edits.
    a.doc('page/a').getText('t').insert(0, 'offline ');
    a.doc('page/new').getText('t').insert(0, 'made offline');
    await a.open();
    await a.synced();
    await waitFor(
      () => late.doc('page/a').getText('t').toString() === 'offline from a: page/a' && late.doc('page/new').getText('t').toString() === 'made offline',
      'offline edits to reach the other member',
    );
  });

  it('a redundant step 2 (already stored delete set) is acknowledged but not stored again', async () => {
    const relay = await testRelay(cleanup);
    const a = await client(relay.url);
    await a.synced();
    a.doc('page/a').getText('t').insert(0, 'hello world');
    a.doc('page/a').getText('t').delete(0, 6);
    await waitFor(() => a.acks.get('page/a') === 2, 'acks');
    const stored = await metric(relay.url, 'baton_relay_updates_stored_total');
    await a.close();
    await a.open();
    await a.synced();
    await waitFor(() => a.acks.get('page/a') === 3, 'the ack of the step 2 answer');
    expect(await metric(relay.url, 'baton_relay_updates_stored_total')).toBe(stored);
    expect(await metric(relay.url, 'baton_relay_updates_redundant_total')).toBe(1);
  });

  it('a stock y-websocket WebsocketProvider and a /sync client see each other, edits and awareness', async () => {
    const relay = await testRelay(cleanup);
    const a = await client(relay.url, 'writer', 'a');
    await a.synced();
    a.doc('page/abc').getText('t').insert(0, 'from sync.');

    const { provider, doc } = stockProvider(relay.url, 'page/abc');
    await waitFor(() => provider.synced, 'the provider to sync');
    await waitFor(() => doc.getText('t').toString() === 'from sync.', 'the stock client to get the /sync edit');

    doc.getText('t').insert(0, 'From y-websocket. ');
    await waitFor(() => a.doc('page/abc').getText('t').toString() === 'From y-websocket. from sync.', 'the /sync client to get the stock edit');
    a.doc('page/abc').getText('t').insert(a.doc('page/abc').getText('t').length, ' Live.');
    await waitFor(() => doc.getText('t').toString().endsWith(' Live.'), 'a live edit to reach the stock client');

    // Awareness, both ways.
    provider.awareness.setLocalStateField('user', { name: 'Stock' });
    await waitFor(() => a.awarenessStates('page/abc').get(doc.clientID)?.includes('Stock'), 'stock awareness at the /sync client');
    a.send({ docId: 'page/abc', type: 'awareness', update: encodeAwarenessUpdate([{ clientID: 4242, clock: 1, state: JSON.stringify({ user: { name: 'Ada' } }) }]) });
    await waitFor(() => (provider.awareness.getStates().get(4242) as { user?: { name: string } } | undefined)?.user?.name === 'Ada', 'sync awareness at the stock client');

    // A newcomer gets the awareness already held; leaving removes it for everyone.
    const b = await client(relay.url, 'reader', 'b');
    await waitFor(() => b.awarenessStates('page/abc').size === 2, 'held awareness on connect');
    provider.destroy();
    await waitFor(() => !a.awarenessStates('page/abc').has(doc.clientID) && !b.awarenessStates('page/abc').has(doc.clientID), 'awareness removal');

    // The same doc through the percent-encoded room name.
    const encoded = stockProvider(relay.url, 'page%2Fabc');
    await waitFor(() => encoded.doc.getText('t').toString() === a.doc('page/abc').getText('t').toString(), 'the encoded room name to reach the same doc');
  });

  it('two stock providers sync through the relay with nothing held in memory', async () => {
    const relay = await testRelay(cleanup);
    const one = stockProvider(relay.url, 'log/2026-02');
    const two = stockProvider(relay.url, 'log/2026-02');
    await waitFor(() => one.provider.synced && two.provider.synced, 'both synced');
    one.doc.getMap('m').set('k', 'v1');
    await waitFor(() => two.doc.getMap('m').get('k') === 'v1', 'the first edit');
    two.doc.getMap('m').set('k2', 'v2');
    await waitFor(() => one.doc.getMap('m').get('k2') === 'v2', 'the second edit');
    one.provider.destroy();
    // A third provider, connected after the first left, gets it all from storage.
    const three = stockProvider(relay.url, 'log/2026-02');
    await waitFor(() => three.doc.getMap('m').get('k2') === 'v2' && three.doc.getMap('m').get('k') === 'v1', 'storage-backed sync');
  });

  it('commits a live edit at once and a burst in group commits, acknowledging every change in order', async () => {
    const tmp = tempDir();
    cleanup.add(() => tmp.remove());
    // The real SQLite storage, with its two ways in counted.
    const sqlite = new SqliteStorage({ dataDir: tmp.dir });
    const calls = { now: 0, grouped: 0 };
    const storage: RelayStorage = {
      append: (...args) => (calls.grouped++, sqlite.append(...args)),
      appendNow: (...args) => (calls.now++, sqlite.appendNow(...args)),
      read: (...args) => sqlite.read(...args),
      listDocs: (...args) => sqlite.listDocs(...args),
      stats: () => sqlite.stats(),
      close: () => sqlite.close(),
    };
    const relay = await testRelay(cleanup, { storage });
    const [a, b] = [await client(relay.url, 'writer', 'a'), await client(relay.url, 'writer', 'b')];
    await Promise.all([a.synced(), b.synced()]);
    const list = (c: SyncTestClient) => c.doc('page/a').getArray<number>('n');

    // Edits one at a time, as typed: each is committed synchronously, then acked and fanned out.
    for (let i = 0; i < 5; i++) {
      list(a).push([i]);
      await waitFor(() => list(b).length === i + 1, `edit ${i} at b`);
    }
    expect(calls).toEqual({ now: 5, grouped: 0 });

    // A burst: whatever arrives in the same socket read after its first message is queued and
    // committed together; every change is still acknowledged, in order, and delivered.
    const source = new Y.Doc();
    Y.applyUpdate(source, Y.encodeStateAsUpdate(a.doc('page/a')));
    for (let i = 5; i < 400; i++) {
      const before = Y.encodeStateVector(source);
      source.getArray<number>('n').push([i]);
      a.sendChange('page/a', Y.encodeStateAsUpdate(source, before), 'sync-update', `edit-${i}`);
    }
    await waitFor(() => a.acks.get('page/a') === 400, 'every change acknowledged');
    expect(a.ackedLabels).toEqual(Array.from({ length: 395 }, (_, i) => `edit-${i + 5}`));
    expect(calls.now + calls.grouped).toBe(400);
    expect(calls.grouped).toBeGreaterThan(0);
    await waitFor(() => list(b).length === 400, 'the burst at b');
    expect(list(b).toArray()).toEqual(Array.from({ length: 400 }, (_, i) => i));
  });

  it('a restarted relay (same data dir) has lost nothing, and closes clients with 1001', async () => {
    const first = await testRelay(cleanup, { compactAfterUpdates: 5 });
    const a = await client(first.url, 'writer', 'a');
    await a.synced();
    for (let i = 0; i < 12; i++) for (const id of DOCS) a.doc(id).getText('t').insert(0, String(i % 10));
    await waitFor(() => DOCS.every((id) => a.acks.get(id) === 12), 'acks');
    const expected = texts(a);
    await first.close();
    expect((await a.closed).code).toBe(1001);

    const second = await testRelay(cleanup, { dataDir: first.dataDir, port: 0 });
    for (const id of DOCS) {
      const doc = await fetchDoc(second.url, SPACE, id);
      expect(doc.getText('t').toString()).toBe(expected[id]);
    }
  });
});
