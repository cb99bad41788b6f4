/**
 * The number on "Updates" in the sidebar: entries and pages new since I last looked. It keeps
 * the store's unread count fresh for every view (Today, the Catch up tab): asked for at start,
 * after every `log.changed` / `pages.changed`, and when the link to the Core comes back.
 */
import { useEffect } from 'react';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import './updates.css';

const DELAY_MS = 60;

export function UpdatesBadge() {
  const count = useAppStore((s) => s.logUnread?.total ?? 0);
  const mentions = useAppStore((s) => s.logUnread?.mentions ?? 0);
  const load = useAppStore((s) => s.loadLogUnread);
  const connection = useAppStore((s) => s.connection);
  const spaceId = useAppStore((s) => s.profile?.spaceId);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void load().catch(() => undefined);
      }, DELAY_MS);
    };
    const offs = [api.on('log.changed', refresh), api.on('pages.changed', refresh)];
    return () => {
      if (timer) clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [load]);

  useEffect(() => {
    if (connection === 'open' && spaceId) void load().catch(() => undefined);
  }, [connection, spaceId, load]);

  if (count === 0) return null;
  return (
    <span className={`nav-badge${mentions > 0 ? ' mention' : ''}`} data-testid="updates-unread" title={`${count} new since you last looked`}>
      {count > 99 ? '99+' : count}
      <span className="visually-hidden"> new</span>
    </span>
  );
}
