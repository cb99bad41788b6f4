import { describe, expect, it } from 'vitest';
import type { PageSummary } from '../../../../shared/api/contract';
import { dropZoneAt, filterTargets, moveForDrop, moveTargets, visibleRows } from './tree-model';

let order = 0;
function page(id: string, parentId: string | null = null, title = id): PageSummary {
  return {
    id,
    title,
    parentId,
    order: ++order,
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
    openThreads: 0,
  };
}

// handbook ─ ops ─ deploys
//          └ oncall
// guides
const PAGES = [page('handbook', null, 'Handbook'), page('ops', 'handbook', 'Ops'), page('deploys', 'ops', 'Deploys'), page('oncall', 'handbook', 'On-call'), page('guides', null, 'Guides')];

describe('tree model', () => {
  it('shows top-level pages and the subpages of expanded ones, with ARIA positions', () => {
    expect(visibleRows(PAGES, {}).map((r) => r.page.id)).toEqual(['handbook', 'guides']);
    const rows = visibleRows(PAGES, { handbook: true, ops: true });
    expect(rows.map((r) => [r.page.id, r.level, r.posInSet, r.setSize, r.hasChildren, r.expanded])).toEqual([
      ['handbook', 1, 1, 2, true, true],
      ['ops', 2, 1, 2, true, true],
      ['deploys', 3, 1, 1, false, false],
      ['oncall', 2, 2, 2, false, false],
      ['guides', 1, 2, 2, false, false],
    ]);
    // An expanded page under a collapsed one stays hidden.
    expect(visibleRows(PAGES, { ops: true }).map((r) => r.page.id)).toEqual(['handbook', 'guides']);
  });

  it('reads the drop zone from the pointer: top and bottom quarters are between rows', () => {
    expect(dropZoneAt(2, 32)).toBe('before');
    expect(dropZoneAt(16, 32)).toBe('inside');
    expect(dropZoneAt(30, 32)).toBe('after');
  });

  it('turns drops into moves, and refuses drops into the page’s own subtree', () => {
    expect(moveForDrop(PAGES, 'guides', 'ops', 'inside')).toEqual({ id: 'guides', parentId: 'ops' });
    expect(moveForDrop(PAGES, 'guides', 'ops', 'before')).toEqual({ id: 'guides', parentId: 'handbook', beforeId: 'ops' });
    expect(moveForDrop(PAGES, 'oncall', 'handbook', 'after')).toEqual({ id: 'oncall', parentId: null, afterId: 'handbook' });
    expect(moveForDrop(PAGES, 'handbook', 'handbook', 'inside')).toBeNull();
    expect(moveForDrop(PAGES, 'handbook', 'deploys', 'inside')).toBeNull();
    expect(moveForDrop(PAGES, 'handbook', 'deploys', 'after')).toBeNull();
    expect(moveForDrop(PAGES, 'ops', 'oncall', 'before')).toEqual({ id: 'ops', parentId: 'handbook', beforeId: 'oncall' });
  });

  it('offers every parent outside the subtree for "Move to…", with paths, and filters them', () => {
    const targets = moveTargets(PAGES, 'ops');
    expect(targets.map((t) => [t.id, t.path, t.current])).toEqual([
      [null, '', false],
      ['handbook', '', true],
      ['oncall', 'Handbook', false],
      ['guides', '', false],
    ]);
    expect(filterTargets(targets, 'hand on').map((t) => t.id)).toEqual(['oncall']);
    expect(filterTargets(targets, '  ').length).toBe(4);
  });
});
