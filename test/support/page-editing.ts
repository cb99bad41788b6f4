/**
 * Editing a page's content against a real Core the ways it happens in the app: from a window
 * (a mirror doc sending `docs.update`), or from a teammate (an update applied with origin
 * `{ kind: 'remote' }`, as the sync client does) whose Core named its author or not (an older
 * app), plus a clock tests move by hand.
 */
import * as Y from 'yjs';
import type { BatonBridge } from '../../shared/api/contract';
import { applyMemberUpdate } from '../../shared/model/authors';
import { pageDocId } from '../../shared/model/doc-ids';
import type { Clock } from '../../shared/time';
import type { CoreBridge } from './core-bridge';

export interface ManualClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

export function manualClock(start = Date.UTC(2025, 0, 6, 9)): ManualClock {
  let now = start;
  return {
    now: () => now,
    set: (ms) => void (now = ms),
    advance: (ms) => void (now += ms),
  };
}

async function invoke<T>(bridge: BatonBridge, method: string, input?: unknown): Promise<T> {
  const result = await bridge.invoke(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** Opens the page in a window-like mirror, runs `edit` on it and sends its updates to the Core. */
export async function editAsWindow(env: CoreBridge, pageId: string, edit: (doc: Y.Doc) => void, bridge: BatonBridge = env.bridge): Promise<Y.Doc> {
  const docId = pageDocId(pageId);
  const opened = await invoke<{ state: Uint8Array }>(bridge, 'docs.open', { docId });
  const mirror = new Y.Doc();
  Y.applyUpdate(mirror, opened.state);
  const updates: Uint8Array[] = [];
  mirror.on('update', (update: Uint8Array) => updates.push(update));
  edit(mirror);
  for (const update of updates) await invoke(bridge, 'docs.update', { docId, update });
  return mirror;
}

/** Makes an edit on a teammate's copy of the page and delivers it as the relay would. */
export function editAsRemote(env: CoreBridge, pageId: string, edit: (doc: Y.Doc) => void): Uint8Array {
  const services = env.core.services;
  const storageId = services.storageId(pageDocId(pageId));
  const teammate = new Y.Doc();
  Y.applyUpdate(teammate, services.docs.encodeState(storageId));
  const before = Y.encodeStateVector(teammate);
  edit(teammate);
  const update = Y.encodeStateAsUpdate(teammate, before);
  services.docs.applyUpdate(storageId, update, { kind: 'remote' });
  return update;
}

/**
 * A teammate (`memberId`) edits in a window of their own Core, which applies the edit naming its
 * author (shared/model/authors.ts); the Core's update is delivered here as the relay would.
 */
export function editAsTeammate(env: CoreBridge, pageId: string, memberId: string, edit: (doc: Y.Doc) => void): Uint8Array[] {
  const services = env.core.services;
  const storageId = services.storageId(pageDocId(pageId));
  const theirCore = new Y.Doc();
  Y.applyUpdate(theirCore, services.docs.encodeState(storageId));
  const theirWindow = new Y.Doc();
  Y.applyUpdate(theirWindow, Y.encodeStateAsUpdate(theirCore));
  const before = Y.encodeStateVector(theirWindow);
  edit(theirWindow);
  const sent: Uint8Array[] = [];
  theirCore.on('update', (update: Uint8Array) => sent.push(update));
  applyMemberUpdate(theirCore, Y.encodeStateAsUpdate(theirWindow, before), memberId, { kind: 'client', clientId: 'their-window' });
  for (const update of sent) services.docs.applyUpdate(storageId, update, { kind: 'remote' });
  return sent;
}
