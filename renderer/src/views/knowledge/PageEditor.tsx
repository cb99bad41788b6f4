import { useId, useMemo, useRef } from 'react';
import type { PageSummary } from '../../../../shared/api/contract';
import { pageDocId } from '../../../../shared/model/doc-ids';
import { formatInZone } from '../../../../shared/time';
import { PageEditorBody } from '../../editor/PageEditorBody';
import { PagePresence } from '../../editor/PagePresence';
import type { PageEditorBodyHandle } from '../../editor/PageEditorBody';
import { memberColor } from '../../editor/presence';
import { useAppStore } from '../../store';
import type { PresenceUser } from '../../yjs/doc-awareness';
import { useDocAwareness } from '../../yjs/use-doc-awareness';
import { useDocMirror } from '../../yjs/use-doc-mirror';
import type { DocMirrorState } from '../../yjs/doc-mirror';
import { PageTitle } from './PageTitle';

/**
 * One open page: its title (page meta, via the API) and its body (the rich editor on the
 * mirrored `page/<id>` doc, with the page's presence).
 */
export function PageEditor({ page }: { page: PageSummary }) {
  const { mirror, state } = useDocMirror(pageDocId(page.id));
  const bodyRef = useRef<PageEditorBodyHandle>(null);
  const zone = useAppStore((s) => s.profile?.member.timeZone);
  const memberId = useAppStore((s) => s.profile?.memberId);
  const name = useAppStore((s) => s.profile?.member.name);
  const user = useMemo<PresenceUser | null>(
    () => (memberId && name ? { memberId, name, color: memberColor(memberId) } : null),
    [memberId, name],
  );
  const presence = useDocAwareness(mirror, state.status === 'ready', user);
  const id = useId();

  return (
    <article className="page-editor">
      <div className="page-editor-header">
        <PageTitle page={page} labelId={`${id}-title-label`} onDone={() => bodyRef.current?.focus()} />
        <SaveState state={state} />
      </div>
      <div className="page-meta-row">
        <p className="page-meta muted">
          Last edited {zone ? formatInZone(page.updatedAt, zone, 'd LLL yyyy, HH:mm') : new Date(page.updatedAt).toISOString()}
        </p>
        {presence && <PagePresence awareness={presence.awareness} selfMemberId={memberId ?? null} />}
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
        <PageEditorBody ref={bodyRef} doc={mirror.doc} presence={presence} user={user} />
      ) : (
        state.status === 'loading' && (
          <p className="muted" role="status">
            Opening the page…
          </p>
        )
      )}
    </article>
  );
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
