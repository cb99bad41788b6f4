import { useEffect, useRef } from 'react';
import { api } from '../platform';
import { useAppStore, VIEWS } from '../store';
import type { ViewId } from '../store';
import { useReportError } from '../use-report-error';
import { Sidebar } from './Sidebar';
import { CommandPalette } from './palette/CommandPalette';
import { TodayView } from '../views/TodayView';
import { UpdatesView } from '../views/UpdatesView';
import { KnowledgeBaseView } from '../views/knowledge/KnowledgeBaseView';
import { TeamView } from '../views/team/TeamView';
import { ReminderBanner } from '../views/handoff/ReminderBanner';
import { SettingsView } from '../views/SettingsView';

const VIEW_COMPONENTS: Record<ViewId, () => React.JSX.Element> = {
  today: TodayView,
  updates: UpdatesView,
  knowledge: KnowledgeBaseView,
  team: TeamView,
  settings: SettingsView,
};

/** Sidebar left, the current view right. Ctrl/Cmd+1…5 switch views. */
export function Shell() {
  const view = useAppStore((s) => s.view);
  const navigate = useAppStore((s) => s.navigate);
  const refreshPages = useAppStore((s) => s.refreshPages);
  const connectionStatus = useAppStore((s) => s.connection);
  const section = useAppStore((s) => s.section);
  const clearSection = useAppStore((s) => s.clearSection);
  const setSyncStatus = useAppStore((s) => s.setSyncStatus);
  const loadSyncStatus = useAppStore((s) => s.loadSyncStatus);
  const reportError = useReportError();
  const mainRef = useRef<HTMLElement>(null);
  const lastView = useRef(view);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const index = Number(event.key) - 1;
      if (Number.isInteger(index) && index >= 0 && index < VIEWS.length) {
        event.preventDefault();
        navigate(VIEWS[index].id);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [navigate]);

  // The page list is shared by views; keep it fresh whoever changed it (this window, another
  // window, a teammate through sync) and after the link comes back.
  useEffect(() => {
    const refresh = () => refreshPages().catch((error) => reportError(error, 'Could not load the pages'));
    const off = api.on('pages.changed', refresh);
    return off;
  }, [refreshPages, reportError]);
  useEffect(() => {
    if (connectionStatus === 'open') refreshPages().catch((error) => reportError(error, 'Could not load the pages'));
  }, [connectionStatus, refreshPages, reportError]);

  // Sync status: the Core pushes every change; ask once at start and after the link comes back
  // (events sent while it was down are lost).
  useEffect(() => api.on('sync.status', setSyncStatus), [setSyncStatus]);
  useEffect(() => {
    if (connectionStatus === 'open') void loadSyncStatus();
  }, [connectionStatus, loadSyncStatus]);

  // Move focus to the new view's heading so keyboard and screen-reader users land in it, or to
  // the section navigation asked for (the sidebar's sync status opens Settings at Team sync).
  useEffect(() => {
    const changedView = lastView.current !== view;
    lastView.current = view;
    if (section) {
      const target = mainRef.current?.querySelector<HTMLElement>(`[data-section="${section}"]`);
      clearSection();
      if (target) {
        target.scrollIntoView?.({ block: 'start' });
        (target.querySelector<HTMLElement>('h2') ?? target).focus({ preventScroll: true });
        return;
      }
    }
    if (changedView) mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [view, section, clearSection]);

  const View = VIEW_COMPONENTS[view];
  return (
    <div className="shell">
      <Sidebar />
      <CommandPalette />
      <main ref={mainRef} className="content" id="main">
        <ReminderBanner />
        <View />
      </main>
    </div>
  );
}
