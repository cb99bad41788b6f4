/**
 * The little HTML that Markdown files carry, read as text: character references decoded, tags
 * stripped. Nothing here ever produces HTML — the result is text for the page schema, so a
 * hostile file can at worst add odd words to a page, never markup or script.
 */

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  middot: '·',
  bull: '•',
  deg: '°',
  times: '×',
  divide: '÷',
  euro: '€',
  shy: '\u00ad',
  zwj: '\u200d',
  zwnj: '\u200c',
};

/** Decodes HTML character references (`&amp;`, `&#32;`, `&#x1F600;`); unknown ones stay as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g, (match, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? match;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    // As HTML does: NUL, surrogates and out-of-range code points become U+FFFD.
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(code);
  });
}

/** Elements whose content is not text for a reader: dropped with everything inside them. */
export const DROPPED_ELEMENTS = new Set(['script', 'style', 'iframe', 'noscript', 'template', 'object', 'embed', 'textarea', 'title', 'svg', 'math', 'head', 'select']);
const BLOCK_BREAK = /<\/?(?:p|div|section|article|header|footer|aside|nav|main|h[1-6]|li|ul|ol|dl|dt|dd|tr|table|thead|tbody|blockquote|pre|figure|figcaption|details|summary|hr)\b[^>]*>|<br\s*\/?>/gi;
const TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s+(?:"[^"]*"|'[^']*'|[^'">])*)?\/?>/g;

/** A parsed tag: its lowercase name and whether it closes (`</b>`), or null for a non-tag. */
export function parseTag(html: string): { name: string; closing: boolean; selfClosing: boolean } | null {
  const match = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*?(\/?)>\s*$/.exec(html.trim());
  return match ? { name: match[2].toLowerCase(), closing: match[1] === '/', selfClosing: match[3] === '/' } : null;
}

/**
 * The text of an HTML block, one string per paragraph: comments, processing instructions and
 * the content of `DROPPED_ELEMENTS` removed, block-level tags and `<br>` as paragraph breaks,
 * every other tag stripped, whitespace collapsed, references decoded.
 */
export function htmlToParagraphs(html: string): string[] {
  let text = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/<![A-Za-z[][\s\S]*?(?:>|$)/g, ' ')
    .replace(/<\?[\s\S]*?(?:\?>|$)/g, ' ');
  for (const name of DROPPED_ELEMENTS) {
    text = text.replace(new RegExp(`<${name}\\b[\\s\\S]*?(?:</${name}\\s*>|$)`, 'gi'), ' ');
  }
  text = text.replace(/\s+/g, ' ').replace(BLOCK_BREAK, '\n').replace(TAG, '');
  return text
    .split('\n')
    .map((line) => decodeEntities(line.replace(/ {2,}/g, ' ').trim()))
    .filter((line) => line.length > 0);
}
