import { useEffect } from 'react';
import { api, connection } from '../platform';
import { useAppStore } from '../store';
import { ConnectionBanner } from './ConnectionBanner';
import { Onboarding } from './Onboarding';
import { Shell } from './Shell';
import { Toasts } from './Toasts';

/** Root: connection state, profile loading, then onboarding or the app shell. */
export function App() {
  const status = useAppStore((s) => s.sessionStatus);
  const sessionError = useAppStore((s) => s.sessionError);
  const loadProfile = useAppStore((s) => s.loadProfile);
  const setConnection = useAppStore((s) => s.setConnection);
  const setProfile = useAppStore((s) => s.setProfile);

  useEffect(() => connection.subscribe(setConnection), [setConnection]);
  useEffect(() => api.on('profile.changed', setProfile), [setProfile]);
  useEffect(() => {
    void loadProfile();
  }, [loadProfile]);

  // A profile load that failed because the link was down is retried once it is back.
  const linkStatus = useAppStore((s) => s.connection);
  useEffect(() => {
    if (linkStatus === 'open' && status === 'error') void loadProfile();
  }, [linkStatus]); // only on a change of the link, not of the status

  return (
    <div className="app">
      <ConnectionBanner />
      {status === 'loading' && (
        <div className="splash" role="status">
          Loading Baton…
        </div>
      )}
      {status === 'error' && (
        <main className="splash">
          <div className="card">
            <h1>Baton could not start</h1>
            <p role="alert">{sessionError}</p>
            <button type="button" className="button primary" onClick={() => void loadProfile()}>
              Try again
            </button>
          </div>
        </main>
      )}
      {status === 'onboarding' && <Onboarding />}
      {status === 'ready' && <Shell />}
      <Toasts />
    </div>
  );
}
