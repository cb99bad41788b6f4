/**
 * The one place a BrowserWindow is made (security-static.test.ts fails on any other
 * `new BrowserWindow`, `BrowserView` or `WebContentsView`).
 *
 * The renderer is untrusted web content: it gets exactly the preload's bridge and nothing
 * else. The webPreferences are written out literally inside the constructor call, and after the
 * caller's options, so no caller can weaken them, and so Electronegativity (which reads the
 * constructor's argument, not through function calls) can verify them too. Every window uses
 * the default session, whose permission, CSP and navigation handlers the shell installs.
 */
import { BrowserWindow } from 'electron';
import type { BrowserWindowConstructorOptions } from 'electron';

/** A window's own options: size, title, icon… never its webPreferences. */
export type WindowChrome = Omit<BrowserWindowConstructorOptions, 'webPreferences'>;

export interface SecureWindowContent {
  /** The built preload (out/preload/index.js). */
  preloadPath: string;
  /** DevTools only for unpackaged builds. */
  devTools: boolean;
}

export function createSecureWindow(chrome: WindowChrome, { preloadPath, devTools }: SecureWindowContent): BrowserWindow {
  // Electronegativity's AUXCLICK check wants `disableBlinkFeatures: 'Auxclick'`, a Blink feature
  // that no longer exists (a no-op). A middle-click on a link asks for a new window, and the
  // window-open handler every webContents gets (security.ts) denies them all.
  return new BrowserWindow({ // eng-disable AUXCLICK_JS_CHECK
    ...chrome,
    webPreferences: {
      // Reviewed (Electronegativity PRELOAD check): the preload exposes only window.baton's
      // allow-listed invoke/on, never ipcRenderer (preload.test.ts, security-static.test.ts).
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK
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
      devTools,
    },
  });
}
