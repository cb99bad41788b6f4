import type { ReminderList } from '../../../shared/api/handoff-api';
import { api } from '../platform';
import type { SliceCreator } from './types';

/**
 * Reminders and time, as the Core reports them: the reminder list (loaded with
 * `reminders.list`, then followed through `reminders.changed`, wired by the ReminderBanner),
 * how far the Core's clock is from this machine's (tests inject a clock into the Core; the
 * page shows "now" from it), and whether the handoff composer dialog is open.
 */
export interface HandoffSlice {
  /** null until the first answer or event. */
  reminders: ReminderList | null;
  /** The Core's clock minus this machine's, from the last reading. */
  clockSkewMs: number;
  composerOpen: boolean;
  openComposer(): void;
  closeComposer(): void;
  setReminders(list: ReminderList): void;
  loadReminders(): Promise<ReminderList>;
  /** A reading of the Core's clock. */
  syncClock(coreNow: number): void;
}

export const createHandoffSlice: SliceCreator<HandoffSlice> = (set, get) => ({
  reminders: null,
  clockSkewMs: 0,
  composerOpen: false,
  openComposer: () => set({ composerOpen: true }),
  closeComposer: () => set({ composerOpen: false }),
  setReminders: (list) => {
    set({ reminders: list });
    get().syncClock(list.now);
  },
  loadReminders: async () => {
    const list = await api.call('reminders.list');
    get().setReminders(list);
    return list;
  },
  syncClock: (coreNow) => {
    const skew = coreNow - Date.now();
    // Ignore the jitter of the round trip; follow real jumps (a test clock, a corrected clock).
    if (Math.abs(skew - get().clockSkewMs) > 1000) set({ clockSkewMs: skew });
  },
});
