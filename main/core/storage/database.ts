/**
 * Opens the profile's SQLite database (better-sqlite3, WAL).
 *
 * Guarantees: the file is checked with `PRAGMA integrity_check` before anything is written;
 * any failure to open, read or verify it raises DatabaseOpenError naming the file, and the
 * file is never deleted, truncated or "repaired". Migrations run only after the check passes.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { DatabaseOpenError } from '../errors';
import { migrate } from './migrations';

export const DATABASE_FILE = 'baton.sqlite';

export interface OpenDatabaseOptions {
  /** Path of a better-sqlite3 native binding (Electron's ABI differs from Node's). */
  nativeBinding?: string;
}

export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): BetterSqlite3.Database {
  const file = path.join(dataDir, DATABASE_FILE);
  let db: BetterSqlite3.Database | undefined;
  try {
    if (fs.existsSync(file)) fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
    db = new Database(file, { nativeBinding: options.nativeBinding, fileMustExist: false });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const verdict = rows.map((r) => r.integrity_check).join('; ');
    if (verdict !== 'ok') throw new Error(`integrity check failed (${verdict})`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 2000');
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(file, reason);
  }
}
