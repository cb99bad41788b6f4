import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLogSink } from '../../shared/log/logger';

const electron = vi.hoisted(() => {
  const windows: unknown[] = [];
  return {
    windows,
    // Filled in below (node:events is not available inside vi.hoisted).
    BrowserWindow: undefined as unknown,
  };
});
vi.mock('electron', () => electron);

class FakeBrowserWindow extends EventEmitter {
  visible = false;
  minimized = false;
  destroyed = false;
  url = '';
  readonly webContents = { getURL: () => this.url };
  readonly loadURL = vi.fn(async (url: string) => {
    this.url = url;
  });
  constructor(readonly options: Record<string, unknown>) {
    super();
    electron.windows.push(this);
  }
  show = vi.fn(() => (this.visible = true));
  hide = vi.fn(() => (this.visible = false));
  focus = vi.fn();
  restore = vi.fn(() => (this.minimized = false));
  isMinimized = () => this.minimized;
  isDestroyed = () => this.destroyed;
  /** What the OS/user closing the window does: 'close' (cancellable), then 'closed'. */
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
  }
  destroy = vi.fn(() => {
    this.destroyed = true;
    this.emit('closed');
  });
}

electron.BrowserWindow = FakeBrowserWindow;

import { HandoffWindow, handoffWindowOptions } from './handoff-window';
import { MainWindow, WRITE_UPDATE_HASH, mainWindowOptions, withHash } from './main-window';
import { createSecureWindow } from './secure-window';

beforeAll(() => setLogSink(() => undefined));
afterAll(() => setLogSink(null));
beforeEach(() => {
  electron.windows.length = 0;
});

describe('main window security', () => {
  /** Exactly these, for every window: anything added or changed here is a security review. */
  const SECURE_PREFERENCES = {
    preload: '/p.js',
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
    devTools: false,
  };

  it('isolates and sandboxes the renderer, with web security on and no Node', () => {
    new MainWindow({ preloadPath: '/p.js', url: 'baton://app/index.html', devTools: false, isQuitting: () => false }).show();
    const created = electron.windows[0] as FakeBrowserWindow;
    expect(created.options.webPreferences).toEqual(SECURE_PREFERENCES);
    // No partition or session of its own: the default session carries the permission and CSP handlers.
    expect(created.options).not.toHaveProperty('webPreferences.partition');
    expect(created.options).not.toHaveProperty('webPreferences.session');
  });

  it('gives the handoff composer the very same preferences; devTools only when asked', () => {
    new HandoffWindow({ preloadPath: '/p.js', url: 'baton://app/index.html', devTools: true }).show();
    const created = electron.windows[0] as FakeBrowserWindow;
    expect(created.options).toMatchObject(handoffWindowOptions({}));
    expect(created.options.webPreferences).toEqual({ ...SECURE_PREFERENCES, devTools: true });
  });

  it('lets no window options override the preferences', () => {
    // createSecureWindow spreads the chrome first: a stray webPreferences in it loses.
    const chrome = { ...mainWindowOptions({}), webPreferences: { sandbox: false, nodeIntegration: true } };
    createSecureWindow(chrome, { preloadPath: '/p.js', devTools: false });
    const created = electron.windows[0] as FakeBrowserWindow;
    expect(created.options.webPreferences).toEqual(SECURE_PREFERENCES);
  });

  it('creates the window with those preferences, hidden until ready', () => {
    const window = new MainWindow({ preloadPath: '/p.js', url: 'baton://app/index.html', devTools: false, isQuitting: () => false });
    window.show();
    const created = electron.windows[0] as FakeBrowserWindow;
    expect(created.options).toEqual({ ...mainWindowOptions({}), webPreferences: SECURE_PREFERENCES });
    expect(created.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true } });
    expect(created.loadURL).toHaveBeenCalledWith('baton://app/index.html');
    expect(created.visible).toBe(false);
    created.emit('ready-to-show');
    expect(created.visible).toBe(true);
  });
});

describe('close to tray', () => {
  let quitting: boolean;
  let window: MainWindow;
  beforeEach(() => {
    quitting = false;
    window = new MainWindow({ preloadPath: '/p.js', url: 'baton://app/index.html', devTools: false, isQuitting: () => quitting });
  });

  it('closing the window hides it and keeps it alive', () => {
    window.show();
    const created = electron.windows[0] as FakeBrowserWindow;
    created.emit('ready-to-show');
    created.close();
    expect(created.hide).toHaveBeenCalled();
    expect(created.destroyed).toBe(false);
    expect(window.current).toBe(created);

    window.show();
    expect(electron.windows).toHaveLength(1);
    expect(created.visible).toBe(true);
    expect(created.focus).toHaveBeenCalled();
  });

  it('while quitting, closing really closes', () => {
    window.show();
    const created = electron.windows[0] as FakeBrowserWindow;
    quitting = true;
    created.close();
    expect(created.destroyed).toBe(true);
    expect(window.current).toBeNull();
  });

  it('restores a minimised window', () => {
    window.show();
    const created = electron.windows[0] as FakeBrowserWindow;
    created.minimized = true;
    window.show();
    expect(created.restore).toHaveBeenCalled();
  });

  it('opens a screen by fragment, on a new or an existing window', () => {
    window.show(WRITE_UPDATE_HASH);
    const created = electron.windows[0] as FakeBrowserWindow;
    expect(created.loadURL).toHaveBeenLastCalledWith('baton://app/index.html#/write-update');
    created.url = 'baton://app/index.html#/pages/abc';
    window.show(WRITE_UPDATE_HASH);
    expect(created.loadURL).toHaveBeenLastCalledWith('baton://app/index.html#/write-update');
    expect(withHash('http://localhost:5173/', '#/x')).toBe('http://localhost:5173/#/x');
  });

  it('a Windows session end lets the window close', () => {
    const onSessionEnd = vi.fn(() => (quitting = true));
    window = new MainWindow({ preloadPath: '/p.js', url: 'baton://app/index.html', devTools: false, isQuitting: () => quitting, onSessionEnd });
    window.show();
    const created = electron.windows[0] as FakeBrowserWindow;
    created.emit('session-end', {});
    created.close();
    expect(created.destroyed).toBe(true);
  });
});
