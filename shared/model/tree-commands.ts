/**
 * Named commands on the page tree of the `space` doc: move, archive, restore and the page's own
 * settings (icon, owner, review interval). Each runs in one `doc.transact(fn, origin)` and writes
 * only the fields it changes on the page's Y.Map, so a concurrent rename and move both win.
 *
 * A move is checked against this replica's tree (no move into the page's own subtree, none into
 * an archived page); a cycle that still arises from two replicas' concurrent moves is resolved
 * by every reader in the same way (tree.ts).
 */
import type * as Y from 'yjs';
import type { PageMeta } from './types';
import { readPageMeta, readPages } from './space';
import type { MovePosition } from './tree';
import { childrenOf, hiddenPageIds, insertionIndex, isInSubtree, orderBetween } from './tree';
import { PageError } from './tree-errors';

const pageMap = (doc: Y.Doc, id: string): Y.Map<unknown> => {
  const map = doc.getMap<Y.Map<unknown>>('pages').get(id);
  if (!map) throw new PageError('not_found', `No page with id ${id}`);
  return map;
};

export interface MovePageInput {
  id: string;
  /** The new parent; null = top level. */
  parentId: string | null;
  position?: MovePosition;
  by: string;
  now: number;
}

/** Moves a page under `parentId` at `position` (default: last). Writes parentId + order only. */
export function movePage(doc: Y.Doc, input: MovePageInput, origin: unknown): PageMeta {
  const map = pageMap(doc, input.id);
  const pages = readPages(doc);
  const hidden = hiddenPageIds(pages);
  if (hidden.has(input.id)) throw new PageError('conflict', 'An archived page cannot be moved; restore it first');
  if (input.parentId !== null) {
    if (!pages.some((p) => p.id === input.parentId)) throw new PageError('not_found', `No page with id ${input.parentId}`);
    if (isInSubtree(pages, input.parentId, input.id)) {
      throw new PageError('conflict', 'A page cannot be moved into itself or one of its own subpages');
    }
    if (hidden.has(input.parentId)) throw new PageError('conflict', 'A page cannot be moved into an archived page');
  }
  const siblings = childrenOf(
    pages.filter((p) => p.id !== input.id && !hidden.has(p.id)),
    input.parentId,
  );
  const index = insertionIndex(siblings, input.position ?? {});
  if (typeof index === 'string') throw new PageError('invalid', index);

  doc.transact(() => {
    let order = orderBetween(siblings[index - 1]?.order ?? null, siblings[index]?.order ?? null);
    if (order === null) {
      // No room left between the neighbours: renumber this parent's children 1…n (one write each).
      siblings.forEach((sibling, i) => pageMap(doc, sibling.id).set('order', i < index ? i + 1 : i + 2));
      order = index + 1;
    }
    if (map.get('parentId') !== input.parentId) map.set('parentId', input.parentId);
    map.set('order', order);
  }, origin);
  return readPageMeta(doc, input.id)!;
}

/** Archives a page; its subpages are hidden with it and come back with it (see tree.ts). */
export function archivePage(doc: Y.Doc, input: { id: string; by: string; now: number }, origin: unknown): PageMeta {
  const map = pageMap(doc, input.id);
  doc.transact(() => {
    if (map.get('archived') !== true) map.set('archived', true);
    map.set('updatedAt', input.now);
    map.set('updatedBy', input.by);
  }, origin);
  return readPageMeta(doc, input.id)!;
}

/**
 * Restores an archived page with its subtree. If the place it was archived from is itself
 * archived now (or gone), it comes back at the end of the top level rather than staying hidden.
 */
export function restorePage(doc: Y.Doc, input: { id: string; by: string; now: number }, origin: unknown): PageMeta {
  const map = pageMap(doc, input.id);
  const pages = readPages(doc);
  const self = pages.find((p) => p.id === input.id)!;
  const restored = pages.map((p) => (p.id === input.id ? { ...p, archived: false } : p));
  const parentHidden = self.parentId !== null && hiddenPageIds(restored).has(self.parentId);
  doc.transact(() => {
    map.set('archived', false);
    if (parentHidden || (self.parentId === null && map.get('parentId') !== null)) {
      const top = childrenOf(restored, null).filter((p) => p.id !== input.id && !p.archived);
      map.set('parentId', null);
      map.set('order', orderBetween(top.length ? top[top.length - 1].order : null, null)!);
    }
    map.set('updatedAt', input.now);
    map.set('updatedBy', input.by);
  }, origin);
  return readPageMeta(doc, input.id)!;
}

export interface UpdatePageInput {
  id: string;
  /** An emoji (or empty for none). */
  icon?: string;
  ownerId?: string;
  /** Days between reviews; null = never. */
  reviewEveryDays?: number | null;
  by: string;
  now: number;
}

/** Changes a page's icon, owner or review interval; only the given fields are written. */
export function updatePage(doc: Y.Doc, input: UpdatePageInput, origin: unknown): PageMeta {
  const map = pageMap(doc, input.id);
  doc.transact(() => {
    if (input.icon !== undefined) map.set('icon', input.icon);
    if (input.ownerId !== undefined) map.set('ownerId', input.ownerId);
    if (input.reviewEveryDays !== undefined) map.set('reviewEveryDays', input.reviewEveryDays);
    map.set('updatedAt', input.now);
    map.set('updatedBy', input.by);
  }, origin);
  return readPageMeta(doc, input.id)!;
}
