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

import { MainWindow, WRITE_UPDATE_HASH, mainWindowOptions, secureWebPreferences, withHash } from './main-window';

beforeAll(() => setLogSink(() => undefined));
afterAll(() => setLogSink(null));
beforeEach(() => {
  electron.windows.length = 0;
});

describe('main window security', () => {
  it('isolates and sandboxes the renderer, with web security on and no Node', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.js', false);
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
  });

  it('creates the window with those preferences, hidden until ready', () => {
    const window = new MainWindow({ preloadPath: '/p.js', url: 'baton://app/index.html', devTools: false, isQuitting: () => false });
    window.show();
    const created = electron.windows[0] as FakeBrowserWindow;
    expect(created.options).toEqual(mainWindowOptions({ preloadPath: '/p.js', url: '', devTools: false, isQuitting: () => false }));
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
