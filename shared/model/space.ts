/**
 * The `space` doc: members, the pages index and team settings (DESIGN.md §2).
 *
 * Every mutation is a named command that runs inside `doc.transact(fn, origin)`. Members and
 * pages are nested Y.Maps, so two people changing different fields of one page (one renames,
 * one moves) both win; the same field is last-writer-wins, as Yjs resolves it.
 */
import * as Y from 'yjs';
import type { Member, PageMeta, SpaceSettings, UrgencyLevel } from './types';
import { resolveTree } from './tree';

export const SPACE_SCHEMA_VERSION = 1;

export const DEFAULT_URGENCY_LEVELS: UrgencyLevel[] = [
  { id: 'fyi', label: 'FYI', responseWorkingMinutes: 2 * 8 * 60 },
  { id: 'needs-input', label: 'Needs input', responseWorkingMinutes: 8 * 60 },
  { id: 'urgent', label: 'Urgent', responseWorkingMinutes: 2 * 60 },
];

export const DEFAULT_CHECK_IN_QUESTIONS = ['What did you get done?', "What's next?", 'Anything blocking you?'];

export const MAX_TITLE_LENGTH = 200;

const membersOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('members');
const pagesOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('pages');
const settingsOf = (doc: Y.Doc) => doc.getMap<unknown>('settings');

function toYMap(fields: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  return map;
}

/** Default settings are written only where absent, so re-running never overrides a team's edits. */
export function initSpace(doc: Y.Doc, input: { spaceName: string }, origin: unknown): void {
  doc.transact(() => {
    const settings = settingsOf(doc);
    const defaults: Omit<SpaceSettings, 'spaceName'> = {
      schemaVersion: SPACE_SCHEMA_VERSION,
      urgencyLevels: DEFAULT_URGENCY_LEVELS,
      checkInQuestions: DEFAULT_CHECK_IN_QUESTIONS,
      retroEveryWeeks: 2,
      handoffReminderMinutesBeforeEnd: 15,
    };
    if (!settings.has('spaceName')) settings.set('spaceName', input.spaceName);
    for (const [key, value] of Object.entries(defaults)) if (!settings.has(key)) settings.set(key, value);
  }, origin);
}

export function upsertMember(doc: Y.Doc, member: Member, origin: unknown): void {
  doc.transact(() => {
    const members = membersOf(doc);
    const existing = members.get(member.id);
    if (!existing) {
      members.set(member.id, toYMap({ ...member }));
      return;
    }
    for (const [key, value] of Object.entries(member)) {
      if (JSON.stringify(existing.get(key)) !== JSON.stringify(value)) existing.set(key, value);
    }
  }, origin);
}

export interface CreatePageInput {
  id: string;
  title: string;
  parentId: string | null;
  by: string;
  now: number;
  icon?: string;
  reviewEveryDays?: number | null;
}

/**
 * Adds a page at the end of its siblings: `order` is one more than the largest order among the
 * live (not archived) pages whose effective parent (see `readPages`) is `parentId`, or 1. Two
 * replicas creating under one parent at once may pick the same order; siblings then sort by id
 * (tree.ts), the same on every replica. The order comes from `SiblingOrders` (below), so placing
 * a page does not read the whole pages index.
 */
export function createPage(doc: Y.Doc, input: CreatePageInput, origin: unknown): PageMeta {
  const order = siblingOrdersOf(doc).maxOrder(input.parentId) + 1;
  const page: PageMeta = {
    id: input.id,
    title: normalizeTitle(input.title),
    parentId: input.parentId,
    order,
    icon: input.icon ?? '',
    ownerId: input.by,
    reviewEveryDays: input.reviewEveryDays === undefined ? 90 : input.reviewEveryDays,
    verifiedAt: null,
    verifiedBy: null,
    archived: false,
    createdAt: input.now,
    createdBy: input.by,
    updatedAt: input.now,
    updatedBy: input.by,
  };
  doc.transact(() => {
    pagesOf(doc).set(page.id, toYMap({ ...page }));
  }, origin);
  return page;
}

export function renamePage(doc: Y.Doc, input: { id: string; title: string; by: string; now: number }, origin: unknown): PageMeta {
  const page = pagesOf(doc).get(input.id);
  if (!page) throw new Error(`No page with id ${input.id}`);
  doc.transact(() => {
    page.set('title', normalizeTitle(input.title));
    page.set('updatedAt', input.now);
    page.set('updatedBy', input.by);
  }, origin);
  return readPage(page);
}

/** Records that a page's body changed (who and when) without touching anything else. */
export function touchPage(doc: Y.Doc, input: { id: string; by: string; now: number }, origin: unknown): void {
  const page = pagesOf(doc).get(input.id);
  if (!page) return;
  doc.transact(() => {
    page.set('updatedAt', input.now);
    page.set('updatedBy', input.by);
  }, origin);
}

/** Titles are single-line, trimmed and bounded; an empty title becomes "Untitled". */
export function normalizeTitle(title: string): string {
  const single = title.replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_LENGTH);
  return single.length > 0 ? single : 'Untitled';
}

function readPage(map: Y.Map<unknown>): PageMeta {
  const get = <T>(key: string, fallback: T): T => (map.has(key) ? (map.get(key) as T) : fallback);
  return {
    id: get('id', ''),
    title: get('title', 'Untitled'),
    parentId: get<string | null>('parentId', null),
    order: get('order', 0),
    icon: get('icon', ''),
    ownerId: get('ownerId', ''),
    reviewEveryDays: get<number | null>('reviewEveryDays', 90),
    verifiedAt: get<number | null>('verifiedAt', null),
    verifiedBy: get<string | null>('verifiedBy', null),
    archived: get('archived', false),
    createdAt: get('createdAt', 0),
    createdBy: get('createdBy', ''),
    updatedAt: get('updatedAt', 0),
    updatedBy: get('updatedBy', ''),
  };
}

/**
 * Every page (archived ones included) with its effective parent: a missing parent or a cycle
 * left by concurrent moves is resolved the same way on every replica (see tree.ts).
 */
export function readPages(doc: Y.Doc): PageMeta[] {
  const pages: PageMeta[] = [];
  pagesOf(doc).forEach((map, id) => pages.push({ ...readPage(map), id }));
  return resolveTree(pages.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id)));
}

/** What placing a new page needs to know of each page: the fields as `readPage` reads them. */
interface Placement {
  map: Y.Map<unknown>;
  /** The stored parent when it is a string (anything else resolves to the root, as in resolveTree). */
  parent: string | null;
  order: unknown;
  archived: boolean;
}

const PLACEMENT_FIELDS = new Set(['parentId', 'order', 'archived']);

function readPlacement(map: Y.Map<unknown>): Placement {
  const parent = map.get('parentId');
  return {
    map,
    parent: typeof parent === 'string' ? parent : null,
    order: map.has('order') ? map.get('order') : 0,
    archived: Boolean(map.get('archived')),
  };
}

interface SiblingGroup {
  members: Set<string>;
  /** Largest order among the members that are not archived (0 if none); undefined = to recompute. */
  max: number | undefined;
}

/**
 * The pages of one space doc grouped by effective parent, kept in step with the doc, so that
 * `createPage` finds the last order key among a page's siblings without reading and resolving
 * the whole pages index each time (which made creating N pages, e.g. a Markdown import, O(N²)).
 *
 * Built from the doc on first use (one `readPages`-like pass). Then every transaction that
 * touches the pages index is applied at `beforeObserverCalls` (before any observer or update
 * handler can call `createPage`), and the changes of a transaction still running are applied
 * before answering (`doc._transaction.changed`), so the answer always reflects the doc as it is
 * now — exactly what the former `readPages(doc).filter(…)` computed:
 * - a new page nobody names as parent (every created page, every page synced parent-first) is a
 *   leaf of the resolved tree: it joins its group, O(1);
 * - a changed `order` or `archived` leaves the tree as it is: the group's max is recomputed on
 *   the next use, O(siblings);
 * - anything else (a move, a removal, a page some other page already names as parent) may
 *   change how cycles and missing parents resolve: the whole index is rebuilt on the next use,
 *   O(N) once, not once per page created.
 */
class SiblingOrders {
  private stale = true;
  private readonly placements = new Map<string, Placement>();
  /** Stored parent (non-null) → the pages that name it, whether or not it exists. */
  private readonly named = new Map<string, Set<string>>();
  /** Page → its effective parent (resolveTree). */
  private readonly resolved = new Map<string, string | null>();
  private readonly groups = new Map<string | null, SiblingGroup>();
  private readonly idOfMap = new WeakMap<object, string>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly pages: Y.Map<Y.Map<unknown>>,
  ) {
    doc.on('beforeObserverCalls', (transaction: Y.Transaction) => this.applySafely(transaction));
  }

  /** The largest order among the live pages whose effective parent is `parentId`, or 0. */
  maxOrder(parentId: string | null): number {
    const running = this.doc._transaction;
    if (running) this.applySafely(running);
    if (this.stale) this.rebuild();
    const group = this.groups.get(parentId);
    if (!group) return 0;
    if (group.max === undefined) {
      let max = 0;
      for (const id of group.members) {
        const page = this.placements.get(id)!;
        if (!page.archived) max = Math.max(max, page.order as number);
      }
      group.max = max;
    }
    return group.max;
  }

  private applySafely(transaction: Y.Transaction): void {
    try {
      this.apply(transaction);
    } catch {
      this.stale = true;
    }
  }

  /** Brings the index up to date with what `transaction` changed so far. */
  private apply(transaction: Y.Transaction): void {
    if (this.stale) return;
    for (const [type, keys] of transaction.changed) {
      if ((type as unknown) === this.pages) {
        this.syncParentsFirst([...keys].filter((key): key is string => key !== null));
      } else {
        const id = this.idOfMap.get(type);
        if (id !== undefined && [...keys].some((key) => key !== null && PLACEMENT_FIELDS.has(key))) this.sync(id);
      }
      if (this.stale) return;
    }
  }

  /** Syncs `ids`, each after its stored parent when that is among them (a synced subtree stays incremental). */
  private syncParentsFirst(ids: string[]): void {
    const pending = new Set(ids);
    for (const first of ids) {
      const chain: string[] = [];
      for (let id: string | null = first; id !== null && pending.delete(id); ) {
        chain.push(id);
        const parent: unknown = this.pages.get(id)?.get('parentId');
        id = typeof parent === 'string' ? parent : null;
      }
      for (let i = chain.length - 1; i >= 0 && !this.stale; i--) this.sync(chain[i]);
    }
  }

  private sync(id: string): void {
    if (this.stale) return;
    const map = this.pages.get(id);
    const known = this.placements.get(id);
    if (!map) {
      if (known) this.stale = true;
      return;
    }
    const live = readPlacement(map);
    if (known && known.map === map && known.parent === live.parent && known.order === live.order && known.archived === live.archived) return;
    this.idOfMap.set(map, id);
    if (known && known.parent === live.parent) {
      // Same parent: the tree is unchanged, only this group's max may be.
      this.placements.set(id, live);
      this.group(this.resolved.get(id) ?? null).max = undefined;
      return;
    }
    if (!known && !this.named.get(id)?.size) {
      // A leaf: it can close no cycle and adopts no page, so no other page's place changes.
      const parent = live.parent !== null && live.parent !== id && this.placements.has(live.parent) ? live.parent : null;
      this.add(id, live);
      this.resolved.set(id, parent);
      const group = this.group(parent);
      group.members.add(id);
      if (group.max !== undefined && !live.archived) group.max = Math.max(group.max, live.order as number);
      return;
    }
    this.stale = true;
  }

  private rebuild(): void {
    this.placements.clear();
    this.named.clear();
    this.resolved.clear();
    this.groups.clear();
    const pages: { id: string; parentId: string | null }[] = [];
    this.pages.forEach((map, id) => {
      const placement = readPlacement(map);
      this.add(id, placement);
      this.idOfMap.set(map, id);
      pages.push({ id, parentId: placement.parent });
    });
    for (const page of resolveTree(pages)) {
      this.resolved.set(page.id, page.parentId);
      this.group(page.parentId).members.add(page.id);
    }
    this.stale = false;
  }

  private add(id: string, placement: Placement): void {
    this.placements.set(id, placement);
    if (placement.parent === null) return;
    let set = this.named.get(placement.parent);
    if (!set) this.named.set(placement.parent, (set = new Set()));
    set.add(id);
  }

  private group(parentId: string | null): SiblingGroup {
    let group = this.groups.get(parentId);
    if (!group) this.groups.set(parentId, (group = { members: new Set(), max: undefined }));
    return group;
  }
}

const siblingOrders = new WeakMap<Y.Doc, SiblingOrders>();

function siblingOrdersOf(doc: Y.Doc): SiblingOrders {
  let index = siblingOrders.get(doc);
  if (!index) siblingOrders.set(doc, (index = new SiblingOrders(doc, pagesOf(doc))));
  return index;
}

export function readPageMeta(doc: Y.Doc, id: string): PageMeta | null {
  const map = pagesOf(doc).get(id);
  return map ? { ...readPage(map), id } : null;
}

export function readMembers(doc: Y.Doc): Member[] {
  const members: Member[] = [];
  membersOf(doc).forEach((map, id) => members.push({ ...(map.toJSON() as Member), id }));
  return members.sort((a, b) => a.name.localeCompare(b.name));
}

export function readMember(doc: Y.Doc, id: string): Member | null {
  const map = membersOf(doc).get(id);
  return map ? { ...(map.toJSON() as Member), id } : null;
}

export function readSettings(doc: Y.Doc): SpaceSettings {
  const settings = settingsOf(doc);
  const get = <T>(key: string, fallback: T): T => (settings.has(key) ? (settings.get(key) as T) : fallback);
  return {
    schemaVersion: get('schemaVersion', 0),
    spaceName: get('spaceName', 'My team'),
    urgencyLevels: get('urgencyLevels', DEFAULT_URGENCY_LEVELS),
    checkInQuestions: get('checkInQuestions', DEFAULT_CHECK_IN_QUESTIONS),
    retroEveryWeeks: get('retroEveryWeeks', 2),
    handoffReminderMinutesBeforeEnd: get('handoffReminderMinutesBeforeEnd', 15),
  };
}
