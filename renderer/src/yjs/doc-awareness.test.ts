import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { BatonBridge } from '../../../shared/api/contract';
import { pageDocId } from '../../../shared/model/doc-ids';
import { setLogLevel } from '../../../shared/log/logger';
import { createCoreBridge } from '../../../test/support/core-bridge';
import type { CoreBridge } from '../../../test/support/core-bridge';
import { createApiClient } from '../platform';
import type { ConnectionStatus } from '../platform';
import { DocAwareness } from './doc-awareness';

const ada = { name: 'Ada', color: '#2f5bd3', memberId: 'm-ada' };

/** Another window with the doc open that records every awareness update it is sent. */
async function listener(bridge: BatonBridge, docId: string) {
  const api = createApiClient(() => bridge);
  await api.call('docs.open', { docId });
  const received: Uint8Array[] = [];
  const awareness = new Awareness(new Y.Doc());
  api.on('awareness.update', (p) => {
    if (p.docId !== docId) return;
    received.push(p.update);
    applyAwarenessUpdate(awareness, p.update, 'remote');
  });
  return { api, received, awareness };
}

/** Which client ids an awareness update carries. */
function clientsOf(update: Uint8Array): number[] {
  const target = new Awareness(new Y.Doc());
  const ids: number[] = [];
  target.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) =>
    ids.push(...added, ...updated, ...removed),
  );
  applyAwarenessUpdate(target, update, 'test');
  const result = [...ids];
  target.destroy();
  return result;
}

describe('DocAwareness', () => {
  let core: CoreBridge;
  let docId: string;
  beforeEach(async () => {
    setLogLevel('error');
    core = createCoreBridge();
    const api = createApiClient(() => core.bridge);
    await api.call('profile.setup', { name: 'Ada', timeZone: 'UTC', workdays: [1], workStart: '09:00', workEnd: '17:00' });
    docId = pageDocId((await api.call('pages.create', { title: 'P' })).id);
  });
  afterEach(() => {
    vi.useRealTimers();
    core.dispose();
  });

  it('announces only its own entry, applies others as remote without echoing, and says goodbye', async () => {
    const other = await listener(core.connectAnother(), docId);
    const api = createApiClient(() => core.bridge);
    await api.call('docs.open', { docId });
    const doc = new Y.Doc();
    const presence = new DocAwareness(docId, doc, { api });
    presence.start(ada);
    await expect.poll(() => other.awareness.getStates().get(doc.clientID)).toMatchObject({ user: ada });
    expect(other.received.every((u) => clientsOf(u).every((id) => id === doc.clientID))).toBe(true);

    // Someone new speaks: the window answers once (coalesced), with only its own entry.
    const sent: Uint8Array[] = [];
    const spy = vi.spyOn(api, 'call').mockImplementation((async (method: string, input?: unknown) => {
      if (method === 'awareness.update') sent.push((input as { update: Uint8Array }).update);
    }) as typeof api.call);
    const bo = new Awareness(new Y.Doc());
    bo.setLocalState({ user: { name: 'Bo', color: '#111', memberId: 'm-bo' } });
    const cy = new Awareness(new Y.Doc());
    cy.setLocalState({ user: { name: 'Cy', color: '#222', memberId: 'm-cy' } });
    await other.api.call('awareness.update', { docId, update: encodeAwarenessUpdate(bo, [bo.clientID]) });
    await other.api.call('awareness.update', { docId, update: encodeAwarenessUpdate(cy, [cy.clientID]) });
    await expect.poll(() => presence.awareness.getStates().size).toBe(3);
    await expect.poll(() => sent.length).toBe(1);
    expect(clientsOf(sent[0])).toEqual([doc.clientID]);
    // Bo moving again is not news: no answer, no echo.
    bo.setLocalStateField('cursor', { anchor: 1 });
    await other.api.call('awareness.update', { docId, update: encodeAwarenessUpdate(bo, [bo.clientID]) });
    await new Promise((r) => setTimeout(r, 100));
    expect(sent).toHaveLength(1);
    spy.mockRestore();

    presence.dispose();
    await expect.poll(() => other.awareness.getStates().has(doc.clientID)).toBe(false);
    doc.destroy();
    bo.destroy();
    cy.destroy();
  });

  it('a new DocAwareness on the same doc (an effect run again) is still heard', async () => {
    const other = await listener(core.connectAnother(), docId);
    const api = createApiClient(() => core.bridge);
    const doc = new Y.Doc();
    const first = new DocAwareness(docId, doc, { api });
    first.start(ada);
    await expect.poll(() => other.awareness.getStates().get(doc.clientID)).toMatchObject({ user: ada });
    first.dispose();
    await expect.poll(() => other.awareness.getStates().has(doc.clientID)).toBe(false);
    const second = new DocAwareness(docId, doc, { api });
    second.start({ ...ada, name: 'Ada L.' });
    await expect.poll(() => other.awareness.getStates().get(doc.clientID)).toMatchObject({ user: { name: 'Ada L.' } });
    second.dispose();
    doc.destroy();
  });

  it('renews its entry before the 30 s timeout and re-sends after the link comes back', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'setTimeout'] });
    const sent: string[] = [];
    const listeners = new Set<(s: ConnectionStatus) => void>();
    const api = createApiClient(() => core.bridge);
    vi.spyOn(api, 'call').mockImplementation(async (method) => {
      sent.push(method);
    });
    const doc = new Y.Doc();
    const presence = new DocAwareness(docId, doc, {
      api,
      connection: {
        subscribe(l) {
          listeners.add(l);
          return () => listeners.delete(l);
        },
      },
    });
    presence.start(ada);
    expect(sent).toEqual(['awareness.update']);
    vi.advanceTimersByTime(6_000);
    expect(sent).toHaveLength(1);
    // Awareness checks every 3 s and renews an entry 15 s old. Its clock is lib0's captured
    // Date.now, which fake timers cannot move, so age the entry instead.
    const meta = presence.awareness.meta.get(presence.awareness.clientID)!;
    meta.lastUpdated -= 15_000;
    vi.advanceTimersByTime(3_000);
    expect(sent).toHaveLength(2);

    for (const l of listeners) l('reconnecting');
    for (const l of listeners) l('open');
    expect(sent).toHaveLength(3);
    presence.dispose();
    expect(sent).toHaveLength(4); // the goodbye
    vi.advanceTimersByTime(60_000);
    expect(sent).toHaveLength(4);
    doc.destroy();
  });
});
