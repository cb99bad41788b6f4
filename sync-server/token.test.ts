import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readTokenPayload } from '../shared/sync/invite';
import { SECRET_FILE, issueToken, loadOrCreateSecret, parseTtl, signToken, verifyToken } from './token';

const SECRET = 'unit-test-secret-0123456789';
const NOW = Date.UTC(2026, 0, 15, 12);
const claims = { space: 'space1', member: 'ada', role: 'writer' as const, ttlSeconds: 3600 };

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe('tokens', () => {
  it('verify with the secret that signed them', () => {
    const token = issueToken(claims, SECRET, NOW);
    const result = verifyToken(token, SECRET, NOW + 1000);
    expect(result).toEqual({ ok: true, payload: { v: 1, space: 'space1', member: 'ada', role: 'writer', iat: NOW / 1000, exp: NOW / 1000 + 3600 } });
    expect(readTokenPayload(token)?.member).toBe('ada');
  });

  it('expire', () => {
    const token = issueToken(claims, SECRET, NOW);
    expect(verifyToken(token, SECRET, NOW + 3599_000).ok).toBe(true);
    expect(verifyToken(token, SECRET, NOW + 3600_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('reject forgeries: other secret, edited payload, edited signature', () => {
    const token = issueToken(claims, SECRET, NOW);
    expect(verifyToken(issueToken(claims, 'another-secret-entirely', NOW), SECRET, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    const [payload, signature] = token.split('.');
    const promoted = signToken({ v: 1, space: 'space1', member: 'ada', role: 'writer', iat: 0, exp: 9e9 }, 'x'.repeat(20)).split('.')[0];
    expect(verifyToken(`${promoted}.${signature}`, SECRET, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyToken(`${payload}.${signature.slice(0, -2)}AA`, SECRET, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyToken(`${payload}.${signature.slice(0, 10)}`, SECRET, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('reject missing and malformed tokens', () => {
    expect(verifyToken(undefined, SECRET, NOW)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyToken('', SECRET, NOW)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyToken('no-dot', SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyToken('a.b.c', SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
    // Correctly signed, but the payload is not a token payload.
    const part = Buffer.from('{"hello":1}').toString('base64url');
    const sig = createHmac('sha256', SECRET).update(part).digest('base64url');
    expect(verifyToken(`${part}.${sig}`, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('relay secret', () => {
  it('is created once with mode 0600 and then reused', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-secret-'));
    dirs.push(dir);
    const first = loadOrCreateSecret(path.join(dir, 'data'), {});
    const file = path.join(dir, 'data', SECRET_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadOrCreateSecret(path.join(dir, 'data'), {})).toBe(first);
    expect(fs.readdirSync(path.join(dir, 'data'))).toEqual([SECRET_FILE]);
  });

  it('comes from BATON_RELAY_SECRET when set', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-secret-'));
    dirs.push(dir);
    expect(loadOrCreateSecret(dir, { BATON_RELAY_SECRET: 'from-the-environment-123' })).toBe('from-the-environment-123');
    expect(fs.existsSync(path.join(dir, SECRET_FILE))).toBe(false);
    expect(() => loadOrCreateSecret(dir, { BATON_RELAY_SECRET: 'short' })).toThrow(/at least/);
  });
});

describe('parseTtl', () => {
  it.each([
    ['90s', 90],
    ['15m', 900],
    ['12h', 43_200],
    ['30d', 2_592_000],
    ['2w', 1_209_600],
    ['3600', 3600],
  ])('%s → %i s', (text, seconds) => expect(parseTtl(text)).toBe(seconds));

  it.each(['', '0d', '-1d', '1y', 'soon', '1.5h'])('refuses "%s"', (text) => expect(() => parseTtl(text)).toThrow(/--ttl/));
});
