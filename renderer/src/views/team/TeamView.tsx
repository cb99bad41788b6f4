import { useCallback, useEffect, useState } from 'react';
import type { Member } from '../../../shared/model/types';
import { formatInZone, offsetLabel } from '../../../shared/time';
import { api } from '../platform';
import { useAppStore } from '../store';
import { describeError } from '../errors';
import { useReportError } from '../use-report-error';
import { useNow } from './use-now';
import { describeWorkdays, workStatus } from './work-status';
import { EmptyState, ViewHeader } from './ViewHeader';

export function TeamView() {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const me = useAppStore((s) => s.profile?.memberId);
  const reportError = useReportError();
  const now = useNow();

  const load = useCallback(async () => {
    try {
      setMembers(await api.call('team.members'));
      setError(null);
    } catch (err) {
      setError(describeError(err));
      reportError(err, 'Could not load the team');
    }
  }, [reportError]);

  useEffect(() => {
    void load();
    return api.on('team.changed', () => void load());
  }, [load]);

  return (
    <>
      <ViewHeader title="Team" description="Who is on the team, what time it is for them, and when they work." />
      {error && !members && (
        <p className="inline-error" role="alert">
          Could not load the team: {error}{' '}
          <button type="button" className="button link" onClick={() => void load()}>
            Try again
          </button>
        </p>
      )}
      {!members && !error && <p className="muted" role="status">Loading the team…</p>}
      {members && members.length === 0 && (
        <EmptyState title="No members yet">
          <p>Members appear here once they have joined your team.</p>
        </EmptyState>
      )}
      {members && members.length > 0 && (
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
            {members.map((member) => {
              const status = workStatus(member, now);
              return (
                <tr key={member.id}>
                  <th scope="row">
                    {member.name}
                    {member.id === me && <span className="tag">You</span>}
                  </th>
                  <td>
                    <span className="local-time">{formatInZone(now, member.timeZone, 'ccc HH:mm')}</span>{' '}
                    <span className={`status-dot status-${status}`}>{status === 'working' ? 'Working' : 'Off hours'}</span>
                  </td>
                  <td>
                    {describeWorkdays(member.workdays)}, {member.workStart}–{member.workEnd}
                  </td>
                  <td>
                    {member.timeZone} <span className="muted">({offsetLabel(now, member.timeZone)})</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
