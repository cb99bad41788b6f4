/**
 * Page content (ProseMirror/TipTap JSON of the page schema, templates-schema.ts) → Markdown
 * (CommonMark + GFM tables, task lists and strikethrough).
 *
 * Written by hand rather than with @tiptap/markdown's MarkdownManager: that one runs headless,
 * but its serializer does not escape block syntax in text ("# x", "1. x"), breaks code spans
 * and fences that contain backticks, and drops hard breaks in table cells, so a round trip
 * changed the page. Here every piece of text is escaped for the place it lands, and
 * markdown-parse.ts reads the result back to the same document (markdown.test.ts checks it).
 *
 * What Markdown cannot hold is written as close as it gets:
 * - empty paragraphs are left out (Markdown has no empty paragraph);
 * - underline is `<u>…</u>`; bold, italic and strike fall back to `<strong>`, `<em>`, `<del>`
 *   where `**`/`*`/`~~` would not be read as delimiters (`**foo.**bar`); hard breaks are `\` +
 *   newline, or `<br>` inside headings and table cells (the parser reads all of these back);
 * - a table cell's blocks are flattened to one line of inline text joined by `<br>`; colspans
 *   are padded with empty cells, rowspans are not kept; the first row is the header row.
 */
import type { ContentNode } from './templates';

type Mark = NonNullable<ContentNode['marks']>[number];

export interface MarkdownSerializeOptions {
  /** Rewrites a link's href before it is written (page links → relative file paths). */
  linkHref?(href: string): string;
}

/** Marks outermost first: the order delimiters open in (code is literal, so innermost). */
const MARK_ORDER = ['link', 'bold', 'italic', 'strike', 'underline', 'code'];

interface Context {
  options: MarkdownSerializeOptions;
}

/** The page as Markdown, ending with one newline ('' for an empty page). */
export function contentToMarkdown(doc: ContentNode, options: MarkdownSerializeOptions = {}): string {
  const out = blocks(doc.content ?? [], { options }, false);
  return out ? out + '\n' : '';
}

// --- blocks -----------------------------------------------------------------------------------

function isEmptyParagraph(node: ContentNode): boolean {
  return node.type === 'paragraph' && !(node.content ?? []).some((child) => child.type !== 'text' || child.text);
}

/**
 * Serializes sibling blocks, separated by a blank line; inside a tight list item a nested list
 * follows its paragraph on the next line. Consecutive lists of the same kind alternate their
 * marker (`-`/`*`, `.`/`)`), or Markdown would merge them into one list.
 */
function blocks(nodes: readonly ContentNode[], ctx: Context, tight: boolean): string {
  let out = '';
  let previous: ContentNode | null = null;
  let previousMarker = '';
  for (const node of nodes) {
    if (isEmptyParagraph(node)) continue;
    let marker = '';
    if (isList(node)) {
      const [first, second] = node.type === 'orderedList' ? ['.', ')'] : ['-', '*'];
      marker = previous && isList(previous) && sameListFamily(previous, node) && previousMarker === first ? second : first;
    }
    const text = block(node, ctx, marker);
    if (out) out += tight && isList(node) && previous?.type === 'paragraph' && canInterruptParagraph(node) ? '\n' : '\n\n';
    out += text;
    previous = node;
    previousMarker = marker;
  }
  return out;
}

function isList(node: ContentNode): boolean {
  return node.type === 'bulletList' || node.type === 'orderedList' || node.type === 'taskList';
}

function sameListFamily(a: ContentNode, b: ContentNode): boolean {
  return (a.type === 'orderedList') === (b.type === 'orderedList');
}

/**
 * Whether a nested list may start on the line right after its item's paragraph: an ordered list
 * must start at 1 and no list may start with an empty item (`-` under text is a heading underline).
 */
function canInterruptParagraph(list: ContentNode): boolean {
  if (list.type === 'orderedList' && orderedStart(list) !== 1) return false;
  const first = list.content?.[0]?.content?.[0];
  return !!first && !isEmptyParagraph(first);
}

function orderedStart(list: ContentNode): number {
  const start = Number(list.attrs?.start ?? 1);
  return Number.isInteger(start) && start >= 0 && start <= 999_999_999 ? start : 1;
}

function block(node: ContentNode, ctx: Context, marker: string): string {
  switch (node.type) {
    case 'paragraph':
      return inline(node.content ?? [], ctx, 'block');
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(node.attrs?.level) || 1));
      // A final run of '#' after a space (or alone) would be read as the optional closing sequence.
      const text = inline(node.content ?? [], ctx, 'line').replace(/(^|[ \t])(#+)$/, '$1\\$2');
      return '#'.repeat(level) + (text ? ' ' + text : '');
    }
    case 'codeBlock':
      return codeBlock(node);
    case 'blockquote': {
      const inner = blocks(node.content ?? [], ctx, false);
      return inner
        .split('\n')
        .map((line) => (line ? '> ' + line : '>'))
        .join('\n');
    }
    case 'bulletList':
    case 'orderedList':
    case 'taskList':
      return list(node, ctx, marker);
    case 'horizontalRule':
      return '---';
    case 'table':
      return table(node, ctx);
    default:
      // An unknown block: keep its text rather than lose it.
      return node.content ? blocks(node.content, ctx, false) || inline(node.content, ctx, 'block') : '';
  }
}

function codeBlock(node: ContentNode): string {
  const text = (node.content ?? []).map((child) => (child.type === 'hardBreak' ? '\n' : (child.text ?? ''))).join('');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const language = typeof node.attrs?.language === 'string' ? node.attrs.language.replace(/[\s`]/g, '') : '';
  return `${fence}${language}\n${text ? text + '\n' : ''}${fence}`;
}

function list(node: ContentNode, ctx: Context, marker: string): string {
  const items = node.content ?? [];
  let n = orderedStart(node);
  return items
    .map((item) => {
      let prefix: string;
      if (node.type === 'orderedList') prefix = `${n++}${marker} `;
      else prefix = `${marker} `;
      const checkbox = node.type === 'taskList' ? (item.attrs?.checked === true ? '[x] ' : '[ ] ') : '';
      const body = blocks(item.content ?? [], ctx, true);
      const indent = ' '.repeat(prefix.length);
      const lines = body.split('\n');
      // The checkbox sits on the first line; an item without text still needs its first line.
      const first = checkbox + (body && isEmptyParagraph(item.content?.[0] ?? { type: 'paragraph' }) ? '' : (lines.shift() ?? ''));
      const rest = lines.map((line) => (line ? indent + line : ''));
      return [(prefix + first).trimEnd(), ...rest].join('\n');
    })
    .join('\n');
}

function table(node: ContentNode, ctx: Context): string {
  const rows = (node.content ?? []).map((row) => {
    const cells: string[] = [];
    for (const cell of row.content ?? []) {
      cells.push(cellText(cell, ctx));
      const span = Math.max(1, Math.min(100, Number(cell.attrs?.colspan) || 1));
      for (let i = 1; i < span; i++) cells.push('');
    }
    return cells;
  });
  if (rows.length === 0) return '';
  const width = Math.max(1, ...rows.map((cells) => cells.length));
  const line = (cells: string[]) => '| ' + Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ') + ' |';
  return [line(rows[0]), line(Array.from({ length: width }, () => '---')), ...rows.slice(1).map(line)].join('\n');
}

/** A table cell's blocks as one line: the inline content of each textblock, joined by `<br>`. */
function cellText(cell: ContentNode, ctx: Context): string {
  const parts: string[] = [];
  const collect = (nodes: readonly ContentNode[]) => {
    for (const node of nodes) {
      if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'codeBlock') {
        if (node.type === 'codeBlock') {
          const text = (node.content ?? []).map((c) => c.text ?? '').join('');
          for (const line of text.split('\n')) parts.push(inline([{ type: 'text', text: line, marks: [{ type: 'code' }] }], ctx, 'cell'));
        } else if (!isEmptyParagraph(node) || parts.length > 0) {
          parts.push(inline(node.content ?? [], ctx, 'cell'));
        }
      } else if (node.content) {
        collect(node.content);
      }
    }
  };
  collect(cell.content ?? []);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.join('<br>');
}

// --- inline -----------------------------------------------------------------------------------

/**
 * Where inline content goes: `block` (a paragraph, may span lines), `line` (a heading: one line,
 * breaks as `<br>`), `cell` (a table cell: one line; code holding `|` is written as `<code>`).
 */
type InlineMode = 'block' | 'line' | 'cell';

function sortedMarks(marks: readonly Mark[] | undefined): Mark[] {
  const known = (marks ?? []).filter((m) => MARK_ORDER.includes(m.type));
  // Code is literal: nothing nests inside it, and the schema lets it stand only with a link.
  const hasCode = known.some((m) => m.type === 'code');
  return known
    .filter((m) => !hasCode || m.type === 'code' || m.type === 'link')
    .sort((a, b) => MARK_ORDER.indexOf(a.type) - MARK_ORDER.indexOf(b.type));
}

function sameMark(a: Mark, b: Mark): boolean {
  return a.type === b.type && (a.type !== 'link' || (a.attrs?.href === b.attrs?.href && (a.attrs?.title ?? null) === (b.attrs?.title ?? null)));
}

/** Inline output before delimiters are chosen: text, or where a mark opens or closes. */
type Piece = { kind: 'text'; text: string } | { kind: 'open' | 'close'; id: number; mark: Mark };

function inline(nodes: readonly ContentNode[], ctx: Context, mode: InlineMode): string {
  const pieces: Piece[] = [];
  const active: { id: number; mark: Mark }[] = [];
  let nextId = 0;
  /** Whitespace at the end of the last text, written once we know which marks close before it. */
  let pendingSpace = '';

  const text = (value: string) => value && pieces.push({ kind: 'text', text: value });
  const closeTo = (keep: number) => {
    while (active.length > keep) pieces.push({ kind: 'close', ...active.pop()! });
  };
  const flushSpace = () => {
    text(pendingSpace);
    pendingSpace = '';
  };

  // `\` + newline breaks a line only between two lines of text: at the end of a block it is a
  // literal backslash, and a line holding only `\` may not even continue the block.
  const texts = nodes.flatMap((node, index) => (node.type === 'text' && node.text ? [index] : []));
  const firstText = texts[0] ?? -1;
  const lastText = texts[texts.length - 1] ?? -1;
  nodes.forEach((node, index) => {
    if (node.type === 'hardBreak') {
      closeTo(0);
      flushSpace();
      text(mode === 'block' && index > firstText && index < lastText ? '\\\n' : '<br>');
      return;
    }
    if (node.type !== 'text' || !node.text) return;
    const value = node.text.replace(/\r\n?|\n/g, ' ');
    const marks = sortedMarks(node.marks);
    const isCode = marks.some((m) => m.type === 'code');

    // Delimiters must touch non-space text (`** x**` is not bold): whitespace at either end of
    // a marked run is written outside its delimiters. Code keeps its spaces: they are content.
    const lead = isCode ? '' : /^\s*/.exec(value)![0];
    const trail = isCode || lead.length === value.length ? '' : /\s*$/.exec(value)![0];
    const core = value.slice(lead.length, value.length - trail.length);
    let keep = 0;
    while (keep < active.length && keep < marks.length && sameMark(active[keep].mark, marks[keep])) keep++;
    closeTo(keep);
    if (!core) {
      // Only whitespace: close what it lacks, but nothing can open around bare spaces.
      pendingSpace += value;
      return;
    }
    flushSpace();
    text(lead);
    for (const mark of marks.slice(keep)) {
      if (mark.type === 'code') break;
      const opened = { id: nextId++, mark };
      pieces.push({ kind: 'open', ...opened });
      active.push(opened);
    }
    text(isCode ? codeSpan(core, mode) : escapeText(core, marks.some((m) => m.type === 'link')));
    pendingSpace = trail;
  });
  closeTo(0);
  flushSpace();
  return protectLines(renderPieces(pieces, ctx), mode);
}

const DELIMITERS: Record<string, string> = { bold: '**', italic: '*', strike: '~~' };
const HTML_OPEN: Record<string, string> = { bold: '<strong>', italic: '<em>', strike: '<del>', underline: '<u>' };
const HTML_CLOSE: Record<string, string> = { bold: '</strong>', italic: '</em>', strike: '</del>', underline: '</u>' };

/**
 * Writes the pieces with `**`, `*` and `~~` where Markdown will read them as delimiters, and
 * with `<strong>`, `<em>`, `<del>` (which the parser reads back) where it would not: a
 * delimiter run only opens when "left-flanking" and closes when "right-flanking" (CommonMark
 * §6.2), so `**foo.**bar` is not bold. Falling back may change a neighbour's flanking, so
 * this repeats until nothing changes.
 */
function renderPieces(pieces: readonly Piece[], ctx: Context): string {
  // Each link's destination is worked out once (linkHref may count what it rewrites).
  const linkEnds = new Map<number, string>();
  for (const piece of pieces) if (piece.kind === 'close' && piece.mark.type === 'link') linkEnds.set(piece.id, closeLink(piece.mark, ctx));
  const asHtml = new Set<number>();
  for (let round = 0; round < 8; round++) {
    const { out, runs } = render(pieces, asHtml, linkEnds);
    const failed = new Set<number>();
    for (const run of runs) {
      const before = out[run.start - 1];
      const after = out[run.end];
      const left = after !== undefined && !isSpace(after) && (!isPunct(after) || before === undefined || isSpace(before) || isPunct(before));
      const right = before !== undefined && !isSpace(before) && (!isPunct(before) || after === undefined || isSpace(after) || isPunct(after));
      for (const piece of run.pieces) if (piece.kind === 'open' ? !left : !right) failed.add(piece.id);
    }
    if (failed.size === 0) return out;
    for (const id of failed) asHtml.add(id);
  }
  return render(pieces, asHtml, linkEnds, true).out;
}

interface DelimiterRun {
  start: number;
  end: number;
  pieces: { kind: 'open' | 'close'; id: number }[];
}

function render(pieces: readonly Piece[], asHtml: ReadonlySet<number>, linkEnds: ReadonlyMap<number, string>, allHtml = false): { out: string; runs: DelimiterRun[] } {
  let out = '';
  const runs: DelimiterRun[] = [];
  for (const piece of pieces) {
    if (piece.kind === 'text') {
      out += piece.text;
      continue;
    }
    const { type } = piece.mark;
    if (type === 'link') {
      out += piece.kind === 'open' ? '[' : linkEnds.get(piece.id)!;
      continue;
    }
    const delimiter = DELIMITERS[type];
    if (!delimiter || allHtml || asHtml.has(piece.id)) {
      out += piece.kind === 'open' ? HTML_OPEN[type] : HTML_CLOSE[type];
      continue;
    }
    const last = runs[runs.length - 1];
    // Adjacent delimiters of the same character form one run (`**` + `*` = `***`).
    if (last && last.end === out.length && out[out.length - 1] === delimiter[0]) {
      last.end += delimiter.length;
      last.pieces.push({ kind: piece.kind, id: piece.id });
    } else {
      runs.push({ start: out.length, end: out.length + delimiter.length, pieces: [{ kind: piece.kind, id: piece.id }] });
    }
    out += delimiter;
  }
  return { out, runs };
}

const isSpace = (c: string) => /\s/u.test(c);
const isPunct = (c: string) => /[\p{P}\p{S}]/u.test(c);

function closeLink(mark: Mark, ctx: Context): string {
  const raw = typeof mark.attrs?.href === 'string' ? mark.attrs.href : '';
  const href = ctx.options.linkHref ? ctx.options.linkHref(raw) : raw;
  const title = typeof mark.attrs?.title === 'string' && mark.attrs.title ? ` "${mark.attrs.title.replace(/["\\]/g, '\\$&').replace(/\s+/g, ' ')}"` : '';
  return `](${linkDestination(href)}${title})`;
}

/** A link destination: bare when safe, else in `<…>` (spaces, parentheses, brackets). */
function linkDestination(href: string): string {
  const clean = href.replace(/[\r\n]+/g, '');
  if (clean && !/[\s<>()\\]/.test(clean)) return clean;
  return '<' + clean.replace(/[<>\\]/g, '\\$&') + '>';
}

function codeSpan(text: string, mode: InlineMode): string {
  // marked misreads emphasis next to code spans whose fence is longer than one backtick, so
  // code holding a backtick is written as `<code>` with escaped text (the parser reads it back).
  // In a table cell, likewise for `|`: GFM's row splitting and backslashes in code do not mix.
  if (text.includes('`') || (mode === 'cell' && text.includes('|'))) return '<code>' + escapeText(text) + '</code>';
  // Padding (stripped again by the parser) keeps spaces at both ends from being stripped, and a
  // final `\` from looking like an escaped backtick to marked.
  const pad = text.endsWith('\\') || /^ .*[^ ].* $/.test(text) ? ' ' : '';
  return '`' + pad + text + pad + '`';
}

/**
 * Escapes text so it reads back as the same text: the characters that start inline syntax
 * (`<` always: marked reads more as tags than CommonMark does), `_` where it could be an
 * emphasis delimiter, `&` before what could be a character reference, and bare URLs and e-mail
 * addresses that GFM would otherwise link.
 * (`>` matters only at the start of a line: see protectLines.)
 */
export function escapeText(text: string, inLink = false): string {
  const chars = Array.from(text);
  const wordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  // In link text, parentheses too: marked re-reads the text of a link and would find `[x](y)`.
  const special = inLink ? '\\`*[]<~|()' : '\\`*[]<~|';
  let out = '';
  chars.forEach((c, i) => {
    const rest = () => chars.slice(i + 1, i + 34).join('');
    if (special.includes(c)) out += '\\' + c;
    // `&` only before what could be a character reference.
    else if (c === '&' && /^(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/.test(rest())) out += '\\&';
    else if (c === '_' && !(wordChar(chars[i - 1]) && wordChar(chars[i + 1]))) out += '\\_';
    else out += c;
  });
  out = out.replace(/\b(https?|ftp)(:\/\/)/gi, '$1\\:\\/\\/').replace(/\b(www)\./gi, '$1\\.');
  return out.replace(/([\p{L}\p{N}._%+-])@(?=[\p{L}\p{N}-]+\.)/gu, '$1\\@');
}

/**
 * Makes each line of inline output start and end as text: a leading `#`, `-`, `+`, `=`, `>`
 * or `1.` would start a heading, list, quote or setext underline, and leading or trailing spaces would be
 * dropped (four would even start a code block), so spaces there are written as `&#32;`.
 */
function protectLines(out: string, mode: InlineMode): string {
  return out
    .split('\n')
    .map((line) => {
      let next = line.replace(/^[ \t]+/, (ws) => entities(ws));
      next = next.replace(/[ \t]+(?=\\?$)/, (ws) => entities(ws));
      if (mode === 'cell') return next;
      if (/^[#+=>-]/.test(next)) next = '\\' + next;
      else next = next.replace(/^(\d{1,9})([.)])/, '$1\\$2');
      return next;
    })
    .join('\n');
}

function entities(ws: string): string {
  return [...ws].map((c) => (c === '\t' ? '&#9;' : '&#32;')).join('');
}
