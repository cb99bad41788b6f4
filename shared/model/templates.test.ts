import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_URGENCY_LEVELS } from './space';
import { pageContent, readPageText } from './page';
import type { ContentNode } from './templates';
import {
  BUILTIN_TEMPLATES,
  deleteTemplate,
  formatWorkingMinutes,
  readPageContentJSON,
  readTemplate,
  readTemplates,
  saveTemplate,
  writeTemplateContent,
} from './templates';
import { PageError } from './tree-errors';

const settings = { urgencyLevels: DEFAULT_URGENCY_LEVELS };

/** The texts of the headings of a page doc, read back from its XmlFragment. */
function headings(doc: Y.Doc): string[] {
  return pageContent(doc)
    .toArray()
    .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'heading')
    .map((n) => n.toArray().map((t) => (t instanceof Y.XmlText ? t.toString() : '')).join(''));
}

function fromTemplate(id: string, levels = settings): Y.Doc {
  const doc = new Y.Doc();
  writeTemplateContent(doc, readTemplate(new Y.Doc(), id, levels)!.content, { kind: 'local' });
  return doc;
}

describe('built-in templates', () => {
  const expected: Record<string, string[]> = {
    'builtin-decision-record': ['Context', 'Options', 'Decision', 'Status', 'Consequences'],
    'builtin-meeting-notes': ['Attendees', 'Agenda', 'Notes', 'Decisions', 'Action items'],
    'builtin-retrospective': ['What went well', 'What didn’t go well', 'Actions'],
    'builtin-communication-protocol': ['Team communication protocol', 'Channels', 'Urgency levels', 'Expected response times'],
    'builtin-project-plan': ['Goals', 'Scope', 'Milestones', 'Risks', 'Team'],
    'builtin-onboarding-guide': ['Welcome', 'First day', 'First week', 'Tools and access', 'People to meet'],
  };

  it('has the six built-ins', () => {
    expect(BUILTIN_TEMPLATES.map((t) => t.id).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [id, heads] of Object.entries(expected)) {
    it(`${id} writes its headings into the page's XmlFragment`, () => {
      const doc = fromTemplate(id);
      expect(headings(doc)).toEqual(heads);
      // Round trip: the fragment reads back as the template's JSON structure.
      const json = readPageContentJSON(doc);
      expect(json.content?.map((n) => n.type)).toEqual(readTemplate(new Y.Doc(), id, settings)!.content.content!.map((n) => n.type));
    });
  }

  it('writes task lists the editor can check off', () => {
    const json = readPageContentJSON(fromTemplate('builtin-retrospective'));
    const taskList = json.content!.find((n) => n.type === 'taskList')!;
    expect(taskList.content![0]).toMatchObject({ type: 'taskItem', attrs: { checked: false } });
  });

  it('fills the communication protocol from the team’s urgency levels', () => {
    const levels = [
      { id: 'fyi', label: 'FYI', responseWorkingMinutes: 16 * 60 },
      { id: 'pager', label: 'Pager', responseWorkingMinutes: 30 },
    ];
    const text = readPageText(fromTemplate('builtin-communication-protocol', { urgencyLevels: levels }));
    expect(text).toContain('FYI — for information; no reply needed');
    expect(text).toContain('Pager — answer within 30 working minutes');
    expect(text).toContain('FYI: within 2 working days of the recipient');
    expect(text).toContain('Pager: within 30 working minutes of the recipient');
    expect(text).not.toContain('Urgent');
  });

  it('formats working minutes', () => {
    expect(formatWorkingMinutes(480)).toBe('1 working day');
    expect(formatWorkingMinutes(120)).toBe('2 working hours');
    expect(formatWorkingMinutes(90)).toBe('90 working minutes');
  });

  it('writes in one transaction with the given origin', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    const origin = { kind: 'local' };
    writeTemplateContent(doc, readTemplate(doc, 'builtin-meeting-notes', settings)!.content, origin);
    expect(origins).toEqual([origin]);
  });
});

describe('team templates', () => {
  const content: ContentNode = {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Incident' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'What happened' }] },
    ],
  };

  it('saves, lists after the built-ins, syncs and deletes', () => {
    const space = new Y.Doc();
    const saved = saveTemplate(space, { id: 't1', name: '  Incident   review ', description: 'After an outage', content, by: 'm1', now: 5 }, null);
    expect(saved).toMatchObject({ id: 't1', name: 'Incident review', builtin: false, createdBy: 'm1', createdAt: 5 });
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(space));
    const list = readTemplates(other, settings);
    expect(list.slice(0, BUILTIN_TEMPLATES.length).every((t) => t.builtin)).toBe(true);
    expect(list[list.length - 1]).toMatchObject({ id: 't1', content });
    const page = new Y.Doc();
    writeTemplateContent(page, list[list.length - 1].content, null);
    expect(readPageText(page)).toBe('Incident\nWhat happened');
    deleteTemplate(other, { id: 't1' }, null);
    expect(readTemplate(other, 't1', settings)).toBeNull();
    expect(() => deleteTemplate(other, { id: 'builtin-retrospective' }, null)).toThrow(PageError);
  });

  it('saving a page as a template keeps its structure and marks', () => {
    const page = fromTemplate('builtin-decision-record');
    const json = readPageContentJSON(page);
    const space = new Y.Doc();
    const saved = saveTemplate(space, { id: 't2', name: 'Our ADR', content: json, by: 'm', now: 1 }, null);
    const copy = new Y.Doc();
    writeTemplateContent(copy, saved.content, null);
    expect(readPageText(copy)).toBe(readPageText(page));
  });

  it('refuses content that does not fit the page schema, and accepts an empty page', () => {
    const space = new Y.Doc();
    const bad = { type: 'doc', content: [{ type: 'video', attrs: { src: 'x' } }] };
    expect(() => saveTemplate(space, { id: 't3', name: 'Bad', content: bad, by: 'm', now: 1 }, null)).toThrow(/page schema/);
    const empty = saveTemplate(space, { id: 't4', name: 'Empty', content: { type: 'doc', content: [] }, by: 'm', now: 1 }, null);
    expect(empty.content).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
  });
});
