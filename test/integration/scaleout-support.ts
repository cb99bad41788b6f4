/**
 * Helpers for the scale-out relay tests: real PostgreSQL and Redis from
 * BATON_TEST_DATABASE_URL / BATON_TEST_REDIS_URL (`sync-server/scripts/test-services.sh start`),
 * relay instances as child processes, and a schema per test file that is dropped afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { SECRET, waitFor, type Cleanup } from './relay-support';

export const DATABASE_URL = process.env.BATON_TEST_DATABASE_URL ?? '';
export const REDIS_URL = process.env.BATON_TEST_REDIS_URL ?? '';
export const SCALEOUT_ENABLED = DATABASE_URL !== '' && REDIS_URL !== '';
export const SKIP_MESSAGE =
  'scale-out relay tests SKIPPED: BATON_TEST_DATABASE_URL and BATON_TEST_REDIS_URL are not set ' +
  '(run `eval "$(sync-server/scripts/test-services.sh start)"` first; .ci/run does)';

const ROOT = path.resolve(__dirname, '../..');

/** A schema name no other run uses (the relay creates it; `dropSchema` removes it). */
export function uniqueSchema(): string {
  return `scaleout_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export async function withDatabase<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function dropSchema(schema: string): Promise<unknown> {
  return withDatabase((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}

export interface RelayProcess {
  child: ChildProcess;
  url: string;
  instanceId: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
}

/**
 * Runs `sync-server/cli.ts serve` on PostgreSQL + Redis in ONE node process (`--import tsx`),
 * so SIGTERM and SIGKILL reach the relay itself. Killed at cleanup if still running.
 */
export async function spawnRelay(
  cleanup: Cleanup,
  schema: string,
  extra: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<RelayProcess> {
  const args = ['--import', 'tsx', 'sync-server/cli.ts', 'serve', '--port', '0', '--database-url', DATABASE_URL, '--redis-url', REDIS_URL];
  args.push('--database-schema', schema, '--max-messages-per-second', '1000000', ...extra);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // DATABASE_URL/REDIS_URL of the caller must not leak in: the flags say everything.
    env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', BATON_RELAY_SECRET: SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  cleanup.add(() => {
    if (alive()) child.kill('SIGKILL');
    return exited;
  });
  const found = await waitFor(
    () => /listening on (ws:\/\/\S+)[\s\S]*instance (\S+)/.exec(out) ?? (alive() ? null : ('exited' as const)),
    'the relay to listen',
    30_000,
  );
  if (found === 'exited') throw new Error(`relay exited: ${err}`);
  return { child, url: found[1], instanceId: found[2], stdout: () => out, stderr: () => err, exited, alive };
}

export async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url.replace('ws://', 'http://')}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));
  return line ? Number(line.split(' ').pop()) : 0;
}
