/**
 * Who is on a page, from its awareness states: pure helpers shared by the caret labels and
 * the "People on this page" list.
 */
import type { PresenceUser } from '../yjs/doc-awareness';

/**
 * Caret and avatar colours: saturated enough to find a caret, dark enough for white label text
 * (each has at least 4.5:1 contrast with #fff).
 */
export const PRESENCE_COLORS = ['#2f5bd3', '#b42318', '#1f7a3f', '#8a3ffc', '#b54708', '#0e7490', '#c11574', '#4d5d2b', '#6941c6', '#9a3412'] as const;

/** A stable colour per member, so a person has the same caret colour in every window. */
export function memberColor(memberId: string): string {
  // FNV-1a: cheap and spreads short ids well.
  let hash = 0x811c9dc5;
  for (let i = 0; i < memberId.length; i++) {
    hash ^= memberId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return PRESENCE_COLORS[(hash >>> 0) % PRESENCE_COLORS.length];
}

/** "Ada Lovelace" → "AL", "grace" → "G". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = [...words[0]][0] ?? '';
  const last = words.length > 1 ? ([...words[words.length - 1]][0] ?? '') : '';
  return (first + last).toUpperCase();
}

function isPresenceUser(value: unknown): value is PresenceUser {
  const user = value as Partial<PresenceUser> | null;
  return Boolean(user && typeof user.name === 'string' && typeof user.memberId === 'string' && typeof user.color === 'string');
}

/**
 * The other people on the page: one entry per member (several windows of one person count
 * once), never `selfMemberId`, sorted by name. Entries without a valid user are ignored.
 */
export function peopleOnPage(states: Iterable<[number, unknown]>, selfMemberId: string | null): PresenceUser[] {
  const byMember = new Map<string, PresenceUser>();
  for (const [, state] of states) {
    const user = (state as { user?: unknown } | null)?.user;
    if (!isPresenceUser(user) || user.memberId === selfMemberId || byMember.has(user.memberId)) continue;
    byMember.set(user.memberId, { name: user.name, color: user.color, memberId: user.memberId });
  }
  return [...byMember.values()].sort((a, b) => a.name.localeCompare(b.name) || a.memberId.localeCompare(b.memberId));
}
