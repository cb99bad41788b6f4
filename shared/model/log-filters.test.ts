import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addReply, deleteEntry, postEntry, readEntries, resolveBlocker } from './log';
import { blockersFor, entryHeadline, filterEntries, openBlockers } from './log-filters';

const LOCAL = 'local';
const H = 3600_000;
const T0 = Date.UTC(2024, 10, 18, 8, 0);

function fixture() {
  const doc = new Y.Doc();
  const base = { authorZone: 'UTC' };
  postEntry(doc, { ...base, id: 'u1', kind: 'update', by: 'ana', now: T0, body: '## Shipped the **Résumé** importer', tags: ['importer'], goalId: 'g1' }, LOCAL);
  postEntry(doc, { ...base, id: 'd1', kind: 'decision', by: 'bob', now: T0 + H, decision: { title: 'Use SQLite', why: 'zero setup' }, tags: ['storage'] }, LOCAL);
  postEntry(doc, { ...base, id: 'b1', kind: 'blocker', by: 'bob', now: T0 + 2 * H, body: '- Waiting on [API keys](https://x) from [[Vendor|vendor]]', blocker: { canUnblock: ['ana'] } }, LOCAL);
  postEntry(doc, { ...base, id: 'b2', kind: 'blocker', by: 'ana', now: T0 + 3 * H, body: 'CI is red' }, LOCAL);
  postEntry(doc, { ...base, id: 'b3', kind: 'blocker', by: 'ana', now: T0 + 30 * 60_000, body: 'Old blocker', blocker: { canUnblock: ['ana'] } }, LOCAL);
  postEntry(doc, { ...base, id: 'h1', kind: 'handoff', by: 'cy', now: T0 + 4 * H, handoff: { status: 'Deploy half done', watchOut: 'flaky test' } }, LOCAL);
  postEntry(doc, { ...base, id: 'x1', kind: 'fyi', by: 'cy', now: T0 + 5 * H, body: 'importer secret' }, LOCAL);
  resolveBlocker(doc, { entryId: 'b2', by: 'cy', now: T0 + 6 * H }, LOCAL);
  deleteEntry(doc, { id: 'x1', by: 'cy', now: T0 + 6 * H }, LOCAL);
  addReply(doc, { entryId: 'd1', by: 'ana', now: T0 + 7 * H, body: 'Agreed, WAL mode please' }, LOCAL);
  return readEntries(doc);
}

const ids = (entries: { id: string }[]) => entries.map((e) => e.id);

describe('filterEntries', () => {
  const entries = fixture();

  it('filters by author, kind, tag, time range and goal; empty lists do not filter', () => {
    expect(ids(filterEntries(entries, {}))).toEqual(['h1', 'b2', 'b1', 'd1', 'b3', 'u1']);
    expect(ids(filterEntries(entries, { authorIds: ['bob'] }))).toEqual(['b1', 'd1']);
    expect(ids(filterEntries(entries, { kinds: ['blocker', 'decision'] }))).toEqual(['b2', 'b1', 'd1', 'b3']);
    expect(ids(filterEntries(entries, { tags: ['#Storage', 'importer'] }))).toEqual(['d1', 'u1']);
    expect(ids(filterEntries(entries, { fromMs: T0 + H, toMs: T0 + 3 * H }))).toEqual(['b1', 'd1']);
    expect(ids(filterEntries(entries, { goalId: 'g1' }))).toEqual(['u1']);
    expect(ids(filterEntries(entries, { authorIds: [], kinds: [], tags: [] }))).toHaveLength(6);
  });

  it('searches text case- and accent-insensitively, in every section and in replies', () => {
    expect(ids(filterEntries(entries, { text: 'resume IMPORTER' }))).toEqual(['u1']);
    expect(ids(filterEntries(entries, { text: 'wal' }))).toEqual(['d1']);
    expect(ids(filterEntries(entries, { text: 'flaky' }))).toEqual(['h1']);
    expect(ids(filterEntries(entries, { text: '#storage' }))).toEqual(['d1']);
    expect(ids(filterEntries(entries, { text: 'secret' }))).toEqual([]);
    expect(ids(filterEntries(entries, { text: 'cy', includeDeleted: true, kinds: ['fyi'] }))).toEqual([]);
    expect(ids(filterEntries(entries, { includeDeleted: true, kinds: ['fyi'] }))).toEqual(['x1']);
  });
});

describe('blockers', () => {
  it('pins open blockers oldest first, and lists those I can unblock', () => {
    const entries = fixture();
    expect(ids(openBlockers(entries))).toEqual(['b3', 'b1']);
    expect(ids(blockersFor(entries, 'ana'))).toEqual(['b3', 'b1']);
    expect(ids(blockersFor(entries, 'bob'))).toEqual([]);
  });
});

describe('entryHeadline', () => {
  it('is a plain first line', () => {
    const byId = new Map(fixture().map((e) => [e.id, e]));
    expect(entryHeadline(byId.get('u1')!)).toBe('Shipped the Résumé importer');
    expect(entryHeadline(byId.get('d1')!)).toBe('Use SQLite');
    expect(entryHeadline(byId.get('b1')!)).toBe('Waiting on API keys from vendor');
    expect(entryHeadline(byId.get('h1')!)).toBe('Deploy half done');
    expect(entryHeadline(byId.get('x1')!)).toBe('(deleted)');
    expect(entryHeadline(byId.get('u1')!, 10)).toBe('Shipped t…');
  });
});
