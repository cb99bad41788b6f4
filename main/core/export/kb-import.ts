/**
 * Import of a folder of Markdown files as pages, run as a job (jobs.ts):
 * `scanning` (walk the folder) → `reading` (parse every file) → `writing` (create the pages).
 *
 * - Tree: `X.md` is a page; a folder `X/` next to it holds X's subpages (the export layout,
 *   README.md). A folder without such a file becomes a page of its own (titled after the folder,
 *   empty) holding its files; a folder with no Markdown file anywhere inside is left out.
 * - Title: front matter `title`, else the file name without `.md`. Icon, owner (if a member of
 *   this team) and review interval come from the front matter when valid; siblings are ordered
 *   by front matter `order`, then by name.
 * - Links: a relative link to an imported file (`../Other/Page.md`, `Page%20Two.md#x`) or to a
 *   page id named in an imported file's front matter (`baton://page/<id>`) becomes a link to the
 *   new page. Others stay as written.
 * - Skipped, and counted in the summary: files over 5 MB, files that are not `.md`, symbolic
 *   links (never followed: they could lead outside the folder or loop) and hidden entries.
 * - Nothing is written before every file has been read. A failed or cancelled import archives
 *   the pages it had created (restorable from the archive), so no half import stays in the tree.
 *   When the Core stops during the import, that archiving runs inside the Core's dispose (while
 *   its storage is open, `ctx.onStop`), and the import writes nothing after it: the Core is only
 *   written right after a checkpoint, which throws from then on.
 */
import type { Dirent } from 'node:fs';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import type { KbImportSummary } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/contract';
import { SPACE_DOC_ID, newId, pageDocId } from '../../../shared/model/doc-ids';
import { pageIdFromHref, pageLinkHref } from '../../../shared/model/links';
import type { PageFrontMatter } from '../../../shared/model/markdown';
import { mapContentLinks, markdownToPage } from '../../../shared/model/markdown';
import { pageContent } from '../../../shared/model/page';
import { createPage, readMember } from '../../../shared/model/space';
import type { ContentNode } from '../../../shared/model/templates';
import { pageSchema } from '../../../shared/model/templates-schema';
import { archivePage, updatePage } from '../../../shared/model/tree-commands';
import type { CoreServices } from '../core';
import { LOCAL_ORIGIN } from '../core';
import type { JobContext } from './jobs';
import { nameKey, resolveRelativeLink } from './layout';

export const MAX_IMPORT_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_FILES = 20_000;
const MAX_DEPTH = 64;
const MAX_WARNINGS = 20;
/** Pages created per space-doc transaction (one update, one projection rebuild each). */
const BATCH = 50;

export interface ImportRequest {
  spaceId: string;
  memberId: string;
  sourceDir: string;
  parentId: string | null;
}

interface ScannedFile {
  /** Path from the import root, `/`-separated, NFC. */
  rel: string;
  name: string;
  size: number;
}

interface ScannedDir {
  rel: string;
  files: ScannedFile[];
  dirs: ScannedDir[];
}

interface ImportNode {
  id: string;
  /** Title before front matter: the file name without `.md`, or the folder name. */
  name: string;
  file: ScannedFile | null;
  /** The folder holding its subpages, from the root. */
  folder: string | null;
  children: ImportNode[];
  frontMatter: PageFrontMatter;
  content: ContentNode | null;
}

interface Counters {
  skippedTooLarge: number;
  skippedNotMarkdown: number;
  skippedHidden: number;
  files: number;
  dirsSeen: number;
  dirsFound: number;
  warnings: string[];
}

const isMarkdown = (name: string) => /\.md$/i.test(name);
const stripMd = (name: string) => name.replace(/\.md$/i, '');

function warn(counters: Counters, message: string): void {
  if (counters.warnings.length < MAX_WARNINGS) counters.warnings.push(message);
}

export async function runImport(core: CoreServices, request: ImportRequest, ctx: JobContext): Promise<KbImportSummary> {
  const counters: Counters = { skippedTooLarge: 0, skippedNotMarkdown: 0, skippedHidden: 0, files: 0, dirsSeen: 0, dirsFound: 1, warnings: [] };

  // 1. scanning
  ctx.progress('scanning', 0, 1, request.sourceDir);
  const root = await scan(request.sourceDir, '', 0, counters, ctx);
  const nodes = buildTree(root);
  const all = flatten(nodes);
  const files = all.filter((node) => node.file);

  // 2. reading
  ctx.progress('reading', 0, files.length);
  for (let i = 0; i < files.length; i++) {
    await ctx.checkpoint();
    const node = files[i];
    const text = await fsp.readFile(path.join(request.sourceDir, ...node.file!.rel.split('/')), 'utf8');
    const page = markdownToPage(text);
    node.frontMatter = page.frontMatter;
    node.content = page.content;
    ctx.progress('reading', i + 1, files.length, node.file!.rel);
  }
  sortTree(nodes);

  // 3. writing
  const byFile = new Map<string, ImportNode>();
  const byFileKey = new Map<string, ImportNode>();
  const byOldId = new Map<string, ImportNode>();
  for (const node of all) {
    for (const rel of [node.file?.rel, node.folder].filter((v): v is string => !!v)) {
      byFile.set(rel, node);
      if (!byFileKey.has(nameKey(rel))) byFileKey.set(nameKey(rel), node);
    }
    if (node.frontMatter.id && !byOldId.has(node.frontMatter.id)) byOldId.set(node.frontMatter.id, node);
  }
  let linksRewritten = 0;
  let unresolved = 0;
  const resolveLinks = (node: ImportNode): ContentNode | null => {
    if (!node.content) return null;
    const from = node.file!.rel;
    return mapContentLinks(node.content, (href) => {
      const oldId = pageIdFromHref(href);
      if (oldId) {
        const target = byOldId.get(oldId);
        if (!target) return href;
        linksRewritten++;
        return pageLinkHref(target.id);
      }
      const rel = resolveRelativeLink(from, href);
      if (rel === null) return href;
      const clean = rel.replace(/\/+$/, '');
      const target = byFile.get(clean) ?? byFileKey.get(nameKey(clean));
      if (target) {
        linksRewritten++;
        return pageLinkHref(target.id);
      }
      if (isMarkdown(clean)) unresolved++;
      return href;
    });
  };

  const space = core.doc(SPACE_DOC_ID);
  const created: ImportNode[] = [];
  const ordered = flattenWithParents(nodes, request.parentId);
  const schema = pageSchema();
  ctx.progress('writing', 0, ordered.length);
  const offStop = ctx.onStop(() => archivePartialImport(core, request, created));
  try {
    for (let start = 0; start < ordered.length; start += BATCH) {
      await ctx.checkpoint();
      if (core.identity()?.spaceId !== request.spaceId) throw new ApiError('conflict', 'The team changed during the import; start it again');
      const batch = ordered.slice(start, start + BATCH);
      const now = core.clock.now();
      space.transact(() => {
        for (const { node, parentId } of batch) {
          const fm = node.frontMatter;
          createPage(
            space,
            { id: node.id, title: fm.title ?? node.name, parentId, by: request.memberId, now, icon: fm.icon, reviewEveryDays: fm.reviewEveryDays },
            LOCAL_ORIGIN,
          );
          created.push(node);
          if (fm.owner && fm.owner !== request.memberId && readMember(space, fm.owner)) {
            updatePage(space, { id: node.id, ownerId: fm.owner, by: request.memberId, now }, LOCAL_ORIGIN);
          }
        }
      }, LOCAL_ORIGIN);
      for (const { node } of batch) {
        const content = resolveLinks(node);
        if (!content) continue;
        const json = validContent(content, node, counters);
        const doc = core.doc(pageDocId(node.id));
        doc.transact(() => prosemirrorJSONToYXmlFragment(schema, json, pageContent(doc)), LOCAL_ORIGIN);
      }
      ctx.progress('writing', Math.min(ordered.length, start + batch.length), ordered.length);
    }
  } catch (error) {
    if (!ctx.stopped) archivePartialImport(core, request, created); // else done by onStop already
    throw error;
  } finally {
    offStop();
  }
  if (unresolved > 0) warn(counters, `${unresolved} link(s) to Markdown files that were not imported were kept as written`);

  return {
    kind: 'kb.import',
    pages: ordered.length,
    rootPageIds: nodes.map((node) => node.id),
    skippedTooLarge: counters.skippedTooLarge,
    skippedNotMarkdown: counters.skippedNotMarkdown,
    skippedHidden: counters.skippedHidden,
    linksRewritten,
    warnings: counters.warnings,
  };
}

// --- scanning ---------------------------------------------------------------------------------

async function scan(abs: string, rel: string, depth: number, counters: Counters, ctx: JobContext): Promise<ScannedDir> {
  await ctx.checkpoint();
  const dir: ScannedDir = { rel, files: [], dirs: [] };
  let entries: Dirent[];
  try {
    entries = await fsp.readdir(abs, { withFileTypes: true });
  } catch (error) {
    if (depth === 0) throw error;
    warn(counters, `Could not read the folder ${rel}: ${(error as Error).message}`);
    return dir;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const subdirs: Dirent[] = [];
  for (const entry of entries) {
    const name = entry.name.normalize('NFC');
    const childRel = rel ? `${rel}/${name}` : name;
    if (name.startsWith('.')) {
      counters.skippedHidden++;
    } else if (entry.isDirectory()) {
      subdirs.push(entry);
    } else if (entry.isFile() && isMarkdown(name)) {
      const stat = await fsp.lstat(path.join(abs, entry.name));
      if (stat.size > MAX_IMPORT_FILE_BYTES) {
        counters.skippedTooLarge++;
        warn(counters, `Skipped ${childRel}: larger than 5 MB`);
      } else {
        if (++counters.files > MAX_IMPORT_FILES) {
          throw new ApiError('invalid_argument', `The folder holds more than ${MAX_IMPORT_FILES} Markdown files; import its subfolders one at a time`);
        }
        dir.files.push({ rel: childRel, name, size: stat.size });
      }
    } else {
      // Other files, symbolic links (never followed), sockets and the like.
      counters.skippedNotMarkdown++;
    }
  }
  counters.dirsFound += subdirs.length;
  counters.dirsSeen++;
  ctx.progress('scanning', counters.dirsSeen, counters.dirsFound, rel || undefined);
  for (const entry of subdirs) {
    const name = entry.name.normalize('NFC');
    const childRel = rel ? `${rel}/${name}` : name;
    if (depth + 1 > MAX_DEPTH) {
      warn(counters, `Skipped ${childRel}: folders nested more than ${MAX_DEPTH} deep`);
      counters.dirsSeen++;
      continue;
    }
    dir.dirs.push(await scan(path.join(abs, entry.name), childRel, depth + 1, counters, ctx));
  }
  return dir;
}

/** Pages of one folder: its files, with same-named folders as their subpages, other folders as pages. */
function buildTree(dir: ScannedDir): ImportNode[] {
  const nodes: ImportNode[] = dir.files.map((file) => ({
    id: newId(),
    name: stripMd(file.name),
    file,
    folder: null,
    children: [],
    frontMatter: {},
    content: null,
  }));
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const byKey = new Map<string, ImportNode>();
  for (const node of nodes) if (!byKey.has(nameKey(node.name))) byKey.set(nameKey(node.name), node);
  for (const sub of dir.dirs) {
    const children = buildTree(sub);
    if (children.length === 0) continue;
    const name = sub.rel.slice(sub.rel.lastIndexOf('/') + 1);
    const owner = byName.get(name) ?? byKey.get(nameKey(name));
    if (owner && owner.folder === null) {
      owner.folder = sub.rel;
      owner.children.push(...children);
    } else {
      nodes.push({ id: newId(), name, file: null, folder: sub.rel, children, frontMatter: {}, content: null });
    }
  }
  return nodes;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function sortTree(nodes: ImportNode[]): void {
  nodes.sort((a, b) => {
    const ao = a.frontMatter.order ?? Infinity;
    const bo = b.frontMatter.order ?? Infinity;
    return ao !== bo ? (ao < bo ? -1 : 1) : collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  });
  for (const node of nodes) sortTree(node.children);
}

function flatten(nodes: readonly ImportNode[], out: ImportNode[] = []): ImportNode[] {
  for (const node of nodes) {
    out.push(node);
    flatten(node.children, out);
  }
  return out;
}

/** Parents before children, each with the parent it is created under. */
function flattenWithParents(nodes: readonly ImportNode[], parentId: string | null, out: { node: ImportNode; parentId: string | null }[] = []) {
  for (const node of nodes) {
    out.push({ node, parentId });
    flattenWithParents(node.children, node.id, out);
  }
  return out;
}

// --- writing ----------------------------------------------------------------------------------

/** The content if it fits the page schema; else its text as plain paragraphs (with a warning). */
function validContent(content: ContentNode, node: ImportNode, counters: Counters): ContentNode {
  try {
    pageSchema().nodeFromJSON(content).check();
    return content;
  } catch (error) {
    warn(counters, `${node.file?.rel}: kept as plain text (${(error as Error).message})`);
    const lines: string[] = [];
    const collect = (n: ContentNode) => {
      if (n.type === 'text') {
        if (lines.length === 0) lines.push('');
        lines[lines.length - 1] += n.text ?? '';
      }
      else if (n.type === 'paragraph' || n.type === 'heading' || n.type === 'codeBlock') {
        lines.push('');
        n.content?.forEach(collect);
      } else n.content?.forEach(collect);
    };
    collect(content);
    const paragraphs = lines.filter((line) => line).map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] }));
    return { type: 'doc', content: paragraphs.length ? paragraphs : [{ type: 'paragraph' }] };
  }
}

/** Archives the top-most pages an unfinished import created: their subpages go with them. */
function archivePartialImport(core: CoreServices, request: ImportRequest, created: readonly ImportNode[]): void {
  if (created.length === 0 || core.identity()?.spaceId !== request.spaceId) return;
  const ids = new Set(created.map((node) => node.id));
  const childIds = new Set(created.flatMap((node) => node.children.map((child) => child.id)));
  const space = core.doc(SPACE_DOC_ID);
  const now = core.clock.now();
  space.transact(() => {
    for (const id of ids) if (!childIds.has(id)) archivePage(space, { id, by: request.memberId, now }, LOCAL_ORIGIN);
  }, LOCAL_ORIGIN);
}
