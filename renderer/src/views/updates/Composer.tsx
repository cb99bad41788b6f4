/**
 * The composer: a daily update (the team's check-in questions plus notes), a decision, a
 * blocker or an FYI, in Markdown with `@mentions`, `[[page]]` links and `#tags`. What is typed
 * is saved as a draft in the Core (SQLite) half a second after typing stops, so it survives a
 * crash or quit; posting works offline (the Core commits it and sync carries it later).
 */
import { useId, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { LogPostInput } from '../../../../shared/api/log-api';
import type { GoalWithUpdates } from '../../../../shared/api/log-api';
import type { DecisionStatus } from '../../../../shared/model/log-types';
import { DECISION_STATUSES } from '../../../../shared/model/log-types';
import type { Member } from '../../../../shared/model/types';
import { expectedReplies } from '../../../../shared/model/log-protocol';
import { responseTimeLabel } from '../../../../shared/model/log-protocol';
import { ApiError } from '../../../../shared/api/contract';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { describeError } from '../../errors';
import { Markdown } from './Markdown';
import { MentionTextarea } from './MentionTextarea';
import { useDraft, useLogSettings } from './use-log';
import { dayTime, firstName, zoneCity } from './log-format';
import { useNow } from '../use-now';

export type ComposerKind = 'update' | 'decision' | 'blocker' | 'fyi';

export interface ComposerDraft {
  kind: ComposerKind;
  /** Question → answer. */
  answers: Record<string, string>;
  body: string;
  decisionTitle: string;
  decisionWhy: string;
  decisionStatus: DecisionStatus;
  recordPageId: string;
  canUnblock: string[];
  recipients: string[];
  urgency: string;
  goalId: string;
}

export const EMPTY_DRAFT: ComposerDraft = {
  kind: 'update',
  answers: {},
  body: '',
  decisionTitle: '',
  decisionWhy: '',
  decisionStatus: 'proposed',
  recordPageId: '',
  canUnblock: [],
  recipients: [],
  urgency: '',
  goalId: '',
};

export const COMPOSER_DRAFT_KEY = 'composer';

const KINDS: { id: ComposerKind; label: string; bodyLabel: string; post: string }[] = [
  { id: 'update', label: 'Daily update', bodyLabel: 'Notes', post: 'Post update' },
  { id: 'decision', label: 'Decision', bodyLabel: 'Details', post: 'Post decision' },
  { id: 'blocker', label: 'Blocker', bodyLabel: 'What is blocking you', post: 'Post blocker' },
  { id: 'fyi', label: 'FYI', bodyLabel: 'Message', post: 'Post FYI' },
];

function isEmptyDraft(d: ComposerDraft): boolean {
  return (
    d.body.trim() === '' &&
    Object.values(d.answers).every((a) => a.trim() === '') &&
    d.decisionTitle.trim() === '' &&
    d.decisionWhy.trim() === '' &&
    d.recipients.length === 0 &&
    d.canUnblock.length === 0 &&
    d.urgency === '' &&
    d.goalId === ''
  );
}

function toPostInput(d: ComposerDraft, questions: readonly string[]): LogPostInput {
  const common = {
    body: d.body,
    recipients: d.recipients,
    urgency: d.urgency || null,
    goalId: d.goalId || null,
    draftKey: COMPOSER_DRAFT_KEY,
  };
  switch (d.kind) {
    case 'update':
      return {
        kind: 'update',
        ...common,
        checkIn: questions.map((question) => ({ question, answer: d.answers[question] ?? '' })).filter((a) => a.answer.trim() !== ''),
      };
    case 'decision':
      return {
        kind: 'decision',
        ...common,
        decision: { title: d.decisionTitle, why: d.decisionWhy, status: d.decisionStatus, recordPageId: d.recordPageId || null },
      };
    case 'blocker':
      return { kind: 'blocker', ...common, blocker: { canUnblock: d.canUnblock } };
    case 'fyi':
      return { kind: 'fyi', ...common };
  }
}

interface Props {
  members: readonly Member[];
  goals: readonly GoalWithUpdates[];
}

export function Composer({ members, goals }: Props) {
  const id = useId();
  const me = useAppStore((s) => s.profile?.memberId);
  const pages = useAppStore((s) => s.pages);
  const settings = useLogSettings();
  const draft = useDraft<ComposerDraft>(COMPOSER_DRAFT_KEY, EMPTY_DRAFT, isEmptyDraft);
  const d = draft.value;
  const [preview, setPreview] = useState(false);
  const [posting, setPosting] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const now = useNow();
  const questions = settings?.checkInQuestions ?? [];
  const levels = settings?.urgencyLevels ?? [];
  const teammates = useMemo(() => members.filter((m) => m.id !== me), [members, me]);
  const context = useMemo(() => ({ members, pages }), [members, pages]);
  const kind = KINDS.find((k) => k.id === d.kind) ?? KINDS[0];
  const set = (patch: Partial<ComposerDraft>) => {
    draft.setValue((prev) => ({ ...prev, ...patch }));
    setMessage(null);
  };
  const toggle = (list: string[], memberId: string) => (list.includes(memberId) ? list.filter((x) => x !== memberId) : [...list, memberId]);

  const expectations = useMemo(() => {
    if (!d.urgency || d.recipients.length === 0) return null;
    const probe = {
      id: 'draft', kind: 'fyi' as const, authorId: me ?? '', createdAt: now, authorZone: 'UTC', body: '', checkIn: [], tags: [], mentions: [], links: [],
      goalId: null, recipients: d.recipients, urgency: d.urgency, deliverAt: null, editedAt: null, deletedAt: null, acks: [], reactions: [], replies: [],
    };
    return expectedReplies(probe, members, levels, now);
  }, [d.urgency, d.recipients, me, now, members, levels]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (posting) return;
    setPosting(true);
    setMessage(null);
    try {
      await api.call('log.post', toPostInput(d, questions));
      draft.clear();
      setPreview(false);
      setMessage({ kind: 'ok', text: `${kind.label} posted.` });
    } catch (error) {
      const text = error instanceof ApiError && error.code === 'invalid_argument' && error.issues?.some((i) => i.path === 'body')
        ? 'Write something first.'
        : describeError(error);
      setMessage({ kind: 'error', text: `Could not post: ${text}` });
    } finally {
      setPosting(false);
    }
  };

  const previewText = [
    ...(d.kind === 'update' ? questions.filter((q) => (d.answers[q] ?? '').trim()).map((q) => `**${q}**\n\n${d.answers[q]}`) : []),
    d.kind === 'decision' && d.decisionTitle ? `**${d.decisionTitle}**` : '',
    d.body,
    d.kind === 'decision' && d.decisionWhy ? `**Why:** ${d.decisionWhy}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');

  return (
    <section className="card composer" aria-labelledby={`${id}-title`}>
      <div className="composer-head">
        <h2 id={`${id}-title`}>Write to the log</h2>
        <DraftState status={draft.status} savedAt={draft.savedAt} />
      </div>
      <form onSubmit={submit} noValidate>
        <div className="segmented" role="radiogroup" aria-label="Kind of entry">
          {KINDS.map((k) => (
            <label key={k.id} className={`segment${d.kind === k.id ? ' selected' : ''}`}>
              <input type="radio" name={`${id}-kind`} value={k.id} checked={d.kind === k.id} onChange={() => set({ kind: k.id })} />
              {k.label}
            </label>
          ))}
        </div>

        {preview ? (
          <div className="composer-preview" aria-label="Preview">
            {previewText.trim() ? <Markdown text={previewText} context={context} /> : <p className="muted">Nothing to preview yet.</p>}
          </div>
        ) : (
          <>
            {d.kind === 'decision' && (
              <div className="field-row">
                <div className="field">
                  <label htmlFor={`${id}-dtitle`}>Title</label>
                  <input
                    id={`${id}-dtitle`}
                    type="text"
                    value={d.decisionTitle}
                    maxLength={200}
                    placeholder="We will…"
                    onChange={(e) => set({ decisionTitle: e.target.value })}
                  />
                </div>
                <div className="field field-narrow">
                  <label htmlFor={`${id}-dstatus`}>Status</label>
                  <select id={`${id}-dstatus`} value={d.decisionStatus} onChange={(e) => set({ decisionStatus: e.target.value as DecisionStatus })}>
                    {DECISION_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {s[0].toUpperCase() + s.slice(1)}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
            )}
            {d.kind === 'update' &&
              questions.map((question, i) => (
                <div className="field" key={question}>
                  <label htmlFor={`${id}-q${i}`}>{question}</label>
                  <MentionTextarea
                    id={`${id}-q${i}`}
                    rows={1}
                    value={d.answers[question] ?? ''}
                    members={teammates}
                    pages={pages}
                    onValueChange={(answer) => draft.setValue((prev) => ({ ...prev, answers: { ...prev.answers, [question]: answer } }))}
                  />
                </div>
              ))}
            <div className="field">
              <label htmlFor={`${id}-body`}>{kind.bodyLabel}</label>
              <MentionTextarea
                id={`${id}-body`}
                rows={d.kind === 'update' ? 1 : 3}
                value={d.body}
                members={teammates}
                pages={pages}
                aria-describedby={`${id}-hint`}
                onValueChange={(body) => set({ body })}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                    event.preventDefault();
                    event.currentTarget.form?.requestSubmit();
                  }
                }}
              />
              <p className="field-hint" id={`${id}-hint`}>
                Markdown: **bold**, *italic*, `code`, lists. @name mentions, [[Page]] links a page, #tag tags. Ctrl+Enter posts.
              </p>
            </div>
            {d.kind === 'decision' && (
              <div className="field-row">
                <div className="field">
                  <label htmlFor={`${id}-dwhy`}>Why</label>
                  <MentionTextarea
                    id={`${id}-dwhy`}
                    rows={2}
                    value={d.decisionWhy}
                    members={teammates}
                    pages={pages}
                    onValueChange={(decisionWhy) => set({ decisionWhy })}
                  />
                </div>
                <div className="field field-narrow">
                  <label htmlFor={`${id}-drecord`}>Decision record</label>
                  <select id={`${id}-drecord`} value={d.recordPageId} onChange={(e) => set({ recordPageId: e.target.value })}>
                    <option value="">No page</option>
                    {pages.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.title}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
            )}
            {d.kind === 'blocker' && teammates.length > 0 && (
              <fieldset className="field">
                <legend>Who can unblock you</legend>
                <div className="chip-row">
                  {teammates.map((m) => (
                    <label key={m.id} className="chip-check">
                      <input type="checkbox" checked={d.canUnblock.includes(m.id)} onChange={() => set({ canUnblock: toggle(d.canUnblock, m.id) })} />
                      {m.name}
                    </label>
                  ))}
                </div>
              </fieldset>
            )}
          </>
        )}

        <div className="composer-options">
          {teammates.length > 0 && (
            <fieldset className="field">
              <legend>Addressed to</legend>
              <div className="chip-row">
                {teammates.map((m) => (
                  <label key={m.id} className="chip-check">
                    <input type="checkbox" checked={d.recipients.includes(m.id)} onChange={() => set({ recipients: toggle(d.recipients, m.id) })} />
                    {m.name}
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          <div className="field field-narrow">
            <label htmlFor={`${id}-urgency`}>Urgency</label>
            <select id={`${id}-urgency`} value={d.urgency} onChange={(e) => set({ urgency: e.target.value })}>
              <option value="">None</option>
              {levels.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.label} (reply within {responseTimeLabel(l.responseWorkingMinutes)})
                </option>
              ))}
            </select>
          </div>
          {goals.length > 0 && (
            <div className="field field-narrow">
              <label htmlFor={`${id}-goal`}>Goal</label>
              <select id={`${id}-goal`} value={d.goalId} onChange={(e) => set({ goalId: e.target.value })}>
                <option value="">No goal</option>
                {goals
                  .filter((g) => g.goal.status !== 'done' || g.goal.id === d.goalId)
                  .map((g) => (
                    <option key={g.goal.id} value={g.goal.id}>
                      {g.goal.title}
                    </option>
                  ))}
              </select>
            </div>
          )}
        </div>
        {expectations && (
          <p className="field-hint expectation-preview">
            Expected reply:{' '}
            {expectations.replies
              .map((r) => {
                const name = firstName(members.find((m) => m.id === r.memberId)?.name ?? 'They');
                return r.dueAt === null ? `${name} (no working hours set)` : `${name} by ${dayTime(r.dueAt, r.timeZone, now)} (${zoneCity(r.timeZone)})`;
              })
              .join(' · ')}
          </p>
        )}

        <div className="form-actions">
          <button type="submit" className="button primary" disabled={posting}>
            {kind.post}
          </button>
          <button type="button" className="button" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>
            {preview ? 'Edit' : 'Preview'}
          </button>
          {!isEmptyDraft(d) && (
            <button
              type="button"
              className="button link"
              onClick={() => {
                draft.clear();
                void api.call('log.draft.delete', { key: COMPOSER_DRAFT_KEY }).catch(() => undefined);
                setMessage(null);
              }}
            >
              Discard draft
            </button>
          )}
          {message && (
            <p className={message.kind === 'ok' ? 'form-ok' : 'form-error'} role={message.kind === 'ok' ? 'status' : 'alert'}>
              {message.text}
            </p>
          )}
        </div>
      </form>
    </section>
  );
}

function DraftState({ status, savedAt }: { status: string; savedAt: number | null }) {
  const zone = useAppStore((s) => s.profile?.member.timeZone ?? 'UTC');
  const now = useNow();
  let text = '';
  if (status === 'saving') text = 'Saving draft…';
  else if (status === 'saved' && savedAt) text = `Draft saved ${dayTime(savedAt, zone, now)}`;
  else if (status === 'error') text = 'Draft not saved';
  return (
    <span className={`draft-state${status === 'error' ? ' error' : ''}`} role="status" aria-label="Draft">
      {text}
    </span>
  );
}
