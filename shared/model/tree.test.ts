/**
 * The page tree: resolution of the parent graph, moves, archive/restore, and convergence of
 * concurrent moves on several replicas (two- and three-doc scenarios plus a seeded property).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PageMeta } from './types';
import { createPage, readPages, renamePage } from './space';
import { breadcrumb, childrenOf, hiddenPageIds, orderBetween, resolveTree, visiblePages } from './tree';
import { archivePage, movePage, restorePage, updatePage } from './tree-commands';
import { PageError } from './tree-errors';

const ORIGIN = { kind: 'local' };

function meta(id: string, parentId: string | null, extra: Partial<PageMeta> = {}): PageMeta {
  return {
    id,
    title: id,
    parentId,
    order: 1,
    icon: '',
    ownerId: 'm',
    reviewEveryDays: 90,
    verifiedAt: null,
    verifiedBy: null,
    archived: false,
    createdAt: 0,
    createdBy: 'm',
    updatedAt: 0,
    updatedBy: 'm',
    ...extra,
  };
}

const parents = (pages: PageMeta[]) => Object.fromEntries(pages.map((p) => [p.id, p.parentId]));

function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), { kind: 'remote' });
}

function syncAll(docs: Y.Doc[]): void {
  for (const a of docs) for (const b of docs) if (a !== b) sync(a, b);
}

/** Each page reaches the root in at most n steps (no cycles), and none is missing. */
function expectTree(pages: PageMeta[], ids: string[]): void {
  expect(pages.map((p) => p.id).sort()).toEqual([...ids].sort());
  const byId = new Map(pages.map((p) => [p.id, p]));
  for (const page of pages) {
    let at: PageMeta | undefined = page;
    let steps = 0;
    while (at && at.parentId !== null) {
      at = byId.get(at.parentId);
      expect(at, `parent of a page exists`).toBeDefined();
      expect(++steps).toBeLessThanOrEqual(pages.length);
    }
  }
}

function newSpace(ids: string[]): Y.Doc {
  const doc = new Y.Doc();
  for (const id of ids) createPage(doc, { id, title: id.toUpperCase(), parentId: null, by: 'm', now: 1 }, ORIGIN);
  return doc;
}

function replicas(seed: Y.Doc, n: number): Y.Doc[] {
  const docs = [seed];
  for (let i = 1; i < n; i++) {
    const doc = new Y.Doc();
    sync(seed, doc);
    docs.push(doc);
  }
  return docs;
}

describe('resolveTree', () => {
  it('keeps a tree as it is', () => {
    const pages = [meta('a', null), meta('b', 'a'), meta('c', 'b')];
    expect(resolveTree(pages)).toEqual(pages);
  });

  it('treats a missing parent and a self-parent as the root', () => {
    expect(parents(resolveTree([meta('a', 'gone'), meta('b', 'b'), meta('c', 'a')]))).toEqual({ a: null, b: null, c: 'a' });
  });

  it('breaks each cycle at its smallest id, keeping the rest of the cycle below it', () => {
    const resolved = resolveTree([meta('y', 'x'), meta('x', 'z'), meta('z', 'y'), meta('k', 'y'), meta('q', 'r'), meta('r', 'q')]);
    expect(parents(resolved)).toEqual({ x: null, y: 'x', z: 'y', k: 'y', q: null, r: 'q' });
  });

  it('resolves the same way whatever order the pages come in', () => {
    const pages = [meta('b', 'c'), meta('c', 'a'), meta('a', 'b'), meta('d', 'a')];
    const expected = parents(resolveTree(pages));
    expect(parents(resolveTree([...pages].reverse()))).toEqual(expected);
    expect(parents(resolveTree([pages[2], pages[0], pages[3], pages[1]]))).toEqual(expected);
  });

  it('hides archived pages and everything below them', () => {
    const pages = [meta('a', null), meta('b', 'a', { archived: true }), meta('c', 'b'), meta('d', 'c'), meta('e', 'a')];
    expect([...hiddenPageIds(pages)].sort()).toEqual(['b', 'c', 'd']);
    expect(visiblePages(pages).map((p) => p.id)).toEqual(['a', 'e']);
  });

  it('gives breadcrumbs root first, ending with the page', () => {
    const pages = [meta('a', null), meta('b', 'a'), meta('c', 'b')];
    expect(breadcrumb(pages, 'c').map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(breadcrumb(pages, 'a').map((p) => p.id)).toEqual(['a']);
    expect(breadcrumb(pages, 'nope')).toEqual([]);
  });

  it('finds a key between two neighbours, or says there is no room', () => {
    expect(orderBetween(null, null)).toBe(1);
    expect(orderBetween(3, null)).toBe(4);
    expect(orderBetween(null, 3)).toBe(2);
    expect(orderBetween(1, 2)).toBe(1.5);
    expect(orderBetween(1, 1 + Number.EPSILON)).toBeNull();
  });
});

describe('page tree commands', () => {
  it('moves a page under a parent, before/after a sibling and to an index', () => {
    const doc = newSpace(['a', 'b', 'c', 'd']);
    movePage(doc, { id: 'd', parentId: 'a', by: 'm', now: 2 }, ORIGIN);
    movePage(doc, { id: 'c', parentId: 'a', position: { beforeId: 'd' }, by: 'm', now: 2 }, ORIGIN);
    movePage(doc, { id: 'b', parentId: 'a', position: { afterId: 'c' }, by: 'm', now: 2 }, ORIGIN);
    const kids = () => childrenOf(readPages(doc), 'a').map((p) => p.id);
    expect(kids()).toEqual(['c', 'b', 'd']);
    movePage(doc, { id: 'd', parentId: 'a', position: { index: 0 }, by: 'm', now: 2 }, ORIGIN);
    expect(kids()).toEqual(['d', 'c', 'b']);
    movePage(doc, { id: 'c', parentId: null, position: { index: 0 }, by: 'm', now: 2 }, ORIGIN);
    expect(childrenOf(readPages(doc), null).map((p) => p.id)).toEqual(['c', 'a']);
  });

  it('reorders within a parent, renumbering when the gap runs out', () => {
    const doc = newSpace(['a', 'b', 'c']);
    // Repeatedly inserting right after 'a' halves the gap until floating point runs out.
    for (let i = 0; i < 80; i++) movePage(doc, { id: i % 2 ? 'b' : 'c', parentId: null, position: { afterId: 'a' }, by: 'm', now: 2 }, ORIGIN);
    const top = childrenOf(readPages(doc), null);
    expect(top.map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(new Set(top.map((p) => p.order)).size).toBe(3);
  });

  it('refuses moves into the page itself, its subtree, an archived page or next to a stranger', () => {
    const doc = newSpace(['a', 'b', 'c']);
    movePage(doc, { id: 'b', parentId: 'a', by: 'm', now: 2 }, ORIGIN);
    const attempt = (input: Parameters<typeof movePage>[1]) => {
      try {
        movePage(doc, input, ORIGIN);
        return null;
      } catch (error) {
        return (error as PageError).code;
      }
    };
    expect(attempt({ id: 'a', parentId: 'b', by: 'm', now: 3 })).toBe('conflict');
    expect(attempt({ id: 'a', parentId: 'a', by: 'm', now: 3 })).toBe('conflict');
    expect(attempt({ id: 'a', parentId: 'nope', by: 'm', now: 3 })).toBe('not_found');
    expect(attempt({ id: 'c', parentId: 'a', position: { beforeId: 'a' }, by: 'm', now: 3 })).toBe('invalid');
    archivePage(doc, { id: 'c', by: 'm', now: 3 }, ORIGIN);
    expect(attempt({ id: 'a', parentId: 'c', by: 'm', now: 3 })).toBe('conflict');
  });

  it('archives a page with its subtree and restores them together', () => {
    const doc = newSpace(['a', 'b', 'c']);
    movePage(doc, { id: 'b', parentId: 'a', by: 'm', now: 2 }, ORIGIN);
    movePage(doc, { id: 'c', parentId: 'b', by: 'm', now: 2 }, ORIGIN);
    archivePage(doc, { id: 'a', by: 'x', now: 5 }, ORIGIN);
    expect(visiblePages(readPages(doc))).toEqual([]);
    expect(readPages(doc)).toHaveLength(3); // nothing is lost
    restorePage(doc, { id: 'a', by: 'x', now: 6 }, ORIGIN);
    expect(parents(visiblePages(readPages(doc)))).toEqual({ a: null, b: 'a', c: 'b' });
  });

  it('restores a page whose parent is still archived at the top level', () => {
    const doc = newSpace(['a', 'b', 'c']);
    movePage(doc, { id: 'b', parentId: 'a', by: 'm', now: 2 }, ORIGIN);
    archivePage(doc, { id: 'b', by: 'm', now: 3 }, ORIGIN);
    archivePage(doc, { id: 'a', by: 'm', now: 4 }, ORIGIN);
    restorePage(doc, { id: 'b', by: 'm', now: 5 }, ORIGIN);
    const visible = visiblePages(readPages(doc));
    expect(parents(visible)).toEqual({ b: null, c: null });
    expect(visible.map((p) => p.id)).toEqual(['c', 'b']);
  });

  it('keeps a concurrent rename and move of one page', () => {
    const [a, b] = replicas(newSpace(['x', 'y']), 2);
    renamePage(a, { id: 'x', title: 'Renamed', by: 'm', now: 2 }, ORIGIN);
    movePage(b, { id: 'x', parentId: 'y', by: 'm', now: 2 }, ORIGIN);
    syncAll([a, b]);
    for (const doc of [a, b]) expect(readPages(doc).find((p) => p.id === 'x')).toMatchObject({ title: 'Renamed', parentId: 'y' });
  });

  it('updates icon, owner and review interval without touching the rest', () => {
    const doc = newSpace(['a']);
    updatePage(doc, { id: 'a', icon: '📘', by: 'm', now: 2 }, ORIGIN);
    updatePage(doc, { id: 'a', ownerId: 'z', reviewEveryDays: null, by: 'm', now: 3 }, ORIGIN);
    expect(readPages(doc)[0]).toMatchObject({ icon: '📘', ownerId: 'z', reviewEveryDays: null, title: 'A' });
  });
});

describe('concurrent moves', () => {
  it('A moves X under Y while B moves Y under X: both replicas show the same tree, no cycle', () => {
    const [a, b] = replicas(newSpace(['x', 'y']), 2);
    movePage(a, { id: 'x', parentId: 'y', by: 'ma', now: 2 }, ORIGIN);
    movePage(b, { id: 'y', parentId: 'x', by: 'mb', now: 2 }, ORIGIN);
    syncAll([a, b]);
    const resolved = readPages(a);
    expect(readPages(b)).toEqual(resolved);
    // x < y, so x is re-rooted and y stays under it.
    expect(parents(resolved)).toEqual({ x: null, y: 'x' });
    expectTree(resolved, ['x', 'y']);
  });

  it('three replicas closing a three-cycle agree, whatever order the updates arrive in', () => {
    const [a, b, c] = replicas(newSpace(['p', 'q', 'r', 's']), 3);
    movePage(a, { id: 'p', parentId: 'q', by: 'ma', now: 2 }, ORIGIN);
    movePage(b, { id: 'q', parentId: 'r', by: 'mb', now: 2 }, ORIGIN);
    movePage(c, { id: 'r', parentId: 'p', by: 'mc', now: 2 }, ORIGIN);
    movePage(c, { id: 's', parentId: 'q', by: 'mc', now: 2 }, ORIGIN);
    const updates = [a, b, c].map((d) => Y.encodeStateAsUpdate(d));
    const orders = [
      [0, 1, 2],
      [2, 1, 0],
      [1, 2, 0],
    ];
    const results = orders.map((order) => {
      const doc = new Y.Doc();
      for (const i of order) Y.applyUpdate(doc, updates[i]);
      return readPages(doc);
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect(parents(results[0])).toEqual({ p: null, r: 'p', q: 'r', s: 'q' });
    expectTree(results[0], ['p', 'q', 'r', 's']);
  });

  it('property: random moves on several replicas, merged in random orders → one acyclic tree, no page lost', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('move' as const),
        replica: fc.nat(2),
        id: fc.constantFrom(...ids),
        parent: fc.option(fc.constantFrom(...ids), { nil: null }),
        index: fc.nat(6),
      }),
      fc.record({ kind: fc.constant('sync' as const), from: fc.nat(2), to: fc.nat(2) }),
      fc.record({ kind: fc.constant('archive' as const), replica: fc.nat(2), id: fc.constantFrom(...ids), restore: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.array(fc.tuple(fc.nat(2), fc.nat(2)), { maxLength: 12 }), (ops, finalOrder) => {
        const docs = replicas(newSpace(ids), 3);
        for (const o of ops) {
          if (o.kind === 'sync') {
            if (o.from !== o.to) sync(docs[o.from], docs[o.to]);
            continue;
          }
          try {
            if (o.kind === 'move') movePage(docs[o.replica], { id: o.id, parentId: o.parent, position: { index: o.index }, by: 'm', now: 2 }, ORIGIN);
            else if (o.restore) restorePage(docs[o.replica], { id: o.id, by: 'm', now: 2 }, ORIGIN);
            else archivePage(docs[o.replica], { id: o.id, by: 'm', now: 2 }, ORIGIN);
          } catch (error) {
            if (!(error instanceof PageError)) throw error; // refused locally: fine
          }
        }
        // Random partial merges first, then everyone hears from everyone.
        for (const [from, to] of finalOrder) if (from !== to) sync(docs[from], docs[to]);
        syncAll(docs);
        const trees = docs.map((d) => readPages(d));
        expect(trees[1]).toEqual(trees[0]);
        expect(trees[2]).toEqual(trees[0]);
        expectTree(trees[0], ids);
        // Hidden = archived itself or below an archived page (checked the slow way).
        const byId = new Map(trees[0].map((p) => [p.id, p]));
        const hidden = hiddenPageIds(trees[0]);
        for (const page of trees[0]) {
          let at: PageMeta | undefined = page;
          let archived = false;
          while (at && !archived) {
            archived = at.archived;
            at = at.parentId === null ? undefined : byId.get(at.parentId);
          }
          expect(hidden.has(page.id)).toBe(archived);
        }
        expect(visiblePages(trees[0]).length + hidden.size).toBe(ids.length);
      }),
      { seed: 20240611, numRuns: 300 },
    );
  });
});
