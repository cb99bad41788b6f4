import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { SearchResult, TextSegment } from '../../../../shared/api/contract';
import type { LogSearchHit } from '../../../../shared/api/log-api';
import { describeError } from '../../errors';
import { api } from '../../platform';
import { useAppStore, VIEWS } from '../../store';
import type { ViewId } from '../../store';
import { useReportError } from '../../use-report-error';
import type { PaletteAction, PaletteItem } from './palette-items';
import { entryIdOfItem, entryItems, matchActions, pageIdOfItem, pageItems, recentPageItems } from './palette-items';
import './palette.css';
import { Glyph, PageIcon } from './PageIcon';

const SEARCH_DEBOUNCE_MS = 120;
const SEARCH_LIMIT = 8;
const ENTRY_LIMIT = 5;
const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
const MOD = isMac ? '⌘' : 'Ctrl+';

/** Matched words as <mark>, the rest as text: segments are plain text, never HTML. */
export function Highlighted({ segments }: { segments: readonly TextSegment[] }) {
  return (
    <>
      {segments.map((segment, index) => (segment.hit ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>))}
    </>
  );
}

/** Ctrl/⌘+K outside the editor (there it is the link form), Ctrl/⌘+Shift+K anywhere. */
export function isPaletteShortcut(event: KeyboardEvent): boolean {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 'k') return false;
  if (event.shiftKey) return true;
  const target = event.target as Element | null;
  return !event.defaultPrevented && !target?.closest?.('.ProseMirror, [contenteditable="true"]');
}

/**
 * The command palette (mounted once in the Shell): search pages as you type and run actions.
 * A modal dialog holding a combobox (the search field) and a listbox of results: ↑/↓ move,
 * Enter runs, Escape closes, Tab stays inside. Focus returns where it was when closed.
 */
export function CommandPalette() {
  const open = useAppStore((s) => s.paletteOpen);
  const openPalette = useAppStore((s) => s.openPalette);
  const closePalette = useAppStore((s) => s.closePalette);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isPaletteShortcut(event)) return;
      event.preventDefault();
      if (useAppStore.getState().paletteOpen) closePalette();
      else openPalette();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [openPalette, closePalette]);

  return open ? <PaletteDialog onClose={closePalette} /> : null;
}

function PaletteDialog({ onClose }: { onClose(): void }) {
  const id = useId();
  const pages = useAppStore((s) => s.pages);
  const reportError = useReportError();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{ q: string; list: SearchResult[]; entries: LogSearchHit[] } | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const restoreFocus = useRef(true);
  const seq = useRef(0);

  // Focus in on open; back to where it was on close (unless an action moved it on purpose).
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    inputRef.current?.focus();
    return () => {
      if (restoreFocus.current && before?.isConnected) before.focus();
    };
  }, []);

  // Search as you type, debounced; an answer to an older query is dropped.
  const q = query.trim();
  useEffect(() => {
    if (!q) return;
    const ticket = ++seq.current;
    const timer = setTimeout(() => {
      // Pages and update-log entries are searched together; both indexes are FTS5 in the Core.
      Promise.all([api.call('search.query', { q, limit: SEARCH_LIMIT }), api.call('log.search', { text: q, limit: ENTRY_LIMIT })]).then(
        ([list, log]) => {
          if (ticket !== seq.current) return;
          setResults({ q, list, entries: log.hits });
          setSearchError(null);
        },
        (error) => ticket === seq.current && setSearchError(describeError(error)),
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q]);

  const actions = useMemo<PaletteAction[]>(() => {
    const state = useAppStore.getState();
    const list: PaletteAction[] = [{ key: 'new-page', label: 'New page', keywords: 'create add knowledge base', hint: 'Knowledge base' }];
    list.push(...VIEWS.map((v) => ({ key: `go:${v.id}`, label: `Go to ${v.label}`, keywords: 'open view navigate', hint: `${MOD}${VIEWS.indexOf(v) + 1}` })));
    if ('setUpdatesTab' in state) list.push({ key: 'write-update', label: 'Write update', keywords: 'log daily post decision blocker', hint: 'Updates' });
    if ('openComposer' in state) list.push({ key: 'write-handoff', label: 'Write handoff', keywords: 'handoff note next shift', hint: 'Handoff' });
    return list;
  }, []);

  const items = useMemo(() => {
    const current = results && results.q === q ? results : null;
    const found: PaletteItem[] = q ? (current ? pageItems(current.list, pages) : []) : recentPageItems(pages);
    const entries: PaletteItem[] = q && current ? entryItems(current.entries) : [];
    return { pages: found, entries, actions: matchActions(actions, q) };
  }, [q, results, pages, actions]);
  const all = [...items.pages, ...items.entries, ...items.actions];
  const activeIndex = Math.min(active, Math.max(0, all.length - 1));
  const activeItem = all[activeIndex];
  const optionId = (item: PaletteItem) => `${id}-${item.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const searching = Boolean(q) && (!results || results.q !== q) && !searchError;

  useEffect(() => {
    if (activeItem) document.getElementById(optionId(activeItem))?.scrollIntoView?.({ block: 'nearest' });
  });

  const run = (item: PaletteItem | undefined) => {
    if (!item) return;
    const state = useAppStore.getState();
    restoreFocus.current = false;
    onClose();
    const entryId = entryIdOfItem(item);
    if (entryId) {
      state.openEntry(entryId);
      return;
    }
    const pageId = pageIdOfItem(item);
    if (pageId) {
      if (!state.openPage(pageId)) state.notify('info', 'That page is archived or no longer exists.');
      focusSoon('[role="treeitem"][aria-selected="true"]', '.page-title-input');
      return;
    }
    const key = item.key.slice('action:'.length);
    if (key === 'new-page') {
      if (state.view !== 'knowledge') state.navigate('knowledge');
      state.createPageFrom(null, 'Untitled').catch((error) => reportError(error, 'Could not create the page'));
    } else if (key.startsWith('go:')) {
      state.navigate(key.slice(3) as ViewId);
    } else if (key === 'write-update') {
      state.setUpdatesTab('feed');
      state.navigate('updates');
      focusSoon('.composer textarea');
    } else if (key === 'write-handoff') {
      state.openComposer();
    }
  };

  const onKeyDown = (event: ReactKeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (all.length) setActive((activeIndex + (event.key === 'ArrowDown' ? 1 : -1) + all.length) % all.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      run(activeItem);
    } else if (event.key === 'Tab') {
      // The search field is the dialog's only stop; the list is reached with the arrows.
      event.preventDefault();
      inputRef.current?.focus();
    }
  };

  const renderOption = (item: PaletteItem) => {
    const index = all.indexOf(item);
    return (
      <li
        key={item.key}
        id={optionId(item)}
        role="option"
        aria-selected={index === activeIndex}
        aria-label={item.label}
        aria-describedby={item.snippet?.length ? `${optionId(item)}-snippet` : undefined}
        className={`palette-option${index === activeIndex ? ' is-active' : ''}`}
        onMouseDown={(e) => e.preventDefault()}
        onMouseMove={() => index !== activeIndex && setActive(index)}
        onClick={() => run(item)}
      >
        <span className="palette-option-icon" aria-hidden="true">
          {item.kind === 'page' ? <PageIcon icon={item.icon} /> : <Glyph name={item.kind === 'entry' ? 'comment' : 'action'} />}
        </span>
        <span className="palette-option-text">
          <span className="palette-option-title">{item.titleSegments ? <Highlighted segments={item.titleSegments} /> : item.label}</span>
          {item.snippet && item.snippet.length > 0 && (
            <span className="palette-option-snippet" id={`${optionId(item)}-snippet`}>
              <Highlighted segments={item.snippet} />
            </span>
          )}
        </span>
        {item.hint && <span className="palette-option-hint">{item.hint}</span>}
      </li>
    );
  };

  return (
    <div
      className="palette-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div ref={panelRef} className="palette" role="dialog" aria-modal="true" aria-label="Search and commands" onKeyDown={onKeyDown}>
        <div className="palette-search">
          <span className="palette-search-icon" aria-hidden="true">
            <Glyph name="search" size={18} />
          </span>
          <input
            ref={inputRef}
            type="text"
            role="combobox"
            aria-label="Search pages or type a command"
            aria-expanded="true"
            aria-controls={`${id}-list`}
            aria-autocomplete="list"
            aria-activedescendant={activeItem ? optionId(activeItem) : undefined}
            aria-describedby={`${id}-hint`}
            placeholder="Search pages or type a command…"
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
          />
        </div>
        <ul id={`${id}-list`} role="listbox" aria-label="Results" className="palette-list">
          {(items.pages.length > 0 || q) && (
            <li role="presentation" className="palette-group">
              <div className="palette-group-title" id={`${id}-pages`} role="presentation">
                {q ? 'Pages' : 'Recent pages'}
              </div>
              <ul role="group" aria-labelledby={`${id}-pages`}>
                {items.pages.map(renderOption)}
              </ul>
            </li>
          )}
          {items.entries.length > 0 && (
            <li role="presentation" className="palette-group">
              <div className="palette-group-title" id={`${id}-entries`} role="presentation">
                Updates
              </div>
              <ul role="group" aria-labelledby={`${id}-entries`}>
                {items.entries.map(renderOption)}
              </ul>
            </li>
          )}
          {items.actions.length > 0 && (
            <li role="presentation" className="palette-group">
              <div className="palette-group-title" id={`${id}-actions`} role="presentation">
                Actions
              </div>
              <ul role="group" aria-labelledby={`${id}-actions`}>
                {items.actions.map(renderOption)}
              </ul>
            </li>
          )}
        </ul>
        <p className="palette-status" role="status">
          {q && items.pages.length === 0 && items.entries.length === 0
            ? searchError
              ? `Search failed: ${searchError}`
              : searching
                ? 'Searching…'
                : `Nothing matches “${q}”.`
            : ''}
        </p>
        <p className="palette-footer" id={`${id}-hint`}>
          <kbd>↑</kbd>
          <kbd>↓</kbd> to move · <kbd>Enter</kbd> to open · <kbd>Esc</kbd> to close · in the page editor <kbd>{MOD}K</kbd> adds a link, so use{' '}
          <kbd>{isMac ? '⌘⇧K' : 'Ctrl+Shift+K'}</kbd> there
        </p>
      </div>
    </div>
  );
}

/** Focuses the first of `selectors` the view shows once it has rendered (hidden ones are skipped). */
function focusSoon(...selectors: string[]): void {
  requestAnimationFrame(() =>
    setTimeout(() => {
      for (const selector of selectors) {
        const el = document.querySelector<HTMLElement>(selector);
        if (el && el.getClientRects().length > 0) {
          el.focus();
          return;
        }
      }
      // jsdom has no layout: take the first that exists.
      for (const selector of selectors) {
        const el = document.querySelector<HTMLElement>(selector);
        if (el) {
          el.focus();
          return;
        }
      }
    }, 0),
  );
}
