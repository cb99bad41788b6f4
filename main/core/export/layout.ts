/**
 * Where each page goes on disk, and how links between the files are written and read.
 * Paths here are relative to the export root and always use `/` (path.posix); the job turns
 * them into real paths only after checking they stay inside the root (fs-safety.ts).
 *
 * Layout (README.md): a page is `<Name>.md`; a page with subpages also gets a sibling folder
 * `<Name>/` holding them, named the same as its file without `.md`:
 *
 *   Handbook.md
 *   Handbook/
 *     On-call.md
 *     Deploys.md
 *   Roadmap.md
 */
import path from 'node:path';
import type { PageMeta } from '../../../shared/model/types';
import { childrenOf } from '../../../shared/model/tree';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Characters of a file name, before " (2)" and ".md": well under every file system's limit. */
export const MAX_NAME_CHARS = 80;

/**
 * A title as a file name that every common file system accepts and a person still recognises:
 * path separators and `:|` become `-`, `<>"?*` and control characters go, whitespace collapses,
 * leading dots (hidden files) and trailing dots/spaces (Windows) are trimmed, Windows device
 * names get a `_` prefix, the length is capped, and nothing at all becomes "Untitled".
 */
export function sanitizeFileName(title: string, maxChars = MAX_NAME_CHARS): string {
  let name = title
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[/\\|:]/g, '-')
    .replace(/[<>"?*]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  const chars = Array.from(name);
  if (chars.length > maxChars) name = chars.slice(0, maxChars).join('').replace(/[.\s]+$/, '');
  if (WINDOWS_RESERVED.test(name)) name = '_' + name;
  return name || 'Untitled';
}

/** Compares names the way case-insensitive, normalizing file systems (macOS, Windows) do. */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * Hands out unique names within one folder: "Notes", "Notes (2)", "Notes (3)". A page uses its
 * name for its file (`name.md`) and maybe its folder (`name`), so both must be free — also
 * against another page's file: a page titled "X.md" must not get folder `X.md` next to `X.md`.
 */
export class NameAllocator {
  private readonly taken = new Set<string>();

  allocate(base: string): string {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base} (${n})`;
      const folder = nameKey(candidate);
      const file = nameKey(candidate + '.md');
      if (this.taken.has(folder) || this.taken.has(file)) continue;
      this.taken.add(folder);
      this.taken.add(file);
      return candidate;
    }
  }
}

export interface PlannedPage {
  page: PageMeta;
  /** The page's file, e.g. `Handbook/On-call.md`. */
  file: string;
  /** Its subpages' folder, e.g. `Handbook/On-call`; null without subpages. */
  folder: string | null;
  /** Position among its exported siblings, 1 = first. */
  order: number;
  depth: number;
}

/**
 * The export plan: every page under `roots` (pages from `visiblePages`, i.e. resolved and
 * live), parents before children, siblings in tree order, each with its file and folder.
 */
export function planLayout(pages: readonly PageMeta[], roots: readonly PageMeta[]): PlannedPage[] {
  const plan: PlannedPage[] = [];
  const byParent = new Map<string | null, PageMeta[]>();
  const kids = (id: string) => {
    let list = byParent.get(id);
    if (!list) byParent.set(id, (list = childrenOf(pages, id)));
    return list;
  };
  const visit = (siblings: readonly PageMeta[], dir: string, depth: number) => {
    const names = new NameAllocator();
    siblings.forEach((page, index) => {
      const name = names.allocate(sanitizeFileName(page.title));
      const file = dir ? `${dir}/${name}.md` : `${name}.md`;
      const children = kids(page.id);
      const folder = children.length > 0 ? (dir ? `${dir}/${name}` : name) : null;
      plan.push({ page, file, folder, order: index + 1, depth });
      if (folder) visit(children, folder, depth + 1);
    });
  };
  visit(roots, '', 0);
  return plan;
}

/** Characters escaped in link paths: those Markdown or URLs would misread; letters stay readable. */
const UNSAFE_IN_LINK = /[\u0000-\u0020%()<>[\]#?"\\^`{}|\u007f]/g;

/** The relative link from one exported file to another, e.g. `../Other%20Page.md`. */
export function relativeLink(fromFile: string, toFile: string): string {
  const relative = path.posix.relative(path.posix.dirname(fromFile), toFile);
  return relative
    .split('/')
    .map((segment) => segment.replace(UNSAFE_IN_LINK, (c) => encodeURIComponent(c).replace(/[()]/g, (p) => '%' + p.charCodeAt(0).toString(16).toUpperCase())))
    .join('/');
}

/**
 * The root-relative file a link in `fromFile` points at, if it is a relative path that stays
 * inside the root (`../../x.md` from the top level does not, nor does `/abs.md` or `https:`);
 * a `#fragment` or `?query` is ignored. Percent-escapes are decoded; the result is NFC.
 */
export function resolveRelativeLink(fromFile: string, href: string): string | null {
  const bare = href.trim().split(/[#?]/, 1)[0];
  if (!bare || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(bare) || bare.startsWith('/') || bare.startsWith('\\')) return null;
  let decoded = bare;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    // A stray '%': use the path as written.
  }
  if (decoded.includes('\0')) return null;
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), decoded.replace(/\\/g, '/')));
  if (joined === '..' || joined.startsWith('../') || joined.startsWith('/') || joined === '.') return null;
  return joined.normalize('NFC');
}
