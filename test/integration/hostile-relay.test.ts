/**
 * Hostile input against the relay (DESIGN.md §4: "a malformed message closes that connection
 * with a clear close code and harms no one else"). The relay CLI runs as its own process
 * (so its RSS is its own); for a bounded time, `CONNECTIONS` concurrent hostile clients on
 * 127.0.0.1 open connection after connection, each running one attack script: random bytes,
 * truncated varints, huge declared lengths, invalid doc ids, invalid Yjs updates / state
 * vectors / awareness, relay-only and nested frames, text frames, oversized messages, floods,
 * readers that write, valid-looking updates aimed at another space's doc ids, bad upgrades,
 * abrupt disconnects. Meanwhile two honest clients keep editing one doc of their space.
 *
 * Asserted:
 *  - the relay stays up (its /healthz answers throughout) and its RSS stays under
 *    2 × baseline + 100 MB;
 *  - every hostile connection the relay accepted is closed BY THE RELAY with a documented code
 *    (1008, 1009, 1013, 4400, 4403, 4529), every refused upgrade gets the expected HTTP status;
 *  - the honest clients are never disconnected, every edit of each reaches the other, and their
 *    space holds nothing hostile (no extra doc, no foreign data);
 *  - afterwards no connection or space is left behind (the relay's own gauges).
 *
 *   BATON_HOSTILE_MS=60000 BATON_HOSTILE_CONNECTIONS=100 BATON_HOSTILE_SEED=3 npx vitest run --project integration test/integration/hostile-relay
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { SPACE_CHANNEL, encodeAwarenessUpdate, encodeDocMessage, encodeFrame } from '../../shared/sync/protocol';
import { Prng, intFromEnv, seedsFromEnv } from '../support/prng';
import { spawnRelay, type RelayProcess } from '../support/relay-process';
import { Cleanup, SECRET, SyncTestClient, tempDir, token, waitFor } from './relay-support';

const DURATION_MS = intFromEnv('BATON_HOSTILE_MS', 12_000);
const CONNECTIONS = intFromEnv('BATON_HOSTILE_CONNECTIONS', 50);
const [SEED] = seedsFromEnv('HOSTILE', [6060]);
const MAX_MESSAGE_BYTES = 1024 * 1024;
const HONEST = 'honest';
const EVIL = 'evil';
const SHARED_DOC = 'page/shared';
const DOCUMENTED_CLOSE_CODES = new Set([1008, 1009, 1013, 4400, 4403, 4529]);

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

// --- frames built by hand (the encoder refuses most of these) ----------------------------------

function bytes(build: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  build(e);
  return encoding.toUint8Array(e);
}

/** A `/sync` frame: docId, then a sync message of `sub` type with `body`. */
const syncFrame = (docId: string, sub: number, body: Uint8Array) =>
  bytes((e) => {
    encoding.writeVarString(e, docId);
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, sub);
    encoding.writeVarUint8Array(e, body);
  });

function validUpdate(rng: Prng, root = 'labels'): Uint8Array {
  const doc = new Y.Doc();
  doc.getArray<string>(root).push([`evil-${rng.word()}`]);
  return Y.encodeStateAsUpdate(doc);
}

type Endpoint = 'sync-evil' | 'sync-honest' | 'sync-evil-reader' | 'y-evil' | 'y-honest';

interface Attack {
  name: string;
  weight: number;
  endpoint: Endpoint | 'http';
  /** Messages to send, in order (strings go as text frames). Sent until the relay closes us. */
  messages?: (rng: Prng) => (Uint8Array | string)[];
  /** For `http`: the URL path and query to upgrade to, and the status the relay must answer. */
  upgrade?: (rng: Prng) => { path: string; status: number };
  /** The client hangs up itself after sending (abrupt disconnect); no close code expected. */
  abrupt?: boolean;
}

const ATTACKS: Attack[] = [
  { name: 'random bytes', weight: 10, endpoint: 'sync-evil', messages: (r) => Array.from({ length: 40 }, () => r.bytes(r.int(0, 300))) },
  { name: 'random bytes (honest space, valid token)', weight: 4, endpoint: 'sync-honest', messages: (r) => Array.from({ length: 40 }, () => r.bytes(r.int(1, 300))) },
  { name: 'random bytes on /y/', weight: 4, endpoint: 'y-evil', messages: (r) => Array.from({ length: 40 }, () => r.bytes(r.int(1, 300))) },
  {
    name: 'truncated varints',
    weight: 6,
    endpoint: 'sync-evil',
    messages: (r) => [r.pick([new Uint8Array([0x80]), new Uint8Array([0xff, 0xff, 0xff]), new Uint8Array([0x05, 0x61, 0x62]), bytes((e) => {
      encoding.writeVarString(e, 'page/x');
      encoding.writeUint8(e, 0x80);
    })])],
  },
  {
    name: 'huge declared lengths',
    weight: 6,
    endpoint: 'sync-evil',
    messages: (r) => [
      r.pick([
        // docId "length" 2^32 - 1 with 3 bytes behind it
        new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]),
        // a sync update declaring 2^31 bytes
        bytes((e) => {
          encoding.writeVarString(e, 'page/x');
          encoding.writeVarUint(e, 0);
          encoding.writeVarUint(e, 2);
          encoding.writeVarUint(e, 2 ** 31);
          encoding.writeUint8Array(e, r.bytes(32));
        }),
        // a batch declaring 2^30 frames
        bytes((e) => {
          encoding.writeVarString(e, SPACE_CHANNEL);
          encoding.writeVarUint(e, 18);
          encoding.writeVarUint(e, 2 ** 30);
        }),
        // a batch of 10,001 frames (over the limit)
        bytes((e) => {
          encoding.writeVarString(e, SPACE_CHANNEL);
          encoding.writeVarUint(e, 18);
          encoding.writeVarUint(e, 10_001);
          for (let i = 0; i < 10_001; i++) encoding.writeVarUint8Array(e, new Uint8Array(0));
        }),
      ]),
    ],
  },
  {
    name: 'invalid doc ids',
    weight: 6,
    endpoint: 'sync-evil',
    messages: (r) => [syncFrame(r.pick(['', 'x'.repeat(300), 'page/\u0000nul', 'page/\u001b[31m', '\u007f']), 2, validUpdate(r))],
  },
  { name: 'invalid Yjs update', weight: 6, endpoint: 'sync-evil', messages: (r) => Array.from({ length: 20 }, () => syncFrame('page/x', r.pick([1, 2]), r.bytes(r.int(3, 120)))) },
  { name: 'invalid state vector', weight: 4, endpoint: 'sync-evil', messages: (r) => Array.from({ length: 20 }, () => syncFrame('page/x', 0, r.bytes(r.int(1, 40)))) },
  { name: 'unknown sync sub-type', weight: 2, endpoint: 'sync-evil', messages: (r) => [syncFrame('page/x', r.int(3, 200), r.bytes(4))] },
  {
    name: 'awareness that is not JSON',
    weight: 3,
    endpoint: 'sync-evil',
    messages: () => [encodeFrame({ docId: 'page/x', type: 'awareness', update: encodeAwarenessUpdate([{ clientID: 1, clock: 1, state: '{"unterminated' }]) })],
  },
  {
    name: 'relay-only or nested frames',
    weight: 4,
    endpoint: 'sync-evil',
    messages: (r) => [
      r.pick([
        encodeFrame({ docId: SPACE_CHANNEL, type: 'doc-list', docIds: ['a'], final: true }),
        encodeFrame({ docId: 'page/x', type: 'ack', count: 1 }),
        encodeFrame({ docId: SPACE_CHANNEL, type: 'batch', frames: [encodeFrame({ docId: SPACE_CHANNEL, type: 'batch', frames: [] })] }),
        encodeFrame({ docId: SPACE_CHANNEL, type: 'batch', frames: [r.bytes(10)] }),
      ]),
    ],
  },
  { name: 'text frames', weight: 4, endpoint: 'sync-evil', messages: (r) => [r.pick(['hello', '{"type":"sync"}', 'x'.repeat(5000)])] },
  { name: 'text frames on /y/', weight: 2, endpoint: 'y-honest', messages: () => ['\u0000\u0001'] },
  { name: 'oversized message', weight: 2, endpoint: 'sync-evil', messages: (r) => [syncFrame('page/x', 2, r.bytes(MAX_MESSAGE_BYTES + 1024))] },
  { name: 'oversized message (honest space)', weight: 1, endpoint: 'sync-honest', messages: (r) => [r.bytes(MAX_MESSAGE_BYTES + 10)] },
  {
    name: 'flood',
    weight: 4,
    endpoint: 'sync-evil',
    messages: () => Array.from({ length: 700 }, () => encodeFrame({ docId: 'page/flood', type: 'query-awareness' })),
  },
  {
    name: 'flood on /y/ (honest doc)',
    weight: 2,
    endpoint: 'y-honest',
    messages: () => Array.from({ length: 700 }, () => encodeDocMessage({ type: 'query-awareness' })),
  },
  {
    name: 'reader writes',
    weight: 4,
    endpoint: 'sync-evil-reader',
    messages: (r) => [encodeFrame({ docId: 'page/x', type: 'sync-update', update: validUpdate(r) })],
  },
  {
    // Valid updates in the attacker's own space, addressed like the honest space's docs: stored
    // in the attacker's space only. Then garbage, so the relay closes the connection.
    name: "updates aimed at another space's doc ids",
    weight: 5,
    endpoint: 'sync-evil',
    messages: (r) => [
      ...[SHARED_DOC, `${HONEST}/${SHARED_DOC}`, `../${HONEST}/${SHARED_DOC}`, `/sync/${HONEST}/${SHARED_DOC}`, 'space'].map((docId) =>
        encodeFrame({ docId, type: 'sync-update', update: validUpdate(r) }),
      ),
      r.bytes(5),
    ],
  },
  {
    name: 'bad upgrades',
    weight: 6,
    endpoint: 'http',
    upgrade: (r) =>
      r.pick([
        { path: `/sync/${HONEST}?token=${token(EVIL)}`, status: 403 },
        { path: `/y/${HONEST}/${SHARED_DOC}?token=${token(EVIL)}`, status: 403 },
        { path: `/sync/${HONEST}?token=${token(HONEST, 'writer', 'm', 3600, 'another-secret-0123456789abcdef')}`, status: 401 },
        { path: `/sync/${HONEST}?token=${encodeURIComponent(r.word(10, 60))}`, status: 401 },
        { path: `/sync/${HONEST}`, status: 401 },
        { path: `/sync/${HONEST}?token=${token(HONEST, 'writer', 'm', -10)}`, status: 401 },
        { path: `/sync/..%2F${HONEST}?token=${token(HONEST)}`, status: 400 },
        { path: `/y/${HONEST}/%00?token=${token(HONEST)}`, status: 400 },
        { path: `/y/${HONEST}/%E0%A4%A?token=${token(HONEST)}`, status: 400 },
        { path: `/admin?token=${token(HONEST)}`, status: 404 },
      ]),
  },
  {
    name: 'abrupt disconnect mid-stream',
    weight: 3,
    endpoint: 'sync-evil',
    abrupt: true,
    messages: (r) => Array.from({ length: r.int(1, 30) }, () => encodeFrame({ docId: 'page/abrupt', type: 'sync-update', update: validUpdate(r) })),
  },
];

function endpointUrl(base: string, endpoint: Endpoint): string {
  switch (endpoint) {
    case 'sync-evil':
      return `${base}/sync/${EVIL}?token=${token(EVIL, 'writer', 'attacker')}`;
    case 'sync-evil-reader':
      return `${base}/sync/${EVIL}?token=${token(EVIL, 'reader', 'attacker-r')}`;
    case 'sync-honest':
      return `${base}/sync/${HONEST}?token=${token(HONEST, 'writer', 'insider')}`;
    case 'y-evil':
      return `${base}/y/${EVIL}/page/x?token=${token(EVIL, 'writer', 'attacker')}`;
    case 'y-honest':
      return `${base}/y/${HONEST}/${SHARED_DOC}?token=${token(HONEST, 'writer', 'insider')}`;
  }
}

type Outcome =
  | { kind: 'closed'; code: number }
  | { kind: 'http'; status: number; expected: number }
  | { kind: 'abrupt' }
  | { kind: 'not-closed' }
  | { kind: 'upgrade-failed'; detail: string };

/** Runs one attack on a fresh connection; resolves with how it ended. */
function runAttack(base: string, attack: Attack, rng: Prng, counters: { frames: number }): Promise<Outcome> {
  if (attack.endpoint === 'http') {
    const { path, status } = attack.upgrade!(rng);
    return new Promise((resolve) => {
      const ws = new WebSocket(`${base}${path}`);
      ws.on('unexpected-response', (_req, res) => {
        res.resume();
        resolve({ kind: 'http', status: res.statusCode ?? 0, expected: status });
        ws.terminate();
      });
      ws.on('open', () => {
        ws.terminate();
        resolve({ kind: 'http', status: 101, expected: status });
      });
      ws.on('error', () => resolve({ kind: 'http', status: -1, expected: status }));
    });
  }
  return new Promise((resolve) => {
    const ws = new WebSocket(endpointUrl(base, attack.endpoint as Endpoint), { perMessageDeflate: false });
    let settled = false;
    const done = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    // Every attack must be answered well within this; a connection still open is a failure.
    const timer = setTimeout(() => {
      ws.terminate();
      done({ kind: 'not-closed' });
    }, 8_000);
    ws.on('error', () => {});
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      done({ kind: 'upgrade-failed', detail: `HTTP ${res.statusCode}` });
    });
    ws.on('close', (code) => done(attack.abrupt ? { kind: 'abrupt' } : { kind: 'closed', code }));
    ws.on('open', async () => {
      const messages = attack.messages!(rng);
      for (const message of messages) {
        if (ws.readyState !== WebSocket.OPEN) return;
        ws.send(message, { binary: typeof message !== 'string' });
        counters.frames++;
        // Give the relay a chance to answer between messages of slow scripts; floods go at once.
        if (messages.length < 100 && rng.bool(0.3)) await new Promise((r) => setImmediate(r));
      }
      if (attack.abrupt) ws.terminate();
    });
  });
}

describe('relay under hostile input', () => {
  it(`stays up, bounded and correct under ${CONNECTIONS} concurrent hostile connections for ${DURATION_MS / 1000} s (seed ${SEED})`, async () => {
    const data = tempDir('baton-hostile-');
    cleanup.add(() => data.remove());
    const relay: RelayProcess = await spawnRelay({ dataDir: data.dir, secret: SECRET, args: ['--max-message-bytes', String(MAX_MESSAGE_BYTES)] });
    cleanup.add(() => relay.kill());

    // Two honest clients of one space, editing one doc throughout.
    const honest = await Promise.all(['ana', 'ben'].map((m) => SyncTestClient.connect(relay.url, HONEST, token(HONEST, 'writer', m))));
    for (const c of honest) cleanup.add(() => c.close());
    await Promise.all(honest.map((c) => c.synced()));
    const written: string[][] = [[], []];
    let editing = true;
    const editors = honest.map(async (client, i) => {
      for (let n = 0; editing; n++) {
        const label = `${i === 0 ? 'ana' : 'ben'}-${n}`;
        client.doc(SHARED_DOC).getArray<string>('labels').push([label]);
        written[i].push(label);
        await new Promise((r) => setTimeout(r, 40));
      }
    });
    // An attacker with a valid token of its own space writes to doc ids that name the honest
    // space's docs; each write is acknowledged (stored) — in the attacker's space only.
    const probeIds = [SHARED_DOC, `${HONEST}/${SHARED_DOC}`, `../${HONEST}/${SHARED_DOC}`, `/sync/${HONEST}/${SHARED_DOC}`, 'space'];
    const probe = await SyncTestClient.connect(relay.url, EVIL, token(EVIL, 'writer', 'prober'));
    await probe.synced();
    for (const docId of probeIds) probe.doc(docId).getArray<string>('labels').push([`evil in ${docId}`]);
    await waitFor(() => probeIds.every((id) => probe.acks.get(id) === 1), 'the attacker to have its writes stored');
    await probe.close();

    await new Promise((r) => setTimeout(r, 1_000));
    const baseline = await relay.rss();

    // The attack: CONNECTIONS workers, each opening connection after connection until the deadline.
    const outcomes = new Map<string, Map<string, number>>();
    const failures: string[] = [];
    const counters = { frames: 0, connections: 0 };
    let peakRss = baseline;
    let healthFailures = 0;
    const deadline = Date.now() + DURATION_MS;
    const sampler = (async () => {
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 1_000));
        try {
          peakRss = Math.max(peakRss, await relay.rss());
          const health = await fetch(`${relay.httpUrl}/healthz`);
          if (health.status !== 200) healthFailures++;
        } catch {
          healthFailures++;
        }
      }
    })();
    const workers = Array.from({ length: CONNECTIONS }, async (_, w) => {
      const rng = new Prng(SEED * 1000 + w);
      while (Date.now() < deadline) {
        const attack = ATTACKS[Number(rng.weighted(Object.fromEntries(ATTACKS.map((a, i) => [i, a.weight]))))];
        counters.connections++;
        const outcome = await runAttack(relay.url, attack, rng, counters);
        let label: string;
        if (outcome.kind === 'closed') {
          label = String(outcome.code);
          if (!DOCUMENTED_CLOSE_CODES.has(outcome.code)) failures.push(`${attack.name}: closed with undocumented code ${outcome.code}`);
        } else if (outcome.kind === 'http') {
          label = `HTTP ${outcome.status}`;
          if (outcome.status !== outcome.expected) failures.push(`${attack.name}: HTTP ${outcome.status}, expected ${outcome.expected}`);
        } else if (outcome.kind === 'abrupt') {
          label = 'client hung up';
        } else if (outcome.kind === 'not-closed') {
          label = 'NOT CLOSED';
          failures.push(`${attack.name}: the relay left the connection open`);
        } else {
          label = `upgrade failed (${outcome.detail})`;
          failures.push(`${attack.name}: upgrade refused: ${outcome.detail}`);
        }
        let byLabel = outcomes.get(attack.name);
        if (!byLabel) outcomes.set(attack.name, (byLabel = new Map()));
        byLabel.set(label, (byLabel.get(label) ?? 0) + 1);
      }
    });
    await Promise.all(workers);
    await sampler;
    editing = false;
    await Promise.all(editors);
    const after = await relay.rss();

    const table = [...outcomes].map(([name, byLabel]) => `  ${name}: ${[...byLabel].map(([l, n]) => `${l} ×${n}`).join(', ')}`).join('\n');
    process.stdout.write(
      `hostile-relay: ${counters.connections} hostile connections (${CONNECTIONS} at a time) sent ${counters.frames} frames in ${DURATION_MS / 1000} s; ` +
        `relay RSS ${mb(baseline)} → peak ${mb(peakRss)} → ${mb(after)}; seed ${SEED}\n${table}\n`,
    );

    expect(failures.slice(0, 20), `seed ${SEED}`).toEqual([]);
    expect(relay.alive(), 'the relay process is up').toBe(true);
    expect(healthFailures, '/healthz failures during the attack').toBe(0);
    expect(peakRss).toBeLessThan(2 * baseline + 100 * 1024 * 1024);
    expect(after).toBeLessThan(2 * baseline + 100 * 1024 * 1024);

    // Honest clients: never disconnected, and each has every edit of both.
    expect(honest.map((c) => c.closeInfo)).toEqual([null, null]);
    const all = [...written[0], ...written[1]].sort();
    await waitFor(
      () => honest.every((c) => stableSorted(c.doc(SHARED_DOC).getArray<string>('labels').toArray()) === JSON.stringify(all)),
      'both honest clients to hold every honest edit',
      15_000,
    );
    // Their space holds nothing hostile: a fresh client sees only the shared doc, only honest labels.
    const fresh = await SyncTestClient.connect(relay.url, HONEST, token(HONEST, 'reader', 'auditor'));
    cleanup.add(() => fresh.close());
    await fresh.synced();
    expect(fresh.docList).toEqual([SHARED_DOC]);
    expect(stableSorted(fresh.doc(SHARED_DOC).getArray<string>('labels').toArray())).toBe(JSON.stringify(all));
    expect(fresh.doc(SHARED_DOC).share.size).toBe(1); // no other root type smuggled in

    const evilView = await SyncTestClient.connect(relay.url, EVIL, token(EVIL, 'reader', 'auditor'));
    cleanup.add(() => evilView.close());
    await evilView.synced();
    expect(evilView.docList).toEqual(expect.arrayContaining(probeIds));
    expect(evilView.doc(SHARED_DOC).getArray<string>('labels').toArray()).toContain(`evil in ${SHARED_DOC}`);
    await evilView.close();

    // Nothing left behind: only the honest connections (+ the auditor) and their space remain.
    await waitFor(async () => {
      const sync = await relay.metric('baton_relay_connections', { endpoint: 'sync' });
      const y = await relay.metric('baton_relay_connections', { endpoint: 'y' });
      const spaces = await relay.metric('baton_relay_active_spaces');
      return sync === 3 && y === 0 && spaces === 1;
    }, 'hostile connections and spaces to be gone from the relay', 15_000);
  }, DURATION_MS + 90_000);
});

function stableSorted(labels: string[]): string {
  return JSON.stringify([...labels].sort());
}

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(0)} MB`;
}
