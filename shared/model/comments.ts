/**
 * Comment threads on a page, stored in the page's own doc (`page/<id>`), map `comments`:
 *
 *   threadId → Y.Map { id, anchor: {start, end} | null, quote, authorId, createdAt,
 *                      resolved, resolvedBy, resolvedAt,
 *                      replies: Y.Array<Y.Map {id, authorId, body, mentions, createdAt, editedAt}> }
 *
 * The thread's opening comment is `replies[0]`, so every message has the same shape. Living in the
 * page doc, comments sync, persist and load with the page, and a page's history versions carry
 * them too (a restore replaces content only).
 *
 * Anchors are Yjs relative positions (JSON) into the XmlText runs of the page content: `start`
 * sticks to the first selected character, `end` to the last (assoc -1), so text typed before,
 * inside or after the selection — concurrently or not — moves the anchor with its text. When the
 * anchored text is deleted the range collapses (or its block is gone) and the anchor resolves
 * to null; the thread keeps its `quote`.
 *
 * Offsets are indexes into `readPageText(doc)` (page.ts): textblocks joined by '\n', hard breaks
 * '\n', other inline atoms nothing. `textMap` below walks the content the same way; a test
 * checks the two agree.
 */
import * as Y from 'yjs';
import { pageContent } from './page';
import { PageError } from './tree-errors';

export const MAX_COMMENT_LENGTH = 10_000;
export const MAX_MENTIONS = 50;

export interface CommentReply {
  id: string;
  authorId: string;
  body: string;
  /** Member ids mentioned in the body. */
  mentions: string[];
  createdAt: number;
  editedAt: number | null;
}

export interface CommentThread {
  id: string;
  /** Where the anchored text is now, as offsets into the page text; null when page-level or deleted. */
  anchor: { from: number; to: number } | null;
  /** True when the thread was anchored to a selection (even if that text is gone now). */
  anchored: boolean;
  /** The stored relative positions (Yjs JSON) for the editor to map onto its own positions. */
  position: { start: unknown; end: unknown } | null;
  /** The selected text when the thread was started. */
  quote: string;
  authorId: string;
  createdAt: number;
  resolved: boolean;
  resolvedBy: string | null;
  resolvedAt: number | null;
  /** The opening comment first. */
  replies: CommentReply[];
}

const commentsOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('comments');

// --- text map: page-text offsets ↔ positions in the XmlFragment ---------------------------------

const TEXT_BLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);

interface InlineRun {
  node: Y.XmlText | Y.XmlElement | Y.XmlHook;
  /** Offset of the run's first character in the page text. */
  start: number;
  /** Characters it contributes to the page text. */
  length: number;
}

interface BlockRun {
  block: Y.XmlElement;
  start: number;
  length: number;
  inlines: InlineRun[];
}

/** Converts a character offset within an XmlText to its Yjs index (embeds count 1 there, 0 here). */
function charToYIndex(text: Y.XmlText, chars: number): number {
  let y = 0;
  let left = chars;
  for (const op of text.toDelta() as { insert?: unknown }[]) {
    if (typeof op.insert === 'string') {
      if (left <= op.insert.length) return y + left;
      left -= op.insert.length;
      y += op.insert.length;
    } else {
      y += 1;
    }
  }
  return y;
}

function yIndexToChars(text: Y.XmlText, index: number): number {
  let y = 0;
  let chars = 0;
  for (const op of text.toDelta() as { insert?: unknown }[]) {
    const len = typeof op.insert === 'string' ? op.insert.length : 1;
    if (index <= y + len) return chars + (typeof op.insert === 'string' ? index - y : 0);
    y += len;
    chars += typeof op.insert === 'string' ? len : 0;
  }
  return chars;
}

function inlineLength(child: Y.XmlElement | Y.XmlText | Y.XmlHook): number {
  if (child instanceof Y.XmlText) return inlineString(child).length;
  if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak') return 1;
  return 0;
}

/** The page's textblocks in document order with their page-text offsets (as readPageText). */
export function textMap(doc: Y.Doc): { text: string; blocks: BlockRun[] } {
  const blocks: BlockRun[] = [];
  let offset = 0;
  const visit = (parent: Y.XmlFragment | Y.XmlElement) => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      const children = child.toArray();
      if (TEXT_BLOCKS.has(child.nodeName) || children.some((c) => c instanceof Y.XmlText)) {
        if (blocks.length > 0) offset += 1; // the '\n' between lines
        const run: BlockRun = { block: child, start: offset, length: 0, inlines: [] };
        for (const inline of children) {
          const length = inlineLength(inline);
          run.inlines.push({ node: inline, start: offset + run.length, length });
          run.length += length;
        }
        offset += run.length;
        blocks.push(run);
      } else {
        visit(child);
      }
    }
  };
  visit(pageContent(doc));
  const text = blocks.map((b) => b.inlines.map((i) => inlineString(i.node)).join('')).join('\n');
  return { text, blocks };
}

function inlineString(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlText) {
    let out = '';
    for (const op of node.toDelta() as { insert?: unknown }[]) if (typeof op.insert === 'string') out += op.insert;
    return out;
  }
  return node instanceof Y.XmlElement && node.nodeName === 'hardBreak' ? '\n' : '';
}

/**
 * A relative position at page-text offset `offset`. `side` 'start' sticks to the character at
 * `offset` (assoc 0); 'end' sticks to the character before it (assoc -1).
 */
function relativeAt(blocks: BlockRun[], offset: number, side: 'start' | 'end'): Y.RelativePosition | null {
  const assoc = side === 'start' ? 0 : -1;
  // For a start, an offset on the '\n' after a block belongs to the next block's beginning; for
  // an end, an offset at a block's beginning belongs to the previous block's end.
  const block =
    side === 'start'
      ? blocks.find((b) => offset >= b.start && offset < b.start + b.length) ?? blocks.find((b) => offset <= b.start + b.length)
      : [...blocks].reverse().find((b) => offset > b.start && offset <= b.start + b.length) ?? [...blocks].reverse().find((b) => offset >= b.start);
  if (!block) return null;
  const within = Math.max(0, Math.min(block.length, offset - block.start));
  for (let i = 0; i < block.inlines.length; i++) {
    const run = block.inlines[i];
    const local = block.start + within - run.start;
    const inRun = side === 'start' ? local >= 0 && local < run.length : local > 0 && local <= run.length;
    if (!inRun) continue;
    if (run.node instanceof Y.XmlText) return Y.createRelativePositionFromTypeIndex(run.node, charToYIndex(run.node, local), assoc);
    return Y.createRelativePositionFromTypeIndex(block.block, side === 'start' ? i : i + 1, assoc);
  }
  // Between runs (or an empty block): a position among the block's children.
  let index = 0;
  for (const run of block.inlines) if (run.start + run.length <= block.start + within) index++;
  return Y.createRelativePositionFromTypeIndex(block.block, index, assoc);
}

/** The page-text offset a relative position points at now, or null when its text is gone. */
function absoluteOf(doc: Y.Doc, blocks: BlockRun[], json: unknown): number | null {
  let abs: Y.AbsolutePosition | null;
  try {
    abs = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), doc);
  } catch {
    return null;
  }
  if (!abs) return null;
  const type = abs.type;
  for (const block of blocks) {
    if (type === block.block) {
      let offset = block.start;
      for (let i = 0; i < abs.index && i < block.inlines.length; i++) offset += block.inlines[i].length;
      return offset;
    }
    const run = block.inlines.find((r) => r.node === type);
    if (run && run.node instanceof Y.XmlText) return run.start + yIndexToChars(run.node, abs.index);
  }
  return null;
}

/** Relative positions (JSON) for page-text range [from, to); null when the range holds no text. */
export function anchorForRange(doc: Y.Doc, from: number, to: number): { start: unknown; end: unknown; quote: string } | null {
  const { text, blocks } = textMap(doc);
  if (!(from >= 0 && to > from && to <= text.length)) return null;
  const start = relativeAt(blocks, from, 'start');
  const end = relativeAt(blocks, to, 'end');
  if (!start || !end) return null;
  return { start: Y.relativePositionToJSON(start), end: Y.relativePositionToJSON(end), quote: text.slice(from, to) };
}

/** Where an anchor's text is now; null when it was deleted (or the anchor is unreadable). */
export function resolveAnchor(doc: Y.Doc, anchor: { start: unknown; end: unknown }, blocks = textMap(doc).blocks): { from: number; to: number } | null {
  const from = absoluteOf(doc, blocks, anchor.start);
  const to = absoluteOf(doc, blocks, anchor.end);
  return from !== null && to !== null && to > from ? { from, to } : null;
}

// --- commands ------------------------------------------------------------------------------------

function replyMap(reply: CommentReply): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(reply)) map.set(key, value);
  return map;
}

function normalizeBody(body: string): string {
  const trimmed = body.trim();
  if (!trimmed) throw new PageError('invalid', 'A comment must not be empty');
  if (trimmed.length > MAX_COMMENT_LENGTH) throw new PageError('invalid', `A comment must be at most ${MAX_COMMENT_LENGTH} characters`);
  return trimmed;
}

const uniqueMentions = (mentions: readonly string[] | undefined) => [...new Set(mentions ?? [])].slice(0, MAX_MENTIONS);

export interface AddThreadInput {
  id: string;
  replyId: string;
  body: string;
  mentions?: string[];
  /** Page-text offsets of the selection; omitted for a page-level comment. */
  range?: { from: number; to: number };
  authorId: string;
  now: number;
}

/** Starts a thread with its opening comment; anchored when `range` selects some text. */
export function addCommentThread(doc: Y.Doc, input: AddThreadInput, origin: unknown): CommentThread {
  const body = normalizeBody(input.body);
  let anchor: { start: unknown; end: unknown } | null = null;
  let quote = '';
  if (input.range) {
    const made = anchorForRange(doc, input.range.from, input.range.to);
    if (!made) throw new PageError('invalid', 'The selection is not a range of the page’s text');
    anchor = { start: made.start, end: made.end };
    quote = made.quote;
  }
  doc.transact(() => {
    const thread = new Y.Map<unknown>();
    commentsOf(doc).set(input.id, thread);
    thread.set('id', input.id);
    thread.set('anchor', anchor);
    thread.set('quote', quote);
    thread.set('authorId', input.authorId);
    thread.set('createdAt', input.now);
    thread.set('resolved', false);
    thread.set('resolvedBy', null);
    thread.set('resolvedAt', null);
    const replies = new Y.Array<Y.Map<unknown>>();
    thread.set('replies', replies);
    replies.push([
      replyMap({ id: input.replyId, authorId: input.authorId, body, mentions: uniqueMentions(input.mentions), createdAt: input.now, editedAt: null }),
    ]);
  }, origin);
  return readThread(doc, input.id)!;
}

function threadMap(doc: Y.Doc, threadId: string): Y.Map<unknown> {
  const thread = commentsOf(doc).get(threadId);
  if (!thread) throw new PageError('not_found', `No comment thread with id ${threadId}`);
  return thread;
}

function repliesOf(thread: Y.Map<unknown>): Y.Array<Y.Map<unknown>> {
  return thread.get('replies') as Y.Array<Y.Map<unknown>>;
}

export function replyToThread(
  doc: Y.Doc,
  input: { threadId: string; id: string; body: string; mentions?: string[]; authorId: string; now: number },
  origin: unknown,
): CommentThread {
  const thread = threadMap(doc, input.threadId);
  const body = normalizeBody(input.body);
  doc.transact(() => {
    repliesOf(thread).push([
      replyMap({ id: input.id, authorId: input.authorId, body, mentions: uniqueMentions(input.mentions), createdAt: input.now, editedAt: null }),
    ]);
  }, origin);
  return readThread(doc, input.threadId)!;
}

/** Edits one's own comment; someone else's is refused. */
export function editComment(
  doc: Y.Doc,
  input: { threadId: string; replyId: string; body: string; mentions?: string[]; by: string; now: number },
  origin: unknown,
): CommentThread {
  const thread = threadMap(doc, input.threadId);
  const reply = repliesOf(thread)
    .toArray()
    .find((r) => r.get('id') === input.replyId);
  if (!reply) throw new PageError('not_found', `No comment with id ${input.replyId}`);
  if (reply.get('authorId') !== input.by) throw new PageError('not_author', 'Only its author can edit a comment');
  const body = normalizeBody(input.body);
  doc.transact(() => {
    reply.set('body', body);
    if (input.mentions !== undefined) reply.set('mentions', uniqueMentions(input.mentions));
    reply.set('editedAt', input.now);
  }, origin);
  return readThread(doc, input.threadId)!;
}

/** Resolves or reopens a thread. */
export function resolveThread(doc: Y.Doc, input: { threadId: string; resolved: boolean; by: string; now: number }, origin: unknown): CommentThread {
  const thread = threadMap(doc, input.threadId);
  doc.transact(() => {
    thread.set('resolved', input.resolved);
    thread.set('resolvedBy', input.resolved ? input.by : null);
    thread.set('resolvedAt', input.resolved ? input.now : null);
  }, origin);
  return readThread(doc, input.threadId)!;
}

// --- reads ---------------------------------------------------------------------------------------

function readReply(map: Y.Map<unknown>): CommentReply {
  const get = <T>(key: string, fallback: T): T => (map.has(key) ? (map.get(key) as T) : fallback);
  return {
    id: get('id', ''),
    authorId: get('authorId', ''),
    body: get('body', ''),
    mentions: get<string[]>('mentions', []),
    createdAt: get('createdAt', 0),
    editedAt: get<number | null>('editedAt', null),
  };
}

function toThread(doc: Y.Doc, map: Y.Map<unknown>, id: string, blocks: BlockRun[]): CommentThread {
  const get = <T>(key: string, fallback: T): T => (map.has(key) ? (map.get(key) as T) : fallback);
  const position = get<{ start: unknown; end: unknown } | null>('anchor', null);
  const replies = map.get('replies');
  return {
    id,
    anchor: position ? resolveAnchor(doc, position, blocks) : null,
    anchored: position !== null,
    position,
    quote: get('quote', ''),
    authorId: get('authorId', ''),
    createdAt: get('createdAt', 0),
    resolved: get('resolved', false),
    resolvedBy: get<string | null>('resolvedBy', null),
    resolvedAt: get<number | null>('resolvedAt', null),
    replies: replies instanceof Y.Array ? (replies.toArray() as Y.Map<unknown>[]).map(readReply) : [],
  };
}

export function readThread(doc: Y.Doc, threadId: string): CommentThread | null {
  const map = commentsOf(doc).get(threadId);
  return map ? toThread(doc, map, threadId, textMap(doc).blocks) : null;
}

/** Every thread of the page, oldest first, anchors resolved against the current text. */
export function readThreads(doc: Y.Doc): CommentThread[] {
  const { blocks } = textMap(doc);
  const threads: CommentThread[] = [];
  commentsOf(doc).forEach((map, id) => threads.push(toThread(doc, map, id, blocks)));
  return threads.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/** Unresolved threads, for the page list and the catch-up view. */
export function openThreadCount(doc: Y.Doc): number {
  let n = 0;
  commentsOf(doc).forEach((map) => {
    if (map.get('resolved') !== true) n++;
  });
  return n;
}
