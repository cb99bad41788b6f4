import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API_EVENTS, API_METHODS } from '../../shared/api/contract';
import type { BatonBridge } from '../../shared/api/contract';

// The preload lives at main/preload.ts; its test sits with the rest of the shell's tests.
const electron = vi.hoisted(() => {
  const exposed: Record<string, unknown> = {};
  return {
    exposed,
    contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => (exposed[key] = api)) },
    // Replaced by a fresh fake before each import of the preload.
    ipcRenderer: undefined as unknown,
  };
});
vi.mock('electron', () => electron);

function fakeIpcRenderer() {
  const emitter = new EventEmitter();
  return Object.assign(emitter, { invoke: vi.fn() });
}

let ipc: ReturnType<typeof fakeIpcRenderer>;
let bridge: BatonBridge;

beforeEach(async () => {
  vi.resetModules();
  ipc = fakeIpcRenderer();
  electron.ipcRenderer = ipc;
  electron.contextBridge.exposeInMainWorld.mockClear();
  await import('../preload');
  bridge = electron.exposed.baton as BatonBridge;
});

/** What the main process would send on the event channel. */
function push(name: unknown, payload: unknown) {
  ipc.emit('baton:event', { sender: 'IpcRendererEvent, must not leak' }, name, payload);
}

describe('preload', () => {
  it('exposes exactly one object, window.baton, with only invoke and on', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect(electron.contextBridge.exposeInMainWorld.mock.calls[0][0]).toBe('baton');
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(bridge).not.toHaveProperty('ipcRenderer');
    // Only the one event channel is listened to.
    expect(ipc.eventNames()).toEqual(['baton:event']);
  });

  it('forwards contract methods over the one invoke channel and returns the result', async () => {
    ipc.invoke.mockResolvedValue({ ok: true, value: { version: '0.1.0' } });
    const input = { docId: 'space' };
    expect(await bridge.invoke('docs.open', input)).toEqual({ ok: true, value: { version: '0.1.0' } });
    expect(ipc.invoke).toHaveBeenCalledWith('baton:invoke', 'docs.open', input);
    for (const method of API_METHODS) await bridge.invoke(method);
    expect(ipc.invoke).toHaveBeenCalledTimes(API_METHODS.length + 1);
  });

  it('refuses unknown methods without crossing IPC', async () => {
    for (const method of ['fs.readFile', 'constructor', '__proto__', '', 'app.info ', 42 as unknown as string]) {
      const result = await bridge.invoke(method, {});
      expect(result, String(method)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('turns a transport failure into an error value', async () => {
    ipc.invoke.mockRejectedValue(new Error("No handler registered for 'baton:invoke'"));
    expect(await bridge.invoke('app.info')).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('delivers only the payload of subscribed contract events, until unsubscribed', () => {
    const listener = vi.fn();
    const unsubscribe = bridge.on('pages.changed', listener);
    push('pages.changed', { reason: 'remote' });
    push('team.changed', { reason: 'remote' });
    expect(listener.mock.calls).toEqual([[{ reason: 'remote' }]]);
    unsubscribe();
    push('pages.changed', { reason: 'local' });
    expect(listener).toHaveBeenCalledOnce();
  });

  it('accepts every contract event and refuses any other name', () => {
    for (const event of API_EVENTS) expect(typeof bridge.on(event, () => undefined)).toBe('function');
    for (const event of ['baton:event', 'ipc', '__proto__', 'doc.update ']) {
      expect(() => bridge.on(event, () => undefined), event).toThrow(TypeError);
    }
  });

  it('ignores pushes with unknown or malformed event names', () => {
    const listener = vi.fn();
    bridge.on('doc.update', listener);
    push('something.else', {});
    push(undefined, {});
    push({ toString: () => 'doc.update' }, {});
    expect(listener).not.toHaveBeenCalled();
  });

  it('keeps delivering to other listeners when one throws', () => {
    vi.useFakeTimers();
    try {
      const good = vi.fn();
      bridge.on('team.changed', () => {
        throw new Error('boom');
      });
      bridge.on('team.changed', good);
      push('team.changed', { reason: 'local' });
      expect(good).toHaveBeenCalledOnce();
      expect(() => vi.runAllTimers()).toThrow('boom');
    } finally {
      vi.useRealTimers();
    }
  });
});
