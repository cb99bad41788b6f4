import { describe, expect, it } from 'vitest';
import { inlineText, parseInline, parseMarkdown, safeHref } from './markdown';
import type { Block, Inline } from './markdown';

const ctx = { members: [{ id: 'ana', name: 'Ana Maria' }, { id: 'an', name: 'Ana' }], pages: [{ id: 'p1', title: 'Release plan' }] };

describe('markdown reader', () => {
  it('reads paragraphs, headings, lists with tasks, quotes, code and rules', () => {
    const blocks = parseMarkdown('# Title\n\nline one\nline two\n\n- a\n- [x] done\n\n3. three\n4. four\n\n> quoted\n\n```\n<b>raw</b>\n```\n\n---', ctx);
    expect(blocks.map((b) => b.t)).toEqual(['h', 'p', 'list', 'list', 'quote', 'code', 'hr']);
    expect(blocks[1]).toEqual({ t: 'p', children: [{ t: 'text', text: 'line one\nline two' }] });
    expect(blocks[2]).toMatchObject({ ordered: false, items: [{ checked: null }, { checked: true }] });
    expect(blocks[3]).toMatchObject({ ordered: true, start: 3 });
    expect(blocks[5]).toEqual({ t: 'code', text: '<b>raw</b>' });
  });

  it('reads bold, italic, strike and code spans; markup inside code stays text', () => {
    expect(parseInline('**bold** and *it* and _it2_ and ~~gone~~ and `**not**`')).toEqual([
      { t: 'strong', children: [{ t: 'text', text: 'bold' }] },
      { t: 'text', text: ' and ' },
      { t: 'em', children: [{ t: 'text', text: 'it' }] },
      { t: 'text', text: ' and ' },
      { t: 'em', children: [{ t: 'text', text: 'it2' }] },
      { t: 'text', text: ' and ' },
      { t: 'del', children: [{ t: 'text', text: 'gone' }] },
      { t: 'text', text: ' and ' },
      { t: 'code', text: '**not**' },
    ]);
    expect(parseInline('snake_case_name stays')).toEqual([{ t: 'text', text: 'snake_case_name stays' }]);
    expect(parseInline('2 * 3 * 4')).toEqual([{ t: 'text', text: '2 * 3 * 4' }]);
  });

  it('keeps only http(s) and baton://page links; everything else is text', () => {
    const nodes = parseInline('[site](https://example.com/a?b=1) [x](javascript:alert(1)) [d](data:text/html,hi) <https://x.y> see https://ok.example/path. [p](baton://page/abc_1)');
    const links = nodes.filter((n): n is Extract<Inline, { t: 'link' }> => n.t === 'link').map((n) => n.href);
    expect(links).toEqual(['https://example.com/a?b=1', 'https://x.y', 'https://ok.example/path', 'baton://page/abc_1']);
    expect(inlineText(nodes)).toContain('x');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('HTTPS://EXAMPLE.COM')).toBe('HTTPS://EXAMPLE.COM');
    expect(safeHref('baton://page/../../etc')).toBeNull();
  });

  it('reads [[page]] links, @mentions of known names (longest wins) and #tags', () => {
    expect(parseInline('See [[release PLAN]] and [[Missing|that one]]', ctx)).toEqual([
      { t: 'text', text: 'See ' },
      { t: 'page', title: 'release PLAN', label: 'release PLAN', pageId: 'p1' },
      { t: 'text', text: ' and ' },
      { t: 'page', title: 'Missing', label: 'that one', pageId: null },
    ]);
    expect(parseInline('hi @Ana Maria and @ana, mail bob@ana.com, @Nobody', ctx)).toEqual([
      { t: 'text', text: 'hi ' },
      { t: 'mention', name: 'Ana Maria', memberId: 'ana' },
      { t: 'text', text: ' and ' },
      { t: 'mention', name: 'ana', memberId: 'an' },
      { t: 'text', text: ', mail bob@ana.com, @Nobody' },
    ]);
    expect(parseInline('#release #42 issue#3 #Infra-', ctx)).toEqual([
      { t: 'tag', tag: 'release' },
      { t: 'text', text: ' #42 issue#3 ' },
      { t: 'tag', tag: 'infra' },
      { t: 'text', text: '-' },
    ]);
  });

  it('reads tables with alignment (the weekly summary uses them)', () => {
    const [table] = parseMarkdown('| Day | Posts |\n| --- | ---: |\n| Mon | 3 |\n| Tue \\| x | 4 |') as Extract<Block, { t: 'table' }>[];
    expect(table.t).toBe('table');
    expect(table.align).toEqual([null, 'right']);
    expect(table.rows.map((r) => r.map(inlineText))).toEqual([
      ['Mon', '3'],
      ['Tue | x', '4'],
    ]);
  });

  it('never produces markup from raw HTML', () => {
    const blocks = parseMarkdown('<img src=x onerror=alert(1)> <script>alert(1)</script>');
    expect(blocks).toEqual([{ t: 'p', children: [{ t: 'text', text: '<img src=x onerror=alert(1)> <script>alert(1)</script>' }] }]);
  });
});
