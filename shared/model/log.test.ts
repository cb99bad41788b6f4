import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  ackEntry,
  addReply,
  deleteEntry,
  deleteReply,
  editEntry,
  editReply,
  logDocIdFor,
  logEntriesMap,
  postEntry,
  react,
  readEntries,
  readEntry,
  reopenBlocker,
  resolveBlocker,
  setDecisionStatus,
  unackEntry,
  unreact,
  MAX_BODY_LENGTH,
} from './log';
import { LogError } from './log-errors';
import type { LogEntry, ReferenceDirectory } from './log-types';

const LOCAL = 'local';
const T0 = Date.UTC(2024, 10, 22, 9, 0); // Fri 22 Nov 2024 09:00 UTC

function docWithClient(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

function expectLogError(fn: () => unknown, code: LogError['code']): LogError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LogError);
    expect((error as LogError).code).toBe(code);
    return error as LogError;
  }
  throw new Error(`expected a LogError ${code}`);
}

const directory: ReferenceDirectory = {
  members: [
    { id: 'ana', name: 'Ana' },
    { id: 'anamaria', name: 'Ana Maria' },
    { id: 'bob', name: 'Bob' },
  ],
  pages: [{ id: 'runbook', title: 'Deploy runbook' }],
};

function postUpdate(doc: Y.Doc, overrides: Partial<Parameters<typeof postEntry>[1]> = {}): LogEntry {
  return postEntry(doc, { id: 'e1', kind: 'update', by: 'ana', now: T0, authorZone: 'Europe/Lisbon', body: 'Shipped the importer', ...overrides }, LOCAL);
}

describe('postEntry', () => {
  it('stores an entry with every field and reads it back as plain data', () => {
    const doc = new Y.Doc();
    const entry = postUpdate(doc, {
      checkIn: [{ question: 'What did you get done?', answer: 'The importer' }],
      tags: ['Importer', 'importer', 'q4'],
      mentions: ['bob'],
      links: ['runbook'],
      goalId: 'g1',
      recipients: ['bob'],
      urgency: 'needs-input',
      deliverAt: T0 + 3600_000,
    });
    expect(entry).toEqual({
      id: 'e1',
      kind: 'update',
      authorId: 'ana',
      createdAt: T0,
      authorZone: 'Europe/Lisbon',
      body: 'Shipped the importer',
      checkIn: [{ question: 'What did you get done?', answer: 'The importer' }],
      tags: ['importer', 'q4'],
      mentions: ['bob'],
      links: ['runbook'],
      goalId: 'g1',
      recipients: ['bob'],
      urgency: 'needs-input',
      deliverAt: T0 + 3600_000,
      editedAt: null,
      deletedAt: null,
      acks: [],
      reactions: [],
      replies: [],
    });
    expect(readEntries(doc)).toEqual([entry]);
    expect(logDocIdFor(T0)).toBe('log/2024-11');
    expect(logDocIdFor(Date.UTC(2024, 11, 31, 23, 59))).toBe('log/2024-12');
  });

  it('creates kind-specific parts', () => {
    const doc = new Y.Doc();
    const decision = postEntry(
      doc,
      { kind: 'decision', by: 'ana', now: T0, authorZone: 'UTC', decision: { title: '  Use   SQLite ', why: 'Embedded' } },
      LOCAL,
    );
    expect(decision.kind === 'decision' && decision.decision).toEqual({
      title: 'Use SQLite',
      why: 'Embedded',
      status: 'proposed',
      recordPageId: null,
      statusAt: null,
      statusBy: null,
    });
    const blocker = postEntry(doc, { kind: 'blocker', by: 'bob', now: T0, authorZone: 'UTC', body: 'Need keys', blocker: { canUnblock: ['ana'] } }, LOCAL);
    expect(blocker.kind === 'blocker' && blocker.blocker).toEqual({ status: 'open', canUnblock: ['ana'], resolvedAt: null, resolvedBy: null });
    const handoff = postEntry(doc, { kind: 'handoff', by: 'bob', now: T0, authorZone: 'UTC', handoff: { nextSteps: 'Deploy' } }, LOCAL);
    expect(handoff.kind === 'handoff' && handoff.handoff).toEqual({ status: '', nextSteps: 'Deploy', watchOut: '', links: '' });
    const summary = postEntry(doc, { kind: 'summary', by: 'bob', now: T0, authorZone: 'UTC', body: '# Week', summary: { weekStart: '2024-11-18' } }, LOCAL);
    expect(summary.kind === 'summary' && summary.summary).toEqual({ weekStart: '2024-11-18' });
    expect(decision.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(readEntries(doc)).toHaveLength(4);
  });

  it('adds mentions, tags and links found in the text when given a directory', () => {
    const doc = new Y.Doc();
    const entry = postUpdate(doc, {
      body: 'Thanks @ana maria! See [[Deploy runbook]] #Release',
      checkIn: [{ question: 'Blocked?', answer: 'Waiting on @Bob' }],
      tags: ['ops'],
      directory,
    });
    expect(entry.mentions).toEqual(['anamaria', 'bob']);
    expect(entry.tags).toEqual(['ops', 'release']);
    expect(entry.links).toEqual(['runbook']);
  });

  it('validates input with typed errors that name the fields', () => {
    const doc = new Y.Doc();
    const err = expectLogError(() => postUpdate(doc, { tags: ['not a tag'] }), 'invalid_input');
    expect(err.issues?.[0].path).toBe('tags.0');
    expectLogError(() => postUpdate(doc, { body: 'x'.repeat(MAX_BODY_LENGTH + 1) }), 'invalid_input');
    expectLogError(() => postUpdate(doc, { body: '   ' }), 'invalid_input');
    expectLogError(() => postUpdate(doc, { authorZone: 'Mars/Olympus' }), 'invalid_input');
    expectLogError(() => postUpdate(doc, { by: 'has space' }), 'invalid_input');
    expectLogError(() => postUpdate(doc, { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }), 'invalid_input');
    expectLogError(() => postEntry(doc, { kind: 'decision', by: 'ana', now: T0, authorZone: 'UTC', body: 'x' }, LOCAL), 'invalid_input');
    expectLogError(() => postUpdate(doc, { decision: { title: 'x' } }), 'invalid_input');
    expectLogError(() => postUpdate(doc, { extra: 1 } as never), 'invalid_input');
    postUpdate(doc);
    expectLogError(() => postUpdate(doc), 'invalid_input');
    expect(readEntries(doc)).toHaveLength(1);
  });

  it('runs inside one transaction with the given origin', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    postUpdate(doc);
    expect(origins).toEqual([LOCAL]);
  });
});

describe('editEntry', () => {
  it('lets only the author edit, sets editedAt and keeps untouched fields', () => {
    const doc = new Y.Doc();
    postUpdate(doc, { tags: ['a'] });
    expectLogError(() => editEntry(doc, { id: 'e1', by: 'bob', now: T0 + 1, body: 'hijacked' }, LOCAL), 'not_author');
    expectLogError(() => editEntry(doc, { id: 'nope', by: 'ana', now: T0 + 1, body: 'x' }, LOCAL), 'not_found');
    const edited = editEntry(doc, { id: 'e1', by: 'ana', now: T0 + 60_000, body: 'Shipped the importer and docs' }, LOCAL);
    expect(edited.body).toBe('Shipped the importer and docs');
    expect(edited.editedAt).toBe(T0 + 60_000);
    expect(edited.tags).toEqual(['a']);
    // An edit that changes nothing writes nothing.
    const same = editEntry(doc, { id: 'e1', by: 'ana', now: T0 + 120_000, body: 'Shipped the importer and docs' }, LOCAL);
    expect(same.editedAt).toBe(T0 + 60_000);
  });

  it('refuses kind-specific fields of another kind and emptying an entry', () => {
    const doc = new Y.Doc();
    postUpdate(doc);
    expectLogError(() => editEntry(doc, { id: 'e1', by: 'ana', now: T0, decision: { title: 'x' } }, LOCAL), 'wrong_kind');
    expectLogError(() => editEntry(doc, { id: 'e1', by: 'ana', now: T0, body: '' }, LOCAL), 'invalid_input');
  });

  it('edits decision text and blocker helpers in their nested maps', () => {
    const doc = new Y.Doc();
    postEntry(doc, { id: 'd', kind: 'decision', by: 'ana', now: T0, authorZone: 'UTC', decision: { title: 'Use SQLite' } }, LOCAL);
    const d = editEntry(doc, { id: 'd', by: 'ana', now: T0 + 5, decision: { why: 'Zero setup' } }, LOCAL);
    expect(d.kind === 'decision' && d.decision.title).toBe('Use SQLite');
    expect(d.kind === 'decision' && d.decision.why).toBe('Zero setup');
    postEntry(doc, { id: 'b', kind: 'blocker', by: 'ana', now: T0, authorZone: 'UTC', body: 'Need keys' }, LOCAL);
    const b = editEntry(doc, { id: 'b', by: 'ana', now: T0 + 5, blocker: { canUnblock: ['bob'] } }, LOCAL);
    expect(b.kind === 'blocker' && b.blocker.canUnblock).toEqual(['bob']);
  });

  it('re-derives references from the new text when given a directory', () => {
    const doc = new Y.Doc();
    postUpdate(doc, { body: 'Ping @Bob about #release', tags: ['picked'], directory });
    const edited = editEntry(doc, { id: 'e1', by: 'ana', now: T0 + 1, body: 'Ping @Ana about [[Deploy runbook]]', directory }, LOCAL);
    expect(edited.mentions).toEqual(['ana']);
    expect(edited.tags).toEqual(['picked']);
    expect(edited.links).toEqual(['runbook']);
  });

  it('lets the same author edit different fields on two devices and both edits survive', () => {
    const a = docWithClient(1);
    const b = docWithClient(2);
    postEntry(a, { id: 'd', kind: 'decision', by: 'ana', now: T0, authorZone: 'UTC', decision: { title: 'Use SQLite' } }, LOCAL);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    editEntry(a, { id: 'd', by: 'ana', now: T0 + 1, decision: { title: 'Use SQLite everywhere' } }, LOCAL);
    editEntry(b, { id: 'd', by: 'ana', now: T0 + 2, decision: { why: 'One engine' } }, LOCAL);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const entry = readEntry(a, 'd');
    expect(entry?.kind === 'decision' && entry.decision).toMatchObject({ title: 'Use SQLite everywhere', why: 'One engine' });
    expect(readEntry(b, 'd')).toEqual(entry);
  });
});

describe('deleteEntry', () => {
  it('tombstones: clears content, keeps the entry, its acks and replies; author only', () => {
    const doc = new Y.Doc();
    postUpdate(doc, { tags: ['x'], mentions: ['bob'], checkIn: [{ question: 'Q', answer: 'A' }] });
    ackEntry(doc, { entryId: 'e1', by: 'bob', now: T0 + 1 }, LOCAL);
    addReply(doc, { entryId: 'e1', id: 'r1', by: 'bob', now: T0 + 2, body: 'Nice' }, LOCAL);
    expectLogError(() => deleteEntry(doc, { id: 'e1', by: 'bob', now: T0 + 3 }, LOCAL), 'not_author');
    const deleted = deleteEntry(doc, { id: 'e1', by: 'ana', now: T0 + 3 }, LOCAL);
    expect(deleted).toMatchObject({ id: 'e1', kind: 'update', authorId: 'ana', body: '', checkIn: [], tags: [], mentions: [], deletedAt: T0 + 3 });
    expect(deleted.acks).toHaveLength(1);
    expect(deleted.replies.map((r) => r.id)).toEqual(['r1']);
    expect(logEntriesMap(doc).get('e1')?.get('body')).toBe('');
    // Idempotent, and a deleted entry takes no more changes.
    expect(deleteEntry(doc, { id: 'e1', by: 'ana', now: T0 + 9 }, LOCAL).deletedAt).toBe(T0 + 3);
    expectLogError(() => editEntry(doc, { id: 'e1', by: 'ana', now: T0 + 4, body: 'back' }, LOCAL), 'deleted');
    expectLogError(() => ackEntry(doc, { entryId: 'e1', by: 'bob', now: T0 + 4 }, LOCAL), 'deleted');
    expectLogError(() => react(doc, { entryId: 'e1', by: 'bob', now: T0 + 4, emoji: '👍' }, LOCAL), 'deleted');
    expectLogError(() => addReply(doc, { entryId: 'e1', by: 'bob', now: T0 + 4, body: 'x' }, LOCAL), 'deleted');
  });

  it('wins over a concurrent edit from the author’s other device', () => {
    const a = docWithClient(1);
    const b = docWithClient(2);
    postEntry(a, { id: 'h', kind: 'handoff', by: 'ana', now: T0, authorZone: 'UTC', handoff: { status: 'Half done' } }, LOCAL);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    deleteEntry(a, { id: 'h', by: 'ana', now: T0 + 1 }, LOCAL);
    editEntry(b, { id: 'h', by: 'ana', now: T0 + 2, body: 'Resurrected?', handoff: { watchOut: 'Flaky CI' } }, LOCAL);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    for (const doc of [a, b]) {
      const entry = readEntry(doc, 'h');
      expect(entry?.deletedAt).toBe(T0 + 1);
      expect(entry?.body).toBe('');
      expect(entry?.kind === 'handoff' && entry.handoff).toEqual({ status: '', nextSteps: '', watchOut: '', links: '' });
    }
  });
});

describe('acks, reactions, replies', () => {
  it('acks one per member, with an optional reply, and can be undone', () => {
    const doc = new Y.Doc();
    postUpdate(doc);
    ackEntry(doc, { entryId: 'e1', by: 'bob', now: T0 + 10 }, LOCAL);
    ackEntry(doc, { entryId: 'e1', by: 'cy', now: T0 + 5, reply: 'On it' }, LOCAL);
    ackEntry(doc, { entryId: 'e1', by: 'bob', now: T0 + 20, reply: 'Will do' }, LOCAL);
    expect(readEntry(doc, 'e1')?.acks).toEqual([
      { memberId: 'cy', at: T0 + 5, reply: 'On it' },
      { memberId: 'bob', at: T0 + 20, reply: 'Will do' },
    ]);
    expect(unackEntry(doc, { entryId: 'e1', by: 'cy' }, LOCAL).acks.map((a) => a.memberId)).toEqual(['bob']);
    expectLogError(() => ackEntry(doc, { entryId: 'zz', by: 'bob', now: T0 }, LOCAL), 'not_found');
  });

  it('groups reactions by emoji; reacting twice keeps the first time', () => {
    const doc = new Y.Doc();
    postUpdate(doc);
    react(doc, { entryId: 'e1', by: 'bob', now: T0 + 1, emoji: '🎉' }, LOCAL);
    react(doc, { entryId: 'e1', by: 'ana', now: T0 + 2, emoji: '👍' }, LOCAL);
    react(doc, { entryId: 'e1', by: 'ana', now: T0 + 3, emoji: '🎉' }, LOCAL);
    react(doc, { entryId: 'e1', by: 'bob', now: T0 + 4, emoji: '🎉' }, LOCAL);
    expect(readEntry(doc, 'e1')?.reactions).toEqual([
      { emoji: '🎉', memberIds: ['ana', 'bob'], firstAt: T0 + 1 },
      { emoji: '👍', memberIds: ['ana'], firstAt: T0 + 2 },
    ]);
    unreact(doc, { entryId: 'e1', by: 'ana', emoji: '👍' }, LOCAL);
    expect(readEntry(doc, 'e1')?.reactions.map((r) => r.emoji)).toEqual(['🎉']);
    expectLogError(() => react(doc, { entryId: 'e1', by: 'bob', now: T0, emoji: 'a|b' }, LOCAL), 'invalid_input');
  });

  it('replies: add, edit and delete by their author only', () => {
    const doc = new Y.Doc();
    postUpdate(doc);
    const reply = addReply(doc, { entryId: 'e1', id: 'r1', by: 'bob', now: T0 + 1, body: 'Great, @Ana!', directory }, LOCAL);
    expect(reply).toEqual({ id: 'r1', authorId: 'bob', createdAt: T0 + 1, body: 'Great, @Ana!', mentions: ['ana'], editedAt: null, deletedAt: null });
    addReply(doc, { entryId: 'e1', id: 'r0', by: 'ana', now: T0 + 2, body: 'Thanks' }, LOCAL);
    expectLogError(() => editReply(doc, { entryId: 'e1', replyId: 'r1', by: 'ana', now: T0 + 3, body: 'x' }, LOCAL), 'not_author');
    expect(editReply(doc, { entryId: 'e1', replyId: 'r1', by: 'bob', now: T0 + 3, body: 'Great work', directory }, LOCAL)).toMatchObject({
      body: 'Great work',
      mentions: [],
      editedAt: T0 + 3,
    });
    expectLogError(() => deleteReply(doc, { entryId: 'e1', replyId: 'r1', by: 'ana', now: T0 + 4 }, LOCAL), 'not_author');
    expect(deleteReply(doc, { entryId: 'e1', replyId: 'r1', by: 'bob', now: T0 + 4 }, LOCAL)).toMatchObject({ body: '', deletedAt: T0 + 4 });
    expectLogError(() => editReply(doc, { entryId: 'e1', replyId: 'r1', by: 'bob', now: T0 + 5, body: 'y' }, LOCAL), 'deleted');
    expectLogError(() => editReply(doc, { entryId: 'e1', replyId: 'nope', by: 'bob', now: T0 + 5, body: 'y' }, LOCAL), 'not_found');
    expect(readEntry(doc, 'e1')?.replies.map((r) => r.id)).toEqual(['r1', 'r0']);
  });
});

describe('blockers and decisions', () => {
  it('resolves and reopens a blocker', () => {
    const doc = new Y.Doc();
    postEntry(doc, { id: 'b', kind: 'blocker', by: 'bob', now: T0, authorZone: 'UTC', body: 'Need keys' }, LOCAL);
    const resolved = resolveBlocker(doc, { entryId: 'b', by: 'ana', now: T0 + 7 }, LOCAL);
    expect(resolved.kind === 'blocker' && resolved.blocker).toMatchObject({ status: 'resolved', resolvedAt: T0 + 7, resolvedBy: 'ana' });
    const again = resolveBlocker(doc, { entryId: 'b', by: 'cy', now: T0 + 8 }, LOCAL);
    expect(again.kind === 'blocker' && again.blocker.resolvedBy).toBe('ana');
    const reopened = reopenBlocker(doc, { entryId: 'b', by: 'bob', now: T0 + 9 }, LOCAL);
    expect(reopened.kind === 'blocker' && reopened.blocker).toMatchObject({ status: 'open', resolvedAt: null, resolvedBy: null });
    postUpdate(doc);
    expectLogError(() => resolveBlocker(doc, { entryId: 'e1', by: 'ana', now: T0 }, LOCAL), 'wrong_kind');
  });

  it('sets a decision status, recording who and when', () => {
    const doc = new Y.Doc();
    postEntry(doc, { id: 'd', kind: 'decision', by: 'ana', now: T0, authorZone: 'UTC', decision: { title: 'Use SQLite' } }, LOCAL);
    const accepted = setDecisionStatus(doc, { entryId: 'd', by: 'bob', now: T0 + 1, status: 'accepted' }, LOCAL);
    expect(accepted.kind === 'decision' && accepted.decision).toMatchObject({ status: 'accepted', statusAt: T0 + 1, statusBy: 'bob' });
    expectLogError(() => setDecisionStatus(doc, { entryId: 'd', by: 'bob', now: T0, status: 'rejected' as 'accepted' }, LOCAL), 'invalid_input');
  });
});

describe('readers', () => {
  it('sort newest first, skip unknown kinds, and never hand out Yjs-owned arrays', () => {
    const doc = new Y.Doc();
    postUpdate(doc, { id: 'old', now: T0, tags: ['a'] });
    postUpdate(doc, { id: 'new', now: T0 + 1 });
    postUpdate(doc, { id: 'tie', now: T0 + 1 });
    doc.transact(() => {
      const future = new Y.Map<unknown>();
      logEntriesMap(doc).set('future', future);
      future.set('kind', 'poll');
    });
    const entries = readEntries(doc);
    expect(entries.map((e) => e.id)).toEqual(['new', 'tie', 'old']);
    entries[2].tags.push('mutated');
    expect(readEntry(doc, 'old')?.tags).toEqual(['a']);
    expect(readEntry(doc, 'future')).toBeNull();
  });
});

describe('three replicas', () => {
  it('merge concurrent acks, reactions and replies whatever order updates arrive in', () => {
    const docs = [docWithClient(1), docWithClient(2), docWithClient(3)];
    postEntry(docs[0], { id: 'h', kind: 'handoff', by: 'ana', now: T0, authorZone: 'America/Los_Angeles', body: 'Over to you' }, LOCAL);
    const base = Y.encodeStateAsUpdate(docs[0]);
    for (const doc of docs.slice(1)) Y.applyUpdate(doc, base);

    const updates: Uint8Array[][] = docs.map(() => []);
    docs.forEach((doc, i) => doc.on('update', (u: Uint8Array, origin: unknown) => origin === LOCAL && updates[i].push(u)));

    // Replica 0 (Ana): reacts and replies. Replica 1 (Bob): acks, reacts, replies, un-reacts.
    // Replica 2 (Cy): acks with a reply, reacts with the same emoji as Bob, replies.
    react(docs[0], { entryId: 'h', by: 'ana', now: T0 + 1, emoji: '👍' }, LOCAL);
    addReply(docs[0], { entryId: 'h', id: 'ra', by: 'ana', now: T0 + 5, body: 'ping' }, LOCAL);
    ackEntry(docs[1], { entryId: 'h', by: 'bob', now: T0 + 2 }, LOCAL);
    react(docs[1], { entryId: 'h', by: 'bob', now: T0 + 2, emoji: '🎉' }, LOCAL);
    react(docs[1], { entryId: 'h', by: 'bob', now: T0 + 3, emoji: '👀' }, LOCAL);
    addReply(docs[1], { entryId: 'h', id: 'rb', by: 'bob', now: T0 + 3, body: 'got it' }, LOCAL);
    unreact(docs[1], { entryId: 'h', by: 'bob', emoji: '👀' }, LOCAL);
    ackEntry(docs[2], { entryId: 'h', by: 'cy', now: T0 + 4, reply: 'Tomorrow' }, LOCAL);
    react(docs[2], { entryId: 'h', by: 'cy', now: T0 + 4, emoji: '🎉' }, LOCAL);
    addReply(docs[2], { entryId: 'h', id: 'rc', by: 'cy', now: T0 + 4, body: 'me too' }, LOCAL);

    // Deliver each replica's updates to the others in different orders (reversed for some).
    const deliver = (to: number, order: number[], reverse: boolean) => {
      for (const from of order) {
        if (from === to) continue;
        const list = reverse ? [...updates[from]].reverse() : updates[from];
        for (const u of list) Y.applyUpdate(docs[to], u, 'remote');
      }
    };
    deliver(0, [2, 1], true);
    deliver(1, [0, 2], false);
    deliver(2, [1, 0], true);

    // Map key order depends on local insertion order, so compare structurally (toEqual).
    const json = docs.map((d) => logEntriesMap(d).toJSON());
    expect(json[1]).toEqual(json[0]);
    expect(json[2]).toEqual(json[0]);
    expect(Y.encodeStateVector(docs[1])).toEqual(Y.encodeStateVector(docs[0]));
    expect(Y.encodeStateVector(docs[2])).toEqual(Y.encodeStateVector(docs[0]));
    const entry = readEntry(docs[0], 'h');
    expect(entry?.acks).toEqual([
      { memberId: 'bob', at: T0 + 2, reply: null },
      { memberId: 'cy', at: T0 + 4, reply: 'Tomorrow' },
    ]);
    expect(entry?.reactions).toEqual([
      { emoji: '👍', memberIds: ['ana'], firstAt: T0 + 1 },
      { emoji: '🎉', memberIds: ['bob', 'cy'], firstAt: T0 + 2 },
    ]);
    expect(entry?.replies.map((r) => r.id)).toEqual(['rb', 'rc', 'ra']);
    expect(readEntry(docs[1], 'h')).toEqual(entry);
    expect(readEntry(docs[2], 'h')).toEqual(entry);
  });
});
