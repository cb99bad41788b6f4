/**
 * Markdown export and import through the real Core (dispatcher, validation, SQLite, events):
 * round trip of a page tree, file naming, link rewriting both ways, metadata, path safety,
 * skipped files, progress events and cancellation.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobFinished, JobProgress, KbExportSummary, KbImportSummary, PageSummary, Profile } from '../../../shared/api/contract';
import { SPACE_DOC_ID, pageDocId } from '../../../shared/model/doc-ids';
import { extractPageLinks, pageLinkHref } from '../../../shared/model/links';
import { pageContent, readPageText } from '../../../shared/model/page';
import { upsertMember } from '../../../shared/model/space';
import type { ContentNode } from '../../../shared/model/templates';
import { readPageContentJSON, writeTemplateContent } from '../../../shared/model/templates';
import type { CoreBridge } from '../../../test/support/core-bridge';
import { createCoreBridge } from '../../../test/support/core-bridge';
import { editAsWindow } from '../../../test/support/page-editing';
import { LOCAL_ORIGIN } from '../core';
import type { LogRecord } from '../../../shared/log/logger';
import { setLogSink } from '../../../shared/log/logger';

const setup = { name: 'Ana', timeZone: 'Europe/Lisbon', workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00' };

interface Env extends CoreBridge {
  profile: Profile;
  progress: JobProgress[];
  finished: JobFinished[];
  /** Resolves with the job's `job.finished`. */
  job(jobId: string): Promise<JobFinished>;
}

const envs: CoreBridge[] = [];
const dirs: string[] = [];
afterEach(() => {
  while (envs.length) envs.pop()!.dispose();
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-kb-files-'));
  dirs.push(dir);
  return dir;
}

async function start(dataDir?: string): Promise<Env> {
  const env = createCoreBridge({ historyTuning: { tickMs: 0 }, ...(dataDir ? { dataDir } : {}) });
  envs.push(env);
  const profile = dataDir ? await env.call<Profile>('profile.get') : await env.call<Profile>('profile.setup', setup);
  const progress: JobProgress[] = [];
  const finished: JobFinished[] = [];
  const waiters = new Map<string, (f: JobFinished) => void>();
  env.bridge.on('job.progress', (p) => progress.push(p as JobProgress));
  env.bridge.on('job.finished', (payload) => {
    const f = payload as JobFinished;
    finished.push(f);
    waiters.get(f.jobId)?.(f);
  });
  const job = (jobId: string) =>
    new Promise<JobFinished>((resolve) => {
      const done = finished.find((f) => f.jobId === jobId);
      if (done) resolve(done);
      else waiters.set(jobId, resolve);
    });
  return Object.assign(env, { profile, progress, finished, job });
}

const create = (env: CoreBridge, title: string, parentId?: string) => env.call<PageSummary>('pages.create', { title, ...(parentId ? { parentId } : {}) });
const write = (env: CoreBridge, pageId: string, content: ContentNode) => editAsWindow(env, pageId, (doc) => writeTemplateContent(doc, content, null));
const failure = async (env: CoreBridge, method: string, input: unknown) => {
  const result = await env.bridge.invoke(method, input);
  if (result.ok) throw new Error(`${method} unexpectedly succeeded`);
  return result.error;
};

async function exportTo(env: Env, targetDir: string, pageId?: string): Promise<KbExportSummary> {
  const { jobId } = await env.call<{ jobId: string }>('kb.export', { targetDir, ...(pageId ? { pageId } : {}) });
  const done = await env.job(jobId);
  if (!done.ok) throw new Error(`export failed: ${done.error.code} ${done.error.message}`);
  return done.summary as KbExportSummary;
}

async function importFrom(env: Env, sourceDir: string, parentId?: string): Promise<KbImportSummary> {
  const { jobId } = await env.call<{ jobId: string }>('kb.import', { sourceDir, ...(parentId ? { parentId } : {}) });
  const done = await env.job(jobId);
  if (!done.ok) throw new Error(`import failed: ${done.error.code} ${done.error.message}`);
  return done.summary as KbImportSummary;
}

/** Every file under `dir`, relative, `/`-separated, sorted. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string, rel: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        out.push(childRel + '/');
        walk(path.join(at, entry.name), childRel);
      } else out.push(childRel);
    }
  };
  walk(dir, '');
  return out.sort();
}

/** A Markdown folder large enough to cancel its import midway: `Big/` with 120 pages, and `Top.md`. */
function bigImportSource(): string {
  const src = tempDir();
  fs.mkdirSync(path.join(src, 'Big'));
  for (let i = 0; i < 120; i++) fs.writeFileSync(path.join(src, 'Big', `Page ${i}.md`), `Body ${i}`);
  fs.writeFileSync(path.join(src, 'Top.md'), 'top');
  return src;
}

/** The tree as indented titles, in sibling order. */
async function outline(env: CoreBridge): Promise<string[]> {
  const pages = await env.call<PageSummary[]>('pages.list');
  const lines: string[] = [];
  const visit = (parentId: string | null, depth: number) => {
    for (const page of pages.filter((p) => p.parentId === parentId).sort((a, b) => a.order - b.order)) {
      lines.push(`${'  '.repeat(depth)}${page.title}`);
      visit(page.id, depth + 1);
    }
  };
  visit(null, 0);
  return lines;
}

const text = (env: CoreBridge, pageId: string) => readPageText(env.core.services.doc(pageDocId(pageId)));
const json = (env: CoreBridge, pageId: string) => readPageContentJSON(env.core.services.doc(pageDocId(pageId)));
const byTitle = async (env: CoreBridge) => new Map((await env.call<PageSummary[]>('pages.list')).map((p) => [p.title, p]));
const t = (value: string, marks?: ContentNode['marks']): ContentNode => ({ type: 'text', text: value, ...(marks ? { marks } : {}) });
const p = (...content: ContentNode[]): ContentNode => ({ type: 'paragraph', content });
const linkTo = (pageId: string): ContentNode['marks'] => [{ type: 'link', attrs: { href: pageLinkHref(pageId) } }];

/** A knowledge base with every supported node, nested pages, awkward titles and links. */
async function seed(env: Env) {
  const handbook = await create(env, 'Handbook');
  const oncall = await create(env, 'On-call', handbook.id);
  const deploys = await create(env, 'Deploys / Releases', handbook.id);
  const sub = await create(env, 'Escalation: who & when?', oncall.id);
  const roadmap = await create(env, 'Roadmap');
  const notes = await create(env, 'Notes');
  const notes2 = await create(env, 'notes');
  const sneaky = await create(env, '../../outside');
  const gone = await create(env, 'Old page');
  await env.call('pages.archive', { id: gone.id });
  await env.call('pages.update', { id: handbook.id, icon: '📘', reviewEveryDays: 30 });
  await env.call('pages.update', { id: roadmap.id, reviewEveryDays: null });

  await write(env, handbook.id, {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 1 }, content: [t('Handbook')] },
      p(t('See '), t('deploys', linkTo(deploys.id)), t(', '), t('escalation', linkTo(sub.id)), t(' and '), t('an archived page', linkTo(gone.id)), t('.')),
      p(t('Bold', [{ type: 'bold' }]), t(' '), t('italic', [{ type: 'italic' }]), t(' '), t('code', [{ type: 'code' }]), t(' '), t('strike', [{ type: 'strike' }]), t(' '), t('web', [{ type: 'link', attrs: { href: 'https://example.com' } }])),
      p(t('line one'), { type: 'hardBreak' }, t('line two')),
      { type: 'bulletList', content: [{ type: 'listItem', content: [p(t('one')), { type: 'bulletList', content: [{ type: 'listItem', content: [p(t('nested'))] }] }] }] },
      { type: 'orderedList', attrs: { start: 1 }, content: [{ type: 'listItem', content: [p(t('first'))] }, { type: 'listItem', content: [p(t('second'))] }] },
      { type: 'taskList', content: [{ type: 'taskItem', attrs: { checked: true }, content: [p(t('done')), { type: 'taskList', content: [{ type: 'taskItem', attrs: { checked: false }, content: [p(t('todo'))] }] }] }] },
      { type: 'blockquote', content: [p(t('# quoted, not a heading'))] },
      { type: 'codeBlock', attrs: { language: 'sh' }, content: [t('echo "hi" | tee out.txt')] },
      { type: 'horizontalRule' },
      {
        type: 'table',
        content: [
          { type: 'tableRow', content: [{ type: 'tableHeader', content: [p(t('Who'))] }, { type: 'tableHeader', content: [p(t('When'))] }] },
          { type: 'tableRow', content: [{ type: 'tableCell', content: [p(t('Ana'))] }, { type: 'tableCell', content: [p(t('Mondays | Tuesdays'))] }] },
        ],
      },
    ],
  });
  await write(env, deploys.id, { type: 'doc', content: [p(t('Back to the '), t('handbook', linkTo(handbook.id)), t(' or the '), t('roadmap', linkTo(roadmap.id)))] });
  await write(env, sub.id, { type: 'doc', content: [p(t('Page me, then '), t('the notes', linkTo(notes2.id)))] });
  await write(env, roadmap.id, { type: 'doc', content: [p(t('Q1: ship it'))] });
  await write(env, sneaky.id, { type: 'doc', content: [p(t('still inside'))] });
  return { handbook, oncall, deploys, sub, roadmap, notes, notes2, sneaky, gone };
}

describe('kb.export', () => {
  it('writes the page tree as files and folders with front matter and relative links', async () => {
    const env = await start();
    const pages = await seed(env);
    const target = path.join(tempDir(), 'export');
    const summary = await exportTo(env, target);

    expect(summary).toEqual({ kind: 'kb.export', targetDir: target, pages: 8, files: 8, folders: 2, linksRewritten: 5 });
    expect(listFiles(target)).toEqual([
      '-..-outside.md',
      'Handbook.md',
      'Handbook/',
      'Handbook/Deploys - Releases.md',
      'Handbook/On-call.md',
      'Handbook/On-call/',
      'Handbook/On-call/Escalation- who & when.md',
      'Notes.md',
      'Roadmap.md',
      'notes (2).md',
    ]);
    const handbook = fs.readFileSync(path.join(target, 'Handbook.md'), 'utf8');
    expect(handbook.startsWith(`---\nid: "${pages.handbook.id}"\ntitle: "Handbook"\nicon: "📘"\nowner: "${env.profile.memberId}"\nreviewEveryDays: 30\norder: 1\n---\n\n# Handbook\n`)).toBe(true);
    expect(handbook).toContain('See [deploys](Handbook/Deploys%20-%20Releases.md), [escalation](Handbook/On-call/Escalation-%20who%20&%20when.md)');
    // A page outside the export (archived) keeps its Baton link.
    expect(handbook).toContain(`[an archived page](baton://page/${pages.gone.id})`);
    expect(fs.readFileSync(path.join(target, 'Handbook', 'Deploys - Releases.md'), 'utf8')).toContain('Back to the [handbook](../Handbook.md) or the [roadmap](../Roadmap.md)');
    expect(fs.readFileSync(path.join(target, 'Handbook', 'On-call', 'Escalation- who & when.md'), 'utf8')).toContain('[the notes](../../notes%20(2).md)'.replace('(2)', '%282%29'));
    expect(fs.readFileSync(path.join(target, 'Roadmap.md'), 'utf8')).toContain('reviewEveryDays: null\n');
  });

  it('exports one page with its subpages', async () => {
    const env = await start();
    const pages = await seed(env);
    const target = tempDir(); // exists and is empty: fine
    const summary = await exportTo(env, target, pages.oncall.id);
    expect(summary.pages).toBe(2);
    expect(listFiles(target)).toEqual(['On-call.md', 'On-call/', 'On-call/Escalation- who & when.md']);
    // The link to "notes" points outside this export: it stays a Baton link.
    expect(fs.readFileSync(path.join(target, 'On-call', 'Escalation- who & when.md'), 'utf8')).toContain(`(baton://page/${pages.notes2.id})`);
  });

  it('gives one page as a download for the web shell', async () => {
    const env = await start();
    const pages = await seed(env);
    const file = await env.call<{ fileName: string; markdown: string }>('kb.exportMarkdown', { pageId: pages.deploys.id });
    expect(file.fileName).toBe('Deploys - Releases.md');
    expect(file.markdown).toContain(`title: "Deploys / Releases"`);
    expect(file.markdown).toContain(`[handbook](baton://page/${pages.handbook.id})`);
    expect((await failure(env, 'kb.exportMarkdown', { pageId: 'nope' })).code).toBe('not_found');
  });

  it('refuses relative, non-empty or file targets and unknown or archived pages', async () => {
    const env = await start();
    const pages = await seed(env);
    const full = tempDir();
    fs.writeFileSync(path.join(full, 'keep.txt'), 'mine');
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, 'x');

    expect(await failure(env, 'kb.export', { targetDir: 'relative/out' })).toMatchObject({ code: 'invalid_argument' });
    expect(await failure(env, 'kb.export', { targetDir: '../../out' })).toMatchObject({ code: 'invalid_argument' });
    expect(await failure(env, 'kb.export', { targetDir: full })).toMatchObject({ code: 'conflict', message: expect.stringContaining('not empty') });
    expect(await failure(env, 'kb.export', { targetDir: file })).toMatchObject({ code: 'conflict' });
    expect(await failure(env, 'kb.export', { targetDir: tempDir(), pageId: 'nope' })).toMatchObject({ code: 'not_found' });
    expect(await failure(env, 'kb.export', { targetDir: tempDir(), pageId: pages.gone.id })).toMatchObject({ code: 'conflict' });
    expect(fs.readFileSync(path.join(full, 'keep.txt'), 'utf8')).toBe('mine');
    expect(env.finished).toEqual([]);
  });

  it('reports progress in order, done ≤ total, and finishes last', async () => {
    const env = await start();
    for (let i = 0; i < 12; i++) await create(env, `Page ${i}`);
    const { jobId } = await env.call<{ jobId: string }>('kb.export', { targetDir: path.join(tempDir(), 'out') });
    await env.job(jobId);
    const events = env.progress.filter((e) => e.jobId === jobId);
    expect(events[0]).toMatchObject({ phase: 'preparing', done: 0, total: 1 });
    expect(events[events.length - 1]).toMatchObject({ phase: 'writing', done: 12, total: 12 });
    const phases = ['preparing', 'writing'];
    for (let i = 0; i < events.length; i++) {
      expect(events[i].done).toBeLessThanOrEqual(events[i].total);
      expect(events[i].done).toBeGreaterThanOrEqual(0);
      if (i === 0) continue;
      const [prev, next] = [events[i - 1], events[i]];
      expect(phases.indexOf(next.phase)).toBeGreaterThanOrEqual(phases.indexOf(prev.phase));
      if (prev.phase === next.phase) expect(next.done).toBeGreaterThanOrEqual(prev.done);
    }
    expect(env.finished.map((f) => f.jobId)).toEqual([jobId]);
  });

  it('cancels, removing what it wrote and the folder it created', async () => {
    const env = await start();
    for (let i = 0; i < 20; i++) await create(env, `Page ${i}`);

    // Cancelled at once: nothing is written.
    const parent = tempDir();
    const target = path.join(parent, 'new', 'out');
    const first = await env.call<{ jobId: string }>('kb.export', { targetDir: target });
    expect(await env.call('jobs.cancel', { jobId: first.jobId })).toEqual({ cancelled: true });
    expect(await env.job(first.jobId)).toEqual({ jobId: first.jobId, ok: false, error: { code: 'cancelled', message: 'Cancelled' } });
    expect(fs.readdirSync(parent)).toEqual([]);

    // Cancelled after the first file: the files go, the (existing) folder stays, empty.
    const existing = tempDir();
    const cancelOnFirstFile = env.bridge.on('job.progress', (payload) => {
      const progress = payload as JobProgress;
      if (progress.phase === 'writing' && progress.done >= 1) void env.call('jobs.cancel', { jobId: progress.jobId });
    });
    const second = await env.call<{ jobId: string }>('kb.export', { targetDir: existing });
    const done = await env.job(second.jobId);
    cancelOnFirstFile();
    expect(done).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(env.progress.filter((e) => e.jobId === second.jobId && e.phase === 'writing').length).toBeGreaterThan(0);
    expect(fs.readdirSync(existing)).toEqual([]);
    expect(await env.call('jobs.cancel', { jobId: second.jobId })).toEqual({ cancelled: false });
  });
});

describe('kb.import', () => {
  it('round trip: export → import restores the tree, titles, text, links and metadata', async () => {
    const env = await start();
    const pages = await seed(env);
    const target = path.join(tempDir(), 'kb');
    await exportTo(env, target);

    const other = await start();
    const summary = await importFrom(other, target);
    expect(summary).toMatchObject({ kind: 'kb.import', pages: 8, skippedTooLarge: 0, skippedNotMarkdown: 0, skippedHidden: 0, linksRewritten: 5 });
    expect(await outline(other)).toEqual(await outline(env));

    const before = await byTitle(env);
    const after = await byTitle(other);
    for (const [title, page] of before) {
      const copy = after.get(title)!;
      expect(text(other, copy.id), title).toBe(text(env, page.id));
      expect(copy.icon).toBe(page.icon);
      expect(copy.reviewEveryDays).toBe(page.reviewEveryDays);
    }
    // Links point at the new pages; the archived page, not exported, keeps its old id.
    const newId = (title: string) => after.get(title)!.id;
    const handbookCopy = newId('Handbook');
    expect(extractPageLinks(pageContent(other.core.services.doc(pageDocId(handbookCopy))))).toEqual([newId('Deploys / Releases'), newId('Escalation: who & when?'), pages.gone.id]);
    expect(extractPageLinks(pageContent(other.core.services.doc(pageDocId(newId('Deploys / Releases')))))).toEqual([handbookCopy, newId('Roadmap')]);
    expect(extractPageLinks(pageContent(other.core.services.doc(pageDocId(newId('Escalation: who & when?')))))).toEqual([newId('notes')]);
    // Every node and mark came back as it was.
    const strip = (node: ContentNode): unknown =>
      JSON.parse(JSON.stringify(node).replace(new RegExp(`baton://page/[A-Za-z0-9_-]+`, 'g'), 'baton://page/X'));
    expect(strip(json(other, handbookCopy))).toEqual(strip(json(env, pages.handbook.id)));
    // Backlinks and search work on the imported pages.
    expect((await other.call<PageSummary[]>('pages.backlinks', { id: handbookCopy })).map((p) => p.title)).toEqual(['Deploys / Releases']);
    expect((await other.call<{ id: string }[]>('search.query', { q: 'tuesdays' })).map((r) => r.id)).toEqual([handbookCopy]);
  });

  it('imports into the same space as new pages under a parent, keeping owners who are members', async () => {
    const env = await start();
    const pages = await seed(env);
    upsertMember(
      env.core.services.doc(SPACE_DOC_ID),
      { id: 'bruno', name: 'Bruno', timeZone: 'UTC', workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00', role: 'writer', joinedAt: 0 },
      LOCAL_ORIGIN,
    );
    await env.call('pages.update', { id: pages.roadmap.id, ownerId: 'bruno' });
    const target = path.join(tempDir(), 'kb');
    await exportTo(env, target);
    const folder = await create(env, 'Imported');
    const summary = await importFrom(env, target, folder.id);

    const all = await env.call<PageSummary[]>('pages.list');
    const imported = all.filter((page) => summary.rootPageIds.includes(page.id));
    expect(imported.every((page) => page.parentId === folder.id)).toBe(true);
    expect(new Set(all.map((page) => page.id)).size).toBe(all.length);
    const roadmapCopy = imported.find((page) => page.title === 'Roadmap')!;
    expect(roadmapCopy.id).not.toBe(pages.roadmap.id);
    expect(roadmapCopy.ownerId).toBe('bruno');
    // Links in the copies point at the copies, not at the originals.
    const deploysCopy = all.find((page) => page.title === 'Deploys / Releases' && page.id !== pages.deploys.id)!;
    expect(extractPageLinks(pageContent(env.core.services.doc(pageDocId(deploysCopy.id))))).toEqual([
      imported.find((page) => page.title === 'Handbook')!.id,
      roadmapCopy.id,
    ]);
  });

  it('imports Markdown from other tools: folders, relative links, HTML', async () => {
    const env = await start();
    const src = tempDir();
    fs.mkdirSync(path.join(src, 'Guides', 'Deep'), { recursive: true });
    fs.mkdirSync(path.join(src, 'empty', 'nothing'), { recursive: true });
    fs.writeFileSync(path.join(src, 'README.md'), '# Welcome\n\nStart with [the setup guide](Guides/Setup%20guide.md#install) or [deep](<Guides/Deep/Note.md>).\n');
    fs.writeFileSync(path.join(src, 'Guides', 'Setup guide.md'), 'Back [home](../README.md), [missing](../Missing.md), [outside](../../../etc/passwd.md).\n\n<div onclick="x()">Safe <script>alert(1)</script>text</div>\n');
    fs.writeFileSync(path.join(src, 'Guides', 'Deep', 'Note.md'), '---\ntitle: A deep note\norder: 1\n---\nHello **deep**.\n');
    fs.writeFileSync(path.join(src, 'Guides', '2 - Second.md'), 'two\n');
    fs.writeFileSync(path.join(src, 'Guides', '10 - Tenth.md'), 'ten\n');

    const summary = await importFrom(env, src);
    expect(summary).toMatchObject({ pages: 7, linksRewritten: 3 });
    expect(summary.warnings).toEqual(['1 link(s) to Markdown files that were not imported were kept as written']);
    // Siblings without front matter `order` sort by name, numbers as numbers.
    expect(await outline(env)).toEqual(['Guides', '  2 - Second', '  10 - Tenth', '  Deep', '    A deep note', '  Setup guide', 'README']);
    const pages = await byTitle(env);
    expect(extractPageLinks(pageContent(env.core.services.doc(pageDocId(pages.get('README')!.id))))).toEqual([pages.get('Setup guide')!.id, pages.get('A deep note')!.id]);
    const setup = json(env, pages.get('Setup guide')!.id);
    expect(JSON.stringify(setup)).toContain('"href":"../Missing.md"');
    expect(JSON.stringify(setup)).toContain('"href":"../../../etc/passwd.md"');
    expect(text(env, pages.get('Setup guide')!.id)).toBe('Back home, missing, outside.\nSafe text');
  });

  it('skips big files, other files, hidden folders and symbolic links, and says so', async () => {
    const env = await start();
    const src = tempDir();
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'secret.md'), 'secret');
    fs.writeFileSync(path.join(src, 'ok.md'), 'fine');
    fs.writeFileSync(path.join(src, 'huge.md'), Buffer.alloc(5 * 1024 * 1024 + 1, 'a'));
    fs.writeFileSync(path.join(src, 'image.png'), 'png');
    fs.writeFileSync(path.join(src, 'notes.txt'), 'txt');
    fs.mkdirSync(path.join(src, '.git'));
    fs.writeFileSync(path.join(src, '.git', 'HEAD.md'), 'ref');
    fs.symlinkSync(outside, path.join(src, 'linked-folder'));
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(src, 'linked.md'));

    const summary = await importFrom(env, src);
    expect(summary).toMatchObject({ pages: 1, skippedTooLarge: 1, skippedNotMarkdown: 4, skippedHidden: 1 });
    expect(summary.warnings).toContain('Skipped huge.md: larger than 5 MB');
    expect(await outline(env)).toEqual(['ok']);
  });

  it('refuses a relative, missing or file source and an unknown or archived parent', async () => {
    const env = await start();
    const pages = await seed(env);
    const file = path.join(tempDir(), 'f.md');
    fs.writeFileSync(file, 'x');
    expect((await failure(env, 'kb.import', { sourceDir: 'docs' })).code).toBe('invalid_argument');
    expect((await failure(env, 'kb.import', { sourceDir: path.join(tempDir(), 'missing') })).code).toBe('not_found');
    expect((await failure(env, 'kb.import', { sourceDir: file })).code).toBe('invalid_argument');
    expect((await failure(env, 'kb.import', { sourceDir: tempDir(), parentId: 'nope' })).code).toBe('not_found');
    expect((await failure(env, 'kb.import', { sourceDir: tempDir(), parentId: pages.gone.id })).code).toBe('conflict');
  });

  it('runs one job at a time', async () => {
    const env = await start();
    const first = await env.call<{ jobId: string }>('kb.import', { sourceDir: tempDir() });
    expect(await failure(env, 'kb.export', { targetDir: path.join(tempDir(), 'x') })).toMatchObject({ code: 'conflict' });
    await env.job(first.jobId);
  });

  it('cancelled while writing: archives what it created, so the tree is as before', async () => {
    const env = await start();
    await create(env, 'Existing');
    const src = bigImportSource();

    // The first batch of pages reaches the space doc ('pages.changed'): cancel right then.
    let writing = false;
    const offProgress = env.bridge.on('job.progress', (payload) => void (writing ||= (payload as JobProgress).phase === 'writing'));
    const { jobId } = await env.call<{ jobId: string }>('kb.import', { sourceDir: src });
    const offPages = env.bridge.on('pages.changed', () => {
      if (writing) void env.call('jobs.cancel', { jobId });
    });
    const done = await env.job(jobId);
    offProgress();
    offPages();
    expect(done).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await outline(env)).toEqual(['Existing']);
    expect((await env.call<PageSummary[]>('pages.archived')).map((page) => page.title).sort()).toEqual(['Big']);
    const phases = env.progress.filter((e) => e.jobId === jobId).map((e) => e.phase);
    expect([...new Set(phases)]).toEqual(['scanning', 'reading', 'writing']);
  });
});

describe('jobs when the Core stops', () => {
  /** Errors logged while `fn` runs (a write to the closed database would log one). */
  async function errorsDuring(fn: () => Promise<void>): Promise<string[]> {
    const logged: LogRecord[] = [];
    setLogSink((record) => logged.push(record));
    try {
      await fn();
    } finally {
      setLogSink(null);
    }
    return logged.filter((r) => r.level === 'error').map((r) => `${r.message}: ${String(r.fields?.error)}`);
  }

  it('an import is cancelled, archives what it created before storage closes, and writes nothing after', async () => {
    const env = await start();
    await create(env, 'Existing');
    const src = bigImportSource();

    let writing = false;
    let progressAtDispose = -1;
    const errors = await errorsDuring(async () => {
      env.bridge.on('job.progress', (payload) => void (writing ||= (payload as JobProgress).phase === 'writing'));
      const { jobId } = await env.call<{ jobId: string }>('kb.import', { sourceDir: src });
      // The first batch of pages reaches the space doc: the Core stops right then.
      const off = env.bridge.on('pages.changed', () => {
        if (!writing) return;
        off();
        env.core.dispose();
        progressAtDispose = env.progress.length;
      });
      // A write after dispose would fail on the closed database: an `internal` error, logged.
      expect(await env.job(jobId)).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      expect(progressAtDispose).toBeGreaterThan(0);
      expect(env.progress).toHaveLength(progressAtDispose);
    });
    expect(errors).toEqual([]);
    expect(env.core.services.db.open).toBe(false);

    // Restarted: the tree is as before the import, the pages it had created are in the archive.
    const again = await start(env.dataDir);
    expect(await outline(again)).toEqual(['Existing']);
    expect((await again.call<PageSummary[]>('pages.archived')).map((page) => page.title)).toEqual(['Big']);
  });

  it('an export is cancelled, reads nothing from the Core after, and removes what it wrote', async () => {
    const env = await start();
    for (let i = 0; i < 30; i++) await create(env, `Page ${i}`);
    const parent = tempDir();
    const target = path.join(parent, 'out');
    const errors = await errorsDuring(async () => {
      const { jobId } = await env.call<{ jobId: string }>('kb.export', { targetDir: target });
      const off = env.bridge.on('job.progress', (payload) => {
        if ((payload as JobProgress).phase === 'writing') {
          off();
          env.core.dispose();
          // Removed at once, before the process could exit.
          expect(fs.readdirSync(parent)).toEqual([]);
        }
      });
      expect(await env.job(jobId)).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      expect(env.progress.filter((e) => e.jobId === jobId).pop()).toMatchObject({ phase: 'writing', done: 1 });
    });
    expect(errors).toEqual([]);
    expect(fs.readdirSync(parent)).toEqual([]);
  });
});
