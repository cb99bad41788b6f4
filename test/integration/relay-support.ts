/**
 * Helpers for the relay tests: a temp-dir relay, a minimal `/sync` client that speaks
 * shared/sync/protocol.ts with real Y.Docs, raw sockets for abuse, and upgrade probes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { SPACE_CHANNEL, decodeAwarenessUpdate, decodeFrame, encodeFrame, type AwarenessEntry, type Frame } from '../../shared/sync/protocol';
import { startRelay, type RelayHandle, type RelayOptions } from '../../sync-server/relay';
import { issueToken } from '../../sync-server/token';
import type { Role } from '../../shared/sync/invite';

export const SECRET = 'relay-test-secret-0123456789abcdef';

export function tempDir(prefix = 'baton-relay-test-'): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function token(space: string, role: Role = 'writer', member = 'm-' + role, ttlSeconds = 3600, secret = SECRET): string {
  return issueToken({ space, member, role, ttlSeconds }, secret);
}

export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs cleanups in reverse order (afterEach). */
export class Cleanup {
  private readonly steps: (() => unknown)[] = [];
  add(step: () => unknown): void {
    this.steps.push(step);
  }
  async run(): Promise<void> {
    while (this.steps.length) await this.steps.pop()!();
  }
}

export async function testRelay(
  cleanup: Cleanup,
  options: Partial<RelayOptions> = {},
): Promise<RelayHandle & { dataDir: string }> {
  let dataDir = options.dataDir;
  if (!dataDir) {
    const tmp = tempDir();
    cleanup.add(() => tmp.remove());
    dataDir = tmp.dir;
  }
  const relay = await startRelay({ port: 0, host: '127.0.0.1', secret: SECRET, ...options, dataDir });
  cleanup.add(() => relay.close());
  return { ...relay, dataDir };
}

/** Opens a websocket and resolves with the HTTP status when the upgrade is refused. */
export function upgradeStatus(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      ws.terminate();
      reject(new Error(`upgrade to ${url} was accepted`));
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', () => {});
  });
}

/** A raw socket: send arbitrary bytes, learn how the relay closed it. */
export async function rawSocket(url: string): Promise<{
  ws: WebSocket;
  received: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
}> {
  const ws = new WebSocket(url);
  const received: Uint8Array[] = [];
  ws.on('message', (d: Buffer) => received.push(new Uint8Array(d)));
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return { ws, received, closed };
}

const REMOTE = Symbol('remote');

/**
 * A small `/sync` client: keeps Y.Docs in memory, runs the doc-list → batched step 1 handshake,
 * answers the relay's step 1, sends local updates, and counts acks per doc.
 */
export class SyncTestClient {
  readonly docs = new Map<string, Y.Doc>();
  readonly acks = new Map<string, number>();
  /** Per doc, labels of sent changes in order; `ackedLabels` collects them as acks arrive. */
  private readonly unacked = new Map<string, string[]>();
  readonly ackedLabels: string[] = [];
  readonly awareness = new Map<string, Map<number, string>>();
  readonly step2Seen = new Set<string>();
  docList: string[] | null = null;
  private listing: string[] = [];
  ws!: WebSocket;
  closed!: Promise<{ code: number; reason: string }>;
  closeInfo: { code: number; reason: string } | null = null;
  framesReceived = 0;

  constructor(
    readonly baseUrl: string,
    readonly space: string,
    readonly tokenValue: string,
  ) {}

  static async connect(baseUrl: string, space: string, tokenValue: string, docs: Record<string, Y.Doc> = {}): Promise<SyncTestClient> {
    const client = new SyncTestClient(baseUrl, space, tokenValue);
    for (const [id, doc] of Object.entries(docs)) client.attach(id, doc);
    await client.open();
    return client;
  }

  doc(docId: string): Y.Doc {
    let doc = this.docs.get(docId);
    if (!doc) doc = this.attach(docId, new Y.Doc());
    return doc;
  }

  attach(docId: string, doc: Y.Doc): Y.Doc {
    this.docs.set(docId, doc);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      this.sendChange(docId, update, 'sync-update');
    });
    return doc;
  }

  /** Sends a change with a label; the label lands in `ackedLabels` when its ack arrives. */
  sendChange(docId: string, update: Uint8Array, type: 'sync-update' | 'sync-step2' = 'sync-update', label = ''): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    let queue = this.unacked.get(docId);
    if (!queue) this.unacked.set(docId, (queue = []));
    queue.push(label);
    this.send({ docId, type, update });
  }

  async open(): Promise<void> {
    this.docList = null;
    this.listing = [];
    this.unacked.clear();
    this.step2Seen.clear();
    this.ws = new WebSocket(`${this.baseUrl}/sync/${this.space}?token=${encodeURIComponent(this.tokenValue)}`);
    this.ws.on('message', (data: Buffer) => this.onMessage(new Uint8Array(data)));
    this.ws.on('error', () => {});
    this.closeInfo = null;
    this.closed = new Promise((resolve) =>
      this.ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
      }),
    );
    await new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  send(frame: Frame): void {
    this.ws.send(encodeFrame(frame));
  }

  /** Resolves once every doc (local ∪ relay's list) got its step 2. */
  async synced(timeoutMs = 10_000): Promise<void> {
    await waitFor(() => this.docList !== null && [...this.docs.keys(), ...this.docList].every((id) => this.step2Seen.has(id)), 'handshake', timeoutMs);
  }

  awarenessStates(docId: string): Map<number, string> {
    return this.awareness.get(docId) ?? new Map();
  }

  close(): Promise<unknown> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    this.ws.close();
    return this.closed;
  }

  private onMessage(bytes: Uint8Array): void {
    this.framesReceived++;
    const frame = decodeFrame(bytes);
    switch (frame.type) {
      case 'doc-list':
        this.listing.push(...frame.docIds);
        if (frame.final) {
          this.docList = this.listing;
          const ids = [...new Set([...this.docs.keys(), ...this.docList])];
          const frames = ids.map((docId) => encodeFrame({ docId, type: 'sync-step1', stateVector: Y.encodeStateVector(this.doc(docId)) }));
          if (frames.length > 0) this.send({ docId: SPACE_CHANNEL, type: 'batch', frames });
        }
        return;
      case 'sync-step2':
      case 'sync-update':
        Y.applyUpdate(this.doc(frame.docId), frame.update, REMOTE);
        if (frame.type === 'sync-step2') this.step2Seen.add(frame.docId);
        return;
      case 'sync-step1': {
        const update = Y.encodeStateAsUpdate(this.doc(frame.docId), frame.stateVector);
        const decoded = Y.decodeUpdate(update);
        if (decoded.structs.length > 0 || decoded.ds.clients.size > 0) this.sendChange(frame.docId, update, 'sync-step2');
        return;
      }
      case 'ack': {
        this.acks.set(frame.docId, (this.acks.get(frame.docId) ?? 0) + frame.count);
        const queue = this.unacked.get(frame.docId) ?? [];
        for (let i = 0; i < frame.count; i++) {
          const label = queue.shift();
          if (label) this.ackedLabels.push(label);
        }
        return;
      }
      case 'awareness': {
        let states = this.awareness.get(frame.docId);
        if (!states) this.awareness.set(frame.docId, (states = new Map()));
        for (const entry of decodeAwarenessUpdate(frame.update) as AwarenessEntry[]) {
          if (entry.state === 'null') states.delete(entry.clientID);
          else states.set(entry.clientID, entry.state);
        }
        return;
      }
      default:
        return;
    }
  }
}

/** Reads one doc's stored state back through a fresh `/sync` client. */
export async function fetchDoc(baseUrl: string, space: string, docId: string): Promise<Y.Doc> {
  const client = await SyncTestClient.connect(baseUrl, space, token(space, 'reader', 'fetcher'));
  try {
    await client.synced();
    return client.doc(docId);
  } finally {
    await client.close();
  }
}
