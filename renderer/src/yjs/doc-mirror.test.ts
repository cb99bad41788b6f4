import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ApiResult, BatonBridge } from '../../../shared/api/contract';
import { pageDocId } from '../../../shared/model/doc-ids';
import { insertTextAt, readPageText } from '../../../shared/model/page';
import { createCoreBridge } from '../../../test/support/core-bridge';
import type { CoreBridge } from '../../../test/support/core-bridge';
import { setLogLevel } from '../../../shared/log/logger';
import { createApiClient, TransportError } from '../platform';
import type { ConnectionStatus } from '../platform';
import { DocMirror, updateIsEmpty } from './doc-mirror';
import { LOCAL_ORIGIN } from './origins';

/**
 * The real Core behind a link that can drop: while `down`, calls fail the way the web bridge
 * fails them (TransportError). Only the transport is simulated; the Core is real.
 */
function flakyLink(inner: BatonBridge) {
  let down = false;
  const listeners = new Set<(status: ConnectionStatus) => void>();
  const bridge: BatonBridge = {
    invoke: (method, input): Promise<ApiResult<unknown>> =>
      down ? Promise.reject(new TransportError(`Disconnected from Baton (${method})`)) : inner.invoke(method, input),
    on: (event, listener) => inner.on(event, listener),
  };
  const setStatus = (status: ConnectionStatus) => {
    down = status !== 'open';
    for (const listener of listeners) listener(status);
  };
  return {
    api: createApiClient(() => bridge),
    connection: {
      subscribe(listener: (status: ConnectionStatus) => void) {
        listeners.add(listener);
        listener(down ? 'reconnecting' : 'open');
        return () => listeners.delete(listener);
      },
    },
    setStatus,
  };
}

async function coreText(core: CoreBridge, docId: string) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(core.core.services.doc(docId)));
  return readPageText(doc);
}

describe('DocMirror', () => {
  let core: CoreBridge;
  let docId: string;
  beforeEach(async () => {
    setLogLevel('error');
    core = createCoreBridge();
    const api = createApiClient(() => core.bridge);
    await api.call('profile.setup', { name: 'Ada', timeZone: 'UTC', workdays: [1], workStart: '09:00', workEnd: '17:00' });
    docId = pageDocId((await api.call('pages.create', { title: 'P' })).id);
  });
  afterEach(() => core.dispose());

  const ready = (mirror: DocMirror) =>
    new Promise<void>((resolve) => {
      if (mirror.getState().status === 'ready') return resolve();
      const off = mirror.subscribe(() => {
        if (mirror.getState().status === 'ready') {
          off();
          resolve();
        }
      });
    });
  const settled = async (mirror: DocMirror) => {
    await expect.poll(() => mirror.getState().pending).toBe(0);
  };

  it('loads the Core state, sends local changes, and does not echo remote ones', async () => {
    const link = flakyLink(core.bridge);
    const other = createApiClient(() => core.connectAnother());
    const remote = new Y.Doc();
    insertTextAt(remote, 0, 'from before');
    await other.call('docs.update', { docId, update: Y.encodeStateAsUpdate(remote) });

    const mirror = new DocMirror(docId, link);
    mirror.start();
    await ready(mirror);
    expect(readPageText(mirror.doc)).toBe('from before');

    insertTextAt(mirror.doc, 0, '> ', LOCAL_ORIGIN);
    expect(mirror.getState().pending).toBe(1);
    await settled(mirror);
    expect(await coreText(core, docId)).toBe('> from before');
    expect(mirror.getState().saveError).toBeNull();
    mirror.dispose();
  });

  it('after a drop, re-opens and sends what the Core lacks', async () => {
    const link = flakyLink(core.bridge);
    const errors: string[] = [];
    const mirror = new DocMirror(docId, { ...link, onError: (_e, what) => errors.push(what) });
    mirror.start();
    await ready(mirror);

    link.setStatus('reconnecting');
    insertTextAt(mirror.doc, 0, 'typed offline', LOCAL_ORIGIN);
    await settled(mirror);
    expect(mirror.getState().saveError).toMatch(/Disconnected/);
    expect(errors).toEqual(['Could not save the page']);
    expect(await coreText(core, docId)).toBe('');

    link.setStatus('open');
    await expect.poll(() => mirror.getState().saveError).toBeNull();
    await settled(mirror);
    expect(await coreText(core, docId)).toBe('typed offline');
    mirror.dispose();
  });

  it('serialises close → open of the same doc', async () => {
    const calls: string[] = [];
    const api = createApiClient(() => ({
      invoke: async (method, input) => {
        calls.push(`${method}:start`);
        const result = await core.bridge.invoke(method, input);
        await new Promise((r) => setTimeout(r, method === 'docs.close' ? 20 : 0));
        calls.push(`${method}:end`);
        return result;
      },
      on: core.bridge.on,
    }));
    const first = new DocMirror(docId, { api });
    first.start();
    await ready(first);
    first.dispose();
    const second = new DocMirror(docId, { api });
    second.start();
    await ready(second);
    expect(calls).toEqual(['docs.open:start', 'docs.open:end', 'docs.close:start', 'docs.close:end', 'docs.open:start', 'docs.open:end']);
    second.dispose();
  });

  it('recognises empty updates', () => {
    const doc = new Y.Doc();
    expect(updateIsEmpty(Y.encodeStateAsUpdate(doc))).toBe(true);
    doc.getText('t').insert(0, 'x');
    expect(updateIsEmpty(Y.encodeStateAsUpdate(doc))).toBe(false);
  });
});
