/**
 * The page-link picker: typing `[[` (anywhere) or `@` (at the start of a word) opens a list of
 * pages filtered by what follows; ↑/↓ choose, Enter or Tab insert the page's title as a link to
 * `baton://page/<id>`, Escape closes. Built on @tiptap/suggestion (one plugin per trigger);
 * the list itself is React (PagePicker.tsx), fed through a small external store so the
 * suggestion plugin and the component share state without re-creating the editor.
 */
import { Extension } from '@tiptap/core';
import type { Editor, Range } from '@tiptap/core';
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import { PluginKey } from '@tiptap/pm/state';
import { Suggestion } from '@tiptap/suggestion';
import type { SuggestionKeyDownProps, SuggestionProps } from '@tiptap/suggestion';
import { pageLink } from './links';

export interface PageOption {
  id: string;
  title: string;
  icon: string;
}

export interface PagePickerState {
  open: boolean;
  trigger: string;
  query: string;
  items: PageOption[];
  active: number;
  /** Where the typed trigger is on screen (viewport coordinates). */
  rect: { left: number; top: number; bottom: number } | null;
}

const CLOSED: PagePickerState = { open: false, trigger: '', query: '', items: [], active: 0, rect: null };
export const MAX_PAGE_OPTIONS = 8;
/** Longer than this after the trigger is ordinary text, not a search. */
const MAX_QUERY = 60;

/** Pages whose title contains every typed word; titles starting with the query first. */
export function filterPageOptions(pages: readonly PageOption[], query: string, limit = MAX_PAGE_OPTIONS): PageOption[] {
  const q = query.trim().toLowerCase();
  const words = q.split(/\s+/).filter(Boolean);
  const matches = pages.filter((p) => {
    const title = p.title.toLowerCase();
    return words.every((w) => title.includes(w));
  });
  if (!q) return matches.slice(0, limit);
  const rank = (p: PageOption) => {
    const title = p.title.toLowerCase();
    return title === q ? 0 : title.startsWith(q) ? 1 : title.split(/\s+/).some((w) => w.startsWith(words[0] ?? '')) ? 2 : 3;
  };
  return matches
    .map((p, i) => ({ p, i, r: rank(p) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .slice(0, limit)
    .map((x) => x.p);
}

/** Shared between the suggestion plugins and the React list. */
export class PagePickerController {
  private state: PagePickerState = CLOSED;
  private readonly listeners = new Set<() => void>();
  private command: ((item: PageOption) => void) | null = null;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): PagePickerState => this.state;

  private set(next: PagePickerState): void {
    this.state = next;
    for (const listener of [...this.listeners]) listener();
  }

  show(props: SuggestionProps<PageOption, PageOption>, trigger: string): void {
    const rect = props.clientRect?.() ?? null;
    const sameQuery = this.state.open && this.state.trigger === trigger && this.state.query === props.query;
    this.command = (item) => props.command(item);
    // While the new query's items load, keep showing the last ones (no flicker).
    const items = props.loading && this.state.open && this.state.trigger === trigger ? this.state.items : props.items;
    this.set({
      open: true,
      trigger,
      query: props.query,
      items,
      active: sameQuery ? Math.min(this.state.active, Math.max(0, items.length - 1)) : 0,
      rect: rect ? { left: rect.left, top: rect.top, bottom: rect.bottom } : null,
    });
  }

  hide(): void {
    this.command = null;
    if (this.state.open) this.set(CLOSED);
  }

  setActive(index: number): void {
    if (!this.state.open) return;
    this.set({ ...this.state, active: index });
  }

  pick(index = this.state.active): boolean {
    const item = this.state.items[index];
    if (!this.state.open || !item || !this.command) return false;
    this.command(item);
    return true;
  }

  /** Keys while the list is open; false lets the editor handle the key. */
  keyDown({ event }: SuggestionKeyDownProps): boolean {
    const { open, items, active } = this.state;
    if (!open || items.length === 0) return false;
    if (event.key === 'ArrowDown') {
      this.setActive((active + 1) % items.length);
      return true;
    }
    if (event.key === 'ArrowUp') {
      this.setActive((active - 1 + items.length) % items.length);
      return true;
    }
    if (event.key === 'Enter' || event.key === 'Tab') return this.pick();
    return false;
  }
}

export interface PageLinkPickerOptions {
  controller: PagePickerController | null;
  /** The pages that can be linked (the open page itself left out). */
  listPages: () => PageOption[];
}

/** Replaces the typed trigger and query with the page's title, linked, and a space after it. */
export function insertPageLink(editor: Editor, range: Range, item: PageOption): void {
  const { doc } = editor.state;
  // "[[Title]]" typed in full: eat the closing brackets too.
  const after = doc.textBetween(range.to, Math.min(range.to + 2, doc.content.size), '');
  const to = after === ']]' ? range.to + 2 : range.to;
  editor
    .chain()
    .focus()
    .insertContentAt({ from: range.from, to }, [
      { type: 'text', text: item.title, marks: [{ type: 'link', attrs: { href: pageLink(item.id) } }] },
      { type: 'text', text: ' ' },
    ])
    .run();
}

export const PageLinkPicker = Extension.create<PageLinkPickerOptions>({
  name: 'pageLinkPicker',
  addOptions() {
    return { controller: null, listPages: () => [] };
  },
  addProseMirrorPlugins() {
    const { controller, listPages } = this.options;
    if (!controller) return [];
    const editor = this.editor;
    const make = (char: string, key: PluginKey, allowedPrefixes: string[] | null) =>
      Suggestion<PageOption, PageOption>({
        editor,
        pluginKey: key,
        char,
        allowSpaces: true,
        allowedPrefixes,
        decorationClass: 'page-link-query',
        items: ({ query }) => filterPageOptions(listPages(), query),
        // A teammate's edit moving text under the caret must not open the list.
        shouldShow: ({ transaction }) => !isChangeOrigin(transaction) || Boolean(key.getState(editor.state)?.active),
        allow: ({ range }) => range.to - range.from <= MAX_QUERY + char.length,
        command: ({ editor: e, range, props }) => insertPageLink(e, range, props),
        render: () => ({
          onStart: (props) => controller.show(props, char),
          onUpdate: (props) => controller.show(props, char),
          onExit: () => controller.hide(),
          onKeyDown: (props) => controller.keyDown(props),
        }),
      });
    return [make('[[', new PluginKey('pageLinkBrackets'), null), make('@', new PluginKey('pageLinkAt'), [' ', '('])];
  },
});
