/**
 * One accepted websocket: decodes its messages, applies the limits, and runs the
 * storage-backed y-protocols exchange for it. Messages of a connection are handled strictly
 * one after another (a promise chain), so replies and acks keep the arrival order and an
 * update is stored before it is acknowledged or fanned out. A live edit or an awareness
 * update arriving while nothing of its connection is queued is handled at once, in the
 * socket's read callback (with a storage that commits synchronously): the commit, the ack
 * and the fan-out then happen before anything else runs, which is what keeps fan-out latency
 * low. Only the first message of a socket read goes that way; the rest of a burst is queued
 * and shares one group commit.
 */
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { Logger } from '../shared/log/logger';
import type { Role } from '../shared/sync/invite';
import {
  ProtocolError,
  SPACE_CHANNEL,
  decodeAwarenessUpdate,
  decodeDocMessage,
  decodeFrame,
  encodeAwarenessUpdate,
  encodeDocList,
  encodeDocMessage,
  encodeFrame,
  frameDocMessage,
  type DocMessage,
  type Frame,
} from '../shared/sync/protocol';
import type { Hub, Peer } from './hub';
import { CloseCode, TokenBucket, type RelayLimits } from './limits';
import type { Metrics } from './metrics';
import type { AppendResult, RelayStorage } from './storage';

const EMPTY_UPDATE = new Uint8Array([0, 0]);
const EMPTY_STATE_VECTOR = new Uint8Array([0]);
const SEND_OPTIONS = { binary: true } as const;

class ReadOnlyError extends Error {}

export interface ConnectionContext {
  hub: Hub;
  storage: RelayStorage;
  metrics: Metrics;
  limits: RelayLimits;
  log: Logger;
}

export interface ConnectionInit {
  id: number;
  kind: 'sync' | 'y';
  space: string;
  docId: string | null;
  member: string;
  role: Role;
  /** Token expiry, epoch ms. */
  expiresAt: number;
}

type Work = { docId: string; message: DocMessage };

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class RelayConnection implements Peer {
  readonly id: number;
  readonly kind: 'sync' | 'y';
  readonly docId: string | null;
  readonly space: string;
  readonly member: string;
  readonly role: Role;
  readonly expiresAt: number;
  readonly awareness = new Map<string, Set<number>>();
  awarenessBytes = 0;
  readonly maxAwarenessBytes: number;
  /** Answered the last ping (or sent something since). */
  alive = true;
  /** No more messages are taken from this socket (rejected, or relay shutting down). */
  private reading = true;
  /** Closed by the relay for a violation: what the client still had queued is dropped. */
  private rejected = false;
  private left = false;
  private queue: Promise<void> = Promise.resolve();
  /** Changes handed to storage whose ack and fan-out have not run yet. */
  private storing: Promise<void> = Promise.resolve();
  /** Jobs of `queue` and steps of `storing` not finished yet: at 0, a message may be handled at once. */
  private inFlight = 0;
  /**
   * A message of the current socket read was handled at once: the others of that read are
   * queued, so that they share one group commit (reset once the read's callback is done).
   */
  private handledNowThisRead = false;
  /** Bytes received and not yet handled; above `maxQueuedBytes` the socket is paused (TCP back-pressure). */
  private queuedBytes = 0;
  private readonly bucket: TokenBucket;
  /** Per-message counters, bumped directly (the fan-out path runs them for every peer). */
  private readonly counters: Record<'messagesReceived' | 'bytesReceived' | 'messagesSent' | 'bytesSent', { value: number }>;

  constructor(
    private readonly ws: WebSocket,
    init: ConnectionInit,
    private readonly ctx: ConnectionContext,
  ) {
    this.id = init.id;
    this.kind = init.kind;
    this.docId = init.docId;
    this.space = init.space;
    this.member = init.member;
    this.role = init.role;
    this.expiresAt = init.expiresAt;
    this.maxAwarenessBytes = ctx.limits.maxAwarenessBytesPerConnection;
    this.bucket = new TokenBucket(ctx.limits.messagesPerSecond, ctx.limits.messageBurst, Date.now());
    const endpoint = { endpoint: this.kind };
    this.counters = {
      messagesReceived: ctx.metrics.counter('baton_relay_messages_received_total', 'Websocket messages received', endpoint),
      bytesReceived: ctx.metrics.counter('baton_relay_bytes_received_total', 'Bytes received in websocket messages', endpoint),
      messagesSent: ctx.metrics.counter('baton_relay_messages_sent_total', 'Websocket messages sent', endpoint),
      bytesSent: ctx.metrics.counter('baton_relay_bytes_sent_total', 'Bytes sent in websocket messages', endpoint),
    };
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer | ArrayBuffer | Buffer[], isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('error', (err: Error & { code?: string }) => {
      // ws closes the socket itself after such an error: 1009 for a message over maxPayload,
      // 1002 for a websocket-level protocol violation. We only count and log.
      const code = err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? CloseCode.MessageTooBig : 1002;
      this.ctx.metrics.inc('baton_relay_closed_total', 'Connections closed by the relay, by close code', { code: String(code) });
      this.ctx.log.info('socket error', { conn: this.id, code: err.code, error: err.message });
    });
    ws.on('close', () => this.onClose());
  }

  /** Joins the hub and sends the greeting: doc list and current awareness (sync), awareness (y). */
  async start(): Promise<void> {
    const joined = this.ctx.hub.join(this.space, this);
    this.enqueue(async () => {
      // With several instances: subscribed to the space's fan-out before anything is read from storage.
      await joined;
      if (this.kind === 'sync') {
        // Joined before listing: every doc stored later reaches us by fan-out (protocol.ts).
        for (const frame of encodeDocList(await this.ctx.storage.listDocs(this.space))) this.send(frame);
        for (const [docId, entries] of this.ctx.hub.awarenessOf(this.space)) {
          this.send(encodeFrame({ docId, type: 'awareness', update: encodeAwarenessUpdate(entries) }));
        }
      } else {
        const entries = this.ctx.hub.awarenessOf(this.space, this.docId!).get(this.docId!);
        if (entries) this.send(encodeDocMessage({ type: 'awareness', update: encodeAwarenessUpdate(entries) }));
      }
    });
  }

  send(bytes: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.ctx.limits.maxBufferedBytes) {
      // Fan-out does not wait for slow readers; a client this far behind is cut loose
      // rather than letting its backlog grow in the relay's memory.
      this.reject(CloseCode.TryAgainLater, 'client too slow: send buffer full');
      return;
    }
    this.ws.send(bytes, SEND_OPTIONS);
    this.counters.messagesSent.value++;
    this.counters.bytesSent.value += bytes.byteLength;
  }

  /** Closes with a policy code; nothing more is read from this connection. */
  reject(code: number, reason: string): void {
    if (this.rejected) return;
    this.rejected = true;
    this.reading = false;
    if (this.ws.isPaused) this.ws.resume(); // so the close handshake can be read
    this.ctx.metrics.inc('baton_relay_closed_total', 'Connections closed by the relay, by close code', { code: String(code) });
    this.ctx.log.info('closing connection', { conn: this.id, space: this.space, member: this.member, code, reason });
    this.ws.close(code, reason.slice(0, 120));
    // A client that does not read will not read our close frame either: do not keep its backlog for ws's 30 s close timeout.
    if (code === CloseCode.TryAgainLater) setTimeout(() => this.ws.terminate(), 2_000).unref();
  }

  /** Stops reading (relay shutdown); queued messages still run. Resolves when the queue is done. */
  drain(): Promise<void> {
    this.reading = false;
    return this.queue.then(() => this.storing);
  }

  /** Relay shutdown: stop reading and close with 1001; queued messages still run (see drain). */
  closeForShutdown(): void {
    this.reading = false;
    if (this.ws.isPaused) this.ws.resume();
    this.ws.close(CloseCode.GoingAway, 'relay shutting down');
  }

  ping(): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.ping();
  }

  terminate(): void {
    this.reading = false;
    this.ws.terminate();
  }

  private onClose(): void {
    // Messages already queued still run: an update the client sent just before closing is stored.
    this.enqueue(() => this.storing.then(() => this.leave()));
  }

  private leave(): void {
    if (this.left) return;
    this.left = true;
    this.ctx.hub.leave(this.space, this);
  }

  private onMessage(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    if (!this.reading) return;
    this.alive = true;
    const bytes: Uint8Array = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
    this.counters.messagesReceived.value++;
    this.counters.bytesReceived.value += bytes.byteLength;
    if (!isBinary) return this.reject(CloseCode.Malformed, 'text messages are not part of the protocol');
    let work: Work[];
    try {
      work = this.decode(bytes);
    } catch (err) {
      if (err instanceof ProtocolError) return this.reject(CloseCode.Malformed, err.message);
      // Never let one client's message take the process down.
      this.ctx.log.error('decoding a message failed', { conn: this.id, error: String(err) });
      return this.reject(CloseCode.InternalError, 'relay error');
    }
    const cost = work.length === 1 ? 1 : Math.max(1, Math.ceil(work.length / this.ctx.limits.batchFramesPerToken));
    if (!this.bucket.take(cost, Date.now())) return this.reject(CloseCode.RateLimited, 'rate limit exceeded; retry later');
    if (work.length === 1 && this.inFlight === 0 && !this.handledNowThisRead) {
      try {
        if (this.handleNow(work[0])) {
          this.handledNowThisRead = true;
          queueMicrotask(() => (this.handledNowThisRead = false));
          return;
        }
      } catch (err) {
        return this.fail(err);
      }
    }
    this.queuedBytes += bytes.byteLength;
    if (this.queuedBytes > this.ctx.limits.maxQueuedBytes && !this.ws.isPaused) this.ws.pause();
    // One job per message (its frames in order), then its bytes leave the queue's budget.
    this.enqueue(async () => {
      try {
        for (const item of work) await this.handle(item);
      } finally {
        this.queuedBytes -= bytes.byteLength;
        if (this.queuedBytes <= this.ctx.limits.maxQueuedBytes / 2 && this.ws.isPaused) this.ws.resume();
      }
    });
  }

  /** Decodes a websocket message into the doc messages it carries (several for a batch). */
  private decode(bytes: Uint8Array): Work[] {
    if (this.kind === 'y') return [{ docId: this.docId!, message: decodeDocMessage(bytes) }];
    const frame = decodeFrame(bytes);
    if (frame.type !== 'batch') return [this.clientFrame(frame)];
    return frame.frames.map((inner) => {
      const innerFrame = decodeFrame(inner);
      if (innerFrame.type === 'batch') throw new ProtocolError('batches do not nest');
      return this.clientFrame(innerFrame);
    });
  }

  private clientFrame(frame: Frame): Work {
    if (frame.type === 'doc-list' || frame.type === 'ack' || frame.type === 'batch' || frame.docId === SPACE_CHANNEL) {
      throw new ProtocolError(`${frame.type} is sent by the relay only`);
    }
    const { docId, ...message } = frame;
    return { docId, message: message as DocMessage };
  }

  private enqueue(job: () => Promise<void> | void): void {
    this.inFlight++;
    this.queue = this.queue.then(async () => {
      try {
        await job();
      } catch (err) {
        this.fail(err);
      } finally {
        this.inFlight--;
      }
    });
  }

  /** Closes the connection for what handling one of its messages threw. */
  private fail(err: unknown): void {
    if (err instanceof ProtocolError) this.reject(CloseCode.Malformed, err.message);
    else if (err instanceof ReadOnlyError) this.reject(CloseCode.ReadOnly, err.message);
    else {
      this.ctx.log.error('handling a message failed', { conn: this.id, space: this.space, error: String(err) });
      this.reject(CloseCode.InternalError, 'relay error');
    }
  }

  /**
   * Handles a live edit or an awareness update synchronously (see the top of this file); false
   * for everything that needs to wait for storage: the message is queued instead.
   */
  private handleNow({ docId, message }: Work): boolean {
    const { storage } = this.ctx;
    if (message.type === 'awareness') {
      this.relayAwareness(docId, message.update);
      return true;
    }
    if (message.type !== 'sync-update' || !storage.appendNow) return false;
    if (this.inspect(message.update).empty) {
      this.redundant(docId);
      return true;
    }
    this.delivered(docId, message.update, storage.appendNow(this.space, docId, message.update));
    return true;
  }

  /** Wraps a doc message for this connection's endpoint. */
  private out(docId: string, message: DocMessage): Uint8Array {
    const bytes = encodeDocMessage(message);
    return this.kind === 'sync' ? frameDocMessage(docId, bytes) : bytes;
  }

  private async handle({ docId, message }: Work): Promise<void> {
    // Once rejected, the rest of what this client queued is dropped (it may be garbage too).
    if (this.rejected) return;
    switch (message.type) {
      case 'sync-step1':
        return this.answerStep1(docId, message.stateVector);
      case 'sync-step2':
      case 'sync-update':
        return this.acceptUpdate(docId, message.update, message.type === 'sync-step2');
      case 'awareness':
        return this.relayAwareness(docId, message.update);
      case 'query-awareness': {
        const entries = this.ctx.hub.awarenessOf(this.space, docId).get(docId) ?? [];
        this.send(this.out(docId, { type: 'awareness', update: encodeAwarenessUpdate(entries) }));
        return;
      }
    }
  }

  private async waitForSendBuffer(): Promise<void> {
    while (this.ws.readyState === this.ws.OPEN && this.ws.bufferedAmount > this.ctx.limits.sendHighWaterBytes) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Step 1 is answered from storage: step 2 = diff against the client's state vector. */
  private async answerStep1(docId: string, stateVector: Uint8Array): Promise<void> {
    try {
      Y.decodeStateVector(stateVector);
    } catch {
      throw new ProtocolError('invalid state vector');
    }
    await this.waitForSendBuffer();
    if (this.ws.readyState !== this.ws.OPEN) return;
    const stored = await this.ctx.storage.read(this.space, docId);
    const step2 = stored ? Y.diffUpdate(stored.update, stateVector) : EMPTY_UPDATE;
    this.send(this.out(docId, { type: 'sync-step2', update: step2 }));
    // Ask writers for what we lack; a reader has nothing it may give us.
    if (this.role === 'writer') {
      const relayStateVector = stored ? Y.encodeStateVectorFromUpdate(stored.update) : EMPTY_STATE_VECTOR;
      this.send(this.out(docId, { type: 'sync-step1', stateVector: relayStateVector }));
    }
  }

  /** Validates a change: throws for garbage, or for a reader's write. */
  private inspect(update: Uint8Array): { empty: boolean; deletesOnly: boolean } {
    let decoded: { structs: unknown[]; ds: { clients: Map<number, unknown> } };
    try {
      decoded = Y.decodeUpdate(update);
    } catch {
      throw new ProtocolError('invalid Yjs update');
    }
    const deletesOnly = decoded.structs.length === 0;
    const empty = deletesOnly && decoded.ds.clients.size === 0;
    if (!empty && this.role !== 'writer') throw new ReadOnlyError('read-only token: writes are not allowed');
    return { empty, deletesOnly };
  }

  /** Validate, store, then ack and fan out. */
  private async acceptUpdate(docId: string, update: Uint8Array, isStep2: boolean): Promise<void> {
    const { empty, deletesOnly } = this.inspect(update);
    if (empty || (isStep2 && deletesOnly && (await this.addsNothing(docId, update)))) {
      // Typical for the step 2 a client sends back on every connect: only its delete set,
      // which the relay already has. Storing and relaying it would be pure churn.
      this.afterStored(() => this.redundant(docId));
      return;
    }
    // Not awaited here, so this client's next messages join the same group commit; the ack and
    // the fan-out follow the commit.
    const stored = this.ctx.storage.append(this.space, docId, update);
    this.afterStored(async () => this.delivered(docId, update, await stored));
  }

  /** A change that added nothing: acknowledged (the client counts acks), not stored or relayed. */
  private redundant(docId: string): void {
    this.ctx.metrics.inc('baton_relay_updates_redundant_total', 'Changes received that added nothing (not stored)');
    this.ack(docId);
  }

  /** A change is stored: acknowledge it, then fan it out. */
  private delivered(docId: string, update: Uint8Array, result: AppendResult): void {
    this.ctx.metrics.inc('baton_relay_updates_stored_total', 'Changes committed to storage');
    this.ack(docId);
    this.ctx.hub.relayUpdate(this.space, docId, update, this, result.seq);
  }

  /**
   * Runs `step` after the acks and fan-outs of every change this client sent before: acks go
   * out in the order of the changes (the client counts them), each only once its change is stored.
   */
  private afterStored(step: () => void | Promise<void>): void {
    this.inFlight++;
    this.storing = this.storing
      .then(step)
      .catch((err: unknown) => {
        this.ctx.log.error('storing a change failed', { conn: this.id, space: this.space, error: String(err) });
        this.reject(CloseCode.InternalError, 'relay error');
      })
      .finally(() => this.inFlight--);
  }

  private async addsNothing(docId: string, update: Uint8Array): Promise<boolean> {
    const stored = await this.ctx.storage.read(this.space, docId);
    if (!stored) return false;
    return sameBytes(Y.mergeUpdates([stored.update, update]), stored.update);
  }

  private ack(docId: string): void {
    if (this.kind === 'sync') this.send(encodeFrame({ docId, type: 'ack', count: 1 }));
  }

  private relayAwareness(docId: string, update: Uint8Array): void {
    const entries = decodeAwarenessUpdate(update);
    const accepted = this.ctx.hub.applyAwareness(this.space, this, docId, entries);
    if (accepted.length === 0) return;
    const message = accepted.length === entries.length ? update : encodeAwarenessUpdate(accepted);
    this.ctx.hub.relayAwareness(this.space, docId, message, this);
  }
}
