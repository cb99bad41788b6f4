/**
 * Keeping pages current: each page has an owner and a review interval (default 90 days, null =
 * never). A review ("still accurate") is recorded as verifiedAt/verifiedBy, apart from edits:
 * an edit is not a review, and a review changes no content.
 *
 * Staleness is computed, never stored: the renderer calls `isStale(page, now)` on the PageMeta it
 * already has, so a page turns stale while the app is open without any write or event.
 */
import type * as Y from 'yjs';
import type { PageMeta } from './types';
import { readPageMeta } from './space';
import { PageError } from './tree-errors';

export const DEFAULT_REVIEW_EVERY_DAYS = 90;
export const MAX_REVIEW_EVERY_DAYS = 3650;
const DAY_MS = 24 * 60 * 60 * 1000;

type ReviewFields = Pick<PageMeta, 'reviewEveryDays' | 'verifiedAt' | 'createdAt'>;

/** When the page is due for review (UTC ms), or null when it is never due. */
export function reviewDueAt(page: ReviewFields): number | null {
  if (page.reviewEveryDays === null) return null;
  return (page.verifiedAt ?? page.createdAt) + page.reviewEveryDays * DAY_MS;
}

/** True once the review interval has passed since the last review (or creation). */
export function isStale(page: ReviewFields, now: number): boolean {
  const due = reviewDueAt(page);
  return due !== null && due < now;
}

/** Stale pages, most overdue first; only those owned by `ownerId` when given. */
export function pagesDueForReview<T extends PageMeta>(pages: readonly T[], now: number, ownerId?: string): T[] {
  return pages
    .filter((p) => !p.archived && (ownerId === undefined || p.ownerId === ownerId) && isStale(p, now))
    .sort((a, b) => reviewDueAt(a)! - reviewDueAt(b)! || (a.id < b.id ? -1 : 1));
}

/** Records a review of the page ("still accurate") by `by` at `now`; no content changes. */
export function markPageReviewed(doc: Y.Doc, input: { id: string; by: string; now: number }, origin: unknown): PageMeta {
  const map = doc.getMap<Y.Map<unknown>>('pages').get(input.id);
  if (!map) throw new PageError('not_found', `No page with id ${input.id}`);
  doc.transact(() => {
    map.set('verifiedAt', input.now);
    map.set('verifiedBy', input.by);
  }, origin);
  return readPageMeta(doc, input.id)!;
}
