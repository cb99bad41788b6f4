/**
 * The page tree as the sidebar shows it, from the flat page list (`pages.list`, parents already
 * resolved by the Core): rows in display order with their ARIA tree attributes, where a drop
 * lands, and which pages a page may move under. Pure, so it is tested alone.
 */
import type { MoveInput, PageSummary } from '../../../../shared/api/contract';
import { breadcrumb, isInSubtree, resolveTree, sortSiblings } from '../../../../shared/model/tree';

export interface TreeRow {
  page: PageSummary;
  /** 1 = top level (aria-level). */
  level: number;
  parentId: string | null;
  hasChildren: boolean;
  expanded: boolean;
  /** 1-based position among its siblings, and how many there are (aria-posinset/-setsize). */
  posInSet: number;
  setSize: number;
}

/** Children of each parent (null = top level), in sibling order. */
export function childrenByParent(pages: readonly PageSummary[]): Map<string | null, PageSummary[]> {
  const resolved = resolveTree(pages);
  const byParent = new Map<string | null, PageSummary[]>();
  for (const page of sortSiblings(resolved)) {
    const list = byParent.get(page.parentId);
    if (list) list.push(page);
    else byParent.set(page.parentId, [page]);
  }
  return byParent;
}

/** The rows the tree shows: every top-level page, and the subpages of expanded pages. */
export function visibleRows(pages: readonly PageSummary[], expanded: Readonly<Record<string, unknown>>): TreeRow[] {
  const byParent = childrenByParent(pages);
  const rows: TreeRow[] = [];
  // Iterative depth-first walk, so a very deep tree cannot overflow the stack.
  const stack: { page: PageSummary; level: number; pos: number; size: number }[] = [];
  const pushChildren = (parentId: string | null, level: number) => {
    const kids = byParent.get(parentId) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ page: kids[i], level, pos: i + 1, size: kids.length });
  };
  pushChildren(null, 1);
  while (stack.length) {
    const { page, level, pos, size } = stack.pop()!;
    const hasChildren = (byParent.get(page.id)?.length ?? 0) > 0;
    const isOpen = hasChildren && Boolean(expanded[page.id]);
    rows.push({ page, level, parentId: page.parentId, hasChildren, expanded: isOpen, posInSet: pos, setSize: size });
    if (isOpen) pushChildren(page.id, level + 1);
  }
  return rows;
}

export type DropZone = 'before' | 'after' | 'inside';

/** Which part of a row the pointer is over: the top and bottom quarters are between rows. */
export function dropZoneAt(offsetY: number, height: number): DropZone {
  if (height <= 0) return 'inside';
  const ratio = offsetY / height;
  if (ratio < 0.25) return 'before';
  if (ratio > 0.75) return 'after';
  return 'inside';
}

/**
 * The move that dropping `draggedId` on `targetId`'s zone asks for, or null when it is not
 * allowed (onto itself, or into its own subtree — the Core refuses that too).
 */
export function moveForDrop(pages: readonly PageSummary[], draggedId: string, targetId: string, zone: DropZone): MoveInput | null {
  if (draggedId === targetId) return null;
  const resolved = resolveTree(pages);
  const target = resolved.find((p) => p.id === targetId);
  if (!target || !resolved.some((p) => p.id === draggedId)) return null;
  if (zone === 'inside') {
    if (isInSubtree(resolved, targetId, draggedId)) return null;
    return { id: draggedId, parentId: targetId };
  }
  const parentId = target.parentId;
  if (parentId !== null && isInSubtree(resolved, parentId, draggedId)) return null;
  return zone === 'before' ? { id: draggedId, parentId, beforeId: targetId } : { id: draggedId, parentId, afterId: targetId };
}

export interface MoveTarget {
  /** null = the top level. */
  id: string | null;
  title: string;
  icon: string;
  /** The ancestors' titles, root first ("Handbook › Ops"), empty at the top. */
  path: string;
  /** The page's current parent: moving there changes nothing. */
  current: boolean;
}

/** Where a page may move: the top level and every page outside its own subtree, in tree order. */
export function moveTargets(pages: readonly PageSummary[], pageId: string): MoveTarget[] {
  const resolved = resolveTree(pages);
  const page = resolved.find((p) => p.id === pageId);
  const currentParent = page?.parentId ?? null;
  const all: Record<string, true> = {};
  for (const p of resolved) all[p.id] = true;
  const targets: MoveTarget[] = [{ id: null, title: 'Top level', icon: '', path: '', current: currentParent === null }];
  for (const row of visibleRows(resolved, all)) {
    if (isInSubtree(resolved, row.page.id, pageId)) continue;
    const path = breadcrumb(resolved, row.page.id)
      .slice(0, -1)
      .map((p) => p.title)
      .join(' › ');
    targets.push({ id: row.page.id, title: row.page.title, icon: row.page.icon, path, current: row.page.id === currentParent });
  }
  return targets;
}

/** Targets whose title or path contains every word of `query` (case-insensitive). */
export function filterTargets(targets: readonly MoveTarget[], query: string): MoveTarget[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...targets];
  return targets.filter((t) => {
    const hay = `${t.title} ${t.path}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
