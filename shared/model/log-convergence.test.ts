/**
 * Seeded property: whatever acks, un-acks, reactions and un-reactions three replicas make
 * concurrently, with partial syncs in between and the rest of the updates delivered in any
 * order, all replicas end with the same doc and read the same entries. fast-check prints the
 * seed and the shrunk counterexample on failure; the fixed seed keeps CI reproducible.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ackEntry, logEntriesMap, postEntry, react, readEntries, unackEntry, unreact } from './log';

const LOCAL = 'local';
const SEED = 20_241_122;
const T0 = Date.UTC(2024, 10, 22, 9, 0);
const ENTRY_IDS = ['e1', 'e2'] as const;
const EMOJI = ['👍', '🎉', '👀'] as const;

type Op =
  | { type: 'ack'; replica: number; member: number; entry: number; reply: boolean }
  | { type: 'unack'; replica: number; member: number; entry: number }
  | { type: 'react'; replica: number; member: number; entry: number; emoji: number }
  | { type: 'unreact'; replica: number; member: number; entry: number; emoji: number }
  | { type: 'sync'; from: number; to: number };

const replica = fc.integer({ min: 0, max: 2 });
const member = fc.integer({ min: 0, max: 2 });
const entry = fc.integer({ min: 0, max: ENTRY_IDS.length - 1 });
const emoji = fc.integer({ min: 0, max: EMOJI.length - 1 });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ type: fc.constant('ack' as const), replica, member, entry, reply: fc.boolean() }),
  fc.record({ type: fc.constant('unack' as const), replica, member, entry }),
  fc.record({ type: fc.constant('react' as const), replica, member, entry, emoji }),
  fc.record({ type: fc.constant('unreact' as const), replica, member, entry, emoji }),
  fc.record({ type: fc.constant('sync' as const), from: replica, to: replica }),
);

/** mulberry32: a tiny deterministic PRNG for delivery orders. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function setup(): { docs: Y.Doc[]; updates: Uint8Array[][] } {
  const docs = [0, 1, 2].map((i) => {
    const doc = new Y.Doc();
    doc.clientID = i + 1;
    return doc;
  });
  for (const id of ENTRY_IDS) {
    postEntry(docs[0], { id, kind: 'handoff', by: 'm0', now: T0, authorZone: 'Asia/Tokyo', body: `Handoff ${id}` }, LOCAL);
  }
  const base = Y.encodeStateAsUpdate(docs[0]);
  for (const doc of docs.slice(1)) Y.applyUpdate(doc, base, 'remote');
  const updates: Uint8Array[][] = docs.map(() => []);
  docs.forEach((doc, i) => doc.on('update', (u: Uint8Array, origin: unknown) => origin === LOCAL && updates[i].push(u)));
  return { docs, updates };
}

function apply(docs: Y.Doc[], op: Op, now: number): void {
  if (op.type === 'sync') {
    if (op.from !== op.to) {
      const diff = Y.encodeStateAsUpdate(docs[op.from], Y.encodeStateVector(docs[op.to]));
      Y.applyUpdate(docs[op.to], diff, 'remote');
    }
    return;
  }
  const doc = docs[op.replica];
  const base = { entryId: ENTRY_IDS[op.entry], by: `m${op.member}` };
  switch (op.type) {
    case 'ack':
      ackEntry(doc, { ...base, now, ...(op.reply ? { reply: `ok ${now}` } : {}) }, LOCAL);
      break;
    case 'unack':
      unackEntry(doc, base, LOCAL);
      break;
    case 'react':
      react(doc, { ...base, now, emoji: EMOJI[op.emoji] }, LOCAL);
      break;
    case 'unreact':
      unreact(doc, { ...base, emoji: EMOJI[op.emoji] }, LOCAL);
      break;
  }
}

describe('update log convergence (seeded property)', () => {
  it('any interleaving of acks and reactions from 3 replicas converges', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), fc.integer(), (ops, orderSeed) => {
        const { docs, updates } = setup();
        ops.forEach((op, i) => apply(docs, op, T0 + 1 + i));
        const random = prng(orderSeed);
        // Every replica receives every other replica's updates, in its own random order
        // (some it already has from partial syncs: applying them again must be harmless).
        docs.forEach((doc, to) => {
          const incoming = updates.flatMap((list, from) => (from === to ? [] : list));
          for (const u of shuffle(incoming, random)) Y.applyUpdate(doc, u, 'remote');
        });
        const [first, ...rest] = docs;
        for (const doc of rest) {
          expect(logEntriesMap(doc).toJSON()).toEqual(logEntriesMap(first).toJSON());
          expect(readEntries(doc)).toEqual(readEntries(first));
        }
        // Nothing pending: every update was integrated, not parked for a missing dependency.
        for (const doc of docs) expect(doc.store.pendingStructs).toBeNull();
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('acks and reactions by different members on different replicas all survive', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(member, emoji), { minLength: 1, maxLength: 12 }), (reactions) => {
        const { docs, updates } = setup();
        reactions.forEach(([m, e], i) => {
          react(docs[m], { entryId: 'e1', by: `m${m}`, now: T0 + 1 + i, emoji: EMOJI[e] }, LOCAL);
          ackEntry(docs[m], { entryId: 'e2', by: `m${m}`, now: T0 + 1 + i }, LOCAL);
        });
        docs.forEach((doc, to) => updates.forEach((list, from) => from !== to && list.forEach((u) => Y.applyUpdate(doc, u, 'remote'))));
        const expected = new Set(reactions.map(([m, e]) => `${EMOJI[e]}|m${m}`));
        for (const doc of docs) {
          const [e1, e2] = [...readEntries(doc)].sort((a, b) => a.id.localeCompare(b.id));
          const got = new Set(e1.reactions.flatMap((r) => r.memberIds.map((id) => `${r.emoji}|${id}`)));
          expect(got).toEqual(expected);
          expect(e2.acks.map((a) => a.memberId).sort()).toEqual([...new Set(reactions.map(([m]) => `m${m}`))].sort());
        }
      }),
      { seed: SEED + 1, numRuns: 100 },
    );
  });
});
