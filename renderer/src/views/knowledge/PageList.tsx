import { useAppStore } from '../../store';

/** The pages of the knowledge base, as the Core lists them. Each is a button that opens it. */
export function PageList() {
  const pages = useAppStore((s) => s.pages);
  const loaded = useAppStore((s) => s.pagesLoaded);
  const error = useAppStore((s) => s.pagesError);
  const selectedId = useAppStore((s) => s.selectedPageId);
  const selectPage = useAppStore((s) => s.selectPage);
  const refreshPages = useAppStore((s) => s.refreshPages);

  if (!loaded) return <p className="muted" role="status">Loading pages…</p>;
  return (
    <>
      {error && (
        <p className="inline-error" role="alert">
          Could not load the pages: {error}{' '}
          {/* A failure lands in pagesError again, shown right here. */}
          <button type="button" className="button link" onClick={() => void refreshPages().catch(() => undefined)}>
            Try again
          </button>
        </p>
      )}
      {pages.length === 0 ? (
        <p className="muted">No pages yet.</p>
      ) : (
        <ul className="page-list" aria-label="Pages">
          {pages.map((page) => (
            <li key={page.id}>
              <button
                type="button"
                className="page-link"
                aria-current={page.id === selectedId ? 'page' : undefined}
                onClick={() => selectPage(page.id)}
              >
                {page.icon && (
                  <span className="page-icon" aria-hidden="true">
                    {page.icon}
                  </span>
                )}
                {page.title}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
