/**
 * SQLite implementation of RelayStorage (better-sqlite3, WAL). Invariants: see storage.ts.
 *
 * Layout: `docs` has one small row per doc (its ids); `doc_updates` is the append-only log;
 * `doc_snapshots` holds the merge of the log up to `seq`. An append writes its log row and
 * nothing else: a doc's head seq and pending counts are derived from these tables and cached
 * for recently written docs (`DocState`, bounded). Past `compactAfterUpdates` rows or
 * `compactAfterBytes` bytes a doc is due for compaction, which runs once the doc has been quiet
 * for a moment (compaction-schedule.ts): snapshot + log merged into a new snapshot and the
 * merged rows deleted, in one transaction.
 *
 * Two threads, two connections. The event loop's connection only appends and reads — one short
 * transaction per update — so acknowledging and fanning out never waits for maintenance. The
 * maintenance thread (compaction-worker.ts) reads and merges the log to compact (a WAL read
 * transaction, which never blocks the writer) and runs the WAL checkpoints (PASSIVE, so they
 * never block it either; the event loop's automatic checkpoints are off but for a far-off
 * backstop). Back on the event loop, the merged snapshot is written in one transaction, only if
 * the snapshot it was built on is still current. If the thread cannot start or dies, the
 * storage carries on alone: compactions then merge on the event loop and SQLite checkpoints by
 * itself again.
 *
 * Durability: `synchronous=NORMAL` by default. In WAL mode that makes each commit survive a crash
 * of the relay process (SIGKILL included); a power loss may roll back the last commits. Every
 * client holds the full doc and re-sends what the relay lacks on its next step 1/step 2, so we
 * trade that window for not paying an fsync per keystroke. Pass `synchronous: 'FULL'` to close it.
 *
 * One relay per data dir: `relay.lock`, a tiny SQLite file held in exclusive locking mode for the
 * storage's lifetime, makes a second relay on the same dir fail at start instead of silently
 * splitting fan-out between two processes. The operating system releases that lock when the
 * process ends, however it ends, so a crash never leaves a stale lock behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { createLogger } from '../shared/log/logger';
import type { MaintenanceInit, MaintenanceReply, MaintenanceRequest } from './compaction-worker';
import { CompactionSchedule } from './compaction-schedule';
import { mergeStoredLog } from './merge';
import { StorageError, type AppendResult, type RelayStorage, type StorageStats, type StoredDoc } from './storage';
import { startWorker } from './worker-thread';

const log = createLogger('relay-storage');

export const DB_FILE = 'relay.db';
export const LOCK_FILE = 'relay.lock';
const SCHEMA_VERSION = '3';
/** Per-doc counters kept for the docs written most recently (see `DocState`). */
const DOC_STATE_CACHE = 10_000;
/**
 * Page size of a new database: small, so that a commit of one small update writes little to the
 * WAL (2 pages of 1 KiB instead of 4 KiB each). Only takes effect when the file is created.
 */
const PAGE_SIZE = 1024;
/** Pages of WAL before the event loop's connection checkpoints by itself (only if maintenance lags far behind). */
const BACKSTOP_AUTOCHECKPOINT_PAGES = 50_000;
/** SQLite's default, restored when the maintenance thread is gone. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;

export interface SqliteStorageOptions {
  dataDir: string;
  compactAfterUpdates?: number;
  compactAfterBytes?: number;
  /** A due doc is compacted after this long without an update (default 1 s; 0: at once). */
  compactWhenQuietMs?: number;
  synchronous?: 'NORMAL' | 'FULL';
  /** How often the maintenance thread looks at the WAL (default 1 s)… */
  checkpointEveryMs?: number;
  /** …and checkpoints it once it holds this many bytes (default 4 MiB, SQLite's own default)… */
  checkpointAtBytes?: number;
  /** …or has not been checkpointed for this long (default 30 s). */
  checkpointMaxAgeMs?: number;
  /** Run compaction and checkpoints on the event loop, without a maintenance thread (tests). */
  inline?: boolean;
  /** Docs whose counters are cached (default 10,000; tests use a few). */
  docStateCache?: number;
}

/**
 * What an append needs to know about a doc. Not stored as such: derived from the tables (the
 * newest seq of the log or, with an empty log, of the snapshot; the log's rows and bytes), so an
 * append writes one row and nothing else. Kept in a bounded cache, filled again from the tables on a miss.
 */
interface DocState {
  id: number;
  headSeq: number;
  pendingCount: number;
  pendingBytes: number;
}

interface Appended {
  key: string;
  state: DocState;
  /** The doc's first append. */
  created: boolean;
}

interface NewUpdate {
  space: string;
  docId: string;
  update: Uint8Array;
}

type Merged = Extract<MaintenanceReply, { kind: 'merged' }>;

interface PendingAppend extends NewUpdate {
  resolve(result: AppendResult): void;
  reject(err: unknown): void;
}

export class SqliteStorage implements RelayStorage {
  private readonly db: Database.Database;
  private readonly lock: Database.Database;
  private readonly file: string;
  private readonly schedule: CompactionSchedule<number>;
  private closed = false;
  private docCount: number;
  private pendingCount: number;
  private compactions = 0;
  /** Compactions in flight, per doc row id (one at a time per doc). */
  private readonly compacting = new Map<number, Promise<boolean>>();
  private worker: Worker | null = null;
  /** Resolves once the maintenance thread is up, or gone (see `ready`). */
  private maintenanceStarted: Promise<void> = Promise.resolve();
  /** Replies the maintenance thread owes, per doc row id. */
  private readonly awaitingMerge = new Map<number, (reply: MaintenanceReply) => void>();
  private readonly stmts: ReturnType<SqliteStorage['prepare']>;
  /** Appends waiting for the next group commit. */
  private batch: PendingAppend[] = [];
  /** Counters of recently written docs, by `docKey`; the oldest entry goes first when full. */
  private readonly docStates = new Map<string, DocState>();
  private readonly docStateCache: number;

  constructor(options: SqliteStorageOptions) {
    this.schedule = new CompactionSchedule({
      afterUpdates: options.compactAfterUpdates,
      afterBytes: options.compactAfterBytes,
      quietMs: options.compactWhenQuietMs,
    });
    this.docStateCache = options.docStateCache ?? DOC_STATE_CACHE;
    fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    this.file = path.join(options.dataDir, DB_FILE);
    this.lock = lockDataDir(path.join(options.dataDir, LOCK_FILE), this.file);
    try {
      this.db = new Database(this.file, { timeout: 1_000 });
      this.db.pragma(`page_size = ${PAGE_SIZE}`); // a no-op unless the file is new
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
      this.migrate();
    } catch (err) {
      this.lock.close();
      throw err;
    }
    this.stmts = this.prepare();
    this.docCount = (this.db.prepare('SELECT count(*) AS n FROM docs').get() as { n: number }).n;
    this.pendingCount = (this.db.prepare('SELECT count(*) AS n FROM doc_updates').get() as { n: number }).n;
    if (!options.inline) {
      this.startMaintenance({
        file: this.file,
        checkpointEveryMs: options.checkpointEveryMs ?? 1_000,
        checkpointAtBytes: options.checkpointAtBytes ?? 4 << 20,
        checkpointMaxAgeMs: options.checkpointMaxAgeMs ?? 30_000,
      });
    }
  }

  private startMaintenance(init: MaintenanceInit): void {
    let worker: Worker;
    try {
      worker = startWorker('compaction-worker', { workerData: { maintenance: init } });
    } catch (err) {
      log.warn('no maintenance thread: compacting and checkpointing on the event loop', { error: String(err) });
      return;
    }
    this.worker = worker;
    this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
    worker.unref();
    let started!: () => void;
    this.maintenanceStarted = new Promise((resolve) => (started = resolve));
    worker.on('message', (reply: MaintenanceReply) => {
      if (reply.kind === 'ready') return started();
      if (reply.kind === 'checkpoint-failed') {
        log.warn('WAL checkpoint failed; it is retried', { error: reply.error });
        return;
      }
      const resolve = this.awaitingMerge.get(reply.doc);
      this.awaitingMerge.delete(reply.doc);
      resolve?.(reply);
    });
    const gone = (why: string) => {
      started();
      if (this.worker !== worker) return;
      this.worker = null;
      if (!this.closed) {
        log.error('the maintenance thread stopped: compacting and checkpointing on the event loop', { why });
        this.db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      }
      for (const [doc, resolve] of this.awaitingMerge) resolve({ kind: 'failed', doc, error: `maintenance thread stopped: ${why}` });
      this.awaitingMerge.clear();
    };
    worker.on('error', (err) => gone(String(err)));
    worker.on('exit', (code) => gone(`exit code ${code}`));
  }

  private migrate(): void {
    const hasTable = (name: string) => this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
    const row = hasTable('meta')
      ? (this.db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get() as { value: string } | undefined)
      : undefined;
    // A log without a version row: schema 1 (its version is written after its tables).
    const version = row?.value ?? (hasTable('doc_updates') ? '1' : null);
    if (version !== null && version !== '1' && version !== '2' && version !== SCHEMA_VERSION) {
      throw new StorageError(`${this.file} has schema ${version}; this relay knows ${SCHEMA_VERSION}`);
    }
    if (version === SCHEMA_VERSION) return;
    this.db.transaction(() => {
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS docs (
          id INTEGER PRIMARY KEY,
          space TEXT NOT NULL,
          doc_id TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          UNIQUE (space, doc_id)
        );
        CREATE TABLE IF NOT EXISTS doc_snapshots (
          doc INTEGER PRIMARY KEY REFERENCES docs (id),
          seq INTEGER NOT NULL,
          data BLOB NOT NULL,
          updated_at INTEGER NOT NULL
        );
      `);
      if (version === null || version === '1') {
        // 2: the log is clustered on (doc, seq) (WITHOUT ROWID): one b-tree page per append, not a
        // table page and an index page, so every commit writes less to the WAL.
        this.db.exec(`
          CREATE TABLE doc_updates_v2 (
            doc INTEGER NOT NULL REFERENCES docs (id),
            seq INTEGER NOT NULL,
            data BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (doc, seq)
          ) WITHOUT ROWID;
        `);
        if (version === '1') {
          this.db.exec(`
            INSERT INTO doc_updates_v2 (doc, seq, data, created_at) SELECT doc, seq, data, created_at FROM doc_updates;
            DROP TABLE doc_updates;
          `);
        }
        this.db.exec('ALTER TABLE doc_updates_v2 RENAME TO doc_updates');
      }
      // 3: a doc's head seq and pending counts are derived from its log (DocState) instead of
      // being kept in its docs row, so an append writes its log row and nothing else.
      const columns = (this.db.prepare(`SELECT name FROM pragma_table_info('docs')`).all() as { name: string }[]).map((c) => c.name);
      for (const column of ['head_seq', 'pending_count', 'pending_bytes', 'updated_at']) {
        if (columns.includes(column)) this.db.exec(`ALTER TABLE docs DROP COLUMN ${column}`);
      }
      this.db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)`).run(SCHEMA_VERSION);
    })();
    if (version !== null) log.info(`relay storage upgraded from schema ${version} to ${SCHEMA_VERSION}`, { file: this.file });
  }

  private prepare() {
    return {
      findDoc: this.db.prepare<[string, string], { id: number }>('SELECT id FROM docs WHERE space = ? AND doc_id = ?'),
      insertDoc: this.db.prepare<[string, string, number], { id: number }>(
        'INSERT INTO docs (space, doc_id, created_at) VALUES (?, ?, ?) RETURNING id',
      ),
      logState: this.db.prepare<[number], { rows: number; bytes: number; last: number | null }>(
        'SELECT count(*) AS rows, coalesce(sum(length(data)), 0) AS bytes, max(seq) AS last FROM doc_updates WHERE doc = ?',
      ),
      insertUpdate: this.db.prepare<[number, number, Uint8Array, number]>(
        'INSERT INTO doc_updates (doc, seq, data, created_at) VALUES (?, ?, ?, ?)',
      ),
      snapshot: this.db.prepare<[number], { seq: number; data: Buffer }>('SELECT seq, data FROM doc_snapshots WHERE doc = ?'),
      snapshotSeq: this.db.prepare<[number], { seq: number }>('SELECT seq FROM doc_snapshots WHERE doc = ?'),
      updates: this.db.prepare<[number], { seq: number; data: Buffer }>('SELECT seq, data FROM doc_updates WHERE doc = ? ORDER BY seq'),
      putSnapshot: this.db.prepare<[number, number, Uint8Array, number]>(`
        INSERT INTO doc_snapshots (doc, seq, data, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (doc) DO UPDATE SET seq = excluded.seq, data = excluded.data, updated_at = excluded.updated_at`),
      deleteUpdates: this.db.prepare<[number, number]>('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?'),
      listDocs: this.db.prepare<[string], { doc_id: string }>('SELECT doc_id FROM docs WHERE space = ? ORDER BY doc_id'),
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError('storage is closed');
  }

  /**
   * Group commit: appends made in the same tick (typically every message of one socket read, or
   * of one batch frame) are committed together in one transaction, as soon as that tick's work is
   * done (process.nextTick: no wait for the next turn of the event loop). Each promise resolves
   * only once its update is committed, in the order the appends were made.
   */
  append(space: string, docId: string, update: Uint8Array): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StorageError('storage is closed'));
    return new Promise<AppendResult>((resolve, reject) => {
      this.batch.push({ space, docId, update, resolve, reject });
      if (this.batch.length === 1) process.nextTick(() => this.flush());
    });
  }

  /**
   * Commits one update now, synchronously, after the appends still waiting for their group
   * commit (so seqs keep the order of the calls). For a live edit, whose ack and fan-out wait on
   * it: no promise, no tick. Throws if the commit fails.
   */
  appendNow(space: string, docId: string, update: Uint8Array): AppendResult {
    this.assertOpen();
    if (this.batch.length > 0) this.flush();
    return this.commit([{ space, docId, update }])[0];
  }

  /** Commits the waiting appends in one transaction (or one by one if that fails, so one bad append fails alone). */
  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    let results: AppendResult[] | null = null;
    try {
      results = this.commit(batch);
    } catch {
      // Fall through: each append alone, so the others still commit.
    }
    batch.forEach((item, i) => {
      let result: AppendResult;
      try {
        result = results ? results[i] : this.commit([item])[0];
      } catch (err) {
        item.reject(err);
        return;
      }
      item.resolve(result);
    });
  }

  /** Writes updates in one transaction; the counters they change are kept only once it committed. */
  private commit(items: readonly NewUpdate[]): AppendResult[] {
    const now = Date.now();
    const drafts = new Map<string, DocState>();
    const write = () => items.map((item) => this.insert(item, drafts, now));
    // One update of a doc whose counters are known is a single INSERT: its own transaction.
    const single = items.length === 1 && this.docStates.has(docKey(items[0].space, items[0].docId));
    const appended = single ? write() : this.db.transaction(write)();
    for (const [key, state] of drafts) this.remember(key, state);
    return appended.map((a) => this.appended(a));
  }

  private insert(item: NewUpdate, drafts: Map<string, DocState>, now: number): Appended {
    const key = docKey(item.space, item.docId);
    let state = drafts.get(key);
    let created = false;
    if (!state) {
      const known = this.docState(item.space, item.docId, key);
      if (known) state = { ...known };
      else {
        state = { id: this.stmts.insertDoc.get(item.space, item.docId, now)!.id, headSeq: 0, pendingCount: 0, pendingBytes: 0 };
        created = true;
      }
      drafts.set(key, state);
    }
    this.stmts.insertUpdate.run(state.id, state.headSeq + 1, item.update, now);
    state.headSeq++;
    state.pendingCount++;
    state.pendingBytes += item.update.byteLength;
    return { key, state: { ...state }, created };
  }

  /** A doc's counters: cached, else derived from its rows (and then cached); null if it has none. */
  private docState(space: string, docId: string, key = docKey(space, docId)): DocState | null {
    const cached = this.docStates.get(key);
    if (cached) return cached;
    const doc = this.stmts.findDoc.get(space, docId);
    if (!doc) return null;
    const logged = this.stmts.logState.get(doc.id)!;
    const state: DocState = {
      id: doc.id,
      headSeq: logged.last ?? this.stmts.snapshotSeq.get(doc.id)?.seq ?? 0,
      pendingCount: logged.rows,
      pendingBytes: logged.bytes,
    };
    this.remember(key, state);
    return state;
  }

  private remember(key: string, state: DocState): void {
    this.docStates.delete(key);
    this.docStates.set(key, state);
    if (this.docStates.size > this.docStateCache) this.docStates.delete(this.docStates.keys().next().value!);
  }

  /** Counts a committed append and starts the doc's compaction if it is due. */
  private appended({ key, state, created }: Appended): AppendResult {
    if (created) this.docCount++;
    this.pendingCount++;
    const compacted =
      !this.compacting.has(state.id) && this.schedule.appended(state.id, state.pendingCount, state.pendingBytes, () => void this.compact(state.id, key));
    return { seq: state.headSeq, compacted };
  }

  /** Merges snapshot + log of one doc into a new snapshot now; resolves once it is written. */
  async compactDoc(space: string, docId: string): Promise<boolean> {
    this.assertOpen();
    const doc = this.docState(space, docId);
    if (!doc) return false;
    await this.compacting.get(doc.id);
    return this.compact(doc.id, docKey(space, docId));
  }

  /**
   * Resolves once the maintenance thread has started (or failed to: the storage then works
   * alone). The relay waits for it before it listens, so that the thread's start-up (loading
   * its code, checkpointing a leftover WAL) does not compete with the first clients for the CPU.
   */
  ready(): Promise<void> {
    return this.maintenanceStarted;
  }

  /** Resolves when no compaction is in flight (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.compacting.size > 0) await Promise.all(this.compacting.values());
  }

  /** Starts the one compaction of a doc (or joins the one in flight); resolves true if rows were merged. */
  private compact(docRowId: number, key: string): Promise<boolean> {
    const running = this.compacting.get(docRowId);
    if (running) return running;
    this.schedule.cancel(docRowId);
    const done = this.merge(docRowId)
      .then((merged) => this.writeMerge(merged, key))
      .catch((err: unknown) => {
        this.compactionFailed(docRowId, key, err);
        return false;
      })
      .finally(() => this.compacting.delete(docRowId));
    this.compacting.set(docRowId, done);
    return done;
  }

  /** The doc's snapshot and log merged: by the maintenance thread, or here without one. */
  private async merge(docRowId: number): Promise<Merged> {
    const worker = this.worker;
    let reply: MaintenanceReply;
    if (worker) {
      reply = await new Promise<MaintenanceReply>((resolve) => {
        this.awaitingMerge.set(docRowId, resolve);
        worker.postMessage({ kind: 'merge', doc: docRowId } satisfies MaintenanceRequest);
      });
    } else {
      // Let the update that triggered it be acknowledged and fanned out first.
      await new Promise((resolve) => setImmediate(resolve));
      reply = this.mergeHere(docRowId);
    }
    if (reply.kind !== 'merged') throw new StorageError(reply.kind === 'failed' ? reply.error : 'unexpected reply');
    return reply;
  }

  private mergeHere(docRowId: number): Merged {
    const { snapshot, rows } = this.db.transaction(() => ({ snapshot: this.stmts.snapshot.get(docRowId), rows: this.stmts.updates.all(docRowId) }))();
    return { kind: 'merged', doc: docRowId, ...mergeStoredLog(snapshot, rows) };
  }

  /** Replaces the merged prefix of the log by the new snapshot, in one transaction. */
  private writeMerge(merged: Merged, key: string): boolean {
    if (merged.lastSeq === null || merged.update === null || this.db.open === false) return false;
    const { doc, baseSeq, lastSeq, rows, bytes, update } = merged;
    const written = this.db.transaction(() => {
      // Only this process compacts, one doc at a time; the check keeps a stale merge from ever landing.
      if ((this.stmts.snapshotSeq.get(doc)?.seq ?? 0) !== baseSeq) return false;
      this.stmts.putSnapshot.run(doc, lastSeq, update, Date.now());
      this.stmts.deleteUpdates.run(doc, lastSeq);
      return true;
    })();
    if (!written) return false;
    // Cached counters include the merged rows (if they were read from the tables since, they do too).
    const state = this.docStates.get(key);
    if (state) {
      state.pendingCount -= rows;
      state.pendingBytes -= bytes;
    }
    this.pendingCount -= rows;
    this.compactions++;
    this.schedule.succeeded(doc);
    return true;
  }

  private compactionFailed(docRowId: number, key: string, err: unknown): void {
    try {
      const pending = this.docStates.get(key)?.pendingCount ?? (this.db.open ? this.stmts.logState.get(docRowId)!.rows : 1);
      this.schedule.failed(docRowId, pending);
    } catch {
      this.schedule.failed(docRowId, 1);
    }
    log.error('compaction failed; the log is kept as it was', { doc: docRowId, error: String(err) });
  }

  async read(space: string, docId: string): Promise<StoredDoc | null> {
    this.assertOpen();
    // One read transaction: a concurrent compaction is either fully visible or not at all.
    const { doc, seq, parts } = this.db.transaction(() => {
      const doc = this.stmts.findDoc.get(space, docId);
      if (!doc) return { doc: null, seq: 0, parts: [] };
      const snapshot = this.stmts.snapshot.get(doc.id);
      const rows = this.stmts.updates.all(doc.id);
      const seq = rows.length > 0 ? rows[rows.length - 1].seq : (snapshot?.seq ?? 0);
      return { doc, seq, parts: snapshot ? [snapshot.data, ...rows.map((r) => r.data)] : rows.map((r) => r.data) };
    })();
    if (!doc) return null;
    // A log past the threshold that no append compacted (e.g. the relay stopped before its
    // compaction landed): compact it now, so the next reader does not merge it all again.
    if (parts.length > this.schedule.afterUpdates && !this.compacting.has(doc.id) && !this.schedule.hasFailed(doc.id)) {
      void this.compact(doc.id, docKey(space, docId));
    }
    let update: Uint8Array;
    try {
      update = parts.length === 1 ? parts[0] : Y.mergeUpdates(parts);
    } catch (err) {
      throw new StorageError(`stored updates of ${space}/${docId} do not merge`, { cause: err });
    }
    return { update, seq };
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
    this.flush(); // appends already accepted are committed
    // Due compactions run now; with those in flight they finish (each is one short write here);
    // then the thread checkpoints and ends.
    this.schedule.startWaiting();
    await this.settled();
    const worker = this.worker;
    if (worker) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ kind: 'close' } satisfies MaintenanceRequest);
      const timer = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timer);
    }
    this.db.close();
    this.lock.close();
  }
}

function docKey(space: string, docId: string): string {
  return `${space}\u0000${docId}`;
}

/**
 * Holds `lockFile` (a tiny SQLite database) in exclusive locking mode: a second opener, in this
 * process or another, gets SQLITE_BUSY until this connection closes or the process ends.
 */
function lockDataDir(lockFile: string, dbFile: string): Database.Database {
  const lock = new Database(lockFile, { timeout: 100 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, since INTEGER NOT NULL)');
    // The first write takes the exclusive lock, kept until close (locking_mode = EXCLUSIVE).
    lock.transaction(() => {
      lock.exec('DELETE FROM holder');
      lock.prepare('INSERT INTO holder (pid, since) VALUES (?, ?)').run(process.pid, Date.now());
    })();
    return lock;
  } catch (err) {
    lock.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') {
      throw new StorageError(`${dbFile} is in use by another relay process`, { cause: err });
    }
    throw err;
  }
}
