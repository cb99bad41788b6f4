/**
 * A page as a Markdown file, and back: a small front matter block with the page's metadata,
 * then its content (markdown-serialize.ts / markdown-parse.ts).
 *
 * ```
 * ---
 * id: "k3j2h4g5"
 * title: "On-call: how we hand over"
 * icon: "📟"
 * owner: "m1a2b3"
 * reviewEveryDays: 90
 * order: 2
 * ---
 * ```
 *
 * The front matter is a minimal YAML subset — `key: value` lines, values JSON-quoted strings,
 * numbers, `null`, `true`/`false` — which every Markdown tool that knows front matter reads.
 * The reader also takes bare and single-quoted strings and skips lines it does not understand,
 * so hand-written front matter from other tools does no harm. `id` lets an import map links
 * that still name an exported page (`baton://page/<id>`) to the page it creates; `title` keeps
 * the exact title that the file name had to shorten or sanitize; `order` keeps sibling order.
 */
import type { ContentNode } from './templates';
import type { PageMeta } from './types';
import { MAX_REVIEW_EVERY_DAYS } from './staleness';
import { MAX_TITLE_LENGTH } from './space';
import { contentToMarkdown } from './markdown-serialize';
import type { MarkdownSerializeOptions } from './markdown-serialize';
import { markdownToContent } from './markdown-parse';
import type { MarkdownParseOptions } from './markdown-parse';

export { contentToMarkdown, escapeText } from './markdown-serialize';
export type { MarkdownSerializeOptions } from './markdown-serialize';
export { markdownToContent, isSafeHref } from './markdown-parse';
export type { MarkdownParseOptions } from './markdown-parse';

/** The page metadata a Markdown file carries. */
export interface PageFrontMatter {
  id?: string;
  title?: string;
  icon?: string;
  owner?: string;
  reviewEveryDays?: number | null;
  order?: number;
}

export type FrontMatterValue = string | number | boolean | null;

const FRONT_MATTER_KEYS = ['id', 'title', 'icon', 'owner', 'reviewEveryDays', 'order'] as const;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Lines of front matter read at most: a file whose block does not close by then has none. */
const MAX_FRONT_MATTER_LINES = 200;

/** The front matter block, `---` to `---` with a trailing newline; only the fields given. */
export function formatFrontMatter(fields: PageFrontMatter): string {
  const lines = ['---'];
  for (const key of FRONT_MATTER_KEYS) {
    const value = fields[key];
    if (value === undefined) continue;
    // JSON strings are valid YAML double-quoted scalars (the same escapes).
    lines.push(`${key}: ${value === null ? 'null' : JSON.stringify(value)}`);
  }
  lines.push('---', '');
  return lines.join('\n');
}

/**
 * Splits a file into its front matter fields and the Markdown body. Without a front matter
 * block (first line `---`, closed by `---` or `...`) the whole text is the body.
 */
export function splitFrontMatter(text: string): { fields: Record<string, FrontMatterValue>; body: string } {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = source.split('\n');
  if (lines[0]?.trimEnd() !== '---') return { fields: {}, body: source };
  const end = lines.findIndex((line, i) => i > 0 && i <= MAX_FRONT_MATTER_LINES && (line.trimEnd() === '---' || line.trimEnd() === '...'));
  if (end === -1) return { fields: {}, body: source };
  const fields: Record<string, FrontMatterValue> = {};
  for (const line of lines.slice(1, end)) {
    const match = /^([A-Za-z_][A-Za-z0-9_-]*)\s*:(.*)$/.exec(line);
    if (!match) continue; // comments, list items, nested blocks: not ours
    fields[match[1]] = parseScalar(match[2].trim());
  }
  return { fields, body: lines.slice(end + 1).join('\n') };
}

function parseScalar(raw: string): FrontMatterValue {
  if (raw === '' || raw === '~' || raw === 'null' || raw === 'Null' || raw === 'NULL') return null;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (raw.startsWith('"')) {
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === 'string') return value;
    } catch {
      // YAML escapes JSON lacks (\x41, \e …): keep what is between the quotes.
    }
    return raw.replace(/^"|"$/g, '');
  }
  if (raw.startsWith("'")) return raw.replace(/^'|'$/g, '').replace(/''/g, "'");
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw.replace(/\s+#.*$/, '');
}

/** The recognised fields, each checked: a field with a wrong value is left out, not guessed. */
export function readPageFrontMatter(fields: Record<string, FrontMatterValue>): PageFrontMatter {
  const out: PageFrontMatter = {};
  const { id, title, icon, owner, reviewEveryDays, order } = fields;
  if (typeof id === 'string' && ID.test(id)) out.id = id;
  if (typeof title === 'string' && title.trim()) out.title = title.replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_LENGTH);
  if (typeof icon === 'string' && isValidIcon(icon)) out.icon = icon;
  if (typeof owner === 'string' && ID.test(owner)) out.owner = owner;
  if (reviewEveryDays === null) out.reviewEveryDays = null;
  else if (typeof reviewEveryDays === 'number' && Number.isInteger(reviewEveryDays) && reviewEveryDays >= 1 && reviewEveryDays <= MAX_REVIEW_EVERY_DAYS) {
    out.reviewEveryDays = reviewEveryDays;
  }
  if (typeof order === 'number' && Number.isFinite(order)) out.order = order;
  return out;
}

/** An icon as `pages.update` takes it: one emoji-ish string, no spaces or markup. */
export function isValidIcon(icon: string): boolean {
  return icon.length <= 16 && !/[\s<>]/.test(icon);
}

export interface PageToMarkdownOptions extends MarkdownSerializeOptions {
  /** Position among its siblings (1 = first), written as `order`. */
  order?: number;
}

/** The whole file for a page: front matter, then its content. */
export function pageToMarkdown(page: Pick<PageMeta, 'id' | 'title' | 'icon' | 'ownerId' | 'reviewEveryDays'>, content: ContentNode, options: PageToMarkdownOptions = {}): string {
  const front = formatFrontMatter({
    id: page.id,
    title: page.title,
    ...(page.icon ? { icon: page.icon } : {}),
    ...(page.ownerId ? { owner: page.ownerId } : {}),
    reviewEveryDays: page.reviewEveryDays,
    ...(options.order !== undefined ? { order: options.order } : {}),
  });
  const body = contentToMarkdown(content, options);
  return body ? `${front}\n${body}` : front;
}

/** A Markdown file read as a page: its checked front matter and its content. */
export function markdownToPage(text: string, options: MarkdownParseOptions = {}): { frontMatter: PageFrontMatter; content: ContentNode } {
  const { fields, body } = splitFrontMatter(text);
  return { frontMatter: readPageFrontMatter(fields), content: markdownToContent(body, options) };
}

/**
 * A copy of `content` with every link mark's href passed through `map`; a null result removes
 * the link (its text stays). Used to point links at pages once their ids are known.
 */
export function mapContentLinks(content: ContentNode, map: (href: string) => string | null): ContentNode {
  const visit = (node: ContentNode): ContentNode => {
    const next: ContentNode = { ...node };
    if (node.marks) {
      const marks: NonNullable<ContentNode['marks']> = [];
      for (const mark of node.marks) {
        if (mark.type !== 'link') {
          marks.push(mark);
          continue;
        }
        const href = typeof mark.attrs?.href === 'string' ? map(mark.attrs.href) : null;
        if (href !== null) marks.push({ ...mark, attrs: { ...mark.attrs, href } });
      }
      if (marks.length > 0) next.marks = marks;
      else delete next.marks;
    }
    if (node.content) next.content = node.content.map(visit);
    return next;
  };
  return visit(content);
}
