/**
 * The process that test/integration/crash-core.test.ts kills with SIGKILL: it opens a Core on
 * a data dir (as the app does) and writes through the API dispatcher until it is killed.
 *
 *   node --import tsx test/support/crash-core-child.ts <dataDir> <seed> <round>
 *
 * Protocol on stdout, one line each, written synchronously (fs.writeSync) so a line is in the
 * pipe before the next write starts:
 *   ready <pageCount>                          the Core is open
 *   try <kind> <args…>                         about to write
 *   ack <kind> <args…>                         the call resolved: the write is acknowledged
 * kinds: `text <pageId> <token>` (appended to the page, after a space), `page <pageId> <title>`,
 * `rename <pageId> <title>`, `log <entryId>` (the id is known only on ack).
 *
 * The Core compacts every 16 rows per doc, so kills also land inside compactions. If the data
 * dir has joined a team, the Core syncs with its relay while it writes (fast retry timings), so
 * kills also land mid-handshake and with relay acks in flight.
 */
import fs from 'node:fs';
import type { PageSummary, Profile } from '../../shared/api/contract';
import { API_METHODS } from '../../shared/api/contract';
import { setLogLevel } from '../../shared/log/logger';
import { logDocIdFor, postEntry } from '../../shared/model/log';
import { LOCAL_ORIGIN } from '../../main/core/core';
import { createCoreBridge } from './core-bridge';
import { Prng } from './prng';
import { FAST_SYNC, typeInto } from './team';

const [dataDir, seedArg, roundArg] = process.argv.slice(2);
const rng = new Prng(Number(seedArg));
const round = Number(roundArg);

setLogLevel('error');
const say = (line: string) => fs.writeSync(1, line + '\n');

async function main(): Promise<void> {
  const env = createCoreBridge({ dataDir, compactThreshold: 16, syncTuning: FAST_SYNC });
  let profile = await env.call<Profile | null>('profile.get');
  if (!profile) {
    say('try profile');
    profile = await env.call<Profile>('profile.setup', { name: 'Crash', timeZone: 'Europe/Berlin', workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00' });
    say(`ack profile ${profile.memberId}`);
  }
  const pages = await env.call<PageSummary[]>('pages.list');
  say(`ready ${pages.length}`);
  const pageIds = pages.map((p) => p.id);
  const useLogApi = (API_METHODS as readonly string[]).includes('log.post');

  for (let n = 0; ; n++) {
    const op = pageIds.length === 0 ? 'page' : rng.weighted({ text: 12, page: 1, rename: 2, log: 2 });
    if (op === 'page') {
      const title = `t r${round} n${n}`;
      say(`try page - ${title}`);
      const page = await env.call<PageSummary>('pages.create', { title });
      pageIds.push(page.id);
      say(`ack page ${page.id} ${title}`);
    } else if (op === 'text') {
      const pageId = rng.pick(pageIds);
      const token = `r${round}n${n}`;
      say(`try text ${pageId} ${token}`);
      await typeInto(env, pageId, ` ${token}`);
      say(`ack text ${pageId} ${token}`);
    } else if (op === 'rename') {
      const pageId = rng.pick(pageIds);
      const title = `renamed r${round} n${n}`;
      say(`try rename ${pageId} ${title}`);
      await env.call('pages.rename', { id: pageId, title });
      say(`ack rename ${pageId} ${title}`);
    } else {
      say('try log');
      let id: string;
      const result = useLogApi ? await env.bridge.invoke('log.post', { kind: 'update', body: `log r${round} n${n}` }) : null;
      if (result?.ok) {
        id = (result.value as { id: string }).id;
      } else {
        // No log API in this Core (yet): the model on the current month's doc, as the app would.
        const now = Date.now();
        const identity = env.core.services.identity()!;
        id = postEntry(env.core.services.doc(logDocIdFor(now)), { kind: 'update', by: identity.memberId, now, authorZone: 'Europe/Berlin', body: `log r${round} n${n}` }, LOCAL_ORIGIN).id;
      }
      say(`ack log ${id}`);
    }
    // Yield now and then so the kill also lands between writes, not only inside them.
    if (rng.bool(0.2)) await new Promise((r) => setImmediate(r));
  }
}

main().catch((error: unknown) => {
  say(`error ${String((error as Error)?.stack ?? error).replace(/\n/g, ' | ')}`);
  process.exit(1);
});
