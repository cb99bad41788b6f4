/**
 * The page authors map: a Core names the Yjs clients of its member's edits in the same
 * transaction as the edit, so a teammate receiving the edit can name its author.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyMemberUpdate, authorOfClient, clientsOfUpdate, nameClient, pageAuthors, recordAuthors, resolveClients } from './authors';
import { appendParagraph, pageContent, readPageText } from './page';

const WINDOW = { kind: 'client', clientId: 'w1' };

/** A Core's doc, recording the updates it emits (what it stores and sends to the relay). */
function core() {
  const doc = new Y.Doc();
  const emitted: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => emitted.push(update));
  return { doc, emitted };
}

/** A window's mirror of `source`, whose edits come out as updates. */
function windowOf(source: Y.Doc) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source), 'remote');
  const sent: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && sent.push(update));
  return { doc, sent, take: () => sent.splice(0) };
}

function firstText(doc: Y.Doc): Y.XmlText {
  return (pageContent(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

describe('page authors', () => {
  it('names a window’s client in the one update the Core emits for the edit, and sends the window what it lacks', () => {
    const ana = core();
    const own = ana.doc.clientID;
    const win = windowOf(ana.doc);
    appendParagraph(win.doc, 'Hello');
    const [update] = win.take();
    const echo = applyMemberUpdate(ana.doc, update, 'ana', WINDOW);

    expect(ana.emitted).toHaveLength(1);
    expect(authorOfClient(ana.doc, win.doc.clientID)).toBe('ana');
    // Yjs did not take the entries for another replica using the Core's client id.
    expect(ana.doc.clientID).toBe(own);
    // A teammate receiving that one update can name every client in it.
    const bea = new Y.Doc();
    Y.applyUpdate(bea, ana.emitted[0]);
    expect(readPageText(bea)).toBe('Hello');
    const clients = clientsOfUpdate(ana.emitted[0]);
    expect(clients).toContain(win.doc.clientID);
    expect(resolveClients(bea, clients)).toEqual({ members: ['ana'], unknown: [] });

    // The window gets back only what it lacked: the entries, not its own edit.
    expect(echo).not.toBeNull();
    expect(clientsOfUpdate(echo!)).not.toContain(win.doc.clientID);
    Y.applyUpdate(win.doc, echo!, 'remote');
    expect(pageAuthors(win.doc).toJSON()).toEqual(pageAuthors(ana.doc).toJSON());
    // So what the Core writes next for the window's edits integrates there instead of waiting.
    firstText(win.doc).delete(0, 1);
    applyMemberUpdate(ana.doc, win.take()[0], 'ana', WINDOW);
    const other = windowOf(bea);
    Y.applyUpdate(other.doc, ana.emitted.at(-1)!, 'remote');
    Y.applyUpdate(win.doc, ana.emitted.at(-1)!, 'remote');
    expect(win.doc.store.pendingStructs).toBeNull();
    expect(other.doc.store.pendingStructs).toBeNull();
    expect(pageAuthors(win.doc).toJSON()).toEqual(pageAuthors(ana.doc).toJSON());
  });

  it('writes nothing more once the client is named, and never renames a client', () => {
    const ana = core();
    const win = windowOf(ana.doc);
    appendParagraph(win.doc, 'One');
    applyMemberUpdate(ana.doc, win.take()[0], 'ana', WINDOW);
    const entries = pageAuthors(ana.doc).size;
    appendParagraph(win.doc, 'Two');
    expect(applyMemberUpdate(ana.doc, win.take()[0], 'ana', WINDOW)).toBeNull();
    expect(pageAuthors(ana.doc).size).toBe(entries);
    // Applying an update the doc already holds changes nothing.
    expect(applyMemberUpdate(ana.doc, Y.encodeStateAsUpdate(win.doc), 'ana', WINDOW)).toBeNull();

    expect(nameClient(ana.doc, win.doc.clientID, 'mallory')).toBe(false);
    expect(authorOfClient(ana.doc, win.doc.clientID)).toBe('ana');
  });

  it('gives an edit that only deletes a struct of a named client', () => {
    const ana = core();
    const win = windowOf(ana.doc);
    appendParagraph(win.doc, 'Hello world');
    applyMemberUpdate(ana.doc, win.take()[0], 'ana', WINDOW);
    firstText(win.doc).delete(5, 6);
    const [deletion] = win.take();
    expect(clientsOfUpdate(deletion)).toEqual([]);

    ana.emitted.length = 0;
    const echo = applyMemberUpdate(ana.doc, deletion, 'ana', WINDOW);
    expect(readPageText(ana.doc)).toBe('Hello');
    expect(ana.emitted).toHaveLength(1);
    const clients = clientsOfUpdate(ana.emitted[0]);
    expect(clients).toHaveLength(1);
    expect(clients).not.toContain(win.doc.clientID);
    expect(resolveClients(ana.doc, clients)).toEqual({ members: ['ana'], unknown: [] });
    expect(echo).not.toBeNull();
    // Deleting again writes the same entry again: the map does not grow.
    const size = pageAuthors(ana.doc).size;
    firstText(win.doc).delete(0, 1);
    applyMemberUpdate(ana.doc, win.take()[0], 'ana', WINDOW);
    expect(pageAuthors(ana.doc).size).toBe(size);
  });

  it('recordAuthors names the Core’s own edits, and its deletions', () => {
    const ana = core();
    ana.doc.transact((tr) => {
      appendParagraph(ana.doc, 'Restored');
      expect(recordAuthors(tr, 'ana')).toBe(true);
    });
    expect(authorOfClient(ana.doc, ana.doc.clientID)).toBe('ana');
    ana.doc.transact((tr) => {
      firstText(ana.doc).insert(0, 'Re-');
      expect(recordAuthors(tr, 'ana')).toBe(false);
    });
    ana.emitted.length = 0;
    ana.doc.transact((tr) => {
      firstText(ana.doc).delete(0, 3);
      expect(recordAuthors(tr, 'ana')).toBe(true);
    });
    expect(clientsOfUpdate(ana.emitted[0])).toEqual([ana.doc.clientID]);
  });

  it('leaves clients nobody named unknown', () => {
    const doc = new Y.Doc();
    nameClient(doc, 7, 'ana');
    nameClient(doc, 9, 'bea');
    expect(resolveClients(doc, [9, 7, 8, 7])).toEqual({ members: ['ana', 'bea'], unknown: [8] });
  });
});
