import { useId, useState } from 'react';
import type { PageSummary } from '../../../../shared/api/contract';
import { isStale, reviewDueAt } from '../../../../shared/model/staleness';
import { formatInZone } from '../../../../shared/time';
import { useAppStore } from '../../store';
import { useReportError } from '../../use-report-error';
import { api } from '../../platform';
import { Popover } from './Popover';
import { daysAgo, dueIn, useKbNow } from './use-kb-now';
import { useTeam } from './use-kb-data';

export const REVIEW_CHOICES: { days: number | null; label: string }[] = [
  { days: 30, label: 'Every 30 days' },
  { days: 90, label: 'Every 90 days' },
  { days: 180, label: 'Every 180 days' },
  { days: 365, label: 'Every year' },
  { days: null, label: 'Never' },
];

/** "Reviewed 12 days ago by Ana" / "Not reviewed yet". */
export function reviewedText(page: PageSummary, now: number, nameOf: (id: string | null) => string | null): string {
  if (page.verifiedAt === null) return 'Not reviewed yet';
  const who = nameOf(page.verifiedBy);
  return `Reviewed ${daysAgo(page.verifiedAt, now)}${who ? ` by ${who}` : ''}`;
}

/** Records a review of the page; the pages list follows through pages.changed. */
export function useMarkReviewed(page: PageSummary): { markReviewed(): void; busy: boolean } {
  const refreshPages = useAppStore((s) => s.refreshPages);
  const notify = useAppStore((s) => s.notify);
  const reportError = useReportError();
  const [busy, setBusy] = useState(false);
  const markReviewed = () => {
    setBusy(true);
    api
      .call('pages.markReviewed', { id: page.id })
      .then(() => refreshPages())
      .then(() => notify('info', `Marked “${page.title}” as reviewed.`))
      .catch((error) => reportError(error, 'Could not mark the page as reviewed'))
      .finally(() => setBusy(false));
  };
  return { markReviewed, busy };
}

/** The page's "Details": owner, review interval, last review and "Mark as reviewed". */
export function PageDetails({ page }: { page: PageSummary }) {
  return (
    <Popover label="Page details" button="Details" buttonClassName="button kb-page-action" className="kb-details-popover">
      {() => <DetailsForm page={page} />}
    </Popover>
  );
}

function DetailsForm({ page }: { page: PageSummary }) {
  const id = useId();
  const zone = useAppStore((s) => s.profile?.member.timeZone) ?? 'UTC';
  const refreshPages = useAppStore((s) => s.refreshPages);
  const reportError = useReportError();
  const { members, nameOf } = useTeam();
  const now = useKbNow();
  const { markReviewed, busy } = useMarkReviewed(page);
  const due = reviewDueAt(page);
  const stale = isStale(page, now);
  const choices = REVIEW_CHOICES.some((c) => c.days === page.reviewEveryDays)
    ? REVIEW_CHOICES
    : [...REVIEW_CHOICES, { days: page.reviewEveryDays, label: `Every ${page.reviewEveryDays} days` }];

  const update = (patch: { ownerId?: string; reviewEveryDays?: number | null }) => {
    api
      .call('pages.update', { id: page.id, ...patch })
      .then(() => refreshPages())
      .catch((error) => reportError(error, 'Could not update the page'));
  };

  const ownerKnown = members.some((m) => m.id === page.ownerId);
  return (
    <div className="kb-details">
      <h3 className="kb-popover-title">Details</h3>
      <div className="field">
        <label htmlFor={`${id}-owner`}>Owner</label>
        <select id={`${id}-owner`} value={page.ownerId} data-autofocus onChange={(e) => update({ ownerId: e.target.value })}>
          {!ownerKnown && <option value={page.ownerId}>{nameOf(page.ownerId) ?? 'Someone not in the team'}</option>}
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
        <p className="field-hint">Whoever keeps this page current.</p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-review`}>Review</label>
        <select
          id={`${id}-review`}
          value={page.reviewEveryDays === null ? 'never' : String(page.reviewEveryDays)}
          onChange={(e) => update({ reviewEveryDays: e.target.value === 'never' ? null : Number(e.target.value) })}
        >
          {choices.map((c) => (
            <option key={c.days ?? 'never'} value={c.days === null ? 'never' : String(c.days)}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <p className="kb-details-status" data-testid="review-status">
        {reviewedText(page, now, nameOf)}
        {due !== null && (
          <>
            {' · '}
            <span className={stale ? 'kb-overdue' : undefined}>{dueIn(due, now)}</span>
          </>
        )}
      </p>
      <button type="button" className="button primary" disabled={busy} onClick={markReviewed}>
        Mark as reviewed
      </button>
      <p className="field-hint kb-details-created">
        Created {formatInZone(page.createdAt, zone, 'd LLL yyyy')}
        {nameOf(page.createdBy) ? ` by ${nameOf(page.createdBy)}` : ''}
      </p>
    </div>
  );
}
