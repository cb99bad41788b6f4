/**
 * Updates: the team's log. Tabs: the feed (with the composer), "Catch up" (what is new since I
 * last looked), the weekly summary and shared goals. Data comes from the Core's log API and is
 * asked for again on every `log.changed`.
 */
import { useId, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import type { UpdatesTab } from '../../store';
import { ViewHeader } from '../ViewHeader';
import { CatchUpView } from './CatchUpView';
import { FeedView } from './FeedView';
import { GoalsView } from './GoalsView';
import { WeeklySummaryView } from './WeeklySummaryView';
import { useLogQuery, useLogSettings, useMembers } from './use-log';
import './updates.css';

const TABS: { id: UpdatesTab; label: string }[] = [
  { id: 'feed', label: 'Log' },
  { id: 'catch-up', label: 'Catch up' },
  { id: 'summary', label: 'Weekly summary' },
  { id: 'goals', label: 'Goals' },
];

export function UpdatesView() {
  const id = useId();
  const tab = useAppStore((s) => s.updatesTab);
  const setTab = useAppStore((s) => s.setUpdatesTab);
  const unread = useAppStore((s) => s.logUnread?.total ?? 0);
  const members = useMembers();
  const settings = useLogSettings();
  const goals = useLogQuery(() => api.call('goals.list'), []);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? TABS.length - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const target = (next + TABS.length) % TABS.length;
    setTab(TABS[target].id);
    tabRefs.current[target]?.focus();
  };

  return (
    <>
      <ViewHeader title="Updates" description="Daily updates, decisions, blockers and handoffs — each shown in your time and theirs." />
      <div className="tabs" role="tablist" aria-label="Updates">
        {TABS.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`${id}-panel`}
            tabIndex={tab === t.id ? 0 : -1}
            className={`tab${tab === t.id ? ' selected' : ''}`}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => onKeyDown(e, i)}
          >
            {t.label}
            {t.id === 'catch-up' && unread > 0 && <span className="tab-count">{unread}</span>}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${tab}`} className="tab-panel">
        {tab === 'feed' && <FeedView members={members} goals={goals.data ?? []} />}
        {tab === 'catch-up' && <CatchUpView members={members} goals={goals.data ?? []} />}
        {tab === 'summary' && <WeeklySummaryView members={members} />}
        {tab === 'goals' && <GoalsView goals={goals.data ?? []} members={members} teamZone={settings?.teamZone ?? 'UTC'} />}
      </div>
    </>
  );
}
