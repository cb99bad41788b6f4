import { useEffect, useId, useRef, useState } from 'react';
import type { HandoffEntry } from '../../../../shared/model/log-types';
import { ConnectionBanner } from '../../components/ConnectionBanner';
import { Toasts } from '../../components/Toasts';
import { connection } from '../../platform';
import { useAppStore } from '../../store';
import { HandoffComposer } from './HandoffComposer';
import { namesList } from './time-format';
import { useTeamDirectory } from '../team/use-members';
import './handoff.css';

/**
 * The renderer in the desktop app's small handoff window (`#/handoff`, opened from the tray or
 * a handoff reminder): only the composer, then a confirmation. Closing is closing the window.
 */
export function HandoffWindowApp() {
  const status = useAppStore((s) => s.sessionStatus);
  const sessionError = useAppStore((s) => s.sessionError);
  const loadProfile = useAppStore((s) => s.loadProfile);
  const setConnection = useAppStore((s) => s.setConnection);
  const [sent, setSent] = useState<HandoffEntry | null>(null);
  const titleId = useId();

  useEffect(() => connection.subscribe(setConnection), [setConnection]);
  useEffect(() => {
    document.title = 'Write handoff — Baton';
    void loadProfile();
  }, [loadProfile]);

  return (
    <div className="app">
      <ConnectionBanner />
      <main className="handoff-window" aria-labelledby={titleId}>
        {status === 'loading' && (
          <p className="muted" role="status" id={titleId}>
            Loading Baton…
          </p>
        )}
        {status === 'error' && (
          <p className="inline-error" role="alert" id={titleId}>
            Baton could not start: {sessionError}
          </p>
        )}
        {status === 'onboarding' && (
          <p id={titleId}>Set up Baton in its main window first; then you can write handoffs from here.</p>
        )}
        {status === 'ready' &&
          (sent ? (
            <Sent entry={sent} titleId={titleId} onAnother={() => setSent(null)} />
          ) : (
            <HandoffComposer titleId={titleId} heading="h1" autoFocus onDone={(entry) => (entry ? setSent(entry) : window.close())} />
          ))}
      </main>
      <Toasts />
    </div>
  );
}

function Sent({ entry, titleId, onAnother }: { entry: HandoffEntry; titleId: string; onAnother(): void }) {
  const team = useTeamDirectory();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const names = namesList(entry.recipients.map(team.nameOf));
  return (
    <section className="handoff-done-card">
      <h1 id={titleId} tabIndex={-1} ref={heading}>
        Handoff sent
      </h1>
      <p>
        {names} will find it when their day starts. It is saved on this device and syncs whenever you are online. Have a good
        evening.
      </p>
      <div className="form-actions">
        <button type="button" className="button primary" onClick={() => window.close()}>
          Close
        </button>
        <button type="button" className="button" onClick={onAnother}>
          Write another
        </button>
      </div>
    </section>
  );
}
