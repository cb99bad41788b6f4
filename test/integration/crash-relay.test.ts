/**
 * Crash safety of the relay (sync-server/storage.ts: "every update a client saw acknowledged
 * or fanned out survives a relay crash"). The relay CLI runs as one node process; a writer
 * streams labelled updates into several docs of a space while a reader watches the fan-out;
 * we SIGKILL the relay at random moments (mid-handshake, mid-stream, inside compactions — the
 * CLI compacts a doc past 1,600 rows while it is being written, once it is quiet for 1 s, and
 * when a handshake reads more than 200), then:
 *  - `PRAGMA integrity_check` on relay.db, opened read-only, is `ok`;
 *  - a restarted relay on the same port and data dir gives a fresh client every update that
 *    was acknowledged (an `ack` frame reached the writer) or fanned out (the reader got it),
 *    and nothing that was never sent.
 * The next round writes to the restarted relay, so later rounds run on a database that has
 * been through every earlier crash.
 *
 *   BATON_CRASH_ROUNDS=200 BATON_CRASH_SEED=7 npx vitest run --project integration test/integration/crash-relay
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DB_FILE } from '../../sync-server/sqlite-storage';
import { Prng, intFromEnv, seedsFromEnv } from '../support/prng';
import { spawnRelay, type RelayProcess } from '../support/relay-process';
import { Cleanup, SECRET, SyncTestClient, fetchDoc, tempDir, token, waitFor } from './relay-support';

const ROUNDS = intFromEnv('BATON_CRASH_ROUNDS', 20);
const [SEED] = seedsFromEnv('CRASH', [20261125]);
const SPACE = 'crash';
const DOC_IDS = ['space', 'page/a', 'page/b', 'log/2026-03'];
const RELAY_ARGS = ['--max-messages-per-second', '1000000'];

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

function integrity(dataDir: string): string {
  const db = new Database(path.join(dataDir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('relay crash safety', () => {
  it(`keeps every acknowledged update through ${ROUNDS} SIGKILLs at random moments (seed ${SEED})`, async () => {
    const rng = new Prng(SEED);
    const data = tempDir('baton-crash-relay-');
    cleanup.add(() => data.remove());
    let relay: RelayProcess = await spawnRelay({ dataDir: data.dir, secret: SECRET, args: RELAY_ARGS });
    cleanup.add(() => relay.kill());
    const port = relay.port;

    const sent = new Set<string>();
    const acknowledged = new Set<string>();
    let midHandshake = 0;
    let bigUpdates = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const context = `seed ${SEED} round ${round} (replay: BATON_CRASH_SEED=${SEED})`;
      const writer = await SyncTestClient.connect(relay.url, SPACE, token(SPACE, 'writer', `w${round}`));
      const observer = await SyncTestClient.connect(relay.url, SPACE, token(SPACE, 'reader', `o${round}`));
      // Source docs of this round: a fresh Yjs client each, so rounds never share a clock.
      const sources = DOC_IDS.map(() => new Y.Doc());
      let streaming = true;
      let i = 0;
      const pump = async () => {
        let sentThisRound = 0;
        while (streaming && writer.ws.readyState === writer.ws.OPEN) {
          // Keep a bounded window of unacknowledged updates in flight, as a real client's
          // socket would, so the kill lands among in-flight, stored-not-acked and acked ones.
          if (sentThisRound - writer.ackedLabels.length > 400) {
            await sleep(1);
            continue;
          }
          sentThisRound += DOC_IDS.length;
          for (let d = 0; d < DOC_IDS.length; d++) {
            const label = `${DOC_IDS[d]}#${round}.${i}`;
            const before = Y.encodeStateVector(sources[d]);
            sources[d].transact(() => {
              sources[d].getArray<string>('labels').push([label]);
              // Now and then a bigger change (a pasted page), so commits vary in size.
              if (rng.bool(0.005)) {
                sources[d].getText('bulk').insert(0, 'x'.repeat(rng.int(5_000, 40_000)));
                bigUpdates++;
              }
            });
            writer.sendChange(DOC_IDS[d], Y.encodeStateAsUpdate(sources[d], before), 'sync-update', label);
            sent.add(label);
          }
          i++;
          if (i % 4 === 0) await new Promise((r) => setImmediate(r));
        }
      };

      if (rng.bool(0.15)) {
        // Kill while the handshake (doc list, step 1s, step 2s) is under way.
        midHandshake++;
        await sleep(rng.int(0, 15));
      } else {
        await Promise.all([writer.synced(15_000), observer.synced(15_000)]);
      }
      const pumping = pump();
      await sleep(rng.int(10, 400));
      await relay.kill();
      await Promise.all([writer.closed, observer.closed]);
      streaming = false;
      await pumping;

      for (const label of writer.ackedLabels) acknowledged.add(label);
      for (const id of DOC_IDS) for (const label of observer.doc(id).getArray<string>('labels').toArray()) acknowledged.add(label);

      expect(integrity(data.dir), context).toBe('ok');

      relay = await spawnRelay({ dataDir: data.dir, secret: SECRET, port, args: RELAY_ARGS });
      const present = new Set<string>();
      for (const id of DOC_IDS) for (const label of (await fetchDoc(relay.url, SPACE, id)).getArray<string>('labels').toArray()) present.add(label);
      const missing = [...acknowledged].filter((label) => !present.has(label));
      expect(missing, `${context}: acknowledged updates lost`).toEqual([]);
      const invented = [...present].filter((label) => !sent.has(label));
      expect(invented, `${context}: updates nobody sent`).toEqual([]);
    }

    // The last relay still serves and stores normally.
    const late = await SyncTestClient.connect(relay.url, SPACE, token(SPACE, 'writer', 'late'));
    cleanup.add(() => late.close());
    await late.synced();
    late.doc('page/a').getArray<string>('labels').push(['after all crashes']);
    await waitFor(() => late.acks.get('page/a') === 1, 'an ack after the last restart');
    process.stdout.write(
      `crash-relay: ${ROUNDS} SIGKILLs (${midHandshake} mid-handshake), ${sent.size} updates sent, ${acknowledged.size} acknowledged, ` +
        `all present after restarts; ${bigUpdates} large updates; db ${(fs.statSync(path.join(data.dir, DB_FILE)).size / 1024).toFixed(0)} KB; seed ${SEED}\n`,
    );
  }, 30_000 + ROUNDS * 5_000);
});
