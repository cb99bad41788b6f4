/**
 * The API handlers of Markdown export/import and of jobs (`kb.*`, `jobs.cancel`), spread into
 * the Core's handlers. Arguments are checked here, before a job starts, so a bad folder or page
 * comes back as the call's error; what happens later comes as `job.finished`.
 */
import { ApiError } from '../../../shared/api/contract';
import { SPACE_DOC_ID } from '../../../shared/model/doc-ids';
import { readPageMeta } from '../../../shared/model/space';
import type { CoreServices, Identity } from '../core';
import type { ApiHandlers } from '../api/dispatcher';
import type { JobRunner } from './jobs';
import { exportOnePage, liveTree, prepareExport, runExport } from './kb-export';
import { runImport } from './kb-import';
import { absoluteFolder, checkImportSource } from './fs-safety';

type KbHandlers = Pick<ApiHandlers, 'kb.export' | 'kb.import' | 'kb.exportMarkdown' | 'jobs.cancel'>;

/** The jobs run on the Core's runner (`core.jobs`), which the Core disposes when it stops. */
export function createKbHandlers(core: CoreServices): { handlers: KbHandlers; jobs: JobRunner } {
  const jobs = core.jobs;

  const requireIdentity = (): Identity => {
    const identity = core.identity();
    if (!identity) throw new ApiError('not_ready', 'Set up your profile first');
    return identity;
  };

  const handlers: KbHandlers = {
    'kb.export': (input) => {
      const identity = requireIdentity();
      const targetDir = absoluteFolder(input.targetDir, 'targetDir');
      const request = prepareExport(core, identity.spaceId, { pageId: input.pageId, targetDir });
      return { jobId: jobs.start('kb.export', (ctx) => runExport(core, request, ctx)) };
    },

    'kb.import': (input) => {
      const identity = requireIdentity();
      const sourceDir = absoluteFolder(input.sourceDir, 'sourceDir');
      checkImportSource(sourceDir);
      const parentId = input.parentId ?? null;
      if (parentId !== null && !liveTree(core).some((p) => p.id === parentId)) {
        const exists = readPageMeta(core.doc(SPACE_DOC_ID), parentId) !== null;
        throw exists ? new ApiError('conflict', 'That page is archived; restore it first') : new ApiError('not_found', `No page with id ${parentId}`);
      }
      const request = { spaceId: identity.spaceId, memberId: identity.memberId, sourceDir, parentId };
      return { jobId: jobs.start('kb.import', (ctx) => runImport(core, request, ctx)) };
    },

    'kb.exportMarkdown': (input) => {
      requireIdentity();
      const page = readPageMeta(core.doc(SPACE_DOC_ID), input.pageId);
      if (!page) throw new ApiError('not_found', `No page with id ${input.pageId}`);
      return exportOnePage(core, page);
    },

    'jobs.cancel': (input) => ({ cancelled: jobs.cancel(input.jobId) }),
  };
  return { handlers, jobs };
}
