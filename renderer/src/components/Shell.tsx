import { useEffect, useRef } from 'react';
import { api } from '../platform';
import { useAppStore, VIEWS } from '../store';
import type { ViewId } from '../store';
import { useReportError } from '../use-report-error';
import { Sidebar } from './Sidebar';
import { TodayView } from '../views/TodayView';
import { UpdatesView } from '../views/UpdatesView';
import { KnowledgeBaseView } from '../views/knowledge/KnowledgeBaseView';
import { TeamView } from '../views/TeamView';
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
  const reportError = useReportError();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

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

  // Move focus to the new view's heading so keyboard and screen-reader users land in it.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [view]);

  const View = VIEW_COMPONENTS[view];
  return (
    <div className="shell">
      <Sidebar />
      <main ref={mainRef} className="content" id="main">
        <View />
      </main>
    </div>
  );
}
