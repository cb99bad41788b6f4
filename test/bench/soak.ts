/**
 * Load / soak test of the relay: thousands of clients on loopback for a bounded time, steady
 * edits, and the three things that matter for a long-running relay:
 *  - memory over time (the relay's RSS every 5 s, from its /metrics),
 *  - fan-out latency (edit made by one client → applied by each other client of its space),
 *  - lost updates (must be 0: at the end every client's doc, and the relay's stored copy,
 *    has every update of its space).
 *
 *   npm run soak                                   → Markdown table on stdout, test/bench/results/soak.md
 *   BATON_SOAK_SECONDS=600 BATON_SOAK_CLIENTS=4000 BATON_SOAK_SPACES=80 npm run soak
 *
 * The relay is the CLI in its own process (so its RSS is its own) with the per-space connection
 * limit and rate limit raised. Clients are spread over spaces — by default 25 per space, each
 * editing every 20 s on average: team-sized spaces, and a fan-out (≈ 2,400 deliveries/s) that
 * the single load-client process can apply without becoming the bottleneck — and connect in
 * batches. Most are Baton `/sync` clients (test/integration/relay-support.ts);
 * BATON_SOAK_STOCK_SHARE of them (10%) are stock y-websocket WebsocketProviders on `/y/`, on the
 * same doc, so both endpoints fan out to each other under load. All clients live in this one
 * process: latency includes this process's own event-loop delay, which is reported next to it.
 * A watchdog ends the run if it overruns.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { setLogLevel } from '../../shared/log/logger';
import { issueToken } from '../../sync-server/token';
import { SyncTestClient } from '../integration/relay-support';
import { intFromEnv } from '../support/prng';
import { spawnRelay, type RelayProcess } from '../support/relay-process';

const SECONDS = intFromEnv('BATON_SOAK_SECONDS', 60);
const CLIENTS = intFromEnv('BATON_SOAK_CLIENTS', 2_000);
const SPACES = intFromEnv('BATON_SOAK_SPACES', 80);
const EDIT_EVERY_MS = intFromEnv('BATON_SOAK_EDIT_EVERY_MS', 20_000);
const STOCK_SHARE = Number(process.env.BATON_SOAK_STOCK_SHARE ?? '0.1');
const BATCH = 100;
const SAMPLE_EVERY_MS = 5_000;
const DOC_ID = 'page/soak';
const SECRET = 'soak-secret-0123456789abcdef';
const ROOT = path.resolve(__dirname, '../..');

setLogLevel('error');
process.setMaxListeners(0); // every WebsocketProvider adds a process 'exit' listener
const watchdog = setTimeout(() => {
  console.error(`soak exceeded ${SECONDS + 240} s: aborting`);
  process.exit(1);
}, (SECONDS + 240) * 1000);

interface Client {
  index: number;
  space: string;
  kind: 'sync' | 'stock';
  doc: Y.Doc;
  written: number;
  close(): Promise<void> | void;
  closedUnexpectedly: () => string | null;
}

const sentAt = new Map<string, number>();
const latencies: number[] = [];
let windowLatencies: number[] = [];
let stopping = false;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function observe(doc: Y.Doc): void {
  doc.getMap<number>('edits').observe((event) => {
    if (event.transaction.local) return;
    const now = performance.now();
    for (const key of event.keysChanged) {
      const sent = sentAt.get(key);
      if (sent === undefined) continue;
      latencies.push(now - sent);
      windowLatencies.push(now - sent);
    }
  });
}

async function connectSync(url: string, index: number, space: string): Promise<Client> {
  const doc = new Y.Doc();
  observe(doc);
  const client = await SyncTestClient.connect(url, space, issueToken({ space, member: `c${index}`, role: 'writer', ttlSeconds: 7200 }, SECRET), {
    [DOC_ID]: doc,
  });
  await client.synced(60_000);
  return {
    index,
    space,
    kind: 'sync',
    doc,
    written: 0,
    close: async () => {
      await client.close();
    },
    closedUnexpectedly: () => (client.closeInfo && !stopping ? `closed ${client.closeInfo.code} ${client.closeInfo.reason}` : null),
  };
}

async function connectStock(url: string, index: number, space: string): Promise<Client> {
  const doc = new Y.Doc();
  observe(doc);
  const token = issueToken({ space, member: `c${index}`, role: 'writer', ttlSeconds: 7200 }, SECRET);
  const provider = new WebsocketProvider(`${url}/y/${space}`, DOC_ID, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
  });
  let disconnects = 0;
  provider.on('status', ({ status }: { status: string }) => {
    if (status === 'disconnected' && !stopping) disconnects++;
  });
  await new Promise<void>((resolve) => {
    if (provider.synced) return resolve();
    const onSync = (synced: boolean) => {
      if (!synced) return;
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
  return {
    index,
    space,
    kind: 'stock',
    doc,
    written: 0,
    close: () => provider.destroy(),
    // The stock provider reconnects by itself; a disconnect is worth reporting all the same.
    closedUnexpectedly: () => (disconnects > 0 ? `disconnected ${disconnects}×` : null),
  };
}

async function pool<T>(n: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

/** The relay's CPU seconds so far (user + system), from /proc on Linux; null elsewhere. */
function relayCpuSeconds(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const ms = (n: number) => (Number.isNaN(n) ? 'n/a' : `${n < 10 ? n.toFixed(1) : n.toFixed(0)} ms`);

async function main(): Promise<void> {
  const began = performance.now();
  const loadBefore = os.loadavg()[0];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-soak-'));
  const relay: RelayProcess = await spawnRelay({
    dataDir,
    secret: SECRET,
    args: ['--max-connections-per-space', String(CLIENTS + 100), '--max-messages-per-second', '1000'],
  });
  process.on('exit', () => relay.alive() && relay.child.kill('SIGKILL'));
  const rssEmpty = await relay.rss();

  // --- ramp up, in batches ------------------------------------------------------------------------
  const stockEvery = STOCK_SHARE > 0 ? Math.round(1 / STOCK_SHARE) : Infinity;
  const rampStart = performance.now();
  const clients = await pool(CLIENTS, BATCH, (i) => {
    const space = `soak${i % SPACES}`;
    return (i + 1) % stockEvery === 0 ? connectStock(relay.url, i, space) : connectSync(relay.url, i, space);
  });
  const rampMs = performance.now() - rampStart;
  const rssConnected = await relay.rss();
  console.error(`${clients.length} clients connected in ${(rampMs / 1000).toFixed(1)} s; relay RSS ${mb(rssConnected)}`);

  // --- steady edits ---------------------------------------------------------------------------------
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const samples: { t: number; rss: number; connections: number; editsPerS: number; deliveriesPerS: number; p99: number; loopP99: number; relayCpu: number | null }[] = [];
  let lastCpu = relayCpuSeconds(relay.pid);
  let lastSampleAt = performance.now();
  let edits = 0;
  let lastEdits = 0;
  let lastDeliveries = 0;
  const timers = new Set<NodeJS.Timeout>();
  const editEnd = performance.now() + SECONDS * 1000;
  for (const client of clients) {
    const schedule = (delay: number) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (performance.now() >= editEnd) return;
        const label = `${client.index}:${client.written++}`;
        sentAt.set(label, performance.now());
        client.doc.getMap<number>('edits').set(label, client.written);
        edits++;
        schedule(EDIT_EVERY_MS * (0.5 + Math.random()));
      }, delay);
      timers.add(timer);
    };
    schedule(Math.random() * EDIT_EVERY_MS);
  }
  const sampleStart = performance.now();
  while (performance.now() < editEnd) {
    await new Promise((r) => setTimeout(r, Math.min(SAMPLE_EVERY_MS, editEnd - performance.now())));
    const sync = (await relay.metric('baton_relay_connections', { endpoint: 'sync' })) ?? 0;
    const y = (await relay.metric('baton_relay_connections', { endpoint: 'y' })) ?? 0;
    const now = performance.now();
    const seconds = (now - lastSampleAt) / 1000;
    lastSampleAt = now;
    const cpu = relayCpuSeconds(relay.pid);
    samples.push({
      relayCpu: cpu !== null && lastCpu !== null ? (cpu - lastCpu) / seconds : null,
      t: Math.round((performance.now() - sampleStart) / 1000),
      rss: await relay.rss(),
      connections: sync + y,
      editsPerS: (edits - lastEdits) / seconds,
      deliveriesPerS: (latencies.length - lastDeliveries) / seconds,
      p99: percentile(windowLatencies, 99),
      loopP99: loopDelay.percentile(99) / 1e6,
    });
    lastEdits = edits;
    lastCpu = cpu;
    lastDeliveries = latencies.length;
    windowLatencies = [];
    loopDelay.reset();
    const s = samples[samples.length - 1];
    console.error(`t=${s.t}s relay RSS ${mb(s.rss)}, ${s.connections} conns, ${s.editsPerS.toFixed(0)} edits/s, ${s.deliveriesPerS.toFixed(0)} deliveries/s, p99 ${ms(s.p99)}`);
  }
  for (const timer of timers) clearTimeout(timer);
  loopDelay.disable();

  // --- lost updates: every client of a space must end with every update of that space ----------
  const expected = new Map<string, number>();
  for (const c of clients) expected.set(c.space, (expected.get(c.space) ?? 0) + c.written);
  const settleStart = performance.now();
  const missingOf = (c: Client) => expected.get(c.space)! - c.doc.getMap('edits').size;
  let missing = Infinity;
  while (performance.now() - settleStart < 60_000) {
    missing = clients.reduce((sum, c) => sum + Math.max(0, missingOf(c)), 0);
    if (missing === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const settleMs = performance.now() - settleStart;
  // The relay's stored copy too, through a fresh client per space.
  let relayMissing = 0;
  for (let s = 0; s < SPACES; s++) {
    const space = `soak${s}`;
    const reader = await SyncTestClient.connect(relay.url, space, issueToken({ space, member: 'auditor', role: 'reader', ttlSeconds: 600 }, SECRET));
    await reader.synced(60_000);
    relayMissing += Math.max(0, expected.get(space)! - reader.doc(DOC_ID).getMap('edits').size);
    await reader.close();
  }
  const unexpectedCloses = clients.map((c) => c.closedUnexpectedly()).filter((x): x is string => x !== null);
  const rssEnd = await relay.rss();

  stopping = true;
  for (const c of clients) await c.close();
  await new Promise((r) => setTimeout(r, 1_000));
  const rssAfterClose = await relay.rss();
  const stopped = await relay.stop(10_000);
  fs.rmSync(dataDir, { recursive: true, force: true });

  // --- report -------------------------------------------------------------------------------------------
  const stock = clients.filter((c) => c.kind === 'stock').length;
  const totalEdits = clients.reduce((sum, c) => sum + c.written, 0);
  const perSpace = CLIENTS / SPACES;
  const summary: [string, string][] = [
    ['clients', `${CLIENTS.toLocaleString('en')} (${(CLIENTS - stock).toLocaleString('en')} /sync, ${stock} stock y-websocket) in ${SPACES} spaces (${perSpace} per space, one shared doc each)`],
    ['ramp-up', `${(rampMs / 1000).toFixed(1)} s, ${BATCH} connecting at a time`],
    ['edit phase', `${SECONDS} s, each client edits every ${EDIT_EVERY_MS / 1000} s on average (≈ ${(CLIENTS / (EDIT_EVERY_MS / 1000)).toFixed(0)} edits/s in total)`],
    ['edits made', totalEdits.toLocaleString('en')],
    ['deliveries (edit applied by another client)', latencies.length.toLocaleString('en')],
    ['fan-out latency p50 / p99 / max', `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 99))} / ${ms(latencies.reduce((a, b) => Math.max(a, b), 0))}`],
    ['**lost updates** (clients / relay storage)', `**${missing} / ${relayMissing}**`],
    ['time for the last updates to land after edits stop', ms(settleMs)],
    ['unexpected disconnects', unexpectedCloses.length === 0 ? '0' : `${unexpectedCloses.length} (${[...new Set(unexpectedCloses)].slice(0, 3).join('; ')})`],
    ['relay RSS: empty / all connected / end of edits / clients gone', `${mb(rssEmpty)} / ${mb(rssConnected)} / ${mb(rssEnd)} / ${mb(rssAfterClose)}`],
    ['relay shutdown (SIGTERM)', `exit code ${stopped.code}`],
  ];
  const summaryTable = ['| | |', '|---|---|', ...summary.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
  const timeTable = [
    '| t | relay RSS | relay CPU | connections | edits/s | deliveries/s | fan-out p99 | load-client event-loop p99 |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...samples.map(
      (s) =>
        `| ${s.t} s | ${mb(s.rss)} | ${s.relayCpu === null ? 'n/a' : `${(s.relayCpu * 100).toFixed(0)} %`} | ${s.connections.toLocaleString('en')} | ` +
        `${s.editsPerS.toFixed(0)} | ${s.deliveriesPerS.toFixed(0)} | ${ms(s.p99)} | ${ms(s.loopP99)} |`,
    ),
  ].join('\n');
  const cpus = os.cpus();
  const text = [
    '# Relay soak',
    '',
    `Generated by \`npm run soak\` (test/bench/soak.ts) on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ` +
      `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.platform()}. ` +
      'The relay (CLI, SQLite storage, every update committed before it is acknowledged or fanned out) runs in its own process; ' +
      'all clients run in one other process on the same machine, over loopback. Latency is measured from the edit in one client ' +
      "to its application in another, so it includes the load client's own event-loop delay (last column). " +
      `Machine load average (1 min) at start / end: ${loadBefore.toFixed(1)} / ${os.loadavg()[0].toFixed(1)} ` +
      `(other processes share the ${cpus.length} cores, so latency varies between runs; lost updates must be 0 in every run).`,
    '',
    summaryTable,
    '',
    `Over time (every ${SAMPLE_EVERY_MS / 1000} s of the edit phase):`,
    '',
    timeTable,
    '',
    `Total run time: ${((performance.now() - began) / 1000).toFixed(0)} s.`,
    '',
  ].join('\n');
  console.log(summaryTable + '\n\n' + timeTable);
  const out = path.join(ROOT, 'test', 'bench', 'results', 'soak.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  console.error(`written to ${path.relative(ROOT, out)}`);
  clearTimeout(watchdog);
  process.exit(missing === 0 && relayMissing === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
