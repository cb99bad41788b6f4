/**
 * Content-Security-Policy for every page the shell shows.
 *
 * The production policy lets the renderer load only its own bundle: no remote code, no
 * inline or eval'd script, no plugins, no framing, no network (the renderer talks only to
 * `window.baton`; the Core does the networking). Inline styles stay allowed because React
 * and the editor set `style` attributes.
 *
 * The dev server needs two relaxations, and gets them only when the page comes from it:
 * @vitejs/plugin-react injects an inline module script (the React Refresh preamble), and
 * Vite's HMR client opens a websocket to the dev server.
 */
import type { Session } from 'electron';
import { APP_CONTENT_SECURITY_POLICY } from '../../shared/api/csp';

export const PRODUCTION_CSP = APP_CONTENT_SECURITY_POLICY;

/** The policy for pages served by the Vite dev server at `devUrl`. */
export function devCsp(devUrl: string): string {
  const url = new URL(devUrl);
  const ws = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  return PRODUCTION_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "connect-src 'self'",
    `connect-src 'self' ${ws}`,
  );
}

type Headers = Record<string, string[] | string>;

/** Response headers with any CSP the server sent replaced by ours (header names are case-insensitive). */
export function withCsp(headers: Headers | undefined, policy: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'content-security-policy' || lower === 'content-security-policy-report-only') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  // Electronegativity's CSP check reads only string literals and reports this computed value as
  // unparsable; the real policy goes through its evaluator in scripts/electronegativity.mjs.
  out['Content-Security-Policy'] = [policy]; // eng-disable CSP_GLOBAL_CHECK
  return out;
}

/**
 * Adds the policy to every HTTP(S) response the session receives: this is what covers the
 * dev server. baton:// responses carry the same header from the protocol handler itself.
 */
export function installCsp(session: Session, policy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders, policy) });
  });
}
