/**
 * LogService: the update log in the Core (flow in ./README.md).
 *
 * - Keeps the `entries` projection in step with every `log/<YYYY-MM>` doc of the current space,
 *   whoever changed it (an API call, a window's mirror doc, the relay): a DocStore listener
 *   re-reads just the entries a transaction touched (found by a deep observer on the doc's
 *   `entries` map, which Yjs calls before the doc's update event) in the same turn as the
 *   update's commit. A doc seen for the first time is diffed whole against its rows.
 * - Records, for local changes to my own entries, the doc_updates seq that carried them, so a
 *   post can say "waiting to sync" until the relay acknowledges it.
 * - Owns drafts, the "seen" state (per entry / page, plus my last "mark all read"), goals and
 *   the log settings of the space doc, and pushes `log.changed` (coalesced) to windows.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type * as Y from 'yjs';
import type {
  FeedEntry,
  GoalWithUpdates,
  LogCatchUp,
  LogChangeReason,
  LogChangeTopic,
  LogDraft,
  LogEditInput,
  LogFeedPage,
  LogFeedQuery,
  LogPostInput,
  LogSearchResult,
  LogToday,
  LogUnreadCount,
  LogWeeklySummary,
  PageChange,
} from '../../../shared/api/log-api';
import type { LogApiEvents } from '../../../shared/api/log-api';
import type { SyncStatus } from '../../../shared/api/contract';
import { SPACE_DOC_ID } from '../../../shared/model/doc-ids';
import type { Goal, GoalStatus } from '../../../shared/model/goals';
import { createGoal, goalsMap, readGoals, setGoalStatus, updateGoal } from '../../../shared/model/goals';
import type { LogSettings, LogSettingsUpdate } from '../../../shared/model/log-settings';
import { readLogSettings, updateLogSettings } from '../../../shared/model/log-settings';
import {
  MAX_BODY_LENGTH,
  ackEntry,
  addReply,
  deleteEntry,
  deleteReply,
  editEntry,
  editReply,
  logDocIdFor,
  logEntriesMap,
  postEntry,
  react,
  readEntries,
  readEntry,
  reopenBlocker,
  resolveBlocker,
  setDecisionStatus,
  unackEntry,
  unreact,
} from '../../../shared/model/log';
import type { DecisionStatus, LogEntry, ReferenceDirectory } from '../../../shared/model/log-types';
import { computeUnread } from '../../../shared/model/log-unread';
import { readMember, readMembers, readSettings } from '../../../shared/model/space';
import type { Member } from '../../../shared/model/types';
import { computeWeeklySummary, summaryToMarkdown } from '../../../shared/model/weekly-summary';
import { weekContaining } from '../../../shared/time/log-days';
import type { Clock } from '../../../shared/time';
import { createLogger } from '../../../shared/log/logger';
import type { DocStore } from '../docs/doc-store';
import type { Disposable } from '../lifecycle';
import type { PagesProjection } from '../projections/pages-projection';
import type { LocalSettings } from '../storage/local-settings';
import { Drafts } from './drafts';
import { matchQuery, searchTerms, snippet } from './fts';
import { LogProjection } from './log-projection';
import { entrySearchText } from '../../../shared/model/log-filters';

const log = createLogger('log');

/** Yjs origin of the Core's own commands (the DocStore counts it as a change to send). */
const LOCAL = { kind: 'local' } as const;
const LOG_PREFIX = 'log/';
const FEED_LIMIT = 50;
/** `log.changed` events are coalesced over this many ms (a sync burst is one event). */
const EMIT_DELAY_MS = 30;
const GOAL_UPDATES = 3;

export interface LogServiceOptions {
  db: BetterSqlite3.Database;
  docs: DocStore;
  pages: PagesProjection;
  settings: LocalSettings;
  clock: Clock;
  identity(): { spaceId: string; memberId: string } | null;
  /** Whether the space syncs with a relay ("waiting to sync" means nothing otherwise). */
  syncConfigured(spaceId: string): boolean;
  emit(payload: LogApiEvents['log.changed']): void;
  /** Team settings changed: the profile (which carries them) should be re-sent. */
  settingsChanged?(): void;
}

export class LogServiceError extends Error {
  constructor(
    readonly code: 'not_ready' | 'not_found',
    message: string,
  ) {
    super(message);
    this.name = 'LogServiceError';
  }
}

interface Watched {
  doc: Y.Doc;
  dirty: Set<string>;
  off(): void;
}

interface Ctx {
  spaceId: string;
  me: string;
  sync: boolean;
}

export class LogService implements Disposable {
  readonly projection: LogProjection;
  readonly drafts: Drafts;
  private readonly watched = new Map<string, Watched>();
  private readonly listener: Disposable;
  private reconciledSpace: string | null = null;
  private spaceWatch: { doc: Y.Doc; off(): void; goals: boolean; settings: boolean } | null = null;
  private emitTimer: ReturnType<typeof setTimeout> | null = null;
  private pendingEmit: { reason: LogChangeReason; topics: Set<LogChangeTopic> } | null = null;
  private lastSyncKey = '';
  private lastWaiting = '';
  private disposed = false;
  private readonly stmts;

  constructor(private readonly options: LogServiceOptions) {
    const { db } = options;
    this.projection = new LogProjection(db);
    this.drafts = new Drafts(db, options.clock);
    this.stmts = {
      seenGet: db.prepare<[string], { seen_at: number }>('SELECT seen_at FROM seen WHERE item_id = ?'),
      seenSet: db.prepare<[string, number]>(
        'INSERT INTO seen (item_id, seen_at) VALUES (?, ?) ON CONFLICT (item_id) DO UPDATE SET seen_at = max(seen_at, excluded.seen_at)',
      ),
      seenPrune: db.prepare<[number]>("DELETE FROM seen WHERE item_id LIKE 'log:%' AND seen_at <= ?"),
      activityOf: db.prepare<[string, string], { at: number }>('SELECT activity_at AS at FROM entries WHERE space_id = ? AND id = ?'),
      activeAfter: db.prepare<[string, number], { id: string; at: number }>('SELECT id, activity_at AS at FROM entries WHERE space_id = ? AND activity_at > ?'),
    };
    this.listener = options.docs.onUpdate((id, _update, origin) => this.onDocUpdate(id, origin));
    const identity = options.identity();
    if (identity) this.reconcile(identity.spaceId);
  }

  // --- projection upkeep ---------------------------------------------------------------------

  /** Re-reads every log doc of the space whose stored seq moved past its projected seq. */
  private reconcile(spaceId: string): void {
    this.reconciledSpace = spaceId;
    for (const watched of this.watched.values()) watched.off();
    this.watched.clear();
    this.spaceWatch?.off();
    this.spaceWatch = null;
    const started = performance.now();
    let rebuilt = 0;
    for (const storageId of this.options.docs.listDocIds(`${spaceId}/${LOG_PREFIX}`)) {
      const seq = this.projection.docSeq(storageId);
      if (this.projection.projectedSeq(storageId) === seq) continue;
      this.watch(storageId);
      this.projectWhole(spaceId, storageId, null);
      rebuilt++;
    }
    this.watchSpace(spaceId);
    if (rebuilt > 0) log.info('log projection rebuilt', { docs: rebuilt, ms: Math.round(performance.now() - started) });
  }

  private watch(storageId: string): { watched: Watched; fresh: boolean } {
    const doc = this.options.docs.get(storageId);
    const existing = this.watched.get(storageId);
    if (existing && existing.doc === doc) return { watched: existing, fresh: false };
    existing?.off();
    const map = logEntriesMap(doc);
    const dirty = new Set<string>();
    const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      for (const event of events) {
        if (event.target === map) for (const key of (event as Y.YMapEvent<unknown>).keysChanged) dirty.add(key);
        else if (typeof event.path[0] === 'string') dirty.add(event.path[0]);
      }
    };
    map.observeDeep(observer);
    const watched: Watched = { doc, dirty, off: () => map.unobserveDeep(observer) };
    this.watched.set(storageId, watched);
    return { watched, fresh: true };
  }

  /** The space doc's goals and settings: observed so their changes reach windows as `log.changed`. */
  private watchSpace(spaceId: string): void {
    const doc = this.options.docs.get(`${spaceId}/${SPACE_DOC_ID}`);
    if (this.spaceWatch?.doc === doc) return;
    this.spaceWatch?.off();
    const goals = goalsMap(doc);
    const settings = doc.getMap('settings');
    const state = { doc, goals: false, settings: false, off: () => {} };
    const onGoals = () => (state.goals = true);
    const onSettings = () => (state.settings = true);
    goals.observeDeep(onGoals);
    settings.observe(onSettings);
    state.off = () => {
      goals.unobserveDeep(onGoals);
      settings.unobserve(onSettings);
    };
    this.spaceWatch = state;
  }

  private onDocUpdate(storageId: string, origin: unknown): void {
    const identity = this.options.identity();
    if (!identity || this.disposed) return;
    const prefix = `${identity.spaceId}/`;
    if (!storageId.startsWith(prefix)) return;
    if (this.reconciledSpace !== identity.spaceId) this.reconcile(identity.spaceId);
    const docId = storageId.slice(prefix.length);
    const remote = (origin as { kind?: string } | undefined)?.kind === 'remote';
    const reason: LogChangeReason = remote ? 'remote' : 'local';
    if (docId === SPACE_DOC_ID) {
      this.watchSpace(identity.spaceId);
      const space = this.spaceWatch!;
      if (space.goals) this.schedule(reason, 'goals');
      if (space.settings) {
        this.schedule(reason, 'settings');
        this.options.settingsChanged?.();
      }
      space.goals = false;
      space.settings = false;
      return;
    }
    if (!docId.startsWith(LOG_PREFIX)) return;
    try {
      const { watched, fresh } = this.watch(storageId);
      const local = remote ? null : identity.memberId;
      if (fresh) {
        // First sight of this doc instance: what this update touched is found by diffing.
        watched.dirty.clear();
        this.projectWhole(identity.spaceId, storageId, local);
      } else {
        const ids = [...watched.dirty];
        watched.dirty.clear();
        this.projectEntries(identity.spaceId, storageId, watched.doc, ids, local);
      }
      this.schedule(reason, 'entries');
    } catch (error) {
      // The update is committed; the projection catches up on the next start (seq mismatch).
      log.error('could not project a log update', { docId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }

  private projectWhole(spaceId: string, storageId: string, localAuthor: string | null): void {
    const doc = this.options.docs.get(storageId);
    const docId = storageId.slice(spaceId.length + 1);
    const entries = readEntries(doc);
    this.options.db.transaction(() => {
      const changed = this.projection.replaceDoc(spaceId, docId, entries);
      const seq = this.projection.docSeq(storageId);
      if (localAuthor) {
        for (const entry of changed) if (entry.authorId === localAuthor) this.projection.recordLocalChange(spaceId, entry.id, storageId, seq);
      }
      this.projection.setProjectedSeq(storageId, seq);
    })();
  }

  private projectEntries(spaceId: string, storageId: string, doc: Y.Doc, ids: string[], localAuthor: string | null): void {
    const docId = storageId.slice(spaceId.length + 1);
    this.options.db.transaction(() => {
      const seq = this.projection.docSeq(storageId);
      for (const id of ids) {
        const entry = readEntry(doc, id);
        if (!entry) continue;
        this.projection.upsert(spaceId, docId, entry);
        if (localAuthor && entry.authorId === localAuthor) this.projection.recordLocalChange(spaceId, id, storageId, seq);
      }
      this.projection.setProjectedSeq(storageId, seq);
    })();
  }

  /** Called with every sync status: an acknowledgement may have ended some "waiting to sync". */
  syncStatusChanged(status: SyncStatus): void {
    const identity = this.options.identity();
    if (!identity || this.disposed) return;
    const key = `${identity.spaceId}|${status.state}|${status.pending}`;
    if (key === this.lastSyncKey) return;
    this.lastSyncKey = key;
    const configured = this.options.syncConfigured(identity.spaceId);
    const waiting = configured ? this.projection.waitingIds(identity.spaceId).join(',') : '';
    if (waiting !== this.lastWaiting) {
      this.lastWaiting = waiting;
      this.schedule('sync', 'pending');
    }
    if (configured) this.projection.pruneAcknowledged(identity.spaceId);
  }

  private schedule(reason: LogChangeReason, topic: LogChangeTopic): void {
    if (this.disposed) return;
    if (!this.pendingEmit) this.pendingEmit = { reason, topics: new Set() };
    // One event for a burst: a remote change wins the reason, then a local one.
    const rank: Record<LogChangeReason, number> = { remote: 3, local: 2, sync: 1, seen: 0 };
    if (rank[reason] > rank[this.pendingEmit.reason]) this.pendingEmit.reason = reason;
    this.pendingEmit.topics.add(topic);
    if (this.emitTimer) return;
    this.emitTimer = setTimeout(() => {
      this.emitTimer = null;
      const payload = this.pendingEmit;
      this.pendingEmit = null;
      if (payload && !this.disposed) this.options.emit({ reason: payload.reason, topics: [...payload.topics].sort() });
    }, EMIT_DELAY_MS);
  }

  // --- context -------------------------------------------------------------------------------

  private ctx(): Ctx {
    const identity = this.options.identity();
    if (!identity) throw new LogServiceError('not_ready', 'Set up your profile first');
    if (this.reconciledSpace !== identity.spaceId) this.reconcile(identity.spaceId);
    return { spaceId: identity.spaceId, me: identity.memberId, sync: this.options.syncConfigured(identity.spaceId) };
  }

  private spaceDoc(ctx: Ctx): Y.Doc {
    return this.options.docs.get(`${ctx.spaceId}/${SPACE_DOC_ID}`);
  }

  /** The log doc, watched before any command changes it (so the change is found incrementally). */
  private logDoc(ctx: Ctx, docId: string): Y.Doc {
    const storageId = `${ctx.spaceId}/${docId}`;
    const { watched, fresh } = this.watch(storageId);
    if (fresh && this.projection.projectedSeq(storageId) !== this.projection.docSeq(storageId)) this.projectWhole(ctx.spaceId, storageId, null);
    return watched.doc;
  }

  private me(ctx: Ctx): Member {
    const member = readMember(this.spaceDoc(ctx), ctx.me);
    if (!member) throw new LogServiceError('not_ready', 'Your member record is missing from the space');
    return member;
  }

  private directory(ctx: Ctx): ReferenceDirectory {
    return {
      members: readMembers(this.spaceDoc(ctx)).map((m) => ({ id: m.id, name: m.name })),
      pages: this.options.pages.list(ctx.spaceId).map((p) => ({ id: p.id, title: p.title, archived: p.archived })),
    };
  }

  private feedEntry(ctx: Ctx, id: string): FeedEntry {
    const found = this.projection.entry(ctx.spaceId, id, ctx.sync);
    if (!found) throw new LogServiceError('not_found', `No log entry ${id}`);
    return found.entry;
  }

  /** Runs a model command on the doc that holds entry `id` and returns the entry as the feed shows it. */
  private onEntry(id: string, command: (doc: Y.Doc, ctx: Ctx) => unknown): FeedEntry {
    const ctx = this.ctx();
    const found = this.projection.entry(ctx.spaceId, id, ctx.sync);
    if (!found) throw new LogServiceError('not_found', `No log entry ${id}`);
    command(this.logDoc(ctx, found.docId), ctx);
    return this.feedEntry(ctx, id);
  }

  // --- reads ---------------------------------------------------------------------------------

  feed(query: LogFeedQuery): LogFeedPage {
    const ctx = this.ctx();
    const limit = query.limit ?? FEED_LIMIT;
    const after = decodeCursor(query.cursor);
    const match = query.text ? matchQuery(query.text) : null;
    if (query.text && !match) return { entries: [], nextCursor: null, pinned: after ? [] : this.projection.openBlockers(ctx.spaceId, ctx.sync) };
    const { entries, more } = this.projection.feed(
      ctx.spaceId,
      {
        authorIds: query.authorIds,
        kinds: query.kinds,
        tags: query.tags?.map((t) => t.replace(/^#/, '').toLowerCase()),
        fromMs: query.fromMs,
        toMs: query.toMs,
        goalId: query.goalId,
        match,
        after,
        limit,
      },
      ctx.sync,
    );
    const last = entries[entries.length - 1];
    return {
      entries,
      nextCursor: more && last ? encodeCursor(last) : null,
      pinned: after ? [] : this.projection.openBlockers(ctx.spaceId, ctx.sync),
    };
  }

  search(text: string, limit = 20): LogSearchResult {
    const ctx = this.ctx();
    const match = matchQuery(text);
    const terms = searchTerms(text);
    if (!match) return { hits: [], terms };
    const entries = this.projection.search(ctx.spaceId, match, limit, ctx.sync);
    return { hits: entries.map((entry) => ({ entry, snippet: snippet(entrySearchText(entry), terms) })), terms };
  }

  entry(id: string): FeedEntry | null {
    const ctx = this.ctx();
    return this.projection.entry(ctx.spaceId, id, ctx.sync)?.entry ?? null;
  }

  tags(): { tag: string; count: number }[] {
    return this.projection.tags(this.ctx().spaceId);
  }

  // --- writes --------------------------------------------------------------------------------

  post(input: LogPostInput): FeedEntry {
    const ctx = this.ctx();
    const member = this.me(ctx);
    const now = this.options.clock.now();
    const doc = this.logDoc(ctx, logDocIdFor(now));
    const entry = postEntry(
      doc,
      {
        kind: input.kind,
        by: ctx.me,
        now,
        authorZone: member.timeZone,
        body: input.body ?? '',
        checkIn: input.checkIn ?? [],
        tags: input.tags ?? [],
        goalId: input.goalId ?? null,
        recipients: input.recipients ?? [],
        urgency: input.urgency ?? null,
        deliverAt: input.deliverAt ?? null,
        ...(input.decision ? { decision: input.decision } : {}),
        ...(input.blocker ? { blocker: input.blocker } : {}),
        ...(input.handoff ? { handoff: input.handoff } : {}),
        directory: this.directory(ctx),
      },
      LOCAL,
    );
    if (input.draftKey) this.drafts.delete(ctx.spaceId, input.draftKey);
    return this.feedEntry(ctx, entry.id);
  }

  edit(input: LogEditInput): FeedEntry {
    return this.onEntry(input.id, (doc, ctx) => {
      const { id, ...fields } = input;
      editEntry(doc, { id, by: ctx.me, now: this.options.clock.now(), ...definedOnly(fields), directory: this.directory(ctx) }, LOCAL);
    });
  }

  delete(id: string): FeedEntry {
    return this.onEntry(id, (doc, ctx) => deleteEntry(doc, { id, by: ctx.me, now: this.options.clock.now() }, LOCAL));
  }

  ack(entryId: string, reply?: string): FeedEntry {
    const result = this.onEntry(entryId, (doc, ctx) =>
      ackEntry(doc, { entryId, by: ctx.me, now: this.options.clock.now(), ...(reply ? { reply } : {}) }, LOCAL),
    );
    this.recordSeen([entryId], []);
    return result;
  }

  unack(entryId: string): FeedEntry {
    return this.onEntry(entryId, (doc, ctx) => unackEntry(doc, { entryId, by: ctx.me }, LOCAL));
  }

  react(entryId: string, emoji: string): FeedEntry {
    return this.onEntry(entryId, (doc, ctx) => react(doc, { entryId, by: ctx.me, now: this.options.clock.now(), emoji }, LOCAL));
  }

  unreact(entryId: string, emoji: string): FeedEntry {
    return this.onEntry(entryId, (doc, ctx) => unreact(doc, { entryId, by: ctx.me, emoji }, LOCAL));
  }

  reply(entryId: string, body: string): FeedEntry {
    const result = this.onEntry(entryId, (doc, ctx) =>
      addReply(doc, { entryId, by: ctx.me, now: this.options.clock.now(), body, directory: this.directory(ctx) }, LOCAL),
    );
    // Writing in a thread means having read it.
    this.recordSeen([entryId], []);
    return result;
  }

  editReply(entryId: string, replyId: string, body: string): FeedEntry {
    return this.onEntry(entryId, (doc, ctx) =>
      editReply(doc, { entryId, replyId, by: ctx.me, now: this.options.clock.now(), body, directory: this.directory(ctx) }, LOCAL),
    );
  }

  deleteReply(entryId: string, replyId: string): FeedEntry {
    return this.onEntry(entryId, (doc, ctx) => deleteReply(doc, { entryId, replyId, by: ctx.me, now: this.options.clock.now() }, LOCAL));
  }

  resolveBlocker(entryId: string): FeedEntry {
    return this.onEntry(entryId, (doc, ctx) => resolveBlocker(doc, { entryId, by: ctx.me, now: this.options.clock.now() }, LOCAL));
  }

  reopenBlocker(entryId: string): FeedEntry {
    return this.onEntry(entryId, (doc, ctx) => reopenBlocker(doc, { entryId, by: ctx.me, now: this.options.clock.now() }, LOCAL));
  }

  setDecisionStatus(entryId: string, status: DecisionStatus): FeedEntry {
    return this.onEntry(entryId, (doc, ctx) => setDecisionStatus(doc, { entryId, by: ctx.me, now: this.options.clock.now(), status }, LOCAL));
  }

  // --- drafts --------------------------------------------------------------------------------

  getDraft(key: string): LogDraft | null {
    return this.drafts.get(this.ctx().spaceId, key);
  }

  saveDraft(key: string, body: string): LogDraft | null {
    return this.drafts.save(this.ctx().spaceId, key, body);
  }

  deleteDraft(key: string): void {
    this.drafts.delete(this.ctx().spaceId, key);
  }

  // --- seen, unread, catch-up ----------------------------------------------------------------

  private lastVisitKey(ctx: Ctx): string {
    return `log.lastVisitAt:${ctx.spaceId}`;
  }

  /** My last "mark all read"; at first, when I joined the space (so history is not all unread). */
  private lastVisitAt(ctx: Ctx): number {
    const stored = Number(this.options.settings.get(this.lastVisitKey(ctx)) ?? NaN);
    if (Number.isFinite(stored)) return stored;
    const joined = readMember(this.spaceDoc(ctx), ctx.me)?.joinedAt;
    const initial = typeof joined === 'number' && joined > 0 ? Math.min(joined, this.options.clock.now()) : this.options.clock.now();
    this.options.settings.set(this.lastVisitKey(ctx), String(initial));
    return initial;
  }

  private seenAt(itemId: string): number | undefined {
    return this.stmts.seenGet.get(itemId)?.seen_at;
  }

  private computeCatchUp(ctx: Ctx): LogCatchUp {
    const lastVisitAt = this.lastVisitAt(ctx);
    const candidates = this.projection.activeSince(ctx.spaceId, lastVisitAt, ctx.sync);
    const seen = new Map<string, number>();
    for (const entry of candidates) {
      const at = this.seenAt(`log:${entry.id}`);
      if (at !== undefined && at > lastVisitAt) seen.set(entry.id, at);
    }
    const unread = computeUnread({ entries: candidates, seen, lastVisitAt, me: ctx.me, now: this.options.clock.now() });
    const byId = new Map(candidates.map((e) => [e.id, e]));
    const entries = unread.items.map((item) => byId.get(item.entryId)!).filter(Boolean);
    const pages: PageChange[] = [];
    for (const page of this.options.pages.list(ctx.spaceId)) {
      if (page.archived || !page.updatedBy || page.updatedBy === ctx.me || page.updatedAt <= lastVisitAt) continue;
      const seenPage = this.seenAt(`page:${page.id}`);
      if (seenPage !== undefined && seenPage >= page.updatedAt) continue;
      pages.push({ page, changedAt: page.updatedAt, changedBy: page.updatedBy });
    }
    pages.sort((a, b) => b.changedAt - a.changedAt || (a.page.id < b.page.id ? -1 : 1));
    const count: LogUnreadCount = {
      total: unread.total + pages.length,
      entries: unread.total,
      pages: pages.length,
      mentions: unread.mentions,
      forMe: unread.forMe,
    };
    return { lastVisitAt, unread, entries, pages, count };
  }

  catchUp(): LogCatchUp {
    return this.computeCatchUp(this.ctx());
  }

  unreadCount(): LogUnreadCount {
    return this.computeCatchUp(this.ctx()).count;
  }

  /**
   * "Seen" is my clock's now — or the latest activity on the item, if a teammate's clock runs
   * ahead of mine: what I have seen must not come back as unread when my clock catches up.
   */
  private recordSeen(ids: readonly string[], pageIds: readonly string[]): void {
    const ctx = this.ctx();
    const now = this.options.clock.now();
    this.options.db.transaction(() => {
      for (const id of ids) this.stmts.seenSet.run(`log:${id}`, Math.max(now, this.stmts.activityOf.get(ctx.spaceId, id)?.at ?? 0));
      for (const id of pageIds) this.stmts.seenSet.run(`page:${id}`, Math.max(now, this.options.pages.get(ctx.spaceId, id)?.updatedAt ?? 0));
    })();
    this.schedule('seen', 'seen');
  }

  markSeen(ids: readonly string[], pageIds: readonly string[]): LogUnreadCount {
    const ctx = this.ctx();
    this.recordSeen(ids, pageIds);
    return this.computeCatchUp(ctx).count;
  }

  markAllRead(): LogUnreadCount {
    const ctx = this.ctx();
    const now = this.options.clock.now();
    const lastVisit = Math.max(now, this.lastVisitAt(ctx));
    this.options.db.transaction(() => {
      this.options.settings.set(this.lastVisitKey(ctx), String(lastVisit));
      // Per-entry marks older than the new "last visit" can never matter again.
      this.stmts.seenPrune.run(lastVisit);
      // Activity stamped after my now (a teammate's clock runs ahead) is seen as of its stamp,
      // entry by entry: moving "last visit" itself into the future would hide later posts.
      for (const row of this.stmts.activeAfter.all(ctx.spaceId, lastVisit)) this.stmts.seenSet.run(`log:${row.id}`, row.at);
      for (const page of this.options.pages.list(ctx.spaceId)) {
        if (page.updatedAt > lastVisit) this.stmts.seenSet.run(`page:${page.id}`, page.updatedAt);
      }
    })();
    this.schedule('seen', 'seen');
    return this.computeCatchUp(ctx).count;
  }

  // --- dashboard, goals, summary -------------------------------------------------------------

  private goalsWithUpdates(ctx: Ctx, before = Number.MAX_SAFE_INTEGER): GoalWithUpdates[] {
    return readGoals(goalsMap(this.spaceDoc(ctx))).map((goal) => ({
      goal,
      latest: this.projection.goalLatest(ctx.spaceId, goal.id, before, GOAL_UPDATES, ctx.sync),
    }));
  }

  today(): LogToday {
    const ctx = this.ctx();
    const members = readMembers(this.spaceDoc(ctx));
    const teammates = members
      .filter((m) => m.id !== ctx.me)
      .map((m) => this.projection.latestBy(ctx.spaceId, m.id, ctx.sync))
      .filter((e): e is FeedEntry => e !== null)
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
    return {
      count: this.computeCatchUp(ctx).count,
      openBlockers: this.projection.openBlockers(ctx.spaceId, ctx.sync),
      teammates,
      goals: this.goalsWithUpdates(ctx),
      teamZone: readLogSettings(this.spaceDoc(ctx)).teamZone,
    };
  }

  goals(): GoalWithUpdates[] {
    return this.goalsWithUpdates(this.ctx());
  }

  createGoal(input: { title: string; ownerId?: string; deadline?: string | null; status?: GoalStatus; definitionOfDone?: string }): Goal {
    const ctx = this.ctx();
    return createGoal(
      goalsMap(this.spaceDoc(ctx)),
      { ...definedOnly(input), title: input.title, ownerId: input.ownerId ?? ctx.me, by: ctx.me, now: this.options.clock.now() },
      LOCAL,
    );
  }

  updateGoal(input: { id: string; title?: string; ownerId?: string; deadline?: string | null; definitionOfDone?: string }): Goal {
    const ctx = this.ctx();
    return updateGoal(goalsMap(this.spaceDoc(ctx)), { ...definedOnly(input), id: input.id, by: ctx.me, now: this.options.clock.now() }, LOCAL);
  }

  setGoalStatus(id: string, status: GoalStatus): Goal {
    const ctx = this.ctx();
    return setGoalStatus(goalsMap(this.spaceDoc(ctx)), { id, status, by: ctx.me, now: this.options.clock.now() }, LOCAL);
  }

  settingsRead(): LogSettings {
    return readLogSettings(this.spaceDoc(this.ctx()));
  }

  updateSettings(input: LogSettingsUpdate): LogSettings {
    return updateLogSettings(this.spaceDoc(this.ctx()), input, LOCAL);
  }

  weeklySummary(weekOf?: number): LogWeeklySummary {
    const ctx = this.ctx();
    const space = this.spaceDoc(ctx);
    const teamZone = readLogSettings(space).teamZone;
    const week = weekContaining(weekOf ?? this.options.clock.now(), teamZone);
    const members = readMembers(space);
    const summary = computeWeeklySummary({
      weekOf: week.startMs,
      teamZone,
      entries: this.projection.weekEntries(ctx.spaceId, week.startMs, week.endMs, ctx.sync),
      pages: this.options.pages.list(ctx.spaceId),
      members,
      goals: readGoals(goalsMap(space)),
    });
    const posted = this.projection
      .summaries(ctx.spaceId, week.startMs, week.endMs + 8 * 24 * 3_600_000, ctx.sync)
      .filter((e) => e.kind === 'summary' && e.summary.weekStart === week.weekStart);
    return { summary, markdown: summaryToMarkdown(summary, members), goals: this.goalsWithUpdates(ctx, week.endMs), posted };
  }

  postSummary(weekOf: number): FeedEntry {
    const ctx = this.ctx();
    const { summary, markdown } = this.weeklySummary(weekOf);
    const member = this.me(ctx);
    const now = this.options.clock.now();
    const doc = this.logDoc(ctx, logDocIdFor(now));
    const entry = postEntry(
      doc,
      {
        kind: 'summary',
        by: ctx.me,
        now,
        authorZone: member.timeZone,
        body: markdown.length > MAX_BODY_LENGTH ? `${markdown.slice(0, MAX_BODY_LENGTH - 1)}…` : markdown,
        tags: ['weekly-summary'],
        summary: { weekStart: summary.week.weekStart },
      },
      LOCAL,
    );
    return this.feedEntry(ctx, entry.id);
  }

  /** The profile as `profile.changed` carries it (team settings are part of it). */
  profile(): { memberId: string; spaceId: string; member: Member; settings: ReturnType<typeof readSettings> } | null {
    const identity = this.options.identity();
    if (!identity) return null;
    const space = this.options.docs.get(`${identity.spaceId}/${SPACE_DOC_ID}`);
    const member = readMember(space, identity.memberId);
    return member ? { memberId: identity.memberId, spaceId: identity.spaceId, member, settings: readSettings(space) } : null;
  }

  dispose(): void {
    this.disposed = true;
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.emitTimer = null;
    this.listener.dispose();
    for (const watched of this.watched.values()) watched.off();
    this.watched.clear();
    this.spaceWatch?.off();
    this.spaceWatch = null;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function encodeCursor(entry: Pick<LogEntry, 'createdAt' | 'id'>): string {
  return `${entry.createdAt}:${entry.id}`;
}

function decodeCursor(cursor: string | null | undefined): { createdAt: number; id: string } | null {
  if (!cursor) return null;
  const match = /^(\d+):([A-Za-z0-9_-]{1,64})$/.exec(cursor);
  return match ? { createdAt: Number(match[1]), id: match[2] } : null;
}
