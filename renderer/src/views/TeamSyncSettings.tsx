import { Fragment, useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { SyncStatus } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/contract';
import { detectTimeZone, formatInZone } from '../../../shared/time';
import { useAppStore } from '../store';
import { describeError } from '../errors';
import { INVITE_PREFIX, capitalize, describeSync, formatSyncedAt } from '../components/sync/sync-text';
import { useNow } from './use-now';

type Message = { kind: 'ok' | 'error'; text: string } | null;

/** The Core's own words for a refused invite ("That invite code can't be used: …"), as is. */
function joinErrorText(error: unknown): string {
  return error instanceof ApiError ? error.message : describeError(error);
}

/**
 * Settings → Team sync: join a team with an invite code, or — once joined — see the relay,
 * your role and the sync state, work offline, and leave. The sidebar's sync status links here
 * (`data-section="sync"`).
 */
export function TeamSyncSettings() {
  const status = useAppStore((s) => s.sync);
  const loadError = useAppStore((s) => s.syncLoadError);
  const [notice, setNotice] = useState<Message>(null);
  const id = useId();
  const joined = !!status && status.state !== 'disabled';

  return (
    <section className="card settings-section team-sync" aria-labelledby={`${id}-sync`} data-section="sync">
      <h2 id={`${id}-sync`} tabIndex={-1}>
        Team sync
      </h2>
      {notice && (
        <p className={notice.kind === 'ok' ? 'form-ok notice' : 'inline-error notice'} role={notice.kind === 'ok' ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}
      {!status &&
        (loadError ? (
          <p className="inline-error" role="alert">
            Could not read the sync status: {loadError}
          </p>
        ) : (
          <p className="muted">Loading…</p>
        ))}
      {status && !joined && <JoinTeam onJoined={() => setNotice({ kind: 'ok', text: 'You joined the team. Baton is syncing with the relay.' })} />}
      {status && joined && (
        <JoinedTeam
          status={status}
          onLeft={() => setNotice({ kind: 'ok', text: 'You left the team. Your pages are still on this device.' })}
          onChange={() => setNotice(null)}
        />
      )}
      <InviteHint relayUrl={joined ? status.relayUrl : null} />
    </section>
  );
}

function JoinTeam({ onJoined }: { onJoined(): void }) {
  const joinTeam = useAppStore((s) => s.joinTeam);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [joining, setJoining] = useState(false);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  // A refused code: back to the field (once it is enabled again) to fix or replace it.
  useEffect(() => {
    if (error && !joining) inputRef.current?.focus();
  }, [error, joining]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!code.trim()) {
      setError(`Paste the invite code a teammate sent you (it starts with "${INVITE_PREFIX}").`);
      return;
    }
    setJoining(true);
    setError(null);
    try {
      await joinTeam(code);
      onJoined();
    } catch (err) {
      setError(joinErrorText(err));
    } finally {
      setJoining(false);
    }
  };

  return (
    <>
      <p className="sync-intro">
        Baton keeps everything on this device. To share pages and updates with your team, join your team’s relay with
        an invite code. Once joined, Baton syncs whenever you are online and keeps working when you are not.
      </p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-invite`}>Invite code</label>
          <textarea
            ref={inputRef}
            id={`${id}-invite`}
            className="invite-input"
            rows={3}
            spellCheck={false}
            autoComplete="off"
            placeholder={`${INVITE_PREFIX}…`}
            value={code}
            disabled={joining}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-invite-hint${error ? ` ${id}-invite-error` : ''}`}
            onChange={(event) => {
              setCode(event.target.value);
              setError(null);
            }}
          />
          <p id={`${id}-invite-hint`} className="field-hint">
            Paste the whole code you were sent, starting with <code>{INVITE_PREFIX}</code>
          </p>
          {error && (
            <p id={`${id}-invite-error`} className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={joining} aria-busy={joining || undefined}>
            {joining ? 'Joining…' : 'Join team'}
          </button>
        </div>
      </form>
    </>
  );
}

/** "Today, 14:32" or "3 Mar 2025, 14:32", in the user's zone. */
function lastSynced(syncedAt: number, now: number, zone: string): string {
  const time = formatSyncedAt(syncedAt, now, zone);
  return time.includes(' ') ? formatInZone(syncedAt, zone, 'd LLL yyyy, HH:mm') : `Today, ${time}`;
}

const ROLE_TEXT: Record<'writer' | 'reader', string> = {
  writer: 'Writer — can edit',
  reader: 'Reader — can read, not edit',
};

function JoinedTeam({ status, onLeft, onChange }: { status: SyncStatus; onLeft(): void; onChange(): void }) {
  const zone = useAppStore((s) => s.profile?.member.timeZone) ?? detectTimeZone();
  const setSyncOnline = useAppStore((s) => s.setSyncOnline);
  const leaveTeam = useAppStore((s) => s.leaveTeam);
  const now = useNow(status.state === 'error' && status.retryAt !== null ? 1000 : 60_000);
  const [switching, setSwitching] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const leaveRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  const id = useId();

  // Focus follows the confirm step: onto "Cancel" when it opens, back to "Leave team" when not.
  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
    else if (wasConfirming.current) leaveRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const text = describeSync(status, now, zone);

  const toggleOffline = async (offline: boolean) => {
    setSwitching(true);
    setError(null);
    onChange();
    try {
      await setSyncOnline(!offline);
    } catch (err) {
      setError(`Could not switch: ${describeError(err)}`);
    } finally {
      setSwitching(false);
    }
  };

  const leave = async () => {
    setLeaving(true);
    setError(null);
    try {
      await leaveTeam();
      onLeft();
    } catch (err) {
      setError(`Could not leave the team: ${describeError(err)}`);
      setLeaving(false);
      setConfirming(false);
    }
  };

  return (
    <>
      <dl className="info-list sync-info">
        <dt>Relay</dt>
        <dd>
          <code data-testid="sync-relay-url">{status.relayUrl}</code>
        </dd>
        <dt>Your role</dt>
        <dd data-testid="sync-role">{status.role ? ROLE_TEXT[status.role] : 'Unknown'}</dd>
        <dt>Status</dt>
        <dd data-testid="sync-state">
          <span className={`sync-pill sync-tone-${text.tone}`}>
            <span className="sync-dot" aria-hidden="true" />
            {/* The time is on its own row just below. */}
            {status.state === 'synced' ? 'Synced' : text.label}
          </span>
          {text.detail && <span className="sync-info-detail">{text.detail}</span>}
          {text.retry && <span className="sync-info-detail">{capitalize(text.retry)}</span>}
        </dd>
        <dt>Last synced</dt>
        <dd data-testid="sync-last">
          {status.syncedAt === null ? (
            'Not yet'
          ) : (
            <time dateTime={new Date(status.syncedAt).toISOString()} title={formatInZone(status.syncedAt, zone, 'd LLLL yyyy, HH:mm:ss ZZZZ')}>
              {lastSynced(status.syncedAt, now, zone)}
            </time>
          )}
        </dd>
        <dt>Waiting to sync</dt>
        <dd data-testid="sync-pending">{status.pending === 0 ? 'Nothing' : status.pending === 1 ? '1 change' : `${status.pending} changes`}</dd>
      </dl>

      <div className="switch-field">
        <input
          id={`${id}-offline`}
          type="checkbox"
          role="switch"
          checked={!status.online}
          disabled={switching}
          aria-describedby={`${id}-offline-hint`}
          onChange={(event) => void toggleOffline(event.target.checked)}
        />
        <div>
          <label htmlFor={`${id}-offline`}>Work offline</label>
          <p id={`${id}-offline-hint`} className="field-hint">
            Baton stops talking to the relay until you switch this off. Your changes wait on this device, and stay off after
            a restart.
          </p>
        </div>
      </div>

      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}

      <div className="form-actions leave-actions">
        {!confirming ? (
          <button ref={leaveRef} type="button" className="button danger-outline" onClick={() => setConfirming(true)}>
            Leave team
          </button>
        ) : (
          <div className="confirm" role="group" aria-labelledby={`${id}-confirm`}>
            <p id={`${id}-confirm`} className="confirm-text">
              Your pages stay on this device. Leave?
            </p>
            <button type="button" className="button danger" disabled={leaving} aria-busy={leaving || undefined} onClick={() => void leave()}>
              Yes, leave the team
            </button>
            <button ref={cancelRef} type="button" className="button" disabled={leaving} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        )}
      </div>
    </>
  );
}

/** Where invites come from: the relay's CLI, for this space. */
function InviteHint({ relayUrl }: { relayUrl: string | null }) {
  const spaceId = useAppStore((s) => s.profile?.spaceId) ?? '';
  const name = useAppStore((s) => s.profile?.member.name) ?? '';
  const [copy, setCopy] = useState<Message>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    if (!copy) return;
    const timer = setTimeout(() => setCopy(null), 4000);
    return () => clearTimeout(timer);
  }, [copy]);

  const copyId = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(spaceId);
      setCopy({ kind: 'ok', text: 'Copied' });
    } catch {
      // No clipboard (or no permission): select the id so Ctrl/Cmd+C copies it.
      inputRef.current?.focus();
      inputRef.current?.select();
      setCopy({ kind: 'error', text: 'Selected — press Ctrl+C (⌘C) to copy' });
    }
  };

  // Kept whole per flag when it wraps, so no line starts in the middle of "--url <url>".
  const command = [
    'npm run relay -- invite',
    `--space ${spaceId}`,
    `--name "${relayUrl ? '<their name>' : name || '<name>'}"`,
    `--url ${relayUrl ?? '<relay url>'}`,
  ];
  return (
    <div className="invite-hint">
      <h3>{relayUrl ? 'Invite teammates' : 'Start a team from this space'}</h3>
      <div className="field">
        <label htmlFor={`${id}-space`}>{relayUrl ? 'Team space id' : 'Your space id'}</label>
        <div className="copy-row">
          <input ref={inputRef} id={`${id}-space`} type="text" className="space-id" readOnly value={spaceId} onFocus={(e) => e.target.select()} />
          <button type="button" className="button" onClick={() => void copyId()}>
            Copy
          </button>
          <span className={copy?.kind === 'error' ? 'field-hint' : 'form-ok'} role="status">
            {copy?.text ?? ''}
          </span>
        </div>
      </div>
      <p className="field-hint">
        {relayUrl ? 'Whoever runs the relay creates an invite for each teammate:' : 'Whoever runs your relay creates invites for this space — one for you, then one per teammate:'}
      </p>
      <pre className="command" data-testid="invite-command">
        <code>
          {command.map((part, index) => (
            <Fragment key={part}>
              {index > 0 && ' '}
              <span className="command-part">{part}</span>
            </Fragment>
          ))}
        </code>
      </pre>
    </div>
  );
}
