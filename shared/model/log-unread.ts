/**
 * Unread state of the update log for one member, as a pure function of the entries, the local
 * `seen` table (item id → when I last saw it; DESIGN.md §3) and my last visit.
 *
 * An entry is unread for me when it is not mine, not deleted, delivered (its `deliverAt` has
 * passed) and it arrived or was edited after I last saw it — or, on any entry including my
 * own, someone else replied after I last saw it. "Last saw it" is `seen[entry.id]`, or my last
 * visit to the log when I never opened that entry.
 */
import type { LogEntry, LogEntryKind } from './log-types';
import { LOG_ENTRY_KINDS } from './log-types';

export type SeenMap = Readonly<Record<string, number>> | ReadonlyMap<string, number>;

export interface UnreadInput {
  entries: readonly LogEntry[];
  seen: SeenMap;
  lastVisitAt: number;
  me: string;
  /** Scheduled entries (`deliverAt` > now) are not delivered yet, so not unread yet. */
  now: number;
}

export type UnreadReason = 'new' | 'edited' | 'replies';

export interface UnreadItem {
  entryId: string;
  kind: LogEntryKind;
  /** Why it is unread; 'new' beats 'edited' beats 'replies'. */
  reason: UnreadReason;
  /** Replies by others since I last saw the entry. */
  newReplies: number;
  /** The entry (if new/edited) or one of its new replies mentions me. */
  mentionsMe: boolean;
  /** I am a recipient, or among those who can unblock it. */
  forMe: boolean;
  /** The latest activity by others, for "last activity" ordering. */
  activityAt: number;
}

export interface UnreadSummary {
  /** Unread entries, most recent activity first. */
  items: UnreadItem[];
  /** Number of unread entries. */
  total: number;
  byKind: Record<LogEntryKind, number>;
  /** Unread entries that mention me. */
  mentions: number;
  /** Unread entries addressed to me (recipient / can unblock). */
  forMe: number;
  /** My own entries with new replies by others. */
  repliesOnMine: number;
  /** New replies by others, over all entries. */
  newReplies: number;
}

function seenAt(seen: SeenMap, id: string): number | undefined {
  if (seen instanceof Map) return seen.get(id);
  const value = (seen as Readonly<Record<string, number>>)[id];
  return typeof value === 'number' ? value : undefined;
}

/** When an entry reached its readers: its scheduled delivery, if that is later than its creation. */
export function arrivalTime(entry: LogEntry): number {
  return Math.max(entry.createdAt, entry.deliverAt ?? 0);
}

/** This entry's unread state for `me`, or null when there is nothing new in it. */
export function unreadItem(entry: LogEntry, input: Omit<UnreadInput, 'entries'>): UnreadItem | null {
  const { me, now } = input;
  if (entry.deletedAt !== null) return null;
  const mine = entry.authorId === me;
  if (!mine && entry.deliverAt !== null && entry.deliverAt > now) return null;
  const threshold = seenAt(input.seen, entry.id) ?? input.lastVisitAt;

  const replies = entry.replies.filter((r) => r.authorId !== me && r.deletedAt === null && r.createdAt > threshold);
  let reason: UnreadReason | null = null;
  let activityAt = 0;
  if (!mine) {
    const arrived = arrivalTime(entry);
    if (arrived > threshold) reason = 'new';
    else if (entry.editedAt !== null && entry.editedAt > threshold) reason = 'edited';
    if (reason) activityAt = Math.max(arrived, entry.editedAt ?? 0);
  }
  if (replies.length > 0) {
    reason ??= 'replies';
    activityAt = Math.max(activityAt, ...replies.map((r) => r.createdAt));
  }
  if (!reason) return null;

  const entryCounts = reason !== 'replies';
  return {
    entryId: entry.id,
    kind: entry.kind,
    reason,
    newReplies: replies.length,
    mentionsMe: (entryCounts && entry.mentions.includes(me)) || replies.some((r) => r.mentions.includes(me)),
    forMe: !mine && (entry.recipients.includes(me) || (entry.kind === 'blocker' && entry.blocker.canUnblock.includes(me))),
    activityAt,
  };
}

export function computeUnread(input: UnreadInput): UnreadSummary {
  const byKind = Object.fromEntries(LOG_ENTRY_KINDS.map((k) => [k, 0])) as Record<LogEntryKind, number>;
  const items: UnreadItem[] = [];
  const authorOf = new Map<string, string>();
  for (const entry of input.entries) {
    const item = unreadItem(entry, input);
    if (!item) continue;
    items.push(item);
    authorOf.set(entry.id, entry.authorId);
    byKind[item.kind] += 1;
  }
  items.sort((a, b) => b.activityAt - a.activityAt || (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0));
  return {
    items,
    total: items.length,
    byKind,
    mentions: items.filter((i) => i.mentionsMe).length,
    forMe: items.filter((i) => i.forMe).length,
    repliesOnMine: items.filter((i) => authorOf.get(i.entryId) === input.me && i.newReplies > 0).length,
    newReplies: items.reduce((sum, i) => sum + i.newReplies, 0),
  };
}
