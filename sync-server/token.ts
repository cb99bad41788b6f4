/**
 * Signing and verifying relay tokens (format in shared/sync/invite.ts) and the relay secret.
 * The secret comes from BATON_RELAY_SECRET or from `<data>/relay-secret`, created on first use
 * with mode 0600.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  InviteError,
  decodeTokenPayload,
  encodeTokenPayload,
  splitToken,
  type Role,
  type TokenPayload,
} from '../shared/sync/invite';

export const SECRET_FILE = 'relay-secret';
export const SECRET_ENV = 'BATON_RELAY_SECRET';
const MIN_SECRET_LENGTH = 16;

export type VerifyResult =
  | { ok: true; payload: TokenPayload }
  | { ok: false; reason: 'missing' | 'malformed' | 'bad-signature' | 'expired' };

function sign(payloadPart: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(payloadPart).digest();
}

export function signToken(payload: TokenPayload, secret: string): string {
  const part = encodeTokenPayload(payload);
  return `${part}.${sign(part, secret).toString('base64url')}`;
}

export function issueToken(
  claims: { space: string; member: string; role: Role; ttlSeconds: number },
  secret: string,
  nowMs = Date.now(),
): string {
  const iat = Math.floor(nowMs / 1000);
  return signToken({ v: 1, space: claims.space, member: claims.member, role: claims.role, iat, exp: iat + claims.ttlSeconds }, secret);
}

/** Checks shape, then signature (constant time), then payload, then expiry. */
export function verifyToken(token: string | null | undefined, secret: string, nowMs = Date.now()): VerifyResult {
  if (!token) return { ok: false, reason: 'missing' };
  const parts = splitToken(token);
  if (!parts) return { ok: false, reason: 'malformed' };
  const expected = sign(parts.payload, secret);
  const given = Buffer.from(parts.signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  let payload: TokenPayload;
  try {
    payload = decodeTokenPayload(parts.payload);
  } catch (err) {
    if (err instanceof InviteError) return { ok: false, reason: 'malformed' };
    throw err;
  }
  if (payload.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, payload };
}

/** The relay secret: env BATON_RELAY_SECRET, else `<dataDir>/relay-secret` (created 0600). */
export function loadOrCreateSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[SECRET_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < MIN_SECRET_LENGTH) throw new Error(`${SECRET_ENV} must be at least ${MIN_SECRET_LENGTH} characters`);
    return fromEnv;
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, SECRET_FILE);
  if (!fs.existsSync(file)) {
    // Written aside, then linked into place: the link is atomic and fails if another process
    // won the race, so no one ever reads a half-written secret.
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, randomBytes(32).toString('base64url') + '\n', { mode: 0o600 });
    try {
      fs.linkSync(temp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      fs.unlinkSync(temp);
    }
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`${file} holds no usable secret (delete it to create a new one)`);
  return secret;
}

/**
 * The secret from BATON_RELAY_SECRET, which several relay instances must share (a secret file
 * per instance would make each one refuse the others' tokens).
 */
export function requireEnvSecret(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[SECRET_ENV];
  if (fromEnv === undefined || fromEnv === '') {
    throw new Error(`${SECRET_ENV} must be set when relay instances share PostgreSQL + Redis: every instance must verify the same tokens`);
  }
  if (fromEnv.length < MIN_SECRET_LENGTH) throw new Error(`${SECRET_ENV} must be at least ${MIN_SECRET_LENGTH} characters`);
  return fromEnv;
}

/** Parses `30d`, `12h`, `15m`, `90s`, `2w` (or plain seconds) into seconds. */
export function parseTtl(text: string): number {
  const match = /^(\d+)\s*([smhdw]?)$/.exec(text.trim());
  if (!match) throw new Error(`invalid --ttl "${text}" (use e.g. 90s, 15m, 12h, 30d, 2w)`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }[match[2] as '' | 's' | 'm' | 'h' | 'd' | 'w'];
  const seconds = Number(match[1]) * unit;
  if (seconds <= 0 || !Number.isSafeInteger(seconds)) throw new Error(`invalid --ttl "${text}": must be positive`);
  return seconds;
}
