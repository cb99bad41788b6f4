/**
 * Page history through the real Core, with a clock the test moves: when versions are captured,
 * who is recorded, diffs, and restore as a new edit that other replicas converge on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CommentThread, HistoryVersion, HistoryVersionDetail, PageSummary, Profile } from '../../../shared/api/contract';
import { pageDocId } from '../../../shared/model/doc-ids';
import { authorOfClient, clientsOfUpdate, resolveClients } from '../../../shared/model/authors';
import { appendParagraph, insertTextAt, pageContent, readPageText } from '../../../shared/model/page';
import type { CoreBridge } from '../../../test/support/core-bridge';
import { createCoreBridge } from '../../../test/support/core-bridge';
import type { ManualClock } from '../../../test/support/page-editing';
import { editAsRemote, editAsTeammate, editAsWindow, manualClock } from '../../../test/support/page-editing';

const envs: CoreBridge[] = [];
afterEach(() => {
  while (envs.length) envs.pop()!.dispose();
});

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const setup = { name: 'Ana', timeZone: 'Europe/Lisbon', workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00' };

interface Env {
  env: CoreBridge;
  clock: ManualClock;
  profile: Profile;
  page: PageSummary;
  tick(): void;
  versions(): Promise<HistoryVersion[]>;
}

async function start(): Promise<Env> {
  const clock = manualClock();
  const env = createCoreBridge({ clock, historyTuning: { tickMs: 0 } });
  envs.push(env);
  const profile = await env.call<Profile>('profile.setup', setup);
  const page = await env.call<PageSummary>('pages.create', { title: 'Runbook' });
  return {
    env,
    clock,
    profile,
    page,
    tick: () => env.core.services.history.tick(),
    versions: () => env.call<HistoryVersion[]>('history.list', { pageId: page.id }),
  };
}

const type = (t: Env, text: string) => editAsWindow(t.env, t.page.id, (doc) => insertTextAt(doc, readPageText(doc).length, text));

const firstText = (doc: Y.Doc) => (pageContent(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;

describe('page history', () => {
  it('captures a version after a pause in editing, with the local author', async () => {
    const t = await start();
    await editAsWindow(t.env, t.page.id, (doc) => appendParagraph(doc, 'First draft'));
    t.clock.advance(30 * SECOND);
    t.tick();
    expect(await t.versions()).toEqual([]);
    t.clock.advance(31 * SECOND);
    t.tick();
    const [version] = await t.versions();
    expect(version).toMatchObject({ pageId: t.page.id, at: t.clock.now(), authors: [t.profile.memberId], remote: false, restoredFrom: null });
    // Nothing new: no new version.
    t.clock.advance(10 * MINUTE);
    t.tick();
    expect(await t.versions()).toHaveLength(1);
  });

  it('captures at most every 10 minutes while edits keep coming', async () => {
    const t = await start();
    const start0 = t.clock.now();
    for (let i = 0; i < 75; i++) {
      await type(t, `w${i} `);
      t.clock.advance(20 * SECOND);
      t.tick();
    }
    const during = (await t.versions()).map((v) => v.at - start0).reverse();
    // 25 minutes of steady typing: one version per 10 minutes.
    expect(during).toHaveLength(2);
    expect(during[0]).toBeGreaterThanOrEqual(10 * MINUTE);
    expect(during[1] - during[0]).toBeGreaterThanOrEqual(10 * MINUTE);
    t.clock.advance(MINUTE);
    t.tick();
    expect(await t.versions()).toHaveLength(3);
  });

  it('captures when the window closes the page, and tells windows', async () => {
    const t = await start();
    const events: unknown[] = [];
    t.env.bridge.on('history.changed', (p) => events.push(p));
    await type(t, 'Closing soon');
    await t.env.call('docs.close', { docId: pageDocId(t.page.id) });
    expect(await t.versions()).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 5));
    expect(events).toEqual([{ pageId: t.page.id }]);
  });

  it('records edits from the relay as remote with no known author, and skips comment-only changes', async () => {
    const t = await start();
    editAsRemote(t.env, t.page.id, (doc) => appendParagraph(doc, 'From a teammate'));
    t.clock.advance(2 * MINUTE);
    t.tick();
    expect(await t.versions()).toMatchObject([{ authors: [], remote: true }]);
    await t.env.call('comments.add', { pageId: t.page.id, body: 'Nice' });
    t.clock.advance(2 * MINUTE);
    t.tick();
    expect(await t.versions()).toHaveLength(1);
  });

  it('names teammates for edits from the relay through the page’s authors map, deletions too', async () => {
    const t = await start();
    editAsTeammate(t.env, t.page.id, 'bea', (doc) => appendParagraph(doc, 'From Bea'));
    t.clock.advance(2 * MINUTE);
    t.tick();
    expect(await t.versions()).toMatchObject([{ authors: ['bea'], remote: false }]);

    // An edit that only deletes names no client by itself; Bea's Core adds a named struct to it.
    editAsTeammate(t.env, t.page.id, 'bea', (doc) => firstText(doc).delete(4, 4));
    expect(readPageText(t.env.core.services.doc(pageDocId(t.page.id)))).toBe('From');
    t.clock.advance(2 * MINUTE);
    t.tick();
    expect((await t.versions())[0]).toMatchObject({ authors: ['bea'], remote: false });

    // Local and two teammates' edits in one version; a client nobody named stays "remote".
    await type(t, ' Ana');
    editAsTeammate(t.env, t.page.id, 'cy', (doc) => insertTextAt(doc, 0, 'Cy: '));
    editAsRemote(t.env, t.page.id, (doc) => insertTextAt(doc, readPageText(doc).length, ' (old app)'));
    t.clock.advance(2 * MINUTE);
    t.tick();
    expect((await t.versions())[0]).toMatchObject({ authors: ['cy', t.profile.memberId].sort(), remote: true });
    expect(readPageText(t.env.core.services.doc(pageDocId(t.page.id)))).toBe('Cy: From Ana (old app)');
  });

  it('names this device’s member for the Core’s own page edits, in the edit’s own transaction', async () => {
    const t = await start();
    const services = t.env.core.services;
    const doc = services.doc(pageDocId(t.page.id));
    const outgoing: Uint8Array[] = [];
    services.docs.onUpdate((id, update) => id === services.storageId(pageDocId(t.page.id)) && outgoing.push(update));
    await t.env.call('comments.add', { pageId: t.page.id, body: 'First!' });
    expect(outgoing).toHaveLength(1);
    expect(authorOfClient(doc, doc.clientID)).toBe(t.profile.memberId);
    // A teammate receiving it names every client in it.
    const theirs = new Y.Doc();
    Y.applyUpdate(theirs, outgoing[0]);
    expect(resolveClients(theirs, clientsOfUpdate(outgoing[0]))).toEqual({ members: [t.profile.memberId], unknown: [] });
  });

  it('shows a version’s text with a word diff against the previous version or the page now', async () => {
    const t = await start();
    await editAsWindow(t.env, t.page.id, (doc) => appendParagraph(doc, 'Deploy on Tuesday\nAsk ops'));
    t.clock.advance(2 * MINUTE);
    t.tick();
    await editAsWindow(t.env, t.page.id, (doc) => {
      insertTextAt(doc, 'Deploy on '.length, 'Wednesday, not ');
      appendParagraph(doc, 'Then celebrate');
    });
    t.clock.advance(2 * MINUTE);
    t.tick();
    const [second, first] = await t.versions();
    const detail = await t.env.call<HistoryVersionDetail>('history.get', { pageId: t.page.id, versionId: second.id });
    expect(detail.text).toBe('Deploy on Wednesday, not Tuesday\nAsk ops\nThen celebrate');
    expect(detail.comparedTo).toBe('previous');
    expect(detail.diff).toEqual([
      { text: 'Deploy on ', kind: 'same' },
      { text: 'Wednesday, not ', kind: 'added' },
      { text: 'Tuesday\nAsk ops', kind: 'same' },
      { text: '\nThen celebrate', kind: 'added' },
    ]);
    expect(detail.content.content?.map((n) => n.type)).toEqual(['paragraph', 'paragraph', 'paragraph']);
    const firstVsNow = await t.env.call<HistoryVersionDetail>('history.get', { pageId: t.page.id, versionId: first.id, compareTo: 'current' });
    expect(firstVsNow.diff.filter((s) => s.kind !== 'same').map((s) => [s.kind, s.text])).toEqual([
      ['added', 'Wednesday, not '],
      ['added', '\nThen celebrate'],
    ]);
    const missing = await t.env.bridge.invoke('history.get', { pageId: t.page.id, versionId: 9999 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('restores as a new local edit: old updates stay, another replica converges, anchors in kept text survive', async () => {
    const t = await start();
    const services = t.env.core.services;
    const storageId = services.storageId(pageDocId(t.page.id));
    await editAsWindow(t.env, t.page.id, (doc) => appendParagraph(doc, 'Keep this line\nOriginal plan'));
    t.clock.advance(2 * MINUTE);
    t.tick();
    const [v1] = await t.versions();
    await editAsWindow(t.env, t.page.id, (doc) => {
      insertTextAt(doc, readPageText(doc).length, ' was replaced');
      appendParagraph(doc, 'Extra');
    });
    const thread = await t.env.call<CommentThread>('comments.add', { pageId: t.page.id, body: 'Why?', anchor: { from: 0, to: 4 } });

    // A teammate's replica has everything so far and keeps typing concurrently.
    const replica = new Y.Doc();
    Y.applyUpdate(replica, services.docs.encodeState(storageId));
    insertTextAt(replica, 0, '! ');
    const rowsBefore = (services.db.prepare('SELECT count(*) AS n FROM doc_updates WHERE doc_id = ?').get(storageId) as { n: number }).n;

    const outgoing: Array<{ update: Uint8Array; origin: unknown }> = [];
    const listener = services.docs.onUpdate((id, update, origin) => {
      if (id === storageId) outgoing.push({ update, origin });
    });
    const restored = await t.env.call<HistoryVersion>('history.restore', { pageId: t.page.id, versionId: v1.id });
    listener.dispose();
    expect(readPageText(services.doc(pageDocId(t.page.id)))).toBe('Keep this line\nOriginal plan');
    expect(restored).toMatchObject({ restoredFrom: v1.id, authors: [t.profile.memberId] });
    // One transaction, with the local origin (so it syncs and counts as this member's edit).
    expect(outgoing).toHaveLength(1);
    expect(outgoing[0].origin).toEqual({ kind: 'local' });
    // The restore only deletes, yet it names this member for teammates (shared/model/authors.ts).
    expect(resolveClients(services.doc(pageDocId(t.page.id)), clientsOfUpdate(outgoing[0].update))).toEqual({ members: [t.profile.memberId], unknown: [] });
    const rowsAfter = (services.db.prepare('SELECT count(*) AS n FROM doc_updates WHERE doc_id = ?').get(storageId) as { n: number }).n;
    expect(rowsAfter).toBe(rowsBefore + 1);
    // History before the restore is kept: v1, the pre-restore state, the restore.
    expect((await t.versions()).map((v) => v.restoredFrom)).toEqual([v1.id, null, null]);

    // The replica receives the restore update (and we receive its edit): both converge.
    Y.applyUpdate(replica, outgoing[0].update);
    services.docs.applyUpdate(storageId, Y.encodeStateAsUpdate(replica, Y.encodeStateVector(services.doc(pageDocId(t.page.id)))), { kind: 'remote' });
    expect(readPageText(replica)).toBe('! Keep this line\nOriginal plan');
    expect(readPageText(services.doc(pageDocId(t.page.id)))).toBe(readPageText(replica));

    // The comment anchored in the kept line still points at its text.
    const [after] = await t.env.call<CommentThread[]>('comments.list', { pageId: t.page.id });
    expect(after.id).toBe(thread.id);
    expect(readPageText(replica).slice(after.anchor!.from, after.anchor!.to)).toBe('Keep');
  });

  it('restoring the current content changes nothing', async () => {
    const t = await start();
    await type(t, 'Stable');
    await t.env.call('docs.close', { docId: pageDocId(t.page.id) });
    const [v] = await t.versions();
    expect(await t.env.call('history.restore', { pageId: t.page.id, versionId: v.id })).toBeNull();
    expect(await t.versions()).toHaveLength(1);
  });
});
