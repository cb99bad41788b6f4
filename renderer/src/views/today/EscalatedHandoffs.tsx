import { useEffect, useId, useState } from 'react';
import type { EscalatedHandoff } from '../../../../shared/api/handoff-api';
import { describeError } from '../../errors';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { useTeamDirectory } from '../team/use-members';
import { dayTimeLabel, namesList, theirTimeLabel } from '../handoff/time-format';
import { useCoreNow } from '../handoff/use-core-now';
import { useCoreQuery } from '../handoff/use-core-query';
import '../handoff/handoff.css';

const loadEscalated = () => api.call('handoffs.escalated');

/**
 * Handoffs nobody acknowledged within the team's escalation time (N of the recipient's working
 * hours), for the Today dashboard and the Team view. Each is offered to the next person in the
 * sun ("Forward to <name>" adds them as a recipient). Renders nothing while there are none.
 */
export function EscalatedHandoffs({ heading: H = 'h2' }: { heading?: 'h2' | 'h3' }) {
  const query = useCoreQuery(loadEscalated, ['handoffs.changed', 'team.changed']);
  const team = useTeamDirectory();
  const myZone = useAppStore((s) => s.profile?.member.timeZone) ?? 'UTC';
  const me = useAppStore((s) => s.profile?.memberId);
  const now = useCoreNow();
  const id = useId();

  // Escalation is a matter of time passing: look again every minute.
  const { reload } = query;
  const minute = Math.floor(now / 60_000);
  useEffect(() => reload(), [minute, reload]);

  const zoneOf = (memberId: string) => team.zoneOf(memberId) ?? myZone;
  const items = query.data ?? [];
  if (items.length === 0) return null;

  return (
    <section className="escalated" aria-labelledby={`${id}-title`} data-testid="escalated-handoffs">
      <H id={`${id}-title`}>Handoffs nobody picked up</H>
      <ul className="handoff-list">
        {items.map((item) => (
          <li key={item.entry.id}>
            <EscalatedItem item={item} nameOf={team.nameOf} zoneOf={zoneOf} myZone={myZone} forMe={!!me && item.pending.includes(me)} now={now} onDone={reload} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function EscalatedItem({
  item,
  nameOf,
  zoneOf,
  myZone,
  forMe,
  now,
  onDone,
}: {
  item: EscalatedHandoff;
  nameOf(id: string): string;
  zoneOf(id: string): string;
  myZone: string;
  /** I am one of those who did not acknowledge it: no forwarding, a nudge instead. */
  forMe: boolean;
  now: number;
  onDone(): void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pending = forMe ? 'you' : namesList(item.pending.map(nameOf));
  const recipientZone = zoneOf(item.pending[item.pending.length - 1]);
  const forward = async () => {
    if (!item.forwardTo) return;
    setBusy(true);
    setError(null);
    try {
      await api.call('handoffs.forward', { entryId: item.entry.id, to: item.forwardTo });
      onDone();
    } catch (err) {
      setError(`Could not forward: ${describeError(err)}`);
      setBusy(false);
    }
  };
  return (
    <article className="escalated-item" aria-label={`Handoff from ${nameOf(item.entry.authorId)} to ${pending}`}>
      <p>
        <strong>
          {nameOf(item.entry.authorId)} → {pending}
        </strong>{' '}
        — not acknowledged; it was due {forMe ? dayTimeLabel(item.deadline, myZone, now) : theirTimeLabel(item.deadline, recipientZone, myZone, now)}.
      </p>
      {item.entry.handoff.status.trim() && <p className="escalated-status">{item.entry.handoff.status}</p>}
      <div className="form-actions">
        {forMe ? (
          <span className="muted">It is for you: acknowledge it under “Handoffs for you”.</span>
        ) : item.forwardTo ? (
          <button type="button" className="button primary" disabled={busy} onClick={() => void forward()}>
            Forward to {nameOf(item.forwardTo)}
          </button>
        ) : (
          <span className="muted">Nobody else starts before them.</span>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}
