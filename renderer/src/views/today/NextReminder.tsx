import { useEffect, useId } from 'react';
import { useAppStore } from '../../store';
import { reportError } from '../../use-report-error';
import { dayTimeLabel, relativeLabel } from '../handoff/time-format';
import { useCoreNow } from '../handoff/use-core-now';
import '../handoff/handoff.css';

/**
 * "My next reminder", a card for the Today dashboard: what is due now (also in the banner above
 * every view) and what comes next in my schedule ("Write your handoff — today 16:45, in 2 h"),
 * with the handoff composer one click away.
 */
export function NextReminder() {
  const reminders = useAppStore((s) => s.reminders);
  const loadReminders = useAppStore((s) => s.loadReminders);
  const openComposer = useAppStore((s) => s.openComposer);
  const zone = useAppStore((s) => s.profile?.member.timeZone) ?? 'UTC';
  const now = useCoreNow();
  const id = useId();

  useEffect(() => {
    if (!useAppStore.getState().reminders) loadReminders().catch((error) => reportError(error, 'Could not load your reminders'));
  }, [loadReminders]);

  const active = reminders?.active ?? [];
  const next = reminders?.next ?? null;
  return (
    <section className="card today-card next-reminder" aria-labelledby={`${id}-title`} data-testid="next-reminder">
      <h2 id={`${id}-title`}>My next reminder</h2>
      {!reminders && <p className="muted">Loading…</p>}
      {active.length > 0 && (
        <ul className="next-reminder-list">
          {active.map((r) => (
            <li key={r.id}>
              <strong>{r.title}</strong> — due now
            </li>
          ))}
        </ul>
      )}
      {reminders &&
        (next ? (
          <p>
            <span className="next-reminder-label">Next</span> <strong>{next.title}</strong> — {dayTimeLabel(next.dueAt, zone, now)} (
            {relativeLabel(next.dueAt, now)})
          </p>
        ) : (
          active.length === 0 && <p className="muted">No reminders coming up.</p>
        ))}
      <button type="button" className="button" onClick={openComposer}>
        Write handoff
      </button>
    </section>
  );
}
