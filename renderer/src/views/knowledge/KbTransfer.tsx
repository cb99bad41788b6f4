import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { JobFinished, JobProgress, JobSummary } from '../../../../shared/api/contract';
import { describeError } from '../../errors';
import { api } from '../../platform';
import { useAppStore } from '../../store';
import { KbDialog } from './KbDialog';

type Kind = 'export' | 'import';

interface Job {
  kind: Kind;
  jobId: string;
  progress: JobProgress | null;
  finished: JobFinished | null;
}

const PHASES: Record<JobProgress['phase'], string> = {
  preparing: 'Preparing',
  scanning: 'Looking through the folder',
  reading: 'Reading',
  writing: 'Writing',
};

/** What a finished job did, in a sentence. */
export function summaryText(summary: JobSummary): string {
  if (summary.kind === 'kb.export') {
    return `Exported ${summary.pages} page${summary.pages === 1 ? '' : 's'} into ${summary.targetDir} (${summary.folders} folder${summary.folders === 1 ? '' : 's'}, ${summary.linksRewritten} link${summary.linksRewritten === 1 ? '' : 's'} kept between files).`;
  }
  const skipped = summary.skippedTooLarge + summary.skippedNotMarkdown;
  return `Imported ${summary.pages} page${summary.pages === 1 ? '' : 's'}${skipped ? `; ${skipped} file${skipped === 1 ? '' : 's'} left out (not Markdown or over 5 MB)` : ''}.`;
}

/** "Export or import…" in the knowledge base's side column: opens the transfer dialog. */
export function KbTransfer() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button link kb-transfer-open" onClick={() => setOpen(true)}>
        Export or import Markdown…
      </button>
      {open && <TransferDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function TransferDialog({ onClose }: { onClose(): void }) {
  const id = useId();
  const refreshPages = useAppStore((s) => s.refreshPages);
  const openPage = useAppStore((s) => s.pages.find((p) => p.id === s.selectedPageId) ?? null);
  const [exportOnlyOpen, setExportOnlyOpen] = useState(false);
  const [importUnderOpen, setImportUnderOpen] = useState(false);
  const [exportDir, setExportDir] = useState('');
  const [importDir, setImportDir] = useState('');
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = job !== null && job.finished === null;

  // Listen for the whole time the dialog is open: a short job may report (even finish) before
  // its id comes back from the call, so early events are kept until the id is known.
  const early = useRef(new Map<string, { progress?: JobProgress; finished?: JobFinished }>());
  useEffect(() => {
    const offProgress = api.on('job.progress', (p) => {
      setJob((j) => (j && j.jobId === p.jobId ? { ...j, progress: p } : j));
      early.current.set(p.jobId, { ...early.current.get(p.jobId), progress: p });
    });
    const offFinished = api.on('job.finished', (f) => {
      setJob((j) => (j && j.jobId === f.jobId ? { ...j, finished: f } : j));
      early.current.set(f.jobId, { ...early.current.get(f.jobId), finished: f });
      if (f.ok && f.summary.kind === 'kb.import') void refreshPages().catch(() => undefined);
    });
    return () => {
      offProgress();
      offFinished();
    };
  }, [refreshPages]);

  const start = async (kind: Kind, event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const dir = (kind === 'export' ? exportDir : importDir).trim();
    if (!dir) {
      setError('Enter the full path of a folder.');
      return;
    }
    try {
      const under = openPage?.id;
      const { jobId } =
        kind === 'export'
          ? await api.call('kb.export', { targetDir: dir, ...(exportOnlyOpen && under ? { pageId: under } : {}) })
          : await api.call('kb.import', { sourceDir: dir, ...(importUnderOpen && under ? { parentId: under } : {}) });
      const seen = early.current.get(jobId);
      setJob({ kind, jobId, progress: seen?.progress ?? null, finished: seen?.finished ?? null });
    } catch (err) {
      setError(describeError(err));
    }
  };

  const cancel = () => {
    if (job) api.call('jobs.cancel', { jobId: job.jobId }).catch((err) => setError(describeError(err)));
  };

  const progress = job?.progress;
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : null;
  return (
    <KbDialog title="Export or import Markdown" onClose={onClose}>
      <form className="kb-transfer-form" onSubmit={(e) => void start('export', e)}>
        <div className="field">
          <label htmlFor={`${id}-export`}>Export the knowledge base into a folder</label>
          <input id={`${id}-export`} type="text" placeholder="/home/me/baton-export" value={exportDir} onChange={(e) => setExportDir(e.target.value)} />
          <p className="field-hint">A new or empty folder; each page becomes a Markdown file, subpages go into folders.</p>
          {openPage && (
            <label className="kb-check">
              <input type="checkbox" checked={exportOnlyOpen} onChange={(e) => setExportOnlyOpen(e.target.checked)} />
              Only “{openPage.title}” and its subpages
            </label>
          )}
        </div>
        <button type="submit" className="button primary" disabled={running}>
          Export
        </button>
      </form>
      <form className="kb-transfer-form" onSubmit={(e) => void start('import', e)}>
        <div className="field">
          <label htmlFor={`${id}-import`}>Import a folder of Markdown files</label>
          <input id={`${id}-import`} type="text" placeholder="/home/me/notes" value={importDir} onChange={(e) => setImportDir(e.target.value)} />
          <p className="field-hint">Each .md file becomes a page; folders become parent pages.</p>
          {openPage && (
            <label className="kb-check">
              <input type="checkbox" checked={importUnderOpen} onChange={(e) => setImportUnderOpen(e.target.checked)} />
              Under “{openPage.title}”
            </label>
          )}
        </div>
        <button type="submit" className="button" disabled={running}>
          Import
        </button>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {job && (
        <div className="kb-job" role="status">
          {job.finished ? (
            job.finished.ok ? (
              <>
                <p>{summaryText(job.finished.summary)}</p>
                {job.finished.summary.kind === 'kb.import' && job.finished.summary.warnings.length > 0 && (
                  <ul className="kb-job-warnings">
                    {job.finished.summary.warnings.map((w, i) => (
                      <li key={i}>{w}</li>
                    ))}
                  </ul>
                )}
              </>
            ) : (
              <p className="field-error">
                {job.finished.error.code === 'cancelled' ? 'Cancelled.' : `The ${job.kind} failed: ${job.finished.error.message}`}
              </p>
            )
          ) : (
            <>
              <p>
                {progress ? `${PHASES[progress.phase]}… ${progress.done} of ${progress.total}` : job.kind === 'export' ? 'Starting the export…' : 'Starting the import…'}
                {progress?.message ? ` — ${progress.message}` : ''}
              </p>
              <div
                className="kb-progress"
                role="progressbar"
                aria-label={job.kind === 'export' ? 'Export progress' : 'Import progress'}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={percent ?? undefined}
              >
                <div className="kb-progress-bar" style={{ width: `${percent ?? 0}%` }} />
              </div>
              <button type="button" className="button" onClick={cancel}>
                Cancel
              </button>
            </>
          )}
        </div>
      )}
      <div className="kb-dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </KbDialog>
  );
}
