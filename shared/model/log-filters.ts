/**
 * Pure views over read entries: filtering, pinned open blockers, a one-line headline. They work
 * on the plain `LogEntry` objects of several month docs at once.
 */
import type { BlockerEntry, LogEntry, LogEntryKind } from './log-types';

export interface LogFilter {
  /** Any of these authors. An empty list does not filter. */
  authorIds?: readonly string[];
  /** Any of these kinds. An empty list does not filter. */
  kinds?: readonly LogEntryKind[];
  /** Entries carrying any of these tags (case-insensitive, "#" optional). An empty list does not filter. */
  tags?: readonly string[];
  /** createdAt >= fromMs. */
  fromMs?: number;
  /** createdAt < toMs. */
  toMs?: number;
  /** Every whitespace-separated word must occur (case- and accent-insensitive) in the entry's text or its replies. */
  text?: string;
  /** Entries linked to this goal. */
  goalId?: string;
  /** Tombstones are left out unless asked for. */
  includeDeleted?: boolean;
}

/** Lower-case, without diacritics, so "resume" finds "Résumé". */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** All the words a text search looks at. */
export function entrySearchText(entry: LogEntry): string {
  const parts: string[] = [entry.body, ...entry.checkIn.map((a) => a.answer), ...entry.tags.map((t) => `#${t}`)];
  if (entry.kind === 'decision') parts.push(entry.decision.title, entry.decision.why);
  if (entry.kind === 'handoff') parts.push(entry.handoff.status, entry.handoff.nextSteps, entry.handoff.watchOut, entry.handoff.links);
  for (const reply of entry.replies) if (reply.deletedAt === null) parts.push(reply.body);
  return parts.filter((p) => p.length > 0).join('\n');
}

/** The entries that pass every given criterion, in their input order. */
export function filterEntries<E extends LogEntry>(entries: readonly E[], filter: LogFilter): E[] {
  const authors = filter.authorIds && filter.authorIds.length > 0 ? new Set(filter.authorIds) : null;
  const kinds = filter.kinds && filter.kinds.length > 0 ? new Set<string>(filter.kinds) : null;
  const tags = filter.tags && filter.tags.length > 0 ? new Set(filter.tags.map((t) => t.replace(/^#/, '').toLowerCase())) : null;
  const words = filter.text ? foldForSearch(filter.text).split(/\s+/).filter(Boolean) : [];
  return entries.filter((entry) => {
    if (!filter.includeDeleted && entry.deletedAt !== null) return false;
    if (authors && !authors.has(entry.authorId)) return false;
    if (kinds && !kinds.has(entry.kind)) return false;
    if (tags && !entry.tags.some((t) => tags.has(t))) return false;
    if (filter.fromMs !== undefined && entry.createdAt < filter.fromMs) return false;
    if (filter.toMs !== undefined && entry.createdAt >= filter.toMs) return false;
    if (filter.goalId !== undefined && entry.goalId !== filter.goalId) return false;
    if (words.length > 0) {
      const haystack = foldForSearch(entrySearchText(entry));
      if (!words.every((w) => haystack.includes(w))) return false;
    }
    return true;
  });
}

/** Open, not deleted blockers, oldest first: pinned at the top of the log until resolved. */
export function openBlockers(entries: readonly LogEntry[]): BlockerEntry[] {
  return entries
    .filter((e): e is BlockerEntry => e.kind === 'blocker' && e.deletedAt === null && e.blocker.status === 'open')
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Open blockers that name `memberId` among those who can unblock them. */
export function blockersFor(entries: readonly LogEntry[], memberId: string): BlockerEntry[] {
  return openBlockers(entries).filter((e) => e.blocker.canUnblock.includes(memberId));
}

/**
 * A one-line title for lists and summaries: a decision's title, else the first line of text
 * with Markdown markers stripped, cut at `max` characters.
 */
export function entryHeadline(entry: LogEntry, max = 80): string {
  if (entry.deletedAt !== null) return '(deleted)';
  const candidates: string[] = [];
  if (entry.kind === 'decision') candidates.push(entry.decision.title);
  candidates.push(entry.body, ...entry.checkIn.map((a) => a.answer));
  if (entry.kind === 'handoff') candidates.push(entry.handoff.status, entry.handoff.nextSteps);
  for (const text of candidates) {
    const line = text
      .split('\n')
      .map((l) => plainLine(l))
      .find((l) => l.length > 0);
    if (line) return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
  }
  return '';
}

function plainLine(line: string): string {
  return line
    .replace(/^\s{0,3}(#{1,6}\s+|>\s*|[-*+]\s+(\[[ xX]\]\s+)?|\d+[.)]\s+)/, '')
    .replace(/\[\[([^\]|]+)(\|([^\]]*))?\]\]/g, (_m, title: string, _l, label?: string) => label || title)
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|~~|`)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
