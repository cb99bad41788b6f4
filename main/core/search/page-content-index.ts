/**
 * Projections of page *content* (the `page/<id>` docs), kept in step with every change, local or
 * from the relay: the full-text search index (title + body), the links between pages
 * (backlinks) and per-page comment counts.
 *
 * Flow: DocStore.onUpdate → the page (or, for the `space` doc, the whole space) is marked
 * pending → at most every `debounceMs` (500 ms) the pending work is flushed in one SQLite
 * transaction per page. Queries flush first, so an answer never lags behind an edit already
 * committed; dispose flushes too.
 *
 * Invariants
 * - Only pages in the tree are searchable: an archived page, one below an archived page, and a
 *   page that is gone from the `space` doc have no search row. Links and counts are kept for
 *   every page the space knows; readers filter by the live tree.
 * - `search_state.clean` is 0 from the first pending change until the flush that leaves nothing
 *   pending; a crash in between leaves 0, and the next start rebuilds the space's index from the
 *   docs (as it does when the index is missing or its `version` is older). Everything here can be
 *   rebuilt from the docs; nothing is rebuilt from it.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type * as Y from 'yjs';
import type { SearchResult } from '../../../shared/api/contract';
import { SPACE_DOC_ID, pageDocId, pageIdOfDoc } from '../../../shared/model/doc-ids';
import { pageContent, readPageText } from '../../../shared/model/page';
import { readPages } from '../../../shared/model/space';
import { hiddenPageIds } from '../../../shared/model/tree';
import { extractPageLinks } from '../../../shared/model/links';
import { openThreadCount } from '../../../shared/model/comments';
import type { PageMeta } from '../../../shared/model/types';
import type { Clock } from '../../../shared/time';
import { createLogger } from '../../../shared/log/logger';
import type { DocStore } from '../docs/doc-store';
import type { Disposable } from '../lifecycle';
import { MARK_END, MARK_START, buildMatchQuery, indexableText, parseMarked } from './fts-query';

const log = createLogger('page-index');

/** Bump when what is indexed (or how) changes: every space is then rebuilt on next start. */
export const SEARCH_INDEX_VERSION = 1;
/** bm25 column weights: a title match counts ten times a body match. */
const TITLE_WEIGHT = 10;
const BODY_WEIGHT = 1;
const SNIPPET_TOKENS = 16;

export interface PageContentIndexOptions {
  db: BetterSqlite3.Database;
  docs: DocStore;
  clock: Clock;
  /** The space whose docs are indexed as they change. */
  currentSpace(): string | null;
  debounceMs?: number;
  /** A page's comment threads changed. */
  onCommentsChanged?(spaceId: string, pageId: string): void;
  /** Open-thread counts changed (the page list shows them). */
  onStatsChanged?(spaceId: string): void;
}

interface FlushContext {
  spaceId: string;
  pages: Map<string, PageMeta>;
  hidden: Set<string>;
  statsChanged: boolean;
}

export class PageContentIndex implements Disposable {
  private readonly db: BetterSqlite3.Database;
  private readonly docs: DocStore;
  private readonly debounceMs: number;
  private readonly pendingPages = new Map<string, Set<string>>();
  private readonly pendingSpaces = new Set<string>();
  private readonly dirtySpaces = new Set<string>();
  private readonly observed = new WeakSet<Y.Doc>();
  private readonly commentsDirty = new Set<string>();
  private readonly listener: Disposable;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  private readonly stmts;

  constructor(private readonly options: PageContentIndexOptions) {
    this.db = options.db;
    this.docs = options.docs;
    this.debounceMs = options.debounceMs ?? 500;
    const db = this.db;
    this.stmts = {
      state: db.prepare<[string], { version: number; clean: number }>('SELECT version, clean FROM search_state WHERE space_id = ?'),
      setState: db.prepare<[string, number, number, number]>(
        `INSERT INTO search_state (space_id, version, clean, built_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (space_id) DO UPDATE SET version = excluded.version, clean = excluded.clean, built_at = excluded.built_at`,
      ),
      setClean: db.prepare<[number, string]>('UPDATE search_state SET clean = ? WHERE space_id = ?'),
      item: db.prepare<[string, string, string], { id: number }>('SELECT id FROM search_items WHERE space_id = ? AND kind = ? AND item_id = ?'),
      insertItem: db.prepare<[string, string, string]>('INSERT INTO search_items (space_id, kind, item_id) VALUES (?, ?, ?)'),
      deleteItem: db.prepare<[number]>('DELETE FROM search_items WHERE id = ?'),
      insertFts: db.prepare<[number, string, string]>('INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)'),
      updateFts: db.prepare<[string, string, number]>('UPDATE search_fts SET title = ?, body = ? WHERE rowid = ?'),
      updateTitle: db.prepare<[string, number]>('UPDATE search_fts SET title = ? WHERE rowid = ?'),
      deleteFts: db.prepare<[number]>('DELETE FROM search_fts WHERE rowid = ?'),
      indexedPages: db.prepare<[string], { id: number; item_id: string; title: string }>(
        `SELECT i.id, i.item_id, f.title FROM search_items i JOIN search_fts f ON f.rowid = i.id
         WHERE i.space_id = ? AND i.kind = 'page'`,
      ),
      spaceItems: db.prepare<[string], { id: number }>('SELECT id FROM search_items WHERE space_id = ?'),
      deleteSpaceItems: db.prepare<[string]>('DELETE FROM search_items WHERE space_id = ?'),
      stats: db.prepare<[string, string], { open_threads: number }>('SELECT open_threads FROM page_stats WHERE space_id = ? AND page_id = ?'),
      allStats: db.prepare<[string], { page_id: string; open_threads: number }>('SELECT page_id, open_threads FROM page_stats WHERE space_id = ?'),
      upsertStats: db.prepare<[string, string, number, number, number]>(
        `INSERT INTO page_stats (space_id, page_id, open_threads, threads, indexed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (space_id, page_id) DO UPDATE SET open_threads = excluded.open_threads, threads = excluded.threads,
           indexed_at = excluded.indexed_at`,
      ),
      deleteStats: db.prepare<[string, string]>('DELETE FROM page_stats WHERE space_id = ? AND page_id = ?'),
      deleteSpaceStats: db.prepare<[string]>('DELETE FROM page_stats WHERE space_id = ?'),
      deleteLinksFrom: db.prepare<[string, string]>('DELETE FROM page_links WHERE space_id = ? AND from_id = ?'),
      deleteSpaceLinks: db.prepare<[string]>('DELETE FROM page_links WHERE space_id = ?'),
      insertLink: db.prepare<[string, string, string]>('INSERT OR IGNORE INTO page_links (space_id, from_id, to_id) VALUES (?, ?, ?)'),
      linksTo: db.prepare<[string, string], { from_id: string }>('SELECT from_id FROM page_links WHERE space_id = ? AND to_id = ? ORDER BY from_id'),
      search: db.prepare<[string, string, string, string, string, string, number], { item_id: string; kind: string; title_hl: string; body_snip: string }>(
        `SELECT i.item_id, i.kind,
                highlight(search_fts, 0, ?, ?) AS title_hl,
                snippet(search_fts, 1, ?, ?, '…', ${SNIPPET_TOKENS}) AS body_snip
         FROM search_fts JOIN search_items i ON i.id = search_fts.rowid
         WHERE search_fts MATCH ? AND i.space_id = ?
         ORDER BY bm25(search_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT}), i.item_id
         LIMIT ?`,
      ),
    };
    this.listener = this.docs.onUpdate((id) => this.onUpdate(id));
  }

  // --- change tracking -----------------------------------------------------------------------

  private onUpdate(storageId: string): void {
    const spaceId = this.options.currentSpace();
    if (this.disposed || !spaceId || !storageId.startsWith(spaceId + '/')) return;
    const docId = storageId.slice(spaceId.length + 1);
    if (docId === SPACE_DOC_ID) {
      this.pendingSpaces.add(spaceId);
    } else {
      const pageId = pageIdOfDoc(docId);
      if (!pageId) return;
      this.observeComments(spaceId, pageId);
      let set = this.pendingPages.get(spaceId);
      if (!set) this.pendingPages.set(spaceId, (set = new Set()));
      set.add(pageId);
    }
    this.markDirty(spaceId);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flushSafely();
    }, this.debounceMs);
  }

  /**
   * Comment changes are seen by observing the page's `comments` map. The update that first
   * brings a doc here has already been observed by nobody, so it counts as a change.
   */
  private observeComments(spaceId: string, pageId: string): void {
    const doc = this.docs.get(`${spaceId}/${pageDocId(pageId)}`);
    if (this.observed.has(doc)) return;
    this.observed.add(doc);
    this.commentsDirty.add(`${spaceId}/${pageId}`);
    doc.getMap('comments').observeDeep(() => this.commentsDirty.add(`${spaceId}/${pageId}`));
  }

  private markDirty(spaceId: string): void {
    if (this.dirtySpaces.has(spaceId)) return;
    this.dirtySpaces.add(spaceId);
    const state = this.stmts.state.get(spaceId);
    if (state) this.stmts.setClean.run(0, spaceId);
    else this.stmts.setState.run(spaceId, SEARCH_INDEX_VERSION, 0, this.options.clock.now());
  }

  private flushSafely(): void {
    try {
      this.flush();
    } catch (error) {
      log.error('indexing failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }

  /** Indexes everything pending now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const spaces = new Set([...this.pendingSpaces, ...this.pendingPages.keys()]);
    for (const spaceId of spaces) {
      const pageIds = [...(this.pendingPages.get(spaceId) ?? [])];
      const reconcile = this.pendingSpaces.has(spaceId);
      this.pendingPages.delete(spaceId);
      this.pendingSpaces.delete(spaceId);
      const ctx = this.context(spaceId);
      if (reconcile) this.reconcile(ctx);
      for (const pageId of pageIds) this.indexPage(ctx, pageId);
      if (ctx.statsChanged) this.options.onStatsChanged?.(spaceId);
    }
    if (this.pendingPages.size === 0 && this.pendingSpaces.size === 0) {
      for (const spaceId of this.dirtySpaces) this.stmts.setClean.run(1, spaceId);
      this.dirtySpaces.clear();
    }
  }

  /** Indexes one page now (after a command here changed it, so events go out at once). */
  flushPage(spaceId: string, pageId: string): void {
    this.pendingPages.get(spaceId)?.delete(pageId);
    const ctx = this.context(spaceId);
    this.indexPage(ctx, pageId);
    if (ctx.statsChanged) this.options.onStatsChanged?.(spaceId);
  }

  private context(spaceId: string): FlushContext {
    const pages = readPages(this.docs.get(`${spaceId}/${SPACE_DOC_ID}`));
    return { spaceId, pages: new Map(pages.map((p) => [p.id, p])), hidden: hiddenPageIds(pages), statsChanged: false };
  }

  // --- writing -------------------------------------------------------------------------------

  private indexPage(ctx: FlushContext, pageId: string): void {
    const { spaceId } = ctx;
    const meta = ctx.pages.get(pageId);
    const key = `${spaceId}/${pageId}`;
    if (!meta) {
      // Not (or no longer) in the space: nothing of it is searchable or linked.
      this.db.transaction(() => this.removePage(spaceId, pageId))();
      ctx.statsChanged = true;
      this.commentsDirty.delete(key);
      return;
    }
    const doc = this.docs.get(`${spaceId}/${pageDocId(pageId)}`);
    const body = indexableText(readPageText(doc));
    const links = extractPageLinks(pageContent(doc)).filter((id) => id !== pageId);
    const open = openThreadCount(doc);
    const threads = doc.getMap('comments').size;
    const before = this.stmts.stats.get(spaceId, pageId);
    this.db.transaction(() => {
      this.stmts.upsertStats.run(spaceId, pageId, open, threads, this.options.clock.now());
      this.stmts.deleteLinksFrom.run(spaceId, pageId);
      for (const to of links) this.stmts.insertLink.run(spaceId, pageId, to);
      if (ctx.hidden.has(pageId)) this.removeSearch(spaceId, pageId);
      else this.upsertSearch(spaceId, pageId, indexableText(meta.title), body);
    })();
    if ((before?.open_threads ?? 0) !== open) ctx.statsChanged = true;
    if (this.commentsDirty.delete(key)) this.options.onCommentsChanged?.(spaceId, pageId);
  }

  private upsertSearch(spaceId: string, pageId: string, title: string, body: string): void {
    const item = this.stmts.item.get(spaceId, 'page', pageId);
    if (item) {
      this.stmts.updateFts.run(title, body, item.id);
      return;
    }
    const id = Number(this.stmts.insertItem.run(spaceId, 'page', pageId).lastInsertRowid);
    this.stmts.insertFts.run(id, title, body);
  }

  private removeSearch(spaceId: string, pageId: string): void {
    const item = this.stmts.item.get(spaceId, 'page', pageId);
    if (!item) return;
    this.stmts.deleteFts.run(item.id);
    this.stmts.deleteItem.run(item.id);
  }

  private removePage(spaceId: string, pageId: string): void {
    this.removeSearch(spaceId, pageId);
    this.stmts.deleteLinksFrom.run(spaceId, pageId);
    this.stmts.deleteStats.run(spaceId, pageId);
  }

  /**
   * After a `space` doc change: pages that left the space or the tree leave the index, pages
   * that joined are indexed from their docs, renamed pages get their new title.
   */
  private reconcile(ctx: FlushContext): void {
    const { spaceId } = ctx;
    const stats = new Set(this.stmts.allStats.all(spaceId).map((r) => r.page_id));
    const toIndex = new Set<string>();
    this.db.transaction(() => {
      for (const pageId of stats) {
        if (!ctx.pages.has(pageId)) {
          this.removePage(spaceId, pageId);
          ctx.statsChanged = true;
        }
      }
      const indexed = new Set<string>();
      for (const row of this.stmts.indexedPages.all(spaceId)) {
        const meta = ctx.pages.get(row.item_id);
        if (!meta || ctx.hidden.has(row.item_id)) {
          this.stmts.deleteFts.run(row.id);
          this.stmts.deleteItem.run(row.id);
          continue;
        }
        indexed.add(row.item_id);
        const title = indexableText(meta.title);
        if (row.title !== title) this.stmts.updateTitle.run(title, row.id);
      }
      for (const [pageId] of ctx.pages) {
        if (!stats.has(pageId) || (!ctx.hidden.has(pageId) && !indexed.has(pageId))) toIndex.add(pageId);
      }
    })();
    for (const pageId of toIndex) this.indexPage(ctx, pageId);
  }

  /** Drops and rebuilds the space's index, links and counts from its docs. */
  rebuild(spaceId: string): void {
    const started = performance.now();
    this.pendingPages.delete(spaceId);
    this.pendingSpaces.delete(spaceId);
    this.db.transaction(() => {
      for (const { id } of this.stmts.spaceItems.all(spaceId)) this.stmts.deleteFts.run(id);
      this.stmts.deleteSpaceItems.run(spaceId);
      this.stmts.deleteSpaceLinks.run(spaceId);
      this.stmts.deleteSpaceStats.run(spaceId);
    })();
    const ctx = this.context(spaceId);
    for (const pageId of ctx.pages.keys()) this.indexPage(ctx, pageId);
    this.dirtySpaces.delete(spaceId);
    this.stmts.setState.run(spaceId, SEARCH_INDEX_VERSION, 1, this.options.clock.now());
    log.info('search index rebuilt', { spaceId, pages: ctx.pages.size, ms: Math.round(performance.now() - started) });
  }

  /** Rebuilds the space's index if it is missing, from an older format, or was left unclean. */
  ensureBuilt(spaceId: string): boolean {
    const state = this.stmts.state.get(spaceId);
    if (state && state.version === SEARCH_INDEX_VERSION && state.clean === 1) return false;
    this.rebuild(spaceId);
    return true;
  }

  // --- reading -------------------------------------------------------------------------------

  /** Ranked matches (title weighted above body) with highlighted title and body snippet. */
  search(spaceId: string, q: string, limit = 20): SearchResult[] {
    this.flush();
    const match = buildMatchQuery(q);
    if (!match) return [];
    const rows = this.stmts.search.all(MARK_START, MARK_END, MARK_START, MARK_END, match, spaceId, limit);
    return rows.map((row) => {
      const titleSegments = parseMarked(row.title_hl ?? '');
      return {
        kind: 'page' as const,
        id: row.item_id,
        title: titleSegments.map((s) => s.text).join(''),
        titleSegments,
        snippet: parseMarked(row.body_snip ?? ''),
      };
    });
  }

  /** Ids of pages whose content links to `pageId` (any page the space knows; filter by tree). */
  linksTo(spaceId: string, pageId: string): string[] {
    this.flush();
    return this.stmts.linksTo.all(spaceId, pageId).map((r) => r.from_id);
  }

  /** Open comment threads per page (pages with none may be missing). */
  openThreads(spaceId: string): Map<string, number> {
    return new Map(this.stmts.allStats.all(spaceId).map((r) => [r.page_id, r.open_threads]));
  }

  dispose(): void {
    if (this.disposed) return;
    this.listener.dispose();
    this.flushSafely();
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
