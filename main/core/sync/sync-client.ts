/**
 * SyncClient: one websocket per space to the relay's `/sync/<space>` endpoint
 * (framing: shared/sync/protocol.ts).
 *
 * Flow: connect → the relay lists its docs → we send one `sync-step1` per doc (ours ∪ its),
 * batched → each `sync-step2` back is applied (progress n of m) and each relay `sync-step1`
 * answered with what it lacks → live `sync-update`s both ways.
 *
 * Nothing is lost offline: every local change already has a `sync_outbox` row, written in the
 * same transaction as the change itself (DocStore). A row is deleted only when the relay
 * acknowledges a frame that carried that change, so the "waiting to sync" count survives
 * restarts, and whatever was not acknowledged is re-sent by the next handshake (the relay's
 * step 1 tells us exactly what it lacks). Reconnects back off exponentially with jitter.
 */
import type BetterSqlite3 from 'better-sqlite3';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { SyncStatus } from '../../../shared/api/contract';
import { createLogger } from '../../../shared/log/logger';
import type { Frame } from '../../../shared/sync/protocol';
import { SPACE_CHANNEL, decodeFrame, encodeFrame } from '../../../shared/sync/protocol';
import { readTokenPayload, syncUrl } from '../../../shared/sync/invite';
import type { Clock } from '../../../shared/time';
import type { DocStore } from '../docs/doc-store';
import type { Disposable } from '../lifecycle';

const log = createLogger('sync');

/** Updates with this origin came from the relay: they are applied, never sent back. */
export const REMOTE_ORIGIN = { kind: 'remote' } as const;

export interface SyncTarget {
  relayUrl: string;
  spaceId: string;
  token: string;
}

export interface SyncClientOptions {
  db: BetterSqlite3.Database;
  docs: DocStore;
  clock: Clock;
  target: SyncTarget;
  online: boolean;
  onStatus(status: SyncStatus): void;
  /** Awareness from the relay for a doc (short doc id). */
  onAwareness?(docId: string, update: Uint8Array): void;
  /** Backoff bounds (tests shorten them). */
  minRetryMs?: number;
  maxRetryMs?: number;
  /** No message or ping from the relay for this long → the connection is dead. */
  deadAfterMs?: number;
  /** Step-1 frames per batch frame. */
  batchSize?: number;
}

const CLOSE_REASONS: Record<number, string> = {
  1001: 'The relay is restarting',
  1008: 'The relay refused this connection',
  1009: 'A change was larger than the relay accepts',
  1011: 'The relay hit an internal error',
  1013: 'This device fell behind reading from the relay',
  4400: 'The relay could not read a message from this device',
  4401: "This device's token expired: ask your team for a new invite",
  4403: 'This device has read-only access: its changes stay local',
  4529: 'Too many messages: the relay slowed this device down',
};

export class SyncClient implements Disposable {
  private ws: WebSocket | null = null;
  private online: boolean;
  private disposed = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private deadTimer: NodeJS.Timeout | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private remoteList: string[] = [];
  private handshakeDocs = new Set<string>();
  private docsTotal = 0;
  private synced = false;
  /** Per doc, the outbox seq covered by each unacknowledged change frame, in send order. */
  private unacked = new Map<string, number[]>();
  private readonly prefix: string;
  private readonly role: 'writer' | 'reader' | null;
  private readonly listener: Disposable;
  private status: SyncStatus;
  private readonly stmts;

  constructor(private readonly options: SyncClientOptions) {
    this.online = options.online;
    this.prefix = `${options.target.spaceId}/`;
    this.role = readTokenPayload(options.target.token)?.role ?? null;
    const { db } = options;
    this.stmts = {
      pending: db.prepare<{ prefix: string }, { n: number }>('SELECT count(*) AS n FROM sync_outbox WHERE substr(doc_id, 1, length(@prefix)) = @prefix'),
      maxSeq: db.prepare<[string], { seq: number | null }>('SELECT max(seq) AS seq FROM sync_outbox WHERE doc_id = ?'),
      ack: db.prepare<[string, number]>('DELETE FROM sync_outbox WHERE doc_id = ? AND seq <= ?'),
      syncedAt: db.prepare<[string], { value: string }>("SELECT value FROM settings WHERE key = 'syncedAt:' || ?"),
      setSyncedAt: db.prepare<[string, string]>(
        "INSERT INTO settings (key, value) VALUES ('syncedAt:' || ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ),
    };
    const syncedAt = Number(this.stmts.syncedAt.get(options.target.spaceId)?.value ?? NaN);
    this.status = {
      state: this.online ? 'connecting' : 'offline',
      online: this.online,
      relayUrl: options.target.relayUrl,
      role: this.role,
      docsDone: 0,
      docsTotal: 0,
      syncedAt: Number.isFinite(syncedAt) ? syncedAt : null,
      pending: 0,
      error: null,
      retryAt: null,
    };
    this.listener = options.docs.onUpdate((id, update, origin) => this.onLocalUpdate(id, update, origin));
    this.refreshStatus({});
    if (this.online) this.connect();
  }

  getStatus(): SyncStatus {
    return { ...this.status, pending: this.pendingCount() };
  }

  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    if (online) {
      this.attempt = 0;
      this.connect();
    } else {
      this.clearRetry();
      this.closeSocket(1000, 'Working offline');
      this.refreshStatus({ state: 'offline', error: null, retryAt: null });
    }
  }

  /** Forwards this device's awareness for a doc (dropped while offline: it is ephemeral). */
  sendAwareness(docId: string, update: Uint8Array): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.send({ docId, type: 'awareness', update });
  }

  dispose(): void {
    this.disposed = true;
    this.listener.dispose();
    this.clearRetry();
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.closeSocket(1000, 'Baton is closing');
  }

  // --- connection ----------------------------------------------------------------------------

  private connect(): void {
    if (this.disposed || !this.online || this.ws) return;
    this.clearRetry();
    this.resetSession();
    this.refreshStatus({ state: 'connecting', retryAt: null });
    const { relayUrl, spaceId, token } = this.options.target;
    let ws: WebSocket;
    try {
      ws = new WebSocket(syncUrl(relayUrl, spaceId, token), { handshakeTimeout: 15_000 });
    } catch (error) {
      this.fail(`Cannot reach the relay at ${relayUrl}: ${(error as Error).message}`);
      return;
    }
    ws.binaryType = 'nodebuffer';
    this.ws = ws;
    ws.on('open', () => {
      log.info('connected', { relay: relayUrl });
      this.touchAlive();
    });
    ws.on('ping', () => this.ws === ws && this.touchAlive());
    ws.on('message', (data: Buffer) => {
      // A socket we already let go (offline switch, dispose) may still deliver frames before its
      // close handshake ends. Ignore them: after dispose the database is closed, and a stale ack
      // would be matched against the next session's queue. The next handshake re-sends and
      // clears whatever they carried.
      if (this.ws !== ws || this.disposed) return;
      this.touchAlive();
      this.onMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    });
    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      const reason =
        status === 401
          ? "The relay rejected this device's token (HTTP 401): ask your team for a new invite"
          : status === 403
            ? 'This token does not open this team on the relay (HTTP 403)'
            : status === 429
              ? 'The team has too many connections open on the relay (HTTP 429)'
              : `The relay answered HTTP ${status}`;
      ws.terminate();
      this.onClosed(ws, reason);
    });
    ws.on('error', (error) => {
      log.debug('socket error', { error: error.message });
      this.onClosed(ws, `Cannot reach the relay at ${relayUrl} (${error.message})`);
    });
    ws.on('close', (code, reasonBuffer) => {
      const said = reasonBuffer.toString();
      const reason = code === 1000 || code === 1005 ? null : (CLOSE_REASONS[code] ?? `Connection closed (${code})`) + (said ? `: ${said}` : '');
      this.onClosed(ws, reason);
    });
  }

  private onClosed(ws: WebSocket, reason: string | null): void {
    if (this.ws !== ws) return;
    this.ws = null;
    this.stopAliveTimer();
    if (this.disposed) return;
    if (!this.online) {
      this.refreshStatus({ state: 'offline', error: null, retryAt: null });
      return;
    }
    this.fail(reason ?? 'The connection to the relay closed');
  }

  private fail(reason: string): void {
    const min = this.options.minRetryMs ?? 1_000;
    const max = this.options.maxRetryMs ?? 60_000;
    const base = Math.min(max, min * 2 ** this.attempt);
    const delay = Math.round(base / 2 + (Math.random() * base) / 2);
    this.attempt++;
    log.info('sync connection lost', { reason, retryInMs: delay });
    this.refreshStatus({ state: 'error', error: reason, retryAt: this.options.clock.now() + delay });
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private closeSocket(code: number, reason: string): void {
    const ws = this.ws;
    this.ws = null;
    this.stopAliveTimer();
    if (ws && (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)) {
      if (ws.readyState === WebSocket.OPEN) ws.close(code, reason);
      else ws.terminate();
    }
  }

  private touchAlive(): void {
    this.stopAliveTimer();
    const ws = this.ws;
    this.deadTimer = setTimeout(() => {
      if (this.ws !== ws || !ws) return;
      log.warn('relay silent: dropping the connection');
      ws.terminate();
      this.onClosed(ws, 'The relay stopped answering');
    }, this.options.deadAfterMs ?? 75_000);
  }

  private stopAliveTimer(): void {
    if (this.deadTimer) clearTimeout(this.deadTimer);
    this.deadTimer = null;
  }

  private resetSession(): void {
    this.remoteList = [];
    this.handshakeDocs.clear();
    this.unacked.clear();
    this.docsTotal = 0;
    this.synced = false;
  }

  // --- protocol ------------------------------------------------------------------------------

  private send(frame: Frame): void {
    this.ws?.send(encodeFrame(frame));
  }

  private onMessage(bytes: Uint8Array): void {
    let frame: Frame;
    try {
      frame = decodeFrame(bytes);
    } catch (error) {
      log.warn('unreadable frame from relay', { error: String(error) });
      this.ws?.close(4400, 'unreadable frame');
      return;
    }
    switch (frame.type) {
      case 'doc-list':
        this.remoteList.push(...frame.docIds);
        if (frame.final) this.startHandshake();
        return;
      case 'sync-step2':
      case 'sync-update':
        this.applyRemote(frame.docId, frame.update);
        if (frame.type === 'sync-step2') this.onStep2(frame.docId);
        return;
      case 'sync-step1':
        this.answerStep1(frame.docId, frame.stateVector);
        return;
      case 'ack':
        this.onAck(frame.docId, frame.count);
        return;
      case 'awareness': {
        const docId = this.shortId(frame.docId);
        if (docId) this.options.onAwareness?.(docId, frame.update);
        return;
      }
      default:
        return;
    }
  }

  private startHandshake(): void {
    const local = this.options.docs.listDocIds(this.prefix).map((id) => id.slice(this.prefix.length));
    const all = [...new Set([...local, ...this.remoteList])].sort();
    this.handshakeDocs = new Set(all);
    this.docsTotal = all.length;
    const batchSize = this.options.batchSize ?? 100;
    for (let i = 0; i < all.length; i += batchSize) {
      const frames = all.slice(i, i + batchSize).map((docId) =>
        encodeFrame({ docId, type: 'sync-step1', stateVector: Y.encodeStateVector(this.options.docs.get(this.prefix + docId)) }),
      );
      this.send({ docId: SPACE_CHANNEL, type: 'batch', frames });
    }
    if (all.length === 0) this.onSynced();
    else this.refreshStatus({ state: 'syncing', docsDone: 0, docsTotal: all.length, error: null, retryAt: null });
  }

  private onStep2(docId: string): void {
    if (!this.handshakeDocs.delete(docId) || this.synced) return;
    const done = this.docsTotal - this.handshakeDocs.size;
    if (this.handshakeDocs.size === 0) this.onSynced();
    else this.refreshStatus({ state: 'syncing', docsDone: done, docsTotal: this.docsTotal });
  }

  private onSynced(): void {
    this.synced = true;
    this.attempt = 0;
    const now = this.options.clock.now();
    this.stmts.setSyncedAt.run(this.options.target.spaceId, String(now));
    log.info('in sync', { docs: this.docsTotal });
    this.refreshStatus({ state: 'synced', docsDone: this.docsTotal, docsTotal: this.docsTotal, syncedAt: now, error: null, retryAt: null });
  }

  private applyRemote(docId: string, update: Uint8Array): void {
    try {
      this.options.docs.applyUpdate(this.prefix + docId, update, REMOTE_ORIGIN);
    } catch (error) {
      log.error('could not apply an update from the relay', { docId, error: String(error) });
    }
  }

  private answerStep1(docId: string, stateVector: Uint8Array): void {
    if (this.role === 'reader') return;
    const storageId = this.prefix + docId;
    const update = this.options.docs.encodeState(storageId, stateVector);
    const meta = Y.parseUpdateMeta(update);
    const sendsSomething = meta.to.size > 0 || update.length > 2;
    if (!sendsSomething) {
      // Nothing the relay lacks: whatever the outbox holds for this doc is already there.
      this.clearOutbox(storageId);
      return;
    }
    this.expectAck(storageId);
    this.send({ docId, type: 'sync-step2', update });
  }

  private onLocalUpdate(storageId: string, update: Uint8Array, origin: unknown): void {
    if (origin === REMOTE_ORIGIN || !storageId.startsWith(this.prefix)) return;
    this.scheduleStatus();
    if (this.role === 'reader' || this.ws?.readyState !== WebSocket.OPEN) return;
    this.expectAck(storageId);
    this.send({ docId: storageId.slice(this.prefix.length), type: 'sync-update', update });
  }

  private expectAck(storageId: string): void {
    const seq = this.stmts.maxSeq.get(storageId)?.seq ?? 0;
    let queue = this.unacked.get(storageId);
    if (!queue) this.unacked.set(storageId, (queue = []));
    queue.push(seq);
  }

  private onAck(docId: string, count: number): void {
    const storageId = this.prefix + docId;
    const queue = this.unacked.get(storageId);
    if (!queue) return;
    let covered = 0;
    for (let i = 0; i < Math.max(1, count) && queue.length > 0; i++) covered = queue.shift()!;
    if (covered > 0) this.stmts.ack.run(storageId, covered);
    this.scheduleStatus();
  }

  private clearOutbox(storageId: string): void {
    const seq = this.stmts.maxSeq.get(storageId)?.seq;
    if (seq) {
      this.stmts.ack.run(storageId, seq);
      this.scheduleStatus();
    }
  }

  private shortId(docId: string): string | null {
    return docId.length > 0 ? docId : null;
  }

  // --- status --------------------------------------------------------------------------------

  private pendingCount(): number {
    return this.stmts.pending.get({ prefix: this.prefix })?.n ?? 0;
  }

  private refreshStatus(change: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...change, online: this.online, pending: this.pendingCount() };
    this.options.onStatus(this.getStatus());
  }

  /** Coalesces status updates caused by typing into one per 200 ms. */
  private scheduleStatus(): void {
    if (this.statusTimer || this.disposed) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      if (!this.disposed) this.refreshStatus({});
    }, 200);
  }
}
