/**
 * Full-text search through the real Core (temp SQLite, real dispatcher): ranking, snippets,
 * prefix matching, hostile input, remote edits, archive/delete, and rebuilds from the docs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PageSummary, SearchResult } from '../../../shared/api/contract';
import { SPACE_DOC_ID } from '../../../shared/model/doc-ids';
import { appendParagraph } from '../../../shared/model/page';
import type { CoreBridge } from '../../../test/support/core-bridge';
import { createCoreBridge, tempDataDir } from '../../../test/support/core-bridge';
import { editAsRemote, editAsWindow } from '../../../test/support/page-editing';

const envs: CoreBridge[] = [];
afterEach(() => {
  while (envs.length) envs.pop()!.dispose();
});

const setup = { name: 'Ana', timeZone: 'Europe/Lisbon', workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00' };

async function start(dataDir?: string): Promise<CoreBridge> {
  const env = createCoreBridge({ dataDir, historyTuning: { tickMs: 0 } });
  envs.push(env);
  if (!(await env.call('profile.get'))) await env.call('profile.setup', setup);
  return env;
}

async function page(env: CoreBridge, title: string, body = ''): Promise<PageSummary> {
  const created = await env.call<PageSummary>('pages.create', { title });
  if (body) await editAsWindow(env, created.id, (doc) => appendParagraph(doc, body));
  return created;
}

const search = (env: CoreBridge, q: string, limit?: number) => env.call<SearchResult[]>('search.query', { q, ...(limit ? { limit } : {}) });
const ids = (results: SearchResult[]) => results.map((r) => r.id);

describe('search', () => {
  it('ranks a title match above a body match', async () => {
    const env = await start();
    const body = await page(env, 'Team rituals', 'We review the kubernetes cluster on Mondays, among many other things we do every week.');
    const title = await page(env, 'Kubernetes upgrades', 'Steps to follow when a new version comes out.');
    expect(ids(await search(env, 'kubernetes'))).toEqual([title.id, body.id]);
  });

  it('returns highlighted segments for title and snippet, never markup', async () => {
    const env = await start();
    const p = await page(env, 'Deploy <b>guide</b>', 'Before any deploy, freeze the branch. Deploys on Fridays need approval.');
    const [result] = await search(env, 'deploy');
    expect(result.id).toBe(p.id);
    expect(result.title).toBe('Deploy <b>guide</b>');
    expect(result.titleSegments).toEqual([
      { text: 'Deploy', hit: true },
      { text: ' <b>guide</b>', hit: false },
    ]);
    // The last word matches as a prefix, so "Deploys" is a hit too.
    expect(result.snippet.filter((s) => s.hit).map((s) => s.text)).toEqual(['deploy', 'Deploys']);
    expect(result.snippet.map((s) => s.text).join('')).toContain('Before any deploy, freeze the branch');
  });

  it('matches the last word as a prefix while typing, and whole words after a space', async () => {
    const env = await start();
    const p = await page(env, 'Onboarding', 'Install the postgres client first.');
    expect(ids(await search(env, 'po'))).toEqual([p.id]);
    expect(ids(await search(env, 'postg'))).toEqual([p.id]);
    expect(ids(await search(env, 'install postg'))).toEqual([p.id]);
    expect(await search(env, 'postg ')).toEqual([]);
    expect(ids(await search(env, 'postgres '))).toEqual([p.id]);
    expect(ids(await search(env, 'ÍNSTALL'))).toEqual([p.id]); // case and diacritics folded
  });

  it('is safe against FTS syntax in what people type', async () => {
    const env = await start();
    const p = await page(env, 'C++ style', 'Use "const" and NEAR misses; title:secret is just text.');
    for (const q of ['"', 'NEAR(', 'title:secret', 'AND OR NOT', '*', '(', 'const"', '^const', '-const', 'c++']) {
      const result = await env.bridge.invoke('search.query', { q });
      expect(result.ok, q).toBe(true);
    }
    expect(ids(await search(env, 'title:secret'))).toEqual([p.id]);
    expect(ids(await search(env, 'NEAR misses'))).toEqual([p.id]);
    expect(await search(env, '   ')).toEqual([]);
  });

  it('finds text that arrives from a teammate through the relay', async () => {
    const env = await start();
    const p = await page(env, 'Notes');
    expect(await search(env, 'retrospective')).toEqual([]);
    editAsRemote(env, p.id, (doc) => appendParagraph(doc, 'Agenda for the retrospective on Thursday'));
    expect(ids(await search(env, 'retrospective'))).toEqual([p.id]);
  });

  it('follows renames, and archived or deleted pages leave the results', async () => {
    const env = await start();
    const parent = await page(env, 'Handbook', 'Vacation policy lives here');
    const child = await page(env, 'Vacation', 'How to request vacation days');
    await env.call('pages.move', { id: child.id, parentId: parent.id });
    await env.call('pages.rename', { id: child.id, title: 'Time off' });
    expect((await search(env, 'time off'))[0].id).toBe(child.id);
    expect(await search(env, 'vacation title')).toEqual([]);

    await env.call('pages.archive', { id: parent.id });
    expect(await search(env, 'vacation')).toEqual([]); // the page and its subpage
    await env.call('pages.restore', { id: parent.id });
    expect(ids(await search(env, 'vacation')).sort()).toEqual([parent.id, child.id].sort());

    // A page removed from the space doc (e.g. by a future purge on another replica).
    const space = env.core.services.doc(SPACE_DOC_ID);
    space.transact(() => space.getMap('pages').delete(child.id), { kind: 'remote' });
    expect(ids(await search(env, 'vacation'))).toEqual([parent.id]);
  });

  it('keeps results to the limit and to this space', async () => {
    const env = await start();
    for (let i = 0; i < 5; i++) await page(env, `Report ${i}`, 'quarterly numbers');
    expect(await search(env, 'quarterly', 3)).toHaveLength(3);
    expect(await search(env, 'quarterly')).toHaveLength(5);
    expect((await env.bridge.invoke('search.query', { q: 'x', limit: 0 })).ok).toBe(false);
  });

  it('indexes changes within the debounce window without a query, and flushes on stop', async () => {
    const dataDir = tempDataDir();
    const first = createCoreBridge({ dataDir, historyTuning: { tickMs: 0 }, searchDebounceMs: 20 });
    await first.call('profile.setup', setup);
    const p = await first.call<PageSummary>('pages.create', { title: 'Timers' });
    await editAsWindow(first, p.id, (doc) => appendParagraph(doc, 'debounced words'));
    await new Promise((r) => setTimeout(r, 60));
    const db = first.core.services.db;
    const row = db.prepare("SELECT body FROM search_fts WHERE body LIKE '%debounced%'").get();
    expect(row).toBeTruthy();
    // Edits just before stopping are flushed by dispose.
    await editAsWindow(first, p.id, (doc) => appendParagraph(doc, 'lastminute'));
    first.dispose({ keepData: true });
    const second = await start(dataDir);
    expect(ids(await search(second, 'lastminute'))).toEqual([p.id]);
  });

  it('rebuilds from the docs when the index was left unclean or is from an older version', async () => {
    const dataDir = tempDataDir();
    const first = createCoreBridge({ dataDir, historyTuning: { tickMs: 0 } });
    await first.call('profile.setup', setup);
    const p = await first.call<PageSummary>('pages.create', { title: 'Resilient' });
    await editAsWindow(first, p.id, (doc) => appendParagraph(doc, 'phoenix'));
    await search(first, 'phoenix');
    const db = first.core.services.db;
    // Simulate a crash between a change and its indexing: the rows are gone, the state unclean.
    db.exec('DELETE FROM search_fts; DELETE FROM search_items; DELETE FROM page_links; DELETE FROM page_stats; UPDATE search_state SET clean = 0');
    first.dispose({ keepData: true });

    const second = await start(dataDir);
    expect(ids(await search(second, 'phoenix'))).toEqual([p.id]);
    second.core.services.db.exec('DELETE FROM search_fts; DELETE FROM search_items; UPDATE search_state SET version = 0');
    second.dispose({ keepData: true });
    envs.pop();
    const third = await start(dataDir);
    expect(ids(await search(third, 'resilient'))).toEqual([p.id]);
  });

  it('a page whose doc arrives before its index entry becomes searchable when the entry arrives', async () => {
    const env = await start();
    // A teammate's new page: its content arrives first, the space doc entry later.
    const pageId = 'teammatePage01';
    editAsRemote(env, pageId, (doc) => appendParagraph(doc, 'orphaned text'));
    expect(await search(env, 'orphaned')).toEqual([]);
    const teammate = new Y.Doc();
    const storage = env.core.services.storageId(SPACE_DOC_ID);
    Y.applyUpdate(teammate, env.core.services.docs.encodeState(storage));
    const before = Y.encodeStateVector(teammate);
    const map = new Y.Map<unknown>();
    teammate.transact(() => {
      teammate.getMap('pages').set(pageId, map);
      for (const [k, v] of Object.entries({ id: pageId, title: 'Theirs', parentId: null, order: 9, archived: false, createdAt: 1, updatedAt: 1 })) map.set(k, v);
    });
    env.core.services.docs.applyUpdate(storage, Y.encodeStateAsUpdate(teammate, before), { kind: 'remote' });
    expect(ids(await search(env, 'orphaned'))).toEqual([pageId]);
  });
});
