import { useMemo } from 'react';
import { useAppStore } from '../../store';
import { useNow } from '../use-now';

/**
 * "Now" by the Core's clock (the clock that decides what is due for review), refreshed every
 * minute: stale badges agree with the Core's "Due for review" list even when this machine's
 * clock is off or a test injects a clock into the Core.
 */
export function useKbNow(): number {
  const skew = useAppStore((s) => s.clockSkewMs);
  const tick = useNow();
  return useMemo(() => Date.now() + skew, [tick, skew]);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** "today", "yesterday", "12 days ago", "3 months ago" — for review dates. */
export function daysAgo(at: number, now: number): string {
  const days = Math.floor((now - at) / DAY_MS);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 60) return `${days} days ago`;
  const months = Math.round(days / 30);
  if (months < 24) return `${months} months ago`;
  return `${Math.round(days / 365)} years ago`;
}

/** "in 12 days", "today", "3 days overdue". */
export function dueIn(at: number, now: number): string {
  const days = Math.round((at - now) / DAY_MS);
  if (days === 0) return 'due today';
  if (days > 0) return days === 1 ? 'due tomorrow' : `due in ${days} days`;
  return -days === 1 ? '1 day overdue' : `${-days} days overdue`;
}
