import { useAppStore } from '../store';

/** Shown while the web shell's link is down; Electron IPC never drops, so it never shows there. */
export function ConnectionBanner() {
  const status = useAppStore((s) => s.connection);
  if (status !== 'reconnecting' && status !== 'closed') return null;
  return (
    <div className="connection-banner" role="alert">
      {status === 'reconnecting' ? 'Disconnected from Baton — reconnecting…' : 'Disconnected from Baton.'}
    </div>
  );
}
