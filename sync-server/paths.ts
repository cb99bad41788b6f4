/**
 * Which endpoint a request targets. Doc ids may contain '/': the stock y-websocket provider
 * appends its room name unencoded (`/y/<space>/page/abc`), while other clients percent-encode
 * it (`/y/<space>/page%2Fabc`); both mean doc `page/abc`.
 */
import type { IncomingMessage } from 'node:http';
import { isValidEntityId } from '../shared/model/doc-ids';
import { isValidSyncDocId } from '../shared/sync/protocol';

export type Target =
  | { kind: 'sync'; space: string; token: string | null }
  | { kind: 'y'; space: string; docId: string; token: string | null };

export type TargetResult = { ok: true; target: Target } | { ok: false; status: 400 | 404; message: string };

export function parseTarget(req: Pick<IncomingMessage, 'url' | 'headers'>): TargetResult {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://relay.invalid');
  } catch {
    return { ok: false, status: 400, message: 'bad request URL' };
  }
  const segments = url.pathname.split('/').slice(1);
  let decoded: string[];
  try {
    decoded = segments.map((s) => decodeURIComponent(s));
  } catch {
    return { ok: false, status: 400, message: 'bad percent-encoding in the path' };
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  const token = url.searchParams.get('token') ?? bearer?.[1] ?? null;
  const [endpoint, space] = decoded;
  if (endpoint === 'sync' && decoded.length === 2) {
    if (!isValidEntityId(space)) return { ok: false, status: 400, message: 'invalid space id' };
    return { ok: true, target: { kind: 'sync', space, token } };
  }
  if (endpoint === 'y' && decoded.length >= 3) {
    if (!isValidEntityId(space)) return { ok: false, status: 400, message: 'invalid space id' };
    const docId = decoded.slice(2).join('/');
    if (!isValidSyncDocId(docId)) return { ok: false, status: 400, message: 'invalid doc id' };
    return { ok: true, target: { kind: 'y', space, docId, token } };
  }
  return { ok: false, status: 404, message: 'no such endpoint (use /sync/<space> or /y/<space>/<doc>)' };
}

/** A database or Redis URL without its password, for log and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid URL>';
  }
}
