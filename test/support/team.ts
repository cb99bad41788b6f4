/**
 * Several real Cores (own SQLite dirs) joined to one space on a real relay, for integration,
 * fuzz and end-to-end tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import type { PageSummary, Profile, SyncStatus } from '../../shared/api/contract';
import { SPACE_DOC_ID, newId, pageDocId } from '../../shared/model/doc-ids';
import { insertTextAt, pageContent, readPageText } from '../../shared/model/page';
import { encodeInvite } from '../../shared/sync/invite';
import { issueToken } from '../../sync-server/token';
import type { CoreBridge } from './core-bridge';
import { createCoreBridge } from './core-bridge';
import { waitFor } from './wait';

export const TEST_SECRET = 'integration-test-secret-0123456789';
export const FAST_SYNC = { minRetryMs: 50, maxRetryMs: 400, deadAfterMs: 10_000 };

export function makeInvite(relayUrl: string, space: string, name: string, role: 'writer' | 'reader' = 'writer', member = newId()): string {
  const token = issueToken({ space, member, role, ttlSeconds: 3600 }, TEST_SECRET);
  return encodeInvite({ v: 1, url: relayUrl, space, member, name, token });
}

export interface Member extends CoreBridge {
  name: string;
  profile: Profile;
}

export async function startMember(name: string, dataDir?: string): Promise<Member> {
  const env = createCoreBridge({ dataDir, syncTuning: FAST_SYNC });
  const existing = await env.call<Profile | null>('profile.get');
  const profile =
    existing ??
    (await env.call<Profile>('profile.setup', {
      name,
      timeZone: 'Europe/Berlin',
      workdays: [1, 2, 3, 4, 5],
      workStart: '09:00',
      workEnd: '17:00',
    }));
  return Object.assign(env, { name, profile });
}

/** Creates a team: the first member's local space goes to the relay, the others join it. */
export async function startTeam(relayUrl: string, names: string[]): Promise<Member[]> {
  const members: Member[] = [];
  for (const name of names) members.push(await startMember(name));
  const spaceId = members[0].profile.spaceId;
  for (const member of members) {
    member.profile = await member.call<Profile>('sync.join', { invite: makeInvite(relayUrl, spaceId, member.name) });
  }
  await Promise.all(members.map((m) => waitForSynced(m)));
  return members;
}

export function syncStatus(member: CoreBridge): Promise<SyncStatus> {
  return member.call<SyncStatus>('sync.status');
}

export async function waitForSynced(member: CoreBridge, timeoutMs = 15_000): Promise<SyncStatus> {
  return waitFor(
    async () => {
      const status = await syncStatus(member);
      return status.state === 'synced' && status.pending === 0 ? status : null;
    },
    'sync to finish',
    timeoutMs,
  );
}

/**
 * Edits a page in the Core the way a window does: `edit` changes a mirror of the page doc, and
 * what it changed goes to the Core through docs.update.
 */
export async function editPage(member: CoreBridge, pageId: string, edit: (mirror: Y.Doc) => void): Promise<void> {
  const docId = pageDocId(pageId);
  const opened = await member.call<{ state: Uint8Array }>('docs.open', { docId });
  const mirror = new Y.Doc();
  Y.applyUpdate(mirror, opened.state, 'remote');
  const updates: Uint8Array[] = [];
  mirror.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && updates.push(u));
  edit(mirror);
  for (const update of updates) await member.call('docs.update', { docId, update });
  await member.call('docs.close', { docId });
}

/** Types `text` (one line) into a page at `at` of its plain text (readPageText), by default its end (see editPage). */
export function typeInto(member: CoreBridge, pageId: string, text: string, at?: number): Promise<void> {
  return editPage(member, pageId, (mirror) => insertTextAt(mirror, at ?? readPageText(mirror).length, text, 'test-local'));
}

/** The page's plain text as the member's Core has it (one line per paragraph). */
export function pageText(member: CoreBridge, pageId: string): string {
  return readPageText(member.core.services.doc(pageDocId(pageId)));
}

export async function createPage(member: CoreBridge, title: string): Promise<PageSummary> {
  return member.call<PageSummary>('pages.create', { title });
}

/** Everything a member's Core holds for the space, as JSON, for convergence checks. */
export function snapshotOf(member: CoreBridge): Record<string, unknown> {
  const services = member.core.services;
  const identity = services.identity()!;
  const prefix = `${identity.spaceId}/`;
  const out: Record<string, unknown> = {};
  for (const id of services.docs.listDocIds(prefix)) {
    const docId = id.slice(prefix.length);
    const doc = services.docs.get(id);
    if (docId === SPACE_DOC_ID) {
      out[docId] = { members: doc.getMap('members').toJSON(), pages: doc.getMap('pages').toJSON(), settings: doc.getMap('settings').toJSON() };
    } else if (docId.startsWith('page/')) {
      out[docId] = pageContent(doc).toString(); // the XML, so structure and marks count too
    } else {
      out[docId] = Buffer.from(Y.encodeStateVector(doc)).toString('base64');
    }
  }
  out.__pages = services.pages.list(identity.spaceId);
  return out;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** JSON with object keys sorted, so replicas whose maps were filled in another order compare equal. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
