/**
 * The web shell's transport: one websocket to `/api` carrying the API contract as JSON frames
 * (shared/api/wire.ts).
 *
 * Invariants:
 * - A call made while the socket is not open is queued and sent, in order, once it opens.
 * - A call that was sent but not answered when the socket closes is rejected with a
 *   `TransportError`: the Core may or may not have applied it, so it is never re-sent blindly
 *   (callers that care — the page editor — resynchronise after reconnecting).
 * - After a close the bridge reconnects with exponential backoff (plus jitter) until disposed;
 *   status listeners see 'connecting' → 'open' → 'reconnecting' → 'open' …
 * - Pushed events are delivered to listeners of that event name only.
 */
import { decodeWire, encodeWire } from '../../../shared/api/wire';
import type { WireMessage, WireRequest } from '../../../shared/api/wire';
import type { ApiResult } from '../../../shared/api/contract';
import { createLogger } from '../../../shared/log/logger';
import type { ConnectionStatus, StatefulBridge } from './bridge-types';
import { TransportError } from './bridge-types';

const log = createLogger('renderer/web-bridge');

/** The subset of the DOM WebSocket this bridge uses, so tests may pass another constructor. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

export interface WebBridgeOptions {
  url: string;
  /** Defaults to the global WebSocket. */
  createSocket?: WebSocketFactory;
  /** First reconnect delay; doubles per failed attempt up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Random in [0, 1); injectable so backoff is deterministic in tests. */
  random?: () => number;
}

const OPEN = 1;

interface Pending {
  method: string;
  resolve: (result: ApiResult<unknown>) => void;
  reject: (error: Error) => void;
}

/** Reconnect delay for the n-th consecutive failed attempt (0-based), with up to 20% jitter. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 20));
  return Math.round(base * (0.8 + 0.2 * random()));
}

/** `ws(s)://<host>/api`, passing on a `?token=` from the page URL when present. */
export function webSocketUrl(location: { protocol: string; host: string; search: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const token = new URLSearchParams(location.search).get('token');
  return `${scheme}://${location.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

export function createWebBridge(options: WebBridgeOptions): StatefulBridge {
  const createSocket: WebSocketFactory = options.createSocket ?? ((url) => new WebSocket(url) as unknown as WebSocketLike);
  const initialDelayMs = options.initialDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const random = options.random ?? Math.random;

  let socket: WebSocketLike | null = null;
  let status: ConnectionStatus = 'connecting';
  let attempt = 0;
  let nextId = 1;
  let disposed = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  /** Requests not yet handed to an open socket. */
  const queue: WireRequest[] = [];
  /** Requests sent (or queued) and not yet answered, by id. */
  const pending = new Map<number, Pending>();
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();

  const setStatus = (next: ConnectionStatus) => {
    if (next === status) return;
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  };

  const send = (request: WireRequest) => {
    socket!.send(encodeWire(request));
  };

  const onMessage = (data: unknown) => {
    if (typeof data !== 'string') {
      log.warn('ignored a non-text frame');
      return;
    }
    let message: WireMessage;
    try {
      message = decodeWire(data) as WireMessage;
    } catch (error) {
      log.warn('ignored a malformed frame', { error: String(error) });
      return;
    }
    if (message?.t === 'result') {
      const call = pending.get(message.id);
      if (!call) {
        log.warn('result for an unknown call', { id: message.id });
        return;
      }
      pending.delete(message.id);
      call.resolve(message.result as ApiResult<unknown>);
    } else if (message?.t === 'event') {
      const listeners = eventListeners.get(message.event);
      if (!listeners) return;
      for (const listener of [...listeners]) {
        try {
          listener(message.payload);
        } catch (error) {
          log.error('event listener threw', { event: message.event, error: String(error) });
        }
      }
    } else {
      log.warn('ignored a frame of unknown type');
    }
  };

  const connect = () => {
    reconnectTimer = null;
    if (disposed) return;
    let ws: WebSocketLike;
    try {
      ws = createSocket(options.url);
    } catch (error) {
      log.error('could not create the websocket', { error: String(error) });
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      attempt = 0;
      setStatus('open');
      while (queue.length > 0 && ws.readyState === OPEN) send(queue.shift()!);
    };
    ws.onmessage = (event) => {
      if (socket === ws) onMessage(event.data);
    };
    ws.onerror = () => {
      // A close event always follows; that is where the state changes.
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      // Loud once when an open link drops; quiet for each failed retry after that.
      (status === 'open' ? log.warn : log.debug)('connection closed', { code: event.code, reason: event.reason });
      failSent(`Disconnected from Baton (code ${event.code}); the request may not have been applied.`);
      if (!disposed) {
        setStatus('reconnecting');
        scheduleReconnect();
      }
    };
  };

  /** Rejects every call that left the queue; queued calls wait for the next connection. */
  const failSent = (message: string) => {
    const queuedIds = new Set(queue.map((r) => r.id));
    for (const [id, call] of pending) {
      if (queuedIds.has(id)) continue;
      pending.delete(id);
      call.reject(new TransportError(`${message} (${call.method})`));
    }
  };

  const scheduleReconnect = () => {
    if (disposed || reconnectTimer) return;
    const delay = backoffDelay(attempt++, initialDelayMs, maxDelayMs, random);
    reconnectTimer = setTimeout(connect, delay);
  };

  connect();

  return {
    invoke(method, input) {
      if (disposed) return Promise.reject(new TransportError(`The connection to Baton was shut down (${method}).`));
      const id = nextId++;
      const request: WireRequest = input === undefined ? { t: 'call', id, method } : { t: 'call', id, method, input };
      return new Promise<ApiResult<unknown>>((resolve, reject) => {
        pending.set(id, { method, resolve, reject });
        if (socket && socket.readyState === OPEN) {
          try {
            send(request);
          } catch (error) {
            pending.delete(id);
            reject(new TransportError(`Could not send ${method}: ${String(error)}`));
          }
        } else {
          queue.push(request);
        }
      });
    },
    on(event, listener) {
      let listeners = eventListeners.get(event);
      if (!listeners) eventListeners.set(event, (listeners = new Set()));
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      const ws = socket;
      socket = null;
      queue.length = 0;
      for (const [id, call] of pending) {
        pending.delete(id);
        call.reject(new TransportError(`The connection to Baton was shut down (${call.method}).`));
      }
      setStatus('closed');
      ws?.close(1000, 'disposed');
      statusListeners.clear();
      eventListeners.clear();
    },
  };
}
