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

/** A part of a view that navigation can bring into view and focus (its element's `data-section`). */
export type SectionId = 'sync' | 'handoffs';

export interface NavigationSlice {
  view: ViewId;
  /** Where to land inside the view; the Shell scrolls to it, focuses it and clears it. */
  section: SectionId | null;
  navigate(view: ViewId, section?: SectionId): void;
  clearSection(): void;
}

export const createNavigationSlice: SliceCreator<NavigationSlice> = (set) => ({
  view: 'today',
  section: null,
  navigate: (view, section) => set({ view, section: section ?? null }),
  clearSection: () => set({ section: null }),
});
