/**
 * One server under benchmark, in its own process so its RSS is its own. Started with IPC by
 * relay.bench.ts: `baton` (this relay), `yws` (@y/websocket-server, docs in memory) or
 * `yws-leveldb` (@y/websocket-server with its y-leveldb persistence, via YPERSISTENCE).
 * Sends `{ ready, port }`; answers `{ cmd: 'rss' }` with `{ rss, heap }` after a full GC.
 */
import http from 'node:http';
import { WebSocketServer } from 'ws';

const kind = process.argv[2] as 'baton' | 'yws' | 'yws-leveldb';
const dataDir = process.argv[3];

async function start(): Promise<{ port: number; close(): Promise<void> }> {
  if (kind === 'baton') {
    const { setLogLevel } = await import('../../shared/log/logger');
    setLogLevel('error');
    const { startRelay } = await import('../../sync-server/relay');
    const relay = await startRelay({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      secret: 'bench-secret-0123456789abcdef',
      // The benchmark measures the relay, not its abuse limits.
      limits: { messagesPerSecond: 1e9, messageBurst: 1e9, maxConnectionsPerSpace: 100_000 },
    });
    return relay;
  }
  // YPERSISTENCE is read when utils is first imported (set by the parent for yws-leveldb).
  const { setupWSConnection } = await import('@y/websocket-server/utils');
  const wss = new WebSocketServer({ noServer: true });
  const server = http.createServer((_req, res) => res.end('ok'));
  wss.on('connection', setupWSConnection);
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

// The benchmark process is gone (finished, crashed or killed): never outlive it.
process.on('disconnect', () => process.exit(0));

start().then(
  (server) => {
    process.on('message', (msg: { cmd: string }) => {
      if (msg.cmd === 'rss') {
        const gc = (globalThis as { gc?: () => void }).gc;
        gc?.();
        gc?.();
        setTimeout(() => {
          const usage = process.memoryUsage();
          process.send!({ rss: usage.rss, heap: usage.heapUsed + usage.external });
        }, 200);
      } else if (msg.cmd === 'close') {
        void server.close().then(() => process.exit(0));
      }
    });
    process.send!({ ready: true, port: server.port });
  },
  (err) => {
    process.send!({ error: String(err) });
    process.exit(1);
  },
);
