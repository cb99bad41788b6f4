import { formatInZone } from '../../../shared/time';
import { useAppStore } from '../store';
import { useNow } from './use-now';
import { EmptyState, ViewHeader } from './ViewHeader';

export function TodayView() {
  const member = useAppStore((s) => s.profile?.member);
  const now = useNow();
  const local = member ? formatInZone(now, member.timeZone, 'cccc, d LLLL · HH:mm') : null;
  return (
    <>
      <ViewHeader title="Today" description={local ?? undefined} />
      <EmptyState title="Nothing for you yet">
        <p>
          This is where your day starts: handoff notes teammates left for you while you were away, questions waiting
          on your answer, and a reminder to write your own handoff before your workday ends
          {member ? ` at ${member.workEnd}` : ''}.
        </p>
        <p className="muted">Handoffs and reminders arrive in a later version of Baton.</p>
      </EmptyState>
    </>
  );
}
