import { useState } from 'react';
import { useAppStore } from '../../store';
import { useReportError } from '../../use-report-error';
import { ViewHeader } from '../ViewHeader';
import { PageList } from './PageList';
import { PageEditor } from './PageEditor';

export function KnowledgeBaseView() {
  const pages = useAppStore((s) => s.pages);
  const selectedId = useAppStore((s) => s.selectedPageId);
  const createPage = useAppStore((s) => s.createPage);
  const reportError = useReportError();
  // One page per press: keys typed while the Core answers must not create more.
  const [creating, setCreating] = useState(false);
  const selected = pages.find((p) => p.id === selectedId) ?? null;

  const create = async () => {
    if (creating) return;
    setCreating(true);
    try {
      await createPage('Untitled');
      // The editor focuses and selects the title so the user can name the page right away.
    } catch (error) {
      reportError(error, 'Could not create the page');
    } finally {
      setCreating(false);
    }
  };

  return (
    <div className="kb">
      <div className="kb-list">
        <ViewHeader title="Knowledge base">
          <button type="button" className="button primary" disabled={creating} aria-busy={creating || undefined} onClick={() => void create()}>
            New page
          </button>
        </ViewHeader>
        <PageList />
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
    </div>
  );
}
