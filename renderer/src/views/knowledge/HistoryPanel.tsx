import { useCallback, useId, useState } from 'react';
import type { HistoryVersion, HistoryVersionDetail, PageSummary } from '../../../../shared/api/contract';
import { formatInZone } from '../../../../shared/time';
import { describeError } from '../../errors';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { KbDialog } from './KbDialog';
import { useKbQuery, useTeam } from './use-kb-data';

const TIME_FORMAT = 'd LLL yyyy, HH:mm';

/**
 * Who made a version: the names of its authors, this member's and teammates' alike (the Core
 * names teammates through the page's authors map), sorted; "remote edits" for edits that came
 * through the relay from someone not known (made before authors were recorded, or by an older app).
 */
export function versionAuthors(version: HistoryVersion, nameOf: (id: string) => string | null): string {
  const known = version.authors.map(nameOf).filter((name): name is string => name !== null);
  const names = [...new Set(known)].sort((a, b) => a.localeCompare(b));
  const former = version.authors.length - known.length;
  if (former > 0) names.push(former === 1 ? 'a former member' : `${former} former members`);
  if (version.remote) names.push(names.length ? 'remote edits' : 'Remote edits');
  return names.length ? names.join(', ') : 'No recorded author';
}

/** The page's versions, newest first, in the viewer's time zone; each opens read-only. */
export function HistoryPanel({ page }: { page: PageSummary }) {
  const zone = useAppStore((s) => s.profile?.member.timeZone) ?? 'UTC';
  const { nameOf } = useTeam();
  const load = useCallback(() => api.call('history.list', { pageId: page.id }), [page.id]);
  const versions = useKbQuery(load, page.id, ['history.changed'], (_event, payload) => payload.pageId === page.id);
  const [open, setOpen] = useState<HistoryVersion | null>(null);
  const when = (at: number) => formatInZone(at, zone, TIME_FORMAT);
  const byId = new Map((versions.data ?? []).map((v) => [v.id, v]));

  return (
    <div className="kb-history">
      <p className="field-hint">Versions are kept on this device after each pause in editing. Times are in your time zone ({zone}).</p>
      {versions.error && (
        <p className="inline-error" role="alert">
          Could not load the history: {versions.error}
        </p>
      )}
      {versions.data === null ? (
        !versions.error && (
          <p className="muted" role="status">
            Loading versions…
          </p>
        )
      ) : versions.data.length === 0 ? (
        <p className="muted">No versions yet. One is kept after a pause in editing, and when the page is closed.</p>
      ) : (
        <ol className="kb-version-list" aria-label="Versions">
          {versions.data.map((version, index) => {
            const restored = version.restoredFrom !== null ? byId.get(version.restoredFrom) : undefined;
            return (
              <li key={version.id}>
                <button type="button" className="kb-version" onClick={() => setOpen(version)} aria-label={`Version of ${when(version.at)}`}>
                  <span className="kb-version-time">
                    {when(version.at)}
                    {index === 0 && <span className="kb-version-latest">latest</span>}
                  </span>
                  <span className="kb-version-authors">{versionAuthors(version, nameOf)}</span>
                  {version.restoredFrom !== null && (
                    <span className="kb-version-restored">Restored from {restored ? when(restored.at) : 'an older version'}</span>
                  )}
                </button>
              </li>
            );
          })}
        </ol>
      )}
      {open && <VersionDialog page={page} version={open} authors={versionAuthors(open, nameOf)} when={when} onClose={() => setOpen(null)} />}
    </div>
  );
}

function VersionDialog({
  page,
  version,
  authors,
  when,
  onClose,
}: {
  page: PageSummary;
  version: HistoryVersion;
  authors: string;
  when(at: number): string;
  onClose(): void;
}) {
  const id = useId();
  const notify = useAppStore((s) => s.notify);
  const [compareTo, setCompareTo] = useState<'previous' | 'current'>('previous');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => api.call('history.get', { pageId: page.id, versionId: version.id, compareTo }), [page.id, version.id, compareTo]);
  const detail = useKbQuery<HistoryVersionDetail>(load, `${version.id}:${compareTo}`, []);
  const changed = detail.data?.diff.some((d) => d.kind !== 'same') ?? false;

  const restore = async () => {
    setBusy(true);
    try {
      await api.call('history.restore', { pageId: page.id, versionId: version.id });
      notify('info', `Restored the version of ${when(version.at)}. The page as it was is kept in the history.`);
      onClose();
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  return (
    <KbDialog title={`Version of ${when(version.at)}`} onClose={onClose} className="kb-dialog-wide" description={<p className="muted">{authors}</p>}>
      <div className="kb-segmented" role="radiogroup" aria-label="Highlight the differences">
        <label className={compareTo === 'previous' ? 'is-on' : undefined}>
          <input type="radio" name={`${id}-compare`} checked={compareTo === 'previous'} onChange={() => setCompareTo('previous')} />
          Changes in this version
        </label>
        <label className={compareTo === 'current' ? 'is-on' : undefined}>
          <input type="radio" name={`${id}-compare`} checked={compareTo === 'current'} onChange={() => setCompareTo('current')} />
          Compared with the page now
        </label>
      </div>
      <p className="kb-diff-legend muted" aria-hidden="true">
        <ins className="kb-diff-added">added</ins> <del className="kb-diff-removed">removed</del>
      </p>
      {detail.error && (
        <p className="inline-error" role="alert">
          Could not load this version: {detail.error}
        </p>
      )}
      {detail.data ? (
        <div className="kb-diff" role="document" aria-label="Version text with differences" tabIndex={0} data-testid="version-diff">
          {detail.data.diff.map((segment, index) =>
            segment.kind === 'added' ? (
              <ins key={index} className="kb-diff-added">
                {segment.text}
              </ins>
            ) : segment.kind === 'removed' ? (
              <del key={index} className="kb-diff-removed">
                {segment.text}
              </del>
            ) : (
              <span key={index}>{segment.text}</span>
            ),
          )}
          {detail.data.diff.length === 0 && <span className="muted">(empty page)</span>}
        </div>
      ) : (
        !detail.error && (
          <p className="muted" role="status">
            Loading the version…
          </p>
        )
      )}
      {detail.data && !changed && (
        <p className="field-hint">{compareTo === 'current' ? 'The page is the same as this version now.' : 'No text changed in this version.'}</p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="kb-dialog-actions">
        {confirming ? (
          <div className="kb-confirm" role="group" aria-label="Confirm restore">
            <span>Replace the page’s content with this version? Everyone sees the change; the current text stays in the history.</span>
            <button type="button" className="button" autoFocus onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <button type="button" className="button primary" disabled={busy} onClick={() => void restore()}>
              Restore
            </button>
          </div>
        ) : (
          <>
            <button type="button" className="button" onClick={onClose}>
              Close
            </button>
            <button type="button" className="button primary" onClick={() => setConfirming(true)}>
              Restore this version
            </button>
          </>
        )}
      </div>
    </KbDialog>
  );
}
