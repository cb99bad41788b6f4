import { describe, expect, it } from 'vitest';
import { decodeAwarenessUpdate, decodeDocMessage, encodeAwarenessUpdate, type AwarenessEntry } from '../shared/sync/protocol';
import { Hub, REMOTE_AWARENESS_TTL_MS, type Peer } from './hub';
import type { RelayStorage } from './storage';
import { decodeBusMessage, encodeBusMessage, type BusListener, type BusMessage, type RelayBus } from './relay-bus';

/** Instances wired through memory, with the same encode/decode as Redis. */
class MemoryNetwork {
  readonly buses: MemoryBus[] = [];
  bus(id: string): MemoryBus {
    const bus = new MemoryBus(id, this);
    this.buses.push(bus);
    return bus;
  }
}

class MemoryBus implements RelayBus {
  readonly up = true;
  readonly subscriptions = new Set<string>();
  listener: BusListener | null = null;
  constructor(
    readonly instanceId: string,
    private readonly network: MemoryNetwork,
  ) {}
  listen(listener: BusListener): void {
    this.listener = listener;
  }
  subscribeCalls = 0;
  async subscribe(space: string): Promise<void> {
    this.subscribeCalls++;
    this.subscriptions.add(space);
  }
  unsubscribe(space: string): void {
    this.subscriptions.delete(space);
  }
  publish(message: BusMessage): void {
    const bytes = encodeBusMessage(this.instanceId, message);
    for (const bus of this.network.buses) {
      if (!bus.subscriptions.has(message.space)) continue;
      const { origin, message: decoded } = decodeBusMessage(bytes);
      if (origin !== bus.instanceId) bus.listener?.message(origin, decoded);
    }
  }
  async close(): Promise<void> {}
}

let nextPeerId = 1;
function peer(kind: 'sync' | 'y' = 'y', docId = 'page/a'): Peer & { received: Uint8Array[] } {
  const received: Uint8Array[] = [];
  return {
    id: nextPeerId++,
    kind,
    docId: kind === 'y' ? docId : null,
    received,
    send: (bytes) => received.push(bytes),
    awareness: new Map(),
    awarenessBytes: 0,
    maxAwarenessBytes: 1 << 20,
  };
}

function instance(network: MemoryNetwork, id: string, storage: Pick<RelayStorage, 'read'> | null = null, gapGraceMs = 50): Hub {
  const bus = network.bus(id);
  const hub = new Hub(bus, storage, gapGraceMs);
  bus.listen({ message: (origin, message) => hub.receive(origin, message), link: () => {} });
  return hub;
}

/** Awareness entries a /y peer received. */
function awarenessReceived(p: { received: Uint8Array[] }): AwarenessEntry[] {
  return p.received.flatMap((bytes) => {
    const message = decodeDocMessage(bytes);
    return message.type === 'awareness' ? decodeAwarenessUpdate(message.update) : [];
  });
}

const ada = (clock: number, state = '{"name":"Ada"}'): AwarenessEntry => ({ clientID: 7, clock, state });

describe('relay bus', () => {
  it('encodes and decodes every kind of message, and rejects garbage', () => {
    const messages: BusMessage[] = [
      { kind: 'update', space: 's1', docId: 'page/a', payload: new Uint8Array([1, 2, 3]), seq: 300 },
      { kind: 'awareness', space: 's1', docId: 'page/ä', payload: encodeAwarenessUpdate([ada(1)]) },
      { kind: 'awareness-query', space: 's1' },
    ];
    for (const message of messages) expect(decodeBusMessage(encodeBusMessage('inst', message))).toEqual({ origin: 'inst', message });
    expect(() => decodeBusMessage(new Uint8Array([1, 65, 9, 0, 0, 0]))).toThrow();
    expect(() => decodeBusMessage(new Uint8Array([...encodeBusMessage('i', messages[2]), 0]))).toThrow();
  });

  it('hubs fan updates and awareness out to each other, answer awareness queries, and only the owner removes', async () => {
    const network = new MemoryNetwork();
    const [one, two] = [instance(network, 'one'), instance(network, 'two')];
    const a = peer();
    await one.join('s', a);
    one.relayAwareness('s', 'page/a', encodeAwarenessUpdate(one.applyAwareness('s', a, 'page/a', [ada(1)])), a);

    // First connection on `two`: it subscribes, asks, and `one` answers with what its peers announced.
    const b = peer();
    await two.join('s', b);
    expect(awarenessReceived(b)).toEqual([ada(1)]);
    expect(two.awarenessOf('s', 'page/a').get('page/a')).toEqual([ada(1)]);

    // Updates cross; the sender's own instance does not get its message back.
    b.received.length = 0;
    one.relayUpdate('s', 'page/a', new Uint8Array([0, 0]), a, 1);
    expect(b.received.map((bytes) => decodeDocMessage(bytes).type)).toEqual(['sync-update']);
    expect(a.received).toEqual([]);

    // A peer on `two` cannot take over or remove a client id that `one` owns.
    expect(two.applyAwareness('s', b, 'page/a', [{ ...ada(5), state: 'null' }])).toEqual([]);

    // The owner leaving removes it on the other instance.
    b.received.length = 0;
    one.leave('s', a);
    expect(awarenessReceived(b)).toEqual([{ clientID: 7, clock: 2, state: 'null' }]);
    expect(two.awarenessOf('s').size).toBe(0);
  });

  it('forgets awareness of another instance that stopped renewing it (a crashed instance)', async () => {
    const network = new MemoryNetwork();
    const [one, two] = [instance(network, 'one'), instance(network, 'two')];
    const [a, b] = [peer(), peer()];
    await Promise.all([one.join('s', a), two.join('s', b)]);
    one.relayAwareness('s', 'page/a', encodeAwarenessUpdate(one.applyAwareness('s', a, 'page/a', [ada(1)], 1_000)), a);
    expect(two.stats().awarenessClients).toBe(1);
    two.expireRemoteAwareness(Date.now() + REMOTE_AWARENESS_TTL_MS / 2);
    expect(two.stats().awarenessClients).toBe(1);
    b.received.length = 0;
    two.expireRemoteAwareness(Date.now() + REMOTE_AWARENESS_TTL_MS + 1);
    expect(two.stats().awarenessClients).toBe(0);
    expect(awarenessReceived(b)).toEqual([{ clientID: 7, clock: 2, state: 'null' }]);
    // Local entries never expire this way.
    expect(one.stats().awarenessClients).toBe(1);
  });

  it('unsubscribes a space when its last local connection leaves', async () => {
    const network = new MemoryNetwork();
    const one = instance(network, 'one');
    const a = peer();
    await one.join('s', a);
    expect(network.buses[0].subscriptions.has('s')).toBe(true);
    one.reserve('s', 10); // the slot join() expects the relay to have taken
    one.leave('s', a);
    expect(network.buses[0].subscriptions.has('s')).toBe(false);
  });

  it('after a lost bus link, the next connection to a space waits for a fresh subscription', async () => {
    const network = new MemoryNetwork();
    const one = instance(network, 'one');
    const a = peer();
    await one.join('s', a);
    expect(network.buses[0].subscribeCalls).toBe(1);
    await one.join('s', peer());
    expect(network.buses[0].subscribeCalls).toBe(1);
    one.busLinkLost();
    await one.join('s', peer());
    expect(network.buses[0].subscribeCalls).toBe(2);
  });

  it('sends the stored doc when an update of another instance never arrives (it died before publishing)', async () => {
    const network = new MemoryNetwork();
    const stored = new Uint8Array([9, 9]);
    const reads: string[] = [];
    const storage = { read: async (space: string, docId: string) => (reads.push(`${space}/${docId}`), { update: stored, seq: 4 }) };
    const [one, two] = [instance(network, 'one'), instance(network, 'two', storage, 30)];
    const [a, b] = [peer(), peer()];
    await Promise.all([one.join('s', a), two.join('s', b)]);
    const updates = () => b.received.map((bytes) => decodeDocMessage(bytes)).filter((m) => m.type === 'sync-update');

    one.relayUpdate('s', 'page/a', new Uint8Array([0, 1]), a, 1);
    // Seqs arriving out of order within the grace period are fine: no read.
    one.relayUpdate('s', 'page/a', new Uint8Array([0, 3]), a, 3);
    one.relayUpdate('s', 'page/a', new Uint8Array([0, 2]), a, 2);
    await new Promise((r) => setTimeout(r, 80));
    expect(reads).toEqual([]);
    expect(updates()).toHaveLength(3);

    // Seq 4 was stored but never published; 5 arrives: after the grace period, the doc as stored.
    one.relayUpdate('s', 'page/a', new Uint8Array([0, 5]), a, 5);
    await new Promise((r) => setTimeout(r, 80));
    expect(reads).toEqual(['s/page/a']);
    expect(updates().at(-1)).toEqual({ type: 'sync-update', update: stored });
    expect(two.stats().gapFills).toBe(1);
  });
});
