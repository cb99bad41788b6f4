/**
 * Markdown (CommonMark + GFM) → page content (ProseMirror/TipTap JSON of the page schema).
 *
 * `marked` tokenizes (it is what @tiptap/markdown builds on); the tokens are turned into nodes
 * of the page schema here, so that anything a file may contain ends up as something the schema
 * holds:
 * - headings deeper than the schema's 3 levels become level 3; images become their alt text
 *   linked to the image; a list mixing task and plain items is split into runs;
 * - inline HTML: `<br>` is a hard break, `<u>`/`<ins>`, `<b>`/`<strong>`, `<i>`/`<em>`,
 *   `<s>`/`<del>`/`<strike>` and `<code>` are marks, `<script>`, `<style>` and the like are dropped with
 *   their content, and every other tag is stripped, keeping its text. HTML blocks become
 *   paragraphs of their text (markdown-html.ts). Nothing becomes HTML: the output is text.
 * - links keep only safe schemes (http, https, mailto, tel, baton, or a relative path);
 *   others (javascript:, data:, file:) leave their text unlinked. `linkHref` may rewrite them.
 */
import { Lexer } from 'marked';
import type { Token, Tokens } from 'marked';
import type { ContentNode } from './templates';
import { DROPPED_ELEMENTS, decodeEntities, htmlToParagraphs, parseTag } from './markdown-html';

type Mark = NonNullable<ContentNode['marks']>[number];

export interface MarkdownParseOptions {
  /**
   * Rewrites a (safe) link href as it is read, e.g. a relative `.md` path to the page it names;
   * returning null leaves the text without a link.
   */
  linkHref?(href: string): string | null;
}

const MAX_HEADING_LEVEL = 3;
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel', 'baton']);
const HTML_MARKS: Record<string, string> = {
  u: 'underline',
  ins: 'underline',
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  s: 'strike',
  del: 'strike',
  strike: 'strike',
  code: 'code',
};

interface InlineState {
  options: MarkdownParseOptions;
  /** Marks opened by inline HTML tags (`<u>`), by mark type: how many are open. */
  htmlMarks: Map<string, number>;
  /** > 0 inside `<script>` and the like: text is dropped. */
  dropDepth: number;
}

/** Reads Markdown (without front matter) as a page document; never throws on odd input. */
export function markdownToContent(markdown: string, options: MarkdownParseOptions = {}): ContentNode {
  const source = markdown.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const tokens = new Lexer({ gfm: true, breaks: false }).lex(source);
  const content = blocks(tokens, options);
  return { type: 'doc', content: content.length > 0 ? content : [{ type: 'paragraph' }] };
}

/** Whether an href may become a link: a safe scheme or no scheme (a relative path, `#x`). */
export function isSafeHref(href: string): boolean {
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
  const compact = href.replace(/[\u0000-\u0020\u007f]/g, '');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(compact)?.[1].toLowerCase();
  return scheme === undefined ? !compact.startsWith('//') : SAFE_SCHEMES.has(scheme);
}

// --- blocks -----------------------------------------------------------------------------------

const paragraph = (content: ContentNode[]): ContentNode => (content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' });

function blocks(tokens: readonly Token[], options: MarkdownParseOptions): ContentNode[] {
  const out: ContentNode[] = [];
  for (const token of tokens) out.push(...block(token, options));
  return out;
}

function block(token: Token, options: MarkdownParseOptions): ContentNode[] {
  switch (token.type) {
    case 'space':
    case 'def':
    case 'checkbox':
      return [];
    case 'heading': {
      const t = token as Tokens.Heading;
      const content = inlineContent(t.tokens, options);
      return [{ type: 'heading', attrs: { level: Math.min(MAX_HEADING_LEVEL, Math.max(1, t.depth)) }, ...(content.length ? { content } : {}) }];
    }
    case 'paragraph':
    case 'text': {
      const t = token as Tokens.Paragraph | Tokens.Text;
      const content = 'tokens' in t && t.tokens ? inlineContent(t.tokens, options) : textNodes(decodeEntities(t.text));
      // A paragraph that held only dropped HTML (`<script>…</script>`) leaves nothing.
      return content.length > 0 || !t.text.trim() ? [paragraph(content)] : [];
    }
    case 'code': {
      const t = token as Tokens.Code;
      const language = (t.lang ?? '').trim().split(/\s+/)[0] || null;
      return [{ type: 'codeBlock', attrs: { language }, ...(t.text ? { content: [{ type: 'text', text: t.text }] } : {}) }];
    }
    case 'blockquote': {
      const inner = blocks((token as Tokens.Blockquote).tokens, options);
      return [{ type: 'blockquote', content: inner.length > 0 ? inner : [paragraph([])] }];
    }
    case 'list':
      return list(token as Tokens.List, options);
    case 'hr':
      return [{ type: 'horizontalRule' }];
    case 'table':
      return [table(token as Tokens.Table, options)];
    case 'html':
      return htmlToParagraphs((token as Tokens.HTML).text).map((text) => paragraph(textNodes(text)));
    default: {
      const t = token as { tokens?: Token[]; text?: string };
      if (t.tokens) return [paragraph(inlineContent(t.tokens, options))];
      return typeof t.text === 'string' && t.text.trim() ? [paragraph(textNodes(decodeEntities(t.text)))] : [];
    }
  }
}

/** A list, split into runs of task items and plain items (the schema keeps them apart). */
function list(token: Tokens.List, options: MarkdownParseOptions): ContentNode[] {
  const out: ContentNode[] = [];
  let run: { task: boolean; items: ContentNode[] } | null = null;
  let start = typeof token.start === 'number' ? token.start : 1;
  const flush = () => {
    if (!run) return;
    if (run.task) out.push({ type: 'taskList', content: run.items });
    else if (token.ordered) out.push({ type: 'orderedList', attrs: { start, type: null }, content: run.items });
    else out.push({ type: 'bulletList', content: run.items });
    start += run.items.length;
    run = null;
  };
  for (const item of token.items) {
    let tokens = item.tokens;
    let task = item.task;
    let checked = item.checked === true;
    // `- [ ]` with nothing after it is an empty task; marked wants text after the box.
    const first = tokens[0] as Tokens.Text | undefined;
    if (!task && first?.type === 'text') {
      const box = /^\[([ xX])\]\s*$/.exec(first.text);
      if (box) {
        task = true;
        checked = box[1] !== ' ';
        tokens = tokens.slice(1);
      }
    }
    const content = blocks(tokens, options);
    if (content[0]?.type !== 'paragraph') content.unshift(paragraph([]));
    if (run && run.task !== task) flush();
    run ??= { task, items: [] };
    run.items.push(task ? { type: 'taskItem', attrs: { checked }, content } : { type: 'listItem', content });
  }
  flush();
  return out;
}

function table(token: Tokens.Table, options: MarkdownParseOptions): ContentNode {
  const row = (cells: Tokens.TableCell[], type: 'tableHeader' | 'tableCell'): ContentNode => ({
    type: 'tableRow',
    content: cells.map((cell) => ({ type, content: [paragraph(inlineContent(cell.tokens, options))] })),
  });
  return { type: 'table', content: [row(token.header, 'tableHeader'), ...token.rows.map((cells) => row(cells, 'tableCell'))] };
}

// --- inline -----------------------------------------------------------------------------------

function inlineContent(tokens: readonly Token[], options: MarkdownParseOptions): ContentNode[] {
  const out: ContentNode[] = [];
  inline(tokens, [], out, { options, htmlMarks: new Map(), dropDepth: 0 });
  return mergeText(out);
}

/** The schema's mark order (its ranks), so equal mark sets compare equal. */
const MARK_RANK = ['link', 'bold', 'code', 'italic', 'strike', 'underline'];

/** Soft line breaks are spaces; text never holds a newline. */
function textNodes(text: string, marks: Mark[] = []): ContentNode[] {
  const clean = text.replace(/\n/g, ' ');
  if (!clean) return [];
  const sorted = marks.map((m) => ({ ...m })).sort((a, b) => MARK_RANK.indexOf(a.type) - MARK_RANK.indexOf(b.type));
  return [{ type: 'text', text: clean, ...(sorted.length ? { marks: sorted } : {}) }];
}

function withMark(marks: Mark[], mark: Mark): Mark[] {
  return marks.some((m) => m.type === mark.type) ? marks : [...marks, mark];
}

function effectiveMarks(marks: Mark[], state: InlineState): Mark[] {
  let out = marks;
  for (const [type, count] of state.htmlMarks) if (count > 0) out = withMark(out, { type });
  // The schema's code mark excludes every other mark.
  return out.some((m) => m.type === 'code') ? [{ type: 'code' }] : out;
}

function pushText(out: ContentNode[], text: string, marks: Mark[], state: InlineState): void {
  if (state.dropDepth > 0) return;
  out.push(...textNodes(text, effectiveMarks(marks, state)));
}

function inline(tokens: readonly Token[], marks: Mark[], out: ContentNode[], state: InlineState): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'text': {
        const t = token as Tokens.Text;
        if (t.tokens) inline(t.tokens, marks, out, state);
        else pushText(out, decodeEntities(t.text), marks, state);
        break;
      }
      case 'escape':
        pushText(out, decodeEntities((token as Tokens.Escape).text), marks, state);
        break;
      case 'strong':
        inline((token as Tokens.Strong).tokens, withMark(marks, { type: 'bold' }), out, state);
        break;
      case 'em':
        inline((token as Tokens.Em).tokens, withMark(marks, { type: 'italic' }), out, state);
        break;
      case 'del':
        inline((token as Tokens.Del).tokens, withMark(marks, { type: 'strike' }), out, state);
        break;
      case 'codespan': {
        // Inside a link, the link wins: the schema cannot hold both marks on one text.
        const inLink = marks.some((m) => m.type === 'link');
        pushText(out, (token as Tokens.Codespan).text, inLink ? marks : withMark(marks, { type: 'code' }), state);
        break;
      }
      case 'br':
        if (state.dropDepth === 0) out.push({ type: 'hardBreak' });
        break;
      case 'link':
      case 'image': {
        const t = token as Tokens.Link | Tokens.Image;
        const mark = linkMark(t.href, t.title, state.options);
        const inner = mark ? withMark(marks.filter((m) => m.type !== 'link'), mark) : marks;
        if (t.type === 'image' && !t.text) pushText(out, t.href, inner, state);
        else if (t.tokens && t.tokens.length > 0) inline(t.tokens, inner, out, state);
        else pushText(out, decodeEntities(t.text), inner, state);
        break;
      }
      case 'html':
        htmlTag((token as Tokens.Tag).text, out, state);
        break;
      case 'checkbox':
        break;
      default: {
        const t = token as { tokens?: Token[]; text?: string };
        if (t.tokens) inline(t.tokens, marks, out, state);
        else if (typeof t.text === 'string') pushText(out, decodeEntities(t.text), marks, state);
      }
    }
  }
}

function linkMark(rawHref: string, title: string | null | undefined, options: MarkdownParseOptions): Mark | null {
  const href = rawHref.trim();
  if (!href || !isSafeHref(href)) return null;
  const mapped = options.linkHref ? options.linkHref(href) : href;
  if (mapped === null || !isSafeHref(mapped)) return null;
  return { type: 'link', attrs: { href: mapped, title: title ? title : null } };
}

/** Inline HTML: a few tags mean marks or breaks; dropped elements hide their text; the rest is stripped. */
function htmlTag(html: string, out: ContentNode[], state: InlineState): void {
  const tag = parseTag(html);
  if (!tag) {
    // A comment or something tag-like but not a tag: comments vanish, anything else stays text.
    if (!/^\s*<[!?]/.test(html)) pushText(out, decodeEntities(html), [], state);
    return;
  }
  if (DROPPED_ELEMENTS.has(tag.name)) {
    if (!tag.selfClosing) state.dropDepth = Math.max(0, state.dropDepth + (tag.closing ? -1 : 1));
    return;
  }
  if (tag.name === 'br' && !tag.closing) {
    if (state.dropDepth === 0) out.push({ type: 'hardBreak' });
    return;
  }
  const mark = HTML_MARKS[tag.name];
  if (!mark || tag.selfClosing) return;
  const open = state.htmlMarks.get(mark) ?? 0;
  state.htmlMarks.set(mark, Math.max(0, open + (tag.closing ? -1 : 1)));
}

function sameMarks(a: Mark[] | undefined, b: Mark[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

/** Joins neighbouring text nodes with the same marks (the tokenizer splits at every escape). */
function mergeText(nodes: ContentNode[]): ContentNode[] {
  const out: ContentNode[] = [];
  for (const node of nodes) {
    const last = out[out.length - 1];
    if (node.type === 'text' && last?.type === 'text' && sameMarks(last.marks, node.marks)) {
      out[out.length - 1] = { ...last, text: (last.text ?? '') + (node.text ?? '') };
    } else {
      out.push(node);
    }
  }
  return out;
}
