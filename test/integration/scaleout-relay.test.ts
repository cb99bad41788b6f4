/**
 * Two relay processes on one PostgreSQL and one Redis (DESIGN.md §4, sync-server/README.md
 * "Running several instances"): clients on different instances converge on /sync and /y,
 * awareness crosses instances, concurrent compactions lose nothing, an instance killed with
 * SIGKILL loses nothing it acknowledged, and a restarted instance serves everything from
 * PostgreSQL. Skipped (with a message) unless BATON_TEST_DATABASE_URL and BATON_TEST_REDIS_URL
 * point at real servers; .ci/run starts them with sync-server/scripts/test-services.sh.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { encodeAwarenessUpdate } from '../../shared/sync/protocol';
import { PgStorage } from '../../sync-server/pg-storage';
import { startRelay } from '../../sync-server/relay';
import { Cleanup, SECRET, SyncTestClient, fetchDoc, token, upgradeStatus, waitFor } from './relay-support';
import {
  DATABASE_URL,
  SCALEOUT_ENABLED,
  SKIP_MESSAGE,
  dropSchema,
  metric,
  spawnRelay,
  uniqueSchema,
  withDatabase,
  type RelayProcess,
} from './scaleout-support';

const DOCS = ['space', 'page/a', 'page/b', 'log/2026-01'];
const COMPACT_AFTER = 5;

if (!SCALEOUT_ENABLED) console.warn(SKIP_MESSAGE);

describe('scale-out relay CLI checks (no services needed)', () => {
  function run(args: string[], env: NodeJS.ProcessEnv) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/cli.ts', 'serve', '--port', '0', ...args], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', BATON_RELAY_SECRET: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    return new Promise<{ code: number | null; output: string }>((resolve) => child.once('exit', (code) => resolve({ code, output })));
  }

  it('refuses PostgreSQL without Redis (exit 2) and a scale-out relay without BATON_RELAY_SECRET (exit 1)', async () => {
    const [onlyPg, noSecret] = await Promise.all([
      run(['--database-url', 'postgres://127.0.0.1:1/x'], {}),
      run([], { DATABASE_URL: 'postgres://127.0.0.1:1/x', REDIS_URL: 'redis://127.0.0.1:1' }),
    ]);
    expect(onlyPg.code).toBe(2);
    expect(onlyPg.output).toMatch(/needs Redis too/);
    expect(noSecret.code).toBe(1);
    expect(noSecret.output).toMatch(/BATON_RELAY_SECRET must be set/);
  });
});

describe.skipIf(!SCALEOUT_ENABLED)('scale-out relay: two processes on PostgreSQL + Redis (needs BATON_TEST_DATABASE_URL, BATON_TEST_REDIS_URL)', () => {
  const processes = new Cleanup();
  const cleanup = new Cleanup();
  const schema = uniqueSchema();
  let one: RelayProcess;
  let two: RelayProcess;
  let spaceCounter = 0;
  /** A fresh space per test: tests share the two instances and the schema. */
  const newSpace = () => `s${++spaceCounter}-${schema.slice(-8)}`;

  beforeAll(async () => {
    [one, two] = await Promise.all([
      spawnRelay(processes, schema, ['--compact-after-updates', String(COMPACT_AFTER)]),
      spawnRelay(processes, schema, ['--compact-after-updates', String(COMPACT_AFTER)]),
    ]);
    expect(one.instanceId).not.toBe(two.instanceId);
  });
  afterEach(() => cleanup.run());
  afterAll(async () => {
    await processes.run();
    await dropSchema(schema);
  });

  async function client(url: string, space: string, role: 'writer' | 'reader' = 'writer', member = 'm'): Promise<SyncTestClient> {
    const c = await SyncTestClient.connect(url, space, token(space, role, member));
    cleanup.add(() => c.close());
    return c;
  }

  function stockProvider(url: string, space: string, docId: string, doc = new Y.Doc()) {
    const provider = new WebsocketProvider(`${url}/y/${space}`, docId, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: token(space, 'writer', 'stock') },
      disableBc: true,
    });
    cleanup.add(() => provider.destroy());
    return { provider, doc };
  }

  const texts = (c: SyncTestClient) => Object.fromEntries(DOCS.map((id) => [id, c.doc(id).getText('t').toString()]));

  it('/sync clients on different instances converge; a latecomer gets every doc from PostgreSQL', async () => {
    const space = newSpace();
    const [a, b] = await Promise.all([client(one.url, space, 'writer', 'a'), client(two.url, space, 'writer', 'b')]);
    await Promise.all([a.synced(), b.synced()]);
    for (let round = 0; round < 5; round++) {
      for (const id of DOCS) {
        a.doc(id).getText('t').insert(0, `a${round}`);
        b.doc(id).getText('t').insert(b.doc(id).getText('t').length, `b${round}`);
      }
    }
    await waitFor(() => JSON.stringify(texts(a)) === JSON.stringify(texts(b)), 'convergence across instances');
    for (const id of DOCS) expect(texts(a)[id]).toHaveLength(20);
    await waitFor(() => DOCS.every((id) => a.acks.get(id) === 5 && b.acks.get(id) === 5), 'acks');

    for (const url of [one.url, two.url]) {
      const late = await client(url, space, 'reader', 'late');
      await late.synced();
      expect([...(late.docList ?? [])].sort()).toEqual([...DOCS].sort());
      expect(texts(late)).toEqual(texts(a));
    }
  });

  it('stock y-websocket providers on /y of both instances and a /sync client converge', async () => {
    const space = newSpace();
    const p1 = stockProvider(one.url, space, 'page/x');
    const p2 = stockProvider(two.url, space, 'page/x');
    const c = await client(two.url, space, 'writer', 'c');
    await c.synced();
    await waitFor(() => p1.provider.synced && p2.provider.synced, 'both providers synced');
    p1.doc.getText('t').insert(0, 'one. ');
    p2.doc.getText('t').insert(0, 'two. ');
    c.doc('page/x').getText('t').insert(0, 'sync. ');
    const all = () => [p1.doc, p2.doc, c.doc('page/x')].map((d) => d.getText('t').toString());
    await waitFor(() => new Set(all()).size === 1 && all()[0].length === 'one. two. sync. '.length, 'the three to converge');
    p2.doc.getMap('m').set('k', 'v');
    await waitFor(() => p1.doc.getMap('m').get('k') === 'v' && c.doc('page/x').getMap('m').get('k') === 'v', 'a /y edit on instance 2 to reach instance 1');
  });

  it('awareness crosses instances: live, for a newcomer on the other instance, and removal on leave', async () => {
    const space = newSpace();
    const a = await client(one.url, space, 'writer', 'a');
    await a.synced();
    a.send({ docId: 'page/a', type: 'awareness', update: encodeAwarenessUpdate([{ clientID: 101, clock: 1, state: '{"user":{"name":"Ada"}}' }]) });
    // Frames are handled in order: once this change is acked, the awareness above was taken.
    a.doc('page/a').getText('t').insert(0, 'x');
    await waitFor(() => a.acks.get('page/a') === 1, 'ack');

    // Instance 2 has no connection to this space yet: it learns the awareness by asking instance 1.
    const b = await client(two.url, space, 'reader', 'b');
    await waitFor(() => b.awarenessStates('page/a').get(101)?.includes('Ada'), 'awareness of instance 1 at a newcomer on instance 2');

    // Live, both ways, with a stock provider on instance 2.
    const { provider, doc } = stockProvider(two.url, space, 'page/a');
    await waitFor(() => provider.synced, 'provider synced');
    await waitFor(() => provider.awareness.getStates().has(101), 'held remote awareness at a /y newcomer');
    provider.awareness.setLocalStateField('user', { name: 'Stock' });
    await waitFor(() => a.awarenessStates('page/a').get(doc.clientID)?.includes('Stock'), 'stock awareness at instance 1');
    a.send({ docId: 'page/a', type: 'awareness', update: encodeAwarenessUpdate([{ clientID: 101, clock: 2, state: '{"user":{"name":"Ada L."}}' }]) });
    await waitFor(() => b.awarenessStates('page/a').get(101)?.includes('Ada L.'), 'an awareness update to cross');

    // Leaving removes the states everywhere.
    await a.close();
    await waitFor(() => !b.awarenessStates('page/a').has(101) && !provider.awareness.getStates().has(101), 'removal across instances');
    provider.destroy();
    await waitFor(() => !b.awarenessStates('page/a').has(doc.clientID), 'the stock client leaving');
  });

  it('compactions while both instances write to the same docs (threshold 5) lose nothing', async () => {
    const space = newSpace();
    const [w1, w2] = await Promise.all([client(one.url, space, 'writer', 'w1'), client(two.url, space, 'writer', 'w2')]);
    await Promise.all([w1.synced(), w2.synced()]);
    const compactionsBefore = await Promise.all([metric(one.url, 'baton_relay_compactions_total'), metric(two.url, 'baton_relay_compactions_total')]);
    const N = 120;
    const docIds = ['page/hot', 'page/warm'];
    for (let i = 0; i < N; i++) {
      for (const id of docIds) {
        w1.doc(id).getArray<string>('a').push([`w1-${i}`]);
        w2.doc(id).getArray<string>('a').push([`w2-${i}`]);
      }
      if (i % 10 === 0) await new Promise((r) => setImmediate(r));
    }
    await waitFor(() => docIds.every((id) => w1.acks.get(id) === N && w2.acks.get(id) === N), 'every change acknowledged', 30_000);
    // Both instances had those docs past the threshold and tried to merge them; which one wins a
    // merge is a race (the loser of the advisory lock skips), and the metric counts merges done.
    const merges = async () => (await metric(one.url, 'baton_relay_compactions_total')) + (await metric(two.url, 'baton_relay_compactions_total'));
    await waitFor(async () => (await merges()) > compactionsBefore[0] + compactionsBefore[1], 'merges');

    const expected = [...Array.from({ length: N }, (_, i) => `w1-${i}`), ...Array.from({ length: N }, (_, i) => `w2-${i}`)].sort();
    for (const url of [one.url, two.url]) {
      for (const id of docIds) {
        expect((await fetchDoc(url, space, id)).getArray<string>('a').toArray().sort()).toEqual(expected);
      }
    }
    // Counters agree with the rows left, and every log was merged into a snapshot (once the
    // merges due when the docs went quiet have run).
    const readRows = () =>
      withDatabase(async (db) =>
        (
          await db.query<{ doc_id: string; pending_count: number; rows: number; head_seq: string; snapshot_seq: string | null }>(
            `SELECT d.doc_id, d.pending_count, d.head_seq,
               (SELECT count(*)::int FROM "${schema}".relay_doc_updates u WHERE u.doc = d.id) AS rows,
               (SELECT s.seq FROM "${schema}".relay_doc_snapshots s WHERE s.doc = d.id) AS snapshot_seq
             FROM "${schema}".relay_docs d WHERE d.space = $1 ORDER BY d.doc_id`,
            [space],
          )
        ).rows,
      );
    const rows = await waitFor(async () => {
      const current = await readRows();
      return current.length === docIds.length && current.every((r) => r.snapshot_seq !== null) ? current : null;
    }, 'a snapshot of every doc');
    expect(rows.map((r) => r.doc_id)).toEqual([...docIds].sort());
    for (const row of rows) {
      expect(row.rows).toBe(row.pending_count);
      expect(row.snapshot_seq).not.toBeNull();
      expect(Number(row.head_seq)).toBe(2 * N);
    }
  });

  it('PgStorage: appends and forced compactions racing from two pools never lose an update', async () => {
    const space = newSpace();
    const stores = await Promise.all([0, 1].map(() => PgStorage.open({ connectionString: DATABASE_URL, schema, compactAfterUpdates: 3 })));
    cleanup.add(() => Promise.all(stores.map((s) => s.close())));
    const sources = [new Y.Doc(), new Y.Doc(), new Y.Doc(), new Y.Doc()];
    const writers = sources.map(async (source, w) => {
      for (let i = 0; i < 40; i++) {
        const before = Y.encodeStateVector(source);
        source.getArray<string>('a').push([`${w}-${i}`]);
        await stores[w % 2].append(space, 'doc', Y.encodeStateAsUpdate(source, before));
      }
    });
    let writing = true;
    const compactors = stores.map(async (store) => {
      while (writing) await store.compactDoc(space, 'doc');
    });
    await Promise.all(writers);
    writing = false;
    await Promise.all(compactors);
    const stored = await stores[0].read(space, 'doc');
    expect(stored?.seq).toBe(160);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored!.update);
    expect(doc.getArray<string>('a').length).toBe(160);
    expect(new Set(doc.getArray<string>('a').toArray()).size).toBe(160);
    expect((await stores[1].read(space, 'doc'))?.update).toEqual(stored!.update);
  });

  it('SIGKILL of one instance loses nothing it acknowledged; restarted, it serves everything from PostgreSQL', async () => {
    const space = newSpace();
    const writer = await client(one.url, space, 'writer', 'w');
    const observer = await client(two.url, space, 'reader', 'o');
    await Promise.all([writer.synced(), observer.synced()]);
    const docIds = ['page/a', 'page/b', 'log/2026-03', 'space'];
    const sources = docIds.map(() => new Y.Doc());
    const sent: string[] = [];
    let streaming = true;
    const pump = async () => {
      for (let i = 0; streaming && writer.ws.readyState === writer.ws.OPEN; i++) {
        for (let d = 0; d < docIds.length; d++) {
          const label = `${docIds[d]}#${i}`;
          const before = Y.encodeStateVector(sources[d]);
          sources[d].getArray<string>('a').push([label]);
          writer.sendChange(docIds[d], Y.encodeStateAsUpdate(sources[d], before), 'sync-update', label);
          sent.push(label);
        }
        await new Promise((r) => setImmediate(r));
      }
    };
    const pumping = pump();
    await waitFor(() => writer.ackedLabels.length >= 300, 'a few hundred acknowledged updates', 30_000);
    one.child.kill('SIGKILL');
    expect((await one.exited).signal).toBe('SIGKILL');
    await writer.closed;
    streaming = false;
    await pumping;

    // Acknowledged: acked to the writer, or fanned out (through Redis) to the observer on instance 2.
    const acknowledged = new Set(writer.ackedLabels);
    for (const id of docIds) for (const label of observer.doc(id).getArray<string>('a').toArray()) acknowledged.add(label);
    expect(sent.length).toBeGreaterThan(acknowledged.size); // the kill really was mid-stream

    const present = async (url: string) => {
      const labels = new Set<string>();
      for (const id of docIds) for (const label of (await fetchDoc(url, space, id)).getArray<string>('a').toArray()) labels.add(label);
      return labels;
    };
    // The surviving instance has it all, without any restart.
    const onTwo = await present(two.url);
    expect([...acknowledged].filter((label) => !onTwo.has(label))).toEqual([]);
    expect([...onTwo].every((label) => sent.includes(label))).toBe(true);

    // A new process in place of the killed one serves the same, and fans out to instance 2 again.
    // (At least the same: PostgreSQL may still commit a statement the killed process had sent.)
    one = await spawnRelay(processes, schema, ['--compact-after-updates', String(COMPACT_AFTER)]);
    const onOne = await present(one.url);
    expect([...onTwo].filter((label) => !onOne.has(label))).toEqual([]);
    expect([...onOne].every((label) => sent.includes(label))).toBe(true);
    const again = await client(one.url, space, 'writer', 'w2');
    await again.synced();
    again.doc('page/a').getArray<string>('a').push(['after restart']);
    // The observer may lack updates the killed instance stored but never published; the new one
    // builds on them, so instance 2 notices the hole in the seqs and sends page/a as stored.
    const full = async () => (await fetchDoc(two.url, space, 'page/a')).getArray<string>('a').toArray();
    const expectedA = await waitFor(async () => ((await full()).includes('after restart') ? full() : null), 'the new edit stored');
    await waitFor(
      () => JSON.stringify(observer.doc('page/a').getArray<string>('a').toArray()) === JSON.stringify(expectedA),
      'the observer on instance 2 to converge with what is stored',
    );
  });

  it('an update an instance stored but died before publishing reaches the other instances once an edit builds on it', async () => {
    const space = newSpace();
    const w = await client(one.url, space, 'writer', 'w');
    const o = await client(two.url, space, 'reader', 'o');
    await Promise.all([w.synced(), o.synced()]);
    const items = (c: SyncTestClient) => c.doc('page/a').getArray<string>('a').toArray();
    w.doc('page/a').getArray<string>('a').push(['first']);
    await waitFor(() => items(o).includes('first'), 'the first edit');

    // What a crash between commit and publish leaves: a stored update no instance fanned out.
    const ghost = new Y.Doc();
    Y.applyUpdate(ghost, Y.encodeStateAsUpdate(w.doc('page/a')));
    const before = Y.encodeStateVector(ghost);
    ghost.getArray<string>('a').push(['stored, never published']);
    const store = await PgStorage.open({ connectionString: DATABASE_URL, schema });
    cleanup.add(() => store.close());
    await store.append(space, 'page/a', Y.encodeStateAsUpdate(ghost, before));

    // The writer gets it from storage on reconnect, and builds on it.
    await w.close();
    await w.open();
    await w.synced();
    expect(items(w)).toEqual(['first', 'stored, never published']);
    const fillsBefore = await metric(two.url, 'baton_relay_bus_gap_fills');
    w.doc('page/a').getArray<string>('a').push(['after']);
    // Without the fill, `after` would stay pending in the observer's doc (its left neighbour is missing).
    await waitFor(() => JSON.stringify(items(o)) === JSON.stringify(['first', 'stored, never published', 'after']), 'the observer to converge');
    expect(await metric(two.url, 'baton_relay_bus_gap_fills')).toBe(fillsBefore + 1);
  });

  it('a SIGTERM drains, closes with 1001 and exits 0; a client moving to the other instance has lost nothing', async () => {
    const space = newSpace();
    const extra = await spawnRelay(processes, schema);
    const a = await client(extra.url, space, 'writer', 'a');
    await a.synced();
    for (let i = 0; i < 20; i++) a.doc('page/a').getText('t').insert(0, String(i % 10));
    await waitFor(() => a.acks.get('page/a') === 20, 'acks');
    const expected = a.doc('page/a').getText('t').toString();
    extra.child.kill('SIGTERM');
    expect((await a.closed).code).toBe(1001);
    expect(await extra.exited).toEqual({ code: 0, signal: null });
    expect((await fetchDoc(two.url, space, 'page/a')).getText('t').toString()).toBe(expected);
  });

  it('losing Redis closes every connection (1011) and refuses new ones (503) until it is back; then all converge', async () => {
    // A private Redis this test may kill; the relays run in-process here.
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    let redis: ChildProcess | null = null;
    const startRedis = async () => {
      const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      redis = child;
      await waitFor(
        () =>
          new Promise<boolean>((resolve) => {
            const socket = net.connect(port, '127.0.0.1', () => socket.end(() => resolve(true)));
            socket.on('error', () => resolve(false));
          }),
        'redis-server to listen',
      );
    };
    const stopRedis = () => {
      const child = redis;
      if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      return exited;
    };
    cleanup.add(stopRedis);
    await startRedis();
    const options = { port: 0, host: '127.0.0.1', secret: SECRET, databaseUrl: DATABASE_URL, redisUrl: `redis://127.0.0.1:${port}`, databaseSchema: schema };
    const [r1, r2] = await Promise.all([startRelay(options), startRelay(options)]);
    cleanup.add(() => Promise.all([r1.close(), r2.close()]));
    const space = newSpace();
    const a = await client(r1.url, space, 'writer', 'a');
    const b = await client(r2.url, space, 'writer', 'b');
    await Promise.all([a.synced(), b.synced()]);

    await stopRedis();
    expect((await a.closed).code).toBe(1011);
    expect((await b.closed).code).toBe(1011);
    expect((await upgradeStatus(`${r1.url}/sync/${space}?token=${token(space)}`)).status).toBe(503);
    expect((await fetch(`${r1.url.replace('ws://', 'http://')}/healthz`)).status).toBe(503);
    // Offline meanwhile, both keep editing.
    a.doc('page/a').getText('t').insert(0, 'A');
    b.doc('page/a').getText('t').insert(0, 'B');

    await startRedis();
    await waitFor(async () => (await fetch(`${r1.url.replace('ws://', 'http://')}/healthz`)).status === 200, 'relay 1 healthy', 15_000);
    await waitFor(async () => (await fetch(`${r2.url.replace('ws://', 'http://')}/healthz`)).status === 200, 'relay 2 healthy', 15_000);
    await Promise.all([a.open(), b.open()]);
    await Promise.all([a.synced(), b.synced()]);
    const text = (c: SyncTestClient) => c.doc('page/a').getText('t').toString();
    await waitFor(() => text(a).length === 2 && text(a) === text(b), 'convergence after the outage');
    a.doc('page/a').getText('t').insert(0, 'live ');
    await waitFor(() => text(b).startsWith('live '), 'live fan-out across instances again');
  });
});
