import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { BatonBridge, PageSummary, Profile } from '../../shared/api/contract';
import { authorOfClient, clientsOfUpdate } from '../../shared/model/authors';
import { insertTextAt, readPageText } from '../../shared/model/page';
import type { CoreBridge } from '../../test/support/core-bridge';
import { createCoreBridge, tempDataDir } from '../../test/support/core-bridge';
import { createCore } from './core';

const envs: CoreBridge[] = [];
afterEach(() => {
  while (envs.length) envs.pop()!.dispose();
});

function start(dataDir?: string): CoreBridge {
  const env = createCoreBridge(dataDir ? { dataDir } : {});
  envs.push(env);
  return env;
}

async function call<T>(env: CoreBridge | BatonBridge, method: string, input?: unknown): Promise<T> {
  const bridge = 'bridge' in env ? env.bridge : env;
  const result = await bridge.invoke(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

const setup = { name: '  Kenji ', timeZone: 'Asia/Tokyo', workdays: [5, 1, 2, 3, 4], workStart: '10:00', workEnd: '18:00' };

describe('Core', () => {
  it('first run creates a local profile and space; the app works with no relay', async () => {
    const env = start();
    expect(await call(env, 'profile.get')).toBeNull();
    const profile = await call<Profile>(env, 'profile.setup', setup);
    expect(profile.member).toMatchObject({ name: 'Kenji', timeZone: 'Asia/Tokyo', workdays: [1, 2, 3, 4, 5], role: 'owner' });
    expect(profile.settings.checkInQuestions).toHaveLength(3);
    expect(profile.settings.spaceName).toBe("Kenji's team");
    expect(await env.bridge.invoke('profile.setup', setup)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const updated = await call<Profile>(env, 'profile.update', { workEnd: '19:00' });
    expect(updated.member.workEnd).toBe('19:00');
  });

  it('creates and renames pages; the projection and the doc survive a restart', async () => {
    const dataDir = tempDataDir();
    const env = createCoreBridge({ dataDir });
    await call(env, 'profile.setup', setup);
    const a = await call<PageSummary>(env, 'pages.create', { title: 'Runbook' });
    const b = await call<PageSummary>(env, 'pages.create', { title: '  On-call\nrota ' });
    expect(b.title).toBe('On-call rota');
    expect(b.order).toBeGreaterThan(a.order);
    await call(env, 'pages.rename', { id: a.id, title: 'Incident runbook' });
    const child = await call<PageSummary>(env, 'pages.create', { title: 'Sub', parentId: a.id });
    expect(child.parentId).toBe(a.id);
    env.core.dispose();

    // Restart on the same directory: everything is read back from SQLite.
    const core = createCore({ dataDir, shell: 'web' });
    try {
      const spaceId = core.services.identity()!.spaceId;
      expect(core.services.pages.list(spaceId).map((p) => p.title)).toEqual(['Incident runbook', 'On-call rota', 'Sub']);
    } finally {
      core.dispose();
    }
  });

  it('mirrors a page body: state on open, local updates stored, pushed to the other window (the sender gets only its authors entry)', async () => {
    const env = start();
    await call(env, 'profile.setup', setup);
    const page = await call<PageSummary>(env, 'pages.create', { title: 'Notes' });
    const docId = `page/${page.id}`;
    const other = env.connectAnother();
    const pushedToOther: Uint8Array[] = [];
    const pushedToSelf: Uint8Array[] = [];
    other.on('doc.update', (p) => pushedToOther.push((p as { update: Uint8Array }).update));
    env.bridge.on('doc.update', (p) => pushedToSelf.push((p as { update: Uint8Array }).update));
    await other.invoke('docs.open', { docId });

    const mirror = new Y.Doc();
    const opened = await call<{ state: Uint8Array }>(env, 'docs.open', { docId });
    Y.applyUpdate(mirror, opened.state);
    mirror.on('update', (update: Uint8Array) => void env.bridge.invoke('docs.update', { docId, update }));
    insertTextAt(mirror, 0, 'Deploys freeze on Fridays');
    await new Promise((r) => setTimeout(r, 20));

    // The sender's own edit is not sent back; only what the Core added to it: the page's authors
    // entry naming the window's client (shared/model/authors.ts).
    expect(pushedToSelf).toHaveLength(1);
    expect(clientsOfUpdate(pushedToSelf[0])).not.toContain(mirror.clientID);
    const window = new Y.Doc();
    Y.applyUpdate(window, Y.encodeStateAsUpdate(mirror));
    Y.applyUpdate(window, pushedToSelf[0]);
    expect(authorOfClient(window, mirror.clientID)).toBe((await call<Profile>(env, 'profile.get')).memberId);
    expect(readPageText(window)).toBe('Deploys freeze on Fridays');
    const otherMirror = new Y.Doc();
    for (const u of pushedToOther) Y.applyUpdate(otherMirror, u);
    expect(readPageText(otherMirror)).toBe('Deploys freeze on Fridays');
    const reopened = await call<{ state: Uint8Array }>(other, 'docs.open', { docId });
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, reopened.state);
    expect(readPageText(fresh)).toBe('Deploys freeze on Fridays');
  });

  it('tells every window when the page list changes', async () => {
    const env = start();
    await call(env, 'profile.setup', setup);
    const events: unknown[] = [];
    env.connectAnother().on('pages.changed', (p) => events.push(p));
    await call(env, 'pages.create', { title: 'Hello' });
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toContainEqual({ reason: 'local' });
  });
});

describe('first-run setup', () => {
  it('an identity left without a member record (a crash mid-setup) can still be set up', async () => {
    const dataDir = tempDataDir();
    const first = createCoreBridge({ dataDir });
    // What an interrupted setup of an older build could leave: ids saved, no member written.
    first.core.services.settings.set('spaceId', 'S1orphanSpace00');
    first.core.services.settings.set('memberId', 'M1orphanMember0');
    first.dispose({ keepData: true });

    const env = start(dataDir);
    expect(await call(env, 'profile.get')).toBeNull();
    const profile = await call<Profile>(env, 'profile.setup', setup);
    expect(profile.member.name).toBe('Kenji');
    expect(await call<Profile>(env, 'profile.get')).toMatchObject({ memberId: profile.memberId });
    expect(await env.bridge.invoke('profile.setup', setup)).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
