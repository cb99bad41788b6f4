import type { StateCreator } from 'zustand';
import type { NavigationSlice } from './navigation-slice';
import type { SessionSlice } from './session-slice';
import type { PagesSlice } from './pages-slice';
import type { SyncSlice } from './sync-slice';
import type { HandoffSlice } from './handoff-slice';
import type { LogSlice } from './log-slice';
import type { KbSlice } from './kb-slice';
import type { UiSlice } from './ui-slice';

/** The one store (Zustand slices pattern). UI and session state only: documents live in Yjs. */
export type AppState = NavigationSlice & SessionSlice & PagesSlice & SyncSlice & HandoffSlice & LogSlice & KbSlice & UiSlice;

export type SliceCreator<T> = StateCreator<AppState, [], [], T>;
