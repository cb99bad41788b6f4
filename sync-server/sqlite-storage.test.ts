import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteStorage } from './sqlite-storage';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-storage-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function open(dir: string, compactAfterUpdates = 10): SqliteStorage {
  const storage = new SqliteStorage({ dataDir: dir, compactAfterUpdates, compactWhenQuietMs: 0 });
  cleanups.push(() => storage.close());
  return storage;
}

/** A doc whose every change is captured, so tests can append them one by one. */
function editor() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return { doc, updates, text: doc.getText('t') };
}

/**
 * relay.db as an older relay left it, empty: schema 1 (log with a rowid) or 2 (log clustered
 * on (doc, seq)); both kept a doc's counters in its docs row.
 */
function olderDatabase(dir: string, version: 1 | 2): Database.Database {
  const db = new Database(path.join(dir, 'relay.db'));
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE docs (id INTEGER PRIMARY KEY, space TEXT NOT NULL, doc_id TEXT NOT NULL, head_seq INTEGER NOT NULL,
      pending_count INTEGER NOT NULL, pending_bytes INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
      UNIQUE (space, doc_id));
    CREATE TABLE doc_updates (doc INTEGER NOT NULL REFERENCES docs (id), seq INTEGER NOT NULL, data BLOB NOT NULL,
      created_at INTEGER NOT NULL, PRIMARY KEY (doc, seq))${version === 2 ? ' WITHOUT ROWID' : ''};
    CREATE TABLE doc_snapshots (doc INTEGER PRIMARY KEY REFERENCES docs (id), seq INTEGER NOT NULL, data BLOB NOT NULL, updated_at INTEGER NOT NULL);
    INSERT INTO meta VALUES ('schema_version', '${version}');
  `);
  return db;
}

function materialize(update: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

describe('SqliteStorage', () => {
  it('appends updates and reads the merged doc back', async () => {
    const storage = open(dataDir());
    const { text, updates } = editor();
    text.insert(0, 'hello');
    text.insert(5, ' world');
    text.delete(0, 1);
    expect(await storage.read('s', 'page/a')).toBeNull();
    for (const u of updates) await storage.append('s', 'page/a', u);
    const stored = await storage.read('s', 'page/a');
    expect(stored?.seq).toBe(3);
    expect(materialize(stored!.update)).toBe('ello world');
    expect(await storage.listDocs('s')).toEqual(['page/a']);
    expect(await storage.listDocs('other')).toEqual([]);
    expect(await storage.read('other', 'page/a')).toBeNull();
  });

  for (const inline of [false, true]) {
    it(`compacts the log into a snapshot past the threshold without changing the doc (${inline ? 'on the event loop' : 'maintenance thread'})`, async () => {
      const storage = new SqliteStorage({ dataDir: dataDir(), compactAfterUpdates: 10, compactWhenQuietMs: 0, inline });
      cleanups.push(() => storage.close());
      const { text, updates } = editor();
      for (let i = 0; i < 25; i++) text.insert(text.length, String(i % 10));
      const results = [];
      for (const u of updates) results.push(await storage.append('s', 'doc', u));
      expect(results.map((r) => r.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      // The append at 10 starts a compaction in the background; while one runs, no other starts.
      const started = results.filter((r) => r.compacted).map((r) => r.seq);
      expect(started[0]).toBe(10);
      expect(started.every((seq, i) => i === 0 || seq - started[i - 1] >= 10)).toBe(true);
      await storage.settled();
      const stats = await storage.stats();
      // Each merged the rows there were when it read the log: at least the 10 that started it.
      expect(stats).toMatchObject({ docs: 1, compactions: started.length });
      expect(stats.pendingUpdates).toBeLessThanOrEqual(25 - 10 * started.length);
      let stored = await storage.read('s', 'doc');
      expect(stored?.seq).toBe(25);
      expect(materialize(stored!.update)).toBe(text.toString());

      // compactDoc merges now, whatever the threshold: a doc with 3 rows.
      for (const u of updates.slice(0, 3)) await storage.append('s', 'short', u);
      const pendingBefore = (await storage.stats()).pendingUpdates;
      expect(await storage.compactDoc('s', 'short')).toBe(true);
      expect((await storage.stats()).pendingUpdates).toBe(pendingBefore - 3);
      expect(materialize((await storage.read('s', 'short'))!.update)).toBe('012');
      await storage.compactDoc('s', 'doc');
      expect((await storage.stats()).pendingUpdates).toBe(0);
      stored = await storage.read('s', 'doc');
      expect(stored?.seq).toBe(25);
      expect(materialize(stored!.update)).toBe(text.toString());
      // Nothing left to merge.
      expect(await storage.compactDoc('s', 'short')).toBe(false);
    });
  }

  it('commits the appends of one turn together, each resolving once stored; a failing one fails alone', async () => {
    const dir = dataDir();
    const storage = open(dir, 1_000_000);
    const { text, updates } = editor();
    for (let i = 0; i < 100; i++) text.insert(text.length, String(i % 10));
    const results = await Promise.all(updates.map((u) => storage.append('s', 'doc', u)));
    expect(results.map((r) => r.seq)).toEqual(updates.map((_, i) => i + 1));
    expect(materialize((await storage.read('s', 'doc'))!.update)).toBe(text.toString());

    // Another connection (as an operator's sqlite3 shell could) makes one kind of row fail.
    const admin = new Database(path.join(dir, 'relay.db'));
    admin.exec(`CREATE TRIGGER refuse BEFORE INSERT ON doc_updates WHEN length(NEW.data) = 3 BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    admin.close();
    const bad = new Uint8Array([0, 0, 0]);
    const other = editor();
    other.text.insert(0, 'ok');
    const settled = await Promise.allSettled([storage.append('s', 'a', other.updates[0]), storage.append('s', 'b', bad), storage.append('s', 'c', other.updates[0])]);
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await storage.listDocs('s')).toEqual(['a', 'c', 'doc']);
  });

  it('compacts a due doc once it goes quiet, or at once past 8 × the threshold while it never does', async () => {
    const storage = new SqliteStorage({ dataDir: dataDir(), compactAfterUpdates: 5, compactWhenQuietMs: 150 });
    cleanups.push(() => storage.close());
    const { text, updates } = editor();
    const append = (i: number) => storage.appendNow('s', 'doc', updates[i]);
    for (let i = 0; i < 55; i++) text.insert(text.length, String(i % 10));
    // A burst past the threshold: nothing starts while updates keep coming (every 40 ms)...
    const started: number[] = [];
    for (let i = 0; i < 12; i++) {
      if (append(i).compacted) started.push(i + 1);
      await new Promise((r) => setTimeout(r, 40));
    }
    expect(started).toEqual([]);
    expect(await storage.stats()).toMatchObject({ compactions: 0, pendingUpdates: 12 });
    // ...and once the doc is quiet, it is compacted without another append.
    await expect.poll(async () => (await storage.stats()).compactions, { timeout: 3_000 }).toBe(1);
    expect((await storage.stats()).pendingUpdates).toBe(0);
    // A doc that never goes quiet: compacted at once when its log reaches 8 × 5 rows.
    for (let i = 12; i < 55; i++) if (append(i).compacted) started.push(i + 1 - 12);
    expect(started).toEqual([40]);
    await storage.settled();
    expect((await storage.stats()).pendingUpdates).toBeLessThan(8);
    expect(materialize((await storage.read('s', 'doc'))!.update)).toBe(text.toString());
  });

  it('upgrades a schema-1 database (log with a rowid) without losing a row', async () => {
    const dir = dataDir();
    const { text, updates } = editor();
    text.insert(0, 'kept across the upgrade');
    text.delete(0, 5);
    const old = olderDatabase(dir, 1);
    old.exec(`INSERT INTO docs VALUES (1, 's', 'doc', 2, 2, 0, 0, 0)`);
    updates.forEach((u, i) => old.prepare('INSERT INTO doc_updates VALUES (1, ?, ?, 0)').run(i + 1, u));
    old.close();

    const storage = open(dir);
    expect(materialize((await storage.read('s', 'doc'))!.update)).toBe('across the upgrade');
    expect((await storage.append('s', 'doc', updates[0])).seq).toBe(3);
    await storage.close();
    const check = new Database(path.join(dir, 'relay.db'), { readonly: true });
    expect(check.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get()).toEqual({ value: '3' });
    expect((check.prepare(`SELECT sql FROM sqlite_master WHERE name = 'doc_updates'`).get() as { sql: string }).sql).toMatch(/WITHOUT ROWID/);
    expect(check.prepare('SELECT count(*) AS n FROM doc_updates').get()).toEqual({ n: 3 });
    expect(check.prepare(`SELECT name FROM pragma_table_info('docs') ORDER BY cid`).all()).toEqual([
      { name: 'id' },
      { name: 'space' },
      { name: 'doc_id' },
      { name: 'created_at' },
    ]);
    check.close();
  });

  it('upgrades a schema-2 database (counters in the docs row): seqs go on after the log or the snapshot', async () => {
    const dir = dataDir();
    const { text, updates } = editor();
    text.insert(0, 'abc');
    text.insert(3, 'def');
    const old = olderDatabase(dir, 2);
    old.exec(`INSERT INTO docs VALUES (1, 's', 'logged', 8, 2, 0, 0, 0), (2, 's', 'compacted', 5, 0, 0, 0, 0)`);
    // 'logged': snapshot up to 6, then rows 7 and 8; 'compacted': everything in its snapshot (seq 5), no rows.
    old.prepare('INSERT INTO doc_snapshots VALUES (1, 6, ?, 0), (2, 5, ?, 0)').run(updates[0], Y.mergeUpdates(updates));
    old.prepare('INSERT INTO doc_updates VALUES (1, 7, ?, 0), (1, 8, ?, 0)').run(updates[1], updates[1]);
    old.close();

    const storage = open(dir);
    expect(await storage.stats()).toMatchObject({ docs: 2, pendingUpdates: 2 });
    expect(await storage.read('s', 'logged')).toMatchObject({ seq: 8 });
    expect(materialize((await storage.read('s', 'compacted'))!.update)).toBe('abcdef');
    expect((await storage.append('s', 'logged', updates[1])).seq).toBe(9);
    expect(storage.appendNow('s', 'compacted', updates[1]).seq).toBe(6);
    expect((await storage.append('s', 'new', updates[0])).seq).toBe(1);
    expect(await storage.stats()).toMatchObject({ docs: 3, pendingUpdates: 5 });
  });

  it('commits an update at once with appendNow, after the appends still waiting for their group commit', async () => {
    const storage = open(dataDir(), 1_000_000);
    const { text, updates } = editor();
    for (let i = 0; i < 4; i++) text.insert(0, String(i));
    const batched = [storage.append('s', 'doc', updates[0]), storage.append('s', 'doc', updates[1])];
    expect(storage.appendNow('s', 'doc', updates[2])).toEqual({ seq: 3, compacted: false });
    expect((await Promise.all(batched)).map((r) => r.seq)).toEqual([1, 2]);
    expect((await storage.append('s', 'doc', updates[3])).seq).toBe(4);
    expect(materialize((await storage.read('s', 'doc'))!.update)).toBe('3210');
    await storage.close();
    expect(() => storage.appendNow('s', 'doc', updates[0])).toThrow(/closed/);
  });

  it('derives a doc\'s counters again once they left the bounded cache, compactions included', async () => {
    const dir = dataDir();
    const storage = new SqliteStorage({ dataDir: dir, compactAfterUpdates: 5, compactWhenQuietMs: 0, docStateCache: 2, inline: true });
    cleanups.push(() => storage.close());
    const docs = ['a', 'b', 'c'].map((id) => ({ id, ...editor() }));
    for (let round = 0; round < 12; round++) {
      for (const doc of docs) {
        doc.text.insert(doc.text.length, String(round % 10));
        // Every third doc written is not cached any more (2 of 3 fit): its seq comes from the tables.
        expect(storage.appendNow('s', doc.id, doc.updates[round]).seq).toBe(round + 1);
      }
      if (round % 4 === 3) await storage.settled();
    }
    await storage.settled();
    // Each doc: the append of row 5 started a merge, which ran at the next settle (rows 1–8).
    const stats = await storage.stats();
    expect(stats).toMatchObject({ compactions: 3, pendingUpdates: 12 });
    for (const doc of docs) {
      const stored = (await storage.read('s', doc.id))!;
      expect(stored.seq).toBe(12);
      expect(materialize(stored.update)).toBe('012345678901');
    }
    await storage.close();
    // The running count matches what the tables hold.
    expect((await open(dir, 5).stats()).pendingUpdates).toBe(12);
  });

  it('refuses a database from a newer relay', async () => {
    const dir = dataDir();
    await new SqliteStorage({ dataDir: dir }).close();
    const db = new Database(path.join(dir, 'relay.db'));
    db.prepare(`UPDATE meta SET value = '9' WHERE key = 'schema_version'`).run();
    db.close();
    expect(() => new SqliteStorage({ dataDir: dir })).toThrow(/has schema 9; this relay knows 3/);
  });

  it('stores a compacted doc at the size of its state, not of its keystrokes', async () => {
    const storage = open(dataDir(), 1_000_000);
    const { doc, text, updates } = editor();
    const sentence = 'Typed one key at a time, as people do. ';
    for (let i = 0; i < 600; i++) text.insert(text.length, sentence[i % sentence.length]);
    text.delete(0, 100);
    for (const u of updates) await storage.append('s', 'doc', u);
    expect(await storage.compactDoc('s', 'doc')).toBe(true);
    const stored = (await storage.read('s', 'doc'))!.update;
    expect(materialize(stored)).toBe(text.toString());
    expect(stored.byteLength).toBeLessThanOrEqual(Y.encodeStateAsUpdate(doc).byteLength);
    expect(stored.byteLength * 5).toBeLessThan(Y.mergeUpdates(updates).byteLength);
  });

  it('checkpoints the write-ahead log on the maintenance thread, not in the writer', async () => {
    const dir = dataDir();
    const storage = new SqliteStorage({ dataDir: dir, compactAfterUpdates: 1_000_000, checkpointEveryMs: 20, checkpointAtBytes: 100_000 });
    cleanups.push(() => storage.close());
    const dbFile = path.join(dir, 'relay.db');
    const before = fs.statSync(dbFile).size;
    const { text, updates } = editor();
    for (let i = 0; i < 400; i++) text.insert(0, 'x'.repeat(500));
    await Promise.all(updates.map((u) => storage.append('s', 'doc', u))); // one group commit, at once
    // 400 commits of ~500 bytes stay in the WAL (the writer's own checkpoints are far off)...
    expect(fs.statSync(dbFile).size).toBe(before);
    // ...until the maintenance thread copies them into the database.
    await expect.poll(() => fs.statSync(dbFile).size, { timeout: 5_000 }).toBeGreaterThan(before + 100_000);
    expect(materialize((await storage.read('s', 'doc'))!.update)).toBe(text.toString());
  });

  it('keeps everything across a restart, and sequence numbers keep growing', async () => {
    const dir = dataDir();
    const first = new SqliteStorage({ dataDir: dir, compactAfterUpdates: 4, compactWhenQuietMs: 0 });
    const { text, updates } = editor();
    for (let i = 0; i < 6; i++) text.insert(0, 'x');
    for (const u of updates) await first.append('s', 'doc', u);
    await first.append('s', 'other', updates[0]);
    await first.close();

    const second = open(dir, 4);
    const stats = await second.stats();
    expect(stats.docs).toBe(2);
    // 'other' has its one row; 'doc' what its compaction (started at 4 of 6) had not merged.
    expect(stats.pendingUpdates).toBeGreaterThanOrEqual(1);
    expect(stats.pendingUpdates).toBeLessThanOrEqual(3);
    expect(materialize((await second.read('s', 'doc'))!.update)).toBe('xxxxxx');
    text.insert(0, 'y');
    expect((await second.append('s', 'doc', updates[updates.length - 1])).seq).toBe(7);
    expect(materialize((await second.read('s', 'doc'))!.update)).toBe('yxxxxxx');
    expect(await second.listDocs('s')).toEqual(['doc', 'other']);
  });

  it('refuses a second process-level user of the same data dir and any call after close', async () => {
    const dir = dataDir();
    const storage = open(dir);
    await storage.append('s', 'doc', editor().updates[0] ?? new Uint8Array([0, 0]));
    expect(() => new SqliteStorage({ dataDir: dir })).toThrow(/in use by another relay/);
    await storage.close();
    await expect(storage.read('s', 'doc')).rejects.toThrow(/closed/);
  });
});
