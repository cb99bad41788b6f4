import type { LogSettings, LogUnreadCount } from '../../../shared/api/log-api';
import { api } from '../platform';
import type { SliceCreator } from './types';

export type UpdatesTab = 'feed' | 'catch-up' | 'summary' | 'goals';

/**
 * UI state of the update log. Entries themselves are not kept here: views ask the Core for the
 * page they show and ask again on `log.changed`. What several views share lives here: the
 * unread count (sidebar badge, Today, the Catch up tab), the team's log settings (composer,
 * settings card) and which Updates tab is open (Today links into a tab).
 */
export interface LogSlice {
  logUnread: LogUnreadCount | null;
  logSettings: LogSettings | null;
  updatesTab: UpdatesTab;
  /** A feed entry to bring into view once the feed shows it (from Today or the catch-up list). */
  focusEntryId: string | null;
  setUpdatesTab(tab: UpdatesTab): void;
  openEntry(entryId: string): void;
  clearFocusEntry(): void;
  setLogUnread(count: LogUnreadCount): void;
  loadLogUnread(): Promise<void>;
  loadLogSettings(): Promise<void>;
}

// An answer to a request made before a newer one was sent is dropped.
let unreadSeq = 0;
let settingsSeq = 0;

export const createLogSlice: SliceCreator<LogSlice> = (set, get) => ({
  logUnread: null,
  logSettings: null,
  updatesTab: 'feed',
  focusEntryId: null,
  setUpdatesTab: (updatesTab) => set({ updatesTab }),
  openEntry: (focusEntryId) => {
    set({ focusEntryId, updatesTab: 'feed' });
    get().navigate('updates');
  },
  clearFocusEntry: () => set({ focusEntryId: null }),
  setLogUnread: (logUnread) => {
    unreadSeq++;
    set({ logUnread });
  },
  loadLogUnread: async () => {
    const seq = ++unreadSeq;
    const count = await api.call('log.unreadCount');
    if (seq === unreadSeq) set({ logUnread: count });
  },
  loadLogSettings: async () => {
    const seq = ++settingsSeq;
    const settings = await api.call('log.settings');
    if (seq === settingsSeq) set({ logSettings: settings });
  },
});
