/**
 * The small, focused handoff composer window the tray's "Write handoff" (and a handoff
 * reminder's notification) opens: a second BrowserWindow on the same renderer at `#/handoff`,
 * where the renderer shows only the composer. Same security settings as the main window
 * (createSecureWindow; every webContents is hardened by the shell as it is created, and IPC
 * accepts it as one of our own windows). Unlike the main window it really closes: a new one
 * is made the next time.
 */
import type { BrowserWindow } from 'electron';
import { createLogger } from '../../shared/log/logger';
import { withHash } from './main-window';
import { createSecureWindow } from './secure-window';
import type { WindowChrome } from './secure-window';

const log = createLogger('electron.handoff-window');

/** The fragment on which the renderer shows only the handoff composer. */
export const HANDOFF_HASH = '#/handoff';

export interface HandoffWindowOptions {
  preloadPath: string;
  /** The renderer's entry URL (the same as the main window's). */
  url: string;
  iconPath?: string;
  devTools: boolean;
}

/** The composer window's size and chrome; its webPreferences come from createSecureWindow. */
export function handoffWindowOptions(options: Pick<HandoffWindowOptions, 'iconPath'>): WindowChrome {
  return {
    title: 'Write handoff — Baton',
    width: 560,
    height: 760,
    minWidth: 420,
    minHeight: 480,
    show: false,
    backgroundColor: '#ffffff',
    icon: options.iconPath,
    autoHideMenuBar: true,
    minimizable: false,
    fullscreenable: false,
  };
}

export class HandoffWindow {
  private window: BrowserWindow | null = null;

  constructor(private readonly options: HandoffWindowOptions) {}

  get current(): BrowserWindow | null {
    return this.window && !this.window.isDestroyed() ? this.window : null;
  }

  /** Opens the composer window, or brings the open one forward. */
  show(): BrowserWindow {
    const existing = this.current;
    if (existing) {
      existing.show();
      existing.focus();
      return existing;
    }
    const window = createSecureWindow(handoffWindowOptions(this.options), this.options);
    this.window = window;
    window.on('closed', () => {
      if (this.window === window) this.window = null;
    });
    window.once('ready-to-show', () => {
      window.show();
      window.focus();
    });
    const url = withHash(this.options.url, HANDOFF_HASH);
    window.loadURL(url).catch((error: unknown) => log.error('could not load the handoff composer', { url, error: String(error) }));
    return window;
  }

  destroy(): void {
    const window = this.current;
    this.window = null;
    window?.destroy();
  }
}
