import { create } from 'zustand';
import { createNavigationSlice } from './navigation-slice';
import { createPagesSlice } from './pages-slice';
import { createSessionSlice } from './session-slice';
import { createSyncSlice } from './sync-slice';
import { createHandoffSlice } from './handoff-slice';
import { createLogSlice } from './log-slice';
import { createKbSlice } from './kb-slice';
import type { AppState } from './types';
import { createUiSlice } from './ui-slice';

export type { AppState } from './types';
export { VIEWS, isViewId } from './navigation-slice';
export type { ViewId, SectionId } from './navigation-slice';
export type { Toast } from './ui-slice';
export type { SessionStatus } from './session-slice';
export type { UpdatesTab } from './log-slice';
export type { KbPanel, CommentDraft } from './kb-slice';

export const useAppStore = create<AppState>()((...a) => ({
  ...createNavigationSlice(...a),
  ...createSessionSlice(...a),
  ...createPagesSlice(...a),
  ...createSyncSlice(...a),
  ...createHandoffSlice(...a),
  ...createLogSlice(...a),
  ...createKbSlice(...a),
  ...createUiSlice(...a),
}));

/** Back to the state of a fresh start (tests). */
export function resetAppStore(): void {
  useAppStore.setState(useAppStore.getInitialState(), true);
}
