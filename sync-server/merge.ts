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
