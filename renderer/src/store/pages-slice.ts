import type { PageSummary } from '../../../shared/api/contract';
import { api } from '../platform';
import { describeError } from '../errors';
import type { TypedAhead } from '../type-ahead';
import type { SliceCreator } from './types';

/**
 * The knowledge base's page list as the Core projects it (`pages.list`), plus which page is
 * open. Titles here are a cache for the list; the `space` doc in the Core is the truth.
 */
export interface PagesSlice {
  pages: PageSummary[];
  pagesLoaded: boolean;
  pagesError: string | null;
  selectedPageId: string | null;
  /** A page just created here, whose title the editor should focus for naming; then null. */
  freshPageId: string | null;
  /** Keys typed while that page was being created, for its title (see `startTypeAhead`). */
  freshPageTyped: TypedAhead | null;
  refreshPages(): Promise<void>;
  selectPage(id: string | null): void;
  clearFreshPage(): void;
  renamePage(id: string, title: string): Promise<PageSummary>;
}

const visible = (pages: PageSummary[]) => pages.filter((page) => !page.archived);

/** `pages` with `page` replaced (by id), or added at the end. */
export function upsertPage(pages: PageSummary[], page: PageSummary): PageSummary[] {
  const index = pages.findIndex((p) => p.id === page.id);
  if (index === -1) return [...pages, page];
  const next = pages.slice();
  next[index] = page;
  return next;
}

let refreshSeq = 0;
// The refresh count when the selection was last made: only a list asked for after it may close
// the selected page (an older answer may predate a page just created here).
let selectedAtSeq = 0;

export const createPagesSlice: SliceCreator<PagesSlice> = (set) => ({
  pages: [],
  pagesLoaded: false,
  pagesError: null,
  selectedPageId: null,
  freshPageId: null,
  freshPageTyped: null,
  refreshPages: async () => {
    // Answers can arrive out of order when refreshes overlap; only the latest one counts.
    const seq = ++refreshSeq;
    try {
      const pages = await api.call('pages.list');
      if (seq !== refreshSeq) return;
      const shown = visible(pages);
      // A page that went away (archived by a teammate, another space after join/leave) closes.
      set((state) => ({
        pages: shown,
        pagesLoaded: true,
        pagesError: null,
        ...(seq > selectedAtSeq && state.selectedPageId && !shown.some((p) => p.id === state.selectedPageId)
          ? { selectedPageId: null, freshPageId: null }
          : {}),
      }));
    } catch (error) {
      if (seq !== refreshSeq) return;
      set({ pagesError: describeError(error), pagesLoaded: true });
      throw error;
    }
  },
  selectPage: (id) => {
    selectedAtSeq = refreshSeq;
    set({ selectedPageId: id });
  },
  clearFreshPage: () => set({ freshPageId: null, freshPageTyped: null }),
  renamePage: async (id, title) => {
    const page = await api.call('pages.rename', { id, title });
    set((state) => ({ pages: upsertPage(state.pages, page) }));
    return page;
  },
});
