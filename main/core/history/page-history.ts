/**
 * Page history: versions of each page captured on this device while it changes.
 *
 * When: a page with changes since its last version gets a new one after a pause in editing
 * (`pauseMs`, 60 s without updates), at least every `maxIntervalMs` (10 min) while edits keep
 * coming, when a window closes the page, and when the Core stops. Decisions use the injected
 * clock only; a coarse timer calls `tick()` (tests call it themselves). A capture whose content
 * equals the previous version's (e.g. only comments changed) is skipped.
 *
 * What: `Y.encodeStateAsUpdate(doc)` of the page doc at that moment. Page docs run with gc on
 * (deleted content is dropped), so a `Y.snapshot` could not be read back later; a full state per
 * version is self-contained, survives compaction of `doc_updates`, and decodes into a scratch doc
 * to read text, content JSON or restore. The cost is space (one page copy per version).
 *
 * Who: the members whose edits reached the page since the previous version. Local edits (from a
 * window, or the Core's own commands) are this device's member. Edits arriving from the relay name
 * Yjs client ids only: the version records the client ids that added structs, and names their
 * members through the page doc's `authors` map (shared/model/authors.ts), which the editing Core
 * wrote in the same transaction as the edit, so it is there whenever the edit is. `authors` holds
 * both. `remote` is set when some edit from the relay names no one: a client id the map does not
 * know (edits from before the map, or from older app versions), or an update with no struct at all
 * (deletions carry no client id; current Cores add a named struct to such edits, older ones do not).
 * The client ids stay stored (`remote_clients`) either way.
 *
 * Naming this device's edits for teammates is the other half, done here and in `docs.update`:
 * the Core's own local transactions on a page doc name the Core doc's client at their start (a
 * `beforeTransaction` hook on every page doc the DocStore loads), a restore names its deletions at
 * its end (`recordAuthors`), and `docs.update` applies a window's update with `applyMemberUpdate`.
 *
 * Restore never rewrites history: it writes the old content into the live doc as a new edit in
 * one transaction with the caller's (local) origin, diffed node by node (y-tiptap), so unchanged
 * paragraphs keep their identity (and comment anchors); it syncs like any edit and becomes a new
 * version with `restoredFrom`. `page_versions` is local to this device and not synced.
 *
 * Retention (`versionsToThin`): after each capture, that page's versions — only that page's, read
 * without their content, in the capture's transaction — are thinned by age (`now - at`, injected
 * clock): every version of the last 7 days is kept; from 7 to 90 days, only the latest of each
 * calendar day (UTC); beyond 90 days, only the latest of each week (Monday to Sunday, UTC). Buckets
 * are fixed in time, so a version kept for its day is the one kept for its week if it is that
 * week's latest, and (as long as the clock does not go back) a version once dropped would not
 * have been kept later either. Always kept: the
 * newest version (the next capture compares against it), a version a restore was made from, and
 * the version that restore produced (it records `restoredFrom`, which is what protects the
 * source). The authors, `remote` flag and remote client ids of a dropped version pass to the next
 * kept one, so a version still names everyone who edited since the previous (kept) version. The
 * pre-restore capture does not thin, so the version being restored cannot go before the restore
 * records it. Pages that are not captured again keep their versions as they are.
 */
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import type { HistoryVersion, HistoryVersionDetail } from '../../../shared/api/contract';
import { pageDocId, pageIdOfDoc } from '../../../shared/model/doc-ids';
import { clientsOfUpdate, nameClient, recordAuthors, resolveClients } from '../../../shared/model/authors';
import { pageContent, readPageText } from '../../../shared/model/page';
import { readPageContentJSON } from '../../../shared/model/templates';
import { pageSchema } from '../../../shared/model/templates-schema';
import type { Clock } from '../../../shared/time';
import { createLogger } from '../../../shared/log/logger';
import type { DocStore } from '../docs/doc-store';
import type { Disposable } from '../lifecycle';
import { diffText } from './text-diff';

const log = createLogger('history');

export interface PageHistoryOptions {
  db: BetterSqlite3.Database;
  docs: DocStore;
  clock: Clock;
  currentSpace(): string | null;
  /** The member this device acts for: the author of local edits. */
  currentMember(): string | null;
  pauseMs?: number;
  maxIntervalMs?: number;
  /** How often the timer checks for due captures (real time); 0 = no timer (tests tick). */
  tickMs?: number;
  onVersion?(spaceId: string, pageId: string, version: HistoryVersion): void;
}

interface Pending {
  spaceId: string;
  pageId: string;
  firstAt: number;
  lastAt: number;
  /** This device's member, for local edits. */
  authors: Set<string>;
  /** Clients that added structs in edits from the relay. */
  remoteClients: Set<number>;
  /** An edit from the relay added no struct (it only deleted): no client id names its author. */
  remoteUnnamed: boolean;
}

const DAY = 24 * 60 * 60_000;
/** Versions younger than this are all kept. */
export const KEEP_ALL_MS = 7 * DAY;
/** Versions younger than this (and older than KEEP_ALL_MS) are kept one per day, older ones one per week. */
export const KEEP_DAILY_MS = 90 * DAY;

/** What thinning needs of a version. */
export interface RetainedVersion {
  id: number;
  at: number;
  restoredFrom: number | null;
}

/** The UTC day of `at`, and its week (weeks start on Monday: 1970-01-01 was a Thursday). */
const dayOf = (at: number) => Math.floor(at / DAY);
const weekOf = (at: number) => Math.floor((dayOf(at) + 3) / 7);

/**
 * The ids of `versions` (one page's) that retention drops at `now` (see the header): the others
 * are those younger than 7 days, the latest of their UTC day up to 90 days, the latest of their
 * week beyond, the newest (highest id), restore sources and restore results. "Latest" is by
 * `at`, then id.
 */
export function versionsToThin(versions: readonly RetainedVersion[], now: number): number[] {
  if (versions.length === 0) return [];
  const later = (a: RetainedVersion, b: RetainedVersion) => a.at > b.at || (a.at === b.at && a.id > b.id);
  const latestOfDay = new Map<number, RetainedVersion>();
  const latestOfWeek = new Map<number, RetainedVersion>();
  let newest = versions[0];
  const restoreSources = new Set<number>();
  for (const version of versions) {
    const day = latestOfDay.get(dayOf(version.at));
    if (!day || later(version, day)) latestOfDay.set(dayOf(version.at), version);
    const week = latestOfWeek.get(weekOf(version.at));
    if (!week || later(version, week)) latestOfWeek.set(weekOf(version.at), version);
    if (version.id > newest.id) newest = version;
    if (version.restoredFrom !== null) restoreSources.add(version.restoredFrom);
  }
  const drop: number[] = [];
  for (const version of versions) {
    const age = now - version.at;
    const kept =
      age < KEEP_ALL_MS ||
      (age < KEEP_DAILY_MS ? latestOfDay.get(dayOf(version.at)) === version : latestOfWeek.get(weekOf(version.at)) === version) ||
      version === newest ||
      version.restoredFrom !== null ||
      restoreSources.has(version.id);
    if (!kept) drop.push(version.id);
  }
  return drop;
}

interface VersionRow {
  id: number;
  page_id: string;
  at: number;
  authors: string;
  remote: number;
  restored_from: number | null;
}

export class PageHistory implements Disposable {
  private readonly pending = new Map<string, Pending>();
  private readonly pauseMs: number;
  private readonly maxIntervalMs: number;
  private readonly listener: Disposable;
  private readonly loads: Disposable;
  private disposed = false;
  private readonly interval: ReturnType<typeof setInterval> | null;
  private readonly stmts;

  constructor(private readonly options: PageHistoryOptions) {
    this.pauseMs = options.pauseMs ?? 60_000;
    this.maxIntervalMs = options.maxIntervalMs ?? 10 * 60_000;
    const db = options.db;
    const columns = 'id, page_id, at, authors, remote, restored_from';
    this.stmts = {
      insert: db.prepare<[string, string, number, string, number, string, number | null, string, Uint8Array]>(
        `INSERT INTO page_versions (space_id, page_id, at, authors, remote, remote_clients, restored_from, content_key, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      lastKey: db.prepare<[string, string], { content_key: string }>(
        'SELECT content_key FROM page_versions WHERE space_id = ? AND page_id = ? ORDER BY id DESC LIMIT 1',
      ),
      list: db.prepare<[string, string], VersionRow>(
        `SELECT ${columns} FROM page_versions WHERE space_id = ? AND page_id = ? ORDER BY id DESC`,
      ),
      one: db.prepare<[string, string, number], VersionRow & { state: Buffer }>(
        `SELECT ${columns}, state FROM page_versions WHERE space_id = ? AND page_id = ? AND id = ?`,
      ),
      previous: db.prepare<[string, string, number], { state: Buffer }>(
        'SELECT state FROM page_versions WHERE space_id = ? AND page_id = ? AND id < ? ORDER BY id DESC LIMIT 1',
      ),
      retained: db.prepare<[string, string], { id: number; at: number; restored_from: number | null; authors: string; remote: number; remote_clients: string }>(
        'SELECT id, at, restored_from, authors, remote, remote_clients FROM page_versions WHERE space_id = ? AND page_id = ? ORDER BY id',
      ),
      drop: db.prepare<[number]>('DELETE FROM page_versions WHERE id = ?'),
      setWho: db.prepare<[string, number, string, number]>('UPDATE page_versions SET authors = ?, remote = ?, remote_clients = ? WHERE id = ?'),
    };
    this.listener = options.docs.onUpdate((id, update, origin) => this.onUpdate(id, update, origin));
    this.loads = options.docs.onLoad((id, doc) => this.nameLocalEdits(id, doc));
    const tickMs = options.tickMs ?? 5_000;
    this.interval = tickMs > 0 ? setInterval(() => this.tickSafely(), tickMs) : null;
    this.interval?.unref?.();
  }

  /**
   * Names this device's member as the author of the Core doc's own client in the first local
   * transaction on a page doc, inside that transaction (so the entry syncs with the edit).
   * Windows' updates are named by `docs.update` (applyMemberUpdate).
   */
  private nameLocalEdits(storageId: string, doc: Y.Doc): void {
    if (!pageIdOfDoc(storageId.slice(storageId.indexOf('/') + 1))) return;
    doc.on('beforeTransaction', (tr: Y.Transaction) => {
      if (this.disposed || (tr.origin as { kind?: unknown } | null)?.kind !== 'local') return;
      const spaceId = this.options.currentSpace();
      const member = this.options.currentMember();
      if (!spaceId || !member || !storageId.startsWith(spaceId + '/')) return;
      try {
        nameClient(doc, doc.clientID, member);
      } catch (error) {
        // A throw here would leave the transaction open; the edit must go on unnamed instead.
        log.error('naming the author failed', { docId: storageId, error: String(error) });
      }
    });
  }

  private onUpdate(storageId: string, update: Uint8Array, origin: unknown): void {
    const spaceId = this.options.currentSpace();
    if (!spaceId || !storageId.startsWith(spaceId + '/')) return;
    const pageId = pageIdOfDoc(storageId.slice(spaceId.length + 1));
    if (!pageId) return;
    const now = this.options.clock.now();
    const key = `${spaceId}/${pageId}`;
    let entry = this.pending.get(key);
    if (!entry) {
      entry = { spaceId, pageId, firstAt: now, lastAt: now, authors: new Set(), remoteClients: new Set(), remoteUnnamed: false };
      this.pending.set(key, entry);
    }
    entry.lastAt = now;
    if ((origin as { kind?: unknown } | null)?.kind === 'remote') {
      try {
        const clients = clientsOfUpdate(update);
        if (clients.length === 0) entry.remoteUnnamed = true;
        for (const client of clients) entry.remoteClients.add(client);
      } catch {
        // A malformed update would not have been applied; nothing to record.
      }
    } else {
      const member = this.options.currentMember();
      if (member) entry.authors.add(member);
    }
  }

  /** Captures every page whose pause or maximum interval has passed. */
  tick(): void {
    const now = this.options.clock.now();
    for (const entry of [...this.pending.values()]) {
      if (now - entry.lastAt >= this.pauseMs || now - entry.firstAt >= this.maxIntervalMs) this.capture(entry.spaceId, entry.pageId);
    }
  }

  private tickSafely(): void {
    try {
      this.tick();
    } catch (error) {
      log.error('history capture failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }

  /** Captures the page now if it changed since its last version (a window closed it, say). */
  flushPage(spaceId: string, pageId: string): HistoryVersion | null {
    return this.pending.has(`${spaceId}/${pageId}`) ? this.capture(spaceId, pageId) : null;
  }

  /**
   * Stores a version of the page as it is now, unless its content equals the last version's.
   * Clears what was pending for the page either way.
   */
  capture(spaceId: string, pageId: string, restoredFrom: number | null = null): HistoryVersion | null {
    return this.captureVersion(spaceId, pageId, restoredFrom, true);
  }

  private captureVersion(spaceId: string, pageId: string, restoredFrom: number | null, thin: boolean): HistoryVersion | null {
    const key = `${spaceId}/${pageId}`;
    const entry = this.pending.get(key);
    this.pending.delete(key);
    const doc = this.options.docs.get(`${spaceId}/${pageDocId(pageId)}`);
    const contentKey = createHash('sha256').update(JSON.stringify(readPageContentJSON(doc))).digest('base64');
    if (this.stmts.lastKey.get(spaceId, pageId)?.content_key === contentKey) return null;
    const at = this.options.clock.now();
    // Remote clients are named now, from the doc as it is (the map came with their edits).
    const remoteClients = [...(entry?.remoteClients ?? [])].sort((a, b) => a - b);
    const named = resolveClients(doc, remoteClients);
    const authors = [...new Set([...(entry?.authors ?? []), ...named.members])].sort();
    const remote = (entry?.remoteUnnamed ?? false) || named.unknown.length > 0;
    const state = Y.encodeStateAsUpdate(doc);
    const id = this.options.db.transaction(() => {
      const inserted = Number(
        this.stmts.insert.run(
          spaceId,
          pageId,
          at,
          JSON.stringify(authors),
          remote ? 1 : 0,
          JSON.stringify(remoteClients),
          restoredFrom,
          contentKey,
          state,
        ).lastInsertRowid,
      );
      if (thin) this.thin(spaceId, pageId, at);
      return inserted;
    })();
    const version: HistoryVersion = { id, pageId, at, authors, remote, restoredFrom };
    this.options.onVersion?.(spaceId, pageId, version);
    return version;
  }

  /**
   * Drops the page's versions that retention no longer keeps (`versionsToThin`), passing their
   * authors and remote edits on to the next kept version. Runs inside the capture's transaction.
   */
  private thin(spaceId: string, pageId: string, now: number): void {
    const rows = this.stmts.retained.all(spaceId, pageId);
    const drop = new Set(versionsToThin(rows.map((r) => ({ id: r.id, at: r.at, restoredFrom: r.restored_from })), now));
    if (drop.size === 0) return;
    // Rows are in id order and the newest is always kept: every dropped row has a kept one after it.
    let authors = new Set<string>();
    let remote = false;
    let clients = new Set<number>();
    for (const row of rows) {
      const rowAuthors = JSON.parse(row.authors) as string[];
      const rowClients = JSON.parse(row.remote_clients) as number[];
      if (drop.has(row.id)) {
        rowAuthors.forEach((a) => authors.add(a));
        rowClients.forEach((c) => clients.add(c));
        remote ||= row.remote === 1;
        this.stmts.drop.run(row.id);
        continue;
      }
      if (authors.size > 0 || remote || clients.size > 0) {
        rowAuthors.forEach((a) => authors.add(a));
        rowClients.forEach((c) => clients.add(c));
        this.stmts.setWho.run(JSON.stringify([...authors].sort()), remote || row.remote === 1 ? 1 : 0, JSON.stringify([...clients].sort((a, b) => a - b)), row.id);
      }
      authors = new Set();
      remote = false;
      clients = new Set();
    }
    log.debug('history thinned', { page: pageId, dropped: drop.size, kept: rows.length - drop.size });
  }

  list(spaceId: string, pageId: string): HistoryVersion[] {
    return this.stmts.list.all(spaceId, pageId).map(toVersion);
  }

  /** A version's text and content, with a word diff against the previous version or the page now. */
  get(spaceId: string, pageId: string, versionId: number, compareTo: 'previous' | 'current' = 'previous'): HistoryVersionDetail | null {
    const row = this.stmts.one.get(spaceId, pageId, versionId);
    if (!row) return null;
    const doc = decode(row.state);
    const text = readPageText(doc);
    let diff;
    if (compareTo === 'current') {
      diff = diffText(text, readPageText(this.options.docs.get(`${spaceId}/${pageDocId(pageId)}`)));
    } else {
      const previous = this.stmts.previous.get(spaceId, pageId, versionId);
      diff = diffText(previous ? readPageText(decode(previous.state)) : '', text);
    }
    return { version: toVersion(row), text, content: readPageContentJSON(doc), comparedTo: compareTo, diff };
  }

  /**
   * Makes the page's content that of `versionId` again, as a new edit with `origin`. The state
   * before is kept as a version first. Returns the new version, or null when nothing changed;
   * undefined when there is no such version.
   */
  restore(spaceId: string, pageId: string, versionId: number, origin: unknown): HistoryVersion | null | undefined {
    const row = this.stmts.one.get(spaceId, pageId, versionId);
    if (!row) return undefined;
    // Not thinned here: the version restored from could go before the restore records it.
    this.captureVersion(spaceId, pageId, null, false);
    const old = decode(row.state);
    const live = this.options.docs.get(`${spaceId}/${pageDocId(pageId)}`);
    live.transact((tr) => {
      replaceContent(live, old);
      // A restore that only deletes adds no struct: name it for teammates all the same.
      const member = this.options.currentMember();
      if (member) recordAuthors(tr, member);
    }, origin);
    return this.capture(spaceId, pageId, versionId);
  }

  /** Captures everything still pending (the Core is stopping). */
  captureAll(): void {
    for (const entry of [...this.pending.values()]) this.capture(entry.spaceId, entry.pageId);
  }

  dispose(): void {
    if (this.interval) clearInterval(this.interval);
    this.listener.dispose();
    this.loads.dispose();
    this.disposed = true;
    try {
      this.captureAll();
    } catch (error) {
      log.error('history capture on stop failed', { error: String(error) });
    }
  }
}

function toVersion(row: VersionRow): HistoryVersion {
  return {
    id: row.id,
    pageId: row.page_id,
    at: row.at,
    authors: JSON.parse(row.authors) as string[],
    remote: row.remote === 1,
    restoredFrom: row.restored_from,
  };
}

function decode(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

/**
 * Rewrites `live`'s content to equal `old`'s, inside the caller's transaction. y-tiptap diffs
 * the trees, so only what differs is deleted and inserted. Content the page schema does not know
 * (a node from a newer editor) cannot be diffed that way: then the content is replaced wholesale.
 */
function replaceContent(live: Y.Doc, old: Y.Doc): void {
  const fragment = pageContent(live);
  const json = readPageContentJSON(old);
  try {
    if (!json.content || json.content.length === 0) {
      fragment.delete(0, fragment.length);
      return;
    }
    prosemirrorJSONToYXmlFragment(pageSchema(), json, fragment);
  } catch (error) {
    log.warn('restoring by replacing the whole content', { error: String(error) });
    fragment.delete(0, fragment.length);
    fragment.insert(
      0,
      pageContent(old)
        .toArray()
        .map((node) => node.clone() as Y.XmlElement | Y.XmlText),
    );
  }
}
