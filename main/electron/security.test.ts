import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Electron cannot run here: security.ts needs its types and `shell.openExternal`.
const electron = vi.hoisted(() => ({ shell: { openExternal: vi.fn((_url: string) => Promise.resolve()) } }));
vi.mock('electron', () => electron);

import type { Session, WebContents } from 'electron';
import { setLogSink } from '../../shared/log/logger';
import { APP_ORIGIN } from './app-url';
import {
  createNavigationGuard,
  createWindowOpenHandler,
  hardenWebContents,
  installPermissionHandlers,
  isPermissionAllowed,
  isSafeExternalUrl,
  openExternalSafely,
  safeExternalUrl,
} from './security';

beforeAll(() => setLogSink(() => undefined));
afterAll(() => setLogSink(null));

describe('external links', () => {
  it('accepts http(s) URLs with a host and no credentials, and mail links with only draft fields', () => {
    expect(isSafeExternalUrl('https://example.com/a?b#c')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(true);
    expect(isSafeExternalUrl('mailto:team@example.com')).toBe(true);
    expect(isSafeExternalUrl('mailto:team@example.com?subject=Hi&body=See%20you&cc=a@example.com')).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'baton://app/index.html',
      'smb://server/share',
      'ms-msdt:/id',
      'tel:+15550100',
      'vbscript:msgbox(1)',
      'https://user:pass@example.com/',
      'https://user@example.com/',
      'data:text/html,hi',
      'mailto:',
      'mailto:?subject=no-address',
      'mailto:a@example.com?attach=/etc/passwd',
      'mailto:a@example.com?subject=x&ATTACHMENT=~/.ssh/id_rsa',
      'not a url',
      '',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });

  it('hands the system the normalised URL it checked', () => {
    expect(safeExternalUrl('HTTPS://Example.COM')).toBe('https://example.com/');
    expect(safeExternalUrl(' https://example.com/a b')).toBe('https://example.com/a%20b');
  });

  it('opens safe links through shell.openExternal, and nothing else', async () => {
    electron.shell.openExternal.mockClear();
    expect(openExternalSafely('https://example.com/docs')).toBe(true);
    expect(openExternalSafely('file:///etc/passwd')).toBe(false);
    expect(openExternalSafely('javascript:alert(1)')).toBe(false);
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://example.com/docs']]);
    // A failure of the OS handler is logged, not thrown.
    electron.shell.openExternal.mockRejectedValueOnce(new Error('no handler'));
    expect(openExternalSafely('mailto:team@example.com')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
});

describe('navigation and new windows', () => {
  let openExternal: ReturnType<typeof vi.fn<(url: string) => Promise<void>>>;
  beforeEach(() => {
    openExternal = vi.fn<(url: string) => Promise<void>>(() => Promise.resolve());
  });

  it('lets the page navigate within the app origin', () => {
    const guard = createNavigationGuard([APP_ORIGIN], openExternal);
    const event = { url: 'baton://app/index.html#/pages', preventDefault: vi.fn() };
    guard(event);
    expect(event.preventDefault).not.toHaveBeenCalled();
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('prevents navigation elsewhere and hands web links to the system browser', () => {
    const guard = createNavigationGuard([APP_ORIGIN], openExternal);
    const web = { url: 'https://example.com/docs', preventDefault: vi.fn() };
    guard(web);
    expect(web.preventDefault).toHaveBeenCalled();
    expect(openExternal).toHaveBeenCalledWith('https://example.com/docs');

    const file = { url: 'file:///etc/passwd', preventDefault: vi.fn() };
    guard(file);
    expect(file.preventDefault).toHaveBeenCalled();
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('never opens a window; only http(s) links go to the browser', () => {
    const handler = createWindowOpenHandler(openExternal);
    const details = (url: string) => ({ url }) as Parameters<typeof handler>[0];
    expect(handler(details('https://example.com/'))).toEqual({ action: 'deny' });
    expect(handler(details('baton://app/index.html'))).toEqual({ action: 'deny' });
    expect(handler(details('javascript:alert(1)'))).toEqual({ action: 'deny' });
    expect(handler(details('file:///etc/passwd'))).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://example.com/']]);
  });

  it('wires the guards into a webContents and blocks <webview>', () => {
    const handlers = new Map<string, (event: { url?: string; preventDefault(): void }) => void>();
    const contents = {
      on: vi.fn((name: string, fn: (event: { preventDefault(): void }) => void) => handlers.set(name, fn)),
      setWindowOpenHandler: vi.fn(),
    };
    hardenWebContents(contents as unknown as WebContents, [APP_ORIGIN], openExternal);
    expect([...handlers.keys()].sort()).toEqual(['will-attach-webview', 'will-navigate', 'will-redirect']);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledOnce();

    const webview = { preventDefault: vi.fn() };
    handlers.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    const redirect = { url: 'https://tracker.example/', preventDefault: vi.fn() };
    handlers.get('will-redirect')!(redirect);
    expect(redirect.preventDefault).toHaveBeenCalled();
  });
});

describe('permissions', () => {
  it('grants only notifications, and only to the app origin', () => {
    expect(isPermissionAllowed('notifications', 'baton://app/index.html', [APP_ORIGIN])).toBe(true);
    expect(isPermissionAllowed('notifications', 'https://example.com/', [APP_ORIGIN])).toBe(false);
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'usb']) {
      expect(isPermissionAllowed(permission, 'baton://app/index.html', [APP_ORIGIN]), permission).toBe(false);
    }
  });

  it('installs request, check and device handlers that deny by default', () => {
    type RequestHandler = (wc: unknown, permission: string, cb: (granted: boolean) => void, details: { requestingUrl: string }) => void;
    let request: RequestHandler | undefined;
    let check: ((wc: unknown, permission: string, origin: string) => boolean) | undefined;
    let device: (() => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: vi.fn((fn: RequestHandler) => (request = fn)),
      setPermissionCheckHandler: vi.fn((fn: typeof check) => (check = fn)),
      setDevicePermissionHandler: vi.fn((fn: typeof device) => (device = fn)),
    } as unknown as Session;
    installPermissionHandlers(session, [APP_ORIGIN]);

    const contents = { getURL: () => 'baton://app/index.html' };
    const granted = vi.fn();
    request!(contents, 'notifications', granted, { requestingUrl: 'baton://app/index.html' });
    request!(contents, 'media', granted, { requestingUrl: 'baton://app/index.html' });
    request!(contents, 'notifications', granted, { requestingUrl: 'https://evil.example/' });
    expect(granted.mock.calls).toEqual([[true], [false], [false]]);
    expect(check!(contents, 'notifications', 'baton://app')).toBe(true);
    expect(check!(contents, 'geolocation', 'baton://app')).toBe(false);
    expect(device!()).toBe(false);
  });
});
