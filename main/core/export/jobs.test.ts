import { describe, expect, it } from 'vitest';
import type { ApiEvents, JobFinished, JobProgress, KbExportSummary } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/contract';
import { PageError } from '../../../shared/model/tree-errors';
import type { LogRecord } from '../../../shared/log/logger';
import { setLogSink } from '../../../shared/log/logger';
import { JobRunner } from './jobs';

const summary: KbExportSummary = { kind: 'kb.export', targetDir: '/x', pages: 0, files: 0, folders: 0, linksRewritten: 0 };

function runner(options: { progressIntervalMs?: number; now?: () => number } = {}) {
  const events: Array<{ event: 'job.progress'; payload: JobProgress } | { event: 'job.finished'; payload: JobFinished }> = [];
  const jobs = new JobRunner({
    ...options,
    emit: (event, payload: ApiEvents[typeof event]) => events.push({ event, payload } as (typeof events)[number]),
  });
  const finished = () => events.filter((e) => e.event === 'job.finished').map((e) => e.payload as JobFinished);
  const progress = () => events.filter((e) => e.event === 'job.progress').map((e) => e.payload as JobProgress);
  return { jobs, events, finished, progress };
}

describe('JobRunner', () => {
  it('returns the id first, then reports progress in order and finishes once', async () => {
    const { jobs, events, finished, progress } = runner({ progressIntervalMs: 0 });
    const id = jobs.start('kb.export', async (ctx) => {
      ctx.progress('preparing', 0, 1);
      ctx.progress('preparing', 1, 1);
      for (let i = 1; i <= 3; i++) {
        await ctx.checkpoint();
        ctx.progress('writing', i, 3, `file ${i}`);
      }
      return summary;
    });
    expect(events).toEqual([]);
    await jobs.idle();
    expect(progress().map((p) => [p.phase, p.done, p.total])).toEqual([
      ['preparing', 0, 1],
      ['preparing', 1, 1],
      ['writing', 1, 3],
      ['writing', 2, 3],
      ['writing', 3, 3],
    ]);
    expect(progress().every((p) => p.jobId === id)).toBe(true);
    expect(events[events.length - 1]).toEqual({ event: 'job.finished', payload: { jobId: id, ok: true, summary } });
    expect(finished()).toHaveLength(1);
  });

  it('clamps done to 0…total and never lets it go back within a phase', async () => {
    const { jobs, progress } = runner({ progressIntervalMs: 0 });
    jobs.start('kb.import', async (ctx) => {
      ctx.progress('reading', -5, 10);
      ctx.progress('reading', 4, 10);
      ctx.progress('reading', 2, 10);
      ctx.progress('reading', 50, 10);
      ctx.progress('scanning', 3, 2); // a new phase starts over
      return summary;
    });
    await jobs.idle();
    expect(progress().map((p) => [p.phase, p.done, p.total])).toEqual([
      ['reading', 0, 10],
      ['reading', 4, 10],
      ['reading', 4, 10],
      ['reading', 10, 10],
      ['scanning', 2, 2],
    ]);
  });

  it('throttles progress but always sends the start, the end of a phase and the last state', async () => {
    let now = 0;
    const { jobs, progress } = runner({ progressIntervalMs: 100, now: () => now });
    jobs.start('kb.export', async (ctx) => {
      for (let i = 0; i <= 10; i++) {
        now += 30;
        ctx.progress('writing', i, 10);
      }
      now += 1;
      ctx.progress('reading', 1, 5);
      ctx.progress('reading', 2, 5); // pending when the job ends: still sent
      return summary;
    });
    await jobs.idle();
    expect(progress().map((p) => `${p.phase}:${p.done}`)).toEqual(['writing:0', 'writing:4', 'writing:8', 'writing:10', 'reading:1', 'reading:2']);
  });

  it('cancels at the next checkpoint, before the job even starts if asked at once', async () => {
    const { jobs, finished } = runner();
    let steps = 0;
    const first = jobs.start('kb.export', async () => {
      steps++;
      return summary;
    });
    expect(jobs.cancel(first)).toBe(true);
    expect(jobs.cancel(first)).toBe(false);
    await jobs.idle();
    expect(steps).toBe(0);

    const second = jobs.start('kb.export', async (ctx) => {
      for (;;) {
        await ctx.checkpoint();
        if (++steps === 3) jobs.cancel(second);
      }
    });
    await jobs.idle();
    expect(steps).toBe(3);
    expect(finished()).toEqual([
      { jobId: first, ok: false, error: { code: 'cancelled', message: 'Cancelled' } },
      { jobId: second, ok: false, error: { code: 'cancelled', message: 'Cancelled' } },
    ]);
    expect(jobs.cancel('unknown')).toBe(false);
  });

  it('runs one job at a time', async () => {
    const { jobs } = runner();
    jobs.start('kb.import', async (ctx) => {
      await ctx.checkpoint();
      return summary;
    });
    expect(() => jobs.start('kb.export', async () => summary)).toThrow(/Another import is still running/);
    await jobs.idle();
    expect(() => jobs.start('kb.export', async () => summary)).not.toThrow();
    await jobs.idle();
  });

  it('turns errors into error values and logs only unexpected ones', async () => {
    const logged: LogRecord[] = [];
    setLogSink((record) => logged.push(record));
    const { jobs, finished } = runner();
    const errors = [
      new ApiError('conflict', 'not empty'),
      new PageError('not_found', 'gone'),
      Object.assign(new Error('EEXIST: file already exists'), { code: 'EEXIST' }),
      Object.assign(new Error('ENOSPC: no space left'), { code: 'ENOSPC' }),
      new Error('boom'),
    ];
    for (const error of errors) {
      jobs.start('kb.export', async () => {
        throw error;
      });
      await jobs.idle();
    }
    setLogSink(null);
    expect(finished().map((f) => (f.ok ? 'ok' : f.error.code))).toEqual(['conflict', 'not_found', 'conflict', 'storage', 'internal']);
    expect(logged.filter((r) => r.level === 'error').map((r) => String(r.fields?.error).split('\n')[0])).toEqual(['Error: boom']);
  });

  it('cancels running jobs when disposed and refuses new ones', async () => {
    const { jobs, finished } = runner();
    jobs.start('kb.export', async (ctx) => {
      for (;;) await ctx.checkpoint();
    });
    jobs.dispose();
    await jobs.idle();
    expect(finished()[0]).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(() => jobs.start('kb.export', async () => summary)).toThrow(/shutting down/);
  });

  it('on dispose runs the stop cleanups at once; the job then sees `stopped` and sends no more progress', async () => {
    const { jobs, events, finished, progress } = runner({ progressIntervalMs: 0 });
    const calls: string[] = [];
    let stoppedWhenUnwinding: boolean | null = null;
    jobs.start('kb.import', async (ctx) => {
      ctx.onStop(() => calls.push('archive what was created'));
      ctx.onStop(() => {
        throw new Error('a failing cleanup does not stop the others');
      });
      const off = ctx.onStop(() => calls.push('unregistered'));
      off();
      ctx.progress('writing', 1, 3);
      try {
        for (;;) await ctx.checkpoint();
      } catch (error) {
        stoppedWhenUnwinding = ctx.stopped;
        ctx.progress('writing', 2, 3);
        ctx.onStop(() => calls.push('too late'));
        throw error;
      }
    });
    while (progress().length === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([]);
    const logged: LogRecord[] = [];
    setLogSink((record) => logged.push(record));
    jobs.dispose();
    setLogSink(null);
    expect(calls).toEqual(['archive what was created']);
    expect(logged.filter((r) => r.level === 'error').map((r) => r.message)).toEqual(['job cleanup on stop failed']);
    jobs.dispose();
    await jobs.idle();
    expect(calls).toEqual(['archive what was created']);
    expect(stoppedWhenUnwinding).toBe(true);
    expect(progress().map((p) => p.done)).toEqual([1]);
    expect(finished()).toMatchObject([{ ok: false, error: { code: 'cancelled' } }]);
    expect(events[events.length - 1].event).toBe('job.finished');
  });

  it('does not run the stop cleanups of a job that has finished', async () => {
    const { jobs, finished } = runner();
    const calls: string[] = [];
    jobs.start('kb.export', async (ctx) => {
      const off = ctx.onStop(() => calls.push('cleanup'));
      await ctx.checkpoint();
      off();
      return summary;
    });
    await jobs.idle();
    jobs.dispose();
    expect(calls).toEqual([]);
    expect(finished()).toMatchObject([{ ok: true }]);
  });
});
