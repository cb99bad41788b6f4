/**
 * What a Markdown body refers to: `@Name` mentions, `#tags` and page links
 * (`[[Page title]]`, `[[Page title|label]]` or `baton://page/<id>`).
 *
 * Mentions are matched against the team's member names, case-insensitively; names may contain
 * spaces, so at each `@` the longest matching name wins ("@Ana Maria" is Ana Maria, not Ana).
 * Code (fenced blocks and inline `code`) is ignored, so `#include` in a snippet is no tag.
 * An `@` or `#` counts only at the start of a word: `bob@example.com` and `page#anchor` are
 * neither mentions nor tags.
 */
import type { ExtractedReferences, ReferenceDirectory } from './log-types';

export const TAG_PATTERN = /^[a-z0-9-]{1,32}$/;
const MAX_TAG_LENGTH = 32;

const WORD_CHAR = /[\p{L}\p{N}_]/u;
/** Characters after which `@`/`#` are not the start of a mention/tag (URLs, entities, `##`). */
const NOT_A_START_AFTER = new Set(['/', '&', '#', '@', '\\']);

function startsWord(text: string, index: number): boolean {
  if (index === 0) return true;
  const before = text[index - 1];
  return !WORD_CHAR.test(before) && !NOT_A_START_AFTER.has(before);
}

function endsWord(text: string, end: number): boolean {
  return end >= text.length || !WORD_CHAR.test(text[end]);
}

/** Blank out fenced code blocks and inline code spans, keeping every other offset in place. */
export function maskCode(markdown: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  return markdown
    .replace(/^[ \t]{0,3}(`{3,}|~{3,})[^\n]*(?:\n(?:[\s\S]*?\n)?[ \t]{0,3}\1[`~]*[ \t]*(?=\n|$)|[\s\S]*)/gm, blank)
    .replace(/(`+)[^`\n][^\n]*?\1(?!`)/g, blank);
}

function normalizeName(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

/** Member ids mentioned with `@Name`, in order of first appearance. */
export function extractMentions(markdown: string, members: ReferenceDirectory['members']): string[] {
  const text = maskCode(markdown);
  // Longest names first so "Ana Maria" wins over "Ana"; for equal names the first listed wins.
  const candidates = members
    .map((m, order) => ({ id: m.id, name: normalizeName(m.name).toLowerCase(), order }))
    .filter((m) => m.name.length > 0)
    .sort((a, b) => b.name.length - a.name.length || a.order - b.order);
  const found: string[] = [];
  for (let i = text.indexOf('@'); i !== -1; i = text.indexOf('@', i + 1)) {
    if (!startsWord(text, i)) continue;
    const match = candidates.find((m) => {
      const end = i + 1 + m.name.length;
      return text.slice(i + 1, end).toLowerCase() === m.name && endsWord(text, end);
    });
    if (match && !found.includes(match.id)) found.push(match.id);
  }
  return found;
}

/**
 * Lower-case tags written as `#tag`, in order of first appearance. A tag is 1–32 of a–z, 0–9
 * and `-`, starts with a letter or digit and contains at least one letter: `#1` and `#42` read
 * as numbers ("#1 priority", issue numbers), not tags.
 */
export function extractTags(markdown: string): string[] {
  const text = maskCode(markdown);
  const found: string[] = [];
  const pattern = /#([A-Za-z0-9][A-Za-z0-9-]*)/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (!startsWord(text, m.index) || !endsWord(text, m.index + m[0].length)) continue;
    const tag = m[1].replace(/-+$/, '').toLowerCase();
    if (tag.length > MAX_TAG_LENGTH || !/[a-z]/.test(tag) || !TAG_PATTERN.test(tag)) continue;
    if (!found.includes(tag)) found.push(tag);
  }
  return found;
}

/**
 * Page ids linked as `[[Title]]` / `[[Title|label]]` (title matched case-insensitively, ignoring
 * extra whitespace; a live page wins over an archived one of the same title) or as
 * `baton://page/<id>` (kept even when the page is not in the list yet: it may not have synced).
 */
export function extractLinks(markdown: string, pages: ReferenceDirectory['pages']): { links: string[]; unresolvedLinks: string[] } {
  const text = maskCode(markdown);
  const byTitle = new Map<string, string>();
  const ordered = [...pages].sort((a, b) => Number(a.archived ?? false) - Number(b.archived ?? false));
  for (const page of ordered) {
    const key = normalizeName(page.title).toLowerCase();
    if (key && !byTitle.has(key)) byTitle.set(key, page.id);
  }
  const hits: { at: number; id?: string; title?: string }[] = [];
  const wiki = /\[\[([^[\]\n|]+)(?:\|[^[\]\n]*)?\]\]/g;
  for (let m = wiki.exec(text); m; m = wiki.exec(text)) {
    const title = normalizeName(m[1]);
    if (!title) continue;
    const id = byTitle.get(title.toLowerCase());
    hits.push(id ? { at: m.index, id } : { at: m.index, title });
  }
  const url = /baton:\/\/page\/([A-Za-z0-9_-]{1,64})(?![A-Za-z0-9_-])/g;
  for (let m = url.exec(text); m; m = url.exec(text)) hits.push({ at: m.index, id: m[1] });
  hits.sort((a, b) => a.at - b.at);
  const links: string[] = [];
  const unresolvedLinks: string[] = [];
  for (const hit of hits) {
    if (hit.id !== undefined) {
      if (!links.includes(hit.id)) links.push(hit.id);
    } else if (hit.title !== undefined && !unresolvedLinks.some((t) => t.toLowerCase() === hit.title!.toLowerCase())) {
      unresolvedLinks.push(hit.title);
    }
  }
  return { links, unresolvedLinks };
}

/** Mentions, tags and page links of one Markdown body. */
export function extractReferences(markdown: string, directory: ReferenceDirectory): ExtractedReferences {
  return {
    mentions: extractMentions(markdown, directory.members),
    tags: extractTags(markdown),
    ...extractLinks(markdown, directory.pages),
  };
}
