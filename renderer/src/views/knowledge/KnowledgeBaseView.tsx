import { useEffect } from 'react';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { ViewHeader } from '../ViewHeader';
import { ArchivedPages, ArchiveUndo, DueForReview } from './KbLists';
import { KbTransfer } from './KbTransfer';
import { NewPageMenu } from './NewPageMenu';
import { PageEditor } from './PageEditor';
import { PageTree } from './PageTree';
import './knowledge.css';
import { Glyph } from '../../components/palette/PageIcon';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** The knowledge base: page tree and lists on the left, the open page (and its panel) on the right. */
export function KnowledgeBaseView() {
  const pages = useAppStore((s) => s.pages);
  const selectedId = useAppStore((s) => s.selectedPageId);
  const openPalette = useAppStore((s) => s.openPalette);
  const panel = useAppStore((s) => s.kbPanel);
  const refreshPages = useAppStore((s) => s.refreshPages);
  const selected = pages.find((p) => p.id === selectedId) ?? null;

  // Open-thread counts live in the page list; a comment change does not change a page's meta,
  // so it sends comments.changed rather than pages.changed.
  useEffect(() => api.on('comments.changed', () => void refreshPages().catch(() => undefined)), [refreshPages]);

  return (
    <div className={`kb${selected && panel ? ' has-panel' : ''}`}>
      <div className="kb-list">
        <ViewHeader title="Knowledge base">
          <NewPageMenu />
          <button
            type="button"
            className="button kb-search-button"
            aria-keyshortcuts={isMac ? 'Meta+K Meta+Shift+K' : 'Control+K Control+Shift+K'}
            title={`Search pages and actions (${isMac ? '⌘K' : 'Ctrl+K'}; in the editor ${isMac ? '⌘⇧K' : 'Ctrl+Shift+K'})`}
            onClick={openPalette}
          >
            <Glyph name="search" /> Search
            <kbd className="kb-search-keys" aria-hidden="true">
              {isMac ? '⌘K' : 'Ctrl K'}
            </kbd>
          </button>
        </ViewHeader>
        <PageTree />
        <div className="kb-side-sections">
          <DueForReview />
          <ArchivedPages />
          <KbTransfer />
        </div>
      </div>
      <div className="kb-page">
        {selected ? (
          <PageEditor key={selected.id} page={selected} />
        ) : (
          <div className="empty-state kb-empty">
            <h2>No page open</h2>
            <p>
              {pages.length > 0
                ? 'Choose a page from the list, or create a new one.'
                : 'Your team’s knowledge base is empty. Create the first page: how you work, who owns what, how to ship.'}
            </p>
          </div>
        )}
      </div>
      <ArchiveUndo />
    </div>
  );
}
