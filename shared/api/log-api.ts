/**
 * The update log's part of the API contract (spread into `BatonApi`, `API_METHODS`,
 * `ApiEvents` and `API_EVENTS` by ./contract.ts; argument schemas in ./log-schemas.ts).
 *
 * Reads come from the Core's `entries` projection (SQLite, FTS5), so a feed page or a search
 * never loads the Yjs docs; writes are named commands of shared/model on the `log/<YYYY-MM>`
 * docs, done by the Core with the caller as author and the Core's clock as time. Everything
 * works offline: a post is committed locally and carried by sync later; `FeedEntry.pending`
 * says whether the relay has it yet.
 */
import type { Goal, GoalStatus } from '../model/goals';
import type { LogSettings } from '../model/log-settings';
import type { CheckInAnswer, DecisionStatus, HandoffSections, LogEntry, LogEntryKind } from '../model/log-types';
import type { UnreadSummary } from '../model/log-unread';
import type { PageMeta, UrgencyLevel } from '../model/types';
import type { WeeklySummary } from '../model/weekly-summary';

export type { LogSettings } from '../model/log-settings';

/** An entry as lists show it. */
export type FeedEntry = LogEntry & {
  /** Posted or changed here and not yet acknowledged by the relay ("waiting to sync"). */
  pending: boolean;
};

export interface LogFeedQuery {
  /** Any of these authors; empty = everyone. */
  authorIds?: string[];
  kinds?: LogEntryKind[];
  /** Entries with any of these tags (without "#"). */
  tags?: string[];
  /** createdAt >= fromMs. */
  fromMs?: number;
  /** createdAt < toMs. */
  toMs?: number;
  goalId?: string;
  /** Full-text search (FTS5, prefix match on every word, accents ignored). */
  text?: string;
  /** Default 50, at most 200. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
}

export interface LogFeedPage {
  /** Newest first. Deleted entries appear (as tombstones) only when they have replies. */
  entries: FeedEntry[];
  /** Pass as `cursor` for the next page; null at the end. */
  nextCursor: string | null;
  /** Open blockers, oldest first, pinned above the feed (first page only, unfiltered). */
  pinned: FeedEntry[];
}

/** Plain text; `hit` marks a matched word (same shape as the page search's `TextSegment`). */
export interface LogTextSegment {
  text: string;
  hit: boolean;
}

export interface LogSearchHit {
  entry: FeedEntry;
  /** A short excerpt around the first match ('…' where cut), never HTML. */
  snippet: LogTextSegment[];
}

export interface LogSearchResult {
  hits: LogSearchHit[];
  /** The words searched for (to highlight them). */
  terms: string[];
}

export interface PageChange {
  page: PageMeta;
  changedAt: number;
  changedBy: string;
}

export interface LogUnreadCount {
  /** entries + pages: the number on "Updates" in the sidebar. */
  total: number;
  entries: number;
  pages: number;
  mentions: number;
  forMe: number;
}

export interface LogCatchUp {
  /** Everything older than this counts as seen unless it changed since. */
  lastVisitAt: number;
  unread: UnreadSummary;
  /** The unread entries, in `unread.items` order (most recent activity first). */
  entries: FeedEntry[];
  /** Knowledge-base pages changed by others since I last looked, newest first. */
  pages: PageChange[];
  count: LogUnreadCount;
}

export interface GoalWithUpdates {
  goal: Goal;
  /** The latest entries linked to the goal (newest first, at most 3). */
  latest: FeedEntry[];
}

export interface LogToday {
  count: LogUnreadCount;
  /** Open blockers, oldest first. */
  openBlockers: FeedEntry[];
  /** Each teammate's latest entry (not mine), newest first. */
  teammates: FeedEntry[];
  goals: GoalWithUpdates[];
  teamZone: string;
}

export interface LogWeeklySummary {
  summary: WeeklySummary;
  /** `summaryToMarkdown`: what "Export" saves and "Post to the log" posts. */
  markdown: string;
  goals: GoalWithUpdates[];
  /** Summary entries already posted for this week. */
  posted: FeedEntry[];
}

export interface LogDraft {
  key: string;
  /** Opaque to the Core (the composer stores JSON). */
  body: string;
  updatedAt: number;
}

export interface LogPostInput {
  kind: Exclude<LogEntryKind, 'summary'>;
  /** Markdown; `@Name`, `#tag` and `[[Page title]]` in it are recognised. */
  body?: string;
  checkIn?: CheckInAnswer[];
  tags?: string[];
  goalId?: string | null;
  recipients?: string[];
  urgency?: string | null;
  deliverAt?: number | null;
  decision?: { title: string; why?: string; status?: DecisionStatus; recordPageId?: string | null };
  blocker?: { canUnblock?: string[] };
  handoff?: Partial<HandoffSections>;
  /** A draft to delete once the entry is committed. */
  draftKey?: string;
}

export interface LogEditInput {
  id: string;
  body?: string;
  checkIn?: CheckInAnswer[];
  tags?: string[];
  goalId?: string | null;
  recipients?: string[];
  urgency?: string | null;
  decision?: { title?: string; why?: string; recordPageId?: string | null };
  blocker?: { canUnblock?: string[] };
  handoff?: Partial<HandoffSections>;
}

export interface LogSettingsInput {
  checkInQuestions?: string[];
  urgencyLevels?: UrgencyLevel[];
  /** null: back to the default (the owner's zone). */
  teamZone?: string | null;
}

export interface GoalCreateInput {
  title: string;
  /** Defaults to the caller. */
  ownerId?: string;
  /** "YYYY-MM-DD" in the team zone. */
  deadline?: string | null;
  status?: GoalStatus;
  definitionOfDone?: string;
}

export interface GoalUpdateInput {
  id: string;
  title?: string;
  ownerId?: string;
  deadline?: string | null;
  definitionOfDone?: string;
}

export interface LogApi {
  'log.feed'(input: LogFeedQuery): Promise<LogFeedPage>;
  /** Full-text search over entries (bm25 order); the Ctrl+K palette merges it with page search. */
  'log.search'(input: { text: string; limit?: number }): Promise<LogSearchResult>;
  'log.entry'(input: { id: string }): Promise<FeedEntry | null>;
  'log.tags'(): Promise<{ tag: string; count: number }[]>;
  'log.post'(input: LogPostInput): Promise<FeedEntry>;
  /** Author only; sets the "edited" marker. */
  'log.edit'(input: LogEditInput): Promise<FeedEntry>;
  /** Author only; leaves a tombstone (acks and replies stay). */
  'log.delete'(input: { id: string }): Promise<FeedEntry>;
  /** "Seen" (optionally with a one-line answer); also marks the entry read. */
  'log.ack'(input: { entryId: string; reply?: string }): Promise<FeedEntry>;
  'log.unack'(input: { entryId: string }): Promise<FeedEntry>;
  'log.react'(input: { entryId: string; emoji: string }): Promise<FeedEntry>;
  'log.unreact'(input: { entryId: string; emoji: string }): Promise<FeedEntry>;
  'log.reply'(input: { entryId: string; body: string }): Promise<FeedEntry>;
  'log.editReply'(input: { entryId: string; replyId: string; body: string }): Promise<FeedEntry>;
  'log.deleteReply'(input: { entryId: string; replyId: string }): Promise<FeedEntry>;
  'log.resolveBlocker'(input: { entryId: string }): Promise<FeedEntry>;
  'log.reopenBlocker'(input: { entryId: string }): Promise<FeedEntry>;
  'log.setDecisionStatus'(input: { entryId: string; status: DecisionStatus }): Promise<FeedEntry>;
  /** Drafts live in local SQLite only (never synced) and survive quits and crashes. */
  'log.draft.get'(input: { key: string }): Promise<LogDraft | null>;
  /** An empty body deletes the draft. */
  'log.draft.save'(input: { key: string; body: string }): Promise<LogDraft | null>;
  'log.draft.delete'(input: { key: string }): Promise<void>;
  'log.catchUp'(): Promise<LogCatchUp>;
  'log.unreadCount'(): Promise<LogUnreadCount>;
  /** Marks entries (ids) and knowledge-base pages (pageIds) as seen now. */
  'log.markSeen'(input: { ids?: string[]; pageIds?: string[] }): Promise<LogUnreadCount>;
  'log.markAllRead'(): Promise<LogUnreadCount>;
  'log.today'(): Promise<LogToday>;
  /** The ISO week (team zone) containing `weekOf` (default: now). */
  'log.weeklySummary'(input: { weekOf?: number }): Promise<LogWeeklySummary>;
  /** Posts the week's summary as a `summary` entry. */
  'log.postSummary'(input: { weekOf: number }): Promise<FeedEntry>;
  'log.settings'(): Promise<LogSettings>;
  'log.updateSettings'(input: LogSettingsInput): Promise<LogSettings>;
  'goals.list'(): Promise<GoalWithUpdates[]>;
  'goals.create'(input: GoalCreateInput): Promise<Goal>;
  'goals.update'(input: GoalUpdateInput): Promise<Goal>;
  'goals.setStatus'(input: { id: string; status: GoalStatus }): Promise<Goal>;
}

export const LOG_API_METHODS = [
  'log.feed',
  'log.search',
  'log.entry',
  'log.tags',
  'log.post',
  'log.edit',
  'log.delete',
  'log.ack',
  'log.unack',
  'log.react',
  'log.unreact',
  'log.reply',
  'log.editReply',
  'log.deleteReply',
  'log.resolveBlocker',
  'log.reopenBlocker',
  'log.setDecisionStatus',
  'log.draft.get',
  'log.draft.save',
  'log.draft.delete',
  'log.catchUp',
  'log.unreadCount',
  'log.markSeen',
  'log.markAllRead',
  'log.today',
  'log.weeklySummary',
  'log.postSummary',
  'log.settings',
  'log.updateSettings',
  'goals.list',
  'goals.create',
  'goals.update',
  'goals.setStatus',
] as const;

export type LogApiMethod = keyof LogApi;
type Missing = Exclude<LogApiMethod, (typeof LOG_API_METHODS)[number]>;
type Extra = Exclude<(typeof LOG_API_METHODS)[number], LogApiMethod>;
const _logMethodsMatch: [Missing, Extra] extends [never, never] ? true : never = true;
void _logMethodsMatch;

export type LogChangeReason = 'local' | 'remote' | 'sync' | 'seen';
export type LogChangeTopic = 'entries' | 'goals' | 'settings' | 'pending' | 'seen';

export interface LogApiEvents {
  /**
   * The log changed: entries (posted, edited, acked… here or by a teammate through sync), goals,
   * team settings, "waiting to sync" states (`sync`: the relay acknowledged), or what I have seen.
   * Coalesced: one event per burst.
   */
  'log.changed': { reason: LogChangeReason; topics: LogChangeTopic[] };
}

export const LOG_API_EVENTS = ['log.changed'] as const satisfies readonly (keyof LogApiEvents)[];
