import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../storage/database';
import { DocStore } from './doc-store';

let dir: string;
let db: BetterSqlite3.Database;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-docstore-'));
  db = openDatabase(dir);
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function reopen(threshold?: number): DocStore {
  db.close();
  db = openDatabase(dir);
  return new DocStore(db, { compactThreshold: threshold });
}

const rowCount = () => (db.prepare('SELECT count(*) AS n FROM doc_updates').get() as { n: number }).n;

describe('DocStore', () => {
  it('commits each update before returning and reloads it after a restart', () => {
    const store = new DocStore(db);
    const text = store.get('s/page/a').getText('body');
    text.insert(0, 'hello');
    expect(rowCount()).toBe(1);
    text.insert(5, ' world');
    expect(rowCount()).toBe(2);
    store.dispose();

    const reopened = reopen();
    expect(reopened.get('s/page/a').getText('body').toString()).toBe('hello world');
    // Loading writes nothing.
    expect(rowCount()).toBe(2);
  });

  it('persists updates applied from elsewhere and tells listeners with their origin', () => {
    const store = new DocStore(db);
    const remote = new Y.Doc();
    remote.getMap('m').set('k', 'v');
    const seen: { docId: string; origin: unknown }[] = [];
    store.onUpdate((docId, _update, origin) => seen.push({ docId, origin }));
    store.applyUpdate('s/space', Y.encodeStateAsUpdate(remote), 'relay');
    expect(seen).toEqual([{ docId: 's/space', origin: 'relay' }]);
    store.dispose();
    expect(reopen().get('s/space').getMap('m').get('k')).toBe('v');
  });

  it('compacts into one snapshot past the threshold, in one transaction, and loads the same content', () => {
    const store = new DocStore(db, { compactThreshold: 10 });
    const text = store.get('s/page/a').getText('body');
    for (let i = 0; i < 25; i++) text.insert(text.length, String(i % 10));
    // 25 updates with threshold 10: compacted at 10 and 20, five rows remain.
    expect(store.pendingRows('s/page/a')).toBe(5);
    const snapshots = db.prepare('SELECT count(*) AS n FROM doc_snapshots').get() as { n: number };
    expect(snapshots.n).toBe(1);
    const expected = text.toString();
    store.dispose();

    const reopened = reopen(10);
    expect(reopened.get('s/page/a').getText('body').toString()).toBe(expected);
    reopened.compact('s/page/a');
    expect(reopened.pendingRows('s/page/a')).toBe(0);
    reopened.dispose();
    expect(reopen().get('s/page/a').getText('body').toString()).toBe(expected);
  });

  it('stores a compacted loaded doc at the size of its own encoding, not of every keystroke', () => {
    const store = new DocStore(db, { compactThreshold: 100_000 });
    const doc = store.get('s/page/typing');
    const text = doc.getText('body');
    for (let i = 0; i < 2000; i++) text.insert(i % 7 === 0 ? 0 : text.length, 'x');
    store.compact('s/page/typing');
    const row = db.prepare('SELECT length(data) AS n FROM doc_snapshots WHERE doc_id = ?').get('s/page/typing') as { n: number };
    expect(row.n).toBe(Y.encodeStateAsUpdate(doc).length);
    store.dispose();
    expect(reopen().get('s/page/typing').getText('body').length).toBe(2000);
  });

  it('keeps concurrent edits from two replicas after a restart (merge, not overwrite)', () => {
    const store = new DocStore(db);
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText('body').insert(0, 'from A ');
    b.getText('body').insert(0, 'from B ');
    store.applyUpdate('s/page/x', Y.encodeStateAsUpdate(a), 'remote');
    store.applyUpdate('s/page/x', Y.encodeStateAsUpdate(b), 'remote');
    store.compact('s/page/x');
    store.dispose();
    const merged = reopen().get('s/page/x').getText('body').toString();
    expect(merged).toContain('from A');
    expect(merged).toContain('from B');
  });

  it('lists stored doc ids by prefix, treating LIKE wildcards literally', () => {
    const store = new DocStore(db);
    store.get('s1/page/a').getText('body').insert(0, 'x');
    store.get('s1/space').getMap('m').set('a', 1);
    store.get('s2/space').getMap('m').set('a', 1);
    store.get('s_/space').getMap('m').set('a', 1);
    expect(store.listDocIds('s1/')).toEqual(['s1/page/a', 's1/space']);
    expect(store.listDocIds('s_/')).toEqual(['s_/space']);
    expect(store.has('s2/space')).toBe(true);
    expect(store.has('s3/space')).toBe(false);
  });

  it('tells load listeners about each doc once it is filled from disk, and about those already loaded', () => {
    const first = new DocStore(db);
    first.get('s/page/a').getText('body').insert(0, 'stored');
    first.dispose();
    const store = reopen();
    store.get('s/space');
    const seen: string[] = [];
    const listener = store.onLoad((docId, doc) => seen.push(`${docId}:${doc.getText('body').toString()}`));
    expect(seen).toEqual(['s/space:']);
    store.get('s/page/a');
    store.get('s/page/a');
    expect(seen).toEqual(['s/space:', 's/page/a:stored']);
    listener.dispose();
    store.get('s/page/b');
    expect(seen).toHaveLength(2);
  });
});
