/**
 * The relay: one node:http server; websocket upgrades are checked (path, token, space, limits)
 * BEFORE they are accepted, then handed to a RelayConnection. `startRelay` is the programmatic
 * API used by the CLI and by tests.
 *
 * Two modes: embedded SQLite in `dataDir` (default; one instance), or — with `databaseUrl` and
 * `redisUrl` — PostgreSQL storage plus Redis pub/sub fan-out, so that any number of instances
 * can serve the same spaces behind a load balancer (relay-bus.ts, pg-storage.ts).
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { createLogger } from '../shared/log/logger';
import type { TokenPayload } from '../shared/sync/invite';
import { Hub } from './hub';
import { CloseCode, DEFAULT_LIMITS, type RelayLimits } from './limits';
import { Metrics } from './metrics';
import { parseTarget, type Target } from './paths';
import type { RelayBus } from './relay-bus';
import { RelayConnection } from './relay-connection';
import { SqliteStorage } from './sqlite-storage';
import type { RelayStorage } from './storage';
import { loadOrCreateSecret, requireEnvSecret, verifyToken } from './token';

const log = createLogger('relay');

export interface RelayOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** SQLite mode: the database and (without BATON_RELAY_SECRET) the secret file live here. */
  dataDir?: string;
  /**
   * HMAC secret; default: env BATON_RELAY_SECRET, else (SQLite mode only) `<dataDir>/relay-secret`.
   * Instances sharing PostgreSQL + Redis must share it, so there it must come from the env.
   */
  secret?: string;
  limits?: Partial<RelayLimits>;
  /** PostgreSQL connection string; with `redisUrl`, selects the scale-out mode. */
  databaseUrl?: string;
  /** Redis URL for fan-out between instances; with `databaseUrl`, selects the scale-out mode. */
  redisUrl?: string;
  /** PostgreSQL schema of the relay's tables, also the namespace of its Redis channels (default `public`). */
  databaseSchema?: string;
  /** Storage to use instead of SQLite / PostgreSQL (the relay closes it on close()). */
  storage?: RelayStorage;
  /** Fan-out bus to use instead of Redis (the relay closes it on close()). */
  bus?: RelayBus;
  /** Compaction thresholds (tests use small ones). */
  compactAfterUpdates?: number;
  compactAfterBytes?: number;
  /** A due doc is compacted once it had no update for this long (default 1 s; 0: at once). */
  compactWhenQuietMs?: number;
}

export interface RelayHandle {
  /** Base websocket URL, e.g. `ws://127.0.0.1:4455`. */
  url: string;
  port: number;
  host: string;
  /** Stop accepting, close sockets with 1001, finish queued messages, close storage. */
  close(): Promise<void>;
  /** Scale-out mode: this instance's id on the bus. */
  instanceId: string | null;
}

const SHUTDOWN_SOCKET_GRACE_MS = 2_000;
const AWARENESS_EXPIRY_CHECK_MS = 10_000;

/** Storage and bus for the options: SQLite alone, or PostgreSQL + Redis. */
async function openBackends(options: RelayOptions): Promise<{ storage: RelayStorage; bus: RelayBus | null; secret: string }> {
  const { databaseUrl, redisUrl } = options;
  const compaction = {
    compactAfterUpdates: options.compactAfterUpdates,
    compactAfterBytes: options.compactAfterBytes,
    compactWhenQuietMs: options.compactWhenQuietMs,
  };
  if (!databaseUrl && !redisUrl) {
    // Injected storage / bus (tests), or the embedded SQLite relay.
    if (options.bus && !options.storage) throw new Error('a bus needs storage shared by the instances, not SQLite');
    const dataDir = () => {
      if (!options.dataDir) throw new Error('dataDir is required for the SQLite relay');
      return options.dataDir;
    };
    const secret = options.secret ?? loadOrCreateSecret(dataDir());
    return { storage: options.storage ?? new SqliteStorage({ dataDir: dataDir(), ...compaction }), bus: options.bus ?? null, secret };
  }
  // One without the other would silently split fan-out (PostgreSQL alone) or storage (Redis alone).
  if (!databaseUrl || !redisUrl) throw new Error('the scale-out relay needs both a PostgreSQL URL and a Redis URL');
  const secret = options.secret ?? requireEnvSecret();
  const schema = options.databaseSchema ?? 'public';
  // Loaded only in this mode: the SQLite relay never pays for the PostgreSQL and Redis clients.
  const storage = options.storage ?? (await (await import('./pg-storage')).PgStorage.open({ connectionString: databaseUrl, schema, ...compaction }));
  try {
    const bus = options.bus ?? (await (await import('./redis-bus')).RedisBus.connect({ url: redisUrl, namespace: `baton-relay:${schema}` }));
    return { storage, bus, secret };
  } catch (err) {
    await storage.close();
    throw err;
  }
}

function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
      'Connection: close\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export async function startRelay(options: RelayOptions): Promise<RelayHandle> {
  const host = options.host ?? '127.0.0.1';
  const limits: RelayLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const { storage, bus, secret } = await openBackends(options);
  await storage.ready?.();
  const metrics = new Metrics();
  const hub = new Hub(bus, storage);
  const connections = new Set<RelayConnection>();
  const startedAt = Date.now();
  let nextId = 1;
  let closing: Promise<void> | null = null;

  bus?.listen({
    message: (origin, message) => hub.receive(origin, message),
    link: (up) => {
      if (up) return;
      // Messages may have been lost both ways: have every client re-sync from storage.
      log.warn('lost the Redis link: closing every connection until it is back', { connections: connections.size });
      hub.busLinkLost();
      for (const conn of connections) conn.reject(CloseCode.InternalError, 'relay lost its link to the other instances; reconnect');
    },
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false });

  const countConnections = () => {
    const byKind = { sync: 0, y: 0 };
    for (const c of connections) byKind[c.kind]++;
    return byKind;
  };

  async function renderMetrics(): Promise<string> {
    const byKind = countConnections();
    metrics.set('baton_relay_connections', 'Open websocket connections', byKind.sync, { endpoint: 'sync' });
    metrics.set('baton_relay_connections', 'Open websocket connections', byKind.y, { endpoint: 'y' });
    const hubStats = hub.stats();
    metrics.set('baton_relay_active_spaces', 'Spaces with at least one connection', hubStats.spaces);
    metrics.set('baton_relay_awareness_clients', 'Awareness states held for connected clients', hubStats.awarenessClients);
    if (bus) {
      metrics.set('baton_relay_bus_up', '1 while the Redis link to the other instances works', bus.up ? 1 : 0);
      metrics.set('baton_relay_bus_gap_fills', 'Stored docs sent since start because an update of another instance never arrived', hubStats.gapFills);
    }
    const s = await storage.stats();
    metrics.set('baton_relay_docs', 'Docs in storage', s.docs);
    metrics.set('baton_relay_storage_pending_updates', 'Stored updates not yet merged into a snapshot', s.pendingUpdates);
    metrics.set('baton_relay_storage_bytes', 'Bytes of the storage files on disk', s.bytes);
    metrics.counter('baton_relay_compactions_total', 'Compactions of a doc log into a snapshot (by this instance)').value = s.compactions;
    metrics.set('process_resident_memory_bytes', 'Resident memory of the relay process', process.memoryUsage.rss());
    metrics.set('baton_relay_uptime_seconds', 'Seconds since the relay started', Math.round((Date.now() - startedAt) / 1000));
    return metrics.render();
  }

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'application/json', '{"error":"method not allowed"}');
    if (path === '/healthz') {
      const byKind = countConnections();
      const status = closing ? 'shutting-down' : bus && !bus.up ? 'bus-down' : 'ok';
      return reply(status === 'ok' ? 200 : 503, 'application/json', JSON.stringify({
        status,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        connections: byKind.sync + byKind.y,
      }));
    }
    if (path === '/metrics') {
      renderMetrics().then(
        (text) => reply(200, 'text/plain; version=0.0.4; charset=utf-8', text),
        (err) => reply(500, 'application/json', JSON.stringify({ error: String(err) })),
      );
      return;
    }
    const target = parseTarget(req);
    if (target.ok) return reply(426, 'application/json', '{"error":"websocket upgrade required"}');
    reply(404, 'application/json', JSON.stringify({ error: 'not found' }));
  });

  const refuse = (socket: Duplex, status: number, message: string, reason: string) => {
    metrics.inc('baton_relay_rejected_total', 'Websocket upgrades refused before the handshake', { reason });
    log.info('upgrade refused', { status, reason });
    rejectUpgrade(socket, status, message);
  };

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (closing) return refuse(socket, 503, 'relay is shutting down', 'shutting_down');
    if (bus && !bus.up) return refuse(socket, 503, 'relay cannot reach the other instances (Redis)', 'bus_down');
    const parsed = parseTarget(req);
    if (!parsed.ok) return refuse(socket, parsed.status, parsed.message, parsed.status === 404 ? 'not_found' : 'bad_request');
    const target = parsed.target;
    const verdict = verifyToken(target.token, secret);
    if (!verdict.ok) {
      const messages = {
        missing: 'token required (?token=…)',
        malformed: 'malformed token',
        'bad-signature': 'invalid token',
        expired: 'token expired',
      };
      return refuse(socket, 401, messages[verdict.reason], `unauthorized_${verdict.reason.replace('-', '_')}`);
    }
    if (verdict.payload.space !== target.space) return refuse(socket, 403, 'token is for another space', 'forbidden_space');
    if (!hub.reserve(target.space, limits.maxConnectionsPerSpace)) {
      return refuse(socket, 429, 'too many connections to this space', 'too_many_connections');
    }
    let accepted = false;
    // ws answers a bad handshake itself (400) without calling back: give the slot back then.
    socket.once('close', () => {
      if (!accepted) hub.release(target.space);
    });
    wss.handleUpgrade(req, socket, head, (ws) => {
      accepted = true;
      if (closing) {
        hub.release(target.space);
        ws.close(CloseCode.GoingAway, 'relay shutting down');
        return;
      }
      accept(ws, target, verdict.payload);
    });
  });

  function accept(ws: WebSocket, target: Target, token: TokenPayload): void {
    const conn = new RelayConnection(
      ws,
      {
        id: nextId++,
        kind: target.kind,
        space: target.space,
        docId: target.kind === 'y' ? target.docId : null,
        member: token.member,
        role: token.role,
        expiresAt: token.exp * 1000,
      },
      { hub, storage, metrics, limits, log },
    );
    connections.add(conn);
    ws.on('close', () => connections.delete(conn));
    metrics.inc('baton_relay_connections_opened_total', 'Websocket connections accepted', { endpoint: target.kind });
    log.debug('connection open', { conn: conn.id, endpoint: target.kind, space: target.space, member: token.member, role: token.role });
    void conn.start();
  }

  const heartbeat = setInterval(() => {
    const now = Date.now();
    for (const conn of connections) {
      if (conn.expiresAt <= now) {
        conn.reject(CloseCode.TokenExpired, 'token expired');
      } else if (!conn.alive) {
        metrics.inc('baton_relay_dead_connections_total', 'Connections dropped for not answering pings');
        conn.terminate();
      } else {
        conn.alive = false;
        conn.ping();
      }
    }
  }, limits.heartbeatMs);
  heartbeat.unref();
  const awarenessExpiry = bus ? setInterval(() => hub.expireRemoteAwareness(Date.now()), AWARENESS_EXPIRY_CHECK_MS) : null;
  awarenessExpiry?.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `ws://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info('relay listening', bus ? { url, storage: 'postgresql', instance: bus.instanceId } : { url, dataDir: options.dataDir });

  async function shutdown(): Promise<void> {
    log.info('relay shutting down', { connections: connections.size });
    clearInterval(heartbeat);
    if (awarenessExpiry) clearInterval(awarenessExpiry);
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    const open = [...connections];
    // Stop reading, say goodbye with 1001, but let each connection finish what it had queued.
    for (const conn of open) conn.closeForShutdown();
    await Promise.all(open.map((conn) => conn.drain()));
    const deadline = Date.now() + SHUTDOWN_SOCKET_GRACE_MS;
    while (connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    for (const conn of connections) conn.terminate();
    await Promise.all(open.map((conn) => conn.drain()));
    wss.close();
    server.closeAllConnections();
    await serverClosed;
    // Storage last but one: queued messages were stored above; the bus flushes their publishes on close.
    await storage.close();
    await bus?.close();
    log.info('relay stopped');
  }

  return {
    url,
    port,
    host,
    instanceId: bus?.instanceId ?? null,
    close: () => (closing ??= shutdown()),
  };
}
