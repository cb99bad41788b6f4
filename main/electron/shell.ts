/**
 * The Electron shell's composition root: app lifecycle around one Core.
 *
 * Startup (before `ready`): profile → per-profile userData → single-instance lock →
 * sandbox for every renderer → privileged baton:// scheme → hardening of every webContents. After `ready`: native binding → Core (a failure here shows an
 * error box and exits; data is never deleted or "repaired") → baton:// handler, CSP,
 * permissions → IPC → tray → main window.
 *
 * Lifetime: closing the window hides it (the Core keeps syncing, the tray keeps reminding;
 * reminder-shell.ts turns due reminders into native notifications and keeps the tray's count).
 * Started at login (when the user turned that on), Baton starts in the tray without a window.
 * `app.quit()` (tray Quit, Cmd+Q, OS shutdown, SIGINT/SIGTERM) sets `quitting`, lets the
 * window close, and on `will-quit` everything is disposed in reverse order of creation,
 * the Core last.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { app, dialog, ipcMain, powerMonitor, session } from 'electron';
import type { Tray } from 'electron';
import type { Core, CoreOptions } from '../core/core';
import { createLogger } from '../../shared/log/logger';
import { registerAppScheme, handleAppProtocol } from './app-protocol';
import { isAllowedOrigin, resolveRendererSource } from './app-url';
import { PRODUCTION_CSP, devCsp, installCsp } from './csp';
import { registerIpc } from './ipc';
import { MainWindow, WRITE_UPDATE_HASH } from './main-window';
import { chooseNativeBinding } from './native-binding';
import { profilePaths, resolveProfile } from './profile';
import type { ProfilePaths } from './profile';
import { hardenWebContents, installPermissionHandlers } from './security';
import { acquireSingleInstanceLock } from './single-instance';
import { createTray, showTrayStatus } from './tray';
import { HandoffWindow } from './handoff-window';
import { HIDDEN_ARG, connectReminderShell, loginItemSettings, showReminderNotification, startedAtLogin } from './reminder-shell';
import { applyLinuxAutostart, type AutostartTarget } from './linux-autostart';

const log = createLogger('electron');

export interface ShellDeps {
  createCore(options: CoreOptions): Core;
}

/** Where an icon from main/electron/resources is at run time (extraResources when packaged). */
export function iconPath(isPackaged: boolean, appPath: string, resourcesPath: string, name: string): string {
  return isPackaged
    ? path.join(resourcesPath, 'icons', name)
    : path.join(appPath, 'main', 'electron', 'resources', name);
}

/** macOS menu bars want a monochrome template image; other trays get the coloured icon. */
export function trayIconName(platform: NodeJS.Platform): string {
  return platform === 'darwin' ? 'trayTemplate.png' : 'tray.png';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Shows why Baton cannot start and exits with a failure code. Never touches data. */
function failStartup(title: string, message: string): void {
  log.error(title, { message });
  dialog.showErrorBox(title, message);
  app.exit(1);
}

export function runBaton(deps: ShellDeps): void {
  let paths: ProfilePaths;
  try {
    paths = profilePaths(app.getPath('userData'), resolveProfile(process.argv, process.env));
  } catch (error) {
    failStartup('Baton could not start', errorMessage(error));
    return;
  }
  // Per-profile Chromium data, which also makes the single-instance lock per profile.
  app.setPath('userData', paths.sessionDir);
  app.setPath('sessionData', paths.sessionDir);

  let quitting = false;
  const source = resolveRendererSource(app.isPackaged, process.env);
  const isAppUrl = (url: string) => isAllowedOrigin(url, source.origins);
  const window = new MainWindow({
    preloadPath: path.join(__dirname, '..', 'preload', 'index.js'),
    url: source.url,
    iconPath: iconPath(app.isPackaged, app.getAppPath(), process.resourcesPath, 'icon.png'),
    devTools: !app.isPackaged,
    isQuitting: () => quitting,
    onSessionEnd: () => {
      quitting = true;
    },
  });
  const handoffWindow = new HandoffWindow({
    preloadPath: path.join(__dirname, '..', 'preload', 'index.js'),
    url: source.url,
    iconPath: iconPath(app.isPackaged, app.getAppPath(), process.resourcesPath, 'icon.png'),
    devTools: !app.isPackaged,
  });
  let started = false;

  if (!acquireSingleInstanceLock(app, () => started && window.show())) {
    log.info('Baton is already running for this profile; handing over to it', { profile: paths.profile });
    app.quit();
    return;
  }

  // Every renderer sandboxed, whatever its webPreferences say (must run before `ready`).
  app.enableSandbox();
  registerAppScheme();
  // Every webContents, whichever window or code made it, gets the navigation, window-open and
  // <webview> guards before its first page loads.
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, source.origins);
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  // Closing the last window keeps Baton in the tray; only an explicit quit ends it.
  app.on('window-all-closed', () => undefined);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());

  app
    .whenReady()
    .then(() => {
      const disposables = start(deps, paths, source, { window, handoffWindow }, isAppUrl);
      if (!disposables) return;
      started = true;
      app.on('activate', () => window.show());
      powerMonitor.on('shutdown', () => app.quit());
      app.once('will-quit', () => {
        handoffWindow.destroy();
        window.destroy();
        for (const dispose of disposables.reverse()) {
          try {
            dispose();
          } catch (error) {
            log.error('error while shutting down', { error: errorMessage(error) });
          }
        }
        log.info('Baton stopped');
      });
    })
    .catch((error: unknown) => failStartup('Baton could not start', errorMessage(error)));
}

/** Everything after `ready`. Returns what to dispose on quit, or null when startup failed. */
function start(
  deps: ShellDeps,
  paths: ProfilePaths,
  source: ReturnType<typeof resolveRendererSource>,
  { window, handoffWindow }: { window: MainWindow; handoffWindow: HandoffWindow },
  isAppUrl: (url: string) => boolean,
): (() => void)[] | null {
  const binding = chooseNativeBinding({
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    exists: existsSync,
  });
  if (!binding.ok) {
    failStartup('Baton could not start', binding.message);
    return null;
  }

  let core: Core;
  try {
    core = deps.createCore({
      dataDir: paths.dataDir,
      shell: 'electron',
      nativeBinding: binding.path,
      version: app.getVersion(),
    });
  } catch (error) {
    // DataDirLockedError / DatabaseOpenError carry a message meant for people.
    failStartup('Baton could not open its data', `${errorMessage(error)}\n\nData folder: ${paths.dataDir}`);
    return null;
  }
  const disposables: (() => void)[] = [() => core.dispose()];
  log.info('Core started', { profile: paths.profile, dataDir: paths.dataDir, renderer: source.url });
  try {
    disposables.push(handleAppProtocol(path.join(__dirname, '..', 'renderer')));
    installCsp(session.defaultSession, source.dev ? devCsp(source.url) : PRODUCTION_CSP);
    installPermissionHandlers(session.defaultSession, source.origins);

    const ipc = registerIpc({
      ipcMain,
      dispatcher: core.dispatcher,
      isAppUrl,
      isOwnWebContents: (contents) => window.current?.webContents === contents || handoffWindow.current?.webContents === contents,
    });
    disposables.push(() => ipc.dispose());

    const trayIcon = iconPath(app.isPackaged, app.getAppPath(), process.resourcesPath, trayIconName(process.platform));
    const tray = createTray(trayIcon, {
      open: () => window.show(),
      writeUpdate: () => window.show(WRITE_UPDATE_HASH),
      writeHandoff: () => handoffWindow.show(),
      quit: () => app.quit(),
    });
    disposables.push(() => tray.destroy());

    disposables.push(startReminders(core, tray, { window, handoffWindow }));
  } catch (error) {
    // Release what was started, down to the Core (its data-dir lock, its database), then give up.
    for (const dispose of disposables.reverse()) dispose();
    throw error;
  }

  if (!startedAtLogin(process.argv, app.getLoginItemSettings?.bind(app))) window.show();
  return disposables;
}

/**
 * Reminders while Baton runs, window or not: notifications (a handoff reminder opens the
 * composer window, others the main window), the tray's count, launch at login, and a catch-up
 * run when the machine wakes. Returns its disposer.
 */
function startReminders(core: Core, tray: Tray, windows: { window: MainWindow; handoffWindow: HandoffWindow }): () => void {
  const notifications = new Set<unknown>();
  const reminders = connectReminderShell({
    dispatcher: core.dispatcher,
    notify: (reminder) =>
      showReminderNotification(reminder, (r) => (r.kind === 'handoff' ? windows.handoffWindow.show() : windows.window.show()), notifications),
    showStatus: (status) => {
      showTrayStatus(tray, status, process.platform);
      // The dock / launcher badge where the platform has one (macOS, Unity launchers).
      app.setBadgeCount?.(status.unread + status.handoffs);
    },
    applyLaunchAtLogin: (enabled) => {
      if (process.platform !== 'linux') return app.setLoginItemSettings(loginItemSettings(enabled));
      // No login items in Electron on Linux: an XDG autostart entry instead.
      const result = applyLinuxAutostart(enabled, linuxAutostartTarget(), [HIDDEN_ARG]);
      if (!result.ok) log.warn('could not update the autostart entry', { file: result.file, error: result.error });
    },
  });
  const onResume = () => reminders.check();
  powerMonitor.on('resume', onResume);
  powerMonitor.on('unlock-screen', onResume);
  return () => {
    powerMonitor.removeListener('resume', onResume);
    powerMonitor.removeListener('unlock-screen', onResume);
    reminders.dispose();
    notifications.clear();
  };
}

/**
 * What a Linux session should start at login: the AppImage file itself (`$APPIMAGE`; the path the
 * binary runs from is a new mount every time), else the installed binary, plus the app folder
 * when Electron runs an unpackaged app (`npm start`).
 */
function linuxAutostartTarget(): AutostartTarget {
  if (process.env.APPIMAGE) return { exec: process.env.APPIMAGE };
  return { exec: process.execPath, args: app.isPackaged ? [] : [app.getAppPath()] };
}
