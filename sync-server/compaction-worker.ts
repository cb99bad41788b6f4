/**
 * The SQLite relay's maintenance thread (started by sqlite-storage.ts): everything slow that
 * the storage needs but no client waits for runs here, on its own connection, so the event
 * loop that acknowledges and fans out updates never stalls on it.
 *
 *  - `merge`: reads a doc's snapshot and log in one read transaction (WAL: never blocks the
 *    writer) and returns them merged into one update (`mergeIntoState`, merge.ts). The main
 *    thread writes the result, in one transaction, only if the snapshot it was built on is
 *    still the current one.
 *  - checkpoints: copy the write-ahead log back into the database (PASSIVE: never waits for,
 *    nor blocks, the writer) once it has grown past a size or an age. The main connection's
 *    automatic checkpoints are off, so this is where the one fsync-heavy step of WAL mode happens.
 *
 * Messages in: MaintenanceRequest; out: MaintenanceReply (see the types below).
 */
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { mergeStoredLog, type MergedLog } from './merge';

export interface MaintenanceInit {
  file: string;
  /** How often to look at the WAL's size. */
  checkpointEveryMs: number;
  /**
   * Checkpoint once the WAL holds this many bytes (or has waited `checkpointMaxAgeMs`). Each
   * checkpoint fsyncs, which can stall other writes on the same disk for a moment, so it runs
   * when there is enough to copy rather than every tick.
   */
  checkpointAtBytes: number;
  checkpointMaxAgeMs: number;
}

export type MaintenanceRequest = { kind: 'merge'; doc: number } | { kind: 'close' };

export type MaintenanceReply =
  | ({ kind: 'merged'; doc: number } & MergedLog)
  | { kind: 'failed'; doc: number; error: string }
  | { kind: 'checkpoint-failed'; error: string }
  /** Started: connection open, leftover WAL checkpointed. */
  | { kind: 'ready' };

function run(port: NonNullable<typeof parentPort>, init: MaintenanceInit): void {
  // Yield the CPU to the event loop's thread: on Linux this lowers this thread's priority only
  // (setpriority on the calling thread). Elsewhere it may not apply, or lower the whole process:
  // then leave it as it is.
  if (process.platform === 'linux') {
    try {
      os.setPriority(0, os.constants.priority.PRIORITY_LOW);
    } catch {
      // not permitted here: run at normal priority
    }
  }
  const db = new Database(init.file, { timeout: 5_000 });
  db.pragma('busy_timeout = 5000');
  const snapshot = db.prepare<[number], { seq: number; data: Buffer }>('SELECT seq, data FROM doc_snapshots WHERE doc = ?');
  const updates = db.prepare<[number], { seq: number; data: Buffer }>('SELECT seq, data FROM doc_updates WHERE doc = ? ORDER BY seq');
  const read = db.transaction((doc: number) => ({ snapshot: snapshot.get(doc), rows: updates.all(doc) }));

  let timer: NodeJS.Timeout | null = null;
  port.on('message', (request: MaintenanceRequest) => {
    if (request.kind === 'close') {
      // One last checkpoint, then the thread ends (nothing else keeps it alive).
      if (timer) clearInterval(timer);
      try {
        db.pragma('wal_checkpoint(PASSIVE)');
      } finally {
        db.close();
        port.close();
      }
      return;
    }
    const { doc } = request;
    try {
      const { snapshot: base, rows } = read(doc);
      const reply: MaintenanceReply = { kind: 'merged', doc, ...mergeStoredLog(base, rows) };
      port.postMessage(reply, reply.update ? [reply.update.buffer as ArrayBuffer] : []);
    } catch (err) {
      port.postMessage({ kind: 'failed', doc, error: String(err) } satisfies MaintenanceReply);
    }
  });

  let lastCheckpoint = 0; // at start: a WAL left by a relay that did not stop cleanly is copied at once
  const tick = () => {
    let walBytes = 0;
    try {
      walBytes = fs.statSync(`${init.file}-wal`).size;
    } catch {
      return; // no WAL right now: nothing to copy
    }
    // A WAL restarted by the writer keeps its size on disk; only a PASSIVE checkpoint tells what is new,
    // so an old WAL is checked (cheap when there is nothing to copy) at most every max-age.
    if (walBytes < init.checkpointAtBytes && Date.now() - lastCheckpoint < init.checkpointMaxAgeMs) return;
    lastCheckpoint = Date.now();
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (err) {
      port.postMessage({ kind: 'checkpoint-failed', error: String(err) } satisfies MaintenanceReply);
    }
  };
  tick();
  timer = setInterval(tick, init.checkpointEveryMs);
  port.postMessage({ kind: 'ready' } satisfies MaintenanceReply);
}

if (parentPort && (workerData as { maintenance?: MaintenanceInit } | null)?.maintenance) {
  run(parentPort, (workerData as { maintenance: MaintenanceInit }).maintenance);
}
