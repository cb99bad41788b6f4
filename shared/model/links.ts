/**
 * Links between pages. A link to a page is a Link mark whose href is `baton://page/<id>` (the
 * editor creates it); links name ids, never titles, so renaming or moving a page keeps every
 * link to it working.
 *
 * In the page's Y.XmlFragment a mark is an attribute of the XmlText run it covers: `link` →
 * `{ href, … }` (or `link--<hash>` for marks that may overlap, as y-prosemirror names them).
 */
import * as Y from 'yjs';

export const PAGE_LINK_PREFIX = 'baton://page/';
const PAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function pageLinkHref(pageId: string): string {
  return PAGE_LINK_PREFIX + pageId;
}

/** The page id a `baton://page/<id>` href points at (a `#fragment` or `?query` is ignored), or null. */
export function pageIdFromHref(href: unknown): string | null {
  if (typeof href !== 'string' || !href.startsWith(PAGE_LINK_PREFIX)) return null;
  const id = href.slice(PAGE_LINK_PREFIX.length).split(/[?#/]/, 1)[0];
  return PAGE_ID.test(id) ? id : null;
}

function hrefsOfAttributes(attributes: Record<string, unknown> | undefined, out: (href: unknown) => void): void {
  if (!attributes) return;
  for (const [key, value] of Object.entries(attributes)) {
    if ((key === 'link' || key.startsWith('link--')) && value && typeof value === 'object') {
      out((value as { href?: unknown }).href);
    }
  }
}

/**
 * Ids of the pages a page's content links to, each once, in document order. Walks every XmlText
 * run's marks and, for nodes that carry a link themselves, an element's `href` attribute.
 */
export function extractPageLinks(content: Y.XmlFragment | Y.XmlElement): string[] {
  const found = new Set<string>();
  const add = (href: unknown) => {
    const id = pageIdFromHref(href);
    if (id) found.add(id);
  };
  const stack: Array<Y.XmlElement | Y.XmlText | Y.XmlFragment | Y.XmlHook> = [content];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as Array<{ attributes?: Record<string, unknown> }>) hrefsOfAttributes(op.attributes, add);
      continue;
    }
    if (node instanceof Y.XmlElement) add(node.getAttribute('href'));
    if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) {
      const children = node.toArray();
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }
  return [...found];
}
