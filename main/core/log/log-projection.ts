/**
 * The `entries` projection of the update log: one row per entry of every `log/<YYYY-MM>` doc,
 * with the columns lists filter and sort on, the entry as JSON (so a feed page never loads a
 * Y.Doc), its tags in `entry_tags`, and its words in the FTS5 table `entries_fts` (contentless,
 * rowid = entries.rid; snippets are cut from the JSON).
 *
 * It can always be rebuilt from the docs: `log_projection(doc_id, seq)` records up to which
 * `doc_updates` seq each doc is projected, so a doc whose seq moved on without the projection
 * (a crash between the two commits, a first start after an upgrade) is re-read on start.
 *
 * `log_local_changes(entry_id → doc_id, seq)` is the "waiting to sync" bookkeeping: the seq of
 * the last local change to an entry of mine. The relay acknowledges a doc's outbox rows in seq
 * order (ack = delete rows ≤ seq), so the entry still waits exactly while an outbox row of its
 * doc with seq ≤ that seq exists.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { LogEntry, LogEntryKind } from '../../../shared/model/log-types';
import { arrivalTime } from '../../../shared/model/log-unread';
import { entrySearchText } from '../../../shared/model/log-filters';
import type { FeedEntry } from '../../../shared/api/log-api';

export interface FeedFilter {
  authorIds?: readonly string[];
  kinds?: readonly LogEntryKind[];
  tags?: readonly string[];
  fromMs?: number;
  toMs?: number;
  goalId?: string;
  /** An FTS5 MATCH expression (see fts.ts), never raw user text. */
  match?: string | null;
  /** Entries strictly after this position in feed order. */
  after?: { createdAt: number; id: string } | null;
  limit: number;
}

interface DataRow {
  data: string;
  pending: number;
}

const PENDING = `CASE WHEN @sync = 1 AND lc.seq IS NOT NULL AND EXISTS (
    SELECT 1 FROM sync_outbox o WHERE o.doc_id = lc.doc_id AND o.seq <= lc.seq) THEN 1 ELSE 0 END`;
const FROM = `FROM entries e LEFT JOIN log_local_changes lc ON lc.space_id = e.space_id AND lc.entry_id = e.id`;
/** Open blockers are few among many blockers: their partial index, whatever the planner guesses. */
const FROM_OPEN_BLOCKERS = FROM.replace('entries e', 'entries e INDEXED BY entries_open_blockers');

/** What lists sort on: newest first, ties by id (the model's `sortNewestFirst`). */
const FEED_ORDER = 'ORDER BY e.created_at DESC, e.id ASC';

function activityAt(entry: LogEntry): number {
  let at = Math.max(arrivalTime(entry), entry.editedAt ?? 0);
  for (const reply of entry.replies) at = Math.max(at, reply.createdAt);
  return at;
}

function statusOf(entry: LogEntry): string | null {
  if (entry.kind === 'blocker') return entry.blocker.status;
  if (entry.kind === 'decision') return entry.decision.status;
  return null;
}

export class LogProjection {
  private readonly stmts;
  private readonly cache = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: BetterSqlite3.Database) {
    this.stmts = {
      ridOf: db.prepare<[string, string], { rid: number }>('SELECT rid FROM entries WHERE space_id = ? AND id = ?'),
      insert: db.prepare(
        `INSERT INTO entries (space_id, id, doc_id, kind, author_id, created_at, activity_at, deleted, reply_count, status, resolved_at, goal_id, data)
         VALUES (@space, @id, @doc, @kind, @author, @createdAt, @activityAt, @deleted, @replies, @status, @resolvedAt, @goalId, @data)`,
      ),
      update: db.prepare(
        `UPDATE entries SET doc_id = @doc, kind = @kind, author_id = @author, created_at = @createdAt, activity_at = @activityAt,
           deleted = @deleted, reply_count = @replies, status = @status, resolved_at = @resolvedAt, goal_id = @goalId, data = @data
         WHERE rid = @rid`,
      ),
      deleteRow: db.prepare<[number]>('DELETE FROM entries WHERE rid = ?'),
      ftsDelete: db.prepare<[number]>('DELETE FROM entries_fts WHERE rowid = ?'),
      ftsInsert: db.prepare<[number, string]>('INSERT INTO entries_fts (rowid, text) VALUES (?, ?)'),
      tagsDelete: db.prepare<[number]>('DELETE FROM entry_tags WHERE rid = ?'),
      tagInsert: db.prepare<[string, string, number]>('INSERT OR IGNORE INTO entry_tags (space_id, tag, rid) VALUES (?, ?, ?)'),
      docRows: db.prepare<[string, string], { rid: number; id: string; data: string }>('SELECT rid, id, data FROM entries WHERE space_id = ? AND doc_id = ?'),
      projectedSeq: db.prepare<[string], { seq: number }>('SELECT seq FROM log_projection WHERE doc_id = ?'),
      setProjectedSeq: db.prepare<[string, number]>(
        'INSERT INTO log_projection (doc_id, seq) VALUES (?, ?) ON CONFLICT (doc_id) DO UPDATE SET seq = excluded.seq',
      ),
      docSeq: db.prepare<{ id: string }, { seq: number }>(
        `SELECT max(coalesce((SELECT max(seq) FROM doc_updates WHERE doc_id = @id), 0),
                    coalesce((SELECT last_seq FROM doc_snapshots WHERE doc_id = @id), 0)) AS seq`,
      ),
      recordLocal: db.prepare<[string, string, string, number]>(
        `INSERT INTO log_local_changes (space_id, entry_id, doc_id, seq) VALUES (?, ?, ?, ?)
         ON CONFLICT (space_id, entry_id) DO UPDATE SET doc_id = excluded.doc_id, seq = excluded.seq`,
      ),
      waiting: db.prepare<[string], { entry_id: string }>(
        `SELECT entry_id FROM log_local_changes lc WHERE space_id = ?
           AND EXISTS (SELECT 1 FROM sync_outbox o WHERE o.doc_id = lc.doc_id AND o.seq <= lc.seq) ORDER BY entry_id`,
      ),
      pruneLocal: db.prepare<[string]>(
        `DELETE FROM log_local_changes WHERE space_id = ?
           AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.doc_id = log_local_changes.doc_id AND o.seq <= log_local_changes.seq)`,
      ),
      one: db.prepare<{ space: string; id: string; sync: number }, DataRow & { doc_id: string }>(
        `SELECT e.data AS data, e.doc_id AS doc_id, ${PENDING} AS pending ${FROM} WHERE e.space_id = @space AND e.id = @id`,
      ),
      openBlockers: db.prepare<{ space: string; sync: number }, DataRow>(
        `SELECT e.data AS data, ${PENDING} AS pending ${FROM_OPEN_BLOCKERS}
         WHERE e.space_id = @space AND e.kind = 'blocker' AND e.status = 'open' AND e.deleted = 0
         ORDER BY e.created_at ASC, e.id ASC`,
      ),
      activeSince: db.prepare<{ space: string; since: number; sync: number }, DataRow>(
        `SELECT e.data AS data, ${PENDING} AS pending ${FROM}
         WHERE e.space_id = @space AND e.activity_at > @since AND e.deleted = 0`,
      ),
      latestBy: db.prepare<{ space: string; author: string; sync: number }, DataRow>(
        `SELECT e.data AS data, ${PENDING} AS pending ${FROM}
         WHERE e.space_id = @space AND e.author_id = @author AND e.deleted = 0 AND e.kind <> 'summary'
         ${FEED_ORDER} LIMIT 1`,
      ),
      goalLatest: db.prepare<{ space: string; goal: string; before: number; limit: number; sync: number }, DataRow>(
        `SELECT e.data AS data, ${PENDING} AS pending ${FROM}
         WHERE e.space_id = @space AND e.goal_id = @goal AND e.deleted = 0 AND e.created_at < @before
         ${FEED_ORDER} LIMIT @limit`,
      ),
      // Disjoint index scans rather than one OR, which would scan the whole table. (`+x` keeps
      // SQLite from using an index on x, where another index is far more selective.)
      week: db.prepare<{ space: string; start: number; end: number; sync: number }, DataRow>(
        `SELECT e.data AS data, ${PENDING} AS pending ${FROM}
         WHERE e.space_id = @space AND e.created_at >= @start AND e.created_at < @end
         UNION ALL
         SELECT e.data AS data, ${PENDING} AS pending ${FROM}
         WHERE e.space_id = @space AND e.activity_at >= @start AND e.created_at < @start
         UNION ALL
         SELECT e.data AS data, ${PENDING} AS pending ${FROM_OPEN_BLOCKERS}
         WHERE e.space_id = @space AND e.kind = 'blocker' AND e.status = 'open' AND e.deleted = 0
           AND +e.created_at < @start AND +e.activity_at < @start
         UNION ALL
         SELECT e.data AS data, ${PENDING} AS pending ${FROM}
         WHERE e.space_id = @space AND e.kind = 'blocker' AND e.status = 'resolved' AND e.resolved_at >= @start
           AND +e.created_at < @start AND +e.activity_at < @start`,
      ),
      summaries: db.prepare<{ space: string; from: number; to: number; sync: number }, DataRow>(
        `SELECT e.data AS data, ${PENDING} AS pending ${FROM}
         WHERE e.space_id = @space AND e.kind = 'summary' AND e.deleted = 0 AND e.created_at >= @from AND e.created_at < @to
         ${FEED_ORDER}`,
      ),
      tags: db.prepare<[string], { tag: string; count: number }>(
        `SELECT t.tag AS tag, count(*) AS count FROM entry_tags t JOIN entries e ON e.rid = t.rid
         WHERE t.space_id = ? AND e.deleted = 0 GROUP BY t.tag ORDER BY count DESC, t.tag LIMIT 200`,
      ),
      // Ranked inside FTS5 first (ORDER BY rank LIMIT is its fast path), then joined. Deleted
      // entries have no words indexed; another space's hits (a second local space) can take
      // places, hence the over-fetch.
      search: db.prepare<{ space: string; match: string; limit: number; sync: number }, DataRow>(
        `SELECT e.data AS data, ${PENDING} AS pending
         FROM (SELECT rowid, rank FROM entries_fts WHERE entries_fts MATCH @match ORDER BY rank LIMIT @limit * 3) f
         JOIN entries e ON e.rid = f.rowid
         LEFT JOIN log_local_changes lc ON lc.space_id = e.space_id AND lc.entry_id = e.id
         WHERE e.space_id = @space AND e.deleted = 0
         ORDER BY f.rank, e.created_at DESC LIMIT @limit`,
      ),
    };
  }

  // --- writes (callers wrap them in one transaction) -----------------------------------------

  /** Inserts or replaces one entry's row, tags and words. */
  upsert(spaceId: string, docId: string, entry: LogEntry, json = JSON.stringify(entry)): void {
    const row = {
      space: spaceId,
      id: entry.id,
      doc: docId,
      kind: entry.kind,
      author: entry.authorId,
      createdAt: entry.createdAt,
      activityAt: activityAt(entry),
      deleted: entry.deletedAt === null ? 0 : 1,
      replies: entry.replies.filter((r) => r.deletedAt === null).length,
      status: statusOf(entry),
      resolvedAt: entry.kind === 'blocker' ? entry.blocker.resolvedAt : null,
      goalId: entry.goalId,
      data: json,
    };
    const existing = this.stmts.ridOf.get(spaceId, entry.id);
    let rid: number;
    if (existing) {
      rid = existing.rid;
      this.stmts.update.run({ ...row, rid });
      this.stmts.ftsDelete.run(rid);
      this.stmts.tagsDelete.run(rid);
    } else {
      rid = Number(this.stmts.insert.run(row).lastInsertRowid);
    }
    if (entry.deletedAt !== null) return;
    const text = entrySearchText(entry);
    if (text.length > 0) this.stmts.ftsInsert.run(rid, text);
    for (const tag of entry.tags) this.stmts.tagInsert.run(spaceId, tag, rid);
  }

  /**
   * Makes one doc's rows equal to `entries`; returns the entries whose projected form changed
   * (so a caller that knows the change was local can tell which of them it touched).
   */
  replaceDoc(spaceId: string, docId: string, entries: readonly LogEntry[]): LogEntry[] {
    const before = new Map(this.stmts.docRows.all(spaceId, docId).map((r) => [r.id, r]));
    const changed: LogEntry[] = [];
    for (const entry of entries) {
      const json = JSON.stringify(entry);
      const old = before.get(entry.id);
      before.delete(entry.id);
      if (old?.data === json) continue;
      this.upsert(spaceId, docId, entry, json);
      changed.push(entry);
    }
    for (const gone of before.values()) {
      this.stmts.ftsDelete.run(gone.rid);
      this.stmts.tagsDelete.run(gone.rid);
      this.stmts.deleteRow.run(gone.rid);
    }
    return changed;
  }

  /** The last `doc_updates` seq of a stored doc (its snapshot's, once compacted); 0 if none. */
  docSeq(storageId: string): number {
    return this.stmts.docSeq.get({ id: storageId })?.seq ?? 0;
  }

  projectedSeq(storageId: string): number | null {
    return this.stmts.projectedSeq.get(storageId)?.seq ?? null;
  }

  setProjectedSeq(storageId: string, seq: number): void {
    this.stmts.setProjectedSeq.run(storageId, seq);
  }

  recordLocalChange(spaceId: string, entryId: string, storageId: string, seq: number): void {
    this.stmts.recordLocal.run(spaceId, entryId, storageId, seq);
  }

  /** Ids of my entries whose last local change the relay has not acknowledged, sorted. */
  waitingIds(spaceId: string): string[] {
    return this.stmts.waiting.all(spaceId).map((r) => r.entry_id);
  }

  /** Forgets local changes the relay has acknowledged (they can never wait again). */
  pruneAcknowledged(spaceId: string): void {
    this.stmts.pruneLocal.run(spaceId);
  }

  // --- reads ---------------------------------------------------------------------------------

  entry(spaceId: string, id: string, sync: boolean): { entry: FeedEntry; docId: string } | null {
    const row = this.stmts.one.get({ space: spaceId, id, sync: sync ? 1 : 0 });
    return row ? { entry: toFeed(row), docId: row.doc_id } : null;
  }

  /** One page of the feed, newest first; `limit + 1` rows are read to know whether more follow. */
  feed(spaceId: string, filter: FeedFilter, sync: boolean): { entries: FeedEntry[]; more: boolean } {
    const where = ['e.space_id = @space', '(e.deleted = 0 OR e.reply_count > 0)'];
    const params: Record<string, unknown> = { space: spaceId, sync: sync ? 1 : 0, limit: filter.limit + 1 };
    if (filter.authorIds?.length) {
      where.push('e.author_id IN (SELECT value FROM json_each(@authors))');
      params.authors = JSON.stringify(filter.authorIds);
    }
    if (filter.kinds?.length) {
      where.push('e.kind IN (SELECT value FROM json_each(@kinds))');
      params.kinds = JSON.stringify(filter.kinds);
    }
    if (filter.fromMs !== undefined) {
      where.push('e.created_at >= @from');
      params.from = filter.fromMs;
    }
    if (filter.toMs !== undefined) {
      where.push('e.created_at < @to');
      params.to = filter.toMs;
    }
    if (filter.goalId !== undefined) {
      where.push('e.goal_id = @goal');
      params.goal = filter.goalId;
    }
    if (filter.tags?.length) {
      where.push('e.rid IN (SELECT rid FROM entry_tags WHERE space_id = @space AND tag IN (SELECT value FROM json_each(@tags)))');
      params.tags = JSON.stringify(filter.tags);
    }
    if (filter.match) {
      where.push('e.rid IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH @match)');
      params.match = filter.match;
    }
    if (filter.after) {
      where.push('(e.created_at < @afterAt OR (e.created_at = @afterAt AND e.id > @afterId))');
      params.afterAt = filter.after.createdAt;
      params.afterId = filter.after.id;
    }
    const sql = `SELECT e.data AS data, ${PENDING} AS pending ${FROM} WHERE ${where.join(' AND ')} ${FEED_ORDER} LIMIT @limit`;
    const rows = this.prepared(sql).all(params) as DataRow[];
    const more = rows.length > filter.limit;
    return { entries: rows.slice(0, filter.limit).map(toFeed), more };
  }

  openBlockers(spaceId: string, sync: boolean): FeedEntry[] {
    return this.stmts.openBlockers.all({ space: spaceId, sync: sync ? 1 : 0 }).map(toFeed);
  }

  /** Live entries with any activity (arrival, edit, reply) after `since`: the unread candidates. */
  activeSince(spaceId: string, since: number, sync: boolean): FeedEntry[] {
    return this.stmts.activeSince.all({ space: spaceId, since, sync: sync ? 1 : 0 }).map(toFeed);
  }

  latestBy(spaceId: string, authorId: string, sync: boolean): FeedEntry | null {
    const row = this.stmts.latestBy.get({ space: spaceId, author: authorId, sync: sync ? 1 : 0 });
    return row ? toFeed(row) : null;
  }

  goalLatest(spaceId: string, goalId: string, before: number, limit: number, sync: boolean): FeedEntry[] {
    return this.stmts.goalLatest.all({ space: spaceId, goal: goalId, before, limit, sync: sync ? 1 : 0 }).map(toFeed);
  }

  /**
   * What a weekly summary needs: entries posted in the week, older ones with activity in it
   * (replies, edits), and older blockers still open or resolved since the week began.
   */
  weekEntries(spaceId: string, start: number, end: number, sync: boolean): FeedEntry[] {
    return this.stmts.week.all({ space: spaceId, start, end, sync: sync ? 1 : 0 }).map(toFeed);
  }

  summaries(spaceId: string, from: number, to: number, sync: boolean): FeedEntry[] {
    return this.stmts.summaries.all({ space: spaceId, from, to, sync: sync ? 1 : 0 }).map(toFeed);
  }

  tags(spaceId: string): { tag: string; count: number }[] {
    return this.stmts.tags.all(spaceId);
  }

  search(spaceId: string, match: string, limit: number, sync: boolean): FeedEntry[] {
    return this.stmts.search.all({ space: spaceId, match, limit, sync: sync ? 1 : 0 }).map(toFeed);
  }

  private prepared(sql: string): BetterSqlite3.Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }
}

function toFeed(row: DataRow): FeedEntry {
  return { ...(JSON.parse(row.data) as LogEntry), pending: row.pending === 1 };
}
