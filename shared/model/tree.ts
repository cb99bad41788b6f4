/**
 * The page tree, read from the flat pages index of the `space` doc.
 *
 * Each page stores only its own `parentId` and fractional `order` (a Y.Map per page), so a move
 * writes one page. Concurrent moves can still produce a parent graph that is not a tree: A moves
 * X under Y while B moves Y under X, and after merging X → Y → X. Nothing is ever "fixed" in the
 * doc; every reader resolves the graph with the same pure function, so every replica shows the
 * same tree:
 *
 * - a parent that does not exist (deleted, or not synced yet) or the page itself counts as the
 *   root (parentId null);
 * - in each cycle of the parent graph, the member with the smallest id (plain UTF-16 order, not
 *   locale order, so it is the same everywhere) is re-rooted at the top level; the others keep
 *   their parents, so the cycle becomes a subtree under that page.
 *
 * Archive semantics: archiving writes `archived: true` on that one page. Its descendants are not
 * touched but are hidden with it (not in the tree, not in search); restoring the page brings the
 * whole subtree back as it was. A page created or moved under an archived page by someone who had
 * not seen the archive yet is hidden with it too — and comes back with it — rather than lost.
 */
import type { PageMeta } from './types';

/**
 * The pages with their effective `parentId` (missing parent → root, cycles broken as above).
 * Order and every other field are kept; the input is not modified.
 */
export function resolveTree<T extends Pick<PageMeta, 'id' | 'parentId'>>(pages: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const page of pages) byId.set(page.id, page);
  const parent = new Map<string, string | null>();
  for (const page of pages) {
    const p = page.parentId;
    parent.set(page.id, p !== null && p !== page.id && byId.has(p) ? p : null);
  }

  // Functional graph: each node has at most one parent, so every cycle is found by walking up
  // from some node. 0 = unvisited, 1 = on the current walk, 2 = done.
  const state = new Map<string, 0 | 1 | 2>();
  for (const page of pages) {
    if (state.get(page.id)) continue;
    const walk: string[] = [];
    let at: string | null = page.id;
    while (at !== null && !state.get(at)) {
      state.set(at, 1);
      walk.push(at);
      at = parent.get(at) ?? null;
    }
    if (at !== null && state.get(at) === 1) {
      // `at` is on this walk: the walk from `at` onwards is a cycle.
      const cycle = walk.slice(walk.indexOf(at));
      const root = cycle.reduce((min, id) => (id < min ? id : min));
      parent.set(root, null);
    }
    for (const id of walk) state.set(id, 2);
  }

  return pages.map((page) => (parent.get(page.id) === page.parentId ? page : { ...page, parentId: parent.get(page.id) ?? null }));
}

/**
 * Ids of pages that are out of the tree: archived themselves or below an archived page.
 * `pages` must be resolved (see `resolveTree`).
 */
export function hiddenPageIds(pages: readonly PageMeta[]): Set<string> {
  const byId = new Map(pages.map((p) => [p.id, p]));
  const hidden = new Map<string, boolean>();
  const isHidden = (id: string): boolean => {
    const known = hidden.get(id);
    if (known !== undefined) return known;
    // Iterative walk so a deep tree cannot overflow the stack.
    const chain: string[] = [];
    let at: string | null = id;
    let result = false;
    while (at !== null) {
      const cached = hidden.get(at);
      if (cached !== undefined) {
        result = cached;
        break;
      }
      const page = byId.get(at);
      if (!page) break;
      chain.push(at);
      if (page.archived) {
        result = true;
        break;
      }
      at = page.parentId;
    }
    // Every page on the chain is the archived page itself or below it, or below the cached
    // page, or (no archived page found) on a path to the root: they all share the answer.
    for (const page of chain) hidden.set(page, result);
    return result;
  };
  const out = new Set<string>();
  for (const page of pages) if (isHidden(page.id)) out.add(page.id);
  return out;
}

/** The live tree: resolved, without archived pages and their descendants, in sibling order. */
export function visiblePages<T extends PageMeta>(pages: readonly T[]): T[] {
  const resolved = resolveTree(pages);
  const hidden = hiddenPageIds(resolved);
  return sortSiblings(resolved.filter((p) => !hidden.has(p.id)));
}

/** Sibling order: `order`, then id, so equal orders from concurrent moves still sort the same. */
export function compareSiblings(a: PageMeta, b: PageMeta): number {
  return a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function sortSiblings<T extends PageMeta>(pages: readonly T[]): T[] {
  return [...pages].sort(compareSiblings);
}

/** The children of `parentId` (null = top level) among `pages`, in order. */
export function childrenOf<T extends PageMeta>(pages: readonly T[], parentId: string | null): T[] {
  return sortSiblings(pages.filter((p) => p.parentId === parentId));
}

/**
 * The ancestor chain of a page, root first, ending with the page itself; empty when unknown.
 * `pages` must be resolved, so the walk always ends.
 */
export function breadcrumb<T extends PageMeta>(pages: readonly T[], id: string): T[] {
  const byId = new Map(pages.map((p) => [p.id, p]));
  const chain: T[] = [];
  const seen = new Set<string>();
  let at = byId.get(id);
  while (at && !seen.has(at.id)) {
    seen.add(at.id);
    chain.push(at);
    at = at.parentId === null ? undefined : byId.get(at.parentId);
  }
  return chain.reverse();
}

/** True when `id` is `ancestorId` or lies below it in the (resolved) tree. */
export function isInSubtree(pages: readonly PageMeta[], id: string, ancestorId: string): boolean {
  return breadcrumb(pages, id).some((p) => p.id === ancestorId);
}

/**
 * A sort key strictly between two neighbours (null = no neighbour on that side), or null when
 * floating point has run out of room between them (the caller then renumbers the siblings).
 */
export function orderBetween(before: number | null, after: number | null): number | null {
  if (before === null && after === null) return 1;
  if (before === null) return (after as number) - 1;
  if (after === null) return before + 1;
  const mid = before + (after - before) / 2;
  return mid > before && mid < after ? mid : null;
}

/** Where a moved page goes among its new siblings. */
export type MovePosition = { beforeId: string } | { afterId: string } | { index: number } | Record<string, never>;

/**
 * The index among `siblings` (which must not contain the moved page) at which the page is
 * inserted, or an error message when the position names a page that is not a sibling.
 */
export function insertionIndex(siblings: readonly PageMeta[], position: MovePosition): number | string {
  if ('beforeId' in position) {
    const i = siblings.findIndex((p) => p.id === position.beforeId);
    return i === -1 ? `Page ${position.beforeId} is not a page of the target parent` : i;
  }
  if ('afterId' in position) {
    const i = siblings.findIndex((p) => p.id === position.afterId);
    return i === -1 ? `Page ${position.afterId} is not a page of the target parent` : i + 1;
  }
  if ('index' in position) return Math.max(0, Math.min(siblings.length, Math.floor(position.index)));
  return siblings.length;
}
