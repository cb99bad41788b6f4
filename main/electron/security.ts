/**
 * Hardening applied to every webContents and to the session (Electron security checklist;
 * SECURITY.md maps each item to its code and test):
 * - a page may navigate only within the app's own origins; everything else is prevented;
 * - new windows are never created; web and mail links go to the system's handler, other
 *   schemes (file:, javascript:, smb:, custom handlers…) are dropped;
 * - <webview> is never attached;
 * - permission requests and checks are denied except notifications (reminders), and only for
 *   our pages; device pickers are always denied.
 * `openExternalSafely` is the only way to `shell.openExternal` (security-static.test.ts).
 */
import { shell } from 'electron';
import type { HandlerDetails, Session, WebContents, WindowOpenHandlerResponse } from 'electron';
import { createLogger } from '../../shared/log/logger';
import { isAllowedOrigin } from './app-url';

const log = createLogger('electron.security');

/** Mail-link fields that only fill in a draft. Some mail clients honour `attach=` and the like. */
const MAILTO_FIELDS: ReadonlySet<string> = new Set(['to', 'cc', 'bcc', 'subject', 'body']);

/**
 * The normalised form of `url` when it may leave the app, else null: http(s) with a host and
 * no credentials, or mailto: with an address and only draft fields. The normalised string is
 * what gets opened, so the OS never sees a form that parses differently from what was checked.
 */
export function safeExternalUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  switch (parsed.protocol) {
    case 'https:':
    case 'http:':
      // No credentials smuggled in the URL, and a real host.
      return parsed.username === '' && parsed.password === '' && parsed.hostname !== '' ? parsed.href : null;
    case 'mailto:':
      if (parsed.pathname === '') return null;
      return [...parsed.searchParams.keys()].every((field) => MAILTO_FIELDS.has(field.toLowerCase())) ? parsed.href : null;
    default:
      return null;
  }
}

export function isSafeExternalUrl(url: string): boolean {
  return safeExternalUrl(url) !== null;
}

export type OpenExternal = (url: string) => Promise<void>;

// The app's one shell.openExternal. Private, and used only as openExternalSafely's default, so
// every URL it gets has passed safeExternalUrl (reviewed for Electronegativity's OPEN_EXTERNAL
// check, which flags any call whose argument is not a constant).
const systemOpenExternal: OpenExternal = (url) => shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK

/**
 * Opens `url` with the system's handler if it is a safe link; returns whether it did.
 * `openExternal` is replaceable for tests only.
 */
export function openExternalSafely(url: string, openExternal: OpenExternal = systemOpenExternal): boolean {
  const safe = safeExternalUrl(url);
  if (safe === null) {
    log.warn('refused to open a link externally', { url: url.slice(0, 200) });
    return false;
  }
  openExternal(safe).catch((error: unknown) => log.warn('could not open link', { error: String(error) }));
  return true;
}

export function createWindowOpenHandler(openExternal?: OpenExternal): (details: HandlerDetails) => WindowOpenHandlerResponse {
  return ({ url }) => {
    openExternalSafely(url, openExternal);
    return { action: 'deny' };
  };
}

export interface NavigationEvent {
  preventDefault(): void;
  url: string;
}

/** Handler for `will-navigate` / `will-redirect`: stays in-app, sends web and mail links out. */
export function createNavigationGuard(origins: readonly string[], openExternal?: OpenExternal): (event: NavigationEvent) => void {
  return (event) => {
    if (isAllowedOrigin(event.url, origins)) return;
    event.preventDefault();
    log.warn('blocked navigation away from the app', { url: event.url.slice(0, 200) });
    openExternalSafely(event.url, openExternal);
  };
}

export function hardenWebContents(contents: WebContents, origins: readonly string[], openExternal?: OpenExternal): void {
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
