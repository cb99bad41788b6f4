import { useEffect, useMemo, useRef, useState } from 'react';
import type { DragEvent, KeyboardEvent } from 'react';
import type { MoveInput, PageSummary } from '../../../../shared/api/contract';
import { isStale } from '../../../../shared/model/staleness';
import { useAppStore } from '../../store';
import { useReportError } from '../../use-report-error';
import type { DropZone, TreeRow } from './tree-model';
import { dropZoneAt, moveForDrop, visibleRows } from './tree-model';
import { useKbNow } from './use-kb-now';
import { Glyph, PageIcon } from '../../components/palette/PageIcon';

const DRAG_TYPE = 'application/x-baton-page';

/** The id of a tree row's element (also its aria-activedescendant-free focus target). */
const rowDomId = (pageId: string) => `kb-tree-${pageId}`;

/**
 * The page tree (WAI-ARIA tree pattern, flat rows with aria-level): one tab stop; ↑/↓ move,
 * → opens a page's subpages or goes to the first one, ← closes them or goes to the parent,
 * Home/End, type-ahead by first letter, Enter or Space opens the page. Rows can be dragged
 * before, after or into another page (never into their own subtree).
 */
export function PageTree() {
  const pages = useAppStore((s) => s.pages);
  const loaded = useAppStore((s) => s.pagesLoaded);
  const error = useAppStore((s) => s.pagesError);
  const selectedId = useAppStore((s) => s.selectedPageId);
  const expanded = useAppStore((s) => s.kbExpanded);
  const setExpanded = useAppStore((s) => s.setExpanded);
  const openPage = useAppStore((s) => s.openPage);
  const movePage = useAppStore((s) => s.movePage);
  const refreshPages = useAppStore((s) => s.refreshPages);
  const reportError = useReportError();
  const now = useKbNow();
  const rows = useMemo(() => visibleRows(pages, expanded), [pages, expanded]);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [drag, setDrag] = useState<{ id: string; over: { id: string; zone: DropZone } | null; end: boolean } | null>(null);
  const treeRef = useRef<HTMLUListElement>(null);

  // The tab stop: the focused row if still shown, else the open page, else the first row.
  const tabStop = rows.find((r) => r.page.id === focusId)?.page.id ?? rows.find((r) => r.page.id === selectedId)?.page.id ?? rows[0]?.page.id ?? null;

  // Keep the open page visible in the tree (opened from a link, the palette, a breadcrumb).
  const revealPage = useAppStore((s) => s.revealPage);
  useEffect(() => {
    if (selectedId) revealPage(selectedId);
  }, [selectedId, revealPage]);

  const focusRow = (id: string) => {
    setFocusId(id);
    document.getElementById(rowDomId(id))?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const at = rows.findIndex((r) => r.page.id === (document.activeElement as HTMLElement | null)?.dataset.pageId);
    if (at < 0) return;
    const row = rows[at];
    const go = (index: number) => {
      const target = rows[Math.max(0, Math.min(rows.length - 1, index))];
      if (target) focusRow(target.page.id);
    };
    switch (event.key) {
      case 'ArrowDown':
        go(at + 1);
        break;
      case 'ArrowUp':
        go(at - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(rows.length - 1);
        break;
      case 'ArrowRight':
        if (row.hasChildren && !row.expanded) setExpanded(row.page.id, true);
        else if (row.expanded) go(at + 1);
        break;
      case 'ArrowLeft':
        if (row.expanded) setExpanded(row.page.id, false);
        else if (row.parentId) focusRow(row.parentId);
        break;
      case 'Enter':
      case ' ':
        openPage(row.page.id);
        break;
      case '*': {
        // Opens every sibling of the focused page (ARIA tree pattern).
        for (const r of rows) if (r.parentId === row.parentId && r.hasChildren) setExpanded(r.page.id, true);
        break;
      }
      default: {
        if (event.key.length !== 1 || !/\S/.test(event.key) || event.ctrlKey || event.metaKey || event.altKey) return;
        const ch = event.key.toLowerCase();
        const order = [...rows.slice(at + 1), ...rows.slice(0, at + 1)];
        const hit = order.find((r) => r.page.title.toLowerCase().startsWith(ch));
        if (hit) focusRow(hit.page.id);
        break;
      }
    }
    event.preventDefault();
  };

  const move = (input: MoveInput | null) => {
    setDrag(null);
    if (!input) return;
    movePage(input).catch((err) => reportError(err, 'Could not move the page'));
  };

  const onDragOver = (event: DragEvent<HTMLLIElement>, row: TreeRow) => {
    if (!drag) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const zone = dropZoneAt(event.clientY - rect.top, rect.height);
    if (!moveForDrop(pages, drag.id, row.page.id, zone)) {
      if (drag.over) setDrag({ ...drag, over: null });
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    if (drag.over?.id !== row.page.id || drag.over.zone !== zone || drag.end) setDrag({ ...drag, over: { id: row.page.id, zone }, end: false });
  };

  if (!loaded) return <p className="muted" role="status">Loading pages…</p>;
  return (
    <>
      {error && (
        <p className="inline-error" role="alert">
          Could not load the pages: {error}{' '}
          <button type="button" className="button link" onClick={() => void refreshPages().catch(() => undefined)}>
            Try again
          </button>
        </p>
      )}
      {rows.length === 0 ? (
        <p className="muted">No pages yet.</p>
      ) : (
        <ul ref={treeRef} className={`kb-tree${drag ? ' is-dragging' : ''}`} role="tree" aria-label="Pages" onKeyDown={onKeyDown}>
          {rows.map((row) => {
            const { page } = row;
            const stale = isStale(page, now);
            const dropClass = drag?.over?.id === page.id ? ` drop-${drag.over.zone}` : '';
            return (
              <li
                key={page.id}
                id={rowDomId(page.id)}
                data-page-id={page.id}
                role="treeitem"
                aria-label={page.title}
                aria-describedby={stale || page.openThreads > 0 ? `${rowDomId(page.id)}-badges` : undefined}
                aria-level={row.level}
                aria-posinset={row.posInSet}
                aria-setsize={row.setSize}
                aria-expanded={row.hasChildren ? row.expanded : undefined}
                aria-selected={page.id === selectedId}
                tabIndex={page.id === tabStop ? 0 : -1}
                className={`kb-tree-row${page.id === selectedId ? ' is-selected' : ''}${drag?.id === page.id ? ' is-dragged' : ''}${dropClass}`}
                style={{ '--kb-level': row.level - 1 } as React.CSSProperties}
                draggable
                onFocus={() => setFocusId(page.id)}
                onClick={() => openPage(page.id)}
                onDragStart={(event) => {
                  event.dataTransfer.effectAllowed = 'move';
                  event.dataTransfer.setData(DRAG_TYPE, page.id);
                  event.dataTransfer.setData('text/plain', page.title);
                  setDrag({ id: page.id, over: null, end: false });
                }}
                onDragEnd={() => setDrag(null)}
                onDragOver={(event) => onDragOver(event, row)}
                onDrop={(event) => {
                  event.preventDefault();
                  if (drag?.over?.id === page.id) move(moveForDrop(pages, drag.id, page.id, drag.over.zone));
                  else setDrag(null);
                }}
              >
                <span
                  className={`kb-tree-toggle${row.hasChildren ? '' : ' is-leaf'}`}
                  aria-hidden="true"
                  title={row.hasChildren ? (row.expanded ? 'Collapse' : 'Expand') : undefined}
                  onClick={(event) => {
                    if (!row.hasChildren) return;
                    event.stopPropagation();
                    setExpanded(page.id, !row.expanded);
                  }}
                >
                  {row.hasChildren ? (row.expanded ? '▾' : '▸') : ''}
                </span>
                <span className="kb-tree-icon" aria-hidden="true">
                  <PageIcon icon={page.icon} />
                </span>
                <span className="kb-tree-title">{page.title}</span>
                <PageBadges page={page} stale={stale} id={`${rowDomId(page.id)}-badges`} />
              </li>
            );
          })}
        </ul>
      )}
      {drag && (
        <div
          className={`kb-tree-end-drop${drag.end ? ' is-over' : ''}`}
          onDragOver={(event) => {
            event.preventDefault();
            event.dataTransfer.dropEffect = 'move';
            if (!drag.end) setDrag({ ...drag, over: null, end: true });
          }}
          onDragLeave={() => drag.end && setDrag({ ...drag, end: false })}
          onDrop={(event) => {
            event.preventDefault();
            move({ id: drag.id, parentId: null });
          }}
        >
          Drop here to move to the top level
        </div>
      )}
    </>
  );
}

/** "Stale" and the open comment count, beside a page's title (tree and header). */
export function PageBadges({ page, stale, id }: { page: PageSummary; stale: boolean; id?: string }) {
  if (!stale && page.openThreads === 0) return null;
  // Read out as one phrase ("Stale, 2 open comments"); the badges themselves are visual.
  const words = [stale ? 'Stale' : null, page.openThreads > 0 ? `${page.openThreads} open comment${page.openThreads === 1 ? '' : 's'}` : null].filter(Boolean);
  return (
    <span className="kb-badges">
      <span className="visually-hidden" id={id}>
        {words.join(', ')}
      </span>
      {stale && (
        <span className="kb-badge kb-badge-stale" title="Due for review" aria-hidden="true">
          Stale
        </span>
      )}
      {page.openThreads > 0 && (
        <span className="kb-badge kb-badge-comments" title={`${page.openThreads} open comment thread${page.openThreads === 1 ? '' : 's'}`} aria-hidden="true">
          <Glyph name="comment" size={12} /> {page.openThreads}
        </span>
      )}
    </span>
  );
}
