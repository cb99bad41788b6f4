import { describe, expect, it } from 'vitest';
import { parseTarget } from './paths';

const parse = (url: string, authorization?: string) => parseTarget({ url, headers: authorization ? { authorization } : {} });

describe('parseTarget', () => {
  it('reads the sync endpoint and its token', () => {
    expect(parse('/sync/space1?token=a.b')).toEqual({ ok: true, target: { kind: 'sync', space: 'space1', token: 'a.b' } });
    expect(parse('/sync/space1', 'Bearer x.y')).toEqual({ ok: true, target: { kind: 'sync', space: 'space1', token: 'x.y' } });
    expect(parse('/sync/space1')).toMatchObject({ ok: true, target: { token: null } });
  });

  it('reads doc ids with slashes, raw or percent-encoded', () => {
    const expected = { ok: true, target: { kind: 'y', space: 's', docId: 'page/abc', token: 't.u' } };
    expect(parse('/y/s/page/abc?token=t.u')).toEqual(expected);
    expect(parse('/y/s/page%2Fabc?token=t.u')).toEqual(expected);
    expect(parse('/y/s/log%2F2026-01')).toMatchObject({ target: { docId: 'log/2026-01' } });
    expect(parse('/y/s/my%20doc')).toMatchObject({ target: { docId: 'my doc' } });
  });

  it('refuses unknown endpoints and bad ids', () => {
    expect(parse('/')).toMatchObject({ ok: false, status: 404 });
    expect(parse('/sync')).toMatchObject({ ok: false, status: 404 });
    expect(parse('/sync/a/b')).toMatchObject({ ok: false, status: 404 });
    expect(parse('/y/space')).toMatchObject({ ok: false, status: 404 });
    expect(parse('/sync/bad%20space')).toMatchObject({ ok: false, status: 400 });
    expect(parse('/y/s/%E0%A4%A')).toMatchObject({ ok: false, status: 400 });
    expect(parse('/y/s/a%00b')).toMatchObject({ ok: false, status: 400 });
  });
});
