import type { Profile, ProfileUpdate, SetupInput } from '../../../shared/api/contract';
import { api } from '../platform';
import { describeError } from '../errors';
import type { SliceCreator } from './types';

export type SessionStatus = 'loading' | 'onboarding' | 'ready' | 'error';

export interface SessionSlice {
  sessionStatus: SessionStatus;
  profile: Profile | null;
  /** Why the profile could not be loaded, when `sessionStatus` is 'error'. */
  sessionError: string | null;
  loadProfile(): Promise<void>;
  /** Throws the ApiError so the form can show field errors. */
  setupProfile(input: SetupInput): Promise<Profile>;
  updateProfile(patch: ProfileUpdate): Promise<Profile>;
  setProfile(profile: Profile): void;
}

export const createSessionSlice: SliceCreator<SessionSlice> = (set) => ({
  sessionStatus: 'loading',
  profile: null,
  sessionError: null,
  loadProfile: async () => {
    set({ sessionError: null });
    try {
      const profile = await api.call('profile.get');
      set({ profile, sessionStatus: profile ? 'ready' : 'onboarding' });
    } catch (error) {
      set({ sessionStatus: 'error', sessionError: describeError(error) });
    }
  },
  setupProfile: async (input) => {
    const profile = await api.call('profile.setup', input);
    set({ profile, sessionStatus: 'ready', sessionError: null });
    return profile;
  },
  updateProfile: async (patch) => {
    const profile = await api.call('profile.update', patch);
    set({ profile });
    return profile;
  },
  setProfile: (profile) =>
    set((state) => ({
      profile,
      sessionStatus: state.sessionStatus === 'onboarding' ? 'ready' : state.sessionStatus,
      // Another space (joined or left a team): what was open belongs to the old one.
      ...(state.profile && state.profile.spaceId !== profile.spaceId ? { selectedPageId: null, freshPageId: null } : {}),
    })),
});
