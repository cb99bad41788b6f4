import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { DatabaseOpenError } from '../errors';
import { DATABASE_FILE, openDatabase } from './database';
import { MIGRATIONS, currentVersion, migrate } from './migrations';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-db-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('openDatabase', () => {
  it('creates a WAL database at the latest schema version', () => {
    const db = openDatabase(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(currentVersion(db)).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['doc_updates', 'doc_snapshots', 'sync_state', 'settings', 'seen', 'pages']));
    db.close();
  });

  it('refuses a corrupt file with an error naming it, and leaves the file untouched', () => {
    const file = path.join(dir, DATABASE_FILE);
    const garbage = Buffer.from('this is not a SQLite database, it is a shopping list\n'.repeat(200));
    fs.writeFileSync(file, garbage);
    let caught: unknown;
    try {
      openDatabase(dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DatabaseOpenError);
    expect((caught as Error).message).toContain(file);
    expect((caught as Error).message).toMatch(/left untouched/);
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
  });

  it('refuses a database whose pages were damaged after it was written', () => {
    const db = openDatabase(dir);
    const insert = db.prepare('INSERT INTO doc_updates (doc_id, data, created_at) VALUES (?, ?, ?)');
    for (let i = 0; i < 2000; i++) insert.run(`d${i}`, Buffer.alloc(100, i % 256), i);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const file = path.join(dir, DATABASE_FILE);
    const bytes = fs.readFileSync(file);
    // Overwrite a stretch in the middle of the file (past the header) with noise.
    for (let i = 8192; i < 8192 + 4096; i++) bytes[i] = (i * 7919) % 251;
    fs.writeFileSync(file, bytes);
    expect(() => openDatabase(dir)).toThrow(DatabaseOpenError);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a file written by a newer Baton instead of downgrading it', () => {
    const db = openDatabase(dir);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(dir)).toThrow(/newer than this Baton understands/);
  });
});

describe('migrate', () => {
  it('applies pending migrations in order, once, each in a transaction', () => {
    const db = new Database(':memory:');
    const applied: number[] = [];
    const migrations = [
      { version: 2, name: 'b', up: (d: Database.Database) => (applied.push(2), d.exec('CREATE TABLE b (x)')) },
      { version: 1, name: 'a', up: (d: Database.Database) => (applied.push(1), d.exec('CREATE TABLE a (x)')) },
    ];
    expect(migrate(db, migrations)).toBe(2);
    expect(migrate(db, migrations)).toBe(2);
    expect(applied).toEqual([1, 2]);
  });

  it('rolls back a failing migration and keeps the previous version', () => {
    const db = new Database(':memory:');
    const migrations = [
      { version: 1, name: 'a', up: (d: Database.Database) => d.exec('CREATE TABLE a (x)') },
      { version: 2, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE b (x); CREATE TABLE b (x)') },
    ];
    expect(() => migrate(db, migrations)).toThrow();
    expect(currentVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'").get()).toEqual({ n: 0 });
  });
});
