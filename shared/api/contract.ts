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

export type PageSummary = PageMeta;

export interface DocState {
  docId: string;
  /** `Y.encodeStateAsUpdate` of the Core's copy. */
  state: Uint8Array;
}

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

export interface BatonApi {
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

export interface ApiEvents {
  /** A Yjs update for a doc the receiver has open (remote edits, another window's typing). */
  'doc.update': { docId: string; update: Uint8Array };
  'pages.changed': { reason: 'local' | 'remote' };
  'profile.changed': Profile;
  'team.changed': { reason: 'local' | 'remote' };
  'sync.status': SyncStatus;
  /** Awareness (presence, carets) of other people or windows on an open doc. */
  'awareness.update': { docId: string; update: Uint8Array };
}

export type ApiEvent = keyof ApiEvents;
export const API_EVENTS = ['doc.update', 'pages.changed', 'profile.changed', 'team.changed', 'sync.status', 'awareness.update'] as const satisfies readonly ApiEvent[];

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
