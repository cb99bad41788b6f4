/**
 * What a typed link address becomes. Links never navigate the window from the editor; these
 * rules only decide what is stored in the page.
 */
export const PAGE_LINK_PREFIX = 'baton://page/';

const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel', 'baton']);

/** The link to another page of the knowledge base. */
export function pageLink(pageId: string): string {
  return `${PAGE_LINK_PREFIX}${encodeURIComponent(pageId)}`;
}

/** The page id of a `baton://page/<id>` link, else null. */
export function pageIdOfLink(href: string): string | null {
  if (!href.startsWith(PAGE_LINK_PREFIX)) return null;
  const id = decodeURIComponent(href.slice(PAGE_LINK_PREFIX.length).split(/[?#/]/)[0] ?? '');
  return id || null;
}

/**
 * A typed address as a storable href: "example.com/x" gets https://, an e-mail address gets
 * mailto:, and a scheme outside http(s)/mailto/tel/baton (javascript:, file:, data:…) is refused
 * with null, as is anything blank.
 */
export function normalizeHref(input: string): string | null {
  const value = input.trim();
  if (!value || /\s/.test(value)) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme && !/^[a-z0-9.-]+:\d/i.test(value)) return SAFE_SCHEMES.has(scheme) ? value : null;
  if (/^[^@/]+@[^@/]+\.[^@/]+$/.test(value)) return `mailto:${value}`;
  if (value.startsWith('/') || value.startsWith('#')) return null;
  return `https://${value}`;
}
