import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPage, readPages } from './space';
import { isStale, markPageReviewed, pagesDueForReview, reviewDueAt } from './staleness';
import { archivePage, updatePage } from './tree-commands';

const DAY = 24 * 60 * 60 * 1000;

describe('staleness', () => {
  it('is due reviewEveryDays after the last review, or after creation', () => {
    const page = { createdAt: 0, verifiedAt: null, reviewEveryDays: 90 };
    expect(reviewDueAt(page)).toBe(90 * DAY);
    expect(isStale(page, 90 * DAY)).toBe(false);
    expect(isStale(page, 90 * DAY + 1)).toBe(true);
    expect(isStale({ ...page, verifiedAt: 50 * DAY }, 100 * DAY)).toBe(false);
    expect(isStale({ ...page, verifiedAt: 50 * DAY }, 141 * DAY)).toBe(true);
    expect(isStale({ ...page, reviewEveryDays: null }, 10_000 * DAY)).toBe(false);
    expect(reviewDueAt({ ...page, reviewEveryDays: null })).toBeNull();
  });

  it('a review is recorded apart from edits and restarts the clock', () => {
    const doc = new Y.Doc();
    createPage(doc, { id: 'p', title: 'Runbook', parentId: null, by: 'ana', now: 0 }, null);
    expect(isStale(readPages(doc)[0], 91 * DAY)).toBe(true);
    const reviewed = markPageReviewed(doc, { id: 'p', by: 'ben', now: 91 * DAY }, null);
    expect(reviewed).toMatchObject({ verifiedAt: 91 * DAY, verifiedBy: 'ben', updatedAt: 0, updatedBy: 'ana' });
    expect(isStale(reviewed, 100 * DAY)).toBe(false);
  });

  it('lists stale pages per owner, most overdue first, without archived ones', () => {
    const doc = new Y.Doc();
    createPage(doc, { id: 'a', title: 'A', parentId: null, by: 'ana', now: 10 * DAY }, null);
    createPage(doc, { id: 'b', title: 'B', parentId: null, by: 'ana', now: 0 }, null);
    createPage(doc, { id: 'c', title: 'C', parentId: null, by: 'ben', now: 0 }, null);
    createPage(doc, { id: 'd', title: 'D', parentId: null, by: 'ana', now: 0 }, null);
    createPage(doc, { id: 'e', title: 'E', parentId: null, by: 'ana', now: 0 }, null);
    updatePage(doc, { id: 'd', reviewEveryDays: null, by: 'ana', now: 1 }, null);
    archivePage(doc, { id: 'e', by: 'ana', now: 1 }, null);
    const now = 200 * DAY;
    expect(pagesDueForReview(readPages(doc), now, 'ana').map((p) => p.id)).toEqual(['b', 'a']);
    expect(pagesDueForReview(readPages(doc), now).map((p) => p.id)).toEqual(['b', 'c', 'a']);
  });
});
