/** Small formatting helpers shared by the update-log views. */
import type { LogEntry, LogEntryKind } from '../../../../shared/model/log-types';
import { entryHeadline } from '../../../../shared/model/log-filters';
import type { GoalStatus } from '../../../../shared/model/goals';
import { formatInZone } from '../../../../shared/time';

export const KIND_LABELS: Record<LogEntryKind, string> = {
  update: 'Daily update',
  decision: 'Decision',
  blocker: 'Blocker',
  handoff: 'Handoff',
  fyi: 'FYI',
  summary: 'Weekly summary',
};

export const GOAL_STATUS_LABELS: Record<GoalStatus, string> = {
  'on-track': 'On track',
  'at-risk': 'At risk',
  blocked: 'Blocked',
  done: 'Done',
};

/** "America/New_York" → "New York". */
export function zoneCity(zone: string): string {
  const last = zone.split('/').pop() ?? zone;
  return last.replace(/_/g, ' ');
}

export function nameOf(members: readonly { id: string; name: string }[], id: string | null | undefined): string {
  if (!id) return 'Someone';
  return members.find((m) => m.id === id)?.name ?? 'A former teammate';
}

export function firstName(name: string): string {
  return name.split(/\s+/)[0] || name;
}

/** "Tue 14:05" in `zone`, or "14:05" when it is today there. */
export function dayTime(ms: number, zone: string, now: number): string {
  const sameDay = formatInZone(ms, zone, 'yyyy-MM-dd') === formatInZone(now, zone, 'yyyy-MM-dd');
  return formatInZone(ms, zone, sameDay ? 'HH:mm' : 'ccc d LLL, HH:mm');
}

export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

/** "a, b and c". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A one-line title for lists: a daily update's first check-in answer says more than its notes. */
export function headline(entry: LogEntry, max = 100): string {
  if (entry.deletedAt === null && entry.kind === 'update' && entry.checkIn.length > 0) {
    const first = entryHeadline({ ...entry, body: '', checkIn: entry.checkIn }, max);
    if (first) return first;
  }
  return entryHeadline(entry, max) || KIND_LABELS[entry.kind];
}
