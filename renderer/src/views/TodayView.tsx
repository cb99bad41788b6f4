/**
 * Today: where the day starts. Handoffs nobody picked up and my next reminder (both from the
 * handoffs work in ./today/), what is new for me since I last looked, open blockers (mine to
 * unblock first), each teammate's latest entry, and the team's goals.
 */
import { useId } from 'react';
import type { FeedEntry, LogToday } from '../../../shared/api/log-api';
import { formatInZone } from '../../../shared/time';
import { api } from '../platform';
import { useAppStore } from '../store';
import { useNow } from './use-now';
import { ViewHeader } from './ViewHeader';
import { EscalatedHandoffs } from './today/EscalatedHandoffs';
import { NextReminder } from './today/NextReminder';
import { GoalList } from './updates/WeeklySummaryView';
import { KIND_LABELS, dayTime, headline, nameOf, zoneCity } from './updates/log-format';
import { useLogQuery, useMembers } from './updates/use-log';
import './updates/updates.css';

export function TodayView() {
  const id = useId();
  const member = useAppStore((s) => s.profile?.member);
  const me = useAppStore((s) => s.profile?.memberId ?? '');
  const navigate = useAppStore((s) => s.navigate);
  const setUpdatesTab = useAppStore((s) => s.setUpdatesTab);
  const openEntry = useAppStore((s) => s.openEntry);
  const unread = useAppStore((s) => s.logUnread);
  const now = useNow();
  const members = useMembers();
  const today = useLogQuery<LogToday>(() => api.call('log.today'), [], ['pages.changed', 'team.changed']);
  const zone = member?.timeZone ?? 'UTC';
  const local = member ? formatInZone(now, member.timeZone, 'cccc, d LLLL · HH:mm') : undefined;
  const data = today.data;
  const count = unread ?? data?.count ?? null;
  const blockers = data ? [...data.openBlockers].sort((a, b) => Number(canUnblock(b, me)) - Number(canUnblock(a, me))) : [];

  const goUpdates = (tab: 'feed' | 'catch-up') => {
    setUpdatesTab(tab);
    navigate('updates');
  };

  return (
    <>
      <ViewHeader title="Today" description={local}>
        <button type="button" className="button primary" onClick={() => goUpdates('feed')}>
          Write an update
        </button>
      </ViewHeader>
      {today.error && (
        <p className="inline-error" role="alert">
          Could not load today: {today.error}
        </p>
      )}
      <div className="today-escalated">
        <EscalatedHandoffs />
      </div>
      <div className="today-grid">
        <NextReminder />

        <section className="card today-card" aria-labelledby={`${id}-new`}>
          <h2 id={`${id}-new`}>New for you</h2>
          {count === null ? (
            <p className="muted">Loading…</p>
          ) : count.total === 0 ? (
            <p className="muted">You are all caught up.</p>
          ) : (
            <>
              <p className="big-number" data-testid="today-unread">
                {count.total}
                <span className="big-number-label"> new since you last looked</span>
              </p>
              <p className="muted">
                {count.entries} {count.entries === 1 ? 'entry' : 'entries'} · {count.pages} {count.pages === 1 ? 'page' : 'pages'}
                {count.mentions > 0 ? ` · ${count.mentions} mention${count.mentions === 1 ? '' : 's'} of you` : ''}
                {count.forMe > 0 ? ` · ${count.forMe} addressed to you` : ''}
              </p>
              <button type="button" className="button" onClick={() => goUpdates('catch-up')}>
                Catch up
              </button>
            </>
          )}
        </section>

        <section className="card today-card" aria-labelledby={`${id}-blockers`}>
          <h2 id={`${id}-blockers`}>
            Open blockers {blockers.length > 0 && <span className="count">{blockers.length}</span>}
          </h2>
          {data && blockers.length === 0 && <p className="muted">Nothing is blocked.</p>}
          <ul className="today-list">
            {blockers.slice(0, 6).map((entry) => (
              <li key={entry.id} className={canUnblock(entry, me) ? 'for-me' : undefined}>
                <button type="button" className="button link" onClick={() => openEntry(entry.id)}>
                  {headline(entry, 80)}
                </button>
                <span className="muted">
                  {' '}
                  — {nameOf(members, entry.authorId)}, since {dayTime(entry.createdAt, zone, now)}
                  {canUnblock(entry, me) ? ' · you can unblock this' : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>

        <section className="card today-card today-wide" aria-labelledby={`${id}-team`}>
          <h2 id={`${id}-team`}>Teammates’ latest</h2>
          {data && data.teammates.length === 0 && <p className="muted">No updates from teammates yet.</p>}
          <ul className="today-list teammates">
            {data?.teammates.map((entry) => {
              const author = members.find((m) => m.id === entry.authorId);
              return (
                <li key={entry.id}>
                  <span className="entry-avatar" aria-hidden="true">
                    {nameOf(members, entry.authorId).slice(0, 1)}
                  </span>
                  <div>
                    <p className="teammate-line">
                      <strong>{nameOf(members, entry.authorId)}</strong>
                      <span className={`kind-badge kind-${entry.kind}`}>{KIND_LABELS[entry.kind]}</span>
                      <span className="muted">
                        {dayTime(entry.createdAt, zone, now)}
                        {author && author.timeZone !== zone ? ` · now ${formatInZone(now, author.timeZone, 'HH:mm')} in ${zoneCity(author.timeZone)}` : ''}
                      </span>
                    </p>
                    <button type="button" className="button link" onClick={() => openEntry(entry.id)}>
                      {headline(entry, 120)}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        </section>

        <section className="card today-card today-wide" aria-labelledby={`${id}-goals`}>
          <h2 id={`${id}-goals`}>Goals</h2>
          {data && data.goals.length === 0 && (
            <p className="muted">
              No goals yet.{' '}
              <button
                type="button"
                className="button link"
                onClick={() => {
                  setUpdatesTab('goals');
                  navigate('updates');
                }}
              >
                Set one
              </button>
            </p>
          )}
          {data && data.goals.length > 0 && <GoalList goals={data.goals} members={members} zone={zone} now={now} />}
        </section>
      </div>
    </>
  );
}

function canUnblock(entry: FeedEntry, me: string): boolean {
  return entry.kind === 'blocker' && entry.blocker.canUnblock.includes(me);
}
