import { useId } from 'react';
import type { Member } from '../../../../shared/model/types';
import { breaksOf, scheduleOf, timeOffOf } from '../../../../shared/model/member-schedule';
import type { WorkStatus } from '../../../../shared/time';
import { dateInZone, formatInZone, offsetLabel, workStatus } from '../../../../shared/time';
import { useAppStore } from '../../store';
import { HandoffsForYou, MyHandoffs } from '../handoff/HandoffLists';
import { theirTimeLabel } from '../handoff/time-format';
import { useCoreNow } from '../handoff/use-core-now';
import { EscalatedHandoffs } from '../today/EscalatedHandoffs';
import { EmptyState, ViewHeader } from '../ViewHeader';
import { TeamTimeline } from './TeamTimeline';
import { useMembers } from './use-members';
import { describeBreaks, describeWorkdays } from './work-days';
import './team.css';

/**
 * Team and time: everyone's local time and status now, a 24-hour picture of everyone's working
 * hours in MY zone with the overlap, and the handoffs going around (for me, mine, overdue).
 */
export function TeamView() {
  const { data: members, error, reload } = useMembers();
  const me = useAppStore((s) => s.profile?.member);
  const openComposer = useAppStore((s) => s.openComposer);
  const now = useCoreNow();
  const id = useId();

  return (
    <>
      <ViewHeader title="Team" description="Who is on the team, what time it is for them, and when they work — in your time.">
        <button type="button" className="button primary" onClick={openComposer}>
          Write handoff
        </button>
      </ViewHeader>
      {error && !members && (
        <p className="inline-error" role="alert">
          Could not load the team: {error}{' '}
          <button type="button" className="button link" onClick={reload}>
            Try again
          </button>
        </p>
      )}
      {!members && !error && (
        <p className="muted" role="status">
          Loading the team…
        </p>
      )}
      {members && members.length === 0 && (
        <EmptyState title="No members yet">
          <p>Members appear here once they have joined your team.</p>
        </EmptyState>
      )}
      {members && members.length > 0 && me && (
        <>
          <TeamTimeline members={members} viewer={me} now={now} />
          <table className="team-table">
            <caption className="visually-hidden">Team members</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Local time</th>
                <th scope="col">Working hours</th>
                <th scope="col">Time zone</th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <MemberRow key={member.id} member={member} isMe={member.id === me.id} viewerZone={me.timeZone} now={now} />
              ))}
            </tbody>
          </table>
        </>
      )}
      <section className="handoffs-section" data-section="handoffs" aria-labelledby={`${id}-handoffs`}>
        <h2 id={`${id}-handoffs`} tabIndex={-1}>
          Handoffs
        </h2>
        <EscalatedHandoffs heading="h3" />
        <div className="handoff-columns">
          <HandoffsForYou />
          <MyHandoffs />
        </div>
      </section>
    </>
  );
}

const STATUS_LABEL: Record<WorkStatus['status'], string> = {
  working: 'Working',
  off: 'Off',
  'starting-soon': 'Starting soon',
  'ending-soon': 'Ending soon',
};

function statusDetail(status: WorkStatus, member: Member, viewerZone: string, now: number): string {
  if (!status.window) return 'no upcoming workday';
  if (status.status === 'working' || status.status === 'ending-soon') return `until ${formatInZone(status.window.end, member.timeZone, 'HH:mm')}`;
  return `back ${theirTimeLabel(status.window.start, member.timeZone, viewerZone, now)}`;
}

function MemberRow({ member, isMe, viewerZone, now }: { member: Member; isMe: boolean; viewerZone: string; now: number }) {
  const status = workStatus(scheduleOf(member), now);
  const breaks = describeBreaks(breaksOf(member));
  const today = dateInZone(now, member.timeZone);
  const upcomingOff = timeOffOf(member).filter((d) => d >= today);
  return (
    <tr data-member={member.id}>
      <th scope="row">
        {member.name}
        {isMe && <span className="tag">You</span>}
      </th>
      <td>
        <span className="local-time">{formatInZone(now, member.timeZone, 'ccc HH:mm')}</span>{' '}
        <span className={`status-dot status-${status.status}`}>{STATUS_LABEL[status.status]}</span>{' '}
        <span className="status-detail">{statusDetail(status, member, viewerZone, now)}</span>
      </td>
      <td>
        <span>
          {describeWorkdays(member.workdays)}, {member.workStart}–{member.workEnd}
        </span>
        {breaks && <span className="schedule-extra">{breaks}</span>}
        {upcomingOff.length > 0 && (
          <span className="schedule-extra">
            {upcomingOff[0] === today ? 'Off today' : `Off ${formatDates(upcomingOff.slice(0, 3))}`}
            {upcomingOff.length > 3 ? ` and ${upcomingOff.length - 3} more days` : ''}
          </span>
        )}
      </td>
      <td>
        {member.timeZone} <span className="muted">({offsetLabel(now, member.timeZone)})</span>
      </td>
    </tr>
  );
}

function formatDates(dates: string[]): string {
  return dates.map((d) => formatInZone(Date.parse(`${d}T12:00:00Z`), 'UTC', 'ccc d LLL')).join(', ');
}
