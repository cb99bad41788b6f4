/**
 * Keeps the `pages` table in step with the `space` doc's pages index, so lists and (later)
 * search are SQL queries. The table can always be rebuilt from the doc; never the reverse.
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
  private readonly insert;
  private readonly selectAll;
  private readonly selectOne;

  constructor(private readonly db: BetterSqlite3.Database) {
    this.deleteAll = db.prepare<[string]>('DELETE FROM pages WHERE space_id = ?');
    this.insert = db.prepare<[string, string, string, string | null, number, string, string, number, string, number]>(
      `INSERT INTO pages (space_id, id, title, parent_id, sort_order, icon, owner_id, archived, meta, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectAll = db.prepare<[string], PageRow>(
      'SELECT meta FROM pages WHERE space_id = ? ORDER BY parent_id IS NOT NULL, parent_id, sort_order, id',
    );
    this.selectOne = db.prepare<[string, string], PageRow>('SELECT meta FROM pages WHERE space_id = ? AND id = ?');
  }

  /** Rebuilds the space's rows from the doc in one transaction. */
  rebuild(spaceId: string, spaceDoc: Y.Doc): void {
    const pages = readPages(spaceDoc);
    this.db.transaction(() => {
      this.deleteAll.run(spaceId);
      for (const p of pages) {
        this.insert.run(spaceId, p.id, p.title, p.parentId, p.order, p.icon, p.ownerId, p.archived ? 1 : 0, JSON.stringify(p), p.updatedAt);
      }
    })();
  }

  list(spaceId: string): PageMeta[] {
    return this.selectAll.all(spaceId).map((row) => JSON.parse(row.meta) as PageMeta);
  }

  get(spaceId: string, id: string): PageMeta | null {
    const row = this.selectOne.get(spaceId, id);
    return row ? (JSON.parse(row.meta) as PageMeta) : null;
  }
}
