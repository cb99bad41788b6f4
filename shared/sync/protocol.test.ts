import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import {
  DOC_LIST_CHUNK,
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
  type Frame,
} from './protocol';

function sampleUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'hello');
  return Y.encodeStateAsUpdate(doc);
}

describe('frames', () => {
  const update = sampleUpdate();
  const frames: Frame[] = [
    { docId: 'space', type: 'sync-step1', stateVector: new Uint8Array([1, 2, 3]) },
    { docId: 'page/abc', type: 'sync-step2', update },
    { docId: 'log/2026-01', type: 'sync-update', update },
    { docId: 'page/x', type: 'awareness', update: encodeAwarenessUpdate([{ clientID: 7, clock: 2, state: '{"name":"Ada"}' }]) },
    { docId: 'page/x', type: 'query-awareness' },
    { docId: 'page/ünï', type: 'ack', count: 3 },
    { docId: SPACE_CHANNEL, type: 'doc-list', docIds: ['space', 'page/a', 'log/2026-02'], final: true },
    { docId: SPACE_CHANNEL, type: 'batch', frames: [encodeFrame({ docId: 'space', type: 'sync-step1', stateVector: new Uint8Array([0]) })] },
  ];

  it.each(frames.map((f) => [f.type, f] as const))('round-trips %s', (_type, frame) => {
    const decoded = decodeFrame(encodeFrame(frame));
    expect(decoded).toEqual(frame);
  });

  it('a frame is the doc id followed by the unchanged y-websocket message', () => {
    const message = encodeDocMessage({ type: 'sync-update', update });
    expect(frameDocMessage('page/a', message)).toEqual(encodeFrame({ docId: 'page/a', type: 'sync-update', update }));
    expect(decodeDocMessage(message)).toEqual({ type: 'sync-update', update });
    // y-websocket layout: [messageSync=0][messageYjsUpdate=2][varUint8Array update]
    expect([...message.slice(0, 2)]).toEqual([0, 2]);
  });

  it('splits long doc lists and marks only the last chunk final', () => {
    const ids = Array.from({ length: DOC_LIST_CHUNK * 2 + 5 }, (_, i) => `page/p${i}`);
    const chunks = encodeDocList(ids).map((b) => decodeFrame(b));
    expect(chunks.map((c) => c.type === 'doc-list' && c.final)).toEqual([false, false, true]);
    expect(chunks.flatMap((c) => (c.type === 'doc-list' ? c.docIds : []))).toEqual(ids);
    expect(decodeFrame(encodeDocList([])[0])).toMatchObject({ type: 'doc-list', docIds: [], final: true });
  });

  describe('malformed input throws ProtocolError', () => {
    const valid = encodeFrame({ docId: 'space', type: 'sync-update', update });
    const cases: [string, Uint8Array][] = [
      ['empty', new Uint8Array([])],
      ['bad varint (never terminates)', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])],
      ['truncated', valid.slice(0, valid.length - 3)],
      ['trailing bytes', new Uint8Array([...valid, 0])],
      ['unknown message type', (() => {
        const e = encoding.createEncoder();
        encoding.writeVarString(e, 'space');
        encoding.writeVarUint(e, 42);
        return encoding.toUint8Array(e);
      })()],
      ['unknown sync type', (() => {
        const e = encoding.createEncoder();
        encoding.writeVarString(e, 'space');
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 9);
        encoding.writeVarUint8Array(e, new Uint8Array([0]));
        return encoding.toUint8Array(e);
      })()],
      ['invalid utf-8 doc id', new Uint8Array([2, 0xc3, 0x28, 0, 0, 1, 0])],
      // docId '' + sync step 1: doc messages need a doc
      ['doc message on the space channel', new Uint8Array([0, 0, 0, 1, 0])],
    ];
    it.each(cases)('%s', (_name, bytes) => {
      expect(() => decodeFrame(bytes)).toThrow(ProtocolError);
    });

    it('refuses space-level messages addressed to a doc and doc messages without a doc', () => {
      expect(() => encodeFrame({ docId: 'page/a', type: 'doc-list', docIds: [], final: true })).toThrow(ProtocolError);
      expect(() => encodeFrame({ docId: '', type: 'sync-update', update })).toThrow(ProtocolError);
      expect(() => encodeFrame({ docId: 'a\u0000b', type: 'sync-update', update })).toThrow(ProtocolError);
      expect(() => encodeFrame({ docId: 'x'.repeat(257), type: 'sync-update', update })).toThrow(ProtocolError);
    });

    it('refuses Baton extensions on the y-websocket endpoint', () => {
      const ack = encodeFrame({ docId: 'a', type: 'ack', count: 1 }).slice(2);
      expect(() => decodeDocMessage(ack)).toThrow(ProtocolError);
    });
  });
});

describe('awareness updates', () => {
  it('round-trip and match y-protocols encoding', () => {
    const entries = [
      { clientID: 1, clock: 4, state: '{"user":{"name":"Ada"}}' },
      { clientID: 99, clock: 1, state: 'null' },
    ];
    expect(decodeAwarenessUpdate(encodeAwarenessUpdate(entries))).toEqual(entries);
  });

  it('rejects states that are not JSON and truncated updates', () => {
    expect(() => decodeAwarenessUpdate(encodeAwarenessUpdate([{ clientID: 1, clock: 1, state: '{nope' }]))).toThrow(ProtocolError);
    const ok = encodeAwarenessUpdate([{ clientID: 1, clock: 1, state: '{}' }]);
    expect(() => decodeAwarenessUpdate(ok.slice(0, -1))).toThrow(ProtocolError);
  });
});
