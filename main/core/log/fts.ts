/**
 * Search text → FTS5 for the update log, and the excerpt shown for a hit.
 *
 * What someone types never reaches FTS5 syntax: it is split into words (letters and digits,
 * as the unicode61 tokenizer splits), each word is quoted and made a prefix (`"deplo"*`), and
 * the words are ANDed — so `AND`, `"`, `*`, `col:` are just text and results appear while typing.
 * The tokenizer folds case and removes diacritics, so "resume" finds "Résumé"; the excerpt is
 * found the same way (`foldForSearch`) in the entry's own text, since the FTS table is
 * contentless (the JSON in `entries` already holds the text; storing it twice would double the
 * size per entry).
 */
import type { LogTextSegment } from '../../../shared/api/log-api';
import { foldForSearch } from '../../../shared/model/log-filters';

const WORD = /[\p{L}\p{N}]+/gu;
const MAX_TERMS = 16;
const MAX_TERM_LENGTH = 64;

/** The words of a search, folded (lower case, no accents), at most 16. */
export function searchTerms(input: string): string[] {
  const words = foldForSearch(input.normalize('NFC')).match(WORD) ?? [];
  return [...new Set(words.map((w) => w.slice(0, MAX_TERM_LENGTH)))].slice(0, MAX_TERMS);
}

/** The MATCH expression for `input`, or null when it holds no word. */
export function matchQuery(input: string): string | null {
  const terms = searchTerms(input);
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t.replace(/"/g, '""')}"*`).join(' ');
}

/**
 * About `width` characters of `text` around the first word that starts with a term, as
 * segments with the matching word prefixes marked. Folding can change lengths (ß → ss is not
 * done by NFD, but combining marks are removed), so matching runs word by word on the original.
 */
export function snippet(text: string, terms: readonly string[], width = 160): LogTextSegment[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length === 0) return [];
  const words: { start: number; end: number; hitLength: number }[] = [];
  for (const m of flat.matchAll(WORD)) {
    const folded = foldForSearch(m[0]);
    const term = terms.find((t) => folded.startsWith(t));
    if (!term) continue;
    // The marked part is the original characters covering the term (accents kept).
    let cut = 0;
    while (cut < m[0].length && foldForSearch(m[0].slice(0, cut)).length < term.length) cut++;
    words.push({ start: m.index!, end: m.index! + m[0].length, hitLength: cut });
  }
  const first = words[0];
  let from = 0;
  if (first && first.start > width / 3) {
    from = first.start - Math.floor(width / 3);
    const space = flat.indexOf(' ', from);
    if (space !== -1 && space < first.start) from = space + 1;
  }
  let to = Math.min(flat.length, from + width);
  if (to < flat.length) {
    const space = flat.lastIndexOf(' ', to);
    if (space > from + width / 2) to = space;
  }
  const out: LogTextSegment[] = [];
  const push = (s: string, hit: boolean) => {
    if (!s) return;
    const last = out[out.length - 1];
    if (last && last.hit === hit) last.text += s;
    else out.push({ text: s, hit });
  };
  if (from > 0) push('…', false);
  let cursor = from;
  for (const w of words) {
    if (w.start < from || w.start >= to) continue;
    push(flat.slice(cursor, w.start), false);
    push(flat.slice(w.start, Math.min(to, w.start + w.hitLength)), true);
    cursor = Math.min(to, w.start + w.hitLength);
  }
  push(flat.slice(cursor, to), false);
  if (to < flat.length) push('…', false);
  return out;
}
