/**
 * Several real Cores, each with its own SQLite files, syncing through a real relay on an
 * ephemeral port: offline edits, restarts with unsynced changes, a relay killed mid-sync,
 * and a stock y-websocket client on the same docs.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { insertTextAt, readPageText } from '../../shared/model/page';
import { encodeInvite } from '../../shared/sync/invite';
import { startRelay } from '../../sync-server/relay';
import { issueToken } from '../../sync-server/token';
import type { Member } from '../support/team';
import {
  TEST_SECRET,
  createPage,
  makeInvite,
  pageText,
  snapshotOf,
  stableJson,
  startMember,
  startTeam,
  syncStatus,
  tempDir,
  typeInto,
  waitForSynced,
} from '../support/team';
import { waitFor } from '../support/wait';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function relay() {
  const dataDir = tempDir('baton-relay-');
  const running = await startRelay({ host: '127.0.0.1', port: 0, dataDir, secret: TEST_SECRET, limits: { heartbeatMs: 2_000 } });
  const url = `ws://127.0.0.1:${running.port}`;
  cleanups.push(() => running.close());
  return { ...running, url, dataDir };
}

function track(members: Member[]): Member[] {
  for (const m of members) cleanups.push(() => m.dispose());
  return members;
}

async function converged(members: Member[]) {
  await waitFor(
    () => {
      const first = stableJson(snapshotOf(members[0]));
      return members.every((m) => stableJson(snapshotOf(m)) === first);
    },
    'all Cores to hold identical docs and projections',
    20_000,
  );
}

describe('sync through the relay', () => {
  it('three Cores edit the same page and the space while offline, reconnect and end identical', async () => {
    const { url } = await relay();
    const [ada, bo, cy] = track(await startTeam(url, ['Ada', 'Bo', 'Cy']));
    const page = await createPage(ada, 'Release plan');
    await typeInto(ada, page.id, 'Ship on Tuesday.');
    await waitFor(() => pageText(bo, page.id) === 'Ship on Tuesday.' && pageText(cy, page.id) === 'Ship on Tuesday.', 'the page to reach Bo and Cy');

    await ada.call('sync.setOnline', { online: false });
    await bo.call('sync.setOnline', { online: false });
    expect((await syncStatus(ada)).state).toBe('offline');

    await typeInto(ada, page.id, ' Ada: QA signs off Monday.');
    await typeInto(bo, page.id, 'Bo: freeze starts Friday. ', 0);
    await ada.call('pages.rename', { id: page.id, title: 'Release plan v2' });
    await createPage(bo, 'Bo offline page');
    await createPage(cy, 'Cy online page');
    expect((await syncStatus(ada)).pending).toBeGreaterThan(0);
    expect((await syncStatus(bo)).pending).toBeGreaterThan(0);

    await ada.call('sync.setOnline', { online: true });
    await bo.call('sync.setOnline', { online: true });
    await Promise.all([ada, bo, cy].map((m) => waitForSynced(m)));
    await converged([ada, bo, cy]);

    const text = pageText(cy, page.id);
    expect(text).toContain('Ada: QA signs off Monday.');
    expect(text).toContain('Bo: freeze starts Friday.');
    const titles = cy.core.services.pages.list(cy.profile.spaceId).map((p) => p.title).sort();
    expect(titles).toEqual(['Bo offline page', 'Cy online page', 'Release plan v2']);
    expect(Object.keys((snapshotOf(cy).space as { members: object }).members)).toHaveLength(3);
  });

  it('a Core restarted with unsynced changes keeps counting them and delivers them on reconnect', async () => {
    const { url } = await relay();
    const [ada, bo] = track(await startTeam(url, ['Ada', 'Bo']));
    await ada.call('sync.setOnline', { online: false });
    const page = await createPage(ada, 'Written offline');
    await typeInto(ada, page.id, 'nobody has seen this yet');
    const pendingBefore = (await syncStatus(ada)).pending;
    expect(pendingBefore).toBeGreaterThan(0);

    const dataDir = ada.dataDir;
    ada.dispose({ keepData: true });
    const again = (await startMember('Ada', dataDir)) as Member;
    cleanups.push(() => again.dispose());
    // The switch stays off across the restart, and so does the count.
    const status = await syncStatus(again);
    expect(status.state).toBe('offline');
    expect(status.pending).toBe(pendingBefore);

    await again.call('sync.setOnline', { online: true });
    await waitForSynced(again);
    await waitFor(() => pageText(bo, page.id) === 'nobody has seen this yet', 'the offline page to reach Bo');
  });

  it('loses nothing when the relay is killed with SIGKILL mid-sync and restarted', async () => {
    const dataDir = tempDir('baton-relay-kill-');
    const port = await freePort();
    const url = `ws://127.0.0.1:${port}`;
    let child = await spawnRelay(port, dataDir);
    cleanups.push(() => child.kill('SIGKILL'));
    const [ada, bo] = track(await startTeam(url, ['Ada', 'Bo']));
    const page = await createPage(ada, 'Busy page');

    const words: string[] = [];
    for (let i = 0; i < 200; i++) {
      words.push(`w${i}`);
      await typeInto(ada, page.id, `w${i} `);
      if (i === 80) child.kill('SIGKILL');
      if (i === 140) child = await spawnRelay(port, dataDir);
    }
    await waitForSynced(ada, 30_000);
    await waitForSynced(bo, 30_000);
    await waitFor(() => pageText(bo, page.id) === pageText(ada, page.id), 'Bo to catch up after the relay restart', 20_000);
    expect(pageText(bo, page.id).trim().split(' ')).toEqual(words);

    // A member who joins only now gets everything from the relay's storage alone.
    const late = track([await startMember('Late')])[0];
    await late.call('sync.join', { invite: makeInvite(url, ada.profile.spaceId, 'Late') });
    await waitForSynced(late);
    expect(pageText(late, page.id)).toBe(pageText(ada, page.id));
  });

  it('interoperates with a stock y-websocket WebsocketProvider on /y/<space>/<doc>, both ways', async () => {
    const { url } = await relay();
    const [ada] = track(await startTeam(url, ['Ada']));
    const page = await createPage(ada, 'Shared with a plain Yjs client');
    await typeInto(ada, page.id, 'from Baton.');

    const doc = new Y.Doc();
    const token = issueToken({ space: ada.profile.spaceId, member: 'stock', role: 'writer', ttlSeconds: 600 }, TEST_SECRET);
    const provider = new WebsocketProvider(`${url}/y/${ada.profile.spaceId}`, `page/${page.id}`, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token },
      disableBc: true,
    });
    cleanups.push(() => provider.destroy());
    await waitFor(() => readPageText(doc) === 'from Baton.', 'the stock client to receive the page');

    insertTextAt(doc, 0, 'From y-websocket. ');
    await waitFor(() => pageText(ada, page.id) === 'From y-websocket. from Baton.', 'the Core to receive the stock edit');

    await typeInto(ada, page.id, ' Again from Baton.');
    await waitFor(() => readPageText(doc).endsWith('Again from Baton.'), 'the stock client to receive a live edit');
  });

  it('shows a clear error for a rejected token and keeps working locally', async () => {
    const { url } = await relay();
    const ada = track([await startMember('Ada')])[0];
    // A damaged invite is refused as bad input…
    const bad = await ada.bridge.invoke('sync.join', { invite: 'baton1.garbage' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    // …and a token signed with another secret is refused by the relay, shown as an error status.
    const otherToken = issueToken({ space: ada.profile.spaceId, member: 'm1', role: 'writer', ttlSeconds: 60 }, 'another-secret-entirely-000000000');
    await ada.call('sync.join', { invite: encodeInvite({ v: 1, url, space: ada.profile.spaceId, member: 'm1', name: 'Ada', token: otherToken }) });
    const status = await waitFor(async () => {
      const s = await syncStatus(ada);
      return s.state === 'error' ? s : null;
    }, 'an error status');
    expect(status.error).toMatch(/token/i);
    expect(await createPage(ada, 'Still works')).toMatchObject({ title: 'Still works' });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function spawnRelay(port: number, dataDir: string): Promise<ChildProcess> {
  const root = path.resolve(__dirname, '../..');
  // One node process (`--import tsx`), so SIGKILL reaches the relay itself, not a launcher.
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/cli.ts', 'serve', '--port', String(port), '--data', dataDir], {
    cwd: root,
    env: { ...process.env, BATON_RELAY_SECRET: TEST_SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(String(port))) resolve();
    });
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}: ${out}`)));
  });
  return child;
}
