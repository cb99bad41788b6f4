/**
 * The `baton://` scheme: serves the built renderer (out/renderer) to the main window.
 *
 * Why a custom scheme rather than file://: the page gets a real, stable origin
 * (`baton://app`) that the IPC sender check and navigation rules can compare against, and it
 * cannot read arbitrary files the way file:// pages can.
 *
 * Guarantees of the handler:
 * - only GET/HEAD on host `app`;
 * - the decoded path must stay inside the root directory: `..` segments, encoded slashes
 *   (`..%2f`), backslashes and NUL bytes are refused before any file is touched;
 * - every response carries the production CSP and `nosniff`.
 */
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-url';
import { PRODUCTION_CSP } from './csp';

/** Must run before `app` is ready: privileges cannot be granted afterwards. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        // standard: relative URLs, a real origin, localStorage; secure: treated like https.
        standard: true,
        secure: true,
        // Vite emits `<script type="module" crossorigin>`, which needs fetch + CORS support.
        supportFetchAPI: true,
        corsEnabled: true,
        codeCache: true,
      },
    },
  ]);
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeOf(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file a `baton://app/...` URL names inside `root`, or null when the URL is not ours or
 * would leave `root`. Pure: touches no file.
 */
export function resolveAssetPath(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;

  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  if (relative.includes('\0') || relative.includes('\\')) return null;
  // After decoding, refuse any `..` segment outright instead of trusting normalisation:
  // `%2e%2e%2f` and `..%2f` only become traversal once decoded.
  if (relative.split('/').some((segment) => segment === '..')) return null;
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';

  const base = path.resolve(root);
  const file = path.resolve(base, '.' + path.posix.normalize('/' + relative));
  if (file !== base && !file.startsWith(base + path.sep)) return null;
  return file;
}

export interface AssetRequest {
  url: string;
  method: string;
}

export type AssetReader = (file: string) => Promise<Uint8Array>;

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': PRODUCTION_CSP },
  });
}

/** The handler for `protocol.handle(APP_SCHEME, …)`, serving files below `root`. */
export function createAppProtocolHandler(
  root: string,
  read: AssetReader = (file) => readFile(file),
): (request: AssetRequest) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
    const file = resolveAssetPath(root, request.url);
    if (!file) return textResponse(403, 'Forbidden');
    let body: Uint8Array;
    try {
      body = await read(file);
    } catch {
      return textResponse(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': mimeTypeOf(file),
        'Content-Security-Policy': PRODUCTION_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  };
}

/** Serves `root` on the default session. Call after `app` is ready. */
export function handleAppProtocol(root: string): () => void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(root));
  return () => protocol.unhandle(APP_SCHEME);
}
