import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../../shared/api/contract';
import { INVITE_PREFIX as SHARED_INVITE_PREFIX } from '../../../../shared/sync/invite';
import { INVITE_PREFIX, describeSync, formatSyncedAt, retryText, syncSentence, waitingText } from './sync-text';

const base: SyncStatus = {
  state: 'synced',
  online: true,
  relayUrl: 'ws://relay.test',
  role: 'writer',
  docsDone: 0,
  docsTotal: 0,
  syncedAt: null,
  pending: 0,
  error: null,
  retryAt: null,
};

// 2025-03-03 13:32 UTC = 14:32 in Berlin.
const now = Date.UTC(2025, 2, 3, 13, 32, 40);

describe('sync text', () => {
  it('names every state', () => {
    expect(describeSync({ ...base, state: 'disabled', relayUrl: null }, now, 'Europe/Berlin').label).toBe('Local only');
    expect(describeSync({ ...base, state: 'connecting' }, now, 'UTC').label).toBe('Connecting…');
    expect(describeSync({ ...base, state: 'syncing', docsDone: 12, docsTotal: 40 }, now, 'UTC').label).toBe('Syncing 12 of 40');
    expect(describeSync({ ...base, state: 'syncing' }, now, 'UTC').label).toBe('Syncing…');
    expect(describeSync({ ...base, syncedAt: now - 40_000 }, now, 'Europe/Berlin').label).toBe('Synced 14:32');
    expect(describeSync(base, now, 'UTC').label).toBe('Synced');
  });

  it('offline says whether the user switched it off, and what waits', () => {
    const text = describeSync({ ...base, state: 'offline', online: false, pending: 3 }, now, 'UTC');
    expect(text).toMatchObject({ tone: 'warn', label: 'Offline', detail: 'Work offline is on', waiting: '3 changes waiting to sync' });
    expect(syncSentence(text)).toBe('Offline: Work offline is on — 3 changes waiting to sync');
    expect(describeSync({ ...base, state: 'offline', online: true }, now, 'UTC').detail).toBeNull();
  });

  it('an error carries its reason and the retry countdown', () => {
    const text = describeSync({ ...base, state: 'error', error: 'The relay rejected this device’s token', retryAt: now + 19_200, pending: 1 }, now, 'UTC');
    expect(syncSentence(text)).toBe('Sync error: The relay rejected this device’s token — retrying in 20 s — 1 change waiting to sync');
  });

  it('formats the waiting count, the retry delay and the sync time in the user’s zone', () => {
    expect(waitingText(0)).toBeNull();
    expect(waitingText(1)).toBe('1 change waiting to sync');
    expect(retryText(null, now)).toBeNull();
    expect(retryText(now - 1, now)).toBe('retrying now');
    expect(retryText(now + 150_000, now)).toBe('retrying in 3 min');
    expect(formatSyncedAt(now, now, 'Asia/Tokyo')).toBe('22:32');
    // Another day in that zone shows the date.
    expect(formatSyncedAt(now - 86_400_000, now, 'Asia/Tokyo')).toBe('2 Mar 22:32');
  });

  it('repeats the shared invite prefix exactly', () => {
    expect(INVITE_PREFIX).toBe(SHARED_INVITE_PREFIX);
  });
});
