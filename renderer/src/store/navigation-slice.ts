import type { SliceCreator } from './types';

export const VIEWS = [
  { id: 'today', label: 'Today' },
  { id: 'updates', label: 'Updates' },
  { id: 'knowledge', label: 'Knowledge base' },
  { id: 'team', label: 'Team' },
  { id: 'settings', label: 'Settings' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export function isViewId(value: unknown): value is ViewId {
  return VIEWS.some((view) => view.id === value);
}

export interface NavigationSlice {
  view: ViewId;
  navigate(view: ViewId): void;
}

export const createNavigationSlice: SliceCreator<NavigationSlice> = (set) => ({
  view: 'today',
  navigate: (view) => set({ view }),
});
