/**
 * The relay as a process: the CLI's commands, graceful SIGTERM, and a SIGKILL in the middle of
 * a stream of writes after which every acknowledged update is still there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeInvite, readTokenPayload } from '../../shared/sync/invite';
import { Cleanup, SECRET, SyncTestClient, fetchDoc, tempDir, token, waitFor } from './relay-support';

const ROOT = path.resolve(__dirname, '../..');
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs the CLI in ONE node process (`--import tsx`), so a signal reaches the relay itself. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  cleanup.add(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return exited;
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function serve(dataDir: string, extra: string[] = []): Promise<Run & { url: string }> {
  const run = cli(['serve', '--port', '0', '--data', dataDir, ...extra], { BATON_RELAY_SECRET: SECRET });
  const url = await waitFor(() => /listening on (ws:\/\/\S+)/.exec(run.stdout())?.[1] ?? (run.child.exitCode !== null ? 'exited' : null), 'the relay URL', 20_000);
  if (url === 'exited') throw new Error(`relay exited: ${run.stderr()}`);
  return { ...run, url };
}

const lastLine = (text: string) => text.trim().split('\n').pop()!;

describe('relay CLI', () => {
  it('serve via npx prints its URL; token and invite print their result as the last line', async () => {
    const data = tempDir();
    cleanup.add(() => data.remove());
    // As documented: npx tsx sync-server/cli.ts serve --port 0 (its own process group, so it can be stopped whole).
    const npx = spawn('npx', ['tsx', 'sync-server/cli.ts', 'serve', '--port', '0', '--data', data.dir], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const npxExit = new Promise((resolve) => npx.once('exit', resolve));
    cleanup.add(() => {
      try {
        process.kill(-npx.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      return npxExit;
    });
    let out = '';
    npx.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const url = await waitFor(() => /listening on (ws:\/\/127\.0\.0\.1:(\d+))/.exec(out), 'the printed URL', 30_000);
    expect(Number(url[2])).toBeGreaterThan(0);

    const tokenRun = cli(['token', '--space', 'space1', '--member', 'ada', '--role', 'reader', '--ttl', '2h', '--data', data.dir]);
    expect((await tokenRun.exited).code).toBe(0);
    const printed = lastLine(tokenRun.stdout());
    expect(readTokenPayload(printed)).toMatchObject({ space: 'space1', member: 'ada', role: 'reader' });
    // Signed with the secret the relay created in its data dir: the running relay accepts it.
    const client = await SyncTestClient.connect(url[1], 'space1', printed);
    await client.synced();
    await client.close();

    const inviteRun = cli(['invite', '--space', 'space1', '--name', 'Bo Smith', '--url', url[1], '--data', data.dir]);
    expect((await inviteRun.exited).code).toBe(0);
    const invite = decodeInvite(lastLine(inviteRun.stdout()));
    expect(invite).toMatchObject({ url: url[1], space: 'space1', name: 'Bo Smith' });
    expect(readTokenPayload(invite.token)).toMatchObject({ member: invite.member, role: 'writer' });
  });

  it('explains bad arguments with usage and exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [[], /Usage/],
      [['launch'], /unknown command "launch"/],
      [['token', '--space', 's', '--member', 'm'], /--role is required/],
      [['token', '--space', 's', '--member', 'm', '--role', 'admin'], /--role must be writer or reader/],
      [['token', '--space', 'bad id', '--member', 'm', '--role', 'writer'], /--space "bad id" is not a valid id/],
      [['token', '--space', 's', '--member', 'm', '--role', 'writer', '--ttl', 'forever'], /invalid --ttl/],
      [['serve', '--port', 'abc'], /--port must be an integer/],
      [['serve', '--verbose'], /unknown option --verbose/],
      [['invite', '--space', 's'], /--name is required/],
      [['invite', '--space', 's', '--name', 'X', '--url', 'http://x'], /--url must be a ws/],
    ];
    const runs = cases.map(([args]) => cli(args));
    for (let i = 0; i < cases.length; i++) {
      expect({ args: cases[i][0], code: (await runs[i].exited).code }).toEqual({ args: cases[i][0], code: 2 });
      expect(runs[i].stderr() + runs[i].stdout()).toMatch(cases[i][1]);
    }
  });

  it('SIGTERM closes clients with 1001, exits 0, and the data is there after a restart', async () => {
    const data = tempDir();
    cleanup.add(() => data.remove());
    const relay = await serve(data.dir);
    const client = await SyncTestClient.connect(relay.url, 'space1', token('space1'));
    await client.synced();
    client.doc('page/a').getText('t').insert(0, 'kept');
    await waitFor(() => client.acks.get('page/a') === 1, 'ack');
    relay.child.kill('SIGTERM');
    expect((await client.closed).code).toBe(1001);
    expect(await relay.exited).toEqual({ code: 0, signal: null });

    const again = await serve(data.dir);
    expect((await fetchDoc(again.url, 'space1', 'page/a')).getText('t').toString()).toBe('kept');
  });

  it('SIGKILL mid-stream: after a restart every acknowledged update is present', async () => {
    const data = tempDir();
    cleanup.add(() => data.remove());
    const relay = await serve(data.dir, ['--max-messages-per-second', '1000000']);
    const writer = await SyncTestClient.connect(relay.url, 'space1', token('space1', 'writer', 'w'));
    const observer = await SyncTestClient.connect(relay.url, 'space1', token('space1', 'reader', 'o'));
    await Promise.all([writer.synced(), observer.synced()]);

    const docIds = ['page/a', 'page/b', 'log/2026-03', 'space'];
    const sources = docIds.map(() => new Y.Doc());
    const sent: string[] = [];
    let streaming = true;
    let i = 0;
    const pump = async () => {
      while (streaming && writer.ws.readyState === writer.ws.OPEN) {
        for (let d = 0; d < docIds.length; d++) {
          const label = `${docIds[d]}#${i}`;
          const before = Y.encodeStateVector(sources[d]);
          sources[d].getArray<string>('a').push([label]);
          writer.sendChange(docIds[d], Y.encodeStateAsUpdate(sources[d], before), 'sync-update', label);
          sent.push(label);
        }
        i++;
        await new Promise((r) => setImmediate(r));
      }
    };
    const pumping = pump();
    await waitFor(() => writer.ackedLabels.length >= 400, 'a few hundred acknowledged updates', 20_000);
    relay.child.kill('SIGKILL');
    expect((await relay.exited).signal).toBe('SIGKILL');
    await Promise.all([writer.closed, observer.closed]);
    streaming = false;
    await pumping;

    // Acknowledged: acked to the writer, or fanned out to the observer.
    const acknowledged = new Set(writer.ackedLabels);
    for (const id of docIds) for (const label of observer.doc(id).getArray<string>('a').toArray()) acknowledged.add(label);
    expect(sent.length).toBeGreaterThan(acknowledged.size); // the kill really was mid-stream

    const restarted = await serve(data.dir);
    const present = new Set<string>();
    for (const id of docIds) for (const label of (await fetchDoc(restarted.url, 'space1', id)).getArray<string>('a').toArray()) present.add(label);
    const missing = [...acknowledged].filter((label) => !present.has(label));
    expect(missing).toEqual([]);
    expect([...present].every((label) => sent.includes(label))).toBe(true);
  });
});
