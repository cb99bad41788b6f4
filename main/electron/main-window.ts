/**
 * The one main window, and close-to-tray.
 *
 * Closing the window only hides it: the Core keeps syncing and the tray keeps reminding.
 * The window is really closed only once the app is quitting (`isQuitting()`), which the
 * tray's Quit and the OS (logout, Cmd+Q) trigger through `app.quit()`.
 */
import type { BrowserWindow } from 'electron';
import { createLogger } from '../../shared/log/logger';
import { createSecureWindow } from './secure-window';
import type { WindowChrome } from './secure-window';

const log = createLogger('electron.window');

export interface MainWindowOptions {
  preloadPath: string;
  url: string;
  /** Window icon (Linux/Windows taskbar); macOS uses the bundle icon. */
  iconPath?: string;
  devTools: boolean;
  isQuitting: () => boolean;
  /** Windows is logging off or shutting down: the window must really close. */
  onSessionEnd?: () => void;
  /** Called for every window created, before its page loads (security handlers, IPC). */
  onCreated?: (window: BrowserWindow) => void;
}

/** The main window's size and chrome; its webPreferences come from createSecureWindow. */
export function mainWindowOptions(options: Pick<MainWindowOptions, 'iconPath'>): WindowChrome {
  return {
    title: 'Baton',
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    backgroundColor: '#ffffff',
    icon: options.iconPath,
    autoHideMenuBar: true,
  };
}

/** The fragment the tray's "Write update" opens. */
export const WRITE_UPDATE_HASH = '#/write-update';

export function withHash(url: string, hash: string): string {
  const parsed = new URL(url);
  parsed.hash = hash;
  return parsed.toString();
}

export class MainWindow {
  private window: BrowserWindow | null = null;

  constructor(private readonly options: MainWindowOptions) {}

  /** The live window, if one exists (hidden or not). */
  get current(): BrowserWindow | null {
    return this.window && !this.window.isDestroyed() ? this.window : null;
  }

  /**
   * Creates the window on first use; restores, shows and focuses it. With `hash` (e.g.
   * WRITE_UPDATE_HASH) the page's fragment is set too, a same-document navigation the
   * renderer sees as `hashchange`: this is how the tray asks for a screen.
   */
  show(hash?: string): BrowserWindow {
    const existing = this.current;
    // A new window shows itself on 'ready-to-show', avoiding a blank flash.
    if (!existing) return this.create(hash);
    if (existing.isMinimized()) existing.restore();
    existing.show();
    existing.focus();
    if (hash !== undefined) {
      const current = existing.webContents.getURL();
      this.load(existing, withHash(current || this.options.url, hash));
    }
    return existing;
  }

  private create(hash?: string): BrowserWindow {
    const window = createSecureWindow(mainWindowOptions(this.options), this.options);
    this.window = window;
    this.options.onCreated?.(window);
    window.on('close', (event) => {
      if (this.options.isQuitting()) return;
      event.preventDefault();
      window.hide();
    });
    window.on('session-end', () => this.options.onSessionEnd?.());
    window.on('closed', () => {
      if (this.window === window) this.window = null;
    });
    window.once('ready-to-show', () => window.show());
    this.load(window, hash === undefined ? this.options.url : withHash(this.options.url, hash));
    return window;
  }

  private load(window: BrowserWindow, url: string): void {
    window.loadURL(url).catch((error: unknown) => {
      log.error('could not load the renderer', { url, error: String(error) });
    });
  }

  /** Really closes the window (used while quitting). */
  destroy(): void {
    const window = this.current;
    this.window = null;
    window?.destroy();
  }
}
