/**
 * Page templates: content a new page starts from.
 *
 * Content is ProseMirror/TipTap JSON (`doc` → heading/paragraph/bulletList/taskList …), the
 * editor's own document format, so a template needs no conversion to preview, export or edit.
 * It is written into a page's Y.XmlFragment with y-tiptap against the shared page schema
 * (templates-schema.ts) — the same structure the editor writes.
 *
 * - Built-in templates are code (below) and never stored; the team communication protocol is
 *   filled from the space's urgency levels when used, so it shows the team's own levels.
 * - A team's own templates live in the `space` doc, map `templates`: id → Y.Map {id, name,
 *   description, content (JSON), createdBy, createdAt}; they sync like everything else.
 */
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import type { SpaceSettings, UrgencyLevel } from './types';
import { pageContent } from './page';
import { pageSchema } from './templates-schema';
import { PageError } from './tree-errors';

/** A ProseMirror/TipTap JSON node. */
export interface ContentNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: ContentNode[];
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  text?: string;
}

export interface TemplateSummary {
  id: string;
  name: string;
  description: string;
  builtin: boolean;
  /** Member id; null for built-ins. */
  createdBy: string | null;
  createdAt: number | null;
}

export interface Template extends TemplateSummary {
  content: ContentNode;
}

export const MAX_TEMPLATE_NAME_LENGTH = 80;
export const MAX_TEMPLATE_DESCRIPTION_LENGTH = 300;
/** Characters of JSON; a template is a starting point, not an archive. */
export const MAX_TEMPLATE_CONTENT_CHARS = 256 * 1024;

const BUILTIN_PREFIX = 'builtin-';

// --- content builders --------------------------------------------------------------------------

const text = (value: string): ContentNode[] => (value ? [{ type: 'text', text: value }] : []);
const h = (level: 1 | 2 | 3, value: string): ContentNode => ({ type: 'heading', attrs: { level }, content: text(value) });
const p = (value = ''): ContentNode => ({ type: 'paragraph', content: text(value) });
const bullets = (...items: string[]): ContentNode => ({
  type: 'bulletList',
  content: items.map((item) => ({ type: 'listItem', content: [p(item)] })),
});
const tasks = (...items: string[]): ContentNode => ({
  type: 'taskList',
  content: items.map((item) => ({ type: 'taskItem', attrs: { checked: false }, content: [p(item)] })),
});
const doc = (...content: ContentNode[]): ContentNode => ({ type: 'doc', content });

/** "2 working days", "8 working hours", "45 working minutes". */
export function formatWorkingMinutes(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} working ${unit}${n === 1 ? '' : 's'}`;
  if (minutes > 0 && minutes % (8 * 60) === 0) return plural(minutes / (8 * 60), 'day');
  if (minutes > 0 && minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

function communicationProtocol(levels: readonly UrgencyLevel[]): ContentNode {
  return doc(
    h(1, 'Team communication protocol'),
    p('How we reach each other across time zones, and how fast we answer.'),
    h(2, 'Channels'),
    bullets(
      'Baton update log — daily updates, decisions, blockers and handoffs',
      'Baton pages — anything that should still be true next month',
      'Chat — quick questions that can wait for the other person’s workday',
      'Phone — only for the most urgent level, and only outside someone’s hours if agreed',
    ),
    h(2, 'Urgency levels'),
    bullets(...levels.map((level) => `${level.label} — ${urgencyMeaning(level)}`)),
    h(2, 'Expected response times'),
    bullets(...levels.map((level) => `${level.label}: within ${formatWorkingMinutes(level.responseWorkingMinutes)} of the recipient`)),
    p('Response times count the recipient’s working hours only: nobody is expected to answer outside their workday.'),
  );
}

function urgencyMeaning(level: UrgencyLevel): string {
  switch (level.id) {
    case 'fyi':
      return 'for information; no reply needed';
    case 'needs-input':
      return 'work is waiting on an answer';
    case 'urgent':
      return 'something is broken or blocked right now';
    default:
      return `answer within ${formatWorkingMinutes(level.responseWorkingMinutes)}`;
  }
}

interface BuiltinTemplate {
  id: string;
  name: string;
  description: string;
  build(settings: Pick<SpaceSettings, 'urgencyLevels'>): ContentNode;
}

export const BUILTIN_TEMPLATES: readonly BuiltinTemplate[] = [
  {
    id: `${BUILTIN_PREFIX}decision-record`,
    name: 'Decision record',
    description: 'Why we chose what we chose: context, options, decision, status and consequences.',
    build: () =>
      doc(
        h(2, 'Context'),
        p('What is the situation, and what forces a decision now?'),
        h(2, 'Options'),
        bullets('Option A — pros, cons', 'Option B — pros, cons'),
        h(2, 'Decision'),
        p('What we decided, and who decided.'),
        h(2, 'Status'),
        p('Proposed · Accepted · Superseded'),
        h(2, 'Consequences'),
        p('What becomes easier or harder because of this decision?'),
      ),
  },
  {
    id: `${BUILTIN_PREFIX}meeting-notes`,
    name: 'Meeting notes',
    description: 'Attendees, agenda, notes, decisions and action items of a meeting.',
    build: () =>
      doc(
        h(2, 'Attendees'),
        bullets(''),
        h(2, 'Agenda'),
        bullets(''),
        h(2, 'Notes'),
        p(),
        h(2, 'Decisions'),
        bullets(''),
        h(2, 'Action items'),
        tasks(''),
      ),
  },
  {
    id: `${BUILTIN_PREFIX}retrospective`,
    name: 'Retrospective',
    description: 'What went well, what didn’t, and what we will do about it.',
    build: () => doc(h(2, 'What went well'), bullets(''), h(2, 'What didn’t go well'), bullets(''), h(2, 'Actions'), tasks('')),
  },
  {
    id: `${BUILTIN_PREFIX}communication-protocol`,
    name: 'Team communication protocol',
    description: 'Channels, urgency levels and expected response times — filled from the team’s settings.',
    build: (settings) => communicationProtocol(settings.urgencyLevels),
  },
  {
    id: `${BUILTIN_PREFIX}project-plan`,
    name: 'Project plan',
    description: 'Goals, scope, milestones, risks and who does what.',
    build: () =>
      doc(
        h(2, 'Goals'),
        p('What does success look like, and how will we know?'),
        h(2, 'Scope'),
        bullets('In scope:', 'Out of scope:'),
        h(2, 'Milestones'),
        tasks(''),
        h(2, 'Risks'),
        bullets(''),
        h(2, 'Team'),
        bullets('Owner:', 'Contributors:'),
      ),
  },
  {
    id: `${BUILTIN_PREFIX}onboarding-guide`,
    name: 'Onboarding guide',
    description: 'What a new teammate needs in their first day and first weeks.',
    build: () =>
      doc(
        h(2, 'Welcome'),
        p('Who we are and what we work on.'),
        h(2, 'First day'),
        tasks('Set up your profile and working hours in Baton', 'Read the team communication protocol'),
        h(2, 'First week'),
        tasks(''),
        h(2, 'Tools and access'),
        bullets(''),
        h(2, 'People to meet'),
        bullets(''),
      ),
  },
];

export function isBuiltinTemplateId(id: string): boolean {
  return id.startsWith(BUILTIN_PREFIX);
}

// --- the team's own templates --------------------------------------------------------------------

const templatesOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('templates');

function readCustom(map: Y.Map<unknown>, id: string): Template {
  const get = <T>(key: string, fallback: T): T => (map.has(key) ? (map.get(key) as T) : fallback);
  return {
    id,
    name: get('name', 'Untitled template'),
    description: get('description', ''),
    builtin: false,
    createdBy: get<string | null>('createdBy', null),
    createdAt: get<number | null>('createdAt', null),
    content: get<ContentNode>('content', { type: 'doc', content: [] }),
  };
}

/** Every template: built-ins first (in their fixed order), then the team's, by name. */
export function readTemplates(spaceDoc: Y.Doc, settings: Pick<SpaceSettings, 'urgencyLevels'>): Template[] {
  const builtins = BUILTIN_TEMPLATES.map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    builtin: true,
    createdBy: null,
    createdAt: null,
    content: t.build(settings),
  }));
  const custom: Template[] = [];
  templatesOf(spaceDoc).forEach((map, id) => custom.push(readCustom(map, id)));
  custom.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
  return [...builtins, ...custom];
}

export function readTemplate(spaceDoc: Y.Doc, id: string, settings: Pick<SpaceSettings, 'urgencyLevels'>): Template | null {
  const builtin = BUILTIN_TEMPLATES.find((t) => t.id === id);
  if (builtin) return readTemplates(spaceDoc, settings).find((t) => t.id === id)!;
  const map = templatesOf(spaceDoc).get(id);
  return map ? readCustom(map, id) : null;
}

/**
 * Checks content against the page schema and returns a plain JSON copy; an empty document gets
 * one empty paragraph (the schema needs a block).
 */
export function normalizeTemplateContent(content: unknown): ContentNode {
  let json: ContentNode;
  try {
    json = JSON.parse(JSON.stringify(content)) as ContentNode;
  } catch {
    throw new PageError('invalid', 'Template content must be JSON');
  }
  if (!json || typeof json !== 'object' || json.type !== 'doc') throw new PageError('invalid', 'Template content must be a "doc" node');
  if (!json.content || json.content.length === 0) json = { ...json, content: [{ type: 'paragraph' }] };
  if (JSON.stringify(json).length > MAX_TEMPLATE_CONTENT_CHARS) {
    throw new PageError('invalid', `Template content is longer than ${MAX_TEMPLATE_CONTENT_CHARS / 1024}K characters of JSON`);
  }
  try {
    pageSchema().nodeFromJSON(json).check();
  } catch (error) {
    throw new PageError('invalid', `Template content does not fit the page schema: ${(error as Error).message}`);
  }
  return json;
}

export interface SaveTemplateInput {
  id: string;
  name: string;
  description?: string;
  content: ContentNode;
  by: string;
  now: number;
}

export function saveTemplate(spaceDoc: Y.Doc, input: SaveTemplateInput, origin: unknown): Template {
  const name = input.name.replace(/\s+/g, ' ').trim().slice(0, MAX_TEMPLATE_NAME_LENGTH) || 'Untitled template';
  const description = (input.description ?? '').trim().slice(0, MAX_TEMPLATE_DESCRIPTION_LENGTH);
  const content = normalizeTemplateContent(input.content);
  spaceDoc.transact(() => {
    // The Y.Map is created and filled in one transaction, so no replica sees a half template.
    const map = new Y.Map<unknown>();
    templatesOf(spaceDoc).set(input.id, map);
    map.set('id', input.id);
    map.set('name', name);
    map.set('description', description);
    map.set('content', content);
    map.set('createdBy', input.by);
    map.set('createdAt', input.now);
  }, origin);
  return readCustom(templatesOf(spaceDoc).get(input.id)!, input.id);
}

export function deleteTemplate(spaceDoc: Y.Doc, input: { id: string }, origin: unknown): void {
  if (isBuiltinTemplateId(input.id)) throw new PageError('conflict', 'Built-in templates cannot be deleted');
  if (!templatesOf(spaceDoc).has(input.id)) throw new PageError('not_found', `No template with id ${input.id}`);
  spaceDoc.transact(() => templatesOf(spaceDoc).delete(input.id), origin);
}

// --- page content ------------------------------------------------------------------------------

/** The page's content as TipTap JSON (no schema needed to read). */
export function readPageContentJSON(pageDoc: Y.Doc): ContentNode {
  return yXmlFragmentToProsemirrorJSON(pageContent(pageDoc)) as ContentNode;
}

/**
 * Writes template content into a page, after what it already holds (a new page holds nothing),
 * in one transaction with `origin`.
 */
export function writeTemplateContent(pageDoc: Y.Doc, content: ContentNode, origin: unknown): void {
  const json = normalizeTemplateContent(content);
  pageDoc.transact(() => {
    const fragment = pageContent(pageDoc);
    if (fragment.length === 0) {
      // y-tiptap's own transaction nests in this one and so carries `origin`.
      prosemirrorJSONToYXmlFragment(pageSchema(), json, fragment);
      return;
    }
    const scratch = new Y.Doc();
    const staged = prosemirrorJSONToYXmlFragment(pageSchema(), json, pageContent(scratch));
    fragment.insert(
      fragment.length,
      staged.toArray().map((node) => node.clone() as Y.XmlElement | Y.XmlText),
    );
  }, origin);
}
