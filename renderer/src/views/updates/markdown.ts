/**
 * A tiny Markdown reader for update-log entries: the subset people write in status updates,
 * parsed into a tree of plain data that React renders as elements. No HTML string is ever
 * built or injected, so nothing a teammate writes can become markup or script.
 *
 * Blocks: paragraphs, `#`…`######` headings, `-`/`*`/`+` and `1.` lists (one level, with
 * `[ ]`/`[x]` task markers), ``` fenced code, `>` quotes, `---` rules and `|` tables.
 * Inline: `code`, **bold**, *italic* / _italic_, ~~strike~~, [text](url), bare http(s) URLs,
 * [[Page title]] / [[Title|label]], @mentions (only of known names) and #tags.
 *
 * Links are kept only for http:, https: and baton://page/<id>; anything else (javascript:,
 * data:, file:…) stays as text.
 */
import { TAG_PATTERN } from '../../../../shared/model/log-extract';

export type Inline =
  | { t: 'text'; text: string }
  | { t: 'code'; text: string }
  | { t: 'strong'; children: Inline[] }
  | { t: 'em'; children: Inline[] }
  | { t: 'del'; children: Inline[] }
  | { t: 'link'; href: string; children: Inline[] }
  | { t: 'page'; title: string; label: string; pageId: string | null }
  | { t: 'mention'; name: string; memberId: string }
  | { t: 'tag'; tag: string };

export type Block =
  | { t: 'p'; children: Inline[] }
  | { t: 'h'; level: number; children: Inline[] }
  | { t: 'list'; ordered: boolean; start: number; items: { checked: boolean | null; children: Inline[] }[] }
  | { t: 'code'; text: string }
  | { t: 'quote'; children: Block[] }
  | { t: 'hr' }
  | { t: 'table'; head: Inline[][]; align: ('left' | 'right' | 'center' | null)[]; rows: Inline[][][] };

export interface MarkdownContext {
  members: readonly { id: string; name: string }[];
  pages: readonly { id: string; title: string }[];
}

const EMPTY: MarkdownContext = { members: [], pages: [] };

/** A link target we render as a link, or null. */
export function safeHref(url: string): string | null {
  const trimmed = url.trim();
  if (/^https?:\/\/[^\s<>"]+$/i.test(trimmed)) return trimmed;
  if (/^baton:\/\/page\/[A-Za-z0-9_-]{1,64}$/.test(trimmed)) return trimmed;
  return null;
}

/** The page id of a `baton://page/<id>` link, or null. */
export function pageIdOfHref(href: string): string | null {
  const match = /^baton:\/\/page\/([A-Za-z0-9_-]{1,64})$/.exec(href);
  return match ? match[1] : null;
}

// ---------------------------------------------------------------------------------------------
// Blocks

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;
const BULLET = /^ {0,3}[-*+]\s+(.*)$/;
const ORDERED = /^ {0,3}(\d{1,9})[.)]\s+(.*)$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
const TABLE_DIVIDER = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

function splitRow(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  const cells: string[] = [];
  let current = '';
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\' && row[i + 1] === '|') {
      current += '|';
      i++;
    } else if (row[i] === '|') {
      cells.push(current.trim());
      current = '';
    } else {
      current += row[i];
    }
  }
  cells.push(current.trim());
  return cells;
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || BULLET.test(line) || ORDERED.test(line) || QUOTE.test(line);
}

export function parseMarkdown(source: string, context: MarkdownContext = EMPTY): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  return parseBlocks(lines, context, 0);
}

function parseBlocks(lines: string[], context: MarkdownContext, depth: number): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  const inline = (text: string) => parseInline(text, context);
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !new RegExp(`^ {0,3}${fence[1][0] === '`' ? '`' : '~'}{${fence[1].length},}\\s*$`).test(lines[i])) body.push(lines[i++]);
      i++; // the closing fence (or the end)
      blocks.push({ t: 'code', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ t: 'h', level: heading[1].length, children: inline(heading[2]) });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ t: 'hr' });
      i++;
      continue;
    }
    if (QUOTE.test(line) && depth < 4) {
      const body: string[] = [];
      while (i < lines.length && lines[i].trim() !== '' && QUOTE.test(lines[i])) body.push(QUOTE.exec(lines[i++])![1]);
      blocks.push({ t: 'quote', children: parseBlocks(body, context, depth + 1) });
      continue;
    }
    if (BULLET.test(line) || ORDERED.test(line)) {
      const ordered = !BULLET.test(line);
      const pattern = ordered ? ORDERED : BULLET;
      const start = ordered ? Number(ORDERED.exec(line)![1]) : 1;
      const items: { checked: boolean | null; text: string }[] = [];
      while (i < lines.length && lines[i].trim() !== '') {
        const match = pattern.exec(lines[i]);
        if (match) {
          let text = ordered ? match[2] : match[1];
          let checked: boolean | null = null;
          const task = /^\[([ xX])\]\s+(.*)$/.exec(text);
          if (task) {
            checked = task[1] !== ' ';
            text = task[2];
          }
          items.push({ checked, text });
        } else if (/^\s+\S/.test(lines[i]) && items.length > 0 && !startsBlock(lines[i].trimStart())) {
          items[items.length - 1].text += ' ' + lines[i].trim(); // a continuation line
        } else if (/^\s+\S/.test(lines[i]) && items.length > 0) {
          // A nested list item: kept flat, one level deep.
          const nested = BULLET.exec(lines[i].trimStart()) ?? ORDERED.exec(lines[i].trimStart());
          items.push({ checked: null, text: nested ? (nested[2] ?? nested[1]) : lines[i].trim() });
        } else {
          break;
        }
        i++;
      }
      blocks.push({ t: 'list', ordered, start, items: items.map((item) => ({ checked: item.checked, children: inline(item.text) })) });
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && TABLE_DIVIDER.test(lines[i + 1]) && lines[i + 1].includes('-')) {
      const head = splitRow(line);
      const align = splitRow(lines[i + 1]).map((cell) => {
        const left = cell.startsWith(':');
        const right = cell.endsWith(':');
        return left && right ? 'center' : right ? 'right' : left ? 'left' : null;
      });
      i += 2;
      const rows: Inline[][][] = [];
      while (i < lines.length && lines[i].trim() !== '' && lines[i].includes('|')) {
        const cells = splitRow(lines[i++]);
        rows.push(head.map((_, c) => inline(cells[c] ?? '')));
      }
      blocks.push({ t: 'table', head: head.map(inline), align: head.map((_, c) => align[c] ?? null), rows });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i].trim() !== '' && (para.length === 0 || !startsBlock(lines[i]))) para.push(lines[i++].trim());
    blocks.push({ t: 'p', children: inline(para.join('\n')) });
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// Inline

const WORD_CHAR = /[\p{L}\p{N}_]/u;

function isWordStart(text: string, index: number): boolean {
  if (index === 0) return true;
  const before = text[index - 1];
  return !WORD_CHAR.test(before) && !['/', '&', '#', '@', '\\'].includes(before);
}

function pushText(out: Inline[], text: string): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.t === 'text') last.text += text;
  else out.push({ t: 'text', text });
}

/** The closing delimiter of an emphasis run starting at `from`, or -1. */
function findClose(text: string, delimiter: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const at = text.indexOf(delimiter, i);
    if (at === -1) return -1;
    // Not inside a code span, and not whitespace right before the closer.
    if (at > from && !/\s/.test(text[at - 1])) return at;
    i = at + 1;
  }
  return -1;
}

export function parseInline(text: string, context: MarkdownContext = EMPTY, depth = 0): Inline[] {
  const out: Inline[] = [];
  const members = context.members
    .map((m) => ({ id: m.id, name: m.name.replace(/\s+/g, ' ').trim() }))
    .filter((m) => m.name.length > 0)
    .sort((a, b) => b.name.length - a.name.length);
  const pagesByTitle = new Map<string, string>();
  for (const page of context.pages) {
    const key = page.title.replace(/\s+/g, ' ').trim().toLowerCase();
    if (key && !pagesByTitle.has(key)) pagesByTitle.set(key, page.id);
  }
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const char = text[i];

    if (char === '\\' && i + 1 < text.length && /[\\`*_[\]{}()#+\-.!|~@>]/.test(text[i + 1])) {
      pushText(out, text[i + 1]);
      i += 2;
      continue;
    }
    if (char === '`') {
      const ticks = /^`+/.exec(rest)![0];
      const close = text.indexOf(ticks, i + ticks.length);
      if (close !== -1) {
        out.push({ t: 'code', text: text.slice(i + ticks.length, close).replace(/\n/g, ' ') });
        i = close + ticks.length;
        continue;
      }
      pushText(out, ticks);
      i += ticks.length;
      continue;
    }
    if (depth < 6 && (rest.startsWith('**') || rest.startsWith('__'))) {
      const delimiter = rest.slice(0, 2);
      const close = findClose(text, delimiter, i + 2);
      if (close > i + 2 && !/\s/.test(text[i + 2])) {
        out.push({ t: 'strong', children: parseInline(text.slice(i + 2, close), context, depth + 1) });
        i = close + 2;
        continue;
      }
    }
    if (depth < 6 && rest.startsWith('~~')) {
      const close = findClose(text, '~~', i + 2);
      if (close > i + 2 && !/\s/.test(text[i + 2])) {
        out.push({ t: 'del', children: parseInline(text.slice(i + 2, close), context, depth + 1) });
        i = close + 2;
        continue;
      }
    }
    if (depth < 6 && (char === '*' || (char === '_' && isWordStart(text, i))) && i + 1 < text.length && !/\s/.test(text[i + 1])) {
      const close = findClose(text, char, i + 1);
      const after = text[close + 1];
      if (close > i + 1 && (char === '*' || after === undefined || !WORD_CHAR.test(after))) {
        out.push({ t: 'em', children: parseInline(text.slice(i + 1, close), context, depth + 1) });
        i = close + 1;
        continue;
      }
    }
    if (rest.startsWith('[[')) {
      const match = /^\[\[([^[\]\n|]+)(?:\|([^[\]\n]*))?\]\]/.exec(rest);
      if (match) {
        const title = match[1].replace(/\s+/g, ' ').trim();
        const label = (match[2] ?? '').trim() || title;
        out.push({ t: 'page', title, label, pageId: pagesByTitle.get(title.toLowerCase()) ?? null });
        i += match[0].length;
        continue;
      }
    }
    if (char === '[') {
      const match = /^\[([^\]\n]*)\]\(\s*<?([^\s()<>]+)>?\s*\)/.exec(rest);
      if (match) {
        const href = safeHref(match[2]);
        const children = depth < 6 ? parseInline(match[1] || match[2], context, depth + 1) : [{ t: 'text' as const, text: match[1] }];
        if (href) out.push({ t: 'link', href, children });
        else
          for (const child of children) {
            if (child.t === 'text') pushText(out, child.text);
            else out.push(child);
          }
        i += match[0].length;
        continue;
      }
    }
    if ((char === 'h' || char === 'H' || char === 'b') && isWordStart(text, i)) {
      const match = /^(?:https?:\/\/|baton:\/\/page\/)[^\s<>"]+/i.exec(rest);
      if (match) {
        // Trailing punctuation ends a sentence, not the URL.
        const url = match[0].replace(/[.,;:!?)\]'"]+$/, '');
        const href = safeHref(url);
        if (href) {
          out.push({ t: 'link', href, children: [{ t: 'text', text: url }] });
          i += url.length;
          continue;
        }
      }
    }
    if (char === '@' && isWordStart(text, i)) {
      const member = members.find((m) => {
        const candidate = text.slice(i + 1, i + 1 + m.name.length);
        const next = text[i + 1 + m.name.length];
        return candidate.toLowerCase() === m.name.toLowerCase() && (next === undefined || !WORD_CHAR.test(next));
      });
      if (member) {
        out.push({ t: 'mention', name: text.slice(i + 1, i + 1 + member.name.length), memberId: member.id });
        i += 1 + member.name.length;
        continue;
      }
    }
    if (char === '#' && isWordStart(text, i)) {
      const match = /^#([A-Za-z0-9][A-Za-z0-9-]*)/.exec(rest);
      const next = match ? text[i + match[0].length] : undefined;
      if (match && (next === undefined || !WORD_CHAR.test(next))) {
        const tag = match[1].replace(/-+$/, '').toLowerCase();
        if (/[a-z]/.test(tag) && TAG_PATTERN.test(tag)) {
          out.push({ t: 'tag', tag });
          i += 1 + match[1].replace(/-+$/, '').length;
          continue;
        }
      }
    }
    pushText(out, char);
    i++;
  }
  return out;
}

/** The plain text of inline nodes (for titles and tests). */
export function inlineText(nodes: readonly Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.t) {
        case 'text':
        case 'code':
          return n.text;
        case 'page':
          return n.label;
        case 'mention':
          return `@${n.name}`;
        case 'tag':
          return `#${n.tag}`;
        default:
          return inlineText(n.children);
      }
    })
    .join('');
}
