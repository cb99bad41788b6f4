import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { extractPageLinks, pageIdFromHref, pageLinkHref } from './links';
import { pageContent } from './page';
import { writeTemplateContent } from './templates';

const link = (text: string, href: string) => ({ type: 'text', text, marks: [{ type: 'link', attrs: { href } }] });

describe('page links', () => {
  it('reads page ids from baton://page/ hrefs only', () => {
    expect(pageLinkHref('abc')).toBe('baton://page/abc');
    expect(pageIdFromHref('baton://page/abc')).toBe('abc');
    expect(pageIdFromHref('baton://page/abc#section')).toBe('abc');
    expect(pageIdFromHref('https://example.com')).toBeNull();
    expect(pageIdFromHref('baton://page/')).toBeNull();
    expect(pageIdFromHref('baton://page/bad id')).toBeNull();
    expect(pageIdFromHref(42)).toBeNull();
  });

  it('extracts outgoing page links from link marks anywhere in the content, once each, in order', () => {
    const doc = new Y.Doc();
    writeTemplateContent(
      doc,
      {
        type: 'doc',
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'See ' }, link('Runbook', 'baton://page/run'), link('web', 'https://x.y')] },
          {
            type: 'bulletList',
            content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [link('Rota', 'baton://page/rota'), link('again', 'baton://page/run')] }] }],
          },
          {
            type: 'table',
            content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [{ type: 'paragraph', content: [link('cell', 'baton://page/cell')] }] }] }],
          },
        ],
      },
      null,
    );
    expect(extractPageLinks(pageContent(doc))).toEqual(['run', 'rota', 'cell']);
  });

  it('sees links written the way y-prosemirror stores overlapping marks', () => {
    const doc = new Y.Doc();
    const p = new Y.XmlElement('paragraph');
    pageContent(doc).insert(0, [p]);
    const text = new Y.XmlText();
    p.insert(0, [text]);
    text.insert(0, 'x', { 'link--abc123': { href: 'baton://page/other' }, bold: {} });
    expect(extractPageLinks(pageContent(doc))).toEqual(['other']);
  });
});
