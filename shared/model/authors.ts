/**
 * Who wrote a page doc's edits, for page history on other devices: the page doc's map `authors`,
 *
 *   String(Yjs clientID) → memberId
 *
 * Every Yjs struct (an insertion) carries the client id of the doc instance that made it, and a
 * doc instance (a Core's copy, a window's mirror) is used by one member, so naming each client
 * once is enough to name the author of every insertion it makes. Teammates' Cores resolve the
 * client ids of the updates they receive through this map (main/core/history/page-history.ts).
 *
 * Who writes: only a Core, which knows its member, in the same transaction as the edit it names,
 * so the entry is stored, synced and received with (never after) the edit:
 * - a window's update (`docs.update`): `applyMemberUpdate` applies it and names its clients in one
 *   Core transaction. The window's update itself is not changed; the Core's transaction emits one
 *   update holding both, and that is what is stored and sent to the relay. The window does not get
 *   its own edit back, so the entries are sent to it (the return value);
 * - the Core's own edits (restore, templates, comments, imports): `nameClient` for the Core doc's
 *   own client at the start of each local transaction (a hook in page-history.ts), and
 *   `recordAuthors` at the end of a restore.
 *
 * Deletions carry no client id (Yjs records what was deleted, not by whom), so an edit that only
 * deletes would name nobody: `recordAuthors` then writes the writing client's own entry again (the
 * same key, so the map does not grow), and the update carries a struct of a named client.
 *
 * Entries are never removed, and a client's name never changes (the first one wins). Client ids
 * nobody named (edits from before this map, or from older app versions) stay unknown, and history
 * shows them as it did before: "remote edits".
 */
import * as Y from 'yjs';

export const PAGE_AUTHORS_KEY = 'authors';

export function pageAuthors(doc: Y.Doc): Y.Map<string> {
  return doc.getMap<string>(PAGE_AUTHORS_KEY);
}

/** The member that made `clientId`'s edits in this doc, if any Core named it. */
export function authorOfClient(doc: Y.Doc, clientId: number): string | null {
  const member = pageAuthors(doc).get(String(clientId));
  return typeof member === 'string' ? member : null;
}

/**
 * Names `memberId` as the author of `clientId` unless it is named already; returns whether it
 * wrote. Inside a transaction, the entry is part of it.
 */
export function nameClient(doc: Y.Doc, clientId: number, memberId: string): boolean {
  if (authorOfClient(doc, clientId) !== null) return false;
  pageAuthors(doc).set(String(clientId), memberId);
  return true;
}

/**
 * The client a Core writes authors entries with while applying a window's update. Yjs forces a
 * transaction that applied an update non-local, and a non-local transaction that also adds
 * structs of the doc's own client makes Yjs think another replica uses that client id, so it
 * gives the doc a new one. Entries written in such a transaction therefore come from a separate
 * small doc with its own client (one per Core doc instance), applied as an update. Its structs
 * only ever refer to its own earlier ones (a new key, or its own key again), so it needs nothing
 * else of the page.
 */
const namers = new WeakMap<Y.Doc, Y.Doc>();
function namerOf(doc: Y.Doc): Y.Doc {
  let namer = namers.get(doc);
  if (!namer) namers.set(doc, (namer = new Y.Doc()));
  return namer;
}

/** Writes `entries` into `tr`'s doc, inside `tr`: directly when it is local, else through the namer. */
function writeEntries(tr: Y.Transaction, entries: Map<number, string>): void {
  const target = tr.local ? tr.doc : namerOf(tr.doc);
  const updates: Uint8Array[] = [];
  const collect = (update: Uint8Array) => updates.push(update);
  if (target !== tr.doc) target.on('update', collect);
  try {
    target.transact(() => {
      for (const [client, member] of entries) pageAuthors(target).set(String(client), member);
    });
  } finally {
    if (target !== tr.doc) target.off('update', collect);
  }
  for (const update of updates) Y.applyUpdate(tr.doc, update, tr.origin);
}

/**
 * At the end of transaction `tr` (one member's edit): names `memberId` as the author of every
 * client the transaction added structs for (of `candidates` only, when given) that is not named
 * yet, and of the client writing the entries when it is not named yet. When the transaction added
 * no struct but deleted something, writes that client's entry again, so the update still carries a
 * struct of a named client. Returns whether it wrote to the map.
 */
export function recordAuthors(tr: Y.Transaction, memberId: string, candidates?: Iterable<number>): boolean {
  const doc = tr.doc;
  const pool = candidates ? new Set(candidates) : new Set(doc.store.clients.keys());
  const added = [...pool].filter((client) => Y.getState(doc.store, client) > (tr.beforeState.get(client) ?? 0));
  const unnamed = added.filter((client) => authorOfClient(doc, client) === null);
  const writer = tr.local ? doc.clientID : namerOf(doc).clientID;
  const entries = new Map<number, string>();
  if (unnamed.length > 0) {
    for (const client of unnamed) entries.set(client, memberId);
    if (authorOfClient(doc, writer) === null) entries.set(writer, memberId);
  } else if (added.length === 0 && tr.deleteSet.clients.size > 0) {
    entries.set(writer, memberId);
  }
  if (entries.size === 0) return false;
  writeEntries(tr, entries);
  return true;
}

/**
 * Applies a window's update to the Core's `doc` for `memberId`, naming its new clients in the same
 * transaction (with `origin`). When that wrote to the map, returns what the transaction added
 * beyond the window's own update: the window lacks those entries, so send it back (else the next
 * entry written by the same client, which builds on them, would wait in the window forever). Else
 * null. Not for use inside another transaction (the update would only be emitted after it).
 */
export function applyMemberUpdate(doc: Y.Doc, update: Uint8Array, memberId: string, origin: unknown): Uint8Array | null {
  const clients = [...Y.parseUpdateMeta(update).to.keys()];
  let ours: Y.Transaction | null = null;
  let emitted: Uint8Array | null = null;
  const capture = (out: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
    if (tr === ours) emitted = out;
  };
  let wrote = false;
  doc.on('update', capture);
  try {
    doc.transact((tr) => {
      ours = tr;
      Y.applyUpdate(doc, update, origin);
      wrote = recordAuthors(tr, memberId, clients);
    }, origin);
  } finally {
    doc.off('update', capture);
  }
  return wrote && emitted ? Y.diffUpdate(emitted, Y.encodeStateVectorFromUpdate(update)) : null;
}

/** The clients `update` adds structs for (deletions name no client). */
export function clientsOfUpdate(update: Uint8Array): number[] {
  const meta = Y.parseUpdateMeta(update);
  const clients: number[] = [];
  for (const [client, clock] of meta.to) if (clock > (meta.from.get(client) ?? 0)) clients.push(client);
  return clients;
}

/** Splits client ids into the members the doc names for them (sorted, unique) and those it does not. */
export function resolveClients(doc: Y.Doc, clients: Iterable<number>): { members: string[]; unknown: number[] } {
  const members = new Set<string>();
  const unknown: number[] = [];
  for (const client of clients) {
    const member = authorOfClient(doc, client);
    if (member === null) unknown.push(client);
    else members.add(member);
  }
  return { members: [...members].sort(), unknown };
}
