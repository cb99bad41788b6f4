/**
 * The knowledge-base API through the real Core (dispatcher, validation, SQLite): page tree,
 * reviews, templates, links and backlinks, comments, and the events windows get.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CommentThread, PageSummary, Profile, Template } from '../../../shared/api/contract';
import { SPACE_DOC_ID, pageDocId } from '../../../shared/model/doc-ids';
import { appendParagraph, readPageText } from '../../../shared/model/page';
import { pageLinkHref } from '../../../shared/model/links';
import { isStale } from '../../../shared/model/staleness';
import { writeTemplateContent } from '../../../shared/model/templates';
import type { CoreBridge } from '../../../test/support/core-bridge';
import { createCoreBridge } from '../../../test/support/core-bridge';
import { editAsRemote, editAsWindow, manualClock } from '../../../test/support/page-editing';

const envs: CoreBridge[] = [];
afterEach(() => {
  while (envs.length) envs.pop()!.dispose();
});

const DAY = 24 * 60 * 60 * 1000;
const setup = { name: 'Ana', timeZone: 'Europe/Lisbon', workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00' };
const clock = manualClock();

async function start(): Promise<CoreBridge & { profile: Profile }> {
  const env = createCoreBridge({ clock, historyTuning: { tickMs: 0 } });
  envs.push(env);
  const profile = await env.call<Profile>('profile.setup', setup);
  return Object.assign(env, { profile });
}

const create = (env: CoreBridge, title: string, parentId?: string) => env.call<PageSummary>('pages.create', { title, ...(parentId ? { parentId } : {}) });
const list = (env: CoreBridge) => env.call<PageSummary[]>('pages.list');
const titles = (pages: PageSummary[]) => pages.map((p) => p.title);
const failure = async (env: CoreBridge, method: string, input: unknown) => {
  const result = await env.bridge.invoke(method, input);
  if (result.ok) throw new Error(`${method} unexpectedly succeeded`);
  return result.error;
};

function linkTo(pageId: string, label: string) {
  return (doc: Y.Doc) =>
    writeTemplateContent(
      doc,
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: label, marks: [{ type: 'link', attrs: { href: pageLinkHref(pageId) } }] }] }] },
      null,
    );
}

describe('page tree API', () => {
  it('nests, moves, reorders and gives breadcrumbs', async () => {
    const env = await start();
    const handbook = await create(env, 'Handbook');
    const ops = await create(env, 'Ops');
    const oncall = await create(env, 'On-call', handbook.id);
    const deploys = await create(env, 'Deploys', handbook.id);
    expect((await env.call<PageSummary>('pages.move', { id: ops.id, parentId: handbook.id, beforeId: oncall.id })).parentId).toBe(handbook.id);
    await env.call('pages.move', { id: deploys.id, parentId: ops.id });
    const kids = (await list(env)).filter((p) => p.parentId === handbook.id).sort((a, b) => a.order - b.order);
    expect(titles(kids)).toEqual(['Ops', 'On-call']);
    await env.call('pages.move', { id: oncall.id, parentId: handbook.id, index: 0 });
    expect(titles((await list(env)).filter((p) => p.parentId === handbook.id).sort((a, b) => a.order - b.order))).toEqual(['On-call', 'Ops']);
    expect(titles(await env.call<PageSummary[]>('pages.breadcrumb', { id: deploys.id }))).toEqual(['Handbook', 'Ops', 'Deploys']);
  });

  it('refuses bad moves with clear errors', async () => {
    const env = await start();
    const a = await create(env, 'A');
    const b = await create(env, 'B', a.id);
    const c = await create(env, 'C');
    expect(await failure(env, 'pages.move', { id: a.id, parentId: b.id })).toMatchObject({ code: 'conflict', message: expect.stringContaining('subpages') });
    expect(await failure(env, 'pages.move', { id: a.id, parentId: a.id })).toMatchObject({ code: 'invalid_argument' });
    expect(await failure(env, 'pages.move', { id: c.id, parentId: a.id, beforeId: b.id, afterId: b.id })).toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('at most one'),
    });
    expect(await failure(env, 'pages.move', { id: c.id, parentId: a.id, beforeId: c.id })).toMatchObject({ code: 'invalid_argument' });
    expect(await failure(env, 'pages.move', { id: c.id, parentId: null, beforeId: b.id })).toMatchObject({ code: 'invalid_argument' });
    expect(await failure(env, 'pages.move', { id: 'missing', parentId: null })).toMatchObject({ code: 'not_found' });
    expect(await failure(env, 'pages.move', { id: c.id, parentId: 'missing' })).toMatchObject({ code: 'not_found' });
  });

  it('archives a page with its subpages, lists it as archived, restores them', async () => {
    const env = await start();
    const a = await create(env, 'A');
    await create(env, 'A1', a.id);
    await create(env, 'B');
    const events: unknown[] = [];
    env.connectAnother().on('pages.changed', (p) => events.push(p));
    await env.call('pages.archive', { id: a.id });
    expect(titles(await list(env))).toEqual(['B']);
    expect(titles(await env.call<PageSummary[]>('pages.archived'))).toEqual(['A']);
    expect(await failure(env, 'pages.create', { title: 'Under archived', parentId: a.id })).toMatchObject({ code: 'conflict' });
    expect(await failure(env, 'pages.move', { id: a.id, parentId: null })).toMatchObject({ code: 'conflict', message: expect.stringContaining('restore') });
    await env.call('pages.restore', { id: a.id });
    expect(titles(await list(env)).sort()).toEqual(['A', 'A1', 'B']);
    expect(await failure(env, 'pages.restore', { id: a.id })).toMatchObject({ code: 'conflict' });
    await new Promise((r) => setTimeout(r, 5));
    expect(events.length).toBeGreaterThanOrEqual(2);
  });

  it('shows the same tree after concurrent moves arrive from a teammate', async () => {
    const env = await start();
    const x = await create(env, 'X');
    const y = await create(env, 'Y');
    // A teammate moved Y under X while this device moves X under Y.
    const storage = env.core.services.storageId(SPACE_DOC_ID);
    const teammate = new Y.Doc();
    Y.applyUpdate(teammate, env.core.services.docs.encodeState(storage));
    const before = Y.encodeStateVector(teammate);
    (teammate.getMap('pages').get(y.id) as Y.Map<unknown>).set('parentId', x.id);
    await env.call('pages.move', { id: x.id, parentId: y.id });
    env.core.services.docs.applyUpdate(storage, Y.encodeStateAsUpdate(teammate, before), { kind: 'remote' });
    const pages = await list(env);
    expect(pages).toHaveLength(2);
    const [root] = [x.id, y.id].sort();
    expect(pages.find((p) => p.id === root)!.parentId).toBeNull();
    expect(pages.find((p) => p.id !== root)!.parentId).toBe(root);
  });
});

describe('keeping pages current', () => {
  it('updates icon, owner and interval; review is separate from edits; due list per owner', async () => {
    const env = await start();
    const page = await create(env, 'Runbook');
    expect(page).toMatchObject({ ownerId: env.profile.memberId, reviewEveryDays: 90, openThreads: 0 });
    const updated = await env.call<PageSummary>('pages.update', { id: page.id, icon: '🚒', reviewEveryDays: 30 });
    expect(updated).toMatchObject({ icon: '🚒', reviewEveryDays: 30 });
    expect(await failure(env, 'pages.update', { id: page.id, ownerId: 'notAMember' })).toMatchObject({ code: 'invalid_argument' });
    expect(await failure(env, 'pages.update', { id: page.id, reviewEveryDays: 0 })).toMatchObject({ code: 'invalid_argument' });
    expect(await failure(env, 'pages.update', { id: page.id, icon: '<img src=x>' })).toMatchObject({ code: 'invalid_argument' });

    clock.advance(31 * DAY);
    expect(isStale(updated, clock.now())).toBe(true);
    expect(titles(await env.call<PageSummary[]>('pages.dueForReview', { ownerId: env.profile.memberId }))).toEqual(['Runbook']);
    expect(await env.call('pages.dueForReview', { ownerId: 'someoneElse' })).toEqual([]);
    const reviewed = await env.call<PageSummary>('pages.markReviewed', { id: page.id });
    expect(reviewed).toMatchObject({ verifiedAt: clock.now(), verifiedBy: env.profile.memberId, updatedAt: updated.updatedAt });
    expect(await env.call('pages.dueForReview', {})).toEqual([]);
  });
});

describe('templates API', () => {
  it('lists built-ins, creates pages from them, saves a page as a team template', async () => {
    const env = await start();
    const templates = await env.call<Template[]>('templates.list');
    expect(templates.filter((t) => t.builtin)).toHaveLength(6);
    const parent = await create(env, 'Decisions');
    const adr = await env.call<PageSummary>('pages.createFromTemplate', { templateId: 'builtin-decision-record', title: 'ADR 1: SQLite', parentId: parent.id });
    expect(adr).toMatchObject({ title: 'ADR 1: SQLite', parentId: parent.id });
    expect(readPageText(env.core.services.doc(pageDocId(adr.id)))).toMatch(/^Context\n/);

    const saved = await env.call<Template>('templates.saveFromPage', { pageId: adr.id, name: 'Our ADR', description: 'With our headings' });
    expect(saved).toMatchObject({ name: 'Our ADR', builtin: false, createdBy: env.profile.memberId });
    const copy = await env.call<PageSummary>('pages.createFromTemplate', { templateId: saved.id, title: 'ADR 2' });
    expect(readPageText(env.core.services.doc(pageDocId(copy.id)))).toBe(readPageText(env.core.services.doc(pageDocId(adr.id))));
    expect((await env.call<Template[]>('templates.list')).map((t) => t.name)).toContain('Our ADR');
    await env.call('templates.delete', { id: saved.id });
    expect(await failure(env, 'pages.createFromTemplate', { templateId: saved.id, title: 'x' })).toMatchObject({ code: 'not_found' });
    expect(await failure(env, 'templates.delete', { id: 'builtin-retrospective' })).toMatchObject({ code: 'conflict' });
    expect(await failure(env, 'templates.saveFromPage', { pageId: adr.id, name: '  ' })).toMatchObject({ code: 'invalid_argument' });
  });
});

describe('links and backlinks', () => {
  it('lists the pages linking to a page, after renames, remote edits and archive', async () => {
    const env = await start();
    const target = await create(env, 'Runbook');
    const a = await create(env, 'Incident 12');
    const b = await create(env, 'Onboarding');
    await editAsWindow(env, a.id, linkTo(target.id, 'the runbook'));
    editAsRemote(env, b.id, linkTo(target.id, 'Runbook'));
    editAsRemote(env, target.id, linkTo(target.id, 'self'));
    const backlinks = () => env.call<PageSummary[]>('pages.backlinks', { id: target.id });
    expect(titles(await backlinks())).toEqual(['Incident 12', 'Onboarding']);

    // Renaming either side keeps the link: it names the id.
    await env.call('pages.rename', { id: target.id, title: 'Incident runbook' });
    await env.call('pages.rename', { id: a.id, title: 'Incident 12 (resolved)' });
    expect(titles(await backlinks())).toEqual(['Incident 12 (resolved)', 'Onboarding']);

    await env.call('pages.archive', { id: b.id });
    expect(titles(await backlinks())).toEqual(['Incident 12 (resolved)']);
    // Removing the link removes the backlink.
    await editAsWindow(env, a.id, (doc) => doc.getXmlFragment('content').delete(0, doc.getXmlFragment('content').length));
    expect(await backlinks()).toEqual([]);
  });
});

describe('comments API', () => {
  it('adds anchored and page-level threads, replies, resolves; counts open threads; tells windows', async () => {
    const env = await start();
    const page = await create(env, 'Plan');
    await editAsWindow(env, page.id, (doc) => appendParagraph(doc, 'Ship on Friday\nThen rest'));
    const other = env.connectAnother();
    const events: unknown[] = [];
    other.on('comments.changed', (p) => events.push(p));

    const anchored = await env.call<CommentThread>('comments.add', {
      pageId: page.id,
      body: 'Friday is risky',
      mentions: [env.profile.memberId],
      anchor: { from: 8, to: 14 },
    });
    expect(anchored).toMatchObject({ quote: 'Friday', anchor: { from: 8, to: 14 }, anchored: true, authorId: env.profile.memberId });
    clock.advance(1000);
    const general = await env.call<CommentThread>('comments.add', { pageId: page.id, body: 'Looks good overall' });
    expect(general.anchor).toBeNull();
    expect((await list(env)).find((p) => p.id === page.id)!.openThreads).toBe(2);

    const replied = await env.call<CommentThread>('comments.reply', { pageId: page.id, threadId: anchored.id, body: 'Agreed, Thursday?' });
    expect(replied.replies.map((r) => r.body)).toEqual(['Friday is risky', 'Agreed, Thursday?']);
    await env.call('comments.edit', { pageId: page.id, threadId: anchored.id, replyId: replied.replies[1].id, body: 'Agreed — Thursday?' });
    await env.call('comments.resolve', { pageId: page.id, threadId: anchored.id, resolved: true });
    expect((await list(env)).find((p) => p.id === page.id)!.openThreads).toBe(1);

    // Text typed before the anchor by a teammate moves it along.
    editAsRemote(env, page.id, (doc) => {
      const text = doc.getXmlFragment('content').get(0) as Y.XmlElement;
      (text.get(0) as Y.XmlText).insert(0, 'Maybe: ');
    });
    const threads = await env.call<CommentThread[]>('comments.list', { pageId: page.id });
    expect(threads.map((t) => t.id)).toEqual([anchored.id, general.id]);
    expect(threads[0]).toMatchObject({ anchor: { from: 15, to: 21 }, resolved: true, resolvedBy: env.profile.memberId });
    expect(threads[0].replies[1]).toMatchObject({ body: 'Agreed — Thursday?', editedAt: expect.any(Number) });

    await new Promise((r) => setTimeout(r, 5));
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(events).toContainEqual({ pageId: page.id });
  });

  it('a comment from a teammate reaches the list, the count and the event', async () => {
    const env = await start();
    const page = await create(env, 'Plan');
    const events: unknown[] = [];
    env.bridge.on('comments.changed', (p) => events.push(p));
    const teammate = new Y.Doc();
    const storage = env.core.services.storageId(pageDocId(page.id));
    Y.applyUpdate(teammate, env.core.services.docs.encodeState(storage));
    const { addCommentThread } = await import('../../../shared/model/comments');
    const before = Y.encodeStateVector(teammate);
    addCommentThread(teammate, { id: 'remoteThread1', replyId: 'remoteReply1', body: 'From afar', authorId: 'ben', now: 1 }, null);
    env.core.services.docs.applyUpdate(storage, Y.encodeStateAsUpdate(teammate, before), { kind: 'remote' });
    expect(await env.call<CommentThread[]>('comments.list', { pageId: page.id })).toMatchObject([{ id: 'remoteThread1' }]);
    env.core.services.content.flush();
    expect((await list(env))[0].openThreads).toBe(1);
    await new Promise((r) => setTimeout(r, 5));
    expect(events).toEqual([{ pageId: page.id }]);
  });

  it('validates comment input', async () => {
    const env = await start();
    const page = await create(env, 'Plan');
    expect(await failure(env, 'comments.add', { pageId: page.id, body: '   ' })).toMatchObject({ code: 'invalid_argument' });
    expect(await failure(env, 'comments.add', { pageId: page.id, body: 'x', anchor: { from: 3, to: 3 } })).toMatchObject({ code: 'invalid_argument' });
    expect(await failure(env, 'comments.add', { pageId: page.id, body: 'x', anchor: { from: 0, to: 50 } })).toMatchObject({ code: 'invalid_argument' });
    expect(await failure(env, 'comments.add', { pageId: page.id, body: 'x', mentions: ['stranger'] })).toMatchObject({ code: 'invalid_argument' });
    expect(await failure(env, 'comments.reply', { pageId: page.id, threadId: 'nope', body: 'x' })).toMatchObject({ code: 'not_found' });
    expect(await failure(env, 'comments.list', { pageId: 'nope' })).toMatchObject({ code: 'not_found' });
  });
});
