/**
 * Words for a `SyncStatus` (pure, so the sidebar and Settings say the same thing and it can be
 * tested without rendering). Times are shown in the user's own zone.
 */
import type { SyncStatus } from '../../../../shared/api/contract';
import { formatInZone } from '../../../../shared/time';

/** shared/sync/invite.ts's INVITE_PREFIX, repeated so the renderer bundle does not carry zod. */
export const INVITE_PREFIX = 'baton1.';

export type SyncTone = 'off' | 'busy' | 'ok' | 'warn' | 'error';

export interface SyncText {
  /** The colour of the dot. */
  tone: SyncTone;
  /** One short line: "Synced 14:32", "Syncing 12 of 40", "Sync error". */
  label: string;
  /** The reason of an error, or a note ("Work offline is on"); null when nothing to add. */
  detail: string | null;
  /** "3 changes waiting to sync", or null when nothing waits. */
  waiting: string | null;
  /** "retrying in 20 s" while an error waits for its next attempt, else null. */
  retry: string | null;
}

/** "14:32" today, "3 Mar 14:32" on another day (both in `zone`). */
export function formatSyncedAt(syncedAt: number, now: number, zone: string): string {
  const sameDay = formatInZone(syncedAt, zone, 'yyyy-MM-dd') === formatInZone(now, zone, 'yyyy-MM-dd');
  return formatInZone(syncedAt, zone, sameDay ? 'HH:mm' : 'd LLL HH:mm');
}

export function waitingText(pending: number): string | null {
  if (pending <= 0) return null;
  return pending === 1 ? '1 change waiting to sync' : `${pending} changes waiting to sync`;
}

/** "retrying in 20 s" / "retrying in 2 min" / "retrying now"; null when no retry is due. */
export function retryText(retryAt: number | null, now: number): string | null {
  if (retryAt === null) return null;
  const seconds = Math.ceil((retryAt - now) / 1000);
  if (seconds <= 0) return 'retrying now';
  if (seconds < 90) return `retrying in ${seconds} s`;
  return `retrying in ${Math.round(seconds / 60)} min`;
}

export function describeSync(status: SyncStatus, now: number, zone: string): SyncText {
  const waiting = waitingText(status.pending);
  switch (status.state) {
    case 'disabled':
      return { tone: 'off', label: 'Local only', detail: null, waiting: null, retry: null };
    case 'offline':
      return {
        tone: 'warn',
        label: 'Offline',
        detail: status.online ? null : 'Work offline is on',
        waiting,
        retry: null,
      };
    case 'connecting':
      return { tone: 'busy', label: 'Connecting…', detail: null, waiting, retry: null };
    case 'syncing':
      return {
        tone: 'busy',
        label: status.docsTotal > 0 ? `Syncing ${Math.min(status.docsDone, status.docsTotal)} of ${status.docsTotal}` : 'Syncing…',
        detail: null,
        waiting,
        retry: null,
      };
    case 'synced':
      return {
        tone: 'ok',
        label: status.syncedAt === null ? 'Synced' : `Synced ${formatSyncedAt(status.syncedAt, now, zone)}`,
        detail: null,
        waiting,
        retry: null,
      };
    case 'error':
      return {
        tone: 'error',
        label: 'Sync error',
        detail: status.error ?? 'The connection to the relay failed',
        waiting,
        retry: retryText(status.retryAt, now),
      };
  }
}

/** "retrying in 20 s" → "Retrying in 20 s", for a line of its own. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The whole status as one sentence (tooltips, Settings). */
export function syncSentence(text: SyncText): string {
  const head = text.detail ? `${text.label}: ${text.detail}` : text.label;
  return [head, text.retry, text.waiting].filter(Boolean).join(' — ');
}
