import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { CommentReply, CommentThread, PageSummary } from '../../../../shared/api/contract';
import type { Member } from '../../../../shared/model/types';
import { formatInZone } from '../../../../shared/time';
import { describeError } from '../../errors';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { MentionInput, mentionedIds } from './MentionInput';
import { useTeam } from './use-kb-data';

const TIME_FORMAT = 'd LLL, HH:mm';

/** A comment's text with its `@Name` mentions set apart; plain text, never HTML. */
export function CommentBody({ body, mentions, members }: { body: string; mentions: string[]; members: readonly Member[] }) {
  const names = members
    .filter((m) => mentions.includes(m.id))
    .map((m) => `@${m.name}`)
    .sort((a, b) => b.length - a.length);
  if (!names.length) return <p className="kb-comment-body">{body}</p>;
  const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const parts = body.split(new RegExp(`(${escaped.join('|')})`, 'g'));
  const out: ReactNode[] = parts.map((part, i) =>
    names.includes(part) ? (
      <strong key={i} className="kb-mention-chip">
        {part}
      </strong>
    ) : (
      part
    ),
  );
  return <p className="kb-comment-body">{out}</p>;
}

interface Props {
  page: PageSummary;
  threads: CommentThread[] | null;
  error: string | null;
  onChanged(): void;
}

/**
 * The page's comment threads: a composer (for the selected text, or the whole page), then the
 * threads with their quote, replies (each editable in place by its author), reply box and
 * Resolve/Reopen. Clicking a thread highlights its text in the editor.
 */
export function CommentsPanel({ page, threads, error, onChanged }: Props) {
  const id = useId();
  const draft = useAppStore((s) => (s.commentDraft?.pageId === page.id ? s.commentDraft : null));
  const clearDraft = useAppStore((s) => s.clearCommentDraft);
  const activeId = useAppStore((s) => s.activeThreadId);
  const setActive = useAppStore((s) => s.setActiveThread);
  const { members, nameOf } = useTeam();
  const [showResolved, setShowResolved] = useState(false);
  const open = threads?.filter((t) => !t.resolved) ?? [];
  const resolved = threads?.filter((t) => t.resolved) ?? [];
  const shown = showResolved ? (threads ?? []) : open;

  // The active thread scrolls into view in the panel too.
  useEffect(() => {
    if (!activeId) return;
    document.getElementById(`thread-${activeId}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [activeId]);

  return (
    <div className="kb-comments">
      <Composer
        key={draft ? `${draft.from}-${draft.to}` : 'page'}
        page={page}
        members={members}
        draft={draft}
        onCancel={clearDraft}
        onAdded={(thread) => {
          clearDraft();
          setActive(thread.anchored ? thread.id : null);
          onChanged();
        }}
      />
      <div className="kb-comments-filter">
        <span className="muted">
          {open.length} open{resolved.length ? `, ${resolved.length} resolved` : ''}
        </span>
        <label className="kb-check">
          <input id={`${id}-resolved`} type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} />
          Show resolved
        </label>
      </div>
      {error && (
        <p className="inline-error" role="alert">
          Could not load the comments: {error}
        </p>
      )}
      {threads === null ? (
        !error && (
          <p className="muted" role="status">
            Loading comments…
          </p>
        )
      ) : shown.length === 0 ? (
        <p className="muted">{threads.length ? 'Every thread is resolved.' : 'No comments yet. Select text in the page and choose “Comment”, or comment on the whole page above.'}</p>
      ) : (
        <ul className="kb-thread-list" aria-label="Comment threads">
          {shown.map((thread) => (
            <Thread
              key={thread.id}
              page={page}
              thread={thread}
              members={members}
              nameOf={nameOf}
              active={thread.id === activeId}
              onActivate={() => setActive(thread.id === activeId ? null : thread.id)}
              onChanged={onChanged}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function Composer({
  page,
  members,
  draft,
  onCancel,
  onAdded,
}: {
  page: PageSummary;
  members: readonly Member[];
  draft: { from: number; to: number; quote: string } | null;
  onCancel(): void;
  onAdded(thread: CommentThread): void;
}) {
  const id = useId();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!body.trim() || busy) return;
    setBusy(true);
    try {
      const thread = await api.call('comments.add', {
        pageId: page.id,
        body: body.trim(),
        mentions: mentionedIds(body, members),
        ...(draft ? { anchor: { from: draft.from, to: draft.to } } : {}),
      });
      setBody('');
      setError(null);
      onAdded(thread);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className={`kb-composer${draft ? ' has-quote' : ''}`}
      aria-label={draft ? 'Comment on the selected text' : 'Comment on the page'}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {draft && (
        <blockquote className="kb-quote" aria-label="Selected text">
          {draft.quote}
        </blockquote>
      )}
      <label htmlFor={`${id}-body`} className="visually-hidden">
        {draft ? 'Your comment on the selected text' : 'Your comment on the page'}
      </label>
      <MentionInput
        id={`${id}-body`}
        rows={draft ? 3 : 2}
        placeholder={draft ? 'Comment on the selection… (@ to mention)' : 'Comment on the whole page… (@ to mention)'}
        value={body}
        members={members}
        onValueChange={(v) => {
          setBody(v);
          setError(null);
        }}
        onSubmit={() => void submit()}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && draft) {
            e.preventDefault();
            onCancel();
          }
        }}
        data-draft={draft ? 'true' : undefined}
        autoFocus={Boolean(draft)}
      />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="kb-composer-actions">
        {draft && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button primary" disabled={busy || !body.trim()}>
          Comment
        </button>
      </div>
    </form>
  );
}

function Thread({
  page,
  thread,
  members,
  nameOf,
  active,
  onActivate,
  onChanged,
}: {
  page: PageSummary;
  thread: CommentThread;
  members: readonly Member[];
  nameOf(id: string): string | null;
  active: boolean;
  onActivate(): void;
  onChanged(): void;
}) {
  const id = useId();
  const zone = useAppStore((s) => s.profile?.member.timeZone) ?? 'UTC';
  const me = useAppStore((s) => s.profile?.member.id);
  const [replying, setReplying] = useState(false);
  const [reply, setReply] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const author = nameOf(thread.authorId) ?? 'Someone';

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      setError(null);
      onChanged();
      return true;
    } catch (err) {
      setError(describeError(err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const sendReply = async () => {
    if (!reply.trim()) return;
    const ok = await run(() => api.call('comments.reply', { pageId: page.id, threadId: thread.id, body: reply.trim(), mentions: mentionedIds(reply, members) }));
    if (ok) {
      setReply('');
      setReplying(false);
    }
  };

  return (
    <li id={`thread-${thread.id}`} className={`kb-thread${active ? ' is-active' : ''}${thread.resolved ? ' is-resolved' : ''}`} aria-labelledby={`${id}-head`}>
      <div className="kb-thread-head" id={`${id}-head`}>
        {thread.anchored ? (
          <button
            type="button"
            className="kb-quote kb-quote-button"
            aria-pressed={active}
            aria-label={`Comment on “${thread.quote}”${thread.anchor ? '' : ' (text deleted)'}`}
            disabled={!thread.anchor}
            title={thread.anchor ? 'Show this text in the page' : 'The commented text was deleted'}
            onClick={onActivate}
          >
            “{thread.quote}”{!thread.anchor && <span className="kb-quote-gone"> (text deleted)</span>}
          </button>
        ) : (
          <span className="kb-thread-scope">
            <span className="visually-hidden">Comment </span>on the page
          </span>
        )}
        {thread.resolved && <span className="kb-badge kb-badge-resolved">Resolved</span>}
      </div>
      <ol className="kb-replies">
        {thread.replies.map((r, index) => (
          <Reply key={r.id} page={page} threadId={thread.id} reply={r} opening={index === 0} members={members} nameOf={nameOf} zone={zone} mine={r.authorId === me} onChanged={onChanged} />
        ))}
      </ol>
      {replying && (
        <form
          className="kb-reply-form"
          onSubmit={(e) => {
            e.preventDefault();
            void sendReply();
          }}
        >
          <label htmlFor={`${id}-reply`} className="visually-hidden">
            Reply to {author}
          </label>
          <MentionInput
            id={`${id}-reply`}
            rows={2}
            placeholder="Reply… (@ to mention)"
            value={reply}
            members={members}
            onValueChange={setReply}
            onSubmit={() => void sendReply()}
            autoFocus
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                setReplying(false);
              }
            }}
          />
          <div className="kb-composer-actions">
            <button type="button" className="button" onClick={() => setReplying(false)}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={busy || !reply.trim()}>
              Reply
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="kb-thread-actions">
        {!replying && !thread.resolved && (
          <button type="button" className="button link" onClick={() => setReplying(true)}>
            Reply
          </button>
        )}
        <button
          type="button"
          className="button link"
          disabled={busy}
          aria-label={`${thread.resolved ? 'Reopen' : 'Resolve'} the thread ${thread.anchored ? `on “${thread.quote}”` : 'on the page'}`}
          onClick={() =>
            void run(() => api.call('comments.resolve', { pageId: page.id, threadId: thread.id, resolved: !thread.resolved })).then((ok) => {
              // A resolved thread's text is no longer highlighted.
              if (ok && !thread.resolved && active) onActivate();
            })
          }
        >
          {thread.resolved ? 'Reopen' : 'Resolve'}
        </button>
        {thread.resolved && thread.resolvedBy && (
          <span className="muted kb-resolved-by">
            Resolved by {nameOf(thread.resolvedBy) ?? 'someone'}
            {thread.resolvedAt ? `, ${formatInZone(thread.resolvedAt, zone, TIME_FORMAT)}` : ''}
          </span>
        )}
      </div>
    </li>
  );
}

/**
 * One comment of a thread. Its author can edit it in place: Save or Ctrl/⌘+Enter keeps the new
 * text, Cancel or Escape leaves it as it was; focus then returns to the Edit button.
 */
function Reply({
  page,
  threadId,
  reply,
  opening,
  members,
  nameOf,
  zone,
  mine,
  onChanged,
}: {
  page: PageSummary;
  threadId: string;
  reply: CommentReply;
  /** The thread's first comment (vs a reply to it). */
  opening: boolean;
  members: readonly Member[];
  nameOf(id: string): string | null;
  zone: string;
  mine: boolean;
  onChanged(): void;
}) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  const what = opening ? 'comment' : 'reply';

  // The box opens with the caret after the text; back on the Edit button once it closes, so
  // the keyboard user keeps their place.
  useEffect(() => {
    if (editing) {
      const box = document.getElementById(`${id}-edit`);
      if (box instanceof HTMLTextAreaElement) box.setSelectionRange(box.value.length, box.value.length);
    } else if (refocus.current) {
      refocus.current = false;
      editButton.current?.focus();
    }
  }, [editing, id]);

  const close = () => {
    refocus.current = true;
    setEditing(false);
    setError(null);
  };

  const save = async () => {
    const body = text.trim();
    if (!body || busy) return;
    if (body === reply.body) return close();
    setBusy(true);
    try {
      await api.call('comments.edit', { pageId: page.id, threadId, replyId: reply.id, body, mentions: mentionedIds(body, members) });
      close();
      onChanged();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="kb-reply">
      <div className="kb-reply-meta">
        <strong>{nameOf(reply.authorId) ?? 'Someone'}</strong>
        <span className="muted">
          {formatInZone(reply.createdAt, zone, TIME_FORMAT)}
          {reply.editedAt !== null && (
            <span className="kb-edited" title={`Edited ${formatInZone(reply.editedAt, zone, TIME_FORMAT)}`}>
              {' '}
              (edited)
            </span>
          )}
        </span>
        {mine && !editing && (
          <button
            ref={editButton}
            type="button"
            className="button link kb-reply-edit"
            aria-label={`Edit your ${what}`}
            onClick={() => {
              setText(reply.body);
              setError(null);
              setEditing(true);
            }}
          >
            Edit
          </button>
        )}
      </div>
      {editing ? (
        <form
          className="kb-reply-form"
          aria-label={`Edit your ${what}`}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label htmlFor={`${id}-edit`} className="visually-hidden">
            Your {what}
          </label>
          <MentionInput
            id={`${id}-edit`}
            rows={2}
            value={text}
            members={members}
            onValueChange={(v) => {
              setText(v);
              setError(null);
            }}
            onSubmit={() => void save()}
            autoFocus
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                close();
              }
            }}
          />
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <div className="kb-composer-actions">
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={busy || !text.trim()}>
              Save
            </button>
          </div>
        </form>
      ) : (
        <CommentBody body={reply.body} mentions={reply.mentions} members={members} />
      )}
    </li>
  );
}
