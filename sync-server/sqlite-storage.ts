/**
 * SQLite implementation of RelayStorage (better-sqlite3, WAL). Invariants: see storage.ts.
 *
 * Layout: `docs` has one small row per doc (ids, counters); `doc_updates` is the append-only
 * log; `doc_snapshots` holds the merge of the log up to `seq`. Past `compactAfterUpdates` rows or
 * `compactAfterBytes` bytes, the append that crossed the threshold merges snapshot + log into a
 * new snapshot and deletes the merged rows, in one transaction.
 *
 * Durability: `synchronous=NORMAL` by default. In WAL mode that makes each commit survive a crash
 * of the relay process (SIGKILL included); a power loss may roll back the last commits. Every
 * client holds the full doc and re-sends what the relay lacks on its next step 1/step 2, so we
 * trade that window for not paying an fsync per keystroke. Pass `synchronous: 'FULL'` to close it.
 *
 * The database is opened in exclusive locking mode: a second relay on the same data dir fails
 * at start instead of silently splitting fan-out between two processes.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { createLogger } from '../shared/log/logger';
import { StorageError, type AppendResult, type RelayStorage, type StorageStats, type StoredDoc } from './storage';

const log = createLogger('relay-storage');

export const DB_FILE = 'relay.db';
const SCHEMA_VERSION = '1';

export interface SqliteStorageOptions {
  dataDir: string;
  compactAfterUpdates?: number;
  compactAfterBytes?: number;
  synchronous?: 'NORMAL' | 'FULL';
}

interface DocRow {
  id: number;
  head_seq: number;
  pending_count: number;
  pending_bytes: number;
}

export class SqliteStorage implements RelayStorage {
  private readonly db: Database.Database;
  private readonly file: string;
  private readonly compactAfterUpdates: number;
  private readonly compactAfterBytes: number;
  private closed = false;
  private docCount: number;
  private pendingCount: number;
  private compactions = 0;
  /** Docs whose last compaction failed, with the pending count then: retry only once it doubled. */
  private readonly failedCompactions = new Map<number, number>();
  private readonly stmts: ReturnType<SqliteStorage['prepare']>;

  constructor(options: SqliteStorageOptions) {
    this.compactAfterUpdates = options.compactAfterUpdates ?? 200;
    this.compactAfterBytes = options.compactAfterBytes ?? 1 << 20;
    fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    this.file = path.join(options.dataDir, DB_FILE);
    // Only this connection ever touches the file, so waiting on a lock means another relay holds it.
    this.db = new Database(this.file, { timeout: 100 });
    try {
      this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
      this.migrate();
    } catch (err) {
      this.db.close();
      if ((err as { code?: string }).code === 'SQLITE_BUSY') {
        throw new StorageError(`${this.file} is in use by another relay process`, { cause: err });
      }
      throw err;
    }
    this.stmts = this.prepare();
    const totals = this.db.prepare('SELECT count(*) AS docs, coalesce(sum(pending_count), 0) AS pending FROM docs').get() as {
      docs: number;
      pending: number;
    };
    this.docCount = totals.docs;
    this.pendingCount = totals.pending;
  }

  private migrate(): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS docs (
        id INTEGER PRIMARY KEY,
        space TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        head_seq INTEGER NOT NULL,
        pending_count INTEGER NOT NULL,
        pending_bytes INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (space, doc_id)
      );
      CREATE TABLE IF NOT EXISTS doc_updates (
        doc INTEGER NOT NULL REFERENCES docs (id),
        seq INTEGER NOT NULL,
        data BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (doc, seq)
      );
      CREATE TABLE IF NOT EXISTS doc_snapshots (
        doc INTEGER PRIMARY KEY REFERENCES docs (id),
        seq INTEGER NOT NULL,
        data BLOB NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `);
    const row = this.db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get() as { value: string } | undefined;
    if (!row) this.db.prepare(`INSERT INTO meta (key, value) VALUES ('schema_version', ?)`).run(SCHEMA_VERSION);
    else if (row.value !== SCHEMA_VERSION) throw new StorageError(`${this.file} has schema ${row.value}; this relay knows ${SCHEMA_VERSION}`);
  }

  private prepare() {
    return {
      upsertDoc: this.db.prepare<[string, string, number, number, number], DocRow>(`
        INSERT INTO docs (space, doc_id, head_seq, pending_count, pending_bytes, created_at, updated_at)
        VALUES (?, ?, 1, 1, ?, ?, ?)
        ON CONFLICT (space, doc_id) DO UPDATE SET
          head_seq = head_seq + 1, pending_count = pending_count + 1,
          pending_bytes = pending_bytes + excluded.pending_bytes, updated_at = excluded.updated_at
        RETURNING id, head_seq, pending_count, pending_bytes`),
      insertUpdate: this.db.prepare<[number, number, Uint8Array, number]>(
        'INSERT INTO doc_updates (doc, seq, data, created_at) VALUES (?, ?, ?, ?)',
      ),
      findDoc: this.db.prepare<[string, string], DocRow>(
        'SELECT id, head_seq, pending_count, pending_bytes FROM docs WHERE space = ? AND doc_id = ?',
      ),
      snapshot: this.db.prepare<[number], { seq: number; data: Buffer }>('SELECT seq, data FROM doc_snapshots WHERE doc = ?'),
      updates: this.db.prepare<[number], { seq: number; data: Buffer }>('SELECT seq, data FROM doc_updates WHERE doc = ? ORDER BY seq'),
      putSnapshot: this.db.prepare<[number, number, Uint8Array, number]>(`
        INSERT INTO doc_snapshots (doc, seq, data, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (doc) DO UPDATE SET seq = excluded.seq, data = excluded.data, updated_at = excluded.updated_at`),
      deleteUpdates: this.db.prepare<[number, number]>('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?'),
      resetPending: this.db.prepare<[number, number, number]>(
        'UPDATE docs SET pending_count = pending_count - ?, pending_bytes = pending_bytes - ? WHERE id = ?',
      ),
      listDocs: this.db.prepare<[string], { doc_id: string }>('SELECT doc_id FROM docs WHERE space = ? ORDER BY doc_id'),
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError('storage is closed');
  }

  async append(space: string, docId: string, update: Uint8Array): Promise<AppendResult> {
    this.assertOpen();
    const now = Date.now();
    const doc = this.db.transaction(() => {
      const row = this.stmts.upsertDoc.get(space, docId, update.byteLength, now, now)!;
      this.stmts.insertUpdate.run(row.id, row.head_seq, update, now);
      return row;
    })();
    if (doc.head_seq === 1) this.docCount++;
    this.pendingCount++;
    let compacted = false;
    if (doc.pending_count >= this.compactAfterUpdates || doc.pending_bytes >= this.compactAfterBytes) {
      const failedAt = this.failedCompactions.get(doc.id);
      if (failedAt === undefined || doc.pending_count >= failedAt * 2) compacted = this.compact(doc.id);
    }
    return { seq: doc.head_seq, compacted };
  }

  /** Merges snapshot + log of one doc into a new snapshot, in one transaction. */
  compactDoc(space: string, docId: string): boolean {
    this.assertOpen();
    const doc = this.stmts.findDoc.get(space, docId);
    return doc ? this.compact(doc.id) : false;
  }

  private compact(docRowId: number): boolean {
    try {
      const merged = this.db.transaction(() => {
        const snapshot = this.stmts.snapshot.get(docRowId);
        const rows = this.stmts.updates.all(docRowId);
        if (rows.length === 0) return 0;
        const parts = snapshot ? [snapshot.data, ...rows.map((r) => r.data)] : rows.map((r) => r.data);
        const merged = Y.mergeUpdates(parts);
        const lastSeq = rows[rows.length - 1].seq;
        const bytes = rows.reduce((sum, r) => sum + r.data.byteLength, 0);
        this.stmts.putSnapshot.run(docRowId, lastSeq, merged, Date.now());
        this.stmts.deleteUpdates.run(docRowId, lastSeq);
        this.stmts.resetPending.run(rows.length, bytes, docRowId);
        return rows.length;
      })();
      this.pendingCount -= merged;
      this.compactions++;
      this.failedCompactions.delete(docRowId);
      return merged > 0;
    } catch (err) {
      const pending = (this.db.prepare('SELECT pending_count AS n FROM docs WHERE id = ?').get(docRowId) as { n: number }).n;
      this.failedCompactions.set(docRowId, Math.max(1, pending));
      log.error('compaction failed; the log is kept as it was', { doc: docRowId, error: String(err) });
      return false;
    }
  }

  async read(space: string, docId: string): Promise<StoredDoc | null> {
    this.assertOpen();
    // One read transaction: a concurrent compaction is either fully visible or not at all.
    return this.db.transaction(() => {
      const doc = this.stmts.findDoc.get(space, docId);
      if (!doc) return null;
      const snapshot = this.stmts.snapshot.get(doc.id);
      const rows = this.stmts.updates.all(doc.id);
      const parts = snapshot ? [snapshot.data, ...rows.map((r) => r.data)] : rows.map((r) => r.data);
      let update: Uint8Array;
      try {
        update = parts.length === 1 ? parts[0] : Y.mergeUpdates(parts);
      } catch (err) {
        throw new StorageError(`stored updates of ${space}/${docId} do not merge`, { cause: err });
      }
      return { update, seq: doc.head_seq };
    })();
  }

  async listDocs(space: string): Promise<string[]> {
    this.assertOpen();
    return this.stmts.listDocs.all(space).map((r) => r.doc_id);
  }

  async stats(): Promise<StorageStats> {
    this.assertOpen();
    let bytes = 0;
    for (const file of [this.file, `${this.file}-wal`]) {
      try {
        bytes += fs.statSync(file).size;
      } catch {
        // the WAL may not exist right now
      }
    }
    return { docs: this.docCount, pendingUpdates: this.pendingCount, bytes, compactions: this.compactions };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
