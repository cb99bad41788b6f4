/**
 * Relay storage: the durable state of every doc of every space, as Yjs updates.
 *
 * Invariants every implementation keeps (SqliteStorage, PgStorage — DESIGN.md §4):
 *  - A doc is keyed by (space, docId). It exists once its first update is appended; docs are
 *    never deleted by the relay.
 *  - `append` resolves only after the update is committed durably (for SQLite: the WAL commit
 *    of its transaction; for PostgreSQL: the commit). The relay acknowledges, fans out and
 *    publishes to other instances an update only after that, so every update a client saw
 *    acknowledged or fanned out survives a relay crash.
 *  - Updates handed to `append` are already validated (they decode as Yjs updates). The log
 *    is append-only: an update is never rewritten except by compaction.
 *  - Compaction replaces a prefix of a doc's log (the snapshot plus updates up to some seq)
 *    by the state it describes (`mergeIntoState`, merge.ts), in ONE transaction: a reader sees either the old rows or the
 *    new snapshot, never a mix, never a gap. A failed merge leaves the rows untouched. When
 *    several processes share the storage, a doc is merged by one at a time, and a merge
 *    deletes only the rows it merged (an update appended meanwhile stays in the log).
 *  - `read` returns the doc's whole state as one update (snapshot merged with the later log),
 *    equivalent to applying every appended update in any order. Doc contents are never
 *    cached (small per-doc counters may be, in a bounded cache): memory held by storage does
 *    not grow with the amount of stored data.
 *  - `listDocs` lists every doc whose first append has committed.
 *  - After `close` resolves, every committed update is on disk and no call is accepted.
 */

export interface StoredDoc {
  /** The whole doc as one Yjs update (V1). */
  update: Uint8Array;
  /** Sequence number of the newest update included; grows by one per append, never reused. */
  seq: number;
}

export interface AppendResult {
  seq: number;
  /**
   * True when this append started a compaction of the doc's log. It runs in the background, so
   * that acknowledging and fanning out the update never waits for it; `stats().compactions`
   * counts the finished ones.
   */
  compacted: boolean;
}

export interface StorageStats {
  docs: number;
  /** Updates not yet merged into a snapshot. */
  pendingUpdates: number;
  /** Bytes on disk (database plus write-ahead log). */
  bytes: number;
  compactions: number;
}

export interface RelayStorage {
  append(space: string, docId: string, update: Uint8Array): Promise<AppendResult>;
  /**
   * Optional, for storages that can commit synchronously (SQLite): `append`, committed before
   * it returns (throws if it fails), ordered after every `append` made before it.
   */
  appendNow?(space: string, docId: string, update: Uint8Array): AppendResult;
  /** Optional: resolves once background work the storage starts with is up (the relay waits before it listens). */
  ready?(): Promise<void>;
  read(space: string, docId: string): Promise<StoredDoc | null>;
  listDocs(space: string): Promise<string[]>;
  stats(): Promise<StorageStats>;
  close(): Promise<void>;
}

export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}
