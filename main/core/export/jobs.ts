/**
 * Long-running Core work (Markdown export and import) as jobs: the API call that starts one
 * returns its id at once; the job then reports `job.progress` and ends with exactly one
 * `job.finished`, and `jobs.cancel` stops it at its next checkpoint.
 *
 * Guarantees, per job: progress events come in order, with 0 ≤ done ≤ total, done never going
 * back within a phase; the last progress of a phase (done = total) is always sent, others at
 * most every `progressIntervalMs`; `job.finished` comes last and only once. A job yields to
 * the event loop at every checkpoint, so API calls (and a cancel) are served while it runs.
 * One job runs at a time: a second start is refused with `conflict`.
 *
 * Stopping: the Core owns one runner and disposes it first, while its storage is still open.
 * `dispose()` cancels every job and runs, synchronously, the cleanup each job registered with
 * `ctx.onStop` (an import archives the pages it created); from then on `ctx.stopped` is true and
 * the job must not touch the Core again (its database closes as soon as dispose returns). The
 * job sends no more progress, unwinds at its next checkpoint and ends with `job.finished`
 * (`cancelled`, or `ok` when its very last step was already under way).
 */
import type { ApiErrorCode, ApiEvents, JobFinished, JobPhase, JobSummary } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/contract';
import { newId } from '../../../shared/model/doc-ids';
import { PageError } from '../../../shared/model/tree-errors';
import type { PageErrorCode } from '../../../shared/model/tree-errors';
import { createLogger } from '../../../shared/log/logger';
import type { Disposable } from '../lifecycle';

const log = createLogger('jobs');

/** Thrown at a checkpoint once the job is cancelled. */
export class JobCancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'JobCancelledError';
  }
}

export interface JobContext {
  readonly jobId: string;
  /** Reports progress (clamped to 0 ≤ done ≤ total; throttled, see above). */
  progress(phase: JobPhase, done: number, total: number, message?: string): void;
  /** Yields to the event loop; throws JobCancelledError once the job is cancelled. */
  checkpoint(): Promise<void>;
  readonly cancelled: boolean;
  /**
   * True once the runner is disposed (the Core is stopping): the job is cancelled and must not
   * read or write the Core any more, not even to clean up; what needs the Core goes in `onStop`.
   */
  readonly stopped: boolean;
  /**
   * Registers `cleanup` to run synchronously inside `dispose()`, while the Core is still open, if
   * the runner is disposed while this job runs (it is suspended at an `await` then). Returns a
   * function that unregisters it.
   */
  onStop(cleanup: () => void): () => void;
}

export interface JobRunnerOptions {
  emit<E extends 'job.progress' | 'job.finished'>(event: E, payload: ApiEvents[E]): void;
  /** Minimum time between two progress events of one phase (the last one always goes). */
  progressIntervalMs?: number;
  now?(): number;
}

interface RunningJob {
  id: string;
  kind: string;
  cancelled: boolean;
  stopped: boolean;
  onStop: Set<() => void>;
  done: Promise<void>;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class JobRunner implements Disposable {
  private readonly jobs = new Map<string, RunningJob>();
  private readonly intervalMs: number;
  private readonly now: () => number;
  private disposed = false;

  constructor(private readonly options: JobRunnerOptions) {
    this.intervalMs = options.progressIntervalMs ?? 100;
    this.now = options.now ?? (() => Date.now());
  }

  /**
   * Starts `run` on the next turn of the event loop and returns its id. Its result becomes the
   * `summary` of `job.finished`; an ApiError (or PageError) its `error`, anything else `internal`.
   */
  start(kind: string, run: (ctx: JobContext) => Promise<JobSummary>): string {
    if (this.disposed) throw new ApiError('not_ready', 'Baton is shutting down');
    const busy = [...this.jobs.values()][0];
    if (busy) throw new ApiError('conflict', `Another ${busy.kind === 'kb.import' ? 'import' : 'export'} is still running; wait for it or cancel it first`);
    const id = newId();
    const job: RunningJob = { id, kind, cancelled: false, stopped: false, onStop: new Set(), done: Promise.resolve() };
    this.jobs.set(id, job);
    job.done = this.execute(job, run);
    return id;
  }

  /** Asks a running job to stop; false when no such job is running. */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job || job.cancelled) return false;
    job.cancelled = true;
    return true;
  }

  /** Resolves when the running jobs (if any) have finished (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((job) => job.done));
  }

  /**
   * Cancels every running job and runs their `onStop` cleanups now; the jobs then finish
   * (cancelled) at their next checkpoint without touching the Core.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const job of this.jobs.values()) {
      job.cancelled = true;
      job.stopped = true;
      const cleanups = [...job.onStop];
      job.onStop.clear();
      for (const cleanup of cleanups) {
        try {
          cleanup();
        } catch (error) {
          log.error('job cleanup on stop failed', { job: job.id, kind: job.kind, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        }
      }
    }
  }

  private async execute(job: RunningJob, run: (ctx: JobContext) => Promise<JobSummary>): Promise<void> {
    let phase: JobPhase | null = null;
    let lastDone = 0;
    let lastSent = -Infinity;
    let pending: ApiEvents['job.progress'] | null = null;
    const send = (payload: ApiEvents['job.progress']) => {
      lastSent = this.now();
      pending = null;
      this.options.emit('job.progress', payload);
    };
    const ctx: JobContext = {
      jobId: job.id,
      get cancelled() {
        return job.cancelled;
      },
      get stopped() {
        return job.stopped;
      },
      onStop: (cleanup) => {
        if (job.stopped) return () => {};
        const entry = () => cleanup();
        job.onStop.add(entry);
        return () => void job.onStop.delete(entry);
      },
      progress: (nextPhase, done, total, message) => {
        if (job.stopped) return;
        const safeTotal = Math.max(0, Math.floor(total));
        let safeDone = Math.min(safeTotal, Math.max(0, Math.floor(done)));
        if (nextPhase !== phase) {
          // A new phase: the previous one's last state goes out first, then this one at once.
          if (pending) send(pending);
          phase = nextPhase;
          lastDone = 0;
          lastSent = -Infinity;
        }
        safeDone = Math.max(safeDone, Math.min(lastDone, safeTotal));
        lastDone = safeDone;
        const payload = { jobId: job.id, done: safeDone, total: safeTotal, phase: nextPhase, ...(message ? { message } : {}) };
        if (safeDone === safeTotal || this.now() - lastSent >= this.intervalMs) send(payload);
        else pending = payload;
      },
      checkpoint: async () => {
        await yieldToEventLoop();
        if (job.cancelled) throw new JobCancelledError();
      },
    };

    let finished: JobFinished;
    try {
      await yieldToEventLoop(); // the caller gets the job id before any event
      if (job.cancelled) throw new JobCancelledError();
      const summary = await run(ctx);
      if (pending && !job.stopped) send(pending);
      finished = { jobId: job.id, ok: true, summary };
    } catch (error) {
      const jobError = toJobError(error);
      finished = { jobId: job.id, ok: false, error: jobError };
      if (jobError.code === 'internal') {
        log.error('job failed', { job: job.id, kind: job.kind, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    }
    this.jobs.delete(job.id);
    log.info('job finished', { job: job.id, kind: job.kind, ok: finished.ok });
    this.options.emit('job.finished', finished);
  }
}

const PAGE_ERROR_CODES: Record<PageErrorCode, ApiErrorCode> = { not_found: 'not_found', conflict: 'conflict', invalid: 'invalid_argument', not_author: 'unauthorized' };

function toJobError(error: unknown): { code: ApiErrorCode | 'cancelled'; message: string } {
  if (error instanceof JobCancelledError) return { code: 'cancelled', message: 'Cancelled' };
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  if (error instanceof PageError) return { code: PAGE_ERROR_CODES[error.code], message: error.message };
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EEXIST') return { code: 'conflict', message: `Baton would overwrite a file that appeared meanwhile: ${(error as Error).message}` };
  if (code === 'EACCES' || code === 'EPERM' || code === 'ENOSPC' || code === 'EROFS' || code === 'ENOENT' || code === 'ENOTDIR') {
    return { code: 'storage', message: (error as Error).message };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
