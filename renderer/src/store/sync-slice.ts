import type { Profile, SyncStatus } from '../../../shared/api/contract';
import { api } from '../platform';
import { describeError } from '../errors';
import type { SliceCreator } from './types';

/**
 * Sync with the team's relay, as the Core reports it: loaded once with `sync.status`, then
 * followed through `sync.status` events (wired in the Shell). Join, leave and the "work offline"
 * switch are Core calls; their effects come back as events (status, profile, pages, team).
 */
export interface SyncSlice {
  /** null until the first answer or event. */
  sync: SyncStatus | null;
  /** Why the status could not be read (the link is down, …). */
  syncLoadError: string | null;
  setSyncStatus(status: SyncStatus): void;
  loadSyncStatus(): Promise<void>;
  /** The "work offline" switch: `online: false` closes the connection until switched back. */
  setSyncOnline(online: boolean): Promise<SyncStatus>;
  /** Joins the team of an invite code; throws the Core's error (invalid_argument for a bad code). */
  joinTeam(invite: string): Promise<Profile>;
  /** Stops syncing and returns to this device's own space. Nothing is deleted. */
  leaveTeam(): Promise<Profile | null>;
}

// A status event is newer than any answer to a `sync.status` call made before it arrived.
let statusEpoch = 0;

export const createSyncSlice: SliceCreator<SyncSlice> = (set, get) => ({
  sync: null,
  syncLoadError: null,
  setSyncStatus: (status) => {
    statusEpoch++;
    set({ sync: status, syncLoadError: null });
  },
  loadSyncStatus: async () => {
    const epoch = statusEpoch;
    try {
      const status = await api.call('sync.status');
      if (epoch === statusEpoch) set({ sync: status, syncLoadError: null });
    } catch (error) {
      if (epoch === statusEpoch) set({ syncLoadError: describeError(error) });
    }
  },
  setSyncOnline: async (online) => {
    const status = await api.call('sync.setOnline', { online });
    get().setSyncStatus(status);
    return status;
  },
  joinTeam: async (invite) => {
    const profile = await api.call('sync.join', { invite });
    get().setProfile(profile);
    await get().loadSyncStatus();
    return profile;
  },
  leaveTeam: async () => {
    const profile = await api.call('sync.leave');
    if (profile) get().setProfile(profile);
    await get().loadSyncStatus();
    return profile;
  },
});
