/**
 * Who is connected to which space and doc, and the awareness (presence) they announced.
 * Everything here is proportional to connections: a space's entry exists only while it has
 * a connection, and awareness records are dropped with the connection that owns them.
 * Doc contents are never held here (they live in storage).
 *
 * With a bus (several relay instances, relay-bus.ts) the hub also subscribes to a space's
 * channel while the space has a local connection, publishes the changes and awareness of its
 * own connections, and fans out what other instances publish. Awareness from another instance
 * is owned by that instance's id: only it may update or remove the entry, as a connection
 * owns its own entries; and since that instance may die without saying goodbye, such an entry
 * expires when it has not been renewed for `REMOTE_AWARENESS_TTL_MS` (clients renew their
 * state every 15 s). It also watches the storage seqs of the updates it fans out and fills a
 * hole an instance crash left with the doc as stored (relay-bus.ts).
 */
import { createLogger } from '../shared/log/logger';
import { decodeAwarenessUpdate, encodeAwarenessUpdate, encodeDocMessage, frameDocMessage, type AwarenessEntry } from '../shared/sync/protocol';
import { asBuffer } from './bytes';
import { GAP_GRACE_MS, type BusMessage, type RelayBus } from './relay-bus';
import type { RelayStorage } from './storage';

const log = createLogger('relay-hub');

/** Twice y-protocols' 30 s "outdated" timeout: a live client has renewed its state by then. */
export const REMOTE_AWARENESS_TTL_MS = 60_000;

const RESOLVED = Promise.resolve();

export interface Peer {
  readonly id: number;
  /** 'sync': every doc of the space, framed; 'y': one doc, unframed. */
  readonly kind: 'sync' | 'y';
  readonly docId: string | null;
  send(bytes: Uint8Array): void;
  /** docId → awareness client ids this peer announced (and so may update or remove). */
  readonly awareness: Map<string, Set<number>>;
  awarenessBytes: number;
  readonly maxAwarenessBytes: number;
}

interface AwarenessRecord {
  clock: number;
  state: string;
  /** The local connection that announced it, or the id of the relay instance it came from. */
  owner: Peer | string;
  /** Epoch ms of the last update (remote entries expire). */
  updatedAt: number;
}

/** Storage seqs of one doc's updates fanned out here, to notice one that never arrives. */
interface SeqWatch {
  /** Every update up to this seq reached our peers (fanned out, or by a fill). */
  contiguous: number;
  /** Seqs seen beyond `contiguous + 1`. */
  ahead: Set<number>;
  timer: NodeJS.Timeout | null;
}

class SpaceState {
  /** Open connections plus upgrades in progress (the per-space limit counts both). */
  slots = 0;
  readonly syncPeers = new Set<Peer>();
  readonly docPeers = new Map<string, Set<Peer>>();
  readonly awareness = new Map<string, Map<number, AwarenessRecord>>();
  readonly seqs = new Map<string, SeqWatch>();
  /**
   * Resolves once the bus delivers this space's messages here (at once without a bus); null
   * after the bus link was lost: the next join subscribes again.
   */
  ready: Promise<void> | null = RESOLVED;
}

export class Hub {
  private readonly spaces = new Map<string, SpaceState>();
  private gapFills = 0;

  /** `storage` (read only) is needed with a bus, to fill holes; `gapGraceMs` is for tests. */
  constructor(
    private readonly bus: RelayBus | null = null,
    private readonly storage: Pick<RelayStorage, 'read'> | null = null,
    private readonly gapGraceMs = GAP_GRACE_MS,
  ) {}

  private space(id: string): SpaceState {
    let space = this.spaces.get(id);
    if (!space) {
      space = new SpaceState();
      this.spaces.set(id, space);
      if (this.bus) space.ready = this.subscribe(this.bus, id);
    }
    return space;
  }

  private subscribe(bus: RelayBus, spaceId: string): Promise<void> {
    // Then ask the other instances who is there, for the awareness a newcomer is greeted with.
    const ready = bus.subscribe(spaceId).then(() => bus.publish({ kind: 'awareness-query', space: spaceId }));
    // Awaited by every connection joining the space, which fails (1011) if it rejects.
    ready.catch((err: Error) => log.error('subscribing to a space failed', { space: spaceId, error: err.message }));
    return ready;
  }

  /**
   * The bus link went down: messages may have been lost, and a subscription is active again
   * only once Redis confirms it (ioredis re-subscribes on its own, but does not tell when).
   * The relay closes every connection; whoever joins a space next subscribes it afresh.
   */
  busLinkLost(): void {
    if (!this.bus) return;
    for (const space of this.spaces.values()) space.ready = null;
  }

  /** Takes a connection slot of the space, unless `max` are taken. */
  reserve(spaceId: string, max: number): boolean {
    const space = this.space(spaceId);
    if (space.slots >= max) {
      this.dropIfEmpty(spaceId, space);
      return false;
    }
    space.slots++;
    return true;
  }

  /** Gives back a slot whose upgrade failed. */
  release(spaceId: string): void {
    const space = this.spaces.get(spaceId);
    if (!space) return;
    space.slots--;
    this.dropIfEmpty(spaceId, space);
  }

  /**
   * Adds a peer. Resolves once changes stored from now on (by any instance) reach it: only
   * then may its greeting be read from storage (relay-bus.ts).
   */
  join(spaceId: string, peer: Peer): Promise<void> {
    const space = this.space(spaceId);
    space.ready ??= this.subscribe(this.bus!, spaceId);
    if (peer.kind === 'sync') {
      space.syncPeers.add(peer);
    } else {
      let peers = space.docPeers.get(peer.docId!);
      if (!peers) space.docPeers.set(peer.docId!, (peers = new Set()));
      peers.add(peer);
    }
    return space.ready;
  }

  /** Removes a peer (and its slot) and tells the others its awareness states are gone. */
  leave(spaceId: string, peer: Peer): void {
    const space = this.spaces.get(spaceId);
    if (!space) return;
    if (peer.kind === 'sync') space.syncPeers.delete(peer);
    else {
      const peers = space.docPeers.get(peer.docId!);
      peers?.delete(peer);
      if (peers?.size === 0) space.docPeers.delete(peer.docId!);
    }
    for (const [docId, clientIds] of peer.awareness) {
      const records = space.awareness.get(docId);
      if (!records) continue;
      const removed: AwarenessEntry[] = [];
      for (const clientID of clientIds) {
        const record = records.get(clientID);
        if (record?.owner !== peer) continue;
        records.delete(clientID);
        removed.push({ clientID, clock: record.clock + 1, state: 'null' });
      }
      if (records.size === 0) space.awareness.delete(docId);
      if (removed.length > 0) this.relayAwareness(spaceId, docId, encodeAwarenessUpdate(removed), peer);
    }
    peer.awareness.clear();
    space.slots--;
    this.dropIfEmpty(spaceId, space);
  }

  private dropIfEmpty(spaceId: string, space: SpaceState): void {
    if (space.slots <= 0 && space.syncPeers.size === 0 && space.docPeers.size === 0) {
      this.spaces.delete(spaceId);
      for (const watch of space.seqs.values()) if (watch.timer) clearTimeout(watch.timer);
      this.bus?.unsubscribe(spaceId);
    }
  }

  /** A change `from` sent was stored as `seq`: to the doc's other local peers, then to the other instances. */
  relayUpdate(spaceId: string, docId: string, update: Uint8Array, from: Peer | null, seq: number): void {
    this.fanout(spaceId, docId, encodeDocMessage({ type: 'sync-update', update }), from);
    if (!this.bus) return;
    this.bus.publish({ kind: 'update', space: spaceId, docId, payload: update, seq });
    const space = this.spaces.get(spaceId);
    if (space) this.watchSeq(spaceId, space, docId, seq);
  }

  private watchSeq(spaceId: string, space: SpaceState, docId: string, seq: number): void {
    if (!this.storage) return;
    const watch = space.seqs.get(docId);
    // The first seq seen is the baseline: earlier holes are not ours to notice.
    if (!watch) return void space.seqs.set(docId, { contiguous: seq, ahead: new Set(), timer: null });
    if (seq <= watch.contiguous) return;
    watch.ahead.add(seq);
    this.settle(spaceId, space, docId, watch);
  }

  /** Advances past seqs that arrived; gives what is still missing a grace period. */
  private settle(spaceId: string, space: SpaceState, docId: string, watch: SeqWatch): void {
    for (const seq of watch.ahead) if (seq <= watch.contiguous) watch.ahead.delete(seq);
    while (watch.ahead.delete(watch.contiguous + 1)) watch.contiguous++;
    if (watch.ahead.size > 0 && !watch.timer) {
      watch.timer = setTimeout(() => {
        watch.timer = null;
        void this.fillGap(spaceId, space, docId, watch);
      }, this.gapGraceMs);
      watch.timer.unref();
    }
  }

  /** Seqs are still missing after the grace period: send the doc's peers the doc as stored. */
  private async fillGap(spaceId: string, space: SpaceState, docId: string, watch: SeqWatch): Promise<void> {
    if (watch.ahead.size === 0 || this.spaces.get(spaceId) !== space) return;
    try {
      const stored = await this.storage!.read(spaceId, docId);
      if (this.spaces.get(spaceId) !== space || !stored) return;
      log.warn('an update of another instance never arrived: sending the stored doc', { space: spaceId, doc: docId, after: watch.contiguous });
      this.gapFills++;
      this.fanout(spaceId, docId, encodeDocMessage({ type: 'sync-update', update: stored.update }), null);
      watch.contiguous = Math.max(watch.contiguous, stored.seq);
    } catch (err) {
      log.error('reading a doc to fill a hole failed', { space: spaceId, doc: docId, error: String(err) });
    }
    // Whatever is still ahead (stored after our read) gets its own grace period; after a failed read, retry.
    if (this.spaces.get(spaceId) === space) this.settle(spaceId, space, docId, watch);
  }

  /** Awareness entries accepted from `from` (see applyAwareness): to local peers and other instances. */
  relayAwareness(spaceId: string, docId: string, update: Uint8Array, from: Peer | null): void {
    this.fanout(spaceId, docId, encodeDocMessage({ type: 'awareness', update }), from);
    this.bus?.publish({ kind: 'awareness', space: spaceId, docId, payload: update });
  }

  /** A message another instance published. */
  receive(origin: string, message: BusMessage, now = Date.now()): void {
    const space = this.spaces.get(message.space);
    if (!space) return; // no local connection left (a message crossing our unsubscribe)
    if (message.kind === 'update') {
      this.fanout(message.space, message.docId, encodeDocMessage({ type: 'sync-update', update: message.payload }), null);
      this.watchSeq(message.space, space, message.docId, message.seq);
    } else if (message.kind === 'awareness') {
      let entries: AwarenessEntry[];
      try {
        entries = decodeAwarenessUpdate(message.payload);
      } catch (err) {
        log.error('undecodable awareness from another instance', { origin, space: message.space, error: String(err) });
        return;
      }
      const accepted = this.applyRemoteAwareness(space, origin, message.docId, entries, now);
      if (accepted.length === 0) return;
      const update = accepted.length === entries.length ? message.payload : encodeAwarenessUpdate(accepted);
      this.fanout(message.space, message.docId, encodeDocMessage({ type: 'awareness', update }), null);
    } else {
      // Answer for our own connections only; every instance does the same.
      for (const [docId, records] of space.awareness) {
        const own = [...records].filter(([, r]) => typeof r.owner !== 'string');
        if (own.length === 0) continue;
        const update = encodeAwarenessUpdate(own.map(([clientID, r]) => ({ clientID, clock: r.clock, state: r.state })));
        this.bus?.publish({ kind: 'awareness', space: message.space, docId, payload: update });
      }
    }
  }

  private applyRemoteAwareness(space: SpaceState, origin: string, docId: string, entries: AwarenessEntry[], now: number): AwarenessEntry[] {
    let records = space.awareness.get(docId);
    const accepted: AwarenessEntry[] = [];
    for (const entry of entries) {
      const current = records?.get(entry.clientID);
      if (current && current.owner !== origin) continue;
      if (current && entry.clock < current.clock) continue;
      if (entry.state === 'null') records?.delete(entry.clientID);
      else {
        if (!records) space.awareness.set(docId, (records = new Map()));
        records.set(entry.clientID, { clock: entry.clock, state: entry.state, owner: origin, updatedAt: now });
      }
      accepted.push(entry);
    }
    if (records?.size === 0) space.awareness.delete(docId);
    return accepted;
  }

  /** Drops awareness from other instances not renewed for `ttlMs`, and tells local peers. */
  expireRemoteAwareness(now: number, ttlMs = REMOTE_AWARENESS_TTL_MS): void {
    for (const [spaceId, space] of this.spaces) {
      for (const [docId, records] of space.awareness) {
        const removed: AwarenessEntry[] = [];
        for (const [clientID, record] of records) {
          if (typeof record.owner !== 'string' || now - record.updatedAt < ttlMs) continue;
          records.delete(clientID);
          removed.push({ clientID, clock: record.clock + 1, state: 'null' });
        }
        if (records.size === 0) space.awareness.delete(docId);
        if (removed.length > 0) this.fanout(spaceId, docId, encodeDocMessage({ type: 'awareness', update: encodeAwarenessUpdate(removed) }), null);
      }
    }
  }

  /**
   * Sends a doc message to every peer of the doc except `except`; returns how many got it. The
   * bytes are made a Buffer once here: ws would wrap a plain Uint8Array anew for every socket.
   */
  fanout(spaceId: string, docId: string, docMessage: Uint8Array, except: Peer | null): number {
    const space = this.spaces.get(spaceId);
    if (!space) return 0;
    let sent = 0;
    let framed: Buffer | null = null;
    for (const peer of space.syncPeers) {
      if (peer === except) continue;
      framed ??= asBuffer(frameDocMessage(docId, docMessage));
      peer.send(framed);
      sent++;
    }
    const docPeers = space.docPeers.get(docId);
    if (docPeers) {
      const message = asBuffer(docMessage);
      for (const peer of docPeers) {
        if (peer === except) continue;
        peer.send(message);
        sent++;
      }
    }
    return sent;
  }

  /**
   * Records an awareness update from `peer` and returns the entries to relay. An entry is
   * dropped when another connection (here or on another instance) owns that client id, when
   * its clock is older than the one held, or when it would take the peer over its awareness
   * byte budget.
   */
  applyAwareness(spaceId: string, peer: Peer, docId: string, entries: AwarenessEntry[], now = Date.now()): AwarenessEntry[] {
    const space = this.space(spaceId);
    let records = space.awareness.get(docId);
    const accepted: AwarenessEntry[] = [];
    for (const entry of entries) {
      const current = records?.get(entry.clientID);
      if (current && current.owner !== peer) continue;
      if (current && entry.clock < current.clock) continue;
      if (entry.state === 'null') {
        if (current) {
          records!.delete(entry.clientID);
          peer.awareness.get(docId)?.delete(entry.clientID);
          peer.awarenessBytes -= current.state.length;
        }
        accepted.push(entry);
        continue;
      }
      const growth = entry.state.length - (current?.state.length ?? 0);
      if (peer.awarenessBytes + growth > peer.maxAwarenessBytes) continue;
      peer.awarenessBytes += growth;
      if (!records) space.awareness.set(docId, (records = new Map()));
      records.set(entry.clientID, { clock: entry.clock, state: entry.state, owner: peer, updatedAt: now });
      let owned = peer.awareness.get(docId);
      if (!owned) peer.awareness.set(docId, (owned = new Set()));
      owned.add(entry.clientID);
      accepted.push(entry);
    }
    if (records?.size === 0) space.awareness.delete(docId);
    return accepted;
  }

  /** Current awareness states of one doc, or of every doc of the space. */
  awarenessOf(spaceId: string, docId?: string): Map<string, AwarenessEntry[]> {
    const result = new Map<string, AwarenessEntry[]>();
    const space = this.spaces.get(spaceId);
    if (!space) return result;
    const docs = docId === undefined ? [...space.awareness.keys()] : [docId];
    for (const id of docs) {
      const records = space.awareness.get(id);
      if (!records || records.size === 0) continue;
      result.set(
        id,
        [...records].map(([clientID, r]) => ({ clientID, clock: r.clock, state: r.state })),
      );
    }
    return result;
  }

  stats(): { spaces: number; awarenessClients: number; gapFills: number } {
    let awarenessClients = 0;
    for (const space of this.spaces.values()) for (const records of space.awareness.values()) awarenessClients += records.size;
    return { spaces: this.spaces.size, awarenessClients, gapFills: this.gapFills };
  }
}
