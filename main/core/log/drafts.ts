/**
 * Drafts of the update-log composer (and of replies), in the local `drafts` table: never
 * synced, written synchronously on every save, so a crash or quit keeps what was typed up to
 * the last save. Keys are scoped by space so joining another team shows its own drafts.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { LogDraft } from '../../../shared/api/log-api';
import type { Clock } from '../../../shared/time';

export class Drafts {
  private readonly stmts;

  constructor(
    db: BetterSqlite3.Database,
    private readonly clock: Clock,
  ) {
    this.stmts = {
      get: db.prepare<[string], { body: string; updated_at: number }>('SELECT body, updated_at FROM drafts WHERE key = ?'),
      set: db.prepare<[string, string, number]>(
        'INSERT INTO drafts (key, body, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at',
      ),
      delete: db.prepare<[string]>('DELETE FROM drafts WHERE key = ?'),
    };
  }

  get(spaceId: string, key: string): LogDraft | null {
    const row = this.stmts.get.get(`${spaceId}:${key}`);
    return row ? { key, body: row.body, updatedAt: row.updated_at } : null;
  }

  /** Saves `body`; an empty body deletes the draft (returns null). */
  save(spaceId: string, key: string, body: string): LogDraft | null {
    if (body.length === 0) {
      this.delete(spaceId, key);
      return null;
    }
    const now = this.clock.now();
    this.stmts.set.run(`${spaceId}:${key}`, body, now);
    return { key, body, updatedAt: now };
  }

  delete(spaceId: string, key: string): void {
    this.stmts.delete.run(`${spaceId}:${key}`);
  }
}
