/**
 * Where the renderer comes from, and what counts as "our" page.
 *
 * Production: `baton://app/index.html`, served from out/renderer by the protocol handler in
 * app-protocol.ts. Development (`npm run dev`, unpackaged only): the electron-vite dev
 * server named by ELECTRON_RENDERER_URL, accepted only on a loopback host.
 *
 * Node's WHATWG URL gives every non-special scheme the origin "null", so origins here are
 * compared as scheme + host + port rather than through `URL.origin`.
 */
export const APP_SCHEME = 'baton';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export interface RendererSource {
  /** The URL the main window loads. */
  url: string;
  /** Origins (scheme://host[:port]) whose pages may use the API and navigate in-app. */
  origins: string[];
  /** True when the page comes from the Vite dev server (relaxed CSP for HMR). */
  dev: boolean;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `scheme://host[:port]` of a URL, or null when it does not parse. */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!parsed.host) return null;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}

export function isAllowedOrigin(url: string, origins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && origins.includes(origin);
}

/** The dev server URL when it may be used: unpackaged, set, http(s) on a loopback host. */
export function devServerUrl(isPackaged: boolean, env: Record<string, string | undefined>): string | null {
  const raw = env.ELECTRON_RENDERER_URL;
  if (isPackaged || !raw) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (!LOOPBACK_HOSTS.has(parsed.hostname)) return null;
  return parsed.toString();
}

export function resolveRendererSource(isPackaged: boolean, env: Record<string, string | undefined>): RendererSource {
  const dev = devServerUrl(isPackaged, env);
  if (dev) {
    // The app origin stays allowed too, so a dev build can still reach baton:// pages.
    return { url: dev, origins: [originOf(dev) as string, APP_ORIGIN], dev: true };
  }
  return { url: APP_ENTRY_URL, origins: [APP_ORIGIN], dev: false };
}
