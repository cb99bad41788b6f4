import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ContentNode } from './templates';
import { pageSchema } from './templates-schema';
import {
  contentToMarkdown,
  formatFrontMatter,
  mapContentLinks,
  markdownToContent,
  markdownToPage,
  pageToMarkdown,
  readPageFrontMatter,
  splitFrontMatter,
} from './markdown';

type Mark = NonNullable<ContentNode['marks']>[number];

const t = (text: string, ...marks: (string | Mark)[]): ContentNode => ({
  type: 'text',
  text,
  ...(marks.length ? { marks: marks.map((m) => (typeof m === 'string' ? { type: m } : m)) } : {}),
});
const p = (...content: ContentNode[]): ContentNode => ({ type: 'paragraph', ...(content.length ? { content } : {}) });
const br: ContentNode = { type: 'hardBreak' };
const link = (href: string, title: string | null = null): Mark => ({ type: 'link', attrs: { href, title } });
const doc = (...content: ContentNode[]): ContentNode => ({ type: 'doc', content });
const li = (...content: ContentNode[]): ContentNode => ({ type: 'listItem', content });
const task = (checked: boolean, ...content: ContentNode[]): ContentNode => ({ type: 'taskItem', attrs: { checked }, content });
const cell = (type: 'tableHeader' | 'tableCell', ...content: ContentNode[]): ContentNode => ({ type, content: content.length ? content : [p()] });

/** The document as the schema stores it (defaults filled in, text merged): what a page holds. */
const normalize = (node: ContentNode) => pageSchema().nodeFromJSON(node).toJSON() as ContentNode;
const roundTrip = (node: ContentNode) => markdownToContent(contentToMarkdown(node));

/** Every node type and mark of the page schema. */
const EVERYTHING = doc(
  { type: 'heading', attrs: { level: 1 }, content: [t('Runbook '), t('v2', 'italic')] },
  { type: 'heading', attrs: { level: 2 }, content: [t('Level two')] },
  { type: 'heading', attrs: { level: 3 }, content: [t('Three '), t('bold', 'bold'), br, t('second line')] },
  p(t('Plain, '), t('bold', 'bold'), t(', '), t('italic', 'italic'), t(', '), t('code', 'code'), t(', '), t('strike', 'strike'), t(', '), t('under', 'underline'), t('.')),
  p(t('both', 'bold', 'italic'), t(' and a '), t('link', link('https://example.com/a_b?x=1', 'Example')), t(' and a '), t('page link', link('baton://page/p2'), 'bold'), t('.')),
  p(t('line one'), br, t('line two'), br, t('line three')),
  { type: 'bulletList', content: [li(p(t('one')), { type: 'bulletList', content: [li(p(t('nested')), { type: 'orderedList', attrs: { start: 1, type: null }, content: [li(p(t('deep')))] })] }), li(p(t('two')), p(t('second paragraph')))] },
  { type: 'orderedList', attrs: { start: 3, type: null }, content: [li(p(t('three'))), li(p(t('four')))] },
  { type: 'taskList', content: [task(true, p(t('done')), { type: 'taskList', content: [task(false, p(t('nested todo')))] }), task(false, p(t('todo')))] },
  { type: 'blockquote', content: [p(t('quoted')), { type: 'bulletList', content: [li(p(t('in a quote')))] }, { type: 'blockquote', content: [p(t('nested quote'))] }] },
  { type: 'codeBlock', attrs: { language: 'ts' }, content: [t('const a = `x`;\n\n```\nfence inside\n```')] },
  { type: 'codeBlock', attrs: { language: null }, content: [t('plain code')] },
  { type: 'horizontalRule' },
  {
    type: 'table',
    content: [
      { type: 'tableRow', content: [cell('tableHeader', p(t('Name'))), cell('tableHeader', p(t('Notes')))] },
      { type: 'tableRow', content: [cell('tableCell', p(t('a|b'), t(' x|y', 'code'))), cell('tableCell', p(t('first'), br, t('second', 'bold')))] },
      { type: 'tableRow', content: [cell('tableCell', p(t('link', link('baton://page/p3')))), cell('tableCell')] },
    ],
  },
  p(t('The end.')),
);

describe('Markdown round trip', () => {
  it('keeps every node and mark of the page schema', () => {
    pageSchema().nodeFromJSON(EVERYTHING).check();
    const back = roundTrip(EVERYTHING);
    pageSchema().nodeFromJSON(back).check();
    expect(normalize(back)).toEqual(normalize(EVERYTHING));
  });

  it('writes readable, conventional Markdown', () => {
    const md = contentToMarkdown(EVERYTHING);
    expect(md).toContain('# Runbook *v2*\n');
    expect(md).toContain('### Three **bold**<br>second line\n');
    expect(md).toContain('Plain, **bold**, *italic*, `code`, ~~strike~~, <u>under</u>.');
    expect(md).toContain('[link](https://example.com/a_b?x=1 "Example")');
    expect(md).toContain('[**page link**](baton://page/p2)');
    expect(md).toContain('line one\\\nline two');
    expect(md).toContain('- one\n  - nested\n    1. deep\n');
    expect(md).toContain('3. three\n4. four');
    expect(md).toContain('- [x] done\n  - [ ] nested todo\n- [ ] todo');
    expect(md).toContain('> quoted\n>\n> - in a quote\n>\n> > nested quote');
    expect(md).toContain('````ts\nconst a = `x`;');
    expect(md).toContain('---\n');
    expect(md).toContain('| Name | Notes |\n| --- | --- |\n| a\\|b<code> x\\|y</code> | first<br>**second** |');
  });

  it('keeps text that looks like Markdown as text', () => {
    const tricky = [
      '# not a heading',
      '## neither',
      '1. not a list',
      '3) nor this',
      '- not a bullet',
      '+ not either',
      '> not a quote',
      '    four spaces',
      '\tleading tab',
      'trailing spaces  ',
      '=== not a setext underline',
      '*stars* and _underscores_ and snake_case_name',
      '**double** __double__ ~~tilde~~ ~single~',
      '`ticks` ``double``',
      '[brackets](not-a-link) ![bang](x.png)',
      '<b>html</b> <script>alert(1)</script> &amp; &lt; &#32;',
      'a | pipe | table?',
      'back\\slash at the end\\',
      'https://example.com www.example.com and ana@example.com',
      '---',
      '***',
      '```',
      '~~~',
      '<!-- comment -->',
      '[ref]: https://example.com',
      '2024-01-01 is a date',
      '100% sure; 50$ — ünïcödé 😀',
    ];
    for (const text of tricky) {
      const input = doc(p(t(text)));
      expect(normalize(roundTrip(input)), JSON.stringify(text)).toEqual(normalize(input));
    }
    // Lines after a hard break are protected the same way.
    const lines = doc(p(t('a'), br, t('# b'), br, t('- c'), br, t('1. d'), br, t('  e  ')));
    expect(normalize(roundTrip(lines))).toEqual(normalize(lines));
  });

  it('writes HTML where a delimiter would not be read as one', () => {
    const cases: ContentNode[][] = [
      [t('foo.', 'bold'), t('bar')],
      [t('a'), t('.b', 'bold')],
      [t('"quoted"', 'italic'), t('s')],
      [t('x', 'bold'), t('y', 'italic')],
      [t('*', 'bold')],
      [t('(', 'strike'), t('a')],
    ];
    for (const content of cases) {
      const input = doc(p(...content));
      expect(normalize(roundTrip(input)), contentToMarkdown(input)).toEqual(normalize(input));
    }
    expect(contentToMarkdown(doc(p(t('foo.', 'bold'), t('bar'))))).toBe('<strong>foo.</strong>bar\n');
  });

  it('moves spaces at the edge of a mark outside its delimiters', () => {
    expect(contentToMarkdown(doc(p(t('a'), t(' bold ', 'bold'), t('b'))))).toBe('a **bold** b\n');
    expect(contentToMarkdown(doc(p(t(' code ', 'code'))))).toBe('`  code  `\n');
  });

  it('separates neighbouring lists so they stay two lists', () => {
    const input = doc(
      { type: 'bulletList', content: [li(p(t('a')))] },
      { type: 'bulletList', content: [li(p(t('b')))] },
      { type: 'taskList', content: [task(false, p(t('c')))] },
      { type: 'orderedList', attrs: { start: 1, type: null }, content: [li(p(t('d')))] },
      { type: 'orderedList', attrs: { start: 1, type: null }, content: [li(p(t('e')))] },
    );
    expect(normalize(roundTrip(input))).toEqual(normalize(input));
  });

  it('keeps empty list items, empty tasks and empty code blocks', () => {
    const input = doc(
      { type: 'bulletList', content: [li(p(t('a'))), li(p()), li(p(t('c')))] },
      { type: 'taskList', content: [task(false, p()), task(true, p(t('x')))] },
      { type: 'codeBlock', attrs: { language: 'sh' } },
    );
    expect(normalize(roundTrip(input))).toEqual(normalize(input));
  });

  it('leaves out empty paragraphs, which Markdown cannot hold', () => {
    expect(contentToMarkdown(doc(p(t('a')), p(), p(), p(t('b'))))).toBe('a\n\nb\n');
    expect(contentToMarkdown(doc(p()))).toBe('');
    expect(markdownToContent('')).toEqual(doc(p()));
  });

  it('survives random documents (fast-check)', () => {
    const word = fc.oneof(
      fc.constantFrom('word', 'snake_case', 'www.x.org', 'http://x.io', 'a@b.co', '1.', '#', '-', '+', '=', '>', '|', '&amp;', '&#32;', '<b>', '\\', '`', '``', '*', '**', '_', '~', '[', ']', '(', ')', '!', '"', "'", '.', ',', 'é', '😀'),
      fc.string({ unit: fc.constantFrom(...'abcXYZ019 *_`~[]()<>#+-=.!|\\&:;@/'.split('')), minLength: 1, maxLength: 6 }),
    );
    const text = fc.array(word, { minLength: 1, maxLength: 6 }).map((words) => words.join(' '));
    const trimmed = text.map((s) => s.trim()).filter((s) => s.length > 0);
    // What the schema allows: code alone, or any of the others with at most one link.
    const marks = fc.oneof(
      fc.constant<Mark[]>([]),
      fc.constant<Mark[]>([{ type: 'code' }]),
      fc
        .tuple(
          fc.subarray<Mark>([{ type: 'bold' }, { type: 'italic' }, { type: 'strike' }, { type: 'underline' }]),
          fc.constantFrom<Mark[]>([], [link('https://example.com/x_(y)')], [link('baton://page/abc', 'A "title"')]),
        )
        .map(([others, links]) => [...links, ...others])
        .filter((m) => m.length > 0),
    );
    const run = fc.tuple(trimmed, marks).map(([value, m]) => (m.length ? { type: 'text', text: value, marks: m } : { type: 'text', text: value }) as ContentNode);
    const inline = fc.array(fc.oneof({ weight: 6, arbitrary: run }, { weight: 1, arbitrary: fc.constant(br) }), { minLength: 1, maxLength: 6 }).map((nodes) => {
      // A paragraph must say something: not only breaks; spaces between runs keep words apart.
      const out: ContentNode[] = [];
      for (const node of nodes) {
        if (out.length && node.type === 'text' && out[out.length - 1].type === 'text') out.push(t(' '));
        out.push(node);
      }
      return out.some((n) => n.type === 'text') ? out : [...out, t('x')];
    });
    const paragraph = inline.map((content) => p(...content));
    const block: fc.Arbitrary<ContentNode> = fc.letrec<{ block: ContentNode }>((tie) => ({
      block: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        paragraph,
        fc.tuple(fc.constantFrom(1, 2, 3), inline).map(([level, content]) => ({ type: 'heading', attrs: { level }, content })),
        fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom(null, 'js', 'py')).map(([code, language]) => ({
          type: 'codeBlock',
          attrs: { language },
          ...(code ? { content: [t(code)] } : {}),
        })),
        fc.constant({ type: 'horizontalRule' }),
        fc.tuple(fc.integer({ min: 1, max: 3 }), fc.array(fc.array(paragraph, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 3 })).map(([width, rows]) => ({
          type: 'table',
          content: rows.map((cells, r) => ({ type: 'tableRow', content: cells.slice(0, width).map((c) => cell(r === 0 ? 'tableHeader' : 'tableCell', c)) })),
        })),
        fc.array(tie('block'), { minLength: 1, maxLength: 3 }).map((content) => ({ type: 'blockquote', content })),
        fc
          .tuple(fc.constantFrom('bulletList', 'orderedList', 'taskList'), fc.array(fc.tuple(paragraph, fc.array(tie('block'), { maxLength: 2 }), fc.boolean()), { minLength: 1, maxLength: 3 }))
          .map(([type, items]) => ({
            type,
            ...(type === 'orderedList' ? { attrs: { start: 1, type: null } } : {}),
            content: items.map(([first, rest, checked]) =>
              type === 'taskList' ? task(checked, first, ...rest) : li(first, ...rest),
            ),
          })),
      ),
    })).block;
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 5 }), (blocks) => {
        const input = doc(...blocks);
        const md = contentToMarkdown(input);
        const back = markdownToContent(md);
        expect(normalize(back), md).toEqual(normalize(input));
      }),
      { numRuns: Number(process.env.MD_RUNS ?? 300), seed: Number(process.env.MD_SEED ?? 20_250_106) },
    );
  });
});

describe('reading Markdown from elsewhere', () => {
  it('reads common syntax the serializer does not write', () => {
    const md = 'Setext\n======\n\n#### Deep heading\n\n    indented code\n\n~~~py\nx = 1\n~~~\n\n* star\n+ plus\n\n1) one\n\nsoft\nbreak, two spaces  \nhard break\n\n___\n';
    expect(normalize(markdownToContent(md))).toEqual(
      normalize(
        doc(
          { type: 'heading', attrs: { level: 1 }, content: [t('Setext')] },
          { type: 'heading', attrs: { level: 3 }, content: [t('Deep heading')] },
          { type: 'codeBlock', attrs: { language: null }, content: [t('indented code')] },
          { type: 'codeBlock', attrs: { language: 'py' }, content: [t('x = 1')] },
          { type: 'bulletList', content: [li(p(t('star')))] },
          { type: 'bulletList', content: [li(p(t('plus')))] },
          { type: 'orderedList', attrs: { start: 1, type: null }, content: [li(p(t('one')))] },
          p(t('soft break, two spaces'), br, t('hard break')),
          { type: 'horizontalRule' },
        ),
      ),
    );
  });

  it('strips unknown HTML and drops scripts, keeping the text', () => {
    const md = [
      '<div class="x" onclick="steal()">Block <b>html</b> text<script>alert(1)</script></div>',
      '',
      'Inline <span style="color:red">span</span>, <u>under</u>, <strong>strong</strong>, <em>em</em>, <del>del</del>, a<br>break <script>evil()</script>end<!-- note -->',
      '',
      '<style>body { display: none }</style>',
      '',
      '<iframe src="https://evil.example"></iframe>',
    ].join('\n');
    const out = normalize(markdownToContent(md));
    expect(out).toEqual(
      normalize(
        doc(
          p(t('Block html text')),
          p(t('Inline span, '), t('under', 'underline'), t(', '), t('strong', 'bold'), t(', '), t('em', 'italic'), t(', '), t('del', 'strike'), t(', a'), br, t('break end')),
        ),
      ),
    );
    expect(JSON.stringify(out)).not.toMatch(/alert|evil|steal|display|iframe/);
  });

  it('drops unsafe links but keeps their text; images become linked alt text', () => {
    const md = '[click](javascript:alert(1)) [data](data:text/html,x) [ok](https://x.io) ![logo](img/logo.png) [mail](mailto:a@b.co) [rel](../a.md)';
    expect(normalize(markdownToContent(md))).toEqual(
      normalize(
        doc(
          p(
            t('click data '),
            t('ok', link('https://x.io')),
            t(' '),
            t('logo', link('img/logo.png')),
            t(' '),
            t('mail', link('mailto:a@b.co')),
            t(' '),
            t('rel', link('../a.md')),
          ),
        ),
      ),
    );
  });

  it('splits a list that mixes tasks and plain items; reads `- [ ]` alone as an empty task', () => {
    expect(normalize(markdownToContent('- [ ] a\n- b\n- [x]\n'))).toEqual(
      normalize(doc({ type: 'taskList', content: [task(false, p(t('a')))] }, { type: 'bulletList', content: [li(p(t('b')))] }, { type: 'taskList', content: [task(true, p())] })),
    );
  });

  it('decodes character references outside code, keeps them inside', () => {
    expect(normalize(markdownToContent('&copy; &#x1F600; &unknown; `&amp;`'))).toEqual(normalize(doc(p(t('© 😀 &unknown; '), t('&amp;', 'code')))));
  });

  it('never throws on odd input', () => {
    for (const md of ['\u0000', '<', '<<<<>>>>', '[', '[]()', '| a |\n|---|', '- [', '```', '> > > >', '\r\n\r\n', '*'.repeat(1000), '<script>'.repeat(10)]) {
      const out = markdownToContent(md);
      expect(() => pageSchema().nodeFromJSON(out).check(), JSON.stringify(md)).not.toThrow();
    }
  });
});

describe('links', () => {
  it('rewrites hrefs as they are written and as they are read', () => {
    const input = doc(p(t('other', link('baton://page/p2')), t(' '), t('web', link('https://x.io'))));
    const md = contentToMarkdown(input, { linkHref: (href) => (href === 'baton://page/p2' ? '../Other Page/Sub.md' : href) });
    expect(md).toBe('[other](<../Other Page/Sub.md>) [web](https://x.io)\n');
    const back = markdownToContent(md, { linkHref: (href) => (href.endsWith('.md') ? 'baton://page/new' : href) });
    expect(normalize(back)).toEqual(normalize(doc(p(t('other', link('baton://page/new')), t(' '), t('web', link('https://x.io'))))));
    // Null unlinks.
    expect(normalize(markdownToContent(md, { linkHref: () => null }))).toEqual(normalize(doc(p(t('other web')))));
  });

  it('mapContentLinks rewrites or removes link marks and nothing else', () => {
    const input = doc(p(t('a', link('x'), 'bold'), t('b', link('y'))));
    const out = mapContentLinks(input, (href) => (href === 'x' ? 'z' : null));
    expect(out).toEqual(doc(p({ type: 'text', text: 'a', marks: [{ type: 'link', attrs: { href: 'z', title: null } }, { type: 'bold' }] }, t('b'))));
    expect(input.content![0].content![0].marks![0].attrs!.href).toBe('x');
  });
});

describe('front matter', () => {
  const page = { id: 'p1', title: 'On-call: "hand over"', icon: '📟', ownerId: 'm1', reviewEveryDays: 30 };

  it('writes a minimal YAML block that reads back', () => {
    const md = pageToMarkdown(page, doc(p(t('Body'))), { order: 2 });
    expect(md).toBe('---\nid: "p1"\ntitle: "On-call: \\"hand over\\""\nicon: "📟"\nowner: "m1"\nreviewEveryDays: 30\norder: 2\n---\n\nBody\n');
    const back = markdownToPage(md);
    expect(back.frontMatter).toEqual({ id: 'p1', title: 'On-call: "hand over"', icon: '📟', owner: 'm1', reviewEveryDays: 30, order: 2 });
    expect(back.content).toEqual(doc(p(t('Body'))));
    expect(markdownToPage(pageToMarkdown({ ...page, icon: '', reviewEveryDays: null }, doc(p()))).frontMatter).toEqual({
      id: 'p1',
      title: 'On-call: "hand over"',
      owner: 'm1',
      reviewEveryDays: null,
    });
  });

  it('reads hand-written YAML and ignores what it does not know', () => {
    const { fields, body } = splitFrontMatter("\uFEFF---\r\ntitle: Plain title # comment\r\nicon: '✅'\r\ntags:\r\n  - a\r\nreviewEveryDays: ~\r\ndraft: true\r\n...\r\n# Body\r\n");
    expect(fields).toEqual({ title: 'Plain title', icon: '✅', tags: null, reviewEveryDays: null, draft: true });
    expect(body).toBe('# Body\n');
  });

  it('drops invalid values instead of guessing', () => {
    expect(readPageFrontMatter({ id: '../x', icon: '<img src=x>', owner: 'a b', reviewEveryDays: 0, order: 'first', title: '   ' })).toEqual({});
    expect(readPageFrontMatter({ reviewEveryDays: 1.5 })).toEqual({});
    expect(readPageFrontMatter({ reviewEveryDays: 99_999 })).toEqual({});
  });

  it('is only front matter when it starts the file and closes', () => {
    expect(splitFrontMatter('text\n---\nid: x\n---\n').fields).toEqual({});
    expect(splitFrontMatter('---\nid: x\nnever closed\n').fields).toEqual({});
    expect(splitFrontMatter('---\n\n---\n').body).toBe('');
    expect(formatFrontMatter({})).toBe('---\n---\n');
  });
});
