/**
 * The Core's implementation of the API contract. Every space mutation goes through a named
 * command of shared/model inside `doc.transact(fn, origin)`; reads come from projections.
 */
import os from 'node:os';
import * as Y from 'yjs';
import type { ApiErrorCode, PageSummary, Profile } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/contract';
import type { Member, PageMeta } from '../../../shared/model/types';
import { SPACE_DOC_ID, newId, pageDocId, pageIdOfDoc } from '../../../shared/model/doc-ids';
import { PageError } from '../../../shared/model/tree-errors';
import type { PageErrorCode } from '../../../shared/model/tree-errors';
import type { MovePosition } from '../../../shared/model/tree';
import { breadcrumb, hiddenPageIds } from '../../../shared/model/tree';
import { archivePage, movePage, restorePage, updatePage } from '../../../shared/model/tree-commands';
import { markPageReviewed, pagesDueForReview } from '../../../shared/model/staleness';
import {
  deleteTemplate,
  normalizeTemplateContent,
  readPageContentJSON,
  readTemplate,
  readTemplates,
  saveTemplate,
  writeTemplateContent,
} from '../../../shared/model/templates';
import { applyMemberUpdate } from '../../../shared/model/authors';
import { addCommentThread, editComment, readThreads, replyToThread, resolveThread } from '../../../shared/model/comments';
import { createPage, initSpace, readMember, readMembers, readPageMeta, readSettings, renamePage, touchPage, upsertMember } from '../../../shared/model/space';
import type { CoreServices, Identity, UpdateOrigin } from '../core';
import { LOCAL_ORIGIN } from '../core';
import type { ApiHandlers } from './dispatcher';
import { createLogHandlers } from './log-handlers';
import { createHandoffHandlers } from './handoff-handlers';
import { createKbHandlers } from '../export/kb-handlers';
import { decodeInvite, readTokenPayload } from '../../../shared/sync/invite';

/** A page's "updated at/by" is refreshed at most this often while someone types in it. */
const TOUCH_INTERVAL_MS = 60_000;

const PAGE_ERROR_CODES: Record<PageErrorCode, ApiErrorCode> = {
  not_found: 'not_found',
  conflict: 'conflict',
  invalid: 'invalid_argument',
  not_author: 'unauthorized',
};

/** Runs a knowledge-base command, turning its typed errors into API error values. */
function kb<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof PageError) throw new ApiError(PAGE_ERROR_CODES[error.code], error.message);
    throw error;
  }
}

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

  /** Every page of the space (archived ones too), with effective parents and comment counts. */
  const allPages = (spaceId: string): PageSummary[] => {
    const threads = core.content.openThreads(spaceId);
    return core.pages.list(spaceId).map((p) => ({ ...p, openThreads: threads.get(p.id) ?? 0 }));
  };

  /** The live tree: without archived pages and the pages below them. */
  const livePages = (spaceId: string): PageSummary[] => {
    const all = allPages(spaceId);
    const hidden = hiddenPageIds(all);
    return all.filter((p) => !hidden.has(p.id));
  };

  const summaryOf = (spaceId: string, page: PageMeta): PageSummary => {
    const listed = core.pages.get(spaceId, page.id) ?? page;
    return { ...listed, openThreads: core.content.openThreads(spaceId).get(page.id) ?? 0 };
  };

  /** A parent for a new or moved page: must exist and be in the tree. */
  const requireLiveParent = (spaceId: string, parentId: string | null) => {
    if (!parentId) return;
    requirePage(parentId);
    if (!livePages(spaceId).some((p) => p.id === parentId)) throw new ApiError('conflict', 'That page is archived; restore it first');
  };

  const requireMembers = (ids: readonly string[] | undefined, path: string) => {
    const space = core.doc(SPACE_DOC_ID);
    const unknown = (ids ?? []).filter((id) => !readMember(space, id));
    if (unknown.length > 0) {
      throw new ApiError('invalid_argument', `Not a member of this team: ${unknown.join(', ')}`, [{ path, message: 'must be member ids of this team' }]);
    }
  };

  const pageDoc = (pageId: string) => core.doc(pageDocId(pageId));

  /** After a comment command: index the page now so counts and `comments.changed` go out at once. */
  const commentsChanged = (spaceId: string, pageId: string) => core.content.flushPage(spaceId, pageId);

  const handlers = {
    'app.info': () => ({
      version: core.options.version,
      shell: core.options.shell,
      dataDir: core.options.dataDir,
      platform: `${os.platform()}-${os.arch()}`,
    }),

    'profile.get': () => readProfile(),

    'profile.setup': (input) => {
      if (core.identity() && readProfile()) throw new ApiError('conflict', 'This profile is already set up');
      // The space is written completely before it becomes this profile's identity, so a crash in
      // between leaves an unused doc behind, never an identity without a member.
      const identity = { spaceId: newId(), memberId: newId() };
      const space = core.docIn(identity.spaceId, SPACE_DOC_ID);
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
      core.setIdentity(identity);
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
      return livePages(identity.spaceId);
    },

    'pages.create': (input) => {
      const identity = requireIdentity();
      const parentId = input.parentId ?? null;
      requireLiveParent(identity.spaceId, parentId);
      const page = createPage(
        core.doc(SPACE_DOC_ID),
        { id: newId(), title: input.title, parentId, by: identity.memberId, now: core.clock.now() },
        LOCAL_ORIGIN,
      );
      return summaryOf(identity.spaceId, page);
    },

    'pages.rename': (input) => {
      const identity = requireIdentity();
      requirePage(input.id);
      const page = renamePage(core.doc(SPACE_DOC_ID), { id: input.id, title: input.title, by: identity.memberId, now: core.clock.now() }, LOCAL_ORIGIN);
      return summaryOf(identity.spaceId, page);
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
      if (!pageId) {
        core.docs.applyUpdate(core.storageId(input.docId), input.update, origin);
      } else {
        // Names the window's Yjs client in the page's authors map in the same transaction, for
        // teammates' page history (shared/model/authors.ts). The window lacks those entries: they go back to it.
        const named = applyMemberUpdate(core.docs.get(core.storageId(input.docId)), input.update, identity.memberId, origin);
        if (named) client.emit('doc.update', { docId: input.docId, update: named });
        const now = core.clock.now();
        if (now - (lastTouch.get(pageId) ?? 0) >= TOUCH_INTERVAL_MS) {
          lastTouch.set(pageId, now);
          touchPage(core.doc(SPACE_DOC_ID), { id: pageId, by: identity.memberId, now }, LOCAL_ORIGIN);
        }
      }
    },

    'docs.close': (input, client) => {
      core.unsubscribe(client.id, input.docId);
      const identity = core.identity();
      const pageId = pageIdOfDoc(input.docId);
      // Closing a page is a natural end of an editing session: keep a version of it now.
      if (identity && pageId) core.history.flushPage(identity.spaceId, pageId);
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
      if (invite.space !== current.spaceId) {
        // This member's record is written into the team's space before it becomes current (a
        // crash in between changes nothing). Only the record: the team's settings arrive from
        // the relay, and a local default must never race them.
        const space = core.docIn(invite.space, SPACE_DOC_ID);
        const existing = readMember(space, invite.member);
        upsertMember(
          space,
          {
            id: invite.member,
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
        if (!core.settings.get('localSpaceId')) core.settings.set('localSpaceId', current.spaceId);
        if (!core.settings.get('localMemberId')) core.settings.set('localMemberId', current.memberId);
      }
      core.sync.setTarget(invite.space, { url: invite.url, token: invite.token });
      // Same space: the team was created from this device's own space; keep everything.
      core.setIdentity(invite.space === current.spaceId ? current : { spaceId: invite.space, memberId: invite.member });
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

    // --- knowledge base ------------------------------------------------------------------------

    'pages.archived': () => {
      const identity = requireIdentity();
      return allPages(identity.spaceId)
        .filter((p) => p.archived)
        .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1));
    },

    'pages.move': (input) => {
      const identity = requireIdentity();
      requirePage(input.id);
      const position: MovePosition =
        input.beforeId !== undefined ? { beforeId: input.beforeId } : input.afterId !== undefined ? { afterId: input.afterId } : input.index !== undefined ? { index: input.index } : {};
      const page = kb(() =>
        movePage(core.doc(SPACE_DOC_ID), { id: input.id, parentId: input.parentId, position, by: identity.memberId, now: core.clock.now() }, LOCAL_ORIGIN),
      );
      return summaryOf(identity.spaceId, page);
    },

    'pages.archive': (input) => {
      const identity = requireIdentity();
      requirePage(input.id);
      const page = kb(() => archivePage(core.doc(SPACE_DOC_ID), { id: input.id, by: identity.memberId, now: core.clock.now() }, LOCAL_ORIGIN));
      return summaryOf(identity.spaceId, page);
    },

    'pages.restore': (input) => {
      const identity = requireIdentity();
      const current = requirePage(input.id);
      if (!current.archived) throw new ApiError('conflict', 'That page is not archived');
      const page = kb(() => restorePage(core.doc(SPACE_DOC_ID), { id: input.id, by: identity.memberId, now: core.clock.now() }, LOCAL_ORIGIN));
      return summaryOf(identity.spaceId, page);
    },

    'pages.update': (input) => {
      const identity = requireIdentity();
      requirePage(input.id);
      if (input.ownerId !== undefined) requireMembers([input.ownerId], 'ownerId');
      const page = kb(() =>
        updatePage(
          core.doc(SPACE_DOC_ID),
          {
            id: input.id,
            icon: input.icon,
            ownerId: input.ownerId,
            reviewEveryDays: input.reviewEveryDays,
            by: identity.memberId,
            now: core.clock.now(),
          },
          LOCAL_ORIGIN,
        ),
      );
      return summaryOf(identity.spaceId, page);
    },

    'pages.markReviewed': (input) => {
      const identity = requireIdentity();
      requirePage(input.id);
      const page = kb(() => markPageReviewed(core.doc(SPACE_DOC_ID), { id: input.id, by: identity.memberId, now: core.clock.now() }, LOCAL_ORIGIN));
      return summaryOf(identity.spaceId, page);
    },

    'pages.dueForReview': (input) => {
      const identity = requireIdentity();
      return pagesDueForReview(livePages(identity.spaceId), core.clock.now(), input.ownerId);
    },

    'pages.breadcrumb': (input) => {
      const identity = requireIdentity();
      requirePage(input.id);
      return breadcrumb(allPages(identity.spaceId), input.id);
    },

    'pages.backlinks': (input) => {
      const identity = requireIdentity();
      requirePage(input.id);
      const from = new Set(core.content.linksTo(identity.spaceId, input.id));
      return livePages(identity.spaceId)
        .filter((p) => from.has(p.id) && p.id !== input.id)
        .sort((a, b) => a.title.localeCompare(b.title) || (a.id < b.id ? -1 : 1));
    },

    'pages.createFromTemplate': (input) => {
      const identity = requireIdentity();
      const parentId = input.parentId ?? null;
      requireLiveParent(identity.spaceId, parentId);
      const space = core.doc(SPACE_DOC_ID);
      const template = readTemplate(space, input.templateId, readSettings(space));
      if (!template) throw new ApiError('not_found', `No template with id ${input.templateId}`);
      // Checked before the page exists, so a template that cannot be used leaves no empty page.
      const content = kb(() => normalizeTemplateContent(template.content));
      const page = createPage(space, { id: newId(), title: input.title, parentId, by: identity.memberId, now: core.clock.now() }, LOCAL_ORIGIN);
      kb(() => writeTemplateContent(pageDoc(page.id), content, LOCAL_ORIGIN));
      core.content.flushPage(identity.spaceId, page.id);
      return summaryOf(identity.spaceId, page);
    },

    'templates.list': () => {
      requireIdentity();
      const space = core.doc(SPACE_DOC_ID);
      return readTemplates(space, readSettings(space));
    },

    'templates.saveFromPage': (input) => {
      const identity = requireIdentity();
      requirePage(input.pageId);
      const content = readPageContentJSON(pageDoc(input.pageId));
      return kb(() =>
        saveTemplate(
          core.doc(SPACE_DOC_ID),
          { id: newId(), name: input.name, description: input.description, content, by: identity.memberId, now: core.clock.now() },
          LOCAL_ORIGIN,
        ),
      );
    },

    'templates.delete': (input) => {
      requireIdentity();
      kb(() => deleteTemplate(core.doc(SPACE_DOC_ID), { id: input.id }, LOCAL_ORIGIN));
    },

    'search.query': (input) => {
      const identity = requireIdentity();
      return core.content.search(identity.spaceId, input.q, input.limit ?? 20);
    },

    'history.list': (input) => {
      const identity = requireIdentity();
      requirePage(input.pageId);
      return core.history.list(identity.spaceId, input.pageId);
    },

    'history.get': (input) => {
      const identity = requireIdentity();
      requirePage(input.pageId);
      const detail = core.history.get(identity.spaceId, input.pageId, input.versionId, input.compareTo);
      if (!detail) throw new ApiError('not_found', `No version ${input.versionId} of page ${input.pageId}`);
      return detail;
    },

    'history.restore': (input) => {
      const identity = requireIdentity();
      requirePage(input.pageId);
      const version = core.history.restore(identity.spaceId, input.pageId, input.versionId, LOCAL_ORIGIN);
      if (version === undefined) throw new ApiError('not_found', `No version ${input.versionId} of page ${input.pageId}`);
      return version;
    },

    'comments.list': (input) => {
      requireIdentity();
      requirePage(input.pageId);
      return readThreads(pageDoc(input.pageId));
    },

    'comments.add': (input) => {
      const identity = requireIdentity();
      requirePage(input.pageId);
      requireMembers(input.mentions, 'mentions');
      const thread = kb(() =>
        addCommentThread(
          pageDoc(input.pageId),
          {
            id: newId(),
            replyId: newId(),
            body: input.body,
            mentions: input.mentions,
            range: input.anchor,
            authorId: identity.memberId,
            now: core.clock.now(),
          },
          LOCAL_ORIGIN,
        ),
      );
      commentsChanged(identity.spaceId, input.pageId);
      return thread;
    },

    'comments.reply': (input) => {
      const identity = requireIdentity();
      requirePage(input.pageId);
      requireMembers(input.mentions, 'mentions');
      const thread = kb(() =>
        replyToThread(
          pageDoc(input.pageId),
          { threadId: input.threadId, id: newId(), body: input.body, mentions: input.mentions, authorId: identity.memberId, now: core.clock.now() },
          LOCAL_ORIGIN,
        ),
      );
      commentsChanged(identity.spaceId, input.pageId);
      return thread;
    },

    'comments.edit': (input) => {
      const identity = requireIdentity();
      requirePage(input.pageId);
      requireMembers(input.mentions, 'mentions');
      const thread = kb(() =>
        editComment(
          pageDoc(input.pageId),
          {
            threadId: input.threadId,
            replyId: input.replyId,
            body: input.body,
            mentions: input.mentions,
            by: identity.memberId,
            now: core.clock.now(),
          },
          LOCAL_ORIGIN,
        ),
      );
      commentsChanged(identity.spaceId, input.pageId);
      return thread;
    },

    'comments.resolve': (input) => {
      const identity = requireIdentity();
      requirePage(input.pageId);
      const thread = kb(() =>
        resolveThread(pageDoc(input.pageId), { threadId: input.threadId, resolved: input.resolved, by: identity.memberId, now: core.clock.now() }, LOCAL_ORIGIN),
      );
      commentsChanged(identity.spaceId, input.pageId);
      return thread;
    },

    ...createLogHandlers(core.log),
    ...createHandoffHandlers(core),
    ...createKbHandlers(core).handlers,
  } satisfies ApiHandlers;

  return handlers;
}
