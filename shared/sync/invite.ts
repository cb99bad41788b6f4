/**
 * Relay tokens and invite codes, as plain data (pure TS: the desktop app decodes invites).
 *
 * Token: `<payload>.<signature>`, both base64url without padding. The payload is the JSON of
 * `TokenPayload`; the signature is HMAC-SHA256 over the payload part with the relay's secret.
 * Only the relay can sign or verify (sync-server/token.ts); anyone holding a token can read
 * its payload (`readTokenPayload`), which lets the desktop show role and expiry.
 *
 * Invite code: `baton1.` + base64url(JSON of `Invite`): everything a new member needs to join —
 * relay URL, space, a token for a member id generated for them, and their display name.
 * Whitespace inside a pasted code is ignored.
 */
import { z } from 'zod';
import { fromBase64UrlEncoded, toBase64UrlEncoded } from 'lib0/buffer';
import { decodeUtf8, encodeUtf8 } from 'lib0/string';
import { isValidEntityId } from '../model/doc-ids';

export type Role = 'writer' | 'reader';
export const ROLES: readonly Role[] = ['writer', 'reader'];

export interface TokenPayload {
  v: 1;
  space: string;
  member: string;
  role: Role;
  /** Issued at, Unix seconds. */
  iat: number;
  /** Expires at, Unix seconds. */
  exp: number;
}

export interface Invite {
  v: 1;
  /** Relay base URL, e.g. `wss://relay.example.com` (the client appends `/sync/<space>`). */
  url: string;
  space: string;
  member: string;
  name: string;
  token: string;
}

export const INVITE_PREFIX = 'baton1.';

export class InviteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InviteError';
  }
}

const entityId = z.string().refine(isValidEntityId, 'must be 1-64 characters of A-Z a-z 0-9 _ -');

const tokenPayloadSchema = z.strictObject({
  v: z.literal(1),
  space: entityId,
  member: entityId,
  role: z.enum(['writer', 'reader']),
  iat: z.number().int().nonnegative(),
  exp: z.number().int().nonnegative(),
});

const inviteSchema = z.strictObject({
  v: z.literal(1),
  url: z.string().regex(/^wss?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be a ws:// or wss:// URL'),
  space: entityId,
  member: entityId,
  name: z.string().trim().min(1).max(100),
  token: z.string().regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'is not a relay token'),
});

function jsonToBase64Url(value: unknown): string {
  return toBase64UrlEncoded(encodeUtf8(JSON.stringify(value)));
}

function base64UrlToJson(text: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new InviteError('not base64url');
  try {
    return JSON.parse(decodeUtf8(fromBase64UrlEncoded(text)));
  } catch {
    throw new InviteError('not base64url-encoded JSON');
  }
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'value'} ${i.message}`).join('; ');
}

/** Checks and encodes a payload as the first part of a token (the relay signs this string). */
export function encodeTokenPayload(payload: TokenPayload): string {
  const parsed = tokenPayloadSchema.safeParse(payload);
  if (!parsed.success) throw new InviteError(`invalid token payload: ${describe(parsed.error)}`);
  return jsonToBase64Url(parsed.data);
}

/** Decodes the payload part of a token. Throws `InviteError`. Does NOT check the signature. */
export function decodeTokenPayload(part: string): TokenPayload {
  const parsed = tokenPayloadSchema.safeParse(base64UrlToJson(part));
  if (!parsed.success) throw new InviteError(`invalid token payload: ${describe(parsed.error)}`);
  return parsed.data;
}

/** Splits `<payload>.<signature>`; null when the token does not have that shape. */
export function splitToken(token: string): { payload: string; signature: string } | null {
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  return match ? { payload: match[1], signature: match[2] } : null;
}

/** The unverified payload of a token (for display), or null when it is not a token. */
export function readTokenPayload(token: string): TokenPayload | null {
  const parts = splitToken(token);
  if (!parts) return null;
  try {
    return decodeTokenPayload(parts.payload);
  } catch {
    return null;
  }
}

export function encodeInvite(invite: Invite): string {
  const parsed = inviteSchema.safeParse(invite);
  if (!parsed.success) throw new InviteError(`invalid invite: ${describe(parsed.error)}`);
  return INVITE_PREFIX + jsonToBase64Url(parsed.data);
}

/** Decodes a pasted invite code. Throws `InviteError` with a message fit for the user. */
export function decodeInvite(code: string): Invite {
  const compact = code.replace(/\s+/g, '');
  if (!compact.startsWith(INVITE_PREFIX)) throw new InviteError(`an invite code starts with "${INVITE_PREFIX}"`);
  let json: unknown;
  try {
    json = base64UrlToJson(compact.slice(INVITE_PREFIX.length));
  } catch {
    throw new InviteError('the invite code is damaged (was it copied completely?)');
  }
  const parsed = inviteSchema.safeParse(json);
  if (!parsed.success) throw new InviteError(`the invite code is invalid: ${describe(parsed.error)}`);
  const payload = readTokenPayload(parsed.data.token);
  if (!payload || payload.space !== parsed.data.space || payload.member !== parsed.data.member) {
    throw new InviteError('the invite code is invalid: its token does not match its space and member');
  }
  return parsed.data;
}

/** The `/sync` URL of a space on a relay (what the desktop sync client opens). */
export function syncUrl(relayUrl: string, space: string, token: string): string {
  return `${relayUrl.replace(/\/+$/, '')}/sync/${encodeURIComponent(space)}?token=${encodeURIComponent(token)}`;
}
