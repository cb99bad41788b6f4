/**
 * Baton sync framing: every doc of a space multiplexed over one websocket.
 *
 * A **doc message** is exactly a y-websocket message: `[varUint type][body]`, where type 0 is a
 * y-protocols sync message (step 1 = state vector, step 2 = update answering a step 1,
 * update = a live change), type 1 an awareness update and type 3 a query for awareness.
 * The relay's `/y/<space>/<doc>` endpoint speaks doc messages as they are, so a stock
 * `y-websocket` provider works against it.
 *
 * A **frame** (the `/sync/<space>` endpoint) is `[varString docId][doc message]`. Frames whose
 * docId is the empty string (`SPACE_CHANNEL`) address the space as a whole and carry the
 * Baton extensions: `doc-list` (relay → client) and `batch` (client → relay). `ack`
 * (relay → client) names the doc it acknowledges. One websocket message carries one frame.
 *
 * Message flow on `/sync/<space>`:
 *  1. On connect the relay sends `doc-list` (possibly split; the last one has `final: true`):
 *     the ids of every doc it stores for the space. It then sends the awareness states it
 *     currently holds for the space's docs. Doc list over "relay sends step 1 for every doc"
 *     because listing ids is one cheap index scan, while a state vector needs each doc read
 *     and merged; the client then asks only for what it needs, in one `batch`.
 *  2. The client sends `sync-step1` for every doc it has locally and for every listed doc it
 *     does not have (empty state vector) — preferably inside `batch` frames, which cost the
 *     rate limiter one token per started 100 inner frames instead of one per frame.
 *  3. The relay answers each step 1, in order, with `sync-step2` (what the client lacks,
 *     computed from storage with `Y.diffUpdate`) and — for writers — a `sync-step1` with its
 *     own state vector. The client answers that with `sync-step2` carrying what the relay
 *     lacks; it may skip the reply when it would be empty (no structs, no deletes).
 *  4. Afterwards every local change is sent as `sync-update`; the relay fans out every
 *     stored change of any doc of the space to every other `/sync` connection of the space
 *     and to the `/y/` connections of that doc, as `sync-update`.
 *
 * Guarantees given by the relay:
 *  - Per connection, frames are handled strictly in arrival order, and replies keep that order.
 *  - A change (`sync-step2` or `sync-update` from a writer) is validated and committed to
 *    storage BEFORE it is fanned out. Each such frame is answered with exactly one `ack`
 *    for its doc once it is stored (or found to add nothing), in order. So a client can keep a
 *    FIFO of unacknowledged changes per doc; anything acked survives a relay crash.
 *  - Every doc stored before the connection opened is in `doc-list`; every change stored after
 *    it opened is fanned out to it. Together with step 1/step 2 nothing is missed.
 *  - A reader may send `sync-step1`, awareness and empty changes; any real change closes the
 *    connection (4403). A frame that does not decode closes only that connection (4400).
 *  - Not guaranteed: fan-out order between different connections, and delivery of awareness
 *    (it is ephemeral, last-writer-wins per client clock, dropped with its connection).
 *
 * Decoding is strict: unknown types, truncated or trailing bytes throw `ProtocolError`.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';

/** Top-level doc message types (the y-websocket ones, plus Baton's space-level extensions). */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  /** y-protocols/auth; reserved, never sent by the relay. */
  Auth: 2,
  QueryAwareness: 3,
  DocList: 16,
  Ack: 17,
  Batch: 18,
} as const;

/** Sub-types of `MessageType.Sync` (from y-protocols/sync). */
export const SyncType = {
  Step1: messageYjsSyncStep1,
  Step2: messageYjsSyncStep2,
  Update: messageYjsUpdate,
} as const;

/** The docId of frames addressed to the whole space (`doc-list`, `batch`). */
export const SPACE_CHANNEL = '';
/** Longest doc id the relay accepts, in UTF-16 code units. */
export const MAX_DOC_ID_LENGTH = 256;
/** Inner frames per batch; the relay also bounds a batch by its message-size limit. */
export const MAX_BATCH_FRAMES = 10_000;
/** Doc ids per `doc-list` frame; longer lists are split. */
export const DOC_LIST_CHUNK = 1_000;

/** One y-websocket message, decoded. */
export type DocMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

/** Baton's space-level and relay-only messages. */
export type ExtensionMessage =
  | { type: 'doc-list'; docIds: string[]; final: boolean }
  | { type: 'ack'; count: number }
  | { type: 'batch'; frames: Uint8Array[] };

export type Message = DocMessage | ExtensionMessage;

/** A decoded frame of the `/sync` endpoint. */
export type Frame = Message & { docId: string };

export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

const SPACE_TYPES = new Set<Message['type']>(['doc-list', 'batch']);

/** True for a doc id the relay accepts: 1..256 chars, no control characters. */
export function isValidSyncDocId(docId: string): boolean {
  return docId.length > 0 && docId.length <= MAX_DOC_ID_LENGTH && !/[\u0000-\u001f\u007f]/.test(docId);
}

function writeMessage(encoder: encoding.Encoder, message: Message): void {
  switch (message.type) {
    case 'sync-step1':
      encoding.writeVarUint(encoder, MessageType.Sync);
      encoding.writeVarUint(encoder, SyncType.Step1);
      encoding.writeVarUint8Array(encoder, message.stateVector);
      return;
    case 'sync-step2':
    case 'sync-update':
      encoding.writeVarUint(encoder, MessageType.Sync);
      encoding.writeVarUint(encoder, message.type === 'sync-step2' ? SyncType.Step2 : SyncType.Update);
      encoding.writeVarUint8Array(encoder, message.update);
      return;
    case 'awareness':
      encoding.writeVarUint(encoder, MessageType.Awareness);
      encoding.writeVarUint8Array(encoder, message.update);
      return;
    case 'query-awareness':
      encoding.writeVarUint(encoder, MessageType.QueryAwareness);
      return;
    case 'doc-list':
      encoding.writeVarUint(encoder, MessageType.DocList);
      encoding.writeVarUint(encoder, message.final ? 1 : 0);
      encoding.writeVarUint(encoder, message.docIds.length);
      for (const id of message.docIds) encoding.writeVarString(encoder, id);
      return;
    case 'ack':
      encoding.writeVarUint(encoder, MessageType.Ack);
      encoding.writeVarUint(encoder, message.count);
      return;
    case 'batch':
      encoding.writeVarUint(encoder, MessageType.Batch);
      encoding.writeVarUint(encoder, message.frames.length);
      for (const frame of message.frames) encoding.writeVarUint8Array(encoder, frame);
      return;
  }
}

function readMessage(decoder: decoding.Decoder): Message {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.Sync: {
      const sub = decoding.readVarUint(decoder);
      const body = decoding.readVarUint8Array(decoder);
      if (sub === SyncType.Step1) return { type: 'sync-step1', stateVector: body };
      if (sub === SyncType.Step2) return { type: 'sync-step2', update: body };
      if (sub === SyncType.Update) return { type: 'sync-update', update: body };
      throw new ProtocolError(`unknown sync message type ${sub}`);
    }
    case MessageType.Awareness:
      return { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
    case MessageType.QueryAwareness:
      return { type: 'query-awareness' };
    case MessageType.DocList: {
      const final = decoding.readVarUint(decoder) === 1;
      const n = decoding.readVarUint(decoder);
      const docIds: string[] = [];
      for (let i = 0; i < n; i++) docIds.push(decoding.readVarString(decoder));
      return { type: 'doc-list', docIds, final };
    }
    case MessageType.Ack:
      return { type: 'ack', count: decoding.readVarUint(decoder) };
    case MessageType.Batch: {
      const n = decoding.readVarUint(decoder);
      if (n > MAX_BATCH_FRAMES) throw new ProtocolError(`batch of ${n} frames exceeds ${MAX_BATCH_FRAMES}`);
      const frames: Uint8Array[] = [];
      for (let i = 0; i < n; i++) frames.push(decoding.readVarUint8Array(decoder));
      return { type: 'batch', frames };
    }
    default:
      throw new ProtocolError(`unknown message type ${type}`);
  }
}

function strictly<T>(bytes: Uint8Array, read: (decoder: decoding.Decoder) => T): T {
  const decoder = decoding.createDecoder(bytes);
  let value: T;
  try {
    value = read(decoder);
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError(`malformed message: ${(err as Error).message}`);
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after message');
  return value;
}

/** Encode one y-websocket message (the `/y/` endpoint's unit). */
export function encodeDocMessage(message: DocMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  writeMessage(encoder, message);
  return encoding.toUint8Array(encoder);
}

/** Decode one y-websocket message. Throws `ProtocolError`; Baton extensions are refused. */
export function decodeDocMessage(bytes: Uint8Array): DocMessage {
  const message = strictly(bytes, readMessage);
  if (message.type === 'doc-list' || message.type === 'ack' || message.type === 'batch') {
    throw new ProtocolError(`${message.type} is not a y-websocket message`);
  }
  return message;
}

/** Encode one `/sync` frame. */
export function encodeFrame(frame: Frame): Uint8Array {
  checkAddress(frame.docId, frame.type);
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, frame.docId);
  writeMessage(encoder, frame);
  return encoding.toUint8Array(encoder);
}

/** Decode one `/sync` frame. Throws `ProtocolError` on anything malformed or misaddressed. */
export function decodeFrame(bytes: Uint8Array): Frame {
  const frame = strictly(bytes, (decoder) => {
    const docId = decoding.readVarString(decoder);
    return { ...readMessage(decoder), docId } as Frame;
  });
  checkAddress(frame.docId, frame.type);
  return frame;
}

/** Prefix an already encoded doc message with its doc id (fan-out encodes once per doc). */
export function frameDocMessage(docId: string, docMessage: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, docId);
  encoding.writeUint8Array(encoder, docMessage);
  return encoding.toUint8Array(encoder);
}

/** Split a doc list into `doc-list` frames of at most `DOC_LIST_CHUNK` ids (always at least one). */
export function encodeDocList(docIds: readonly string[]): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let i = 0; i === 0 || i < docIds.length; i += DOC_LIST_CHUNK) {
    const chunk = docIds.slice(i, i + DOC_LIST_CHUNK);
    frames.push(encodeFrame({ docId: SPACE_CHANNEL, type: 'doc-list', docIds: chunk, final: i + DOC_LIST_CHUNK >= docIds.length }));
  }
  return frames;
}

function checkAddress(docId: string, type: Message['type']): void {
  if (SPACE_TYPES.has(type)) {
    if (docId !== SPACE_CHANNEL) throw new ProtocolError(`${type} must use the space channel`);
  } else if (!isValidSyncDocId(docId)) {
    throw new ProtocolError(`invalid doc id for ${type}`);
  }
}

/** One client's entry in an awareness update (y-protocols/awareness wire format). */
export interface AwarenessEntry {
  clientID: number;
  clock: number;
  /** The JSON text of the state; `'null'` means the client left. */
  state: string;
}

/** Decode an awareness update; every state must be valid JSON. Throws `ProtocolError`. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  return strictly(update, (decoder) => {
    const n = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < n; i++) {
      const clientID = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarString(decoder);
      try {
        JSON.parse(state);
      } catch {
        throw new ProtocolError('awareness state is not JSON');
      }
      entries.push({ clientID, clock, state });
    }
    return entries;
  });
}

export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientID);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}
