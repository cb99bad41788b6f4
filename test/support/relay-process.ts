/**
 * The relay CLI (`sync-server/cli.ts serve`) as a child process, for the crash, hostile-input,
 * fuzz and soak suites. It runs as ONE node process (`node --import tsx …`, no npx/tsx
 * launcher in between), so SIGKILL reaches the relay itself and its RSS is its own.
 *
 * The child's stdout/stderr are always drained (a relay logging every refused connection would
 * otherwise block on a full pipe); the last few KB are kept for error messages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const KEEP_OUTPUT = 16 * 1024;

export interface RelayProcessOptions {
  dataDir: string;
  secret: string;
  /** 0 (default) picks a free port; restarts pass the port the first run got. */
  port?: number;
  /** Extra `serve` flags, e.g. ['--max-messages-per-second', '100000']. */
  args?: string[];
  startTimeoutMs?: number;
}

export interface RelayProcess {
  url: string;
  httpUrl: string;
  port: number;
  pid: number;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL, resolved once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful shutdown); SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  metrics(): Promise<string>;
  /** One sample of a metric (first matching line), or null when absent. */
  metric(name: string, labels?: Record<string, string>): Promise<number | null>;
  /** The relay's resident memory in bytes, as its /metrics reports it. */
  rss(): Promise<number>;
  output(): string;
}

export async function spawnRelay(options: RelayProcessOptions): Promise<RelayProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'sync-server/cli.ts', 'serve', '--host', '127.0.0.1', '--port', String(options.port ?? 0), '--data', options.dataDir, ...(options.args ?? [])],
    { cwd: ROOT, env: { ...process.env, BATON_RELAY_SECRET: options.secret }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (d: Buffer) => {
    output += d.toString();
    if (output.length > KEEP_OUTPUT * 2) output = output.slice(-KEEP_OUTPUT);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`relay did not start within ${options.startTimeoutMs ?? 20_000} ms: ${output.slice(-2000)}`));
    }, options.startTimeoutMs ?? 20_000);
    const onData = () => {
      const match = /listening on (ws:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`relay exited (code ${code}, signal ${signal}) before listening: ${output.slice(-2000)}`));
    });
  });
  const port = Number(new URL(url.replace(/^ws/, 'http')).port);
  const httpUrl = url.replace(/^ws/, 'http');

  const metrics = async () => {
    const res = await fetch(`${httpUrl}/metrics`);
    return res.text();
  };
  const metric = async (name: string, labels: Record<string, string> = {}) => {
    const text = await metrics();
    const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    for (const line of text.split('\n')) {
      if (!line.startsWith(name)) continue;
      const rest = line.slice(name.length);
      if (rest[0] !== ' ' && rest[0] !== '{') continue;
      if (!wanted.every((w) => rest.includes(w))) continue;
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return null;
  };

  return {
    url,
    httpUrl,
    port,
    pid: child.pid!,
    child,
    exited,
    alive,
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 5_000) {
      if (alive()) child.kill('SIGTERM');
      const timer = setTimeout(() => alive() && child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
    metrics,
    metric,
    async rss() {
      const value = await metric('process_resident_memory_bytes');
      if (value === null) throw new Error('the relay reported no process_resident_memory_bytes');
      return value;
    },
    output: () => output,
  };
}
