/**
 * A page's content doc (`page/<id>`): one `Y.XmlFragment` named 'content', bound to the rich
 * editor (TipTap) by y-tiptap's ySyncPlugin.
 *
 * The fragment holds ProseMirror's document the way y-prosemirror writes it:
 * - every node is a `Y.XmlElement` named after its node type (`paragraph`, `heading`,
 *   `bulletList` > `listItem` > `paragraph`, `taskList` > `taskItem`, `blockquote`, `codeBlock`,
 *   `horizontalRule`, `table` > `tableRow` > `tableHeader`/`tableCell` > `paragraph`, the inline
 *   `hardBreak`), its non-null attrs as XML attributes (a heading's `level` is a number);
 * - text is a `Y.XmlText` inside its textblock; marks are formatting attributes on the text
 *   (`bold`, `italic`, `code`, `link: {href…}`), their value being the mark's attrs.
 *
 * Editing goes through the editor; the helpers below write the same structure from plain Node
 * (tests, imports) so the editor shows it. `readPageText` is the plain-text projection used by
 * tests and, later, search.
 *
 * Before the rich editor the body was a `Y.Text` named 'body'. Nothing with that shape ever
 * shipped, so there is no migration: a page doc has only 'content'.
 */
import * as Y from 'yjs';

export const PAGE_CONTENT_KEY = 'content';

/** Elements whose children are inline content (text, hard breaks), each one line of text. */
const TEXT_BLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);

export function pageContent(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(PAGE_CONTENT_KEY);
}

function isTextBlock(element: Y.XmlElement): boolean {
  return TEXT_BLOCKS.has(element.nodeName) || element.toArray().some((child) => child instanceof Y.XmlText);
}

/** Plain text of a Y.XmlText without its formatting (its `toString()` renders marks as tags). */
function plainText(text: Y.XmlText): string {
  let out = '';
  for (const op of text.toDelta() as { insert?: unknown }[]) if (typeof op.insert === 'string') out += op.insert;
  return out;
}

/** The text of one inline child: text, or '\n' for a hard break; other inline atoms count 0. */
function inlineText(child: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (child instanceof Y.XmlText) return plainText(child);
  if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak') return '\n';
  return '';
}

function collectTextBlocks(parent: Y.XmlFragment | Y.XmlElement, out: Y.XmlElement[]): void {
  for (const child of parent.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    if (isTextBlock(child)) out.push(child);
    else collectTextBlocks(child, out);
  }
}

function textBlocks(doc: Y.Doc): Y.XmlElement[] {
  const out: Y.XmlElement[] = [];
  collectTextBlocks(pageContent(doc), out);
  return out;
}

/**
 * The page as plain text: one line per textblock (paragraph, heading, list item's paragraph,
 * table cell's paragraph, code block), in document order, joined with '\n'. Marks are dropped,
 * hard breaks become '\n', rules and other atoms add nothing. Reads only.
 */
export function readPageText(doc: Y.Doc): string {
  return textBlocks(doc)
    .map((block) => block.toArray().map(inlineText).join(''))
    .join('\n');
}

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  if (text) element.insert(0, [new Y.XmlText(text)]);
  return element;
}

/** Adds one paragraph per line of `text` at the end of the page, as pressing Enter and typing would. */
export function appendParagraph(doc: Y.Doc, text: string, origin?: unknown): void {
  doc.transact(() => {
    const content = pageContent(doc);
    content.insert(content.length, text.split('\n').map(paragraph));
  }, origin);
}

/**
 * Inserts `text` (no line breaks) at `index` of `readPageText(doc)`, inside the textblock that
 * holds that position: at a line's end it continues that line, at 0 it starts the first one.
 * An empty page gets its first paragraph. Typed text takes the formatting of the character
 * before it, as in the editor.
 */
export function insertTextAt(doc: Y.Doc, index: number, text: string, origin?: unknown): void {
  if (text.includes('\n')) throw new RangeError('insertTextAt inserts within one line; use appendParagraph for new lines');
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`Invalid text index ${index}`);
  if (!text) return;
  doc.transact(() => {
    const blocks = textBlocks(doc);
    if (blocks.length === 0) {
      if (index !== 0) throw new RangeError(`Index ${index} is past the end of an empty page`);
      const content = pageContent(doc);
      content.insert(content.length, [paragraph(text)]);
      return;
    }
    let start = 0;
    for (const block of blocks) {
      const children = block.toArray();
      const length = children.reduce((sum, child) => sum + inlineText(child).length, 0);
      if (index <= start + length) {
        insertInBlock(block, children, index - start, text);
        return;
      }
      start += length + 1; // the '\n' between lines
    }
    throw new RangeError(`Index ${index} is past the end of the page (${start - 1})`);
  }, origin);
}

function insertInBlock(block: Y.XmlElement, children: (Y.XmlElement | Y.XmlText | Y.XmlHook)[], offset: number, text: string): void {
  let pos = 0;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    const length = inlineText(child).length;
    if (child instanceof Y.XmlText && offset <= pos + length) {
      child.insert(offset - pos, text);
      return;
    }
    if (offset <= pos) {
      // Right before an inline atom (e.g. a hard break) with no text node to extend.
      block.insert(i, [new Y.XmlText(text)]);
      return;
    }
    pos += length;
  }
  block.insert(children.length, [new Y.XmlText(text)]);
}
