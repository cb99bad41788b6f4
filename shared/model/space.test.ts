/**
 * `createPage` places a page after its siblings from an index kept in step with the doc
 * (`SiblingOrders` in space.ts). These tests compare every placement with the definition it
 * replaces — one more than the largest order among the live pages whose resolved parent is the
 * new page's parent, read from the whole pages index — through random histories: moves that
 * close cycles, missing and self parents, archives, order rewrites, removals, concurrent replicas
 * merged in either order, commands composed in one transaction, creations from an observer.
 */
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Prng } from '../../test/support/prng';
import { createPage, readPages } from './space';
import { archivePage, movePage, restorePage } from './tree-commands';

const ORIGIN = { kind: 'local' };

/** The placement rule as it was computed before the index: from the whole resolved pages index. */
function referenceOrder(doc: Y.Doc, parentId: string | null): number {
  const siblings = readPages(doc).filter((p) => p.parentId === parentId && !p.archived);
  return siblings.reduce((max, p) => Math.max(max, p.order), 0) + 1;
}

const pagesOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('pages');

/** Creates a page and checks its order against the reference, computed on the same state. */
function createChecked(doc: Y.Doc, id: string, parentId: string | null): void {
  const expected = referenceOrder(doc, parentId);
  const page = createPage(doc, { id, title: id, parentId, by: 'm', now: 1 }, ORIGIN);
  expect(page.order, `order of ${id} under ${parentId}`).toBe(expected);
  expect(page.parentId).toBe(parentId);
  expect(pagesOf(doc).get(id)?.get('order')).toBe(expected);
}

describe('createPage placement', () => {
  it('puts a page after its live siblings, under the resolved parent', () => {
    const doc = new Y.Doc();
    createChecked(doc, 'a', null);
    createChecked(doc, 'b', null);
    createChecked(doc, 'a1', 'a');
    createChecked(doc, 'a2', 'a');
    expect(readPages(doc).map((p) => [p.id, p.order])).toEqual([
      ['a', 1],
      ['a1', 1],
      ['a2', 2],
      ['b', 2],
    ]);
    // Archived siblings do not count; a page under a missing parent sits at the top level.
    archivePage(doc, { id: 'b', by: 'm', now: 2 }, ORIGIN);
    createChecked(doc, 'c', null);
    expect(pagesOf(doc).get('c')?.get('order')).toBe(2);
    doc.transact(() => pagesOf(doc).get('a2')!.set('parentId', 'gone'), ORIGIN);
    doc.transact(() => pagesOf(doc).get('a2')!.set('order', 10), ORIGIN);
    createChecked(doc, 'd', null);
    expect(pagesOf(doc).get('d')?.get('order')).toBe(11);
    // Under a parent that does not exist nothing is a sibling.
    createChecked(doc, 'e', 'gone');
    expect(pagesOf(doc).get('e')?.get('order')).toBe(1);
  });

  it('counts the page a cycle re-roots among the top-level pages, not its stored parent’s children', () => {
    const doc = new Y.Doc();
    for (const id of ['x', 'y', 'z']) createChecked(doc, id, null);
    // Concurrent moves left x → y → x: x (smallest id) is re-rooted, y stays under x.
    doc.transact(() => {
      pagesOf(doc).get('x')!.set('parentId', 'y');
      pagesOf(doc).get('x')!.set('order', 7);
      pagesOf(doc).get('y')!.set('parentId', 'x');
      pagesOf(doc).get('y')!.set('order', 5);
    }, ORIGIN);
    createChecked(doc, 'top', null);
    expect(pagesOf(doc).get('top')?.get('order')).toBe(8);
    createChecked(doc, 'under-y', 'y');
    expect(pagesOf(doc).get('under-y')?.get('order')).toBe(1);
    createChecked(doc, 'under-x', 'x');
    expect(pagesOf(doc).get('under-x')?.get('order')).toBe(6);
  });

  it('sees the commands that ran earlier in the same transaction', () => {
    const doc = new Y.Doc();
    for (const id of ['a', 'b', 'c']) createChecked(doc, id, null);
    doc.transact(() => {
      createChecked(doc, 'b1', 'b');
      movePage(doc, { id: 'c', parentId: 'b', by: 'm', now: 2 }, ORIGIN);
      createChecked(doc, 'b2', 'b');
      expect(pagesOf(doc).get('b2')?.get('order')).toBe(3);
      archivePage(doc, { id: 'b2', by: 'm', now: 2 }, ORIGIN);
      pagesOf(doc).get('b1')!.set('parentId', 'a');
      createChecked(doc, 'b3', 'b');
      pagesOf(doc).delete('c');
      createChecked(doc, 'b4', 'b');
      expect(pagesOf(doc).get('b4')?.get('order')).toBe(4);
    }, ORIGIN);
    createChecked(doc, 'b5', 'b');
  });

  it('is the same as reading the whole index, through random histories on concurrent replicas', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const rng = new Prng(seed);
      const replicas = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
      let next = 0;
      const ids = (doc: Y.Doc) => [...pagesOf(doc).keys()];
      const someParent = (doc: Y.Doc): string | null => {
        const known = ids(doc);
        const roll = rng.next();
        if (roll < 0.3 || known.length === 0) return null;
        if (roll < 0.35) return `missing-${rng.int(0, 3)}`;
        return rng.pick(known);
      };
      const step = (doc: Y.Doc) => {
        const known = ids(doc);
        const page = known.length ? pagesOf(doc).get(rng.pick(known))! : null;
        const op = rng.weighted({ create: 8, batch: 2, move: 2, rawParent: 1, order: 2, archive: 1, restore: 1, remove: 1, replace: 1, sync: 3 });
        try {
          switch (op) {
            case 'create':
              createChecked(doc, `p${next++}`, someParent(doc));
              break;
            case 'batch':
              // An import-like batch: parents first, mixed with other commands.
              doc.transact(() => {
                const count = rng.int(1, 8);
                for (let i = 0; i < count; i++) {
                  if (rng.bool(0.2) && page) page.set('order', rng.int(0, 12));
                  createChecked(doc, `p${next++}`, rng.bool(0.5) ? `p${next - 2}` : someParent(doc));
                }
              }, ORIGIN);
              break;
            case 'move':
              if (page) movePage(doc, { id: page.get('id') as string, parentId: someParent(doc), by: 'm', now: 2 }, ORIGIN);
              break;
            case 'rawParent': // as concurrent moves leave it: cycles, self parents, missing parents
              if (page) doc.transact(() => page.set('parentId', rng.bool(0.1) ? page.get('id') : someParent(doc)), ORIGIN);
              break;
            case 'order':
              if (page) doc.transact(() => page.set('order', rng.pick([0, 1, 2.5, 3, 9, -4, rng.int(0, 20)])), ORIGIN);
              break;
            case 'archive':
              if (page) archivePage(doc, { id: page.get('id') as string, by: 'm', now: 2 }, ORIGIN);
              break;
            case 'restore':
              if (page) restorePage(doc, { id: page.get('id') as string, by: 'm', now: 2 }, ORIGIN);
              break;
            case 'remove':
              if (page) doc.transact(() => pagesOf(doc).delete(page.get('id') as string), ORIGIN);
              break;
            case 'replace':
              if (page) {
                const copy = new Y.Map<unknown>();
                for (const [key, value] of page.entries()) copy.set(key, value);
                copy.set('order', rng.int(0, 12));
                doc.transact(() => pagesOf(doc).set(page.get('id') as string, copy), ORIGIN);
              }
              break;
            case 'sync': {
              const other = rng.pick(replicas.filter((r) => r !== doc));
              Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), { kind: 'remote' });
              break;
            }
          }
        } catch (error) {
          // movePage refuses moves into a page's own subtree or an archived page: not our concern.
          if (!(error instanceof Error) || !/cannot be moved|No page with id/.test(error.message)) throw error;
        }
      };
      for (let i = 0; i < 120; i++) step(rng.pick(replicas));
      // Everyone converges; a placement on each replica still matches.
      for (const a of replicas) for (const b of replicas) if (a !== b) Y.applyUpdate(a, Y.encodeStateAsUpdate(b), { kind: 'remote' });
      for (const doc of replicas) {
        createChecked(doc, `p${next++}`, null);
        for (const id of ids(doc).slice(0, 5)) createChecked(doc, `p${next++}`, id);
      }
    }
  });

  it('places pages created from an observer of the pages index on the state after the change', () => {
    const doc = new Y.Doc();
    createChecked(doc, 'a', null);
    let created = 0;
    pagesOf(doc).observe((event) => {
      if (event.keysChanged.has('a1') && created++ === 0) createChecked(doc, 'from-observer', 'a');
    });
    createChecked(doc, 'a1', 'a');
    expect(pagesOf(doc).get('from-observer')?.get('order')).toBe(2);
  });

  it('reads the whole pages index once, not once per page created', () => {
    const doc = new Y.Doc();
    const forEach = vi.spyOn(pagesOf(doc), 'forEach');
    for (let i = 0; i < 300; i++) createPage(doc, { id: `p${i}`, title: `${i}`, parentId: i < 10 ? null : `p${i % 10}`, by: 'm', now: 1 }, ORIGIN);
    expect(forEach).toHaveBeenCalledTimes(1);
    expect(pagesOf(doc).get('p299')?.get('order')).toBe(29);
    // A replica that receives them (one update, children possibly before parents) stays incremental too.
    const replica = new Y.Doc();
    createPage(replica, { id: 'mine', title: 'Mine', parentId: null, by: 'm', now: 1 }, ORIGIN);
    const replicaForEach = vi.spyOn(pagesOf(replica), 'forEach');
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc), { kind: 'remote' });
    expect(createPage(replica, { id: 'under-p3', title: 'x', parentId: 'p3', by: 'm', now: 1 }, ORIGIN).order).toBe(30);
    expect(createPage(replica, { id: 'top', title: 'x', parentId: null, by: 'm', now: 1 }, ORIGIN).order).toBe(11);
    expect(replicaForEach).toHaveBeenCalledTimes(0);
    expect(referenceOrder(replica, 'p3')).toBe(31);
  });

  it('stays incremental when one update brings a subpage before its parent', () => {
    // Yjs integrates the higher client id first: the teammate's subpages arrive before the parents.
    const author = new Y.Doc();
    author.clientID = 1;
    const teammate = new Y.Doc();
    teammate.clientID = 2;
    for (let i = 0; i < 5; i++) createPage(author, { id: `s${i}`, title: 'Section', parentId: null, by: 'm', now: 1 }, ORIGIN);
    Y.applyUpdate(teammate, Y.encodeStateAsUpdate(author));
    for (let i = 0; i < 20; i++) createPage(teammate, { id: `c${i}`, title: 'Chapter', parentId: `s${i % 5}`, by: 'm', now: 1 }, ORIGIN);
    const reader = new Y.Doc();
    createChecked(reader, 'own', null);
    const forEach = vi.spyOn(pagesOf(reader), 'forEach');
    Y.applyUpdate(reader, Y.mergeUpdates([Y.encodeStateAsUpdate(author), Y.encodeStateAsUpdate(teammate)]), { kind: 'remote' });
    expect(createPage(reader, { id: 'under-s1', title: 'x', parentId: 's1', by: 'm', now: 1 }, ORIGIN).order).toBe(5);
    expect(createPage(reader, { id: 'top', title: 'x', parentId: null, by: 'm', now: 1 }, ORIGIN).order).toBe(6);
    expect(forEach).toHaveBeenCalledTimes(0);
  });
});
