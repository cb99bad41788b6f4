import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLogSink } from '../../shared/log/logger';
import type { Core, CoreOptions } from '../core/core';
import { DataDirLockedError } from '../core/errors';
import type { ClientContext } from '../core/api/dispatcher';
import type { ReminderInfo } from '../../shared/api/handoff-api';

/**
 * The whole shell (shell.ts) against a fake Electron: lifecycle, single instance, startup
 * failures, close-to-tray and quitting. A fresh fake per test; the mock reads it lazily.
 */
const h = vi.hoisted(() => ({ fake: undefined as unknown as FakeElectron }));
vi.mock('electron', () => ({
  get app() {
    return h.fake.app;
  },
  get BrowserWindow() {
    return h.fake.BrowserWindow;
  },
  get Tray() {
    return h.fake.Tray;
  },
  get Menu() {
    return h.fake.Menu;
  },
  get nativeImage() {
    return h.fake.nativeImage;
  },
  get dialog() {
    return h.fake.dialog;
  },
  get ipcMain() {
    return h.fake.ipcMain;
  },
  get protocol() {
    return h.fake.protocol;
  },
  get session() {
    return h.fake.session;
  },
  get shell() {
    return h.fake.shell;
  },
  get powerMonitor() {
    return h.fake.powerMonitor;
  },
  get Notification() {
    return h.fake.Notification;
  },
}));

import { iconPath, runBaton, trayIconName } from './shell';

type FakeElectron = ReturnType<typeof createFakeElectron>;

function createFakeElectron(options: { baseUserData: string; appPath: string; lock: boolean }) {
  const calls: string[] = [];
  const windows: FakeWindow[] = [];
  const trays: FakeTray[] = [];
  const paths: Record<string, string> = { userData: options.baseUserData };

  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    getPath: vi.fn((name: string) => paths[name]),
    setPath: vi.fn((name: string, value: string) => {
      paths[name] = value;
    }),
    getAppPath: () => options.appPath,
    getVersion: () => '0.1.0',
    requestSingleInstanceLock: vi.fn(() => options.lock),
    whenReady: vi.fn(() => Promise.resolve()),
    /** Like Electron: before-quit, windows close, then will-quit. */
    quit: vi.fn(() => {
      app.emit('before-quit', { preventDefault() {} });
      for (const window of [...windows]) window.close();
      app.emit('will-quit', { preventDefault() {} });
    }),
    exit: vi.fn(),
    enableSandbox: vi.fn(),
    setLoginItemSettings: vi.fn(),
    getLoginItemSettings: vi.fn(() => ({ openAtLogin: false, wasOpenedAtLogin: false })),
    setBadgeCount: vi.fn(() => true),
  });

  let nextId = 1;
  class FakeWebContents extends EventEmitter {
    readonly id = nextId++;
    url = '';
    send = vi.fn();
    setWindowOpenHandler = vi.fn();
    getURL = () => this.url;
    isDestroyed = () => false;
  }

  class FakeWindow extends EventEmitter {
    visible = false;
    destroyed = false;
    readonly webContents = new FakeWebContents();
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL = vi.fn(async (url: string) => {
      this.webContents.url = url;
    });
    show = vi.fn(() => (this.visible = true));
    hide = vi.fn(() => (this.visible = false));
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = () => false;
    isDestroyed = () => this.destroyed;
    close() {
      if (this.destroyed) return;
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      if (!prevented) this.destroy();
    }
    destroy = vi.fn(() => {
      if (this.destroyed) return;
      this.destroyed = true;
      windows.splice(windows.indexOf(this), 1);
      this.emit('closed');
    });
  }

  class FakeTray extends EventEmitter {
    menu: { items: { id?: string; click?: () => void }[] } | null = null;
    constructor(readonly image: unknown) {
      super();
      trays.push(this);
    }
    setToolTip = vi.fn();
    setTitle = vi.fn();
    setContextMenu = vi.fn((menu: FakeTray['menu']) => (this.menu = menu));
    destroy = vi.fn(() => calls.push('tray.destroy'));
    click(id: string) {
      this.menu!.items.find((item) => item.id === id)!.click!();
    }
  }

  const notifications: FakeNotification[] = [];
  class FakeNotification extends EventEmitter {
    static isSupported = () => true;
    shown = false;
    constructor(readonly options: { title: string; body: string }) {
      super();
      notifications.push(this);
    }
    show = vi.fn(() => (this.shown = true));
  }

  return {
    calls,
    windows,
    trays,
    notifications,
    Notification: FakeNotification,
    paths,
    app,
    BrowserWindow: FakeWindow,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (items: unknown[]) => ({ items }) },
    nativeImage: { createFromPath: (file: string) => ({ file }) },
    dialog: { showErrorBox: vi.fn() },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn(() => calls.push('ipc.removeHandler')) },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => calls.push('protocol.registerSchemesAsPrivileged')),
      handle: vi.fn(),
      unhandle: vi.fn(() => calls.push('protocol.unhandle')),
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: vi.fn() },
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn(),
      },
    },
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    powerMonitor: new EventEmitter(),
  };
}

let base: string;
let project: string;
let nativeBinary: string;
let signalListeners: Map<NodeJS.Signals, NodeJS.SignalsListener[]>;

/** What the fake Core's dispatcher answers, per method (null for the rest). */
let answers: Record<string, unknown> = {};
/** Clients connected to the fake Core's dispatcher (the shell's own reminder client among them). */
let clients: ClientContext[] = [];

function fakeCore(fake: FakeElectron, options: CoreOptions): Core {
  return {
    dataDir: options.dataDir,
    services: {} as Core['services'],
    dispatcher: {
      connect: vi.fn((client: ClientContext) => void clients.push(client)),
      disconnect: vi.fn((id: string) => void (clients = clients.filter((c) => c.id !== id))),
      dispatch: vi.fn(async (_client: ClientContext, method: unknown) => ({ ok: true as const, value: answers[String(method)] ?? null })),
    },
    dispose: vi.fn(() => fake.calls.push('core.dispose')),
  };
}

async function start(
  options: { lock?: boolean; createCore?: (options: CoreOptions) => Core; prepare?: (fake: FakeElectron) => void } = {},
) {
  const fake = createFakeElectron({ baseUserData: path.join(base, 'Baton'), appPath: project, lock: options.lock ?? true });
  options.prepare?.(fake);
  h.fake = fake;
  let core: Core | undefined;
  const createCore = vi.fn(options.createCore ?? ((coreOptions: CoreOptions) => (core = fakeCore(fake, coreOptions))));
  runBaton({ createCore });
  await new Promise((resolve) => setTimeout(resolve, 0));
  return { fake, createCore, core: () => core! };
}

beforeAll(() => setLogSink(() => undefined));
afterAll(() => setLogSink(null));

beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-shell-'));
  project = path.join(base, 'project');
  nativeBinary = path.join(project, '.electron-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  fs.mkdirSync(path.dirname(nativeBinary), { recursive: true });
  fs.writeFileSync(nativeBinary, '');
  signalListeners = new Map((['SIGINT', 'SIGTERM'] as const).map((signal) => [signal, process.listeners(signal)]));
  delete process.env.BATON_PROFILE;
  delete process.env.ELECTRON_RENDERER_URL;
  answers = {};
  clients = [];
});

afterEach(() => {
  // runBaton hooks SIGINT/SIGTERM to app.quit; take those hooks off the test process again.
  for (const [signal, before] of signalListeners) {
    for (const listener of process.listeners(signal)) {
      if (!before.includes(listener)) process.removeListener(signal, listener);
    }
  }
  delete process.env.BATON_PROFILE;
  fs.rmSync(base, { recursive: true, force: true });
});

describe('startup', () => {
  it('opens the profile, starts the Core with the Electron binding, then window and tray', async () => {
    const { fake, createCore } = await start();
    const baseUserData = path.join(base, 'Baton');

    expect(fake.app.setPath).toHaveBeenCalledWith('userData', path.join(baseUserData, 'sessions', 'default'));
    expect(createCore).toHaveBeenCalledWith({
      dataDir: path.join(baseUserData, 'profiles', 'default'),
      shell: 'electron',
      nativeBinding: nativeBinary,
      version: '0.1.0',
    });
    // Every renderer is sandboxed, before `ready`.
    expect(fake.app.enableSandbox).toHaveBeenCalledOnce();
    expect(fake.app.enableSandbox.mock.invocationCallOrder[0]).toBeLessThan(fake.app.whenReady.mock.invocationCallOrder[0]);
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    expect(fake.protocol.handle).toHaveBeenCalledWith('baton', expect.any(Function));
    expect(fake.session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalledOnce();
    expect(fake.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(fake.session.defaultSession.setPermissionCheckHandler).toHaveBeenCalledOnce();
    expect(fake.session.defaultSession.setDevicePermissionHandler).toHaveBeenCalledOnce();
    expect(fake.ipcMain.handle).toHaveBeenCalledWith('baton:invoke', expect.any(Function));

    expect(fake.windows).toHaveLength(1);
    const [window] = fake.windows;
    expect(window.loadURL).toHaveBeenCalledWith('baton://app/index.html');
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: expect.stringMatching(/preload[\\/]index\.js$/),
    });
    // Every webContents is hardened as it is created.
    expect(window.webContents.listenerCount('will-navigate')).toBe(1);
    expect(window.webContents.listenerCount('will-redirect')).toBe(1);
    expect(window.webContents.listenerCount('will-attach-webview')).toBe(1);
    expect(window.webContents.setWindowOpenHandler).toHaveBeenCalledOnce();
    // …and its links leave only through the validated helper, to the system's handler.
    const openHandler = window.webContents.setWindowOpenHandler.mock.calls[0][0] as (details: { url: string }) => unknown;
    expect(openHandler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    const navigation = { url: 'smb://server/share', preventDefault: vi.fn() };
    window.webContents.emit('will-navigate', navigation);
    expect(navigation.preventDefault).toHaveBeenCalled();
    expect(fake.shell.openExternal.mock.calls).toEqual([['https://example.com/']]);

    expect(fake.trays).toHaveLength(1);
    expect(fake.trays[0].image).toEqual({ file: iconPath(false, project, '', trayIconName(process.platform)) });
  });

  it('uses --profile / BATON_PROFILE for the data dir', async () => {
    process.env.BATON_PROFILE = 'alice';
    const { fake, createCore } = await start();
    expect(createCore.mock.calls[0][0].dataDir).toBe(path.join(base, 'Baton', 'profiles', 'alice'));
    expect(fake.app.setPath).toHaveBeenCalledWith('userData', path.join(base, 'Baton', 'sessions', 'alice'));
  });

  it('refuses a bad profile name with an error box', async () => {
    process.env.BATON_PROFILE = '../escape';
    const { fake, createCore } = await start();
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith('Baton could not start', expect.stringContaining('../escape'));
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    expect(createCore).not.toHaveBeenCalled();
  });

  it('a second instance quits at once; the first brings its window forward', async () => {
    const second = await start({ lock: false });
    expect(second.fake.app.quit).toHaveBeenCalled();
    expect(second.fake.app.whenReady).not.toHaveBeenCalled();
    expect(second.createCore).not.toHaveBeenCalled();
    expect(second.fake.windows).toHaveLength(0);

    const first = await start();
    const [window] = first.fake.windows;
    window.close();
    expect(window.visible).toBe(false);
    first.fake.app.emit('second-instance', {}, ['baton'], '/');
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(window.visible).toBe(true);
  });
});

describe('startup failures', () => {
  it('shows why the data dir cannot be opened, exits, and leaves the data alone', async () => {
    const dataDir = path.join(base, 'Baton', 'profiles', 'default');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'baton.db'), 'precious');
    const { fake } = await start({
      createCore: (options) => {
        throw new DataDirLockedError(options.dataDir, 4242);
      },
    });
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith(
      'Baton could not open its data',
      expect.stringContaining('already in use by another Baton process (pid 4242)'),
    );
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    expect(fake.windows).toHaveLength(0);
    expect(fake.trays).toHaveLength(0);
    expect(fs.readFileSync(path.join(dataDir, 'baton.db'), 'utf8')).toBe('precious');
  });

  it('explains a missing Electron build of better-sqlite3 instead of loading the wrong one', async () => {
    fs.rmSync(nativeBinary);
    const { fake, createCore } = await start();
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith('Baton could not start', expect.stringContaining('npm run native:electron'));
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    expect(createCore).not.toHaveBeenCalled();
  });

  it('stops the Core again when a later startup step fails', async () => {
    const { fake, core } = await start({
      prepare: (fake) => {
        fake.nativeImage.createFromPath = () => {
          throw new Error('no tray support');
        };
      },
    });
    expect(core().dispose).toHaveBeenCalledOnce();
    expect(fake.ipcMain.removeHandler).toHaveBeenCalled();
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith('Baton could not start', 'no tray support');
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    expect(fake.windows).toHaveLength(0);
  });
});

describe('tray and lifetime', () => {
  it('closing the window keeps Baton running in the tray', async () => {
    const { fake, core } = await start();
    const [window] = fake.windows;
    window.close();
    expect(window.destroyed).toBe(false);
    expect(window.visible).toBe(false);
    expect(core().dispose).not.toHaveBeenCalled();
    expect(fake.app.quit).not.toHaveBeenCalled();

    fake.trays[0].click('open');
    expect(window.visible).toBe(true);
  });

  it('"Write update" shows the window on the write-update screen', async () => {
    const { fake } = await start();
    const [window] = fake.windows;
    window.close();
    fake.trays[0].click('write-update');
    expect(window.visible).toBe(true);
    expect(window.loadURL).toHaveBeenLastCalledWith('baton://app/index.html#/write-update');
  });

  it('Quit really quits: the window closes and everything is disposed, the Core last', async () => {
    const { fake, core } = await start();
    const [window] = fake.windows;
    fake.trays[0].click('quit');
    expect(fake.app.quit).toHaveBeenCalledOnce();
    expect(window.destroyed).toBe(true);
    expect(core().dispose).toHaveBeenCalledOnce();
    expect(fake.calls.filter((call) => call !== 'protocol.registerSchemesAsPrivileged')).toEqual([
      'tray.destroy',
      'ipc.removeHandler',
      'protocol.unhandle',
      'core.dispose',
    ]);
  });

  it('an OS shutdown quits cleanly too', async () => {
    const { fake, core } = await start();
    fake.powerMonitor.emit('shutdown', { preventDefault() {} });
    expect(core().dispose).toHaveBeenCalledOnce();
  });
});

describe('handoffs and reminders in the shell', () => {
  const reminder = (kind: ReminderInfo['kind']): ReminderInfo => ({
    id: `${kind}:2026-02-04`,
    kind,
    dueAt: 0,
    expiresAt: 1,
    localDate: '2026-02-04',
    title: kind === 'handoff' ? 'Write your handoff' : 'Handoffs for you',
    body: 'Your workday ends at 17:00.',
  });
  const shellClient = () => clients.find((c) => c.id === 'electron:shell')!;
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('"Write handoff" opens a second window on #/handoff with the same security settings, once', async () => {
    const { fake } = await start();
    fake.trays[0].click('write-handoff');
    expect(fake.windows).toHaveLength(2);
    const composer = fake.windows[1];
    expect(composer.loadURL).toHaveBeenCalledWith('baton://app/index.html#/handoff');
    expect(composer.options).toMatchObject({ title: 'Write handoff — Baton', width: 560 });
    expect(composer.options.webPreferences).toEqual(fake.windows[0].options.webPreferences);
    expect(composer.webContents.listenerCount('will-navigate')).toBe(1);
    composer.emit('ready-to-show');
    expect(composer.visible).toBe(true);

    // A second click brings the same window forward.
    fake.trays[0].click('write-handoff');
    expect(fake.windows).toHaveLength(2);
    expect(composer.focus).toHaveBeenCalled();

    // Its page may call the Core like the main window's.
    const invoke = fake.ipcMain.handle.mock.calls.find(([channel]) => channel === 'baton:invoke')![1] as (...args: unknown[]) => Promise<unknown>;
    const event = { sender: composer.webContents, senderFrame: { parent: null, url: 'baton://app/index.html#/handoff' } };
    expect(await invoke(event, 'handoffs.prefill', undefined)).toEqual({ ok: true, value: null });
    const stranger = { sender: { id: 999 }, senderFrame: { parent: null, url: 'baton://app/index.html' } };
    expect(await invoke(stranger, 'handoffs.prefill', undefined)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    // Closing it really closes it; the next click makes a new one.
    composer.close();
    expect(composer.destroyed).toBe(true);
    fake.trays[0].click('write-handoff');
    expect(fake.windows).toHaveLength(2);
    expect(fake.windows[1]).not.toBe(composer);
  });

  it('a due reminder becomes a native notification; clicking a handoff reminder opens the composer', async () => {
    const { fake } = await start();
    const [main] = fake.windows;
    main.close();
    shellClient().emit('reminders.changed', { now: 0, due: [reminder('handoff')], active: [reminder('handoff')], next: null });
    expect(fake.notifications).toHaveLength(1);
    expect(fake.notifications[0].options).toEqual({ title: 'Write your handoff', body: 'Your workday ends at 17:00.' });
    expect(fake.notifications[0].shown).toBe(true);
    fake.notifications[0].emit('click');
    expect(fake.windows).toHaveLength(2);
    expect(fake.windows[1].loadURL).toHaveBeenCalledWith('baton://app/index.html#/handoff');

    // Other reminders open the main window; a list without anything newly due notifies nothing.
    shellClient().emit('reminders.changed', { now: 0, due: [reminder('handoffs-for-you')], active: [], next: null });
    fake.notifications[1].emit('click');
    expect(main.visible).toBe(true);
    shellClient().emit('reminders.changed', { now: 0, due: [], active: [reminder('handoff')], next: null });
    expect(fake.notifications).toHaveLength(2);
  });

  it('the tray shows the unread and handoff counts and follows changes', async () => {
    answers = {
      'log.unreadCount': { total: 3, entries: 3, pages: 0, mentions: 0, forMe: 1 },
      'handoffs.forMe': [{ id: 'h1', acks: [] }, { id: 'h2', acks: [{ memberId: 'me', at: 1, reply: null }] }],
      'profile.get': { memberId: 'me' },
    };
    const { fake } = await start();
    await flush();
    await flush();
    expect(fake.trays[0].setToolTip).toHaveBeenLastCalledWith('Baton — 3 unread · 1 handoff for you');
    expect(fake.app.setBadgeCount).toHaveBeenLastCalledWith(4);

    answers['log.unreadCount'] = { total: 0, entries: 0, pages: 0, mentions: 0, forMe: 0 };
    answers['handoffs.forMe'] = [];
    shellClient().emit('handoffs.changed', { reason: 'remote' });
    await flush();
    await flush();
    expect(fake.trays[0].setToolTip).toHaveBeenLastCalledWith('Baton');
  });

  it('launch at login: applied at start and on every change (not on Linux, which has no login items)', async () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: 'win32' });
    try {
      answers = { 'settings.get': { launchAtLogin: true } };
      const { fake } = await start();
      await flush();
      expect(fake.app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true, args: ['--hidden'] });
      shellClient().emit('settings.changed', { launchAtLogin: false });
      expect(fake.app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: false, args: ['--hidden'] });

      Object.defineProperty(process, 'platform', { value: 'linux' });
      fake.app.setLoginItemSettings.mockClear();
      shellClient().emit('settings.changed', { launchAtLogin: true });
      expect(fake.app.setLoginItemSettings).not.toHaveBeenCalled();
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
  });

  it('started at login it stays in the tray until asked', async () => {
    process.argv.push('--hidden');
    try {
      const { fake } = await start();
      expect(fake.windows).toHaveLength(0);
      expect(fake.trays).toHaveLength(1);
      fake.trays[0].click('open');
      expect(fake.windows).toHaveLength(1);
    } finally {
      process.argv.splice(process.argv.indexOf('--hidden'), 1);
    }
  });

  it('runs the reminder schedule at start and again on wake from sleep (catch-up)', async () => {
    const { fake, core } = await start();
    await flush();
    const listCalls = () => vi.mocked(core().dispatcher.dispatch).mock.calls.filter(([, method]) => method === 'reminders.list').length;
    expect(listCalls()).toBe(1);
    fake.powerMonitor.emit('resume');
    expect(listCalls()).toBe(2);
  });
});
