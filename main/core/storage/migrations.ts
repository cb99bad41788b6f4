/**
 * Numbered schema migrations, applied in order inside one transaction each; the schema
 * version is SQLite's `user_version`. Never edit a shipped migration: add the next number.
 */
import type BetterSqlite3 from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: BetterSqlite3.Database): void;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'docs, sync state, local settings, page projection',
    up(db) {
      db.exec(`
        CREATE TABLE doc_updates (
          seq        INTEGER PRIMARY KEY AUTOINCREMENT,
          doc_id     TEXT    NOT NULL,
          data       BLOB    NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE INDEX doc_updates_by_doc ON doc_updates (doc_id, seq);

        CREATE TABLE doc_snapshots (
          doc_id       TEXT PRIMARY KEY,
          data         BLOB    NOT NULL,
          state_vector BLOB    NOT NULL,
          last_seq     INTEGER NOT NULL,
          updated_at   INTEGER NOT NULL
        );

        CREATE TABLE sync_state (
          doc_id              TEXT PRIMARY KEY,
          remote_state_vector BLOB,
          pushed_seq          INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE settings (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );

        CREATE TABLE seen (
          item_id TEXT PRIMARY KEY,
          seen_at INTEGER NOT NULL
        );

        CREATE TABLE pages (
          space_id    TEXT    NOT NULL,
          id          TEXT    NOT NULL,
          title       TEXT    NOT NULL,
          parent_id   TEXT,
          sort_order  REAL    NOT NULL,
          icon        TEXT    NOT NULL,
          owner_id    TEXT    NOT NULL,
          archived    INTEGER NOT NULL,
          meta        TEXT    NOT NULL,
          updated_at  INTEGER NOT NULL,
          PRIMARY KEY (space_id, id)
        );
        CREATE INDEX pages_by_parent ON pages (space_id, parent_id, sort_order);
      `);
    },
  },
  {
    version: 2,
    name: 'sync outbox: local changes the relay has not acknowledged',
    up(db) {
      db.exec(`
        CREATE TABLE sync_outbox (
          seq    INTEGER PRIMARY KEY,
          doc_id TEXT NOT NULL
        );
        CREATE INDEX sync_outbox_by_doc ON sync_outbox (doc_id, seq);
      `);
    },
  },
  {
    version: 3,
    name: 'knowledge base: search index, page links, page stats, page versions',
    up(db) {
      db.exec(`
        -- One row per searchable item; its id is the FTS rowid. 'kind' lets update-log entries
        -- join the same index later ('page' now).
        CREATE TABLE search_items (
          id       INTEGER PRIMARY KEY,
          space_id TEXT NOT NULL,
          kind     TEXT NOT NULL,
          item_id  TEXT NOT NULL,
          UNIQUE (space_id, kind, item_id)
        );
        CREATE VIRTUAL TABLE search_fts USING fts5(
          title, body,
          tokenize = 'unicode61 remove_diacritics 2',
          prefix = '2 3'
        );
        -- Per space: which index format it was built with, and whether every change reached it
        -- (clean = 0 while changes wait to be indexed; left at 0 by a crash → rebuilt on start).
        CREATE TABLE search_state (
          space_id TEXT PRIMARY KEY,
          version  INTEGER NOT NULL,
          clean    INTEGER NOT NULL,
          built_at INTEGER NOT NULL
        );

        CREATE TABLE page_links (
          space_id TEXT NOT NULL,
          from_id  TEXT NOT NULL,
          to_id    TEXT NOT NULL,
          PRIMARY KEY (space_id, from_id, to_id)
        );
        CREATE INDEX page_links_by_target ON page_links (space_id, to_id);

        CREATE TABLE page_stats (
          space_id     TEXT    NOT NULL,
          page_id      TEXT    NOT NULL,
          open_threads INTEGER NOT NULL,
          threads      INTEGER NOT NULL,
          indexed_at   INTEGER NOT NULL,
          PRIMARY KEY (space_id, page_id)
        );

        CREATE TABLE page_versions (
          id            INTEGER PRIMARY KEY AUTOINCREMENT,
          space_id      TEXT    NOT NULL,
          page_id       TEXT    NOT NULL,
          at            INTEGER NOT NULL,
          authors       TEXT    NOT NULL,
          remote        INTEGER NOT NULL,
          remote_clients TEXT   NOT NULL,
          restored_from INTEGER,
          content_key   TEXT    NOT NULL,
          state         BLOB    NOT NULL
        );
        CREATE INDEX page_versions_by_page ON page_versions (space_id, page_id, at);
      `);
    },
  },
  {
    version: 4,
    name: 'reminders: snoozes, skips, notified and dismissed occurrences',
    up(db) {
      db.exec(`
        -- Local state of the reminder service (main/core/reminders/reminder-store.ts). The
        -- schedule itself is computed (schedule.ts); only what the person did is stored.
        CREATE TABLE reminder_snoozes (
          kind     TEXT PRIMARY KEY,
          until_ms INTEGER NOT NULL
        );
        CREATE TABLE reminder_skips (
          kind       TEXT    NOT NULL,
          local_date TEXT    NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (kind, local_date)
        );
        -- One row per (occurrence, due time) a notification went out for: a snoozed reminder
        -- comes back with a later due time and is notified again, once.
        CREATE TABLE reminder_notified (
          id          TEXT    NOT NULL,
          due_at      INTEGER NOT NULL,
          notified_at INTEGER NOT NULL,
          PRIMARY KEY (id, due_at)
        );
        CREATE TABLE reminder_dismissed (
          id           TEXT PRIMARY KEY,
          dismissed_at INTEGER NOT NULL
        );
      `);
    },
  },
  {
    version: 5,
    name: 'update log: drafts, entries projection with tags and FTS5, waiting-to-sync bookkeeping',
    up(db) {
      db.exec(`
        -- Composer drafts (main/core/log/drafts.ts): local only, key scoped by space.
        CREATE TABLE drafts (
          key        TEXT PRIMARY KEY,
          body       TEXT    NOT NULL,
          updated_at INTEGER NOT NULL
        );

        -- Projection of every log/<YYYY-MM> doc (main/core/log/log-projection.ts); rebuilt from docs.
        CREATE TABLE entries (
          rid         INTEGER PRIMARY KEY,
          space_id    TEXT    NOT NULL,
          id          TEXT    NOT NULL,
          doc_id      TEXT    NOT NULL,
          kind        TEXT    NOT NULL,
          author_id   TEXT    NOT NULL,
          created_at  INTEGER NOT NULL,
          activity_at INTEGER NOT NULL,
          deleted     INTEGER NOT NULL,
          reply_count INTEGER NOT NULL,
          status      TEXT,
          resolved_at INTEGER,
          goal_id     TEXT,
          data        TEXT    NOT NULL,
          UNIQUE (space_id, id)
        );
        CREATE INDEX entries_by_time ON entries (space_id, created_at DESC, id);
        CREATE INDEX entries_by_author ON entries (space_id, author_id, created_at DESC, id);
        CREATE INDEX entries_by_kind ON entries (space_id, kind, created_at DESC, id);
        CREATE INDEX entries_by_doc ON entries (space_id, doc_id);
        CREATE INDEX entries_by_activity ON entries (space_id, activity_at);
        CREATE INDEX entries_by_goal ON entries (space_id, goal_id, created_at DESC) WHERE goal_id IS NOT NULL;
        CREATE INDEX entries_open_blockers ON entries (space_id, created_at, id) WHERE kind = 'blocker' AND status = 'open' AND deleted = 0;
        CREATE INDEX entries_resolved_blockers ON entries (space_id, resolved_at) WHERE kind = 'blocker' AND status = 'resolved';

        CREATE TABLE entry_tags (
          space_id TEXT    NOT NULL,
          tag      TEXT    NOT NULL,
          rid      INTEGER NOT NULL,
          PRIMARY KEY (space_id, tag, rid)
        ) WITHOUT ROWID;
        CREATE INDEX entry_tags_by_rid ON entry_tags (rid);

        -- Words of each live entry; rowid = entries.rid. Contentless: the text is in entries.data.
        CREATE VIRTUAL TABLE entries_fts USING fts5(
          text,
          content = '',
          contentless_delete = 1,
          tokenize = 'unicode61 remove_diacritics 2'
        );

        -- Up to which doc_updates seq each log doc (storage id) is projected.
        CREATE TABLE log_projection (
          doc_id TEXT PRIMARY KEY,
          seq    INTEGER NOT NULL
        );

        -- The seq of the last local change to each of my entries, until the relay acknowledges it.
        CREATE TABLE log_local_changes (
          space_id TEXT    NOT NULL,
          entry_id TEXT    NOT NULL,
          doc_id   TEXT    NOT NULL,
          seq      INTEGER NOT NULL,
          PRIMARY KEY (space_id, entry_id)
        );
      `);
    },
  },
];

export function currentVersion(db: BetterSqlite3.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration above the file's version; refuses a file from a newer Baton. */
export function migrate(db: BetterSqlite3.Database, migrations: Migration[] = MIGRATIONS): number {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  let version = currentVersion(db);
  if (version > latest) {
    throw new Error(`its schema version ${version} is newer than this Baton understands (${latest}); update Baton`);
  }
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= version) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
    version = migration.version;
  }
  return version;
}
