import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../shared/log/logger';
import { setLogLevel, setLogSink } from '../../../shared/log/logger';
import type { CoreBridge } from '../../../test/support/core-bridge';
import { createCoreBridge } from '../../../test/support/core-bridge';

let env: CoreBridge;
let logs: LogRecord[];

const setup = {
  name: 'Ada',
  timeZone: 'Europe/Berlin',
  workdays: [1, 2, 3, 4, 5],
  workStart: '09:00',
  workEnd: '17:30',
};

beforeEach(() => {
  logs = [];
  setLogSink((r) => logs.push(r));
  setLogLevel('debug');
  env = createCoreBridge();
});

afterEach(() => {
  env.dispose();
  setLogSink(null);
  setLogLevel('info');
});

const pageRows = () => (env.core.services.db.prepare('SELECT count(*) AS n FROM doc_updates').get() as { n: number }).n;

describe('dispatcher', () => {
  it('returns a value and logs the method with its duration', async () => {
    const result = await env.bridge.invoke('profile.get');
    expect(result).toEqual({ ok: true, value: null });
    const record = logs.find((r) => r.scope === 'api' && r.message === 'profile.get ok');
    expect(record?.fields?.ms).toEqual(expect.any(Number));
  });

  it('refuses an unknown method as a value, and the connection keeps working', async () => {
    expect(await env.bridge.invoke('fs.readFile', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
    expect(await env.bridge.invoke('__proto__')).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await env.bridge.invoke('profile.get')).toEqual({ ok: true, value: null });
  });

  it('refuses wrong argument types with the offending fields, and writes nothing', async () => {
    const before = pageRows();
    const bad = await env.bridge.invoke('profile.setup', { ...setup, timeZone: 'Mars/Olympus', workStart: '9am', workdays: [1, 9] });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('invalid_argument');
    expect(bad.error.issues?.map((i) => i.path).sort()).toEqual(['timeZone', 'workStart', 'workdays.1']);
    expect(await env.bridge.invoke('profile.setup', { ...setup, extra: true })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await env.bridge.invoke('profile.setup', 'Ada')).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await env.bridge.invoke('profile.get')).toEqual({ ok: true, value: null });
    expect(pageRows()).toBe(before);
  });

  it('answers not_ready before onboarding and not_found for a missing page', async () => {
    expect(await env.bridge.invoke('pages.create', { title: 'x' })).toMatchObject({ ok: false, error: { code: 'not_ready' } });
    await env.bridge.invoke('profile.setup', setup);
    expect(await env.bridge.invoke('pages.rename', { id: 'nope', title: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await env.bridge.invoke('docs.open', { docId: 'page/nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await env.bridge.invoke('docs.open', { docId: '../../etc' })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });

  it('refuses bytes that are not a Yjs update, and stores nothing', async () => {
    await env.bridge.invoke('profile.setup', setup);
    const page = await env.bridge.invoke('pages.create', { title: 'P' });
    if (!page.ok) throw new Error('create failed');
    const id = (page.value as { id: string }).id;
    const before = pageRows();
    const result = await env.bridge.invoke('docs.update', { docId: `page/${id}`, update: new Uint8Array([255, 255, 255, 1, 2]) });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(pageRows()).toBe(before);
  });
});
