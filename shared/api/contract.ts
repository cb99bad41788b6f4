/**
 * The API between the renderer and the Core — the single source of truth for IPC.
 *
 * - `BatonApi` declares every method. Each takes at most one argument (an object) and
 *   returns a promise of plain data; Yjs updates travel as Uint8Array.
 * - `API_METHODS` is the runtime list of names, checked against `BatonApi` at compile time.
 * - `apiInputSchemas` (./schemas.ts, kept apart so the preload and renderer bundles do not carry
 *   zod) validates every argument at the boundary; the dispatcher refuses anything else with an
 *   `invalid_argument` error value, before any code runs.
 * - `ApiEvents` are pushed from the Core to the renderer.
 * Both transports (Electron IPC, web shell websocket) carry exactly this contract.
 */
import type { Member, PageMeta, SpaceSettings, Weekday } from '../model/types';
import type { ContentNode, Template } from '../model/templates';
import type { CommentThread } from '../model/comments';
import type { LogApi, LogApiEvents } from './log-api';
import { LOG_API_EVENTS, LOG_API_METHODS } from './log-api';
import type { HandoffApi, HandoffApiEvents } from './handoff-api';
import { HANDOFF_API_EVENTS, HANDOFF_API_METHODS } from './handoff-api';

export type Shell = 'electron' | 'web';

export interface AppInfo {
  version: string;
  shell: Shell;
  dataDir: string;
  platform: string;
}

export interface Profile {
  memberId: string;
  spaceId: string;
  member: Member;
  settings: SpaceSettings;
}

export interface SetupInput {
  name: string;
  timeZone: string;
  workdays: Weekday[];
  workStart: string;
  workEnd: string;
  spaceName?: string;
}

export type ProfileUpdate = Partial<Omit<SetupInput, 'spaceName'>>;

/** A page as lists show it: its metadata (with the effective parent, see shared/model/tree.ts). */
export interface PageSummary extends PageMeta {
  /** Unresolved comment threads on the page. */
  openThreads: number;
}

/** Where `pages.move` puts the page among its new siblings: give at most one; default = last. */
export interface MoveInput {
  id: string;
  /** The new parent; null = top level. */
  parentId: string | null;
  beforeId?: string;
  afterId?: string;
  /** Position among the new parent's (other) children, 0 = first. */
  index?: number;
}

/** A piece of highlighted text: `hit` marks the matched terms. Plain text, never HTML. */
export interface TextSegment {
  text: string;
  hit: boolean;
}

export interface SearchResult {
  /** 'page' now; update-log entries share the index later. */
  kind: 'page';
  /** The page id. */
  id: string;
  title: string;
  titleSegments: TextSegment[];
  /** A short excerpt of the body around the matches ('…' where cut). */
  snippet: TextSegment[];
}

export interface HistoryVersion {
  id: number;
  pageId: string;
  /** When the version was captured (UTC ms). */
  at: number;
  /**
   * Members whose edits reached the page since the previous version: this device's member for
   * local edits, teammates for edits from the relay that the page's authors map names
   * (shared/model/authors.ts).
   */
  authors: string[];
  /**
   * Some edits since the previous version came through the relay from someone not known here
   * (made before authors were recorded, or by an older app; see main/core/history/page-history.ts).
   */
  remote: boolean;
  /** Set when this version was made by restoring that version. */
  restoredFrom: number | null;
}

export type DiffKind = 'same' | 'added' | 'removed';

export interface HistoryVersionDetail {
  version: HistoryVersion;
  text: string;
  content: ContentNode;
  /** What the diff compares: `previous` → from the previous version to this one; `current` → from this version to the page now. */
  comparedTo: 'previous' | 'current';
  diff: { text: string; kind: DiffKind }[];
}

export type { CommentThread, CommentReply } from '../model/comments';
export type { ContentNode, Template } from '../model/templates';

/**
 * A range of the page's plain text (`readPageText`): textblocks joined by '\n', hard breaks
 * '\n', other inline atoms nothing. In the editor: `doc.textBetween(0, pos, '\n', leafText)`.
 */
export interface TextRange {
  from: number;
  to: number;
}

export interface DocState {
  docId: string;
  /** `Y.encodeStateAsUpdate` of the Core's copy. */
  state: Uint8Array;
}

// --- knowledge base as Markdown files (Core jobs; main/core/export/README.md) -----------------

/** What a finished `kb.export` job wrote. */
export interface KbExportSummary {
  kind: 'kb.export';
  targetDir: string;
  pages: number;
  files: number;
  folders: number;
  /** Page links written as relative paths to the exported files. */
  linksRewritten: number;
}

/** What a finished `kb.import` job created and what it left out. */
export interface KbImportSummary {
  kind: 'kb.import';
  pages: number;
  /** The imported pages at the top (under `parentId`, or the top level). */
  rootPageIds: string[];
  /** Markdown files over 5 MB, not imported. */
  skippedTooLarge: number;
  /** Files that are not `.md` (and symbolic links), not imported. */
  skippedNotMarkdown: number;
  /** Hidden entries (`.git`, `.obsidian` …), not looked into. */
  skippedHidden: number;
  /** Links to imported files (or exported page ids) turned into links to the new pages. */
  linksRewritten: number;
  /** What did not fit (at most 20 lines), e.g. content that had to become plain text. */
  warnings: string[];
}

export type JobSummary = KbExportSummary | KbImportSummary;
export type JobPhase = 'preparing' | 'scanning' | 'reading' | 'writing';

export interface JobProgress {
  jobId: string;
  /** 0 ≤ done ≤ total, within `phase`. */
  done: number;
  total: number;
  phase: JobPhase;
  message?: string;
}

export type JobFinished =
  | { jobId: string; ok: true; summary: JobSummary }
  | { jobId: string; ok: false; error: { code: ApiErrorCode | 'cancelled'; message: string } };

export type SyncState = 'disabled' | 'offline' | 'connecting' | 'syncing' | 'synced' | 'error';

/** What the sidebar shows about sync. */
export interface SyncStatus {
  /** disabled: no relay configured; offline: switched off by the user or waiting to retry. */
  state: SyncState;
  /** The user's "work offline" switch. */
  online: boolean;
  relayUrl: string | null;
  role: 'writer' | 'reader' | null;
  /** Docs whose initial sync finished, of how many, during `syncing`. */
  docsDone: number;
  docsTotal: number;
  /** Last time every doc was in sync with the relay (UTC ms). */
  syncedAt: number | null;
  /** Local changes the relay has not acknowledged yet (kept in SQLite across restarts). */
  pending: number;
  /** Why the last connection failed, in words, e.g. "The relay rejected this device's token". */
  error: string | null;
  /** When the next reconnect attempt is due (UTC ms), while waiting. */
  retryAt: number | null;
}

/** The update log's methods live in ./log-api.ts (`LogApi`, `LOG_API_METHODS`). */
export interface BatonApi extends LogApi, HandoffApi {
  'app.info'(): Promise<AppInfo>;
  /** null until first-run onboarding has created the local profile and space. */
  'profile.get'(): Promise<Profile | null>;
  'profile.setup'(input: SetupInput): Promise<Profile>;
  'profile.update'(input: ProfileUpdate): Promise<Profile>;
  'team.members'(): Promise<Member[]>;
  'pages.list'(): Promise<PageSummary[]>;
  'pages.create'(input: { title: string; parentId?: string | null }): Promise<PageSummary>;
  'pages.rename'(input: { id: string; title: string }): Promise<PageSummary>;
  /** Loads a doc and subscribes the caller to its updates (`doc.update` events). */
  'docs.open'(input: { docId: string }): Promise<DocState>;
  /** Applies a local Yjs update; resolves once it is committed to disk. */
  'docs.update'(input: { docId: string; update: Uint8Array }): Promise<void>;
  'docs.close'(input: { docId: string }): Promise<void>;
  /** Relays this window's awareness (presence, caret) for an open doc to others. */
  'awareness.update'(input: { docId: string; update: Uint8Array }): Promise<void>;
  'sync.status'(): Promise<SyncStatus>;
  /** Joins the team of an invite code (relay URL + space + token) and starts syncing. */
  'sync.join'(input: { invite: string }): Promise<Profile>;
  /** Stops syncing with the team and returns to this device's own local space. Nothing is deleted. */
  'sync.leave'(): Promise<Profile | null>;
  /** The "work offline" switch. */
  'sync.setOnline'(input: { online: boolean }): Promise<SyncStatus>;

  // --- knowledge base: tree, reviews, links, templates, search, history, comments -------------
  /** Archived pages (the ones archived themselves; their subpages come back with them). */
  'pages.archived'(): Promise<PageSummary[]>;
  'pages.move'(input: MoveInput): Promise<PageSummary>;
  /** Archives the page; its subpages leave the tree with it. */
  'pages.archive'(input: { id: string }): Promise<PageSummary>;
  /** Restores an archived page and its subpages; to the top level if its old parent is archived. */
  'pages.restore'(input: { id: string }): Promise<PageSummary>;
  'pages.update'(input: { id: string; icon?: string; ownerId?: string; reviewEveryDays?: number | null }): Promise<PageSummary>;
  /** Records "still accurate" (verifiedAt/By) without editing. */
  'pages.markReviewed'(input: { id: string }): Promise<PageSummary>;
  /** Stale pages (see shared/model/staleness.ts), most overdue first; only `ownerId`'s when given. */
  'pages.dueForReview'(input: { ownerId?: string }): Promise<PageSummary[]>;
  /** The page's ancestors, root first, ending with the page itself. */
  'pages.breadcrumb'(input: { id: string }): Promise<PageSummary[]>;
  /** Pages that link to this one ("Linked from"). */
  'pages.backlinks'(input: { id: string }): Promise<PageSummary[]>;
  'pages.createFromTemplate'(input: { templateId: string; title: string; parentId?: string | null }): Promise<PageSummary>;
  /** Built-in templates first, then the team's own. */
  'templates.list'(): Promise<Template[]>;
  'templates.saveFromPage'(input: { pageId: string; name: string; description?: string }): Promise<Template>;
  'templates.delete'(input: { id: string }): Promise<void>;
  /** Ranked full-text search; the last word matches as a prefix (search while typing). */
  'search.query'(input: { q: string; limit?: number }): Promise<SearchResult[]>;
  /** Versions of a page, newest first. */
  'history.list'(input: { pageId: string }): Promise<HistoryVersion[]>;
  'history.get'(input: { pageId: string; versionId: number; compareTo?: 'previous' | 'current' }): Promise<HistoryVersionDetail>;
  /** Replaces the content with that version's as a new edit (it syncs; nobody's history is rewritten). */
  'history.restore'(input: { pageId: string; versionId: number }): Promise<HistoryVersion | null>;
  /** Threads oldest first, each anchor resolved to the current text (null if page-level or deleted). */
  'comments.list'(input: { pageId: string }): Promise<CommentThread[]>;
  'comments.add'(input: { pageId: string; body: string; mentions?: string[]; anchor?: TextRange }): Promise<CommentThread>;
  'comments.reply'(input: { pageId: string; threadId: string; body: string; mentions?: string[] }): Promise<CommentThread>;
  /** Edits one's own comment. */
  'comments.edit'(input: { pageId: string; threadId: string; replyId: string; body: string; mentions?: string[] }): Promise<CommentThread>;
  'comments.resolve'(input: { pageId: string; threadId: string; resolved: boolean }): Promise<CommentThread>;
  /**
   * Exports the knowledge base (or `pageId` with its subpages) as Markdown files into
   * `targetDir` (absolute; must be empty or not exist yet, else `conflict`). A job: see `job.*`.
   */
  'kb.export'(input: { pageId?: string; targetDir: string }): Promise<{ jobId: string }>;
  /** Imports a folder of Markdown files as pages (under `parentId`, or at the top level). A job. */
  'kb.import'(input: { sourceDir: string; parentId?: string }): Promise<{ jobId: string }>;
  /** One page as a Markdown file's name and text (for a download where there is no folder picker). */
  'kb.exportMarkdown'(input: { pageId: string }): Promise<{ fileName: string; markdown: string }>;
  /** Stops a running job (it ends with `job.finished` { ok: false, code 'cancelled' }). */
  'jobs.cancel'(input: { jobId: string }): Promise<{ cancelled: boolean }>;
}

export const API_METHODS = [
  'app.info',
  'profile.get',
  'profile.setup',
  'profile.update',
  'team.members',
  'pages.list',
  'pages.create',
  'pages.rename',
  'docs.open',
  'docs.update',
  'docs.close',
  'awareness.update',
  'sync.status',
  'sync.join',
  'sync.leave',
  'sync.setOnline',
  'pages.archived',
  'pages.move',
  'pages.archive',
  'pages.restore',
  'pages.update',
  'pages.markReviewed',
  'pages.dueForReview',
  'pages.breadcrumb',
  'pages.backlinks',
  'pages.createFromTemplate',
  'templates.list',
  'templates.saveFromPage',
  'templates.delete',
  'search.query',
  'history.list',
  'history.get',
  'history.restore',
  'comments.list',
  'comments.add',
  'comments.reply',
  'comments.edit',
  'comments.resolve',
  'kb.export',
  'kb.import',
  'kb.exportMarkdown',
  'jobs.cancel',
  ...LOG_API_METHODS,
  ...HANDOFF_API_METHODS,
] as const;

export type ApiMethod = keyof BatonApi;
// Compile-time proof that the runtime list and the interface name the same methods.
type Missing = Exclude<ApiMethod, (typeof API_METHODS)[number]>;
type Extra = Exclude<(typeof API_METHODS)[number], ApiMethod>;
const _methodsMatch: [Missing, Extra] extends [never, never] ? true : never = true;
void _methodsMatch;

export type ApiInput<M extends ApiMethod> = Parameters<BatonApi[M]> extends [infer A] ? A : undefined;
export type ApiOutput<M extends ApiMethod> = Awaited<ReturnType<BatonApi[M]>>;

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && (API_METHODS as readonly string[]).includes(name);
}

export interface ApiEvents extends LogApiEvents, HandoffApiEvents {
  /** A Yjs update for a doc the receiver has open (remote edits, another window's typing). */
  'doc.update': { docId: string; update: Uint8Array };
  'pages.changed': { reason: 'local' | 'remote' };
  'profile.changed': Profile;
  'team.changed': { reason: 'local' | 'remote' };
  'sync.status': SyncStatus;
  /** Awareness (presence, carets) of other people or windows on an open doc. */
  'awareness.update': { docId: string; update: Uint8Array };
  /** A page's comment threads changed (here or from the relay). */
  'comments.changed': { pageId: string };
  /** A page got a new history version. */
  'history.changed': { pageId: string };
  /** A running job's progress (see `kb.export`, `kb.import`). */
  'job.progress': JobProgress;
  /** A job ended; sent once, after its last progress. */
  'job.finished': JobFinished;
}

export type ApiEvent = keyof ApiEvents;
export const API_EVENTS = [
  'doc.update',
  'pages.changed',
  'profile.changed',
  'team.changed',
  'sync.status',
  'awareness.update',
  'comments.changed',
  'history.changed',
  'job.progress',
  'job.finished',
  ...LOG_API_EVENTS,
  ...HANDOFF_API_EVENTS,
] as const satisfies readonly ApiEvent[];

export function isApiEvent(name: unknown): name is ApiEvent {
  return typeof name === 'string' && (API_EVENTS as readonly string[]).includes(name);
}

// ---------------------------------------------------------------------------------------------
// Errors cross the boundary as values.

export type ApiErrorCode =
  | 'invalid_argument'
  | 'unknown_method'
  | 'not_found'
  | 'not_ready'
  | 'conflict'
  | 'unauthorized'
  | 'storage'
  | 'internal';

export interface ApiErrorValue {
  code: ApiErrorCode;
  message: string;
  /** Which fields were wrong, for `invalid_argument`. */
  issues?: { path: string; message: string }[];
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorValue };

/** Thrown inside the Core to return a specific code; anything else becomes `internal`. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What a transport exposes to the renderer: untyped at the wire, typed by the platform module. */
export interface BatonBridge {
  invoke(method: string, input?: unknown): Promise<ApiResult<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
