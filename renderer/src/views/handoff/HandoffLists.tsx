import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { HandoffEntry, HandoffSections } from '../../../../shared/model/log-types';
import { clockLabel } from '../../../../shared/time';
import { describeError } from '../../errors';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import type { TeamDirectory } from '../team/use-members';
import { useTeamDirectory } from '../team/use-members';
import { useCoreNow } from './use-core-now';
import { useCoreQuery } from './use-core-query';
import { dayTimeLabel, namesList } from './time-format';
import './handoff.css';

const SECTION_LABELS: [keyof HandoffSections, string][] = [
  ['status', 'Status'],
  ['nextSteps', 'Next steps'],
  ['watchOut', 'Watch out for'],
  ['links', 'Links'],
];

const loadForMe = () => api.call('handoffs.forMe');
const loadMine = () => api.call('handoffs.mine');

type Heading = 'h2' | 'h3';

/**
 * Handoffs addressed to me that have reached me (scheduled ones appear at their time), the ones
 * to acknowledge first. Each can be acknowledged with an optional one-line reply.
 */
export function HandoffsForYou({ heading: H = 'h3' }: { heading?: Heading }) {
  const me = useAppStore((s) => s.profile?.memberId);
  const query = useCoreQuery(loadForMe, ['handoffs.changed']);
  const names = useTeamDirectory();
  const id = useId();
  const entries = query.data ?? [];
  const waiting = entries.filter((e) => !e.acks.some((a) => a.memberId === me));
  const done = entries.filter((e) => e.acks.some((a) => a.memberId === me));

  return (
    <section className="handoff-group" aria-labelledby={`${id}-title`}>
      <H id={`${id}-title`}>Handoffs for you</H>
      {query.error && !query.data && (
        <p className="inline-error" role="alert">
          Could not load your handoffs: {query.error}
        </p>
      )}
      {query.data && waiting.length === 0 && <p className="muted">Nothing waiting for you.</p>}
      {waiting.length > 0 && (
        <ul className="handoff-list">
          {waiting.map((entry) => (
            <li key={entry.id}>
              <HandoffCard entry={entry} names={names} level={H === 'h2' ? 'h3' : 'h4'} from>
                <AckForm entry={entry} onDone={query.reload} />
              </HandoffCard>
            </li>
          ))}
        </ul>
      )}
      {done.length > 0 && (
        <details className="handoff-done">
          <summary>Acknowledged ({done.length})</summary>
          <ul className="handoff-list">
            {done.map((entry) => (
              <li key={entry.id}>
                <HandoffCard entry={entry} names={names} level={H === 'h2' ? 'h3' : 'h4'} from />
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** My recent handoffs: who they went to, and who acknowledged them when. */
export function MyHandoffs({ heading: H = 'h3' }: { heading?: Heading }) {
  const query = useCoreQuery(loadMine, ['handoffs.changed']);
  const names = useTeamDirectory();
  const id = useId();
  return (
    <section className="handoff-group" aria-labelledby={`${id}-title`}>
      <H id={`${id}-title`}>Your handoffs</H>
      {query.error && !query.data && (
        <p className="inline-error" role="alert">
          Could not load your handoffs: {query.error}
        </p>
      )}
      {query.data && query.data.length === 0 && <p className="muted">You have not written a handoff in the last three weeks.</p>}
      {query.data && query.data.length > 0 && (
        <ul className="handoff-list">
          {query.data.map((entry) => (
            <li key={entry.id}>
              <HandoffCard entry={entry} names={names} level={H === 'h2' ? 'h3' : 'h4'} from={false} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface CardProps {
  entry: HandoffEntry;
  names: TeamDirectory;
  /** Headline "From <author>" (handoffs for me) or "To <recipients>" (mine). */
  from: boolean;
  /** One below the list's heading. */
  level: 'h3' | 'h4';
  children?: React.ReactNode;
}

function HandoffCard({ entry, names, from, level: Title, children }: CardProps) {
  const myZone = useAppStore((s) => s.profile?.member.timeZone) ?? 'UTC';
  const me = useAppStore((s) => s.profile?.memberId);
  const now = useCoreNow();
  const id = useId();
  const author = names.nameOf(entry.authorId);
  const recipients = namesList(entry.recipients.map(names.nameOf));
  const written = dayTimeLabel(entry.createdAt, myZone, now);
  const theirs = entry.authorZone !== myZone ? ` (${clockLabel(entry.createdAt, entry.authorZone)} ${from ? 'their' : 'your'} time)` : '';
  const scheduled = entry.deliverAt !== null && entry.deliverAt > entry.createdAt;
  const firstRecipientZone = names.zoneOf(entry.recipients[0]) ?? myZone;

  return (
    <article className="handoff-card" aria-labelledby={`${id}-title`} data-entry={entry.id}>
      <header className="handoff-card-header">
        <Title id={`${id}-title`}>{from ? `From ${author}` : `To ${recipients}`}</Title>
        <p className="handoff-meta">
          Written {written}
          {from ? theirs : ''}
          {scheduled && ` · ${entry.deliverAt! > now ? 'arrives' : 'arrived'} ${dayTimeLabel(entry.deliverAt!, firstRecipientZone, now)} their time`}
          {from && entry.recipients.length > 1 && ` · also for ${namesList(entry.recipients.filter((r) => r !== me).map(names.nameOf))}`}
        </p>
      </header>
      <dl className="handoff-sections">
        {SECTION_LABELS.filter(([key]) => entry.handoff[key].trim()).map(([key, label]) => (
          <div key={key}>
            <dt>{label}</dt>
            <dd>{entry.handoff[key]}</dd>
          </div>
        ))}
      </dl>
      {!from && <AckStatus entry={entry} names={names} now={now} />}
      {from && entry.acks.length > 0 && <AckStatus entry={entry} names={names} now={now} />}
      {children}
    </article>
  );
}

function AckStatus({ entry, names, now }: { entry: HandoffEntry; names: TeamDirectory; now: number }) {
  const myZone = useAppStore((s) => s.profile?.member.timeZone) ?? 'UTC';
  const waiting = entry.recipients.filter((r) => !entry.acks.some((a) => a.memberId === r));
  return (
    <div className="ack-status" data-testid="ack-status">
      {entry.acks.length > 0 && (
        <ul className="ack-list">
          {entry.acks.map((ack) => {
            const zone = names.zoneOf(ack.memberId);
            const theirs = zone && zone !== myZone ? ` (${clockLabel(ack.at, zone)} their time)` : '';
            return (
              <li key={ack.memberId} className="ack">
                <span className="ack-check" aria-hidden="true">
                  ✓
                </span>{' '}
                Acknowledged by {names.nameOf(ack.memberId)} {dayTimeLabel(ack.at, myZone, now)}
                {theirs}
                {ack.reply && <q className="ack-reply">{ack.reply}</q>}
              </li>
            );
          })}
        </ul>
      )}
      {waiting.length > 0 && entry.acks.length === 0 && <p className="ack-waiting">Waiting for {namesList(waiting.map(names.nameOf))} to acknowledge.</p>}
    </div>
  );
}

function AckForm({ entry, onDone }: { entry: HandoffEntry; onDone(): void }) {
  const [reply, setReply] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.call('handoffs.ack', { entryId: entry.id, ...(reply.trim() ? { reply: reply.trim() } : {}) });
      onDone();
    } catch (err) {
      setError(`Could not acknowledge: ${describeError(err)}`);
      setBusy(false);
    }
  };

  return (
    <form className="ack-form" onSubmit={submit}>
      <label htmlFor={`${id}-reply`} className="visually-hidden">
        Reply (optional)
      </label>
      <input
        id={`${id}-reply`}
        type="text"
        placeholder="Reply (optional), e.g. “On it”"
        maxLength={280}
        value={reply}
        disabled={busy}
        onChange={(e) => setReply(e.target.value)}
      />
      <button type="submit" className="button primary" disabled={busy}>
        Acknowledge
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
