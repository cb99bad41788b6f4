/**
 * The web shell: the same Core served to a browser on loopback, speaking the API contract
 * over one websocket (`/api`). It exists so the app runs, and is tested end to end, in a real
 * browser where Electron cannot run.
 *
 * Security: it listens on 127.0.0.1 only; a random per-run token is required on every request
 * (as `?token=` once, after which an HttpOnly SameSite=Strict cookie carries it); the Host and
 * Origin headers must name this server (DNS-rebinding defence); responses carry the same strict
 * CSP as the Electron shell.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import type { ApiResult, WireMessage } from '../../shared/api';
import { decodeWire, encodeWire } from '../../shared/api';
import { createLogger } from '../../shared/log/logger';
import { APP_CONTENT_SECURITY_POLICY } from '../../shared/api/csp';
import type { Core } from '../core/core';
import type { ClientContext } from '../core/api/dispatcher';

const log = createLogger('web-shell');

export const CONTENT_SECURITY_POLICY = APP_CONTENT_SECURITY_POLICY;

const COOKIE = 'baton_session';
const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export interface WebShellOptions {
  core: Core;
  /** The built renderer (out/renderer). */
  staticDir: string;
  host?: string;
  port?: number;
  /** Fixed token for tests; random otherwise. */
  token?: string;
}

export interface WebShell {
  /** Open this in a browser: it carries the token. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const host = options.host ?? '127.0.0.1';
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) throw new Error(`The web shell listens on loopback only, not ${host}`);
  const staticDir = path.resolve(options.staticDir);
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error(`No built renderer in ${staticDir}: run "npm run build" first`);
  }
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const tokenBuffer = Buffer.from(token);
  let allowedHosts = new Set<string>();

  const tokenMatches = (candidate: string | null | undefined) => {
    if (!candidate) return false;
    const given = Buffer.from(candidate);
    return given.length === tokenBuffer.length && crypto.timingSafeEqual(given, tokenBuffer);
  };

  const authenticate = (req: http.IncomingMessage, url: URL): 'query' | 'cookie' | null => {
    if (tokenMatches(url.searchParams.get('token'))) return 'query';
    if (tokenMatches(readCookie(req.headers.cookie, COOKIE))) return 'cookie';
    return null;
  };

  const hostAllowed = (req: http.IncomingMessage) => allowedHosts.has(req.headers.host ?? '');

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (!hostAllowed(req)) return sendText(res, 421, 'Unknown host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed');
    const auth = authenticate(req, url);
    if (!auth) {
      return sendText(res, 401, 'Baton: open the link that "npm run web" printed (it carries this run\'s access token).');
    }
    if (auth === 'query') {
      res.setHeader('Set-Cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    serveStatic(staticDir, url.pathname, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let nextClient = 0;

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const origin = req.headers.origin;
    const reject = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/api') return reject(404, 'Not Found');
    if (!hostAllowed(req)) return reject(421, 'Misdirected Request');
    if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//, ''))) return reject(403, 'Forbidden');
    if (!authenticate(req, url)) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  const onConnection = (ws: WebSocket) => {
    const send = (message: WireMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(encodeWire(message));
    };
    const client: ClientContext = {
      id: `web-${++nextClient}`,
      emit: (event, payload) => send({ t: 'event', event, payload }),
    };
    options.core.dispatcher.connect(client);
    log.info('client connected', { client: client.id });
    ws.on('message', (data, isBinary) => {
      void handleMessage(client, data, isBinary).then((reply) => reply && send(reply));
    });
    ws.on('close', () => {
      options.core.dispatcher.disconnect(client.id);
      log.info('client disconnected', { client: client.id });
    });
    ws.on('error', (error) => log.warn('socket error', { client: client.id, error: error.message }));
  };

  const handleMessage = async (client: ClientContext, data: WebSocket.RawData, isBinary: boolean): Promise<WireMessage | null> => {
    let message: unknown;
    try {
      if (isBinary) throw new Error('binary frames are not part of the protocol');
      message = decodeWire(data.toString());
    } catch (error) {
      log.warn('malformed message', { client: client.id, error: String(error) });
      return null;
    }
    const call = message as { t?: unknown; id?: unknown; method?: unknown; input?: unknown };
    if (call.t !== 'call' || typeof call.id !== 'number') {
      log.warn('message is not a call', { client: client.id });
      return null;
    }
    const result: ApiResult<unknown> = await options.core.dispatcher.dispatch(client, call.method, call.input);
    return { t: 'result', id: call.id, result };
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  allowedHosts = new Set([`${hostForUrl}:${port}`, `localhost:${port}`]);
  const origin = `http://${hostForUrl}:${port}`;
  log.info('web shell listening', { origin });

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.close(1001, 'Baton is shutting down');
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    return sendText(res, 400, 'Bad path');
  }
  if (relative.includes('\0')) return sendText(res, 400, 'Bad path');
  let file = path.resolve(root, '.' + path.posix.normalize('/' + relative));
  if (file !== root && !file.startsWith(root + path.sep)) return sendText(res, 403, 'Forbidden');
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    // Client-side routes fall back to the app; missing assets are 404s.
    if (path.extname(relative)) return sendText(res, 404, 'Not found');
    file = path.join(root, 'index.html');
  }
  const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, { 'Content-Type': type, 'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600' });
  fs.createReadStream(file).pipe(res);
}
