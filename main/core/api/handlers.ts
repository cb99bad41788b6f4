/**
 * The Core's implementation of the API contract. Every space mutation goes through a named
 * command of shared/model inside `doc.transact(fn, origin)`; reads come from projections.
 */
import os from 'node:os';
import * as Y from 'yjs';
import type { Profile } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/contract';
import type { Member } from '../../../shared/model/types';
import { SPACE_DOC_ID, newId, pageIdOfDoc } from '../../../shared/model/doc-ids';
import { createPage, initSpace, readMember, readMembers, readPageMeta, readSettings, renamePage, touchPage, upsertMember } from '../../../shared/model/space';
import type { CoreServices, Identity, UpdateOrigin } from '../core';
import { LOCAL_ORIGIN } from '../core';
import type { ApiHandlers } from './dispatcher';
import { decodeInvite, readTokenPayload } from '../../../shared/sync/invite';

/** A page's "updated at/by" is refreshed at most this often while someone types in it. */
const TOUCH_INTERVAL_MS = 60_000;

export function createHandlers(core: CoreServices): ApiHandlers {
  const lastTouch = new Map<string, number>();

  const requireIdentity = (): Identity => {
    const identity = core.identity();
    if (!identity) throw new ApiError('not_ready', 'Set up your profile first');
    return identity;
  };

  const readProfile = (): Profile | null => {
    const identity = core.identity();
    if (!identity) return null;
    const space = core.doc(SPACE_DOC_ID);
    const member = readMember(space, identity.memberId);
    if (!member) return null;
    return { memberId: identity.memberId, spaceId: identity.spaceId, member, settings: readSettings(space) };
  };

  const requirePage = (id: string) => {
    requireIdentity();
    const page = readPageMeta(core.doc(SPACE_DOC_ID), id);
    if (!page) throw new ApiError('not_found', `No page with id ${id}`);
    return page;
  };

  const handlers = {
    'app.info': () => ({
      version: core.options.version,
      shell: core.options.shell,
      dataDir: core.options.dataDir,
      platform: `${os.platform()}-${os.arch()}`,
    }),

    'profile.get': () => readProfile(),

    'profile.setup': (input) => {
      if (core.identity()) throw new ApiError('conflict', 'This profile is already set up');
      const identity = { spaceId: newId(), memberId: newId() };
      core.setIdentity(identity);
      const space = core.doc(SPACE_DOC_ID);
      initSpace(space, { spaceName: input.spaceName ?? `${input.name}'s team` }, LOCAL_ORIGIN);
      const member: Member = {
        id: identity.memberId,
        name: input.name.trim(),
        timeZone: input.timeZone,
        workdays: [...input.workdays].sort(),
        workStart: input.workStart,
        workEnd: input.workEnd,
        role: 'owner',
        joinedAt: core.clock.now(),
      };
      upsertMember(space, member, LOCAL_ORIGIN);
      const profile = readProfile()!;
      core.broadcast('profile.changed', profile);
      return profile;
    },

    'profile.update': (input) => {
      const identity = requireIdentity();
      const space = core.doc(SPACE_DOC_ID);
      const current = readMember(space, identity.memberId);
      if (!current) throw new ApiError('not_found', 'Your member record is missing from the space');
      const next: Member = {
        ...current,
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.timeZone !== undefined ? { timeZone: input.timeZone } : {}),
        ...(input.workdays !== undefined ? { workdays: [...input.workdays].sort() } : {}),
        ...(input.workStart !== undefined ? { workStart: input.workStart } : {}),
        ...(input.workEnd !== undefined ? { workEnd: input.workEnd } : {}),
      };
      upsertMember(space, next, LOCAL_ORIGIN);
      const profile = readProfile()!;
      core.broadcast('profile.changed', profile);
      return profile;
    },

    'team.members': () => {
      requireIdentity();
      return readMembers(core.doc(SPACE_DOC_ID));
    },

    'pages.list': () => {
      const identity = requireIdentity();
      return core.pages.list(identity.spaceId);
    },

    'pages.create': (input) => {
      const identity = requireIdentity();
      const parentId = input.parentId ?? null;
      if (parentId) requirePage(parentId);
      return createPage(
        core.doc(SPACE_DOC_ID),
        { id: newId(), title: input.title, parentId, by: identity.memberId, now: core.clock.now() },
        LOCAL_ORIGIN,
      );
    },

    'pages.rename': (input) => {
      const identity = requireIdentity();
      requirePage(input.id);
      return renamePage(core.doc(SPACE_DOC_ID), { id: input.id, title: input.title, by: identity.memberId, now: core.clock.now() }, LOCAL_ORIGIN);
    },

    'docs.open': (input, client) => {
      requireIdentity();
      const pageId = pageIdOfDoc(input.docId);
      if (pageId) requirePage(pageId);
      core.subscribe(client, input.docId);
      return { docId: input.docId, state: Y.encodeStateAsUpdate(core.doc(input.docId)) };
    },

    'docs.update': (input, client) => {
      const identity = requireIdentity();
      const pageId = pageIdOfDoc(input.docId);
      if (pageId) requirePage(pageId);
      try {
        Y.decodeUpdate(input.update);
      } catch {
        throw new ApiError('invalid_argument', 'The update is not a valid Yjs update', [{ path: 'update', message: 'not a Yjs update' }]);
      }
      const origin: UpdateOrigin = { kind: 'client', clientId: client.id };
      core.docs.applyUpdate(core.storageId(input.docId), input.update, origin);
      if (pageId) {
        const now = core.clock.now();
        if (now - (lastTouch.get(pageId) ?? 0) >= TOUCH_INTERVAL_MS) {
          lastTouch.set(pageId, now);
          touchPage(core.doc(SPACE_DOC_ID), { id: pageId, by: identity.memberId, now }, LOCAL_ORIGIN);
        }
      }
    },

    'docs.close': (input, client) => {
      core.unsubscribe(client.id, input.docId);
    },

    'awareness.update': (input, client) => {
      requireIdentity();
      core.emitToDoc(input.docId, 'awareness.update', input, client.id);
      core.sync.sendAwareness(input.docId, input.update);
    },

    'sync.status': () => core.sync.status(),

    'sync.join': (input) => {
      const current = requireIdentity();
      let invite;
      try {
        invite = decodeInvite(input.invite);
      } catch (error) {
        throw new ApiError('invalid_argument', `That invite code can't be used: ${(error as Error).message}`, [
          { path: 'invite', message: (error as Error).message },
        ]);
      }
      const me = readMember(core.doc(SPACE_DOC_ID), current.memberId);
      core.sync.setTarget(invite.space, { url: invite.url, token: invite.token });
      if (invite.space === current.spaceId) {
        // The team was created from this device's own space: keep everything, start syncing.
        core.setIdentity(current);
      } else {
        if (!core.settings.get('localSpaceId')) core.settings.set('localSpaceId', current.spaceId);
        if (!core.settings.get('localMemberId')) core.settings.set('localMemberId', current.memberId);
        const next = { spaceId: invite.space, memberId: invite.member };
        core.setIdentity(next);
        // Only this member's record is written: the team's settings arrive from the relay and a
        // local default must never race them.
        const space = core.doc(SPACE_DOC_ID);
        const existing = readMember(space, next.memberId);
        upsertMember(
          space,
          {
            id: next.memberId,
            name: me?.name ?? invite.name,
            timeZone: me?.timeZone ?? 'UTC',
            workdays: me?.workdays ?? [1, 2, 3, 4, 5],
            workStart: me?.workStart ?? '09:00',
            workEnd: me?.workEnd ?? '17:00',
            role: readTokenPayload(invite.token)?.role === 'reader' ? 'reader' : 'writer',
            joinedAt: existing?.joinedAt ?? core.clock.now(),
          },
          LOCAL_ORIGIN,
        );
      }
      const profile = readProfile()!;
      core.broadcast('profile.changed', profile);
      return profile;
    },

    'sync.leave': () => {
      const current = requireIdentity();
      core.sync.setTarget(current.spaceId, null);
      const localSpace = core.settings.get('localSpaceId');
      const localMember = core.settings.get('localMemberId');
      if (localSpace && localMember && localSpace !== current.spaceId) {
        core.setIdentity({ spaceId: localSpace, memberId: localMember });
      } else {
        core.setIdentity(current);
      }
      const profile = readProfile();
      if (profile) core.broadcast('profile.changed', profile);
      return profile;
    },

    'sync.setOnline': (input) => core.sync.setOnline(input.online),
  } satisfies ApiHandlers;

  return handlers;
}
