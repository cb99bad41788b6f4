/**
 * Convergence fuzz driver, in the shape of Yjs's `applyRandomTests` (tests/testHelper.js):
 * N replicas, random operations, random partitions, restarts from disk; at the end everyone
 * reconnects and every replica must hold the same state. Here the replicas are real Cores
 * (test/support/team.ts: own SQLite dirs, real SyncClients) on a real relay.
 *
 * One round = one seed:
 *  1. a relay (in-process `startRelay`, or the CLI as a child process that gets SIGKILLed
 *     instead of closed) and a team of `members` Cores;
 *  2. `steps` steps; each runs 1–3 random operations concurrently on different Cores (plus,
 *     sometimes, a relay restart racing them): page create / rename / move (when the Core
 *     implements `pages.move`), text inserts at random positions, update-log posts / acks /
 *     unacks / reactions, a Core going offline or online, a Core restarted from its data dir,
 *     a doc compacted, the relay restarted on the same port and data dir, short pauses;
 *  3. everyone online, every Core synced with nothing pending, then every Core's docs and
 *     projections must be identical, and so must the relay's stored copy of every doc.
 *
 * Equality is checked three ways: `snapshotOf` (team.ts: docs as JSON + the pages projection),
 * every log doc's entries as read by the model, and a CRDT fingerprint per doc
 * (`Y.encodeSnapshot(Y.snapshot(doc))`: state vector + delete set, both canonical).
 *
 * The PRNG decides every choice, so a seed replays the same sequence of operations; socket
 * timing is real, so the interleaving is not bit-for-bit the same. Page content is only ever
 * touched through team.ts's `typeInto` / `pageText`, so the driver follows the page model.
 */
import fs from 'node:fs';
import * as Y from 'yjs';
import type { ApiResult, PageSummary } from '../../shared/api/contract';
import { API_METHODS } from '../../shared/api/contract';
import { ackEntry, logDocIdFor, logEntriesMap, postEntry, react, readEntries, unackEntry } from '../../shared/model/log';
import { LOCAL_ORIGIN } from '../../main/core/core';
import { startRelay, type RelayHandle } from '../../sync-server/relay';
import { issueToken } from '../../sync-server/token';
import { SyncTestClient } from '../integration/relay-support';
import { Prng } from '../support/prng';
import { spawnRelay, type RelayProcess } from '../support/relay-process';
import type { Member } from '../support/team';
import { TEST_SECRET, makeInvite, pageText, snapshotOf, stableJson, startMember, startTeam, tempDir, typeInto, waitForSynced } from '../support/team';
import { waitFor } from '../support/wait';

export type RelayMode = 'in-process' | 'process';

export interface FuzzOptions {
  seed: number;
  /** Cores in the team (5). */
  members?: number;
  /** Steps of 1–3 concurrent operations. */
  steps?: number;
  relayMode?: RelayMode;
  /** How long the final sync may take before the round fails. */
  settleTimeoutMs?: number;
}

export interface FuzzReport {
  seed: number;
  relayMode: RelayMode;
  steps: number;
  ms: number;
  /** Operations run, by kind (refused ones included under `<kind>:refused`). */
  ops: Record<string, number>;
  docs: number;
  pages: number;
  logEntries: number;
}

const NAMES = ['Ada', 'Bo', 'Cy', 'Dee', 'Eve', 'Fay', 'Gus', 'Hal'];
/** Log docs of three UTC months, so several `log/<YYYY-MM>` docs exist. */
const LOG_TIMES = [Date.UTC(2026, 0, 15, 9), Date.UTC(2026, 1, 10, 14), Date.UTC(2026, 2, 3, 22)];
const EMOJI = ['👍', '🎉', ':eyes:'];

type OpKind =
  | 'createPage'
  | 'renamePage'
  | 'movePage'
  | 'type'
  | 'postLog'
  | 'postLogPast'
  | 'ack'
  | 'unack'
  | 'react'
  | 'toggleOnline'
  | 'restartCore'
  | 'compact'
  | 'restartRelay'
  | 'join'
  | 'pause';

const WEIGHTS: Record<OpKind, number> = {
  createPage: 6,
  renamePage: 5,
  movePage: 5,
  type: 30,
  postLog: 6,
  postLogPast: 3,
  ack: 7,
  unack: 2,
  react: 3,
  toggleOnline: 8,
  restartCore: 3,
  compact: 2,
  restartRelay: 1.5,
  join: 0.6,
  pause: 4,
};

/** A failure of the round, carrying the seed and the tail of the operation log. */
export class FuzzFailure extends Error {
  constructor(seed: number, message: string, opLog: string[]) {
    super(
      `convergence fuzz failed for seed ${seed} (replay: BATON_FUZZ_SEED=${seed}): ${message}\n` +
        `last operations:\n  ${opLog.slice(-60).join('\n  ')}`,
    );
    this.name = 'FuzzFailure';
  }
}

// --- the relay, in-process or as a process ------------------------------------------------------

interface RelayRunner {
  readonly url: string;
  readonly running: boolean;
  start(): Promise<void>;
  /** In-process: graceful close. Process: SIGKILL (a crash). */
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

class InProcessRelay implements RelayRunner {
  private handle: RelayHandle | null = null;
  private port = 0;
  constructor(private readonly dataDir: string) {}
  get url() {
    return `ws://127.0.0.1:${this.port}`;
  }
  get running() {
    return this.handle !== null;
  }
  async start() {
    this.handle = await startRelay({
      host: '127.0.0.1',
      port: this.port,
      dataDir: this.dataDir,
      secret: TEST_SECRET,
      limits: { heartbeatMs: 2_000 },
      // Small thresholds, compacting at once (not when a doc goes quiet), so relay-side
      // compaction happens within a round, amid the edits.
      compactAfterUpdates: 25,
      compactWhenQuietMs: 0,
    });
    this.port = this.handle.port;
  }
  async stop() {
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }
  dispose() {
    return this.stop();
  }
}

class ProcessRelay implements RelayRunner {
  private proc: RelayProcess | null = null;
  private port = 0;
  constructor(private readonly dataDir: string) {}
  get url() {
    return `ws://127.0.0.1:${this.port}`;
  }
  get running() {
    return this.proc !== null;
  }
  async start() {
    this.proc = await spawnRelay({ dataDir: this.dataDir, secret: TEST_SECRET, port: this.port });
    this.port = this.proc.port;
  }
  async stop() {
    const proc = this.proc;
    this.proc = null;
    await proc?.kill();
  }
  dispose() {
    return this.stop();
  }
}

// --- one round ------------------------------------------------------------------------------------

interface Slot {
  name: string;
  dataDir: string;
  member: Member;
  online: boolean;
}

/**
 * Which optional API methods this Core implements. The contract lists a method before its
 * handler lands (others are building them); a call that fails with "not a function" marks it
 * missing and the driver falls back (or skips), so the fuzz runs against whatever exists.
 */
class ApiProbe {
  private readonly missing = new Set<string>();
  has(method: string): boolean {
    return (API_METHODS as readonly string[]).includes(method) && !this.missing.has(method);
  }
  /** The result, or null when the Core turns out not to implement `method`. */
  async call(member: Member, method: string, input?: unknown): Promise<ApiResult<unknown> | null> {
    const result = await member.bridge.invoke(method, input);
    if (!result.ok && result.error.code === 'internal' && /not a function|unknown method|is not implemented/i.test(result.error.message)) {
      this.missing.add(method);
      return null;
    }
    if (!result.ok && result.error.code === 'unknown_method') {
      this.missing.add(method);
      return null;
    }
    return result;
  }
}

/** Refusals the model may legitimately make under concurrency; anything else fails the round. */
const REFUSALS = new Set(['conflict', 'not_found', 'invalid_argument', 'unauthorized']);

export async function runFuzzRound(options: FuzzOptions): Promise<FuzzReport> {
  const rng = new Prng(options.seed);
  const relayMode = options.relayMode ?? 'in-process';
  const stepsWanted = options.steps ?? 60;
  const settleTimeoutMs = options.settleTimeoutMs ?? 30_000;
  const started = Date.now();
  const opLog: string[] = [];
  const ops: Record<string, number> = {};
  const count = (kind: string) => (ops[kind] = (ops[kind] ?? 0) + 1);
  const note = (line: string): void => void opLog.push(`${((Date.now() - started) / 1000).toFixed(2)}s ${line}`);

  const relayDir = tempDir('baton-fuzz-relay-');
  const relay: RelayRunner = relayMode === 'process' ? new ProcessRelay(relayDir) : new InProcessRelay(relayDir);
  let relayOp: Promise<void> | null = null;
  const api = new ApiProbe();
  let joining: Promise<void> | null = null;
  let joined = false;
  const slots: Slot[] = [];

  try {
    await relay.start();
    const team = await startTeam(relay.url, NAMES.slice(0, options.members ?? 5));
    for (const member of team) slots.push({ name: member.name, dataDir: member.dataDir, member, online: true });
    const spaceId = team[0].profile.spaceId;
    note(`team ${slots.map((s) => `${s.name}=${s.member.profile.memberId}`).join(' ')} space=${spaceId} relay=${relayMode}`);

    const pagesOf = (slot: Slot): PageSummary[] => slot.member.core.services.pages.list(spaceId) as PageSummary[];
    const logDocsOf = (slot: Slot): string[] =>
      slot.member.core.services.docs
        .listDocIds(`${spaceId}/log/`)
        .map((id) => id.slice(spaceId.length + 1));

    /** ' refused (code)' for an error value the model may return, '' for success; throws on anything else. */
    const refused = (result: ApiResult<unknown>, kind: string): string => {
      if (result.ok) return '';
      if (!REFUSALS.has(result.error.code)) throw new Error(`${kind} returned ${result.error.code}: ${result.error.message}`);
      count(`${kind}:refused`);
      return ` refused (${result.error.code}: ${result.error.message.slice(0, 80)})`;
    };

    /** Runs one operation on `slot`; returns its line for the operation log. */
    const operate = async (slot: Slot, kindOp: OpKind): Promise<string> => {
      const m = slot.member;
      const me = m.profile.memberId;
      switch (kindOp) {
        case 'createPage': {
          const parents = pagesOf(slot);
          const parentId = parents.length > 0 && rng.bool(0.3) ? rng.pick(parents).id : null;
          const title = `${rng.word(3, 8)} ${rng.word(2, 6)}`;
          const page = await m.call<PageSummary>('pages.create', { title, parentId });
          return `createPage ${page.id} "${title}" under ${parentId}`;
        }
        case 'renamePage': {
          const pages = pagesOf(slot);
          if (pages.length === 0) return 'renamePage: no page yet';
          const page = rng.pick(pages);
          const title = `${rng.word(3, 8)} v${rng.int(2, 99)}`;
          await m.call('pages.rename', { id: page.id, title });
          return `renamePage ${page.id} "${title}"`;
        }
        case 'movePage': {
          const pages = pagesOf(slot);
          if (!api.has('pages.move') || pages.length < 2) return 'movePage: skipped';
          const page = rng.pick(pages);
          const parent = rng.bool(0.3) ? null : rng.pick(pages.filter((p) => p.id !== page.id));
          const input: Record<string, unknown> = { id: page.id, parentId: parent?.id ?? null };
          if (rng.bool(0.5)) input.index = rng.int(0, 3);
          const result = await api.call(m, 'pages.move', input);
          if (!result) return 'movePage: not implemented by this Core, moves disabled';
          return `movePage ${page.id} → ${String(input.parentId)}${input.index !== undefined ? ` @${String(input.index)}` : ''}${refused(result, 'movePage')}`;
        }
        case 'type': {
          const pages = pagesOf(slot);
          if (pages.length === 0) return 'type: no page yet';
          const page = rng.pick(pages);
          const length = pageText(m, page.id).length;
          const at = rng.bool(0.4) ? length : rng.int(0, length);
          const text = rng.bool(0.2) ? ` ${rng.word()} ${rng.word()}` : rng.word(1, 5);
          await typeInto(m, page.id, text, at);
          return `type ${page.id} @${at}/${length} "${text}"`;
        }
        case 'postLog':
        case 'postLogPast': {
          const kind = rng.pick(['update', 'blocker', 'handoff', 'fyi'] as const);
          const body = `${rng.word()} ${rng.word()} ${rng.word()}`;
          if (kindOp === 'postLog' && api.has('log.post')) {
            const result = await api.call(m, 'log.post', { kind, body });
            if (result) return `log.post ${kind}${result.ok ? ` ${(result.value as { id: string }).id}` : ''}${refused(result, 'postLog')}`;
          }
          // The model directly, on a past month's doc, so several log docs exist.
          const now = rng.pick(LOG_TIMES) + rng.int(0, 86_400_000);
          const docId = logDocIdFor(now);
          const entry = postEntry(m.core.services.doc(docId), { kind, by: me, now, authorZone: 'Europe/Berlin', body }, LOCAL_ORIGIN);
          return `postEntry ${docId} ${entry.id} ${kind}`;
        }
        case 'ack':
        case 'unack':
        case 'react': {
          const docs = logDocsOf(slot);
          if (docs.length === 0) return `${kindOp}: no log doc yet`;
          const docId = rng.pick(docs);
          const doc = m.core.services.doc(docId);
          const ids = [...logEntriesMap(doc).keys()];
          if (ids.length === 0) return `${kindOp}: ${docId} has no entry yet`;
          const entryId = rng.pick(ids);
          const reply = rng.bool(0.3) ? rng.word() : undefined;
          const emoji = rng.pick(EMOJI);
          const method = `log.${kindOp}`;
          if (rng.bool(0.7) && api.has(method)) {
            const input = kindOp === 'ack' ? { entryId, ...(reply ? { reply } : {}) } : kindOp === 'react' ? { entryId, emoji } : { entryId };
            const result = await api.call(m, method, input);
            if (result) return `${method} ${docId} ${entryId}${refused(result, kindOp)}`;
          }
          const now = Date.now();
          if (kindOp === 'ack') ackEntry(doc, { entryId, by: me, now, ...(reply ? { reply } : {}) }, LOCAL_ORIGIN);
          else if (kindOp === 'unack') unackEntry(doc, { entryId, by: me }, LOCAL_ORIGIN);
          else react(doc, { entryId, by: me, now, emoji }, LOCAL_ORIGIN);
          return `${kindOp}Entry ${docId} ${entryId}`;
        }
        case 'toggleOnline': {
          slot.online = !slot.online;
          await m.call('sync.setOnline', { online: slot.online });
          return slot.online ? 'online' : 'offline';
        }
        case 'restartCore': {
          m.dispose({ keepData: true });
          slot.member = await startMember(slot.name, slot.dataDir);
          return `restartCore (was ${slot.online ? 'online' : 'offline'}, stays so)`;
        }
        case 'compact': {
          const ids = m.core.services.docs.listDocIds(`${spaceId}/`);
          const id = rng.pick(ids);
          m.core.services.docs.compact(id);
          return `compact ${id.slice(spaceId.length + 1)}`;
        }
        case 'pause': {
          const ms = rng.int(5, 120);
          await sleep(ms);
          return `pause ${ms} ms`;
        }
        case 'restartRelay':
        case 'join':
          return `${kindOp}: not a Core op`;
      }
    };

    const restartRelay = async () => {
      note(`relay ${relayMode === 'process' ? 'SIGKILL' : 'close'}`);
      await relay.stop();
      const downMs = rng.int(0, 400);
      await sleep(downMs);
      await relay.start();
      note(`relay up again after ${downMs} ms down`);
    };

    let step = 0;
    for (; step < stepsWanted; step++) {
      const width = rng.int(1, 3);
      const free = [...slots];
      const running: Promise<void>[] = [];
      for (let i = 0; i < width && free.length > 0; i++) {
        let kind = rng.weighted(WEIGHTS);
        if (kind === 'restartRelay') {
          count(kind);
          if (!relayOp) relayOp = restartRelay().finally(() => (relayOp = null));
          // A relay restart races the other operations of this step and the next ones.
          continue;
        }
        if (kind === 'movePage' && !api.has('pages.move')) kind = 'type';
        if (kind === 'join') {
          // A newcomer joins mid-round (once): its first sync races everyone's edits.
          count(kind);
          if (!joining && slots.length < NAMES.length && !joined) {
            joined = true;
            const name = NAMES[slots.length];
            joining = (async () => {
              const member = await startMember(name);
              member.profile = await member.call('sync.join', { invite: makeInvite(relay.url, spaceId, name) });
              slots.push({ name, dataDir: member.dataDir, member, online: true });
              note(`join ${name}=${member.profile.memberId}`);
            })().finally(() => (joining = null));
          }
          continue;
        }
        const slot = free.splice(rng.int(0, free.length - 1), 1)[0];
        count(kind);
        const label = `#${step}.${i} ${slot.name}`;
        running.push(
          operate(slot, kind).then(
            (line) => note(`${label} ${line}`),
            (error: unknown) => {
              note(`${label} ${kind} THREW ${String(error)}`);
              throw new FuzzFailure(options.seed, `operation ${kind} on ${slot.name} threw: ${String(error)}`, opLog);
            },
          ),
        );
      }
      await Promise.all(running);
      if (rng.bool(0.25)) await sleep(rng.int(0, 40));
      else await new Promise((r) => setImmediate(r));
    }
    if (relayOp) await relayOp;
    if (joining) await joining;

    // --- settle: everyone online, everything synced, everything equal ----------------------------
    note('settle: all online');
    if (!relay.running) await relay.start();
    for (const slot of slots) {
      if (!slot.online) {
        slot.online = true;
        await slot.member.call('sync.setOnline', { online: true });
      }
    }
    try {
      await Promise.all(slots.map((s) => waitForSynced(s.member, settleTimeoutMs)));
    } catch (error) {
      const statuses = await Promise.all(slots.map(async (s) => `${s.name}: ${JSON.stringify(await s.member.call('sync.status'))}`));
      throw new FuzzFailure(options.seed, `${String(error)}\n${statuses.join('\n')}`, opLog);
    }

    let fingerprints: string[] = [];
    try {
      await waitFor(
        async () => {
          const ids = allDocIds(slots.map((s) => s.member), spaceId);
          const terms = searchTerms(slots[0].member, spaceId, rng);
          fingerprints = await Promise.all(slots.map((s) => fingerprint(s.member, ids, api, terms)));
          return fingerprints.every((f) => f === fingerprints[0]);
        },
        'every Core to hold identical docs and projections',
        settleTimeoutMs,
        50,
      );
    } catch {
      throw new FuzzFailure(options.seed, `Cores differ after sync:\n${describeDifference(slots, fingerprints)}`, opLog);
    }

    // The relay's stored copy must be the same CRDT state, doc by doc.
    await compareWithRelay(relay.url, spaceId, slots[0].member, options.seed, opLog);

    const finalSnapshot = snapshotOf(slots[0].member);
    const logEntries = Object.keys(finalSnapshot)
      .filter((id) => id.startsWith('log/'))
      .reduce((sum, id) => sum + readEntries(slots[0].member.core.services.doc(id)).length, 0);
    return {
      seed: options.seed,
      relayMode,
      steps: step,
      ms: Date.now() - started,
      ops,
      docs: Object.keys(finalSnapshot).filter((k) => !k.startsWith('__')).length,
      pages: (finalSnapshot.__pages as unknown[]).length,
      logEntries,
    };
  } finally {
    if (relayOp) await (relayOp as Promise<void>).catch(() => undefined);
    if (joining) await (joining as Promise<void>).catch(() => undefined);
    for (const slot of slots) slot.member.dispose();
    await relay.dispose();
    fs.rmSync(relayDir, { recursive: true, force: true });
  }
}

// --- comparison -------------------------------------------------------------------------------

/** Two words of page titles to search for (the same for every Core in one comparison). */
function searchTerms(member: Member, spaceId: string, rng: Prng): string[] {
  const words = member.core.services.pages
    .list(spaceId)
    .flatMap((p) => p.title.split(/\s+/))
    .filter((w) => /^[a-z]{3,}$/.test(w));
  return words.length === 0 ? [] : [rng.pick(words), rng.pick(words)];
}

function allDocIds(members: Member[], spaceId: string): string[] {
  const ids = new Set<string>();
  for (const m of members) for (const id of m.core.services.docs.listDocIds(`${spaceId}/`)) ids.add(id.slice(spaceId.length + 1));
  return [...ids].sort();
}

/** Y.snapshot = state vector + delete set; its encoding is canonical (clients and ranges sorted). */
function crdtFingerprint(doc: Y.Doc): string {
  return Buffer.from(Y.encodeSnapshot(Y.snapshot(doc))).toString('base64');
}

/**
 * Everything a Core holds for the space. Every doc any Core has is loaded first (loading writes
 * nothing), so a doc that one Core merely looked at and another never did does not count as a
 * difference: `snapshotOf` lists docs loaded in memory too.
 */
async function fingerprint(member: Member, docIds: string[], api: ApiProbe, terms: string[]): Promise<string> {
  const services = member.core.services;
  const crdt: Record<string, string> = {};
  const log: Record<string, unknown> = {};
  for (const docId of docIds) {
    const doc = services.doc(docId);
    crdt[docId] = crdtFingerprint(doc);
    if (docId.startsWith('log/')) log[docId] = readEntries(doc);
  }
  // Projections behind the API (when this Core has them): the update-log feed and page search.
  const projections: Record<string, unknown> = {};
  if (api.has('log.feed')) {
    const feed: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiResult<unknown> | null = await api.call(member, 'log.feed', { limit: 200, cursor });
      if (!page?.ok) break;
      const value = page.value as { entries: { pending?: boolean }[]; nextCursor: string | null };
      // `pending` is this device's sync state, not data.
      feed.push(...value.entries.map(({ pending: _pending, ...entry }) => entry));
      cursor = value.nextCursor;
    } while (cursor);
    projections.feed = feed;
  }
  if (api.has('search.query')) {
    for (const q of terms) {
      const found = await api.call(member, 'search.query', { q, limit: 100 });
      // Ranks may tie; the set of pages found is what must agree.
      if (found?.ok) projections[`search:${q}`] = (found.value as { id: string }[]).map((r) => r.id).sort();
    }
  }
  return stableJson({ snapshot: snapshotOf(member), crdt, log, projections });
}

function describeDifference(slots: Slot[], fingerprints: string[]): string {
  type Parts = Record<'snapshot' | 'crdt' | 'log' | 'projections', Record<string, unknown>>;
  const parsed = fingerprints.map((f) => JSON.parse(f) as Parts);
  const lines: string[] = [];
  const keys = new Set<string>();
  for (const p of parsed) for (const part of ['snapshot', 'crdt', 'log', 'projections'] as const) for (const k of Object.keys(p[part])) keys.add(`${part}:${k}`);
  for (const key of [...keys].sort()) {
    const [part, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)] as [keyof Parts, string];
    const values = parsed.map((p) => p[part][id] ?? null);
    if (values.every((v) => stableJson(v) === stableJson(values[0]))) continue;
    lines.push(`${key}:`);
    // Show every Core's value at the first path where some Core differs from the first one.
    const other = values.find((v) => stableJson(v) !== stableJson(values[0]));
    const diff = firstDifference(values[0], other);
    slots.forEach((s, i) => lines.push(`  ${s.name} at ${diff?.path || '(root)'}: ${(stableJson(diff?.value(values[i])) ?? 'undefined').slice(0, 300)}`));
  }
  return lines.join('\n') || '(fingerprints differ but no part does: check stableJson)';
}

/** The first path where `a` and `b` differ (objects and arrays walked in key order), or null. */
function firstDifference(a: unknown, b: unknown, path = ''): { path: string; value: (root: unknown) => unknown } | null {
  if (stableJson(a) === stableJson(b)) return null;
  const at = (root: unknown) => path.split('/').filter(Boolean).reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), root);
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const inner = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`);
      if (inner) return inner;
    }
  }
  return { path, value: at };
}

async function compareWithRelay(url: string, spaceId: string, member: Member, seed: number, opLog: string[]): Promise<void> {
  const reader = await SyncTestClient.connect(url, spaceId, issueToken({ space: spaceId, member: 'fuzz-check', role: 'reader', ttlSeconds: 600 }, TEST_SECRET));
  try {
    await reader.synced(20_000);
    const relayIds = new Set(reader.docList ?? []);
    const problems: string[] = [];
    for (const docId of allDocIds([member], spaceId)) {
      const local = member.core.services.doc(docId);
      if (!relayIds.has(docId)) {
        // A doc the Core only loaded (never wrote) is empty and never reaches the relay.
        if (Y.encodeStateVector(local).length > 1) problems.push(`${docId}: has content locally but the relay does not list it`);
        continue;
      }
      if (crdtFingerprint(reader.doc(docId)) !== crdtFingerprint(local)) problems.push(`${docId}: the relay's stored state differs from the Cores'`);
    }
    for (const docId of relayIds) if (!member.core.services.docs.has(`${spaceId}/${docId}`)) problems.push(`${docId}: on the relay only`);
    if (problems.length > 0) throw new FuzzFailure(seed, problems.join('\n'), opLog);
  } finally {
    await reader.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
