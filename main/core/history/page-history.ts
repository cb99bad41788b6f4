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
 * Who: the members who edited on this device since the previous version. Local edits (from a
 * window, or the Core's own commands) are known to be this device's member. Edits arriving from
 * the relay carry no member — the relay's updates name Yjs client ids only, and mapping those to
 * members via awareness is unreliable — so a version records `remote: true` and the client ids
 * seen, which a later client-id → member registry could resolve.
 *
 * Restore never rewrites history: it writes the old content into the live doc as a new edit in
 * one transaction with the caller's (local) origin, diffed node by node (y-tiptap), so unchanged
 * paragraphs keep their identity (and comment anchors); it syncs like any edit and becomes a new
 * version with `restoredFrom`. `page_versions` is local to this device and not synced.
 */
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import type { HistoryVersion, HistoryVersionDetail } from '../../../shared/api/contract';
import { pageDocId, pageIdOfDoc } from '../../../shared/model/doc-ids';
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
  authors: Set<string>;
  remote: boolean;
  remoteClients: Set<number>;
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
    };
    this.listener = options.docs.onUpdate((id, update, origin) => this.onUpdate(id, update, origin));
    const tickMs = options.tickMs ?? 5_000;
    this.interval = tickMs > 0 ? setInterval(() => this.tickSafely(), tickMs) : null;
    this.interval?.unref?.();
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
      entry = { spaceId, pageId, firstAt: now, lastAt: now, authors: new Set(), remote: false, remoteClients: new Set() };
      this.pending.set(key, entry);
    }
    entry.lastAt = now;
    if ((origin as { kind?: unknown } | null)?.kind === 'remote') {
      entry.remote = true;
      try {
        const meta = Y.parseUpdateMeta(update);
        for (const [client, clock] of meta.to) if (clock > (meta.from.get(client) ?? 0)) entry.remoteClients.add(client);
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
    const key = `${spaceId}/${pageId}`;
    const entry = this.pending.get(key);
    this.pending.delete(key);
    const doc = this.options.docs.get(`${spaceId}/${pageDocId(pageId)}`);
    const contentKey = createHash('sha256').update(JSON.stringify(readPageContentJSON(doc))).digest('base64');
    if (this.stmts.lastKey.get(spaceId, pageId)?.content_key === contentKey) return null;
    const at = this.options.clock.now();
    const authors = [...(entry?.authors ?? [])].sort();
    const remote = entry?.remote ?? false;
    const id = Number(
      this.stmts.insert.run(
        spaceId,
        pageId,
        at,
        JSON.stringify(authors),
        remote ? 1 : 0,
        JSON.stringify([...(entry?.remoteClients ?? [])].sort((a, b) => a - b)),
        restoredFrom,
        contentKey,
        Y.encodeStateAsUpdate(doc),
      ).lastInsertRowid,
    );
    const version: HistoryVersion = { id, pageId, at, authors, remote, restoredFrom };
    this.options.onVersion?.(spaceId, pageId, version);
    return version;
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
    this.capture(spaceId, pageId);
    const old = decode(row.state);
    const live = this.options.docs.get(`${spaceId}/${pageDocId(pageId)}`);
    live.transact(() => replaceContent(live, old), origin);
    return this.capture(spaceId, pageId, versionId);
  }

  /** Captures everything still pending (the Core is stopping). */
  captureAll(): void {
    for (const entry of [...this.pending.values()]) this.capture(entry.spaceId, entry.pageId);
  }

  dispose(): void {
    if (this.interval) clearInterval(this.interval);
    this.listener.dispose();
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
