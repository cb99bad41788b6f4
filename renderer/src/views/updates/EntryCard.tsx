/**
 * One log entry as the feed shows it: who and when (in my zone, and in the author's when that
 * differs), what kind, the text, the protocol ("reply expected from Bo by Tue 10:00 New York"),
 * acknowledgements and reactions the author can see, "waiting to sync", and the thread.
 * Authors edit (an "edited" marker) and delete (a tombstone); anyone acks, reacts, replies,
 * resolves a blocker or moves a decision's status.
 */
import { useId, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { FeedEntry } from '../../../../shared/api/log-api';
import type { GoalWithUpdates } from '../../../../shared/api/log-api';
import { expectedReplies } from '../../../../shared/model/log-protocol';
import { entrySearchText } from '../../../../shared/model/log-filters';
import { DECISION_STATUSES } from '../../../../shared/model/log-types';
import type { DecisionStatus } from '../../../../shared/model/log-types';
import type { Member, UrgencyLevel } from '../../../../shared/model/types';
import { localDateOf, localTimeOf } from '../../../../shared/time/log-days';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { useReportError } from '../../use-report-error';
import { Markdown, PageLink } from './Markdown';
import { MentionTextarea } from './MentionTextarea';
import { KIND_LABELS, dayTime, firstName, isoOf, listOf, nameOf, zoneCity } from './log-format';
import { useDraft } from './use-log';

export const REACTIONS = ['👍', '🎉', '👀', '🙏', '❤️'] as const;

export interface EntryCardProps {
  entry: FeedEntry;
  members: readonly Member[];
  levels: readonly UrgencyLevel[];
  goals?: readonly GoalWithUpdates[];
  now: number;
  /** Compact: headline-sized, for Today and the catch-up list. */
  compact?: boolean;
  /** Shown before the kind, e.g. "New" or "2 new replies" in the catch-up list. */
  badge?: string;
  /** Open the thread from the start. */
  threadOpen?: boolean;
  highlight?: boolean;
  /** More buttons at the end of the action row (the catch-up list's "Mark read"). */
  actions?: ReactNode;
}

export function EntryCard({ entry, members, levels, goals = [], now, compact = false, badge, threadOpen = false, highlight = false, actions }: EntryCardProps) {
  const id = useId();
  const me = useAppStore((s) => s.profile?.memberId ?? '');
  const myZone = useAppStore((s) => s.profile?.member.timeZone ?? 'UTC');
  const pages = useAppStore((s) => s.pages);
  const reportError = useReportError();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [showThread, setShowThread] = useState(threadOpen);
  const [picking, setPicking] = useState(false);
  const context = useMemo(() => ({ members, pages }), [members, pages]);

  const author = nameOf(members, entry.authorId);
  const mine = entry.authorId === me;
  const deleted = entry.deletedAt !== null;
  const myAck = entry.acks.find((a) => a.memberId === me);
  const run = (what: string, call: () => Promise<unknown>) => void call().catch((error) => reportError(error, what));

  const readerTime = localTimeOf(entry.createdAt, myZone);
  const theirDifferent = entry.authorZone !== myZone && localTimeOf(entry.createdAt, entry.authorZone) !== readerTime;
  const theirDate = localDateOf(entry.createdAt, entry.authorZone) !== localDateOf(entry.createdAt, myZone);
  const theirLabel = `${theirDate ? dayTime(entry.createdAt, entry.authorZone, entry.createdAt + 7 * 86_400_000) : localTimeOf(entry.createdAt, entry.authorZone)}`;
  const expectations = useMemo(() => expectedReplies(entry, members, levels, now), [entry, members, levels, now]);
  const goal = goals.find((g) => g.goal.id === entry.goalId)?.goal;
  const liveReplies = entry.replies.filter((r) => r.deletedAt === null).length;
  // Tags written in the text are shown there; only the others get a chip.
  const extraTags = useMemo(() => {
    const text = entrySearchText(entry).toLowerCase();
    return entry.tags.filter((t) => !new RegExp(`#${t}(?![a-z0-9-])`).test(text.replace(/\n#[a-z0-9-]+/g, '')));
  }, [entry]);

  const label = `${KIND_LABELS[entry.kind]} by ${author}`;
  return (
    <article
      className={`entry kind-${entry.kind}${compact ? ' compact' : ''}${deleted ? ' deleted' : ''}${highlight ? ' highlight' : ''}`}
      aria-labelledby={`${id}-label`}
      data-testid="log-entry"
      data-entry-id={entry.id}
    >
      <header className="entry-head">
        <span className="entry-avatar" aria-hidden="true">
          {author.slice(0, 1).toUpperCase()}
        </span>
        <div className="entry-meta">
          <span id={`${id}-label`} className="visually-hidden">
            {label}
          </span>
          <span className="entry-author" aria-hidden="true">
            {author}
          </span>
          {badge && <span className="pill pill-new">{badge}</span>}
          <span className={`kind-badge kind-${entry.kind}`}>{KIND_LABELS[entry.kind]}</span>
          {entry.kind === 'blocker' && !deleted && (
            <span className={`pill ${entry.blocker.status === 'open' ? 'pill-danger' : 'pill-ok'}`}>{entry.blocker.status === 'open' ? 'Open' : 'Resolved'}</span>
          )}
          {entry.kind === 'decision' && !deleted && <span className={`pill pill-${entry.decision.status}`}>{cap(entry.decision.status)}</span>}
          <span className="entry-time">
            <time dateTime={isoOf(entry.createdAt)} title={`${dayTime(entry.createdAt, myZone, now)} your time`}>
              {compact ? dayTime(entry.createdAt, myZone, now) : readerTime}
            </time>
            {theirDifferent && (
              <span className="their-time" title={`${author} wrote this at ${theirLabel} in ${entry.authorZone}`}>
                {' '}
                · {theirLabel} for {firstName(author)} ({zoneCity(entry.authorZone)})
              </span>
            )}
          </span>
          {entry.editedAt !== null && !deleted && (
            <span className="edited" title={`Edited ${dayTime(entry.editedAt, myZone, now)}`}>
              edited
            </span>
          )}
          {entry.pending && (
            <span className="pill pill-pending" data-testid="entry-pending" title="Saved on this device; it reaches your team when sync is back">
              Waiting to sync
            </span>
          )}
        </div>
      </header>

      {deleted ? (
        <p className="muted entry-tombstone">This entry was deleted.</p>
      ) : editing ? (
        <EntryEditor entry={entry} members={members} onDone={() => setEditing(false)} />
      ) : (
        <div className="entry-body">
          {entry.kind === 'decision' && <p className="decision-title">{entry.decision.title}</p>}
          {entry.checkIn.map((a) => (
            <div className="check-in" key={a.question}>
              <p className="check-in-q">{a.question}</p>
              <Markdown text={a.answer} context={context} />
            </div>
          ))}
          {entry.kind === 'handoff' && (
            <>
              {(['status', 'nextSteps', 'watchOut', 'links'] as const)
                .filter((k) => entry.handoff[k].trim())
                .map((k) => (
                  <div className="check-in" key={k}>
                    <p className="check-in-q">{{ status: 'Where things stand', nextSteps: 'Next steps', watchOut: 'Watch out for', links: 'Links' }[k]}</p>
                    <Markdown text={entry.handoff[k]} context={context} />
                  </div>
                ))}
            </>
          )}
          {entry.body.trim() && (compact && entry.kind === 'summary' ? <p>{entry.body.split('\n')[0].replace(/^#+\s*/, '')}</p> : <Markdown text={entry.body} context={context} />)}
          {entry.kind === 'decision' && entry.decision.why.trim() && (
            <div className="check-in">
              <p className="check-in-q">Why</p>
              <Markdown text={entry.decision.why} context={context} />
            </div>
          )}
        </div>
      )}

      {!deleted && !compact && (
        <div className="entry-facts">
          {entry.kind === 'decision' && entry.decision.recordPageId && (
            <span>
              Record: <PageLink pageId={entry.decision.recordPageId}>{pages.find((p) => p.id === entry.decision.recordPageId)?.title ?? 'decision page'}</PageLink>
            </span>
          )}
          {entry.kind === 'blocker' && entry.blocker.canUnblock.length > 0 && (
            <span>Can unblock: {listOf(entry.blocker.canUnblock.map((m) => nameOf(members, m)))}</span>
          )}
          {entry.kind === 'blocker' && entry.blocker.status === 'resolved' && entry.blocker.resolvedAt && (
            <span>
              Resolved by {nameOf(members, entry.blocker.resolvedBy)}, {dayTime(entry.blocker.resolvedAt, myZone, now)}
            </span>
          )}
          {goal && <span className="goal-chip">Goal: {goal.title}</span>}
          {extraTags.map((t) => (
            <span key={t} className="md-tag">
              #{t}
            </span>
          ))}
        </div>
      )}

      {expectations && !compact && (
        <ul className="expectations" aria-label="Expected replies">
          {expectations.replies.map((r) => (
            <li key={r.memberId} className={r.answered ? 'answered' : r.overdue ? 'overdue' : undefined}>
              <span className="urgency">{expectations.level.label}</span> {r.memberId === me ? 'You' : nameOf(members, r.memberId)}:{' '}
              {r.answered
                ? 'answered'
                : r.dueAt === null
                  ? 'no working hours set'
                  : `reply expected by ${dayTime(r.dueAt, r.timeZone, now)} ${r.memberId === me ? 'your' : 'their'} time (${zoneCity(r.timeZone)})${r.overdue ? ' — overdue' : ''}`}
            </li>
          ))}
        </ul>
      )}

      {!deleted && entry.acks.length > 0 && (
        <p className="acks" title={entry.acks.map((a) => `${nameOf(members, a.memberId)}${a.reply ? `: “${a.reply}”` : ''}`).join('\n')}>
          Seen by {listOf(entry.acks.map((a) => nameOf(members, a.memberId)))}
          {entry.acks.some((a) => a.reply) && <> · {entry.acks.filter((a) => a.reply).map((a) => `${firstName(nameOf(members, a.memberId))}: “${a.reply}”`).join(' · ')}</>}
        </p>
      )}

      {!deleted && !compact && entry.reactions.length > 0 && (
        <div className="reactions" aria-label="Reactions">
          {entry.reactions.map((r) => {
            const pressed = r.memberIds.includes(me);
            return (
              <button
                key={r.emoji}
                type="button"
                className={`reaction${pressed ? ' pressed' : ''}`}
                aria-pressed={pressed}
                aria-label={`${r.emoji} ${r.memberIds.length}: ${listOf(r.memberIds.map((m) => nameOf(members, m)))}`}
                title={listOf(r.memberIds.map((m) => nameOf(members, m)))}
                onClick={() => run('Could not react', () => api.call(pressed ? 'log.unreact' : 'log.react', { entryId: entry.id, emoji: r.emoji }))}
              >
                {r.emoji} {r.memberIds.length}
              </button>
            );
          })}
        </div>
      )}

      {!deleted && (
        <div className="entry-actions">
          {!mine && (
            <button
              type="button"
              className={`button small${myAck ? ' done' : ''}`}
              aria-pressed={!!myAck}
              title={myAck ? 'You acknowledged this; click to take it back' : 'Tell the author you have seen it'}
              onClick={() => run('Could not acknowledge', () => api.call(myAck ? 'log.unack' : 'log.ack', { entryId: entry.id }))}
            >
              {myAck ? 'Seen ✓' : 'Seen'}
            </button>
          )}
          <button
            type="button"
            className="button small"
            aria-expanded={showThread}
            onClick={() => {
              setShowThread((s) => !s);
              if (!showThread) void api.call('log.markSeen', { ids: [entry.id] }).catch(() => undefined);
            }}
          >
            {liveReplies === 0 ? 'Reply' : `${liveReplies} ${liveReplies === 1 ? 'reply' : 'replies'}`}
          </button>
          {!compact && (
            <span className="react-picker">
              <button type="button" className="button small" aria-expanded={picking} aria-label="Add a reaction" onClick={() => setPicking((p) => !p)}>
                ☺+
              </button>
              {picking && (
                <span className="react-choices" role="group" aria-label="Reactions to add">
                  {REACTIONS.map((emoji) => (
                    <button
                      key={emoji}
                      type="button"
                      className="reaction"
                      aria-label={`React with ${emoji}`}
                      onClick={() => {
                        setPicking(false);
                        run('Could not react', () => api.call('log.react', { entryId: entry.id, emoji }));
                      }}
                    >
                      {emoji}
                    </button>
                  ))}
                </span>
              )}
            </span>
          )}
          {entry.kind === 'blocker' && !compact && (
            <button
              type="button"
              className="button small"
              onClick={() => run('Could not change the blocker', () => api.call(entry.blocker.status === 'open' ? 'log.resolveBlocker' : 'log.reopenBlocker', { entryId: entry.id }))}
            >
              {entry.blocker.status === 'open' ? 'Mark resolved' : 'Reopen'}
            </button>
          )}
          {entry.kind === 'decision' && !compact && (
            <label className="inline-select">
              <span className="visually-hidden">Decision status</span>
              <select
                value={entry.decision.status}
                onChange={(e) => run('Could not change the decision', () => api.call('log.setDecisionStatus', { entryId: entry.id, status: e.target.value as DecisionStatus }))}
              >
                {DECISION_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {cap(s)}
                  </option>
                ))}
              </select>
            </label>
          )}
          {mine && !compact && !editing && entry.kind !== 'summary' && (
            <button type="button" className="button small quiet" onClick={() => setEditing(true)}>
              Edit
            </button>
          )}
          {mine && !compact && !confirmDelete && (
            <button type="button" className="button small quiet" onClick={() => setConfirmDelete(true)}>
              Delete
            </button>
          )}
          {actions}
          {confirmDelete && (
            <span className="confirm" role="group" aria-label="Confirm deletion">
              <span className="confirm-text">Delete this entry? Replies stay.</span>
              <button type="button" className="button small danger" onClick={() => run('Could not delete', () => api.call('log.delete', { id: entry.id }))}>
                Delete entry
              </button>
              <button type="button" className="button small" onClick={() => setConfirmDelete(false)}>
                Keep
              </button>
            </span>
          )}
        </div>
      )}

      {(showThread || (deleted && entry.replies.length > 0)) && (
        <Thread entry={entry} members={members} context={context} me={me} zone={myZone} now={now} canReply={!deleted} />
      )}
    </article>
  );
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

function Thread({
  entry,
  members,
  context,
  me,
  zone,
  now,
  canReply,
}: {
  entry: FeedEntry;
  members: readonly Member[];
  context: { members: readonly Member[]; pages: readonly { id: string; title: string }[] };
  me: string;
  zone: string;
  now: number;
  canReply: boolean;
}) {
  const id = useId();
  const reportError = useReportError();
  const draft = useDraft<{ body: string }>(`reply:${entry.id}`, { body: '' }, (v) => v.body.trim() === '');
  const [sending, setSending] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [editText, setEditText] = useState('');
  const teammates = useMemo(() => members.filter((m) => m.id !== me), [members, me]);

  const send = async () => {
    if (!draft.value.body.trim() || sending) return;
    setSending(true);
    try {
      await api.call('log.reply', { entryId: entry.id, body: draft.value.body });
      draft.clear();
      await api.call('log.draft.delete', { key: `reply:${entry.id}` });
    } catch (error) {
      reportError(error, 'Could not send the reply');
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="thread" aria-label={`Replies to ${nameOf(members, entry.authorId)}`}>
      {entry.replies.length > 0 && (
        <ol className="replies">
          {entry.replies.map((r) => (
            <li key={r.id} className="reply">
              <p className="reply-meta">
                <strong>{nameOf(members, r.authorId)}</strong> <time dateTime={isoOf(r.createdAt)}>{dayTime(r.createdAt, zone, now)}</time>
                {r.editedAt !== null && r.deletedAt === null && <span className="edited"> edited</span>}
              </p>
              {r.deletedAt !== null ? (
                <p className="muted">Reply deleted.</p>
              ) : editingId === r.id ? (
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    void api
                      .call('log.editReply', { entryId: entry.id, replyId: r.id, body: editText })
                      .then(() => setEditingId(null))
                      .catch((error) => reportError(error, 'Could not edit the reply'));
                  }}
                >
                  <MentionTextarea aria-label="Edit reply" rows={2} value={editText} onValueChange={setEditText} members={teammates} pages={context.pages} />
                  <div className="form-actions">
                    <button type="submit" className="button small primary">
                      Save
                    </button>
                    <button type="button" className="button small" onClick={() => setEditingId(null)}>
                      Cancel
                    </button>
                  </div>
                </form>
              ) : (
                <>
                  <Markdown text={r.body} context={context} />
                  {r.authorId === me && canReply && (
                    <div className="reply-actions">
                      <button
                        type="button"
                        className="button link"
                        aria-label="Edit reply"
                        onClick={() => {
                          setEditingId(r.id);
                          setEditText(r.body);
                        }}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="button link"
                        aria-label="Delete reply"
                        onClick={() => void api.call('log.deleteReply', { entryId: entry.id, replyId: r.id }).catch((error) => reportError(error, 'Could not delete the reply'))}
                      >
                        Delete
                      </button>
                    </div>
                  )}
                </>
              )}
            </li>
          ))}
        </ol>
      )}
      {canReply && (
        <form
          className="reply-form"
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          <label htmlFor={`${id}-reply`} className="visually-hidden">
            Reply to {nameOf(members, entry.authorId)}
          </label>
          <MentionTextarea
            id={`${id}-reply`}
            rows={2}
            placeholder="Reply… (@name to mention)"
            value={draft.value.body}
            members={teammates}
            pages={context.pages}
            onValueChange={(body) => draft.setValue({ body })}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                void send();
              }
            }}
          />
          <button type="submit" className="button small primary" disabled={sending || !draft.value.body.trim()}>
            Send reply
          </button>
        </form>
      )}
    </section>
  );
}

function EntryEditor({ entry, members, onDone }: { entry: FeedEntry; members: readonly Member[]; onDone(): void }) {
  const id = useId();
  const pages = useAppStore((s) => s.pages);
  const reportError = useReportError();
  const [body, setBody] = useState(entry.body);
  const [answers, setAnswers] = useState(entry.checkIn.map((a) => ({ ...a })));
  const [title, setTitle] = useState(entry.kind === 'decision' ? entry.decision.title : '');
  const [why, setWhy] = useState(entry.kind === 'decision' ? entry.decision.why : '');
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setSaving(true);
    try {
      await api.call('log.edit', {
        id: entry.id,
        body,
        ...(entry.checkIn.length > 0 ? { checkIn: answers } : {}),
        ...(entry.kind === 'decision' ? { decision: { title, why } } : {}),
      });
      onDone();
    } catch (error) {
      reportError(error, 'Could not save the edit');
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="entry-editor"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {entry.kind === 'decision' && (
        <div className="field">
          <label htmlFor={`${id}-title`}>Title</label>
          <input id={`${id}-title`} type="text" value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
      )}
      {answers.map((a, i) => (
        <div className="field" key={a.question}>
          <label htmlFor={`${id}-a${i}`}>{a.question}</label>
          <MentionTextarea
            id={`${id}-a${i}`}
            rows={2}
            value={a.answer}
            members={members}
            pages={pages}
            onValueChange={(answer) => setAnswers((list) => list.map((x, j) => (j === i ? { ...x, answer } : x)))}
          />
        </div>
      ))}
      <div className="field">
        <label htmlFor={`${id}-body`}>Text</label>
        <MentionTextarea id={`${id}-body`} rows={3} value={body} members={members} pages={pages} onValueChange={setBody} />
      </div>
      {entry.kind === 'decision' && (
        <div className="field">
          <label htmlFor={`${id}-why`}>Why</label>
          <MentionTextarea id={`${id}-why`} rows={2} value={why} members={members} pages={pages} onValueChange={setWhy} />
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button small primary" disabled={saving}>
          Save changes
        </button>
        <button type="button" className="button small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
