import { useEffect, useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { CommentThread, PageSummary } from '../../../../shared/api/contract';
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
 * threads with their quote, replies, reply box and Resolve/Reopen. Clicking a thread
 * highlights its text in the editor.
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
        {thread.replies.map((r) => (
          <li key={r.id} className="kb-reply">
            <div className="kb-reply-meta">
              <strong>{nameOf(r.authorId) ?? 'Someone'}</strong>
              <span className="muted">
                {formatInZone(r.createdAt, zone, TIME_FORMAT)}
                {r.editedAt ? ' · edited' : ''}
              </span>
            </div>
            <CommentBody body={r.body} mentions={r.mentions} members={members} />
          </li>
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
