/**
 * Limits of the relay and the close codes it uses (table in sync-server/README.md).
 *
 * Close codes follow y-websocket's convention: 4400-4499 mean "reconnecting cannot fix this"
 * (a stock WebsocketProvider stops retrying), anything else is transient. Rate limiting is
 * transient, so it is 4529, not 4429.
 */
export const CloseCode = {
  Normal: 1000,
  /** Relay shutting down; reconnect later. */
  GoingAway: 1001,
  /** Message larger than `maxMessageBytes` (sent by ws itself). */
  MessageTooBig: 1009,
  /** Unexpected relay error (e.g. storage); reconnect later. */
  InternalError: 1011,
  /** The client does not read fast enough (send buffer over `maxBufferedBytes`); reconnect later. */
  TryAgainLater: 1013,
  /** Malformed frame: bad varint, truncated, unknown type, invalid Yjs update or awareness, text frame. */
  Malformed: 4400,
  /** The token expired while connected. */
  TokenExpired: 4401,
  /** A reader tried to write. */
  ReadOnly: 4403,
  /** Too many messages per second; reconnect after a back-off. */
  RateLimited: 4529,
} as const;

export interface RelayLimits {
  /** Largest websocket message accepted, in bytes (ws maxPayload; above → close 1009). */
  maxMessageBytes: number;
  /** Sustained messages per second per connection (token-bucket refill rate; above → 4529). */
  messagesPerSecond: number;
  /** Messages a connection may send in a burst (token-bucket capacity). */
  messageBurst: number;
  /** Open connections per space, both endpoints together (above → upgrade refused with HTTP 429). */
  maxConnectionsPerSpace: number;
  /** Ping interval; a connection that did not answer the previous ping is dropped. */
  heartbeatMs: number;
  /** A batch costs one token per started `batchFramesPerToken` inner frames. */
  batchFramesPerToken: number;
  /** While answering step 1, wait while the socket's send buffer holds more than this. */
  sendHighWaterBytes: number;
  /** Awareness state a connection may have the relay hold, in bytes (extra entries are dropped). */
  maxAwarenessBytesPerConnection: number;
  /** Received but not yet handled bytes per connection; above, the relay stops reading the socket. */
  maxQueuedBytes: number;
  /** Unsent bytes per connection; above, the client is too slow and is closed with 1013. */
  maxBufferedBytes: number;
}

export const DEFAULT_LIMITS: RelayLimits = {
  maxMessageBytes: 4 * 1024 * 1024,
  messagesPerSecond: 100,
  messageBurst: 500,
  maxConnectionsPerSpace: 500,
  heartbeatMs: 30_000,
  batchFramesPerToken: 100,
  sendHighWaterBytes: 4 * 1024 * 1024,
  maxAwarenessBytesPerConnection: 1024 * 1024,
  maxQueuedBytes: 16 * 1024 * 1024,
  maxBufferedBytes: 32 * 1024 * 1024,
};

/** Classic token bucket; `now` is injected so tests need no clock. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  take(cost: number, now: number): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}
