import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLogSink } from '../../shared/log/logger';
import type { Core, CoreOptions } from '../core/core';
import { DataDirLockedError } from '../core/errors';

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
    setContextMenu = vi.fn((menu: FakeTray['menu']) => (this.menu = menu));
    destroy = vi.fn(() => calls.push('tray.destroy'));
    click(id: string) {
      this.menu!.items.find((item) => item.id === id)!.click!();
    }
  }

  return {
    calls,
    windows,
    trays,
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

function fakeCore(fake: FakeElectron, options: CoreOptions): Core {
  return {
    dataDir: options.dataDir,
    services: {} as Core['services'],
    dispatcher: { connect: vi.fn(), disconnect: vi.fn(), dispatch: vi.fn(async () => ({ ok: true as const, value: null })) },
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
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    expect(fake.protocol.handle).toHaveBeenCalledWith('baton', expect.any(Function));
    expect(fake.session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalledOnce();
    expect(fake.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
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
    expect(window.webContents.setWindowOpenHandler).toHaveBeenCalledOnce();

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
