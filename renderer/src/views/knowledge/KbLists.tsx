/**
 * The smaller lists of the knowledge base: "Linked from" under a page, "Due for review" and
 * "Archived pages" in the sidebar, and the "Archived … Undo" notice.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import type { PageSummary } from '../../../../shared/api/contract';
import { reviewDueAt } from '../../../../shared/model/staleness';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { useReportError } from '../../use-report-error';
import { dueIn, useKbNow } from './use-kb-now';
import { useKbQuery, useTeam } from './use-kb-data';
import { PageIcon } from '../../components/palette/PageIcon';

/** Pages that link to this one (pages.backlinks). */
export function Backlinks({ page }: { page: PageSummary }) {
  const id = useId();
  const openPage = useAppStore((s) => s.openPage);
  const load = useCallback(() => api.call('pages.backlinks', { id: page.id }), [page.id]);
  const backlinks = useKbQuery(load, page.id, ['pages.changed']);
  const list = backlinks.data ?? [];
  return (
    <section className="kb-backlinks" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="kb-section-title">
        Linked from
      </h2>
      {backlinks.error ? (
        <p className="inline-error">Could not load the links: {backlinks.error}</p>
      ) : list.length === 0 ? (
        <p className="muted kb-backlinks-empty">
          {backlinks.data ? 'No page links here yet. Type [[ in another page to link to this one.' : 'Loading…'}
        </p>
      ) : (
        <ul className="kb-backlink-list">
          {list.map((p) => (
            <li key={p.id}>
              <button type="button" className="kb-backlink" onClick={() => openPage(p.id)}>
                <PageIcon icon={p.icon} size={14} /> {p.title}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A collapsible sidebar section (a disclosure button over its content). */
function Section({ title, count, autoOpen = false, children }: { title: string; count?: number; autoOpen?: boolean; children: React.ReactNode }) {
  const id = useId();
  const [open, setOpen] = useState(autoOpen);
  // Opens by itself once there is something to act on (the first time only).
  useEffect(() => {
    if (autoOpen) setOpen(true);
  }, [autoOpen]);
  return (
    <section className="kb-side-section">
      <h2 className="kb-side-heading">
        <button type="button" className="kb-disclosure" aria-expanded={open} aria-controls={`${id}-body`} onClick={() => setOpen(!open)}>
          <span aria-hidden="true" className="kb-disclosure-mark">
            {open ? '▾' : '▸'}
          </span>
          {title}
          {count !== undefined && count > 0 && <span className="kb-count">{count}</span>}
        </button>
      </h2>
      <div id={`${id}-body`} hidden={!open}>
        {open && children}
      </div>
    </section>
  );
}

/** Stale pages, mine or everyone's, most overdue first (pages.dueForReview). */
export function DueForReview() {
  const id = useId();
  const memberId = useAppStore((s) => s.profile?.memberId);
  const openPage = useAppStore((s) => s.openPage);
  const [scope, setScope] = useState<'mine' | 'everyone'>('mine');
  const { nameOf } = useTeam();
  const now = useKbNow();
  const ownerId = scope === 'mine' ? memberId : undefined;
  const load = useCallback(() => api.call('pages.dueForReview', ownerId ? { ownerId } : {}), [ownerId]);
  const due = useKbQuery(load, scope, ['pages.changed']);
  // Staleness moves with time, not only with events: ask again every minute.
  const { reload } = due;
  useEffect(() => reload(), [now, reload]);
  const list = due.data ?? [];

  return (
    <Section title="Due for review" count={due.data?.length} autoOpen={scope === 'mine' && list.length > 0}>
      <div className="kb-segmented kb-segmented-small" role="radiogroup" aria-label="Whose pages">
        {(['mine', 'everyone'] as const).map((s) => (
          <label key={s} className={scope === s ? 'is-on' : undefined}>
            <input type="radio" name={`${id}-scope`} checked={scope === s} onChange={() => setScope(s)} />
            {s === 'mine' ? 'Mine' : 'Everyone'}
          </label>
        ))}
      </div>
      {due.error && <p className="inline-error">Could not load the list: {due.error}</p>}
      {due.data && list.length === 0 ? (
        <p className="muted kb-side-empty">{scope === 'mine' ? 'None of your pages is due for review.' : 'No page is due for review.'}</p>
      ) : (
        <ul className="kb-side-list" aria-label="Pages due for review">
          {list.map((p) => {
            const dueAt = reviewDueAt(p);
            return (
              <li key={p.id}>
                <button type="button" className="kb-side-item" onClick={() => openPage(p.id)}>
                  <span className="kb-side-title">
                    <PageIcon icon={p.icon} size={14} /> {p.title}
                  </span>
                  <span className="kb-side-detail">
                    {dueAt !== null ? dueIn(dueAt, now) : ''}
                    {scope === 'everyone' && nameOf(p.ownerId) ? ` · ${nameOf(p.ownerId)}` : ''}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

/** Archived pages with a Restore button each (their subpages come back with them). */
export function ArchivedPages() {
  const restorePage = useAppStore((s) => s.restorePage);
  const notify = useAppStore((s) => s.notify);
  const reportError = useReportError();
  const load = useCallback(() => api.call('pages.archived'), []);
  const archived = useKbQuery(load, 'archived', ['pages.changed']);
  const list = archived.data ?? [];
  const restore = (page: PageSummary) =>
    restorePage(page.id)
      .then(() => notify('info', `Restored “${page.title}”.`))
      .catch((error) => reportError(error, 'Could not restore the page'));

  return (
    <Section title="Archived pages" count={archived.data?.length}>
      {archived.error && <p className="inline-error">Could not load the archive: {archived.error}</p>}
      {archived.data && list.length === 0 ? (
        <p className="muted kb-side-empty">Nothing archived.</p>
      ) : (
        <ul className="kb-side-list" aria-label="Archived pages">
          {list.map((p) => (
            <li key={p.id} className="kb-archived-item">
              <span className="kb-side-title">
                <PageIcon icon={p.icon} size={14} /> {p.title}
              </span>
              <button type="button" className="button link" aria-label={`Restore ${p.title}`} onClick={() => void restore(p)}>
                Restore
              </button>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

const UNDO_MS = 10_000;

/** "Archived “X”. Undo" — for a few seconds after archiving here. */
export function ArchiveUndo() {
  const undo = useAppStore((s) => s.archiveUndo);
  const clear = useAppStore((s) => s.clearArchiveUndo);
  const restorePage = useAppStore((s) => s.restorePage);
  const openPage = useAppStore((s) => s.openPage);
  const reportError = useReportError();
  useEffect(() => {
    if (!undo) return;
    const timer = setTimeout(clear, Math.max(0, undo.at + UNDO_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [undo, clear]);
  if (!undo) return null;
  return (
    <div className="kb-undo" role="status">
      <span>
        Archived “{undo.title}”{' '}
      </span>
      <button
        type="button"
        className="button"
        onClick={() =>
          void restorePage(undo.pageId)
            .then(() => openPage(undo.pageId))
            .catch((error) => reportError(error, 'Could not restore the page'))
        }
      >
        Undo
      </button>
      <button type="button" className="kb-undo-close" aria-label="Dismiss" onClick={clear}>
        ×
      </button>
    </div>
  );
}
