import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendParagraph, insertTextAt, pageContent, readPageText } from './page';

/** Builds `content` by hand the way y-prosemirror writes an editor document. */
function element(name: string, children: (Y.XmlElement | Y.XmlText)[] = [], attrs: Record<string, unknown> = {}): Y.XmlElement {
  const el = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value as string);
  el.insert(0, children);
  return el;
}
const text = (value: string, format?: Record<string, unknown>) => {
  const t = new Y.XmlText();
  t.insert(0, value, format);
  return t;
};

describe('page content', () => {
  it('reads a rich document as lines of plain text', () => {
    const doc = new Y.Doc();
    pageContent(doc).insert(0, [
      element('heading', [text('Release')], { level: 2 }),
      element('paragraph', [text('Ship '), text('on Tuesday', { bold: {} }), text('.')]),
      element('bulletList', [element('listItem', [element('paragraph', [text('freeze')])]), element('listItem', [element('paragraph', [text('tag')])])]),
      element('taskList', [element('taskItem', [element('paragraph', [text('announce')])], { checked: false })]),
      element('horizontalRule'),
      element('blockquote', [element('paragraph', [text('quoted')])]),
      element('codeBlock', [text('npm run build\nnpm test')], { language: null as unknown as string }),
      element('paragraph', [text('line'), element('hardBreak'), text('break')]),
      element('table', [
        element('tableRow', [element('tableHeader', [element('paragraph', [text('A')])]), element('tableHeader', [element('paragraph', [text('B')])])]),
      ]),
      element('paragraph'),
    ]);
    expect(readPageText(doc)).toBe(
      ['Release', 'Ship on Tuesday.', 'freeze', 'tag', 'announce', 'quoted', 'npm run build\nnpm test', 'line\nbreak', 'A', 'B', ''].join('\n'),
    );
  });

  it('appends paragraphs and inserts text at plain-text offsets', () => {
    const doc = new Y.Doc();
    expect(readPageText(doc)).toBe('');
    insertTextAt(doc, 0, 'Ship on Tuesday.');
    expect(readPageText(doc)).toBe('Ship on Tuesday.');
    insertTextAt(doc, 16, ' QA Monday.');
    insertTextAt(doc, 0, 'Plan: ');
    appendParagraph(doc, 'second\nthird');
    expect(readPageText(doc)).toBe('Plan: Ship on Tuesday. QA Monday.\nsecond\nthird');
    // The start of a line, and the end of the previous one, are different offsets.
    insertTextAt(doc, 34, '> ');
    insertTextAt(doc, 33, '!');
    expect(readPageText(doc)).toBe('Plan: Ship on Tuesday. QA Monday.!\n> second\nthird');
    expect(pageContent(doc).toString()).toBe(
      '<paragraph>Plan: Ship on Tuesday. QA Monday.!</paragraph><paragraph>> second</paragraph><paragraph>third</paragraph>',
    );
    expect(() => insertTextAt(doc, 100, 'x')).toThrow(RangeError);
    expect(() => insertTextAt(doc, 0, 'a\nb')).toThrow(RangeError);
  });

  it('types into an empty paragraph and next to a hard break', () => {
    const doc = new Y.Doc();
    pageContent(doc).insert(0, [element('paragraph'), element('paragraph', [element('hardBreak')])]);
    insertTextAt(doc, 0, 'first');
    insertTextAt(doc, 6, 'before');
    insertTextAt(doc, 13, 'after');
    expect(readPageText(doc)).toBe('first\nbefore\nafter');
  });

  it('runs in one transaction with the given origin, and concurrent inserts merge', () => {
    const a = new Y.Doc();
    const origins: unknown[] = [];
    a.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    appendParagraph(a, 'one\ntwo', 'local');
    expect(origins).toEqual(['local']);

    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    insertTextAt(a, 3, ' (a)');
    insertTextAt(b, 0, 'b: ');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readPageText(a)).toBe('b: one (a)\ntwo');
    expect(readPageText(b)).toBe(readPageText(a));
  });
});
