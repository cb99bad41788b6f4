/**
 * The weekly summary for any ISO week in the team's zone (computed by the Core with
 * `computeWeeklySummary`): activity chart, decisions, open blockers, goals with their latest
 * linked updates, people and stale pages. "Export Markdown" saves the Markdown; "Post to the
 * log" posts it as a summary entry.
 */
import { useId, useState } from 'react';
import type { GoalWithUpdates, LogWeeklySummary } from '../../../../shared/api/log-api';
import type { Member } from '../../../../shared/model/types';
import type { ActivityCounts } from '../../../../shared/model/weekly-summary';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { useReportError } from '../../use-report-error';
import { useNow } from '../use-now';
import { ActivityChart } from './ActivityChart';
import { PageLink } from './Markdown';
import { GOAL_STATUS_LABELS, dayTime, headline, nameOf } from './log-format';
import { useLogQuery } from './use-log';

const WEEK_MS = 7 * 86_400_000;

/** Saves text as a file: a Blob and an <a download> (Chromium and Electron both honour it). */
export function downloadText(fileName: string, text: string, type = 'text/markdown'): void {
  const canBlob = typeof URL.createObjectURL === 'function';
  const href = canBlob ? URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` })) : `data:${type};charset=utf-8,${encodeURIComponent(text)}`;
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  if (canBlob) setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

const GLANCE: { key: keyof ActivityCounts; label: string }[] = [
  { key: 'updates', label: 'Updates' },
  { key: 'decisions', label: 'Decisions' },
  { key: 'blockersOpened', label: 'Blockers opened' },
  { key: 'blockersResolved', label: 'Blockers resolved' },
  { key: 'handoffsSent', label: 'Handoffs' },
  { key: 'pagesEdited', label: 'Pages edited' },
];

export function WeeklySummaryView({ members }: { members: readonly Member[] }) {
  const id = useId();
  const now = useNow();
  const zone = useAppStore((s) => s.profile?.member.timeZone ?? 'UTC');
  const reportError = useReportError();
  const [weekOf, setWeekOf] = useState<number | null>(null);
  const [posting, setPosting] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const query = useLogQuery<LogWeeklySummary>(() => api.call('log.weeklySummary', weekOf === null ? {} : { weekOf }), [weekOf], ['pages.changed', 'team.changed']);
  const data = query.data;
  const week = data?.summary.week;
  const isoWeek = week ? Number(week.isoWeek.split('-W')[1]) : null;
  const thisWeek = weekOf === null || (week !== undefined && now >= week.startMs && now < week.endMs);
  const futureWeek = week !== undefined && week.startMs > now;

  const move = (weeks: number) => {
    const base = weekOf ?? now;
    setWeekOf(base + weeks * WEEK_MS);
    setMessage(null);
  };

  const post = async () => {
    if (!week) return;
    setPosting(true);
    try {
      await api.call('log.postSummary', { weekOf: week.startMs });
      setMessage('Posted to the log.');
    } catch (error) {
      reportError(error, 'Could not post the summary');
    } finally {
      setPosting(false);
    }
  };

  return (
    <div className="weekly">
      <div className="weekly-head">
        <div>
          <h2 id={`${id}-title`}>{week ? `Week ${isoWeek}, ${week.isoWeek.slice(0, 4)}` : 'Weekly summary'}</h2>
          {week && (
            <p className="muted">
              {week.days[0].label} – {week.days[6].label} · team time ({week.zone})
            </p>
          )}
        </div>
        <div className="weekly-nav" role="group" aria-label="Choose the week">
          <button type="button" className="button small" onClick={() => move(-1)}>
            ← Previous week
          </button>
          <button type="button" className="button small" disabled={thisWeek} onClick={() => setWeekOf(null)}>
            This week
          </button>
          <button type="button" className="button small" disabled={thisWeek || futureWeek} onClick={() => move(1)}>
            Next week →
          </button>
        </div>
      </div>
      {query.error && (
        <p className="inline-error" role="alert">
          Could not compute the summary: {query.error}
        </p>
      )}
      {query.loading && <p className="muted" role="status">Computing the summary…</p>}
      {data && week && (
        <>
          <div className="form-actions weekly-actions">
            <button type="button" className="button" onClick={() => downloadText(`weekly-summary-${week.isoWeek}.md`, data.markdown)}>
              Export Markdown
            </button>
            <button type="button" className="button primary" disabled={posting} onClick={() => void post()}>
              Post to the log
            </button>
            {data.posted.length > 0 && (
              <span className="muted">
                Posted {data.posted.length === 1 ? 'once' : `${data.posted.length} times`} already, last by {nameOf(members, data.posted[0].authorId)}{' '}
                {dayTime(data.posted[0].createdAt, zone, now)}
              </span>
            )}
            {message && (
              <p className="form-ok" role="status">
                {message}
              </p>
            )}
          </div>

          <section className="card weekly-card" aria-label="At a glance">
            <dl className="glance">
              {GLANCE.map((g) => (
                <div key={g.key}>
                  <dt>{g.label}</dt>
                  <dd>{data.summary.team.totals[g.key]}</dd>
                </div>
              ))}
              <div>
                <dt>Open blockers</dt>
                <dd>{data.summary.team.openBlockers.length}</dd>
              </div>
            </dl>
            <ActivityChart days={data.summary.days} />
          </section>

          <div className="weekly-grid">
            <section className="card weekly-card" aria-labelledby={`${id}-goals`}>
              <h3 id={`${id}-goals`}>Goals</h3>
              {data.goals.length === 0 ? <p className="empty-note">No goals yet.</p> : <GoalList goals={data.goals} members={members} zone={zone} now={now} />}
            </section>
            <section className="card weekly-card" aria-labelledby={`${id}-decisions`}>
              <h3 id={`${id}-decisions`}>Decisions</h3>
              {data.summary.team.decisions.length === 0 ? (
                <p className="empty-note">No decisions this week.</p>
              ) : (
                <ul className="plain-list">
                  {data.summary.team.decisions.map((d) => (
                    <li key={d.entryId}>
                      <strong>{d.title}</strong> <span className={`pill pill-${d.status}`}>{d.status}</span>
                      <span className="muted">
                        {' '}
                        {nameOf(members, d.authorId)}, {d.dayLabel}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="card weekly-card" aria-labelledby={`${id}-blockers`}>
              <h3 id={`${id}-blockers`}>Open blockers at week’s end</h3>
              {data.summary.team.openBlockers.length === 0 ? (
                <p className="empty-note">None.</p>
              ) : (
                <ul className="plain-list">
                  {data.summary.team.openBlockers.map((b) => (
                    <li key={b.entryId}>
                      {b.headline || '(no text)'}
                      <span className="muted">
                        {' '}
                        — {nameOf(members, b.authorId)}, open {b.daysOpen} {b.daysOpen === 1 ? 'day' : 'days'}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="card weekly-card" aria-labelledby={`${id}-stale`}>
              <h3 id={`${id}-stale`}>Pages due for review</h3>
              {data.summary.team.stalePages.length === 0 ? (
                <p className="empty-note">None.</p>
              ) : (
                <ul className="plain-list">
                  {data.summary.team.stalePages.map((p) => (
                    <li key={p.pageId}>
                      <PageLink pageId={p.pageId}>{p.title}</PageLink>
                      <span className="muted">
                        {' '}
                        — {nameOf(members, p.ownerId)}, due {p.reviewDueLabel}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>

          <section className="card weekly-card" aria-labelledby={`${id}-people`}>
            <h3 id={`${id}-people`}>People</h3>
            <div className="md-table-wrap">
              <table className="md-table people-table">
                <thead>
                  <tr>
                    <th scope="col">Person</th>
                    <th scope="col">Updates</th>
                    <th scope="col">Decisions</th>
                    <th scope="col">Blockers opened</th>
                    <th scope="col">Resolved</th>
                    <th scope="col">Handoffs</th>
                    <th scope="col">Pages edited</th>
                  </tr>
                </thead>
                <tbody>
                  {data.summary.people.map((p) => (
                    <tr key={p.memberId}>
                      <th scope="row">{p.name}</th>
                      <td>{p.updates}</td>
                      <td>{p.decisions}</td>
                      <td>{p.blockersOpened}</td>
                      <td>{p.blockersResolved}</td>
                      <td>{p.handoffsSent}</td>
                      <td>{p.pagesEdited}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </div>
  );
}

/** Goals with status, owner, deadline and their latest linked updates (Today and the summary). */
export function GoalList({ goals, members, zone, now }: { goals: readonly GoalWithUpdates[]; members: readonly Member[]; zone: string; now: number }) {
  const openEntry = useAppStore((s) => s.openEntry);
  return (
    <ul className="goal-list">
      {goals.map(({ goal, latest }) => (
        <li key={goal.id} className={`goal status-${goal.status}`}>
          <div className="goal-line">
            <span className={`pill goal-${goal.status}`}>{GOAL_STATUS_LABELS[goal.status]}</span>
            <strong>{goal.title}</strong>
            <span className="muted">
              {' '}
              · {nameOf(members, goal.ownerId)}
              {goal.deadline ? ` · due ${goal.deadline}` : ''}
            </span>
          </div>
          {latest.length > 0 ? (
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
          ) : (
            <p className="muted goal-none">No linked updates yet.</p>
          )}
        </li>
      ))}
    </ul>
  );
}
