/**
 * Who is connected to which space and doc, and the awareness (presence) they announced.
 * Everything here is proportional to connections: a space's entry exists only while it has
 * a connection, and awareness records are dropped with the connection that owns them.
 * Doc contents are never held here (they live in storage).
 */
import { encodeAwarenessUpdate, encodeDocMessage, frameDocMessage, type AwarenessEntry } from '../shared/sync/protocol';

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
  owner: Peer;
}

class SpaceState {
  /** Open connections plus upgrades in progress (the per-space limit counts both). */
  slots = 0;
  readonly syncPeers = new Set<Peer>();
  readonly docPeers = new Map<string, Set<Peer>>();
  readonly awareness = new Map<string, Map<number, AwarenessRecord>>();
}

export class Hub {
  private readonly spaces = new Map<string, SpaceState>();

  private space(id: string): SpaceState {
    let space = this.spaces.get(id);
    if (!space) {
      space = new SpaceState();
      this.spaces.set(id, space);
    }
    return space;
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

  join(spaceId: string, peer: Peer): void {
    const space = this.space(spaceId);
    if (peer.kind === 'sync') {
      space.syncPeers.add(peer);
    } else {
      let peers = space.docPeers.get(peer.docId!);
      if (!peers) space.docPeers.set(peer.docId!, (peers = new Set()));
      peers.add(peer);
    }
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
      if (removed.length > 0) {
        this.fanout(spaceId, docId, encodeDocMessage({ type: 'awareness', update: encodeAwarenessUpdate(removed) }), peer);
      }
    }
    peer.awareness.clear();
    space.slots--;
    this.dropIfEmpty(spaceId, space);
  }

  private dropIfEmpty(spaceId: string, space: SpaceState): void {
    if (space.slots <= 0 && space.syncPeers.size === 0 && space.docPeers.size === 0) this.spaces.delete(spaceId);
  }

  /** Sends a doc message to every peer of the doc except `except`; returns how many got it. */
  fanout(spaceId: string, docId: string, docMessage: Uint8Array, except: Peer | null): number {
    const space = this.spaces.get(spaceId);
    if (!space) return 0;
    let sent = 0;
    let framed: Uint8Array | null = null;
    for (const peer of space.syncPeers) {
      if (peer === except) continue;
      framed ??= frameDocMessage(docId, docMessage);
      peer.send(framed);
      sent++;
    }
    for (const peer of space.docPeers.get(docId) ?? []) {
      if (peer === except) continue;
      peer.send(docMessage);
      sent++;
    }
    return sent;
  }

  /**
   * Records an awareness update from `peer` and returns the entries to relay. An entry is
   * dropped when another connection owns that client id, when its clock is older than the
   * one held, or when it would take the peer over its awareness byte budget.
   */
  applyAwareness(spaceId: string, peer: Peer, docId: string, entries: AwarenessEntry[]): AwarenessEntry[] {
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
      records.set(entry.clientID, { clock: entry.clock, state: entry.state, owner: peer });
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

  stats(): { spaces: number; awarenessClients: number } {
    let awarenessClients = 0;
    for (const space of this.spaces.values()) for (const records of space.awareness.values()) awarenessClients += records.size;
    return { spaces: this.spaces.size, awarenessClients };
  }
}
