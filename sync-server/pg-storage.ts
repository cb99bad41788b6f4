/**
 * PostgreSQL implementation of RelayStorage, for running several relay instances on one
 * database (node-postgres pool). Invariants: see storage.ts. Same scheme as sqlite-storage.ts:
 *
 *  - `relay_docs(id, space, doc_id, head_seq, pending_count, pending_bytes, …)`: one row per doc;
 *  - `relay_doc_updates(doc, seq, data)`: the append-only log, one row per stored change;
 *  - `relay_doc_snapshots(doc, seq, data)`: the state of the log up to `seq` (`mergeIntoState`).
 *
 * Append is ONE statement (upsert of the doc row + insert of the update row, via CTEs), so it is
 * one round trip and one transaction. The upsert locks the doc row until commit, so appends to
 * a doc are serialized across all instances: `seq` grows by one per append and commit order is
 * seq order, i.e. the committed log of a doc never has a gap below its highest committed seq.
 *
 * Compaction is scheduled when an append takes the doc past the thresholds (it starts once the
 * doc has been quiet for a moment, compaction-schedule.ts) and runs in the background (the append
 * is acknowledged without waiting for it), in its own transaction:
 * `pg_try_advisory_xact_lock(<schema>, hashtext(space/doc))` first, so two instances never merge
 * the same doc at once (the loser skips; the winner merges, and the next append past the
 * threshold schedules it again). It then reads snapshot + log, writes the merged snapshot and deletes
 * exactly the rows it merged (by seq list, checked by row count), and lowers the pending
 * counters; anything appended meanwhile stays in the log. Appends never wait on the advisory
 * lock, only briefly on the doc row at the very end of a compaction.
 *
 * `read` is ONE statement (snapshot UNION ALL log), so it sees one MVCC snapshot: a concurrent
 * compaction is either fully visible or not at all. Durability is PostgreSQL's commit
 * (`synchronous_commit` as configured on the server; default on).
 */
import pg from 'pg';
import * as Y from 'yjs';
import { createLogger } from '../shared/log/logger';
import { asBuffer } from './bytes';
import { CompactionSchedule } from './compaction-schedule';
import { mergeStoredLog } from './merge';
import { redactUrl } from './paths';
import { StorageError, type AppendResult, type RelayStorage, type StorageStats, type StoredDoc } from './storage';

const log = createLogger('relay-storage');

const SCHEMA_VERSION = '1';
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PgStorageOptions {
  connectionString: string;
  /** Schema holding the relay's tables (created if missing); default `public`. */
  schema?: string;
  compactAfterUpdates?: number;
  compactAfterBytes?: number;
  /** A due doc is compacted after this long without an update here (default 1 s; 0: at once). */
  compactWhenQuietMs?: number;
  /** Connections in the pool (per relay instance). */
  poolSize?: number;
}

interface DocRow {
  id: string;
  head_seq: string;
  pending_count: number;
  pending_bytes: string;
}

export class PgStorage implements RelayStorage {
  private readonly pool: pg.Pool;
  private readonly schema: string;
  private readonly t: { meta: string; docs: string; updates: string; snapshots: string };
  private readonly schedule: CompactionSchedule<string>;
  private closed = false;
  private compactions = 0;
  /** Compactions started by appends and still running, per doc row id. */
  private readonly compacting = new Map<string, Promise<boolean>>();

  private constructor(options: PgStorageOptions) {
    this.schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(this.schema)) throw new StorageError(`invalid schema name "${this.schema}" (a-z, 0-9, _)`);
    const q = (table: string) => `"${this.schema}".${table}`;
    this.t = { meta: q('relay_meta'), docs: q('relay_docs'), updates: q('relay_doc_updates'), snapshots: q('relay_doc_snapshots') };
    this.schedule = new CompactionSchedule({
      afterUpdates: options.compactAfterUpdates,
      afterBytes: options.compactAfterBytes,
      quietMs: options.compactWhenQuietMs,
    });
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      application_name: 'baton-relay',
      connectionTimeoutMillis: 10_000,
    });
    // An idle connection dropped by the server must not take the process down; the next query reconnects.
    this.pool.on('error', (err) => log.warn('idle PostgreSQL connection failed', { error: err.message }));
  }

  /** Connects, creates or checks the tables, and returns the storage. */
  static async open(options: PgStorageOptions): Promise<PgStorage> {
    const storage = new PgStorage(options);
    try {
      await storage.migrate();
    } catch (err) {
      await storage.pool.end().catch(() => undefined);
      if (err instanceof StorageError) throw err;
      throw new StorageError(`cannot open PostgreSQL storage at ${redactUrl(options.connectionString)}: ${(err as Error).message}`, { cause: err });
    }
    return storage;
  }

  private async migrate(): Promise<void> {
    const { meta, docs, updates, snapshots } = this.t;
    await this.transaction(async (client) => {
      // Instances starting together must not race on CREATE TABLE IF NOT EXISTS (it is not atomic).
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('baton-relay-migrate'), hashtext($1))`, [this.schema]);
      const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [this.schema]);
      if (exists.rowCount === 0) await client.query(`CREATE SCHEMA "${this.schema}"`);
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${meta} (key text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE IF NOT EXISTS ${docs} (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          space text NOT NULL,
          doc_id text NOT NULL,
          head_seq bigint NOT NULL,
          pending_count integer NOT NULL,
          pending_bytes bigint NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          UNIQUE (space, doc_id)
        );
        CREATE TABLE IF NOT EXISTS ${updates} (
          doc bigint NOT NULL REFERENCES ${docs} (id),
          seq bigint NOT NULL,
          data bytea NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (doc, seq)
        );
        CREATE TABLE IF NOT EXISTS ${snapshots} (
          doc bigint PRIMARY KEY REFERENCES ${docs} (id),
          seq bigint NOT NULL,
          data bytea NOT NULL,
          updated_at timestamptz NOT NULL DEFAULT now()
        );
      `);
      await client.query(`INSERT INTO ${meta} (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO NOTHING`, [SCHEMA_VERSION]);
      const version = (await client.query<{ value: string }>(`SELECT value FROM ${meta} WHERE key = 'schema_version'`)).rows[0].value;
      if (version !== SCHEMA_VERSION) throw new StorageError(`schema "${this.schema}" has relay schema ${version}; this relay knows ${SCHEMA_VERSION}`);
    });
  }

  private async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackErr) {
        broken = rollbackErr as Error; // the connection is unusable: do not return it to the pool
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError('storage is closed');
  }

  async append(space: string, docId: string, update: Uint8Array): Promise<AppendResult> {
    this.assertOpen();
    const { docs, updates } = this.t;
    const result = await this.pool.query<DocRow>(
      `WITH d AS (
         INSERT INTO ${docs} AS d (space, doc_id, head_seq, pending_count, pending_bytes)
         VALUES ($1, $2, 1, 1, $3)
         ON CONFLICT (space, doc_id) DO UPDATE SET
           head_seq = d.head_seq + 1, pending_count = d.pending_count + 1,
           pending_bytes = d.pending_bytes + excluded.pending_bytes, updated_at = now()
         RETURNING id, head_seq, pending_count, pending_bytes
       ), u AS (
         INSERT INTO ${updates} (doc, seq, data) SELECT id, head_seq, $4 FROM d RETURNING doc
       )
       SELECT d.id, d.head_seq, d.pending_count, d.pending_bytes FROM d JOIN u ON u.doc = d.id`,
      [space, docId, update.byteLength, asBuffer(update)],
    );
    const doc = result.rows[0];
    if (!doc) throw new StorageError(`append to ${space}/${docId} stored nothing`);
    // In the background: the update is acknowledged and fanned out without waiting for it.
    const compacted =
      !this.compacting.has(doc.id) && this.schedule.appended(doc.id, doc.pending_count, Number(doc.pending_bytes), () => this.startCompaction(doc.id, doc.pending_count));
    return { seq: Number(doc.head_seq), compacted };
  }

  private startCompaction(docRowId: string, pendingCount: number): void {
    if (this.compacting.has(docRowId)) return;
    const done = this.compact(docRowId, pendingCount).finally(() => this.compacting.delete(docRowId));
    this.compacting.set(docRowId, done);
  }

  /** Merges snapshot + log of one doc into a new snapshot now (tests, maintenance). */
  async compactDoc(space: string, docId: string): Promise<boolean> {
    this.assertOpen();
    const row = await this.pool.query<{ id: string; pending_count: number }>(
      `SELECT id, pending_count FROM ${this.t.docs} WHERE space = $1 AND doc_id = $2`,
      [space, docId],
    );
    if (!row.rows[0]) return false;
    await this.compacting.get(row.rows[0].id);
    return this.compact(row.rows[0].id, row.rows[0].pending_count);
  }

  /** Resolves when no compaction started by an append is in flight (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.compacting.size > 0) await Promise.all(this.compacting.values());
  }

  /** False when nothing was merged: empty log, another instance merging right now, or failure. */
  private async compact(docRowId: string, pendingCount: number): Promise<boolean> {
    this.schedule.cancel(docRowId);
    const { docs, updates, snapshots } = this.t;
    try {
      const merged = await this.transaction(async (client) => {
        const lock = await client.query<{ locked: boolean }>(
          `SELECT pg_try_advisory_xact_lock(hashtext($2), hashtext(space || '/' || doc_id)) AS locked FROM ${docs} WHERE id = $1`,
          [docRowId, `baton-relay:${this.schema}`],
        );
        if (!lock.rows[0]?.locked) return 0;
        const snapshot = (await client.query<{ seq: string; data: Buffer }>(`SELECT seq, data FROM ${snapshots} WHERE doc = $1 FOR UPDATE`, [docRowId]))
          .rows[0];
        const rows = (
          await client.query<{ seq: string; data: Buffer }>(`SELECT seq, data FROM ${updates} WHERE doc = $1 AND seq > $2 ORDER BY seq`, [
            docRowId,
            snapshot?.seq ?? 0,
          ])
        ).rows;
        // Seqs are bigint strings here; far below 2^53, so exact as numbers.
        const merged = mergeStoredLog(
          snapshot && { seq: Number(snapshot.seq), data: snapshot.data },
          rows.map((r) => ({ seq: Number(r.seq), data: r.data })),
        );
        if (merged.update === null) return 0;
        await client.query(
          `INSERT INTO ${snapshots} (doc, seq, data) VALUES ($1, $2, $3)
           ON CONFLICT (doc) DO UPDATE SET seq = excluded.seq, data = excluded.data, updated_at = now()`,
          [docRowId, merged.lastSeq, asBuffer(merged.update)],
        );
        const deleted = await client.query(`DELETE FROM ${updates} WHERE doc = $1 AND seq = ANY($2::bigint[])`, [docRowId, rows.map((r) => r.seq)]);
        if (deleted.rowCount !== rows.length) throw new StorageError(`compaction deleted ${deleted.rowCount} rows, expected ${rows.length}`);
        await client.query(`UPDATE ${docs} SET pending_count = pending_count - $2, pending_bytes = pending_bytes - $3 WHERE id = $1`, [
          docRowId,
          merged.rows,
          merged.bytes,
        ]);
        return merged.rows;
      });
      if (merged === 0) return false;
      this.compactions++;
      this.schedule.succeeded(docRowId);
      return true;
    } catch (err) {
      this.schedule.failed(docRowId, pendingCount);
      log.error('compaction failed; the log is kept as it was', { doc: docRowId, error: String(err) });
      return false;
    }
  }

  async read(space: string, docId: string): Promise<StoredDoc | null> {
    this.assertOpen();
    const { docs, updates, snapshots } = this.t;
    // One statement = one MVCC snapshot: never half of a concurrent compaction.
    const { rows } = await this.pool.query<{ part: number; data: Buffer; head_seq: string }>(
      `WITH d AS (SELECT id, head_seq FROM ${docs} WHERE space = $1 AND doc_id = $2)
       SELECT 0 AS part, s.seq, s.data, d.head_seq FROM d JOIN ${snapshots} s ON s.doc = d.id
       UNION ALL
       SELECT 1 AS part, u.seq, u.data, d.head_seq FROM d JOIN ${updates} u ON u.doc = d.id
       ORDER BY part, seq`,
      [space, docId],
    );
    if (rows.length === 0) return null;
    const parts = rows.map((r) => r.data);
    let update: Uint8Array;
    try {
      update = parts.length === 1 ? parts[0] : Y.mergeUpdates(parts);
    } catch (err) {
      throw new StorageError(`stored updates of ${space}/${docId} do not merge`, { cause: err });
    }
    return { update, seq: Number(rows[0].head_seq) };
  }

  async listDocs(space: string): Promise<string[]> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ doc_id: string }>(`SELECT doc_id FROM ${this.t.docs} WHERE space = $1 ORDER BY doc_id`, [space]);
    return rows.map((r) => r.doc_id);
  }

  async stats(): Promise<StorageStats> {
    this.assertOpen();
    const { docs, updates, snapshots } = this.t;
    const { rows } = await this.pool.query<{ docs: number; pending: number; bytes: number }>(
      `SELECT count(*)::float8 AS docs, coalesce(sum(pending_count), 0)::float8 AS pending,
         (pg_total_relation_size($1::regclass) + pg_total_relation_size($2::regclass) + pg_total_relation_size($3::regclass))::float8 AS bytes
       FROM ${docs}`,
      [docs, updates, snapshots],
    );
    return { docs: rows[0].docs, pendingUpdates: rows[0].pending, bytes: rows[0].bytes, compactions: this.compactions };
  }

  /** Waits for running queries, then closes the pool (every acknowledged append is committed already). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.schedule.startWaiting();
    await this.settled();
    await this.pool.end();
  }
}
