import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { ApiResult } from '../../shared/api/contract';
import { setLogSink } from '../../shared/log/logger';
import type { Core } from '../core/core';
import { createCore } from '../core/core';
import { APP_ORIGIN, isAllowedOrigin } from './app-url';
import { EVENT_CHANNEL, INVOKE_CHANNEL, registerIpc, senderRejection } from './ipc';
import type { IpcRegistration } from './ipc';

class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  destroyed = false;
  readonly send = vi.fn();
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

type InvokeHandler = (event: Partial<IpcMainInvokeEvent>, method: unknown, input?: unknown) => Promise<ApiResult<unknown>>;

let dataDir: string;
let core: Core;
let ours: FakeWebContents;
let ipcRegistration: IpcRegistration;
let invoke: InvokeHandler;
const ipcMain = { handle: vi.fn(), removeHandler: vi.fn() };

function eventFrom(contents: FakeWebContents, url = 'baton://app/index.html', parent: unknown = null): Partial<IpcMainInvokeEvent> {
  return { sender: contents as unknown as WebContents, senderFrame: { url, parent } as IpcMainInvokeEvent['senderFrame'] };
}

beforeAll(() => setLogSink(() => undefined));
afterAll(() => setLogSink(null));

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-ipc-'));
  // A real Core (Node's better-sqlite3 build) behind the IPC layer.
  core = createCore({ dataDir, shell: 'electron', version: '9.9.9' });
  ours = new FakeWebContents();
  ipcMain.handle.mockReset();
  ipcMain.removeHandler.mockReset();
  ipcRegistration = registerIpc({
    ipcMain,
    dispatcher: core.dispatcher,
    isAppUrl: (url) => isAllowedOrigin(url, [APP_ORIGIN]),
    isOwnWebContents: (contents) => contents === (ours as unknown as WebContents),
  });
  expect(ipcMain.handle).toHaveBeenCalledWith(INVOKE_CHANNEL, expect.any(Function));
  invoke = ipcMain.handle.mock.calls[0][1];
});

afterEach(() => {
  ipcRegistration.dispose();
  core.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const setup = { name: 'Ada', timeZone: 'Europe/Berlin', workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00' };

describe('IPC → Core', () => {
  it("forwards a call from our window's top frame to the Core's dispatcher", async () => {
    const result = await invoke(eventFrom(ours), 'app.info', undefined);
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ shell: 'electron', dataDir, version: '9.9.9' }) });
  });

  it("returns the dispatcher's error values for unknown methods and bad arguments", async () => {
    expect(await invoke(eventFrom(ours), 'fs.readFile', '/etc/passwd')).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await invoke(eventFrom(ours), 'pages.rename', { id: '../x', title: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
  });

  it('pushes Core events to the window on the event channel', async () => {
    expect(await invoke(eventFrom(ours), 'profile.setup', setup)).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const pushed = ours.send.mock.calls.filter(([channel]) => channel === EVENT_CHANNEL).map(([, name]) => name);
    expect(pushed).toContain('pages.changed');
    // The transport sends (name, payload) and nothing else.
    const client = ipcRegistration.clientOf(ours as unknown as WebContents)!;
    ours.send.mockClear();
    client.emit('team.changed', { reason: 'remote' });
    expect(ours.send.mock.calls).toEqual([[EVENT_CHANNEL, 'team.changed', { reason: 'remote' }]]);
  });

  it('stops pushing once the webContents is destroyed', async () => {
    await invoke(eventFrom(ours), 'app.info');
    const client = ipcRegistration.clientOf(ours as unknown as WebContents)!;
    ours.destroyed = true;
    client.emit('team.changed', { reason: 'remote' });
    expect(ours.send).not.toHaveBeenCalled();
  });
});

describe('IPC sender check', () => {
  it('refuses senders that are not ours, not the top frame, or not on the app origin; nothing runs', async () => {
    const dispatch = vi.spyOn(core.dispatcher, 'dispatch');
    const stranger = new FakeWebContents();
    const cases: Partial<IpcMainInvokeEvent>[] = [
      eventFrom(stranger),
      eventFrom(ours, 'https://evil.example/'),
      eventFrom(ours, 'file:///tmp/x.html'),
      eventFrom(ours, 'baton://app/index.html', { url: 'baton://app/index.html' }),
      { sender: ours as unknown as WebContents, senderFrame: null },
    ];
    for (const event of cases) {
      expect(await invoke(event, 'profile.setup', setup)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(dispatch).not.toHaveBeenCalled();
    expect(await invoke(eventFrom(ours), 'profile.get')).toEqual({ ok: true, value: null });
  });

  it('explains each refusal', () => {
    const isApp = (url: string) => isAllowedOrigin(url, [APP_ORIGIN]);
    const isOurs = (contents: WebContents) => contents === (ours as unknown as WebContents);
    const check = (event: Partial<IpcMainInvokeEvent>) => senderRejection(event as IpcMainInvokeEvent, isApp, isOurs);
    expect(check(eventFrom(ours))).toBeNull();
    expect(check(eventFrom(new FakeWebContents()))).toMatch(/not a Baton window/);
    expect(check({ sender: ours as unknown as WebContents, senderFrame: null })).toMatch(/gone/);
    expect(check(eventFrom(ours, 'baton://app/', {}))).toMatch(/subframe/);
    expect(check(eventFrom(ours, 'http://localhost:5173/'))).toMatch(/origin/);
  });
});

describe('IPC client lifecycle', () => {
  it('connects a client on the first call and disconnects it when the page goes away', async () => {
    const connect = vi.spyOn(core.dispatcher, 'connect');
    const disconnect = vi.spyOn(core.dispatcher, 'disconnect');
    await invoke(eventFrom(ours), 'app.info');
    await invoke(eventFrom(ours), 'app.info');
    expect(connect).toHaveBeenCalledOnce();
    const id = connect.mock.calls[0][0].id;

    // In-page (hash) navigation keeps the client; a new document drops it.
    ours.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    ours.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false });
    expect(disconnect).not.toHaveBeenCalled();
    ours.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    expect(disconnect).toHaveBeenCalledWith(id);

    await invoke(eventFrom(ours), 'app.info');
    expect(connect).toHaveBeenCalledTimes(2);
    ours.destroy();
    expect(disconnect).toHaveBeenCalledTimes(2);
    expect(ipcRegistration.clientOf(ours as unknown as WebContents)).toBeUndefined();
  });

  it('dispose removes the handler and disconnects every client', async () => {
    const disconnect = vi.spyOn(core.dispatcher, 'disconnect');
    await invoke(eventFrom(ours), 'app.info');
    ipcRegistration.dispose();
    expect(ipcMain.removeHandler).toHaveBeenCalledWith(INVOKE_CHANNEL);
    expect(disconnect).toHaveBeenCalledOnce();
    expect(ours.listenerCount('destroyed')).toBe(0);
    expect(ours.listenerCount('did-start-navigation')).toBe(0);
  });

  it('turns a throwing dispatcher into an internal error value', async () => {
    vi.spyOn(core.dispatcher, 'dispatch').mockRejectedValueOnce(new Error('bug'));
    expect(await invoke(eventFrom(ours), 'app.info')).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error.' } });
  });
});
