/**
 * "Since you last looked": unread entries (new, edited, or with new replies — replies on my own
 * entries included) and knowledge-base pages changed by others since my last visit. Each can be
 * acknowledged ("Seen", which the author sees) or marked read; "Mark all read" clears the list.
 */
import { useId, useMemo } from 'react';
import type { GoalWithUpdates, LogCatchUp } from '../../../../shared/api/log-api';
import type { UnreadItem } from '../../../../shared/model/log-unread';
import type { Member } from '../../../../shared/model/types';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { useReportError } from '../../use-report-error';
import { useNow } from '../use-now';
import { EntryCard } from './EntryCard';
import { dayTime, nameOf } from './log-format';
import { useLogQuery, useLogSettings } from './use-log';

function reasonLabel(item: UnreadItem): string {
  const replies = item.newReplies > 0 ? `${item.newReplies} new ${item.newReplies === 1 ? 'reply' : 'replies'}` : '';
  if (item.reason === 'new') return item.mentionsMe ? 'Mentions you' : item.forMe ? 'For you' : 'New';
  if (item.reason === 'edited') return 'Edited';
  return replies;
}

export function CatchUpView({ members, goals }: { members: readonly Member[]; goals: readonly GoalWithUpdates[] }) {
  const id = useId();
  const zone = useAppStore((s) => s.profile?.member.timeZone ?? 'UTC');
  const setLogUnread = useAppStore((s) => s.setLogUnread);
  const selectPage = useAppStore((s) => s.selectPage);
  const navigate = useAppStore((s) => s.navigate);
  const reportError = useReportError();
  const settings = useLogSettings();
  const now = useNow();
  const query = useLogQuery<LogCatchUp>(() => api.call('log.catchUp'), [], ['pages.changed']);
  const allPages = useAppStore((s) => s.pages);
  const withOpenThreads = useMemo(() => allPages.filter((p) => p.openThreads > 0), [allPages]);
  const data = query.data;

  const markAll = async () => {
    try {
      setLogUnread(await api.call('log.markAllRead'));
      query.reload();
    } catch (error) {
      reportError(error, 'Could not mark everything read');
    }
  };
  const markSeen = async (input: { ids?: string[]; pageIds?: string[] }) => {
    try {
      setLogUnread(await api.call('log.markSeen', input));
      query.reload();
    } catch (error) {
      reportError(error, 'Could not mark it read');
    }
  };

  const total = data?.count.total ?? 0;
  return (
    <div className="catch-up">
      <div className="catch-up-head">
        <p className="muted">
          {data
            ? total === 0
              ? 'You are all caught up.'
              : `${total} new since ${dayTime(data.lastVisitAt, zone, now)}${data.count.mentions ? ` · ${data.count.mentions} mention${data.count.mentions === 1 ? '' : 's'} of you` : ''}${data.count.forMe ? ` · ${data.count.forMe} for you` : ''}`
            : ''}
        </p>
        {total > 0 && (
          <button type="button" className="button" onClick={() => void markAll()}>
            Mark all read
          </button>
        )}
      </div>
      {query.error && (
        <p className="inline-error" role="alert">
          Could not load what is new: {query.error}
        </p>
      )}
      {query.loading && <p className="muted" role="status">Loading…</p>}

      <section aria-labelledby={`${id}-entries`}>
        <h2 id={`${id}-entries`}>Since you last looked</h2>
        {data && data.entries.length === 0 && <p className="empty-note">No new entries.</p>}
        <ul className="catch-up-list" aria-label="Unread entries">
          {data?.entries.map((entry) => {
            const item = data.unread.items.find((x) => x.entryId === entry.id)!;
            return (
              <li key={entry.id}>
                <EntryCard
                  entry={entry}
                  members={members}
                  levels={settings?.urgencyLevels ?? []}
                  goals={goals}
                  now={now}
                  badge={reasonLabel(item)}
                  threadOpen={item.reason === 'replies'}
                  actions={
                    <button type="button" className="button small quiet" onClick={() => void markSeen({ ids: [entry.id] })}>
                      Mark read
                    </button>
                  }
                />
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby={`${id}-pages`}>
        <h2 id={`${id}-pages`}>Pages changed by others</h2>
        {data && data.pages.length === 0 && <p className="empty-note">No page changes.</p>}
        {data && data.pages.length > 0 && (
          <ul className="page-changes" aria-label="Changed pages">
            {data.pages.map((change) => (
              <li key={change.page.id}>
                <button
                  type="button"
                  className="button link"
                  onClick={() => {
                    void markSeen({ pageIds: [change.page.id] });
                    selectPage(change.page.id);
                    navigate('knowledge');
                  }}
                >
                  {change.page.icon ? `${change.page.icon} ` : ''}
                  {change.page.title}
                </button>
                <span className="muted">
                  {' '}
                  {change.page.createdAt === change.changedAt ? 'created' : 'edited'} by {nameOf(members, change.changedBy)}, {dayTime(change.changedAt, zone, now)}
                </span>
                <button type="button" className="button small" onClick={() => void markSeen({ pageIds: [change.page.id] })}>
                  Mark read
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby={`${id}-threads`}>
        <h2 id={`${id}-threads`}>Open comment threads</h2>
        {withOpenThreads.length === 0 ? (
          <p className="empty-note">No open comments on any page.</p>
        ) : (
          <ul className="page-changes" aria-label="Pages with open comments">
            {withOpenThreads.map((page) => (
              <li key={page.id}>
                <button
                  type="button"
                  className="button link"
                  onClick={() => {
                    selectPage(page.id);
                    navigate('knowledge');
                  }}
                >
                  {page.icon ? `${page.icon} ` : ''}
                  {page.title}
                </button>
                <span className="muted">
                  {' '}
                  {page.openThreads} open {page.openThreads === 1 ? 'thread' : 'threads'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
