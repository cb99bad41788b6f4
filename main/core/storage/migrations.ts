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
