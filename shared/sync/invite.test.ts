import { describe, expect, it } from 'vitest';
import { InviteError, decodeInvite, decodeTokenPayload, encodeInvite, encodeTokenPayload, readTokenPayload, syncUrl, type Invite } from './invite';

const payload = { v: 1 as const, space: 'space_1', member: 'member-1', role: 'writer' as const, iat: 1_700_000_000, exp: 1_700_086_400 };
const token = `${encodeTokenPayload(payload)}.c2lnbmF0dXJl`;
const invite: Invite = { v: 1, url: 'wss://relay.example.com', space: 'space_1', member: 'member-1', name: 'Ada Lovelace', token };

describe('token payload', () => {
  it('round-trips and can be read from a token without the secret', () => {
    expect(decodeTokenPayload(encodeTokenPayload(payload))).toEqual(payload);
    expect(readTokenPayload(token)).toEqual(payload);
    expect(readTokenPayload('not a token')).toBeNull();
  });

  it('refuses bad payloads', () => {
    expect(() => encodeTokenPayload({ ...payload, space: 'has space' })).toThrow(InviteError);
    expect(() => encodeTokenPayload({ ...payload, role: 'admin' as 'writer' })).toThrow(InviteError);
    expect(() => decodeTokenPayload('!!!')).toThrow(InviteError);
  });
});

describe('invite codes', () => {
  it('round-trip, ignoring whitespace from copy-paste', () => {
    const code = encodeInvite(invite);
    expect(code.startsWith('baton1.')).toBe(true);
    expect(decodeInvite(code)).toEqual(invite);
    const wrapped = code.replace(/(.{20})/g, '$1\n  ');
    expect(decodeInvite(`  ${wrapped}  `)).toEqual(invite);
  });

  it('explain what is wrong', () => {
    expect(() => decodeInvite('hello')).toThrow(/starts with "baton1."/);
    expect(() => decodeInvite('baton1.garbage')).toThrow(InviteError);
    expect(() => decodeInvite(encodeInvite(invite).slice(0, 40))).toThrow(/damaged|invalid/);
    expect(() => encodeInvite({ ...invite, url: 'http://relay' })).toThrow(/ws:\/\//);
    const otherMember = encodeInvite({ ...invite, member: 'someone-else' });
    expect(() => decodeInvite(otherMember)).toThrow(/does not match/);
  });

  it('builds the sync URL of a space', () => {
    expect(syncUrl('ws://127.0.0.1:4455/', 'sp', 'a.b')).toBe('ws://127.0.0.1:4455/sync/sp?token=a.b');
  });
});
