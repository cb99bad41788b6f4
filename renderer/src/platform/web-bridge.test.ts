import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setLogLevel } from '../../../shared/log/logger';
import WebSocket, { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../../../shared/api/contract';
import { decodeWire, encodeWire } from '../../../shared/api/wire';
import type { WireRequest } from '../../../shared/api/wire';
import { createApiClient } from './api-client';
import { TransportError } from './bridge-types';
import type { ConnectionStatus, StatefulBridge } from './bridge-types';
import { backoffDelay, createWebBridge, webSocketUrl } from './web-bridge';
import type { WebSocketLike } from './web-bridge';

/**
 * jsdom's own WebSocket cannot be used here: under Vitest's jsdom environment it wraps undici's
 * WebSocket, which rejects the jsdom `Event` objects it is handed ("The "event" argument must be
 * an instance of Event"). So the bridge gets the `ws` client, a real WebSocket with the same
 * on* API, talking to a real server on an ephemeral port.
 */
const createSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

/** A real websocket server on 127.0.0.1:0 that records calls and lets the test answer them. */
async function startServer() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const calls: WireRequest[] = [];
  const sockets: WebSocket[] = [];
  const urls: string[] = [];
  let onCall: (socket: WebSocket, call: WireRequest) => void = () => {};
  wss.on('connection', (socket, req) => {
    sockets.push(socket);
    urls.push(req.url ?? '');
    socket.on('message', (data) => {
      const call = decodeWire(data.toString()) as WireRequest;
      calls.push(call);
      onCall(socket, call);
    });
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/api`,
    calls,
    sockets,
    urls,
    answerWith(fn: (socket: WebSocket, call: WireRequest) => void) {
      onCall = fn;
    },
    reply(socket: WebSocket, id: number, result: unknown) {
      socket.send(encodeWire({ t: 'result', id, result }));
    },
    push(event: string, payload: unknown) {
      for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(encodeWire({ t: 'event', event, payload }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

type Server = Awaited<ReturnType<typeof startServer>>;

beforeAll(() => setLogLevel('error'));
afterAll(() => setLogLevel('info'));

function waitForStatus(bridge: StatefulBridge, wanted: ConnectionStatus): Promise<void> {
  if (bridge.status() === wanted) return Promise.resolve();
  return new Promise((resolve) => {
    const off = bridge.onStatus((status) => {
      if (status === wanted) {
        off();
        resolve();
      }
    });
  });
}

describe('web bridge over a real websocket', () => {
  let server: Server;
  let bridge: StatefulBridge | null = null;
  afterEach(async () => {
    bridge?.dispose();
    bridge = null;
    await server?.close();
  });

  it('frames calls, results and bytes with the wire encoding', async () => {
    server = await startServer();
    server.answerWith((socket, call) => {
      if (call.method === 'docs.open') {
        server.reply(socket, call.id, { ok: true, value: { docId: 'page/a', state: new Uint8Array([1, 2, 3]) } });
      } else {
        server.reply(socket, call.id, { ok: false, error: { code: 'not_found', message: 'No page with id b' } });
      }
    });
    bridge = createWebBridge({ url: server.url, createSocket });
    const api = createApiClient(() => bridge!);

    // Called before the socket opened: queued, then sent in order.
    const opened = api.call('docs.open', { docId: 'page/a' });
    const failed = api.call('docs.update', { docId: 'page/b', update: new Uint8Array([9, 8]) });

    await expect(opened).resolves.toEqual({ docId: 'page/a', state: new Uint8Array([1, 2, 3]) });
    const error = await failed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'not_found', message: 'No page with id b' });

    expect(server.calls).toEqual([
      { t: 'call', id: 1, method: 'docs.open', input: { docId: 'page/a' } },
      { t: 'call', id: 2, method: 'docs.update', input: { docId: 'page/b', update: new Uint8Array([9, 8]) } },
    ]);
    expect(bridge.status()).toBe('open');
  });

  it('sends methods without input without an input field', async () => {
    server = await startServer();
    server.answerWith((socket, call) => server.reply(socket, call.id, { ok: true, value: null }));
    bridge = createWebBridge({ url: server.url, createSocket });
    await expect(createApiClient(() => bridge!).call('profile.get')).resolves.toBeNull();
    expect(server.calls[0]).toEqual({ t: 'call', id: 1, method: 'profile.get' });
  });

  it('delivers pushed events, with bytes decoded, to listeners of that event only', async () => {
    server = await startServer();
    bridge = createWebBridge({ url: server.url, createSocket });
    const api = createApiClient(() => bridge!);
    const updates: unknown[] = [];
    const pages: unknown[] = [];
    api.on('doc.update', (payload) => updates.push(payload));
    const off = api.on('pages.changed', (payload) => pages.push(payload));
    await waitForStatus(bridge, 'open');
    server.push('doc.update', { docId: 'page/a', update: new Uint8Array([7]) });
    server.push('pages.changed', { reason: 'remote' });
    await expect.poll(() => updates.length).toBe(1);
    await expect.poll(() => pages.length).toBe(1);
    expect(updates[0]).toEqual({ docId: 'page/a', update: new Uint8Array([7]) });
    expect((updates[0] as { update: unknown }).update).toBeInstanceOf(Uint8Array);
    off();
    server.push('pages.changed', { reason: 'local' });
    server.push('doc.update', { docId: 'page/a', update: new Uint8Array([8]) });
    await expect.poll(() => updates.length).toBe(2);
    expect(pages).toHaveLength(1);
  });

  it('on close rejects unanswered calls with a clear error, reconnects, and sends calls queued meanwhile', async () => {
    server = await startServer();
    let answer = false;
    server.answerWith((socket, call) => {
      if (answer) server.reply(socket, call.id, { ok: true, value: call.method });
    });
    bridge = createWebBridge({ url: server.url, createSocket, initialDelayMs: 10, maxDelayMs: 50 });
    const statuses: ConnectionStatus[] = [];
    bridge.onStatus((s) => statuses.push(s));
    const api = createApiClient(() => bridge!);

    const unanswered = api.call('pages.list');
    await expect.poll(() => server.calls.length).toBe(1);
    server.sockets[0].terminate();

    const error = await unanswered.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(/Disconnected from Baton.*pages\.list/);
    expect(bridge.status()).toBe('reconnecting');

    answer = true;
    const queued = api.call('team.members');
    await expect(queued).resolves.toBe('team.members');
    expect(server.sockets).toHaveLength(2);
    expect(statuses).toEqual(['open', 'reconnecting', 'open']);
  });

  it('keeps retrying with backoff while the server is down', async () => {
    server = await startServer();
    const url = server.url;
    bridge = createWebBridge({ url, createSocket, initialDelayMs: 5, maxDelayMs: 20 });
    await waitForStatus(bridge, 'open');
    await server.close();
    await waitForStatus(bridge, 'reconnecting');
    const failed = createApiClient(() => bridge!).call('pages.list');
    // The call waits in the queue across failed attempts instead of failing.
    await new Promise((r) => setTimeout(r, 60));
    expect(bridge.status()).toBe('reconnecting');
    bridge.dispose();
    await expect(failed).rejects.toBeInstanceOf(TransportError);
    expect(bridge.status()).toBe('closed');
    bridge = null;
  });

  it('passes the page token on to the socket URL', async () => {
    server = await startServer();
    const port = new URL(server.url).port;
    const url = webSocketUrl({ protocol: 'http:', host: `127.0.0.1:${port}`, search: '?token=s3cr%2Bt&x=1' });
    expect(url).toBe(`ws://127.0.0.1:${port}/api?token=s3cr%2Bt`);
    bridge = createWebBridge({ url, createSocket });
    await waitForStatus(bridge, 'open');
    expect(server.urls).toEqual(['/api?token=s3cr%2Bt']);
  });
});

describe('web bridge helpers', () => {
  it('builds ws/wss URLs from the page location', () => {
    expect(webSocketUrl({ protocol: 'https:', host: 'example.test', search: '' })).toBe('wss://example.test/api');
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:4000', search: '?a=b' })).toBe('ws://127.0.0.1:4000/api');
  });

  it('backs off exponentially up to the cap, with bounded jitter', () => {
    const none = () => 1;
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, 500, 10_000, none))).toEqual([500, 1000, 2000, 4000, 8000, 10_000]);
    expect(backoffDelay(0, 500, 10_000, () => 0)).toBe(400);
  });

  it('ignores malformed frames and results for unknown calls', async () => {
    const sockets: FakeSocket[] = [];
    const bridge = createWebBridge({
      url: 'ws://unused',
      createSocket: () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket;
      },
    });
    sockets[0].open();
    const call = bridge.invoke('pages.list');
    sockets[0].receive('{not json');
    sockets[0].receive(encodeWire({ t: 'result', id: 99, result: { ok: true, value: [] } }));
    sockets[0].receive(encodeWire({ t: 'what' }));
    sockets[0].receive(encodeWire({ t: 'result', id: 1, result: { ok: true, value: ['page'] } }));
    await expect(call).resolves.toEqual({ ok: true, value: ['page'] });
    bridge.dispose();
  });
});

class FakeSocket {
  readyState = 0;
  sent: string[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(data: string) {
    this.onmessage?.({ data });
  }
}
