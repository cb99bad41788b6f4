/**
 * RelayBus over Redis pub/sub (ioredis). Two connections: a subscriber (a connection in
 * subscribe mode can do nothing else) and a publisher. Invariants and message format:
 * relay-bus.ts. Redis stores nothing for the relay: no keys, only channels
 * `<namespace>:space:<space>`.
 *
 * Publishes are pipelined in call order on the publisher connection; while Redis is
 * unreachable they wait in ioredis' offline queue and go out when it is back (they are
 * idempotent Yjs updates, so late is harmless). The relay closes its connections while the link
 * is down, so that queue does not grow with client traffic.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createLogger } from '../shared/log/logger';
import { asBuffer } from './bytes';
import { redactUrl } from './paths';
import { decodeBusMessage, encodeBusMessage, type BusListener, type BusMessage, type RelayBus } from './relay-bus';

const log = createLogger('relay-bus');
const CLOSE_TIMEOUT_MS = 2_000;

export interface RedisBusOptions {
  url: string;
  /** Prefix of channel names; deployments sharing one Redis need different ones. */
  namespace: string;
  /** How long a subscribe may take before the connection waiting for it fails (1011). */
  subscribeTimeoutMs?: number;
}

export class RedisBus implements RelayBus {
  readonly instanceId = randomUUID();
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly prefix: string;
  private readonly subscribeTimeoutMs: number;
  private listener: BusListener | null = null;
  private wasUp = false;
  /** Link changes are reported only after `connect` succeeded. */
  private connected = false;
  private closing = false;

  private constructor(options: RedisBusOptions) {
    this.prefix = `${options.namespace}:space:`;
    this.subscribeTimeoutMs = options.subscribeTimeoutMs ?? 10_000;
    const common = { lazyConnect: true, connectionName: `baton-relay-${this.instanceId}` } as const;
    // Publisher: keep commands queued through an outage instead of failing them after 20 retries.
    this.pub = new Redis(options.url, { ...common, maxRetriesPerRequest: null });
    this.sub = new Redis(options.url, { ...common });
    for (const [name, client] of [['publisher', this.pub], ['subscriber', this.sub]] as const) {
      // ioredis reports every failed reconnect attempt: log the first of an outage only.
      let quiet = false;
      client.on('error', (err: Error) => {
        if (!quiet) log.warn('redis error (retrying)', { connection: name, error: err.message });
        quiet = true;
      });
      client.on('close', () => this.linkChanged());
      client.on('ready', () => {
        quiet = false;
        this.linkChanged();
      });
    }
    this.sub.on('messageBuffer', (channel: Buffer, bytes: Buffer) => this.onMessage(channel, bytes));
  }

  /** Connects both connections; rejects (and gives up) if Redis cannot be reached. */
  static async connect(options: RedisBusOptions): Promise<RedisBus> {
    const bus = new RedisBus(options);
    try {
      await Promise.all([bus.pub.connect(), bus.sub.connect()]);
    } catch (err) {
      bus.closing = true;
      bus.pub.disconnect();
      bus.sub.disconnect();
      throw new Error(`cannot connect to Redis at ${redactUrl(options.url)}: ${(err as Error).message}`, { cause: err });
    }
    bus.wasUp = bus.up;
    bus.connected = true;
    return bus;
  }

  get up(): boolean {
    return !this.closing && this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  listen(listener: BusListener): void {
    this.listener = listener;
  }

  private linkChanged(): void {
    if (this.closing || !this.connected) return;
    const up = this.up;
    if (up === this.wasUp) return;
    this.wasUp = up;
    log.warn(up ? 'redis link restored' : 'redis link lost');
    this.listener?.link(up);
  }

  private onMessage(channel: Buffer, bytes: Buffer): void {
    let decoded: ReturnType<typeof decodeBusMessage>;
    try {
      decoded = decodeBusMessage(bytes);
    } catch (err) {
      log.error('undecodable bus message', { channel: channel.toString(), error: String(err) });
      return;
    }
    if (decoded.origin === this.instanceId) return;
    if (channel.toString() !== this.prefix + decoded.message.space) return;
    this.listener?.message(decoded.origin, decoded.message);
  }

  async subscribe(space: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('subscribing to the space channel timed out')), this.subscribeTimeoutMs);
    });
    try {
      await Promise.race([this.sub.subscribe(this.prefix + space), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  unsubscribe(space: string): void {
    if (this.closing) return;
    this.sub.unsubscribe(this.prefix + space).catch((err: Error) => log.warn('unsubscribe failed', { space, error: err.message }));
  }

  publish(message: BusMessage): void {
    if (this.closing) return;
    this.pub
      .publish(this.prefix + message.space, asBuffer(encodeBusMessage(this.instanceId, message)))
      .catch((err: Error) => log.error('publish failed', { space: message.space, kind: message.kind, error: err.message }));
  }

  /** Sends what is queued (QUIT waits for earlier commands), then disconnects. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const quits = Promise.all([this.pub, this.sub].map((client) => client.quit().catch(() => undefined)));
    // With Redis unreachable QUIT would wait behind the offline queue forever: give up after a while.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([quits, new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)))]);
    clearTimeout(timer);
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
