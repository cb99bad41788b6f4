/**
 * The feed: the composer, open blockers pinned on top, then entries grouped by day in my zone
 * (`groupByDay`), newest first, with filters by person, kind, tag, date range and a full-text
 * search (FTS5 in the Core). Older entries load a page at a time.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { FeedEntry, GoalWithUpdates, LogFeedPage, LogFeedQuery } from '../../../../shared/api/log-api';
import { LOG_ENTRY_KINDS } from '../../../../shared/model/log-types';
import type { LogEntryKind } from '../../../../shared/model/log-types';
import type { Member } from '../../../../shared/model/types';
import { groupByDay } from '../../../../shared/time/log-days';
import { addDays, startOfLocalDay } from '../../../../shared/time';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { useNow } from '../use-now';
import { Composer } from './Composer';
import { EntryCard } from './EntryCard';
import { KIND_LABELS } from './log-format';
import { useLogQuery, useLogSettings } from './use-log';

const PAGE_SIZE = 50;

interface Filters {
  text: string;
  author: string;
  kind: '' | LogEntryKind;
  tag: string;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { text: '', author: '', kind: '', tag: '', from: '', to: '' };

function toQuery(f: Filters, zone: string): LogFeedQuery {
  const q: LogFeedQuery = {};
  if (f.text.trim()) q.text = f.text.trim();
  if (f.author) q.authorIds = [f.author];
  if (f.kind) q.kinds = [f.kind];
  if (f.tag) q.tags = [f.tag];
  if (/^\d{4}-\d{2}-\d{2}$/.test(f.from)) q.fromMs = startOfLocalDay(zone, f.from);
  if (/^\d{4}-\d{2}-\d{2}$/.test(f.to)) q.toMs = startOfLocalDay(zone, addDays(f.to, 1));
  return q;
}

/** Loads `pages` pages of the feed, following cursors. */
async function loadFeed(query: LogFeedQuery, pages: number): Promise<LogFeedPage & { pagesLoaded: number }> {
  let result = await api.call('log.feed', { ...query, limit: PAGE_SIZE });
  let entries = result.entries;
  let loaded = 1;
  while (loaded < pages && result.nextCursor) {
    result = { ...(await api.call('log.feed', { ...query, limit: PAGE_SIZE, cursor: result.nextCursor })), pinned: result.pinned };
    entries = [...entries, ...result.entries];
    loaded++;
  }
  return { entries, pinned: result.pinned, nextCursor: result.nextCursor, pagesLoaded: loaded };
}

export function FeedView({ members, goals }: { members: readonly Member[]; goals: readonly GoalWithUpdates[] }) {
  const id = useId();
  const zone = useAppStore((s) => s.profile?.member.timeZone ?? 'UTC');
  const focusEntryId = useAppStore((s) => s.focusEntryId);
  const clearFocusEntry = useAppStore((s) => s.clearFocusEntry);
  const settings = useLogSettings();
  const now = useNow();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [text, setText] = useState('');
  const [pages, setPages] = useState(1);

  // Search as you type, once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setFilters((f) => (f.text === text ? f : { ...f, text })), 250);
    return () => clearTimeout(timer);
  }, [text]);

  const query = useMemo(() => toQuery(filters, zone), [filters, zone]);
  const queryKey = JSON.stringify(query);
  useEffect(() => setPages(1), [queryKey]);
  const feed = useLogQuery(() => loadFeed(query, pages), [queryKey, pages]);
  const tags = useLogQuery(() => api.call('log.tags'), []);

  const filtered = queryKey !== '{}';
  const groups = useMemo(() => groupByDay(feed.data?.entries ?? [], zone, now), [feed.data, zone, now]);
  const levels = settings?.urgencyLevels ?? [];

  // Bring an entry opened from Today or the catch-up list into view.
  useEffect(() => {
    if (!focusEntryId || !feed.data) return;
    const el = document.querySelector<HTMLElement>(`[data-entry-id="${CSS.escape(focusEntryId)}"]`);
    if (el) {
      el.scrollIntoView?.({ block: 'center' });
      el.querySelector<HTMLElement>('button')?.focus({ preventScroll: true });
    }
    const timer = setTimeout(clearFocusEntry, 2500);
    return () => clearTimeout(timer);
  }, [focusEntryId, feed.data, clearFocusEntry]);

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const card = (entry: FeedEntry) => (
    <EntryCard key={entry.id} entry={entry} members={members} levels={levels} goals={goals} now={now} highlight={entry.id === focusEntryId} />
  );

  return (
    <div className="feed-view">
      <Composer members={members as Member[]} goals={goals} />

      {feed.data && feed.data.pinned.length > 0 && (
        <section className="pinned" aria-labelledby={`${id}-pinned`}>
          <h2 id={`${id}-pinned`}>
            Open blockers <span className="count">{feed.data.pinned.length}</span>
          </h2>
          <div className="entry-list">{feed.data.pinned.map(card)}</div>
        </section>
      )}

      <section className="feed" aria-labelledby={`${id}-feed`}>
        <div className="feed-head">
          <h2 id={`${id}-feed`}>Log</h2>
          <form className="filters" role="search" aria-label="Filter the log" onSubmit={(e) => e.preventDefault()}>
            <label className="filter filter-search">
              <span className="visually-hidden">Search the log</span>
              <input type="search" placeholder="Search updates…" value={text} onChange={(e) => setText(e.target.value)} />
            </label>
            <label className="filter">
              <span className="visually-hidden">Person</span>
              <select value={filters.author} onChange={(e) => set({ author: e.target.value })} aria-label="Person">
                <option value="">Everyone</option>
                {members.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="filter">
              <span className="visually-hidden">Kind</span>
              <select value={filters.kind} onChange={(e) => set({ kind: e.target.value as Filters['kind'] })} aria-label="Kind">
                <option value="">All kinds</option>
                {LOG_ENTRY_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            </label>
            <label className="filter">
              <span className="visually-hidden">Tag</span>
              <select value={filters.tag} onChange={(e) => set({ tag: e.target.value })} aria-label="Tag">
                <option value="">All tags</option>
                {(tags.data ?? []).map((t) => (
                  <option key={t.tag} value={t.tag}>
                    #{t.tag} ({t.count})
                  </option>
                ))}
              </select>
            </label>
            <label className="filter filter-date">
              <span>From</span>
              <input type="date" value={filters.from} onChange={(e) => set({ from: e.target.value })} aria-label="From date" />
            </label>
            <label className="filter filter-date">
              <span>To</span>
              <input type="date" value={filters.to} onChange={(e) => set({ to: e.target.value })} aria-label="To date" />
            </label>
            {(filtered || text) && (
              <button
                type="button"
                className="button link"
                onClick={() => {
                  setText('');
                  setFilters(NO_FILTERS);
                }}
              >
                Clear filters
              </button>
            )}
          </form>
        </div>

        {feed.error && (
          <p className="inline-error" role="alert">
            Could not load the log: {feed.error}{' '}
            <button type="button" className="button link" onClick={feed.reload}>
              Try again
            </button>
          </p>
        )}
        {feed.loading && <p className="muted" role="status">Loading the log…</p>}
        {feed.data && groups.length === 0 && (
          <p className="empty-note">{filtered ? 'Nothing matches these filters.' : 'No updates yet. Write the first one above.'}</p>
        )}
        {groups.map((group) => (
          <section key={group.localDate} className="day" aria-labelledby={`${id}-${group.localDate}`}>
            <h3 className="day-label" id={`${id}-${group.localDate}`}>
              {group.label}
            </h3>
            <div className="entry-list">{group.entries.map((item) => card(item.entry))}</div>
          </section>
        ))}
        {feed.data?.nextCursor && (
          <button type="button" className="button load-more" onClick={() => setPages((p) => p + 1)}>
            Show older entries
          </button>
        )}
      </section>
    </div>
  );
}
