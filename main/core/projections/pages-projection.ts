/**
 * Keeps the `pages` table in step with the `space` doc's pages index, so lists and (later)
 * search are SQL queries. The table can always be rebuilt from the doc; never the reverse.
 *
 * `rebuild` runs after every change of the space doc. It resolves the whole index (cheap, in
 * memory) but writes only the rows that differ from what it last wrote, which it remembers per
 * space: a rename rewrites one row, not every page of the space. The first rebuild of a space in
 * this process (and any after a failed one) rewrites all of them, so the table never trusts a
 * memory it does not have.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type * as Y from 'yjs';
import type { PageMeta } from '../../../shared/model/types';
import { readPages } from '../../../shared/model/space';

interface PageRow {
  meta: string;
}

export class PagesProjection {
  private readonly deleteAll;
  private readonly deleteOne;
  private readonly upsert;
  /** Space → page id → the `meta` JSON last written for it. */
  private readonly written = new Map<string, Map<string, string>>();
  private readonly selectAll;
  private readonly selectOne;

  constructor(private readonly db: BetterSqlite3.Database) {
    this.deleteAll = db.prepare<[string]>('DELETE FROM pages WHERE space_id = ?');
    this.deleteOne = db.prepare<[string, string]>('DELETE FROM pages WHERE space_id = ? AND id = ?');
    this.upsert = db.prepare<[string, string, string, string | null, number, string, string, number, string, number]>(
      `INSERT OR REPLACE INTO pages (space_id, id, title, parent_id, sort_order, icon, owner_id, archived, meta, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectAll = db.prepare<[string], PageRow>(
      'SELECT meta FROM pages WHERE space_id = ? ORDER BY parent_id IS NOT NULL, parent_id, sort_order, id',
    );
    this.selectOne = db.prepare<[string, string], PageRow>('SELECT meta FROM pages WHERE space_id = ? AND id = ?');
  }

  /** Brings the space's rows in line with the doc, in one transaction. */
  rebuild(spaceId: string, spaceDoc: Y.Doc): void {
    const pages = readPages(spaceDoc);
    const previous = this.written.get(spaceId);
    this.written.delete(spaceId); // until this transaction commits, what was written is unknown
    const next = new Map<string, string>();
    this.db.transaction(() => {
      if (!previous) this.deleteAll.run(spaceId);
      for (const p of pages) {
        const meta = JSON.stringify(p);
        next.set(p.id, meta);
        if (previous?.get(p.id) === meta) continue;
        this.upsert.run(spaceId, p.id, p.title, p.parentId, p.order, p.icon, p.ownerId, p.archived ? 1 : 0, meta, p.updatedAt);
      }
      if (previous) for (const id of previous.keys()) if (!next.has(id)) this.deleteOne.run(spaceId, id);
    })();
    this.written.set(spaceId, next);
  }

  list(spaceId: string): PageMeta[] {
    return this.selectAll.all(spaceId).map((row) => JSON.parse(row.meta) as PageMeta);
  }

  get(spaceId: string, id: string): PageMeta | null {
    const row = this.selectOne.get(spaceId, id);
    return row ? (JSON.parse(row.meta) as PageMeta) : null;
  }
}
