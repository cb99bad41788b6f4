import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPage, readPages, renamePage } from '../../../shared/model/space';
import { openDatabase } from '../storage/database';
import { PagesProjection } from './pages-projection';

const SPACE = 'space-1';

describe('PagesProjection', () => {
  let dir: string;
  let db: BetterSqlite3.Database;
  let doc: Y.Doc;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-projection-'));
    db = openDatabase(dir);
    doc = new Y.Doc();
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const rows = () => db.prepare('SELECT id, title, parent_id AS parentId, archived FROM pages WHERE space_id = ? ORDER BY id').all(SPACE);
  const expected = () =>
    readPages(doc)
      .map((p) => ({ id: p.id, title: p.title, parentId: p.parentId, archived: p.archived ? 1 : 0 }))
      .sort((a, b) => a.id.localeCompare(b.id));
  /** Rows inserted, replaced or deleted by one rebuild. */
  const writesOf = (projection: PagesProjection) => {
    const before = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    projection.rebuild(SPACE, doc);
    return (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n - before;
  };

  it('writes only the pages that changed since its last rebuild', () => {
    const projection = new PagesProjection(db);
    for (let i = 0; i < 50; i++) createPage(doc, { id: `p${String(i).padStart(2, '0')}`, title: `Page ${i}`, parentId: i % 5 ? 'p00' : null, by: 'ada', now: i }, null);
    expect(writesOf(projection)).toBe(50); // the first rebuild clears the space (empty here), then writes every page
    expect(rows()).toEqual(expected());

    renamePage(doc, { id: 'p07', title: 'Renamed', by: 'ada', now: 100 }, null);
    expect(writesOf(projection)).toBe(1);
    expect(projection.get(SPACE, 'p07')?.title).toBe('Renamed');

    expect(writesOf(projection)).toBe(0);

    // A page that leaves the doc leaves the table; one whose parent left moves to the root.
    doc.getMap('pages').delete('p00'); // as a teammate's (hypothetical) hard delete would arrive
    expect(writesOf(projection)).toBeGreaterThan(1);
    expect(rows()).toEqual(expected());
    expect(projection.get(SPACE, 'p00')).toBeNull();
    expect(projection.get(SPACE, 'p01')?.parentId).toBeNull();
  });

  it('does not trust rows it did not write: a new instance rewrites the space', () => {
    createPage(doc, { id: 'kept', title: 'Kept', parentId: null, by: 'ada', now: 1 }, null);
    db.prepare(`INSERT INTO pages (space_id, id, title, parent_id, sort_order, icon, owner_id, archived, meta, updated_at)
      VALUES (?, 'ghost', 'Ghost', NULL, 1, '', 'ada', 0, '{}', 0)`).run(SPACE);
    new PagesProjection(db).rebuild(SPACE, doc);
    expect(rows()).toEqual(expected());
  });

  it('forgets what it wrote when a rebuild fails, and the next one rewrites everything', () => {
    const projection = new PagesProjection(db);
    createPage(doc, { id: 'a', title: 'A', parentId: null, by: 'ada', now: 1 }, null);
    projection.rebuild(SPACE, doc);
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON pages WHEN NEW.title = 'Boom' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    renamePage(doc, { id: 'a', title: 'Boom', by: 'ada', now: 2 }, null);
    expect(() => projection.rebuild(SPACE, doc)).toThrow(/refused/);
    db.exec('DROP TRIGGER refuse');
    expect(projection.get(SPACE, 'a')?.title).toBe('A'); // the failed transaction rolled back
    expect(writesOf(projection)).toBe(1 + 1);
    expect(projection.get(SPACE, 'a')?.title).toBe('Boom');
  });
});
