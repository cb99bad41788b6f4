/**
 * Starts a worker thread from a module of this folder, whether the relay runs from its
 * TypeScript sources (`npm run relay` through tsx, tests through vitest) or compiled to
 * JavaScript. Node cannot load `.ts` in a worker by itself, so for sources the worker first
 * registers tsx's loader.
 */
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `name` without extension, next to this file: `.ts` from sources, `.js` once compiled. */
export function startWorker(name: string, options: Omit<WorkerOptions, 'eval'>): Worker {
  const file = path.join(__dirname, `${name}${path.extname(__filename)}`);
  if (!file.endsWith('.ts')) return new Worker(file, options);
  const bootstrap = `require('tsx/cjs/api').register(); require(${JSON.stringify(file)});`;
  return new Worker(bootstrap, { ...options, eval: true });
}
