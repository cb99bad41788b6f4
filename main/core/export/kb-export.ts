/**
 * Export of the knowledge base (or one page with its subpages) as a folder of Markdown files,
 * run as a job (jobs.ts): `preparing` (plan the layout) → `writing` (one file per page).
 *
 * Only the live tree is exported (archived pages and what is below them are not). Page links
 * between exported pages become relative paths (`../Other/Page.md`); links to pages outside
 * the export stay `baton://page/<id>`, which a later import maps back when that page is
 * imported with them (front matter `id`). A failed or cancelled export removes what it wrote,
 * and the folder too if it created it, so nothing half-written is left behind.
 *
 * The Core is read only right after a checkpoint (which throws once the job is cancelled), never
 * after another `await`: so once the Core stops (jobs.ts) the export reads nothing from it. What
 * it wrote is removed at once, synchronously, when the Core stops; a file write already under
 * way then is removed when the job unwinds.
 */
import fs, { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { KbExportSummary } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/contract';
import { SPACE_DOC_ID, pageDocId } from '../../../shared/model/doc-ids';
import { pageIdFromHref } from '../../../shared/model/links';
import { pageToMarkdown } from '../../../shared/model/markdown';
import { readPages } from '../../../shared/model/space';
import { readPageContentJSON } from '../../../shared/model/templates';
import { visiblePages } from '../../../shared/model/tree';
import type { PageMeta } from '../../../shared/model/types';
import type { CoreServices } from '../core';
import type { JobContext } from './jobs';
import { JobCancelledError } from './jobs';
import type { PlannedPage } from './layout';
import { planLayout, relativeLink, sanitizeFileName } from './layout';
import { checkExportTarget, insideRoot } from './fs-safety';

export interface ExportRequest {
  spaceId: string;
  targetDir: string;
  /** Whether the folder existed (empty) when the export was asked for. */
  targetExisted: boolean;
  plan: PlannedPage[];
}

/** The live pages of the current space (resolved tree, no archived pages), in tree order. */
export function liveTree(core: CoreServices): PageMeta[] {
  return visiblePages(readPages(core.doc(SPACE_DOC_ID)));
}

/** Checks the request and plans the files; throws API errors before any job starts. */
export function prepareExport(core: CoreServices, spaceId: string, input: { pageId?: string; targetDir: string }): ExportRequest {
  const pages = liveTree(core);
  let roots: PageMeta[];
  if (input.pageId !== undefined) {
    const page = pages.find((p) => p.id === input.pageId);
    if (!page) {
      const known = readPages(core.doc(SPACE_DOC_ID)).some((p) => p.id === input.pageId);
      throw known ? new ApiError('conflict', 'That page is archived; restore it to export it') : new ApiError('not_found', `No page with id ${input.pageId}`);
    }
    roots = [page];
  } else {
    roots = pages.filter((p) => p.parentId === null);
  }
  const { exists } = checkExportTarget(input.targetDir);
  return { spaceId, targetDir: input.targetDir, targetExisted: exists, plan: planLayout(pages, roots) };
}

/** One page as a downloadable file: its name and text (links stay `baton://page/<id>`). */
export function exportOnePage(core: CoreServices, page: PageMeta): { fileName: string; markdown: string } {
  const content = readPageContentJSON(core.doc(pageDocId(page.id)));
  return { fileName: `${sanitizeFileName(page.title)}.md`, markdown: pageToMarkdown(page, content) };
}

export async function runExport(core: CoreServices, request: ExportRequest, ctx: JobContext): Promise<KbExportSummary> {
  const { targetDir, plan } = request;
  const byId = new Map(plan.map((entry) => [entry.page.id, entry]));
  /** Everything this export created, in order, to remove on failure. */
  const created: { path: string; dir: boolean }[] = [];
  let linksRewritten = 0;
  let folders = 0;

  ctx.progress('preparing', 0, 1, targetDir);
  const offStop = ctx.onStop(() => removeCreatedSync(created));
  try {
    if (request.targetExisted) {
      // Checked when asked; checked again now that the job runs — still nothing to overwrite.
      checkExportTarget(targetDir);
    } else {
      const first = await fsp.mkdir(targetDir, { recursive: true });
      if (first) {
        // Every folder from the first one created down to the target is ours to remove.
        const chain: string[] = [];
        for (let dir = targetDir; dir.length >= first.length; dir = path.dirname(dir)) chain.unshift(dir);
        for (const dir of chain) created.push({ path: dir, dir: true });
      } else {
        checkExportTarget(targetDir); // appeared meanwhile
      }
    }
    ctx.progress('preparing', 1, 1);

    for (let i = 0; i < plan.length; i++) {
      await ctx.checkpoint();
      if (core.identity()?.spaceId !== request.spaceId) throw new ApiError('conflict', 'The team changed during the export; start it again');
      const entry = plan[i];
      // Read from the Core before any other await (see above).
      const content = readPageContentJSON(core.doc(pageDocId(entry.page.id)));
      const markdown = pageToMarkdown(entry.page, content, {
        order: entry.order,
        linkHref: (href) => {
          const target = byId.get(pageIdFromHref(href) ?? '');
          if (!target) return href;
          linksRewritten++;
          return relativeLink(entry.file, target.file);
        },
      });
      if (entry.folder) {
        const dir = insideRoot(targetDir, entry.folder);
        await fsp.mkdir(dir); // not recursive: fails rather than reuse anything already there
        created.push({ path: dir, dir: true });
        folders++;
        if (ctx.cancelled) throw new JobCancelledError(); // no new file once cancelled, e.g. the Core stopped meanwhile
      }
      const file = insideRoot(targetDir, entry.file);
      await fsp.writeFile(file, markdown, { encoding: 'utf8', flag: 'wx' });
      created.push({ path: file, dir: false });
      ctx.progress('writing', i + 1, plan.length, entry.file);
    }
  } catch (error) {
    await removeCreated(created);
    throw error;
  } finally {
    offStop();
  }
  return { kind: 'kb.export', targetDir, pages: plan.length, files: plan.length, folders, linksRewritten };
}

/** The same, synchronously (the Core is stopping and the process may exit right after). */
function removeCreatedSync(created: readonly { path: string; dir: boolean }[]): void {
  for (const entry of [...created].reverse()) {
    try {
      if (entry.dir) fs.rmdirSync(entry.path);
      else fs.unlinkSync(entry.path);
    } catch {
      // As below.
    }
  }
}

/** Removes what an export created, newest first; only empty folders, only its own files. */
async function removeCreated(created: readonly { path: string; dir: boolean }[]): Promise<void> {
  for (const entry of [...created].reverse()) {
    try {
      if (entry.dir) await fsp.rmdir(entry.path);
      else await fsp.unlink(entry.path);
    } catch {
      // Someone put something there meanwhile, or it is gone already: leave it.
    }
  }
}
