import { useCallback, useEffect, useId, useMemo, useRef } from 'react';
import type { CommentThread, PageSummary } from '../../../../shared/api/contract';
import { resolveAnchor, textMap } from '../../../../shared/model/comments';
import { pageDocId } from '../../../../shared/model/doc-ids';
import { isStale } from '../../../../shared/model/staleness';
import { breadcrumb } from '../../../../shared/model/tree';
import { formatInZone } from '../../../../shared/time';
import { PageEditorBody } from '../../editor/PageEditorBody';
import type { CommentSelection, PageEditorBodyHandle, TextHighlight } from '../../editor/PageEditorBody';
import type { PageOption } from '../../editor/page-link-picker';
import { PagePresence } from '../../editor/PagePresence';
import { memberColor } from '../../editor/presence';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { startTypeAhead, type TypeAhead } from '../../type-ahead';
import type { PresenceUser } from '../../yjs/doc-awareness';
import { useDocAwareness } from '../../yjs/use-doc-awareness';
import { useDocMirror } from '../../yjs/use-doc-mirror';
import type { DocMirror, DocMirrorState } from '../../yjs/doc-mirror';
import { CommentsPanel } from './CommentsPanel';
import { HistoryPanel } from './HistoryPanel';
import { IconPicker } from './IconPicker';
import { Backlinks } from './KbLists';
import { PageDetails, reviewedText, useMarkReviewed } from './PageDetails';
import { PageMenu } from './PageMenu';
import { PageTitle } from './PageTitle';
import { PageBadges } from './PageTree';
import { useKbNow } from './use-kb-now';
import { useKbQuery, useTeam } from './use-kb-data';

/**
 * One open page: breadcrumb, icon, title (page meta, via the API), review state and actions,
 * its body (the rich editor on the mirrored `page/<id>` doc, with presence, page links and
 * comment anchors), "Linked from", and the comments or history panel beside it.
 */
export function PageEditor({ page }: { page: PageSummary }) {
  const { mirror, state } = useDocMirror(pageDocId(page.id));
  // The title's Enter moves on to the body. If the body is still loading, the title lets go of the
  // focus and what is typed meanwhile is held (type-ahead) and typed into the body on arrival.
  const bodyRef = useRef<PageEditorBodyHandle | null>(null);
  const bodyFocusPending = useRef<{ text: string; typing: TypeAhead } | null>(null);
  const setBody = useCallback((handle: PageEditorBodyHandle | null) => {
    bodyRef.current = handle;
    const pending = bodyFocusPending.current;
    if (!handle || !pending) return;
    bodyFocusPending.current = null;
    const typed = pending.typing.finish();
    // Unless the user has gone somewhere else meanwhile.
    const active = document.activeElement;
    if (!active || active === document.body) handle.focus([pending.text + typed.text, typed.next].filter(Boolean).join(' '));
  }, []);
  const focusBody = useCallback((text = '') => {
    if (bodyRef.current) return bodyRef.current.focus(text);
    if (document.activeElement instanceof HTMLElement && document.activeElement.classList.contains('page-title-input')) document.activeElement.blur();
    bodyFocusPending.current?.typing.finish();
    bodyFocusPending.current = { text, typing: startTypeAhead() };
  }, []);
  useEffect(() => () => void bodyFocusPending.current?.typing.finish(), []);
  const zone = useAppStore((s) => s.profile?.member.timeZone);
  const memberId = useAppStore((s) => s.profile?.memberId);
  const name = useAppStore((s) => s.profile?.member.name);
  const pages = useAppStore((s) => s.pages);
  const openPage = useAppStore((s) => s.openPage);
  const notify = useAppStore((s) => s.notify);
  const panel = useAppStore((s) => s.kbPanel);
  const setPanel = useAppStore((s) => s.setKbPanel);
  const activeThreadId = useAppStore((s) => s.activeThreadId);
  const setActiveThread = useAppStore((s) => s.setActiveThread);
  const draft = useAppStore((s) => (s.commentDraft?.pageId === page.id ? s.commentDraft : null));
  const startCommentDraft = useAppStore((s) => s.startCommentDraft);
  const { nameOf } = useTeam();
  const now = useKbNow();
  const stale = isStale(page, now);
  const { markReviewed, busy: reviewing } = useMarkReviewed(page);
  const user = useMemo<PresenceUser | null>(
    () => (memberId && name ? { memberId, name, color: memberColor(memberId) } : null),
    [memberId, name],
  );
  const presence = useDocAwareness(mirror, state.status === 'ready', user);
  const id = useId();

  const loadThreads = useCallback(() => api.call('comments.list', { pageId: page.id }), [page.id]);
  const threads = useKbQuery(loadThreads, page.id, ['comments.changed'], (_event, payload) => payload.pageId === page.id);
  const highlights = useCommentHighlights(mirror, state.status === 'ready', threads.data, activeThreadId, draft);

  // The pages the link picker offers: every other page, most recently edited first.
  const pagesRef = useRef(pages);
  pagesRef.current = pages;
  const listPages = useCallback(
    (): PageOption[] =>
      [...pagesRef.current]
        .filter((p) => p.id !== page.id)
        .sort((a, b) => b.updatedAt - a.updatedAt)
        .map((p) => ({ id: p.id, title: p.title, icon: p.icon })),
    [page.id],
  );
  const onOpenPage = useCallback(
    (pageId: string) => {
      if (!openPage(pageId)) notify('info', 'That page is archived or no longer exists.');
    },
    [openPage, notify],
  );
  const onComment = useCallback((selection: CommentSelection) => startCommentDraft({ pageId: page.id, ...selection }), [page.id, startCommentDraft]);
  const onThreadClick = useCallback(
    (threadId: string) => {
      setPanel('comments');
      setActiveThread(threadId);
    },
    [setPanel, setActiveThread],
  );

  const crumbs = breadcrumb(pages, page.id).slice(0, -1);
  const owner = nameOf(page.ownerId);
  const togglePanel = (which: 'comments' | 'history') => setPanel(panel === which ? null : which);

  return (
    <div className={`kb-page-layout${panel ? ' has-panel' : ''}`}>
      <article className="page-editor">
        <nav className="kb-breadcrumb" aria-label="Breadcrumb">
          <ol>
            <li>
              <span className="kb-crumb-root">Knowledge base</span>
            </li>
            {crumbs.map((p) => (
              <li key={p.id}>
                <button type="button" className="kb-crumb" onClick={() => openPage(p.id)}>
                  {p.icon && <span aria-hidden="true">{p.icon} </span>}
                  {p.title}
                </button>
              </li>
            ))}
            <li aria-current="page" className="kb-crumb-current">
              {page.title}
            </li>
          </ol>
        </nav>
        <div className="page-editor-header">
          <IconPicker page={page} />
          <PageTitle page={page} labelId={`${id}-title-label`} onDone={focusBody} />
          <PageBadges page={page} stale={stale} />
          <SaveState state={state} />
        </div>
        <div className="page-meta-row">
          <p className="page-meta muted">
            Last edited {zone ? formatInZone(page.updatedAt, zone, 'd LLL yyyy, HH:mm') : new Date(page.updatedAt).toISOString()}
            {owner && <> · Owner {owner}</>}
            {' · '}
            <span data-testid="page-reviewed">{reviewedText(page, now, nameOf)}</span>
          </p>
          {presence && <PagePresence awareness={presence.awareness} selfMemberId={memberId ?? null} />}
        </div>
        <div className="kb-page-actions" role="group" aria-label="Page actions">
          {stale && (
            <button type="button" className="button kb-review-now" disabled={reviewing} onClick={markReviewed}>
              Mark as reviewed
            </button>
          )}
          <PageDetails page={page} />
          <button type="button" className="button kb-page-action" aria-pressed={panel === 'comments'} onClick={() => togglePanel('comments')}>
            Comments
            {page.openThreads > 0 && (
              <span className="kb-count" aria-label={`${page.openThreads} open`}>
                {page.openThreads}
              </span>
            )}
          </button>
          <button type="button" className="button kb-page-action" aria-pressed={panel === 'history'} onClick={() => togglePanel('history')}>
            History
          </button>
          <PageMenu page={page} />
        </div>
        {state.status === 'error' && (
          <div className="inline-error" role="alert">
            Could not open this page: {state.error}{' '}
            <button type="button" className="button link" onClick={() => mirror?.retry()}>
              Try again
            </button>
          </div>
        )}
        {mirror && state.status === 'ready' && presence && user ? (
          <PageEditorBody
            ref={setBody}
            doc={mirror.doc}
            presence={presence}
            user={user}
            listPages={listPages}
            onOpenPage={onOpenPage}
            onComment={onComment}
            onThreadClick={onThreadClick}
            highlights={highlights}
          />
        ) : (
          state.status === 'loading' && (
            <p className="muted" role="status">
              Opening the page…
            </p>
          )
        )}
        <p className="kb-editor-hint muted">
          Type <kbd>[[</kbd> or <kbd>@</kbd> to link a page · select text and press <kbd>{COMMENT_KEYS}</kbd> to comment · <kbd>{PALETTE_KEYS}</kbd> to search
          from the editor
        </p>
        <Backlinks page={page} />
      </article>
      {panel && (
        <aside className="kb-panel" aria-labelledby={`${id}-panel-title`}>
          <div className="kb-panel-head">
            <h2 id={`${id}-panel-title`}>{panel === 'comments' ? 'Comments' : 'History'}</h2>
            <button type="button" className="kb-panel-close" aria-label={`Close ${panel === 'comments' ? 'comments' : 'history'}`} onClick={() => setPanel(null)}>
              ×
            </button>
          </div>
          {panel === 'comments' ? (
            <CommentsPanel page={page} threads={threads.data} error={threads.error} onChanged={threads.reload} />
          ) : (
            <HistoryPanel page={page} />
          )}
        </aside>
      )}
    </div>
  );
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
const COMMENT_KEYS = isMac ? '⌘⌥M' : 'Ctrl+Alt+M';
const PALETTE_KEYS = isMac ? '⌘⇧K' : 'Ctrl+Shift+K';

/**
 * Where the comment anchors are in the page now. Threads carry Yjs relative positions; they
 * are resolved against this window's own copy of the page (what the editor shows), falling back
 * to the Core's offsets.
 */
function useCommentHighlights(
  mirror: DocMirror | null,
  ready: boolean,
  threads: CommentThread[] | null,
  activeId: string | null,
  draft: { from: number; to: number } | null,
): TextHighlight[] {
  return useMemo(() => {
    const out: TextHighlight[] = [];
    if (!mirror || !ready) return out;
    const { blocks } = textMap(mirror.doc);
    for (const thread of threads ?? []) {
      if (!thread.anchored || (thread.resolved && thread.id !== activeId)) continue;
      const range = thread.position ? resolveAnchor(mirror.doc, thread.position, blocks) : thread.anchor;
      if (range) out.push({ id: thread.id, ...range, kind: thread.id === activeId ? 'active' : 'thread' });
    }
    if (draft) out.push({ id: 'draft', from: draft.from, to: draft.to, kind: 'draft' });
    return out;
  }, [mirror, ready, threads, activeId, draft]);
}

function SaveState({ state }: { state: DocMirrorState }) {
  let text = 'Saved';
  let kind = 'saved';
  if (state.status !== 'ready') {
    text = '';
    kind = 'idle';
  } else if (state.pending > 0) {
    text = 'Saving…';
    kind = 'saving';
  } else if (state.saveError) {
    text = 'Not saved';
    kind = 'error';
  }
  return (
    <span
      className={`save-state save-${kind}`}
      data-testid="save-state"
      role="status"
      title={kind === 'error' ? (state.saveError ?? undefined) : undefined}
    >
      {text}
    </span>
  );
}
