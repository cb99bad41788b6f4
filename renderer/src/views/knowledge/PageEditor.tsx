import { useId, useRef } from 'react';
import type { PageSummary } from '../../../../shared/api/contract';
import { pageDocId } from '../../../../shared/model/doc-ids';
import { pageBody } from '../../../../shared/model/page';
import { formatInZone } from '../../../../shared/time';
import { useAppStore } from '../../store';
import { useDocMirror } from '../../yjs/use-doc-mirror';
import { YTextArea } from '../../yjs/YTextArea';
import type { DocMirrorState } from '../../yjs/doc-mirror';
import { PageTitle } from './PageTitle';

/** One open page: its title (page meta, via the API) and its body (a mirrored Y.Text). */
export function PageEditor({ page }: { page: PageSummary }) {
  const { mirror, state } = useDocMirror(pageDocId(page.id));
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const zone = useAppStore((s) => s.profile?.member.timeZone);
  const id = useId();

  return (
    <article className="page-editor">
      <div className="page-editor-header">
        <PageTitle page={page} labelId={`${id}-title-label`} onDone={() => bodyRef.current?.focus()} />
        <SaveState state={state} />
      </div>
      <p className="page-meta muted">
        Last edited {zone ? formatInZone(page.updatedAt, zone, 'd LLL yyyy, HH:mm') : new Date(page.updatedAt).toISOString()}
      </p>
      <label htmlFor={`${id}-body`} className="visually-hidden">
        Page body
      </label>
      {state.status === 'error' && (
        <div className="inline-error" role="alert">
          Could not open this page: {state.error}{' '}
          <button type="button" className="button link" onClick={() => mirror?.retry()}>
            Try again
          </button>
        </div>
      )}
      {mirror && state.status === 'ready' ? (
        <YTextArea
          ref={bodyRef}
          id={`${id}-body`}
          className="page-body"
          ytext={pageBody(mirror.doc)}
          placeholder="Write something your team should know…"
          spellCheck
        />
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
