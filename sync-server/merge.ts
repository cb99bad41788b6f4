import * as Y from 'yjs';

/**
 * Merges a doc's stored updates (a snapshot and the log after it) into the state they describe,
 * as one V1 update. Unlike `Y.mergeUpdates`, which keeps one item per keystroke, this goes
 * through a Y.Doc: consecutive insertions of one client become one item and deleted content is
 * dropped, so a snapshot has the size of the doc rather than of its history. Nothing is lost
 * when an update's dependencies are missing: the encoded state carries Yjs's pending structs
 * and delete set along.
 */
export function mergeIntoState(parts: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const part of parts) Y.applyUpdate(doc, part);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

interface StoredRow {
  seq: number;
  data: Uint8Array;
}

/** A doc's snapshot and log after it, merged (`mergeIntoState`), with what compaction needs to write it back. */
export interface MergedLog {
  /** Seq of the snapshot the merge started from (0: none). */
  baseSeq: number;
  /** Newest log seq included; null when the log was empty (then `update` is null too). */
  lastSeq: number | null;
  rows: number;
  bytes: number;
  update: Uint8Array | null;
}

/** Merges one doc's stored snapshot and log rows (read in one transaction) for compaction. */
export function mergeStoredLog(snapshot: StoredRow | undefined, rows: readonly StoredRow[]): MergedLog {
  const baseSeq = snapshot?.seq ?? 0;
  if (rows.length === 0) return { baseSeq, lastSeq: null, rows: 0, bytes: 0, update: null };
  const parts = snapshot ? [snapshot.data, ...rows.map((r) => r.data)] : rows.map((r) => r.data);
  return {
    baseSeq,
    lastSeq: rows[rows.length - 1].seq,
    rows: rows.length,
    bytes: rows.reduce((sum, r) => sum + r.data.byteLength, 0),
    update: mergeIntoState(parts),
  };
}
