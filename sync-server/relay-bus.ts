/**
 * Fan-out between relay instances (DESIGN.md §4: PostgreSQL for storage, Redis pub/sub between
 * instances). Only the scale-out mode has a bus; the embedded SQLite relay is one instance.
 *
 * Message flow: one channel per space. An instance subscribes to a space's channel while it has
 * at least one connection to that space, and publishes there every change it stored and every
 * awareness update it accepted from its own connections. Each message carries the publishing
 * instance's id; an instance drops its own messages (it already fanned them out locally).
 * Right after subscribing, an instance publishes `awareness-query`; the others answer with the
 * awareness states their own connections announced, so newcomers see who is already there.
 *
 * Invariants (what makes "nothing acknowledged is lost, nothing stored is missed" hold):
 *  - A change is published only AFTER storage committed it (and the client's ack is sent only
 *    after that commit, independently of the publish). The bus carries nothing durable.
 *  - A connection's greeting (doc list, then step 2 answers read from storage) starts only
 *    after its instance's subscription to the space is confirmed. So a change stored later is
 *    fanned out to it, and a change stored earlier is in what storage returns: nothing falls
 *    between the two.
 *  - Pub/sub is at-most-once. When an instance loses its link to the bus, messages may have
 *    been lost in both directions, so it closes all its connections (1011, transient) and
 *    refuses new ones (503) until the link is back; clients reconnect and re-sync from
 *    storage with step 1 / step 2.
 *  - An instance that dies between committing a change and publishing it leaves a hole that
 *    no reconnect fills for clients of the other instances, and later edits that build on the
 *    missing change would stay pending in their docs. So an update message carries its storage
 *    `seq` (one per stored update of a doc, without gaps): an instance that sees a seq beyond
 *    the next one it expects and does not get the missing ones within `GAP_GRACE_MS` (they may
 *    just be late: instances publish concurrently) sends its peers of that doc the doc as
 *    stored (one merged update; Yjs ignores what they already have).
 *  - Messages of one instance are delivered in the order it published them; across instances
 *    there is no order (Yjs updates commute, awareness is last-writer-wins per clock).
 *
 * Wire format of a message: `varString origin, varUint kind, varString space, varString docId,
 * varUint8Array payload, varUint seq` (lib0 encoding). Kinds: 0 update (a Yjs update and its
 * storage seq), 1 awareness (a y-protocols awareness update), 2 awareness-query (empty docId
 * and payload); seq is 0 for kinds 1 and 2.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export type BusMessage =
  | { kind: 'update'; space: string; docId: string; payload: Uint8Array; seq: number }
  | { kind: 'awareness'; space: string; docId: string; payload: Uint8Array }
  | { kind: 'awareness-query'; space: string };

export interface BusListener {
  /** A message published by another instance. */
  message(origin: string, message: BusMessage): void;
  /** The link to the bus went down (false) or came back (true). */
  link(up: boolean): void;
}

export interface RelayBus {
  /** Unique per running relay process. */
  readonly instanceId: string;
  /** Both directions of the link work right now. */
  readonly up: boolean;
  listen(listener: BusListener): void;
  /** Resolves once messages published to the space from now on reach this instance. */
  subscribe(space: string): Promise<void>;
  unsubscribe(space: string): void;
  /** Fire and forget, in order; failures are logged by the bus. */
  publish(message: BusMessage): void;
  close(): Promise<void>;
}

const KINDS = ['update', 'awareness', 'awareness-query'] as const;

/** How long a missing seq may be late before the stored doc is sent instead (see above). */
export const GAP_GRACE_MS = 2_000;

export function encodeBusMessage(origin: string, message: BusMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, origin);
  encoding.writeVarUint(encoder, KINDS.indexOf(message.kind));
  encoding.writeVarString(encoder, message.space);
  encoding.writeVarString(encoder, message.kind === 'awareness-query' ? '' : message.docId);
  encoding.writeVarUint8Array(encoder, message.kind === 'awareness-query' ? new Uint8Array(0) : message.payload);
  encoding.writeVarUint(encoder, message.kind === 'update' ? message.seq : 0);
  return encoding.toUint8Array(encoder);
}

/** Throws on anything that is not a well-formed message. */
export function decodeBusMessage(bytes: Uint8Array): { origin: string; message: BusMessage } {
  const decoder = decoding.createDecoder(bytes);
  const origin = decoding.readVarString(decoder);
  const kind = KINDS[decoding.readVarUint(decoder)];
  const space = decoding.readVarString(decoder);
  const docId = decoding.readVarString(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  const seq = decoding.readVarUint(decoder);
  if (kind === undefined) throw new Error('unknown bus message kind');
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes in bus message');
  if (kind === 'awareness-query') return { origin, message: { kind, space } };
  if (kind === 'awareness') return { origin, message: { kind, space, docId, payload } };
  return { origin, message: { kind, space, docId, payload, seq } };
}
