/**
 * Shared goals: owner, deadline (a date in the team's zone), status and definition of done.
 * Updates and decisions link to a goal from the composer; each goal shows its latest linked
 * entries. Anyone on the team may change a goal.
 */
import { useId, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { GoalWithUpdates } from '../../../../shared/api/log-api';
import type { GoalStatus } from '../../../../shared/model/goals';
import { GOAL_STATUSES } from '../../../../shared/model/goals';
import type { Member } from '../../../../shared/model/types';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { describeError } from '../../errors';
import { useReportError } from '../../use-report-error';
import { useNow } from '../use-now';
import { Markdown } from './Markdown';
import { GOAL_STATUS_LABELS, dayTime, headline, nameOf } from './log-format';

interface GoalForm {
  title: string;
  ownerId: string;
  deadline: string;
  definitionOfDone: string;
}

export function GoalsView({ goals, members, teamZone }: { goals: readonly GoalWithUpdates[]; members: readonly Member[]; teamZone: string }) {
  const id = useId();
  const me = useAppStore((s) => s.profile?.memberId ?? '');
  const [adding, setAdding] = useState(false);
  return (
    <div className="goals-view">
      <div className="catch-up-head">
        <p className="muted">Deadlines are dates in the team’s time zone ({teamZone}).</p>
        {!adding && (
          <button type="button" className="button primary" onClick={() => setAdding(true)}>
            New goal
          </button>
        )}
      </div>
      {adding && (
        <section className="card" aria-labelledby={`${id}-new`}>
          <h2 id={`${id}-new`}>New goal</h2>
          <GoalEditor members={members} initial={{ title: '', ownerId: me, deadline: '', definitionOfDone: '' }} onDone={() => setAdding(false)} />
        </section>
      )}
      {goals.length === 0 && !adding && <p className="empty-note">No goals yet. A goal gives updates and decisions something to point at.</p>}
      <ul className="goal-cards" aria-label="Goals">
        {goals.map((g) => (
          <li key={g.goal.id}>
            <GoalCard item={g} members={members} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function GoalCard({ item, members }: { item: GoalWithUpdates; members: readonly Member[] }) {
  const { goal, latest } = item;
  const id = useId();
  const zone = useAppStore((s) => s.profile?.member.timeZone ?? 'UTC');
  const pages = useAppStore((s) => s.pages);
  const openEntry = useAppStore((s) => s.openEntry);
  const reportError = useReportError();
  const now = useNow();
  const [editing, setEditing] = useState(false);
  const context = useMemo(() => ({ members, pages }), [members, pages]);
  return (
    <article className={`card goal-card status-${goal.status}`} aria-labelledby={`${id}-title`}>
      <div className="goal-card-head">
        <h3 id={`${id}-title`}>{goal.title}</h3>
        <label className="inline-select">
          <span className="visually-hidden">Status of {goal.title}</span>
          <select
            value={goal.status}
            className={`goal-status goal-${goal.status}`}
            onChange={(e) => void api.call('goals.setStatus', { id: goal.id, status: e.target.value as GoalStatus }).catch((error) => reportError(error, 'Could not change the goal'))}
          >
            {GOAL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {GOAL_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted">
        Owner {nameOf(members, goal.ownerId)}
        {goal.deadline ? ` · due ${goal.deadline}` : ' · no deadline'} · updated {dayTime(goal.updatedAt, zone, now)} by {nameOf(members, goal.updatedBy)}
      </p>
      {editing ? (
        <GoalEditor
          members={members}
          goalId={goal.id}
          initial={{ title: goal.title, ownerId: goal.ownerId, deadline: goal.deadline ?? '', definitionOfDone: goal.definitionOfDone }}
          onDone={() => setEditing(false)}
        />
      ) : (
        <>
          {goal.definitionOfDone.trim() && (
            <div className="check-in">
              <p className="check-in-q">Definition of done</p>
              <Markdown text={goal.definitionOfDone} context={context} />
            </div>
          )}
          <div className="check-in">
            <p className="check-in-q">Latest updates</p>
            {latest.length === 0 ? (
              <p className="muted">None linked yet. Pick this goal in the composer.</p>
            ) : (
              <ul className="goal-updates">
                {latest.map((e) => (
                  <li key={e.id}>
                    <button type="button" className="button link" onClick={() => openEntry(e.id)}>
                      {headline(e, 90)}
                    </button>
                    <span className="muted">
                      {' '}
                      — {nameOf(members, e.authorId)}, {dayTime(e.createdAt, zone, now)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <button type="button" className="button small" onClick={() => setEditing(true)}>
            Edit goal
          </button>
        </>
      )}
    </article>
  );
}

function GoalEditor({ members, initial, goalId, onDone }: { members: readonly Member[]; initial: GoalForm; goalId?: string; onDone(): void }) {
  const id = useId();
  const [form, setForm] = useState<GoalForm>(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<GoalForm>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const fields = { title: form.title, ownerId: form.ownerId, deadline: form.deadline || null, definitionOfDone: form.definitionOfDone };
      if (goalId) await api.call('goals.update', { id: goalId, ...fields });
      else await api.call('goals.create', fields);
      onDone();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="goal-editor">
      <div className="field">
        <label htmlFor={`${id}-title`}>Goal</label>
        <input id={`${id}-title`} type="text" value={form.title} maxLength={200} onChange={(e) => set({ title: e.target.value })} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-owner`}>Owner</label>
          <select id={`${id}-owner`} value={form.ownerId} onChange={(e) => set({ ownerId: e.target.value })}>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-deadline`}>Deadline</label>
          <input id={`${id}-deadline`} type="date" value={form.deadline} onChange={(e) => set({ deadline: e.target.value })} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-dod`}>Definition of done</label>
        <textarea id={`${id}-dod`} rows={3} value={form.definitionOfDone} onChange={(e) => set({ definitionOfDone: e.target.value })} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={saving}>
          {goalId ? 'Save goal' : 'Create goal'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </form>
  );
}

