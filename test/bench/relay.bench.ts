/**
 * Relay benchmark: this relay vs @y/websocket-server (in memory, and with its y-leveldb
 * persistence), same machine, stock y-websocket clients on loopback. Each server runs in its
 * own child process (relay-bench-server.ts) so its RSS is its own.
 *
 *   npx tsx test/bench/relay.bench.ts      → prints a Markdown table, writes test/bench/results/relay.md
 *
 * Bounded: the whole run takes about 4 minutes (most of it the 12 interleaved latency rounds per
 * server; BATON_BENCH_LATENCY_ROUNDS sets their number); a watchdog aborts it past 6 minutes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { setLogLevel } from '../../shared/log/logger';
import { issueToken } from '../../sync-server/token';
import { SyncTestClient } from '../integration/relay-support';
import { percentile } from './bench-text';

type Kind = 'baton' | 'yws' | 'yws-leveldb';
const KINDS: Kind[] = ['baton', 'yws', 'yws-leveldb'];
const LABELS: Record<Kind, string> = {
  baton: 'Baton relay (SQLite)',
  yws: '@y/websocket-server (memory)',
  'yws-leveldb': '@y/websocket-server + y-leveldb',
};
const SECRET = 'bench-secret-0123456789abcdef';
const SPACE = 'bench';
const TOKEN = issueToken({ space: SPACE, member: 'bench', role: 'writer', ttlSeconds: 3600 }, SECRET);
const ROOT = path.resolve(__dirname, '../..');

const LATENCY_READERS = 10;
const LATENCY_EDITS = 1_000;
const LATENCY_INTERVAL_MS = 4;
/** Latency rounds per server, interleaved (A B C A B C …) so drifting machine load hits all alike. */
const LATENCY_ROUNDS = Number(process.env.BATON_BENCH_LATENCY_ROUNDS ?? 12);
const THROUGHPUT_PAIRS = 4;
const THROUGHPUT_EDITS = 2_500;
const RSS_DOCS = 1_000;
const RSS_CLIENTS = 500;
const SPACE_DOCS = 2_000;
const CONCURRENCY = 100;

setLogLevel('error');
process.setMaxListeners(0); // every WebsocketProvider adds a process 'exit' listener
const watchdog = setTimeout(() => {
  console.error('benchmark exceeded 360 s: aborting');
  process.exit(1);
}, 360_000);

interface Server {
  kind: Kind;
  port: number;
  child: ChildProcess;
  dataDir: string;
  /** RSS and V8 heap used + external, after a forced GC. */
  rss(): Promise<{ rss: number; heap: number }>;
  close(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

async function spawnServer(kind: Kind): Promise<Server> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `baton-bench-${kind}-`));
  const env = { ...process.env };
  delete env.YPERSISTENCE;
  if (kind === 'yws-leveldb') env.YPERSISTENCE = path.join(dataDir, 'leveldb');
  const child = fork(path.join(__dirname, 'relay-bench-server.ts'), [kind, dataDir], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (msg: { ready?: boolean; port?: number; error?: string }) => (msg.ready ? resolve(msg.port!) : reject(new Error(msg.error))));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return {
    kind,
    port,
    child,
    dataDir,
    rss: () =>
      new Promise((resolve) => {
        const onMessage = (msg: { rss?: number; heap?: number }) => {
          if (msg.rss === undefined) return;
          child.off('message', onMessage);
          resolve({ rss: msg.rss, heap: msg.heap! });
        };
        child.on('message', onMessage);
        child.send({ cmd: 'rss' });
      }),
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ cmd: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function provider(server: Server, docId: string, doc = new Y.Doc()): WebsocketProvider {
  return new WebsocketProvider(`ws://127.0.0.1:${server.port}/y/${SPACE}`, docId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: server.kind === 'baton' ? { token: TOKEN } : {},
    disableBc: true,
  });
}

function synced(p: WebsocketProvider): Promise<void> {
  if (p.synced) return Promise.resolve();
  return new Promise((resolve) => {
    const onSync = (state: boolean) => {
      if (!state) return;
      p.off('sync', onSync);
      resolve();
    };
    p.on('sync', onSync);
  });
}

/**
 * Synced AND holding the stored content. @y/websocket-server with y-leveldb answers step 1
 * before its persistence has loaded the doc (bindState is not awaited), so its "synced" can
 * arrive with an empty doc and the content a moment later; we wait for the content.
 */
async function loaded(p: WebsocketProvider): Promise<void> {
  await synced(p);
  if (p.doc.getText('body').length > 0) return;
  await new Promise<void>((resolve) => {
    const onUpdate = () => {
      if (p.doc.getText('body').length === 0) return;
      p.doc.off('update', onUpdate);
      resolve();
    };
    p.doc.on('update', onUpdate);
  });
}

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Runs `task(i)` for i < n with at most `limit` in flight. */
async function pool(n: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes `edits` inserts of ~100 chars into a doc through a provider, then disconnects. */
async function populate(server: Server, docIds: string[], edits: number): Promise<void> {
  const chunk = 'lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore. ';
  await pool(docIds.length, CONCURRENCY, async (i) => {
    const doc = new Y.Doc();
    const p = provider(server, docIds[i], doc);
    await synced(p);
    const text = doc.getText('body');
    for (let e = 0; e < edits; e++) text.insert(Math.floor(text.length / 2), chunk);
    doc.getMap('meta').set('title', `Doc ${i}`);
    // Give the socket a moment to flush the edits before closing it.
    await sleep(5);
    p.destroy();
  });
  await sleep(300);
}


async function latency(server: Server): Promise<{ p50: number; p99: number }> {
  const writerDoc = new Y.Doc();
  const writer = provider(server, 'latency', writerDoc);
  const readers = Array.from({ length: LATENCY_READERS }, () => provider(server, 'latency'));
  await Promise.all([writer, ...readers].map(synced));
  const sentAt = new Map<string, number>();
  const samples: number[] = [];
  for (const r of readers) {
    r.doc.getMap('m').observe((event) => {
      const now = performance.now();
      for (const key of event.keysChanged) {
        const sent = sentAt.get(key);
        if (sent !== undefined) samples.push(now - sent);
      }
    });
  }
  for (let i = 0; i < LATENCY_EDITS; i++) {
    const key = `k${i}`;
    sentAt.set(key, performance.now());
    writerDoc.getMap('m').set(key, i);
    await sleep(LATENCY_INTERVAL_MS);
  }
  await until(() => samples.length >= LATENCY_EDITS * LATENCY_READERS, 'latency samples');
  for (const p of [writer, ...readers]) p.destroy();
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function throughput(server: Server): Promise<number> {
  const pairs = Array.from({ length: THROUGHPUT_PAIRS }, (_, i) => ({ writer: provider(server, `tp-${i}`), reader: provider(server, `tp-${i}`) }));
  await Promise.all(pairs.flatMap((p) => [synced(p.writer), synced(p.reader)]));
  const received = pairs.map(() => 0);
  pairs.forEach((pair, i) => pair.reader.doc.getMap('m').observe((e) => (received[i] += e.keysChanged.size)));
  const start = performance.now();
  for (let batch = 0; batch < THROUGHPUT_EDITS; batch += 50) {
    for (const pair of pairs) for (let k = batch; k < batch + 50; k++) pair.writer.doc.getMap('m').set(`k${k}`, k);
    await new Promise((r) => setImmediate(r));
  }
  await until(() => received.every((n) => n >= THROUGHPUT_EDITS), 'all updates delivered', 60_000);
  const seconds = (performance.now() - start) / 1000;
  for (const p of pairs) {
    p.writer.destroy();
    p.reader.destroy();
  }
  return (THROUGHPUT_PAIRS * THROUGHPUT_EDITS) / seconds;
}

async function memory(server: Server): Promise<Record<string, number>> {
  const empty = await server.rss();
  const ids = Array.from({ length: RSS_DOCS }, (_, i) => `mem-${i}`);
  await populate(server, ids, 20);
  const idle = await server.rss();
  const clients = ids.slice(0, RSS_CLIENTS).map((id) => provider(server, id));
  await Promise.all(clients.map(loaded));
  const connected = await server.rss();
  for (const c of clients) c.destroy();
  return {
    empty: empty.rss,
    idle: idle.rss,
    connected: connected.rss,
    heapEmpty: empty.heap,
    heapIdle: idle.heap,
    heapConnected: connected.heap,
  };
}

async function spaceSync(server: Server): Promise<{ providersMs: number; multiplexedMs: number | null }> {
  const ids = Array.from({ length: SPACE_DOCS }, (_, i) => `space-${i}`);
  await populate(server, ids, 3);
  let start = performance.now();
  const docs: Y.Doc[] = [];
  await pool(ids.length, CONCURRENCY, async (i) => {
    const p = provider(server, ids[i]);
    await loaded(p);
    docs.push(p.doc);
    p.destroy();
  });
  const providersMs = performance.now() - start;
  if (docs.some((d) => d.getText('body').length === 0)) throw new Error('a synced doc is empty');
  let multiplexedMs: number | null = null;
  if (server.kind === 'baton') {
    start = performance.now();
    const client = await SyncTestClient.connect(`ws://127.0.0.1:${server.port}`, SPACE, TOKEN);
    await client.synced(60_000);
    multiplexedMs = performance.now() - start;
    if (client.docs.size !== SPACE_DOCS || client.doc(ids[7]).getText('body').length === 0) throw new Error('multiplexed sync incomplete');
    await client.close();
  }
  return { providersMs, multiplexedMs };
}

async function main(): Promise<void> {
  const began = performance.now();
  const results = new Map<Kind, Record<string, number | null>>(KINDS.map((kind) => [kind, {}]));
  const rounds = new Map<Kind, { p50: number; p99: number }[]>(KINDS.map((kind) => [kind, []]));
  for (let round = 0; round < LATENCY_ROUNDS; round++) {
    for (const kind of KINDS) {
      const server = await spawnServer(kind);
      rounds.get(kind)!.push(await latency(server));
      await server.close();
    }
  }
  console.error(`latency rounds done at ${((performance.now() - began) / 1000).toFixed(1)} s`);
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  // Paired: the rounds of the servers run back to back, so round i saw the same machine for each.
  const paired = (other: Kind) => rounds.get('baton')!.filter((r, i) => r.p99 <= rounds.get(other)![i].p99).length;
  const pairedText = (['yws-leveldb', 'yws'] as const).map((other) => `${LABELS[other]} in ${paired(other)} of ${LATENCY_ROUNDS}`).join(', ');
  console.error(`Baton's p99 was at or below that of ${pairedText} rounds`);
  for (const kind of KINDS) {
    const row = results.get(kind)!;
    const runs = rounds.get(kind)!;
    row.p50 = median(runs.map((r) => r.p50));
    row.p99 = median(runs.map((r) => r.p99));
    row.p99min = Math.min(...runs.map((r) => r.p99));
    row.p99max = Math.max(...runs.map((r) => r.p99));
  }
  for (const kind of KINDS) {
    const row = results.get(kind)!;
    let server = await spawnServer(kind);
    row.throughput = await throughput(server);
    await server.close();

    server = await spawnServer(kind);
    Object.assign(row, await memory(server));
    await server.close();

    server = await spawnServer(kind);
    const sync = await spaceSync(server);
    row.providersMs = sync.providersMs;
    row.multiplexedMs = sync.multiplexedMs;
    await server.close();
    console.error(`${LABELS[kind]} done at ${((performance.now() - began) / 1000).toFixed(1)} s`);
  }

  const mb = (n: number | null) => (n === null ? 'n/a' : `${(n / 1024 / 1024).toFixed(0)} MB`);
  const ms = (n: number | null) => (n === null ? 'n/a' : `${n < 10 ? n.toFixed(2) : n.toFixed(0)} ms`);
  const rows: [string, (r: Record<string, number | null>) => string][] = [
    [`fan-out latency p50 (1 writer → ${LATENCY_READERS} readers, 1 edit / ${LATENCY_INTERVAL_MS} ms; median of ${LATENCY_ROUNDS} rounds)`, (r) => ms(r.p50)],
    [`fan-out latency p99 (median of ${LATENCY_ROUNDS} rounds; lowest–highest)`, (r) => `${ms(r.p99)} (${r.p99min!.toFixed(2)}–${r.p99max!.toFixed(2)})`],
    [`updates/s sustained (${THROUGHPUT_PAIRS} writer→reader pairs, ${THROUGHPUT_EDITS.toLocaleString('en')} edits each)`, (r) => Math.round(r.throughput!).toLocaleString('en')],
    ['server RSS, empty', (r) => mb(r.empty)],
    [`server RSS idle, ${RSS_DOCS.toLocaleString('en')} stored docs (~2 KB text, 21 edits), 0 clients`, (r) => mb(r.idle)],
    [`server RSS, ${RSS_DOCS.toLocaleString('en')} stored docs, ${RSS_CLIENTS} clients connected`, (r) => mb(r.connected)],
    ['server JS heap + external (after GC): empty / 1,000 docs idle / 500 clients', (r) => `${mb(r.heapEmpty)} / ${mb(r.heapIdle)} / ${mb(r.heapConnected)}`],
    [`fresh client syncs a ${SPACE_DOCS.toLocaleString('en')}-doc space: one y-websocket provider per doc, ${CONCURRENCY} at a time`, (r) => ms(r.providersMs)],
    [`fresh client syncs a ${SPACE_DOCS.toLocaleString('en')}-doc space: one multiplexed /sync socket, batched step 1`, (r) => ms(r.multiplexedMs)],
  ];
  const table = [
    `| metric | ${KINDS.map((k) => LABELS[k]).join(' | ')} |`,
    `|---|${KINDS.map(() => '---:').join('|')}|`,
    ...rows.map(([label, f]) => `| ${label} | ${KINDS.map((k) => f(results.get(k)!)).join(' | ')} |`),
  ].join('\n');
  const cpus = os.cpus();
  const text = [
    '# Relay benchmark',
    '',
    `Generated by \`npx tsx test/bench/relay.bench.ts\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ` +
      `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.platform()}. ` +
      'Clients and server on the same machine over loopback; every server runs in its own process; clients are stock ' +
      '`y-websocket` WebsocketProviders (plus, for the last row, the Baton `/sync` protocol). The Baton relay runs with its ' +
      'rate limit and connection limit lifted; its storage commits every update to SQLite before fanning it out, ' +
      '@y/websocket-server applies updates to an in-memory Y.Doc (y-leveldb writes asynchronously). RSS is measured after a forced GC.',
    '',
    table,
    '',
    `Round by round (each round runs the three servers back to back), Baton's p99 was at or below that of ${pairedText}.`,
    '',
    'Reading it: the Baton relay commits every update to SQLite before acknowledging or fanning it out: a live edit ' +
      'on an idle connection is one INSERT committed, acknowledged and fanned out within the socket\'s read callback; ' +
      'the rest of a burst shares one WAL transaction (group commit). @y/websocket-server applies it to an ' +
      'in-memory Y.Doc and persists afterwards (y-leveldb, no fsync), or never. Log compaction waits until a doc ' +
      'has been quiet for 1 s (or its log reached 8 × the threshold), so a burst of edits never pays for the merge of ' +
      'its own doc; compaction and WAL checkpoints (by size, each one an fsync) run on the relay\'s low-priority ' +
      'maintenance thread, off the event loop that fans updates out; the thread is also most of the larger empty RSS. Baton\'s JS heap stays flat as stored docs grow (no Y.Doc per room); the RSS rows are dominated by ' +
      'allocator high-water marks and the tsx loader. Clients and servers share the same 2 cores, so single runs vary ' +
      '(p99 by ±1 ms, throughput by up to ~2×): latency is the median of interleaved rounds, with their range.',
    '',
    `Total run time: ${((performance.now() - began) / 1000).toFixed(0)} s.`,
    '',
  ].join('\n');
  console.log(table);
  const out = path.join(__dirname, 'results', 'relay.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  console.error(`written to ${path.relative(ROOT, out)}`);
  clearTimeout(watchdog);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
