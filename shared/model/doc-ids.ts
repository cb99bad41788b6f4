/**
 * Document ids inside one space (DESIGN.md §2). Storage and sync prefix them with the
 * space id; the renderer and the model only ever see these short forms.
 */
export const SPACE_DOC_ID = 'space';

const PAGE_PREFIX = 'page/';
const LOG_PREFIX = 'log/';
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function pageDocId(pageId: string): string {
  return PAGE_PREFIX + pageId;
}

export function logDocId(monthKey: string): string {
  return LOG_PREFIX + monthKey;
}

export function isValidEntityId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** True for `space`, `page/<id>` and `log/<YYYY-MM>`; anything else is refused at the API. */
export function isValidDocId(docId: string): boolean {
  if (docId === SPACE_DOC_ID) return true;
  if (docId.startsWith(PAGE_PREFIX)) return isValidEntityId(docId.slice(PAGE_PREFIX.length));
  if (docId.startsWith(LOG_PREFIX)) return /^\d{4}-(0[1-9]|1[0-2])$/.test(docId.slice(LOG_PREFIX.length));
  return false;
}

export function pageIdOfDoc(docId: string): string | null {
  return docId.startsWith(PAGE_PREFIX) ? docId.slice(PAGE_PREFIX.length) : null;
}

/** A random id (URL-safe, 16 chars, ~95 bits) for members, pages and spaces. */
export function newId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += alphabet[byte & 63];
  return id;
}
