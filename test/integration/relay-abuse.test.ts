/**
 * Misbehaving clients: a reader that writes, oversized and malformed messages, floods. Each
 * is closed with its own close code, nothing it sent is stored, and the relay and the other
 * clients carry on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { SPACE_CHANNEL, encodeAwarenessUpdate, encodeFrame } from '../../shared/sync/protocol';
import { CloseCode } from '../../sync-server/limits';
import { Cleanup, SyncTestClient, fetchDoc, rawSocket, testRelay, token, waitFor } from './relay-support';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const SPACE = 'space1';

async function writer(url: string): Promise<SyncTestClient> {
  const c = await SyncTestClient.connect(url, SPACE, token(SPACE, 'writer', 'w'));
  cleanup.add(() => c.close());
  await c.synced();
  return c;
}

function someUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

/** A healthy writer keeps syncing with a healthy reader while something else misbehaves. */
async function stillSyncing(w: SyncTestClient, other: SyncTestClient, marker: string): Promise<void> {
  w.doc('page/ok').getText('t').insert(0, marker);
  await waitFor(() => other.doc('page/ok').getText('t').toString().includes(marker), `"${marker}" to reach the other client`);
}

describe('relay limits and malformed input', () => {
  it('a reader can read and announce presence, but any write closes it with 4403 and is not stored', async () => {
    const relay = await testRelay(cleanup);
    const w = await writer(relay.url);
    w.doc('page/a').getText('t').insert(0, 'original');
    await waitFor(() => w.acks.get('page/a') === 1, 'ack');

    const reader = await SyncTestClient.connect(relay.url, SPACE, token(SPACE, 'reader', 'r'));
    cleanup.add(() => reader.close());
    await reader.synced();
    expect(reader.doc('page/a').getText('t').toString()).toBe('original');
    // The relay does not ask a reader for its changes (no step 1 back), and lets awareness through.
    reader.send({ docId: 'page/a', type: 'awareness', update: encodeAwarenessUpdate([{ clientID: 9, clock: 1, state: '{"name":"R"}' }]) });
    await waitFor(() => w.awarenessStates('page/a').has(9), 'reader awareness');
    // An empty change is harmless; a real one is refused.
    reader.send({ docId: 'page/a', type: 'sync-step2', update: new Uint8Array([0, 0]) });
    reader.doc('page/a').getText('t').insert(0, 'vandalism ');
    expect(await reader.closed).toEqual({ code: CloseCode.ReadOnly, reason: 'read-only token: writes are not allowed' });
    expect(reader.acks.get('page/a')).toBe(1); // the empty one

    await stillSyncing(w, await writer(relay.url), 'after reader');
    expect((await fetchDoc(relay.url, SPACE, 'page/a')).getText('t').toString()).toBe('original');
  });

  it('an oversized message closes that connection with 1009', async () => {
    const relay = await testRelay(cleanup, { limits: { maxMessageBytes: 64 * 1024 } });
    const w = await writer(relay.url);
    const other = await writer(relay.url);
    const big = await rawSocket(`${relay.url}/sync/${SPACE}?token=${token(SPACE)}`);
    big.ws.send(encodeFrame({ docId: 'page/big', type: 'sync-update', update: someUpdate('x'.repeat(100 * 1024)) }));
    expect((await big.closed).code).toBe(CloseCode.MessageTooBig);
    await stillSyncing(w, other, 'after big');
    expect((await fetchDoc(relay.url, SPACE, 'page/big')).getText('t').toString()).toBe('');
  });

  it('each kind of malformed frame closes only its own connection with 4400', async () => {
    const relay = await testRelay(cleanup);
    const w = await writer(relay.url);
    const other = await writer(relay.url);
    const withDoc = (build: (e: encoding.Encoder) => void) => {
      const e = encoding.createEncoder();
      encoding.writeVarString(e, 'page/x');
      build(e);
      return encoding.toUint8Array(e);
    };
    const valid = encodeFrame({ docId: 'page/x', type: 'sync-update', update: someUpdate('valid') });
    const garbage: [string, Uint8Array | string][] = [
      ['bad varint', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])],
      ['truncated', valid.slice(0, valid.length - 4)],
      ['unknown type', withDoc((e) => encoding.writeVarUint(e, 77))],
      ['invalid Yjs update', withDoc((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint8Array(e, new Uint8Array([5, 200, 1, 2, 3]));
      })],
      ['invalid state vector', withDoc((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint8Array(e, new Uint8Array([3, 1]));
      })],
      ['awareness that is not JSON', encodeFrame({ docId: 'page/x', type: 'awareness', update: encodeAwarenessUpdate([{ clientID: 1, clock: 1, state: '{oops' }]) })],
      ['relay-only message', encodeFrame({ docId: SPACE_CHANNEL, type: 'doc-list', docIds: [], final: true })],
      ['nested garbage in a batch', encodeFrame({ docId: SPACE_CHANNEL, type: 'batch', frames: [new Uint8Array([1, 2, 3])] })],
      ['text frame', 'hello'],
    ];
    for (const [name, bytes] of garbage) {
      const socket = await rawSocket(`${relay.url}/sync/${SPACE}?token=${token(SPACE)}`);
      socket.ws.send(bytes);
      const closed = await socket.closed;
      expect({ name, code: closed.code }).toEqual({ name, code: CloseCode.Malformed });
      await stillSyncing(w, other, `after ${name}`);
    }
    // The stock endpoint is just as strict.
    const stock = await rawSocket(`${relay.url}/y/${SPACE}/page/x?token=${token(SPACE)}`);
    stock.ws.send(new Uint8Array([0, 2, 1]));
    expect((await stock.closed).code).toBe(CloseCode.Malformed);
    expect((await fetchDoc(relay.url, SPACE, 'page/x')).getText('t').toString()).toBe('');
  });

  it('a flood is closed with 4529 while a batched handshake of many docs is not', async () => {
    const relay = await testRelay(cleanup, { limits: { messagesPerSecond: 20, messageBurst: 40 } });
    const w = await writer(relay.url);
    const other = await writer(relay.url);
    const flood = await rawSocket(`${relay.url}/sync/${SPACE}?token=${token(SPACE)}`);
    const step1 = encodeFrame({ docId: 'page/x', type: 'sync-step1', stateVector: new Uint8Array([0]) });
    for (let i = 0; i < 100; i++) flood.ws.send(step1);
    expect((await flood.closed).code).toBe(CloseCode.RateLimited);
    await stillSyncing(w, other, 'after flood');

    // 1,000 step 1s in batches of 100 cost 10 tokens.
    const batched = await rawSocket(`${relay.url}/sync/${SPACE}?token=${token(SPACE, 'reader')}`);
    for (let b = 0; b < 10; b++) {
      const frames = Array.from({ length: 100 }, (_, i) => encodeFrame({ docId: `page/p${b * 100 + i}`, type: 'sync-step1', stateVector: new Uint8Array([0]) }));
      batched.ws.send(encodeFrame({ docId: SPACE_CHANNEL, type: 'batch', frames }));
    }
    await waitFor(() => batched.received.length >= 1 + 1000, 'a step 2 for each doc of the batches');
    expect(batched.ws.readyState).toBe(batched.ws.OPEN);
    batched.ws.close();
  });

  it('closes a client that stops reading with 1013 instead of buffering fan-out for it', async () => {
    const relay = await testRelay(cleanup, { limits: { maxBufferedBytes: 512 * 1024 } });
    const w = await writer(relay.url);
    const stuck = await rawSocket(`${relay.url}/sync/${SPACE}?token=${token(SPACE, 'reader')}`);
    (stuck.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const other = await writer(relay.url);
    for (let i = 0; i < 200; i++) w.doc(`page/big${i % 4}`).getText('t').insert(0, 'y'.repeat(64 * 1024));
    await waitFor(async () => {
      const text = await (await fetch(`${relay.url.replace('ws://', 'http://')}/metrics`)).text();
      return /baton_relay_closed_total\{code="1013"\} 1/.test(text);
    }, 'the stuck client to be cut loose');
    await stillSyncing(w, other, 'after stuck');
    stuck.ws.terminate();
  });

  it('drops a connection that stops answering pings', async () => {
    const relay = await testRelay(cleanup, { limits: { heartbeatMs: 100 } });
    const socket = await rawSocket(`${relay.url}/y/${SPACE}/page/x?token=${token(SPACE)}`);
    // Silence the client's automatic pong by pausing its socket reads.
    (socket.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    await waitFor(async () => {
      const text = await (await fetch(`${relay.url.replace('ws://', 'http://')}/metrics`)).text();
      return /baton_relay_dead_connections_total 1/.test(text);
    }, 'the dead connection to be dropped');
    socket.ws.terminate();
  });
});
