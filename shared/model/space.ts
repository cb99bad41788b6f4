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

export function createPage(doc: Y.Doc, input: CreatePageInput, origin: unknown): PageMeta {
  const siblings = readPages(doc).filter((p) => p.parentId === input.parentId && !p.archived);
  const order = siblings.reduce((max, p) => Math.max(max, p.order), 0) + 1;
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
