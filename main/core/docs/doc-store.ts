/**
 * DocStore: every Y.Doc the Core holds, persisted as an append-only log of Yjs updates.
 *
 * Invariants
 * - Every update a loaded doc emits is inserted into `doc_updates` synchronously, inside the
 *   Yjs transaction's update event, so by the time a command or `applyUpdate` returns the row
 *   is committed: a write is acknowledged only after its commit.
 * - Load = `doc_snapshots.data` (if any) + every `doc_updates` row with seq > snapshot.last_seq,
 *   in seq order. Loading writes nothing.
 * - Past `compactThreshold` rows, a doc's snapshot and rows are merged with `Y.mergeUpdates`
 *   into a new snapshot and the rows deleted, in one SQLite transaction: a crash leaves either
 *   the old snapshot + rows or the new snapshot, never neither.
 * - Listeners see (docId, update, origin) after the commit, for fan-out, projections and sync.
 */
import type BetterSqlite3 from 'better-sqlite3';
import * as Y from 'yjs';
import type { Clock } from '../../../shared/time';
import { systemClock } from '../../../shared/time';
import type { Disposable } from '../lifecycle';
import { createLogger } from '../../../shared/log/logger';

const log = createLogger('doc-store');

export type UpdateListener = (docId: string, update: Uint8Array, origin: unknown) => void;
export type LoadListener = (docId: string, doc: Y.Doc) => void;

export interface DocStoreOptions {
  /** Rows per doc before they are merged into the snapshot. */
  compactThreshold?: number;
  /**
   * Says whether an update with this origin is a local change the relay has yet to receive.
   * Such updates get a `sync_outbox` row in the same transaction as their `doc_updates` row,
   * so the count of changes waiting to sync survives crashes and restarts.
   */
  isOutgoing?: (origin: unknown) => boolean;
  clock?: Clock;
}

/** Origin used when a doc is filled from disk; such updates are not persisted again. */
const LOAD_ORIGIN = Symbol('doc-store-load');

interface LoadedDoc {
  doc: Y.Doc;
  rowsSinceSnapshot: number;
}

export class DocStore implements Disposable {
  private readonly docs = new Map<string, LoadedDoc>();
  private readonly listeners = new Set<UpdateListener>();
  private readonly loadListeners = new Set<LoadListener>();
  private readonly compactThreshold: number;
  private readonly clock: Clock;
  private readonly isOutgoing: (origin: unknown) => boolean;
  private readonly stmts;
  private readonly persist: (docId: string, update: Uint8Array, outgoing: boolean) => void;

  constructor(
    private readonly db: BetterSqlite3.Database,
    options: DocStoreOptions = {},
  ) {
    this.compactThreshold = options.compactThreshold ?? 500;
    this.isOutgoing = options.isOutgoing ?? (() => false);
    this.clock = options.clock ?? systemClock;
    this.stmts = {
      insert: db.prepare<[string, Uint8Array, number]>('INSERT INTO doc_updates (doc_id, data, created_at) VALUES (?, ?, ?)'),
      outbox: db.prepare<[number | bigint, string]>('INSERT INTO sync_outbox (seq, doc_id) VALUES (?, ?)'),
      snapshot: db.prepare<[string], { data: Buffer; last_seq: number }>('SELECT data, last_seq FROM doc_snapshots WHERE doc_id = ?'),
      updates: db.prepare<[string, number], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM doc_updates WHERE doc_id = ? AND seq > ? ORDER BY seq',
      ),
      upsertSnapshot: db.prepare<[string, Uint8Array, Uint8Array, number, number]>(
        `INSERT INTO doc_snapshots (doc_id, data, state_vector, last_seq, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (doc_id) DO UPDATE SET data = excluded.data, state_vector = excluded.state_vector,
           last_seq = excluded.last_seq, updated_at = excluded.updated_at`,
      ),
      deleteUpTo: db.prepare<[string, number]>('DELETE FROM doc_updates WHERE doc_id = ? AND seq <= ?'),
      docIds: db.prepare<[string, string], { doc_id: string }>(
        `SELECT doc_id FROM doc_snapshots WHERE doc_id LIKE ? ESCAPE '\\'
         UNION SELECT DISTINCT doc_id FROM doc_updates WHERE doc_id LIKE ? ESCAPE '\\' ORDER BY doc_id`,
      ),
    };
    this.persist = db.transaction((docId: string, update: Uint8Array, outgoing: boolean) => {
      const seq = this.stmts.insert.run(docId, update, this.clock.now()).lastInsertRowid;
      if (outgoing) this.stmts.outbox.run(seq, docId);
    });
  }

  /** The live doc for `docId`, loaded from disk on first use. */
  get(docId: string): Y.Doc {
    const loaded = this.docs.get(docId);
    if (loaded) return loaded.doc;
    return this.load(docId).doc;
  }

  has(docId: string): boolean {
    return this.docs.has(docId) || this.stmts.docIds.all(escapeLike(docId), escapeLike(docId)).length > 0;
  }

  /** Ids of every stored doc whose id starts with `prefix`. */
  listDocIds(prefix = ''): string[] {
    const pattern = escapeLike(prefix) + '%';
    const ids = new Set(this.stmts.docIds.all(pattern, pattern).map((r) => r.doc_id));
    for (const id of this.docs.keys()) if (id.startsWith(prefix)) ids.add(id);
    return [...ids].sort();
  }

  /** Applies an update (from a window or the relay); returns once it is committed. */
  applyUpdate(docId: string, update: Uint8Array, origin: unknown): void {
    Y.applyUpdate(this.get(docId), update, origin);
  }

  encodeState(docId: string, stateVector?: Uint8Array): Uint8Array {
    return Y.encodeStateAsUpdate(this.get(docId), stateVector);
  }

  onUpdate(listener: UpdateListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Calls `listener` with each doc once it is loaded (filled from disk, before anyone edits it),
   * and now with those already loaded: to attach per-doc hooks such as Yjs transaction events.
   */
  onLoad(listener: LoadListener): Disposable {
    this.loadListeners.add(listener);
    for (const [docId, loaded] of this.docs) listener(docId, loaded.doc);
    return { dispose: () => this.loadListeners.delete(listener) };
  }

  /** Drops a doc from memory (it stays on disk). */
  unload(docId: string): void {
    const loaded = this.docs.get(docId);
    if (!loaded) return;
    this.docs.delete(docId);
    loaded.doc.destroy();
  }

  /** Merges a doc's rows into its snapshot now, in one transaction. */
  compact(docId: string): void {
    this.db.transaction(() => {
      const snapshot = this.stmts.snapshot.get(docId);
      const rows = this.stmts.updates.all(docId, snapshot?.last_seq ?? 0);
      if (rows.length === 0) return;
      // A loaded doc holds exactly what is on disk (every update is persisted as it happens), and
      // its own encoding is far smaller than merged rows (which keep every keystroke's item).
      const loaded = this.docs.get(docId);
      const merged = loaded
        ? Y.encodeStateAsUpdate(loaded.doc)
        : Y.mergeUpdates(snapshot ? [snapshot.data, ...rows.map((r) => r.data)] : rows.map((r) => r.data));
      const lastSeq = rows[rows.length - 1].seq;
      this.stmts.upsertSnapshot.run(docId, merged, Y.encodeStateVectorFromUpdate(merged), lastSeq, this.clock.now());
      this.stmts.deleteUpTo.run(docId, lastSeq);
    })();
    const reloaded = this.docs.get(docId);
    if (reloaded) reloaded.rowsSinceSnapshot = 0;
  }

  /** Rows waiting to be compacted, per doc (for tests, benchmarks and diagnostics). */
  pendingRows(docId: string): number {
    const snapshot = this.stmts.snapshot.get(docId);
    return this.stmts.updates.all(docId, snapshot?.last_seq ?? 0).length;
  }

  dispose(): void {
    for (const docId of [...this.docs.keys()]) this.unload(docId);
    this.listeners.clear();
    this.loadListeners.clear();
  }

  private load(docId: string): LoadedDoc {
    const doc = new Y.Doc({ gc: true });
    const snapshot = this.stmts.snapshot.get(docId);
    const rows = this.stmts.updates.all(docId, snapshot?.last_seq ?? 0);
    doc.transact(() => {
      if (snapshot) Y.applyUpdate(doc, snapshot.data, LOAD_ORIGIN);
      for (const row of rows) Y.applyUpdate(doc, row.data, LOAD_ORIGIN);
    }, LOAD_ORIGIN);
    const loaded: LoadedDoc = { doc, rowsSinceSnapshot: rows.length };
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === LOAD_ORIGIN) return;
      this.persist(docId, update, this.isOutgoing(origin));
      loaded.rowsSinceSnapshot++;
      if (loaded.rowsSinceSnapshot >= this.compactThreshold) this.compact(docId);
      for (const listener of this.listeners) {
        try {
          listener(docId, update, origin);
        } catch (error) {
          // The write is already committed; a failing listener must not undo or block it.
          log.error('update listener failed', { docId, error: String(error) });
        }
      }
    });
    this.docs.set(docId, loaded);
    for (const listener of this.loadListeners) {
      try {
        listener(docId, doc);
      } catch (error) {
        log.error('load listener failed', { docId, error: String(error) });
      }
    }
    return loaded;
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => '\\' + c);
}
