/**
 * Crash safety of the Core's storage (DESIGN.md §3: "a write is acknowledged to the caller only
 * after its row is committed"). A child process (test/support/crash-core-child.ts) opens a Core
 * on one data dir and writes through the API — page text, new pages, renames, update-log
 * posts — printing each write once its call resolved. We SIGKILL it at random moments (during
 * start-up, mid-write, mid-compaction), then:
 *  - `PRAGMA integrity_check` on the file, opened read-only, is `ok`;
 *  - a Core reopened on the directory holds every acknowledged write, nothing that was never
 *    written, and each page's text in write order;
 *  - page search (when the Core has it) finds the last acknowledged text.
 * Then the next round's child carries on on the same directory. The Core belongs to a team on
 * a relay (in this process) and syncs while it writes, so kills also cut handshakes and leave
 * relay acks in flight; at the end a newcomer who joins the team must receive every
 * acknowledged write from the relay (the outbox survived every crash).
 *
 *   BATON_CRASH_ROUNDS=200 BATON_CRASH_SEED=7 npx vitest run --project integration test/integration/crash-core
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { PageSummary } from '../../shared/api/contract';
import { API_METHODS } from '../../shared/api/contract';
import { logEntriesMap } from '../../shared/model/log';
import { DATABASE_FILE } from '../../main/core/storage/database';
import { startRelay } from '../../sync-server/relay';
import { createCoreBridge } from '../support/core-bridge';
import { Prng, intFromEnv, seedsFromEnv } from '../support/prng';
import type { Member } from '../support/team';
import { TEST_SECRET, createPage, makeInvite, pageText, startMember, startTeam, tempDir, typeInto, waitForSynced } from '../support/team';
import { waitFor } from '../support/wait';

const ROOT = path.resolve(__dirname, '../..');
const ROUNDS = intFromEnv('BATON_CRASH_ROUNDS', 20);
const [SEED] = seedsFromEnv('CRASH', [20261125]);

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** What the children said they wrote, across every round. */
class Ledger {
  /** Per page, text tokens in the order they were tried, and which were acknowledged. */
  readonly text = new Map<string, { tried: string[]; acked: Set<string> }>();
  /** Per page, every title it was created or renamed with, in order, and whether acknowledged. */
  readonly titles = new Map<string, { title: string; acked: boolean }[]>();
  readonly pagesAcked = new Set<string>();
  readonly pageTitlesTried = new Set<string>();
  readonly logAcked = new Set<string>();
  acks = 0;
  lastToken: { pageId: string; token: string } | null = null;

  read(line: string): void {
    const [verb, kind, id, ...rest] = line.split(' ');
    const arg = rest.join(' ');
    if (verb !== 'try' && verb !== 'ack') return;
    if (verb === 'ack') this.acks++;
    if (kind === 'text') {
      let t = this.text.get(id);
      if (!t) this.text.set(id, (t = { tried: [], acked: new Set() }));
      if (verb === 'try') t.tried.push(arg);
      else {
        t.acked.add(arg);
        this.lastToken = { pageId: id, token: arg };
      }
    } else if (kind === 'page') {
      if (verb === 'try') this.pageTitlesTried.add(arg);
      else {
        this.pagesAcked.add(id);
        this.titles.set(id, [{ title: arg, acked: true }]);
      }
    } else if (kind === 'rename') {
      let list = this.titles.get(id);
      if (!list) this.titles.set(id, (list = []));
      if (verb === 'try') list.push({ title: arg, acked: false });
      else list[list.length - 1].acked = true;
    } else if (kind === 'log' && verb === 'ack') {
      this.logAcked.add(id);
    }
  }

  /** Titles the page may have now: the last acknowledged one, or any tried after it. */
  allowedTitles(pageId: string): string[] | null {
    const list = this.titles.get(pageId);
    if (!list) return null;
    let last = -1;
    list.forEach((t, i) => t.acked && (last = i));
    if (last === -1) return [...this.pageTitlesTried, ...list.map((t) => t.title)];
    return list.slice(last).map((t) => t.title);
  }
}

interface ChildRun {
  ready: Promise<void>;
  exited: Promise<void>;
  lines: string[];
  output: () => string;
  kill(): void;
}

function runChild(dataDir: string, seed: number, round: number, ledger: Ledger): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/crash-core-child.ts', dataDir, String(seed), String(round)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout!.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      ledger.read(line);
      if (line.startsWith('ready')) onReady();
    }
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      // A line cut by the kill was never completely printed: it does not count.
      onReady();
      resolve();
    }),
  );
  cleanups.push(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  return { ready, exited, lines, output: () => `${lines.slice(-20).join('\n')}\n${err.slice(-2000)}`, kill: () => child.kill('SIGKILL') };
}

function integrity(dataDir: string): string {
  const file = path.join(dataDir, DATABASE_FILE);
  if (!fs.existsSync(file)) return 'ok (no database yet)';
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Core crash safety', () => {
  it(`keeps every acknowledged write through ${ROUNDS} SIGKILLs at random moments (seed ${SEED})`, async () => {
    const rng = new Prng(SEED);
    const dataDir = tempDir('baton-crash-core-');
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const relayDir = tempDir('baton-crash-core-relay-');
    const relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir: relayDir, secret: TEST_SECRET, limits: { heartbeatMs: 2_000 } });
    cleanups.push(() => fs.rmSync(relayDir, { recursive: true, force: true }));
    cleanups.push(() => relay.close());
    const url = `ws://127.0.0.1:${relay.port}`;
    // Set up and join the team once, before any kill: the children only ever reopen the directory.
    const founder = await startMember('Crash', dataDir);
    const teamSpace = 'crashteam';
    await founder.call('sync.join', { invite: makeInvite(url, teamSpace, 'Crash') });
    founder.dispose({ keepData: true });

    const ledger = new Ledger();
    const hasSearch = (API_METHODS as readonly string[]).includes('search.query');
    let duringStartup = 0;
    let searched = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const context = `seed ${SEED} round ${round} (replay: BATON_CRASH_SEED=${SEED})`;
      const child = runChild(dataDir, SEED + round, round, ledger);
      if (rng.bool(0.15)) {
        // Anywhere in start-up: opening, integrity check, migrations, the first writes.
        await sleep(rng.int(0, 700));
        if (!child.lines.some((l) => l.startsWith('ready'))) duringStartup++;
      } else {
        await Promise.race([child.ready, sleep(20_000)]);
        if (!child.lines.some((l) => l.startsWith('ready'))) throw new Error(`${context}: the child never became ready:\n${child.output()}`);
        await sleep(rng.int(0, 600));
      }
      child.kill();
      await child.exited;
      const crashed = child.lines.find((l) => l.startsWith('error'));
      if (crashed) throw new Error(`${context}: the child failed by itself:\n${child.output()}`);

      expect(integrity(dataDir), context).toMatch(/^ok/);

      // Reopen the directory as the app would and check every acknowledged write.
      const env = createCoreBridge({ dataDir });
      try {
        const identity = env.core.services.identity();
        if (!identity) {
          expect(ledger.acks, `${context}: acknowledged writes but no profile after restart`).toBe(0);
          continue;
        }
        const pages = await env.call<PageSummary[]>('pages.list');
        const byId = new Map(pages.map((p) => [p.id, p]));
        for (const id of ledger.pagesAcked) expect(byId.has(id), `${context}: acknowledged page ${id} is missing`).toBe(true);
        for (const page of pages) {
          const allowed = ledger.allowedTitles(page.id) ?? [...ledger.pageTitlesTried];
          expect(allowed, `${context}: page ${page.id} has a title nobody wrote last`).toContain(page.title);
        }
        for (const [pageId, t] of ledger.text) {
          if (!byId.has(pageId)) continue; // created in a round whose create was not acknowledged and is gone
          const present = pageText(env, pageId).split(/\s+/).filter(Boolean);
          const order = new Map(t.tried.map((token, i) => [token, i]));
          const unknown = present.filter((token) => !order.has(token));
          expect(unknown, `${context}: page ${pageId} holds text nobody wrote`).toEqual([]);
          const positions = present.map((token) => order.get(token)!);
          expect(positions, `${context}: page ${pageId} text is out of write order`).toEqual([...positions].sort((a, b) => a - b));
          const missing = [...t.acked].filter((token) => !present.includes(token));
          expect(missing, `${context}: acknowledged text missing from page ${pageId}`).toEqual([]);
        }
        const prefix = `${identity.spaceId}/`;
        const entryIds = new Set<string>();
        for (const id of env.core.services.docs.listDocIds(`${prefix}log/`)) for (const key of logEntriesMap(env.core.services.docs.get(id)).keys()) entryIds.add(key);
        const missingLog = [...ledger.logAcked].filter((id) => !entryIds.has(id));
        expect(missingLog, `${context}: acknowledged log entries missing`).toEqual([]);

        // The search index is a projection: after a crash it must still find what was written.
        if (hasSearch && ledger.lastToken && byId.has(ledger.lastToken.pageId) && round % 4 === 0) {
          const { pageId, token } = ledger.lastToken;
          await waitFor(
            async () => (await env.call<{ id: string }[]>('search.query', { q: token })).some((r) => r.id === pageId),
            `${context}: search to find "${token}" on page ${pageId} after the restart`,
            10_000,
          );
          searched++;
        }
      } finally {
        env.dispose({ keepData: true });
      }
    }
    // Every acknowledged write reaches the relay once the Core is back: a newcomer gets them all.
    const survivor = await startMember('Crash', dataDir);
    cleanups.push(() => survivor.dispose());
    await waitForSynced(survivor, 30_000);
    const late = await startMember('Late');
    cleanups.push(() => late.dispose());
    await late.call('sync.join', { invite: makeInvite(url, teamSpace, 'Late') });
    await waitForSynced(late, 30_000);
    await waitFor(() => [...ledger.pagesAcked].every((id) => late.core.services.pages.get(teamSpace, id)), 'every acknowledged page to reach the newcomer');
    for (const [pageId, t] of ledger.text) {
      if (t.acked.size === 0) continue;
      const present = new Set(pageText(late, pageId).split(/\s+/));
      expect([...t.acked].filter((token) => !present.has(token)), `seed ${SEED}: acknowledged text of ${pageId} never reached the relay`).toEqual([]);
    }
    const lateEntries = new Set<string>();
    for (const id of late.core.services.docs.listDocIds(`${teamSpace}/log/`)) for (const key of logEntriesMap(late.core.services.docs.get(id)).keys()) lateEntries.add(key);
    expect([...ledger.logAcked].filter((id) => !lateEntries.has(id)), `seed ${SEED}: acknowledged log entries never reached the relay`).toEqual([]);

    process.stdout.write(
      `crash-core: ${ROUNDS} SIGKILLs (${duringStartup} during start-up), ${ledger.acks} acknowledged writes checked after each, ` +
        `${ledger.pagesAcked.size} pages, ${ledger.logAcked.size} log entries, search checked ${searched}×, all delivered to a newcomer via the relay; seed ${SEED}\n`,
    );
  }, 30_000 + ROUNDS * 6_000);

  it('a Core closed while its changes are in flight to the relay throws nothing and delivers them after a restart', async () => {
    const relayDir = tempDir('baton-crash-relay-');
    const relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir: relayDir, secret: TEST_SECRET });
    cleanups.push(() => fs.rmSync(relayDir, { recursive: true, force: true }));
    cleanups.push(() => relay.close());
    const url = `ws://127.0.0.1:${relay.port}`;
    const team = await startTeam(url, ['Ada', 'Bo']);
    let [ada] = team;
    const bo = team[1];
    cleanups.push(() => bo.dispose());
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    cleanups.push(() => process.off('uncaughtException', onUncaught));

    const page = await createPage(ada, 'In flight');
    let title = '';
    for (let i = 0; i < 10; i++) {
      // Changes whose acks are still on their way when the Core closes.
      await typeInto(ada, page.id, ` w${i}`);
      for (let k = 0; k < 5; k++) await ada.call('pages.rename', { id: page.id, title: (title = `In flight ${i}.${k}`) });
      await sleep(i % 3);
      const dataDir = ada.dataDir;
      ada.dispose({ keepData: true });
      ada = (await startMember('Ada', dataDir)) as Member;
    }
    cleanups.push(() => ada.dispose());
    await sleep(200);
    expect(uncaught.map(String)).toEqual([]);
    await waitFor(() => bo.core.services.pages.get(bo.profile.spaceId, page.id)?.title === title, 'the last rename to reach Bo');
    await waitFor(() => pageText(bo, page.id) === pageText(ada, page.id), 'the text to reach Bo');
    expect(pageText(bo, page.id).trim().split(' ')).toEqual(Array.from({ length: 10 }, (_, i) => `w${i}`));
  });
});
