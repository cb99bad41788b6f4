/**
 * Hardening applied to every webContents and to the session (Electron security checklist):
 * - a page may navigate only within the app's own origins; everything else is prevented;
 * - new windows are never created; http(s) links go to the system browser, other schemes
 *   (file:, javascript:, custom handlers…) are dropped;
 * - <webview> is never attached;
 * - permission requests are denied except notifications (reminders), and only for our pages.
 */
import type { HandlerDetails, Session, WebContents, WindowOpenHandlerResponse } from 'electron';
import { createLogger } from '../../shared/log/logger';
import { isAllowedOrigin } from './app-url';

const log = createLogger('electron.security');

/** Only plain web links may leave the app, and only to the system browser. */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  // No credentials smuggled in the URL, and a real host.
  return parsed.username === '' && parsed.password === '' && parsed.hostname !== '';
}

export type OpenExternal = (url: string) => Promise<void>;

/** Opens `url` in the system browser if it is a safe web link; returns whether it did. */
export function openExternalSafely(url: string, openExternal: OpenExternal): boolean {
  if (!isSafeExternalUrl(url)) {
    log.warn('refused to open a non-web link externally', { url: url.slice(0, 200) });
    return false;
  }
  openExternal(url).catch((error: unknown) => log.warn('could not open link', { error: String(error) }));
  return true;
}

export function createWindowOpenHandler(openExternal: OpenExternal): (details: HandlerDetails) => WindowOpenHandlerResponse {
  return ({ url }) => {
    openExternalSafely(url, openExternal);
    return { action: 'deny' };
  };
}

export interface NavigationEvent {
  preventDefault(): void;
  url: string;
}

/** Handler for `will-navigate` / `will-redirect`: stays in-app, sends web links to the browser. */
export function createNavigationGuard(origins: readonly string[], openExternal: OpenExternal): (event: NavigationEvent) => void {
  return (event) => {
    if (isAllowedOrigin(event.url, origins)) return;
    event.preventDefault();
    log.warn('blocked navigation away from the app', { url: event.url.slice(0, 200) });
    openExternalSafely(event.url, openExternal);
  };
}

export function hardenWebContents(contents: WebContents, origins: readonly string[], openExternal: OpenExternal): void {
  const guard = createNavigationGuard(origins, openExternal);
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked a <webview>');
  });
  contents.setWindowOpenHandler(createWindowOpenHandler(openExternal));
}

export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

/** Whether a permission asked by a page at `requestingUrl` is granted. */
export function isPermissionAllowed(permission: string, requestingUrl: string, origins: readonly string[]): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAllowedOrigin(requestingUrl, origins);
}

export function installPermissionHandlers(session: Session, origins: readonly string[]): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const url = details.requestingUrl || contents.getURL();
    const allowed = isPermissionAllowed(permission, url, origins);
    if (!allowed) log.info('denied permission request', { permission });
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, origins),
  );
  // Never let a page pick devices (USB/HID/serial/bluetooth) on its own.
  session.setDevicePermissionHandler(() => false);
}
