/**
 * Turning what someone types into an FTS5 query, and FTS5's marked-up output into segments.
 *
 * User input never reaches FTS5 syntax: it is split into words (the characters the unicode61
 * tokenizer keeps: letters, digits, private use), each word is quoted as a string, and the words
 * are ANDed. So `title:x`, `AND`, `NEAR(`, `"` or `*` typed by someone are just text. The last
 * word gets a `*` (prefix match) unless the input ends in a separator, so results appear while
 * typing and a finished word matches exactly.
 *
 * Highlights come back wrapped in U+0002/U+0003, which are stripped from indexed text first, so
 * a marker can never be confused with text; the UI gets segments, never HTML.
 */
import type { TextSegment } from '../../../shared/api/contract';

export const MARK_START = '\u0002';
export const MARK_END = '\u0003';
const MAX_TERMS = 16;
const MAX_TERM_LENGTH = 64;
const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;

/** The FTS5 MATCH expression for `input`, or null when it holds no searchable word. */
export function buildMatchQuery(input: string): string | null {
  const text = input.normalize('NFC');
  const terms = (text.match(TOKEN) ?? []).slice(0, MAX_TERMS).map((t) => t.slice(0, MAX_TERM_LENGTH));
  if (terms.length === 0) return null;
  const lastIsPrefix = new RegExp(`${TOKEN.source}$`, 'u').test(text);
  return terms.map((term, i) => `"${term.replace(/"/g, '""')}"${i === terms.length - 1 && lastIsPrefix ? '*' : ''}`).join(' ');
}

/** Text as it is put in the index: the highlight markers (and other C0 controls but tab/newline) removed. */
export function indexableText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f]/g, '');
}

/** Splits FTS5 highlight()/snippet() output into plain-text segments. */
export function parseMarked(marked: string): TextSegment[] {
  const out: TextSegment[] = [];
  let hit = false;
  let buffer = '';
  const flush = () => {
    if (!buffer) return;
    const last = out[out.length - 1];
    if (last && last.hit === hit) last.text += buffer;
    else out.push({ text: buffer, hit });
    buffer = '';
  };
  for (const char of marked) {
    if (char === MARK_START || char === MARK_END) {
      flush();
      hit = char === MARK_START;
    } else {
      buffer += char;
    }
  }
  flush();
  return out;
}
