import type { MoveInput, PageSummary } from '../../../shared/api/contract';
import { breadcrumb } from '../../../shared/model/tree';
import { api } from '../platform';
import { startTypeAhead } from '../type-ahead';
import { upsertPage } from './pages-slice';
import type { SliceCreator } from './types';

/** The side panel of the open page. */
export type KbPanel = 'comments' | 'history';

/** A selection the user asked to comment on: offsets into the page text (`readPageText`). */
export interface CommentDraft {
  pageId: string;
  from: number;
  to: number;
  quote: string;
}

/**
 * UI state of the knowledge base and the command palette: which tree nodes are open, which side
 * panel and comment thread are showing, the "Archived … Undo" offer, and the navigation and
 * tree commands several components share. Pages themselves stay in the pages slice (and their
 * content in Yjs); this holds no document data.
 */
export interface KbSlice {
  /** Page ids whose subpages the tree shows. */
  kbExpanded: Record<string, true>;
  paletteOpen: boolean;
  kbPanel: KbPanel | null;
  /** The comment thread whose anchor the editor highlights. */
  activeThreadId: string | null;
  commentDraft: CommentDraft | null;
  /** The page just archived here, offered for undo. */
  archiveUndo: { pageId: string; title: string; at: number } | null;
  setExpanded(id: string, expanded: boolean): void;
  /** Opens every ancestor of the page in the tree. */
  revealPage(id: string): void;
  openPalette(): void;
  closePalette(): void;
  setKbPanel(panel: KbPanel | null): void;
  setActiveThread(id: string | null): void;
  startCommentDraft(draft: CommentDraft): void;
  clearCommentDraft(): void;
  /** Shows the page in the knowledge base; false when it is not in the live tree. */
  openPage(id: string): boolean;
  /** A blank page (templateId null) or one from a template; opened with its title selected. */
  createPageFrom(templateId: string | null, title: string, parentId?: string | null): Promise<PageSummary>;
  movePage(input: MoveInput): Promise<PageSummary>;
  archivePage(id: string): Promise<PageSummary>;
  restorePage(id: string): Promise<PageSummary>;
  clearArchiveUndo(): void;
}

export const createKbSlice: SliceCreator<KbSlice> = (set, get) => ({
  kbExpanded: {},
  paletteOpen: false,
  kbPanel: null,
  activeThreadId: null,
  commentDraft: null,
  archiveUndo: null,
  setExpanded: (id, expanded) =>
    set((state) => {
      if (Boolean(state.kbExpanded[id]) === expanded) return {};
      const next = { ...state.kbExpanded };
      if (expanded) next[id] = true;
      else delete next[id];
      return { kbExpanded: next };
    }),
  revealPage: (id) =>
    set((state) => {
      const ancestors = breadcrumb(state.pages, id).slice(0, -1);
      if (ancestors.every((p) => state.kbExpanded[p.id])) return {};
      const next = { ...state.kbExpanded };
      for (const page of ancestors) next[page.id] = true;
      return { kbExpanded: next };
    }),
  openPalette: () => set({ paletteOpen: true }),
  closePalette: () => set({ paletteOpen: false }),
  setKbPanel: (kbPanel) => set({ kbPanel }),
  setActiveThread: (activeThreadId) => set({ activeThreadId }),
  startCommentDraft: (commentDraft) => set({ commentDraft, kbPanel: 'comments', activeThreadId: null }),
  clearCommentDraft: () => set({ commentDraft: null }),
  openPage: (id) => {
    const state = get();
    if (!state.pages.some((p) => p.id === id)) return false;
    if (state.view !== 'knowledge') state.navigate('knowledge');
    if (state.selectedPageId !== id) {
      state.selectPage(id);
      set({ activeThreadId: null, commentDraft: null });
    }
    get().revealPage(id);
    return true;
  },
  createPageFrom: async (templateId, title, parentId = null) => {
    // Typing can start before the title field exists; those keys are kept for it.
    const typing = startTypeAhead();
    const page = await (templateId
      ? api.call('pages.createFromTemplate', { templateId, title, parentId })
      : api.call('pages.create', { title, parentId })
    ).finally(() => typing.finish());
    get().selectPage(page.id);
    set((state) => ({ pages: upsertPage(state.pages, page), freshPageId: page.id, freshPageTyped: typing.finish(), activeThreadId: null, commentDraft: null }));
    if (page.parentId) get().setExpanded(page.parentId, true);
    get().revealPage(page.id);
    return page;
  },
  movePage: async (input) => {
    const page = await api.call('pages.move', input);
    set((state) => ({ pages: upsertPage(state.pages, page) }));
    await get().refreshPages();
    if (page.parentId) get().setExpanded(page.parentId, true);
    get().revealPage(page.id);
    return page;
  },
  archivePage: async (id) => {
    const page = await api.call('pages.archive', { id });
    set({ archiveUndo: { pageId: page.id, title: page.title, at: Date.now() } });
    await get().refreshPages();
    return page;
  },
  restorePage: async (id) => {
    const page = await api.call('pages.restore', { id });
    set((state) => ({ archiveUndo: state.archiveUndo?.pageId === id ? null : state.archiveUndo }));
    await get().refreshPages();
    get().revealPage(page.id);
    return page;
  },
  clearArchiveUndo: () => set({ archiveUndo: null }),
});
