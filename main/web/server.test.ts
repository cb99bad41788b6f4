import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiResult, WireMessage } from '../../shared/api';
import { decodeWire, encodeWire } from '../../shared/api';
import type { Core } from '../core/core';
import { createCore } from '../core/core';
import type { WebShell } from './server';
import { CONTENT_SECURITY_POLICY, startWebShell } from './server';

let dataDir: string;
let staticDir: string;
let core: Core;
let shell: WebShell;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-web-data-'));
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-web-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Baton</title>');
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dataDir, 'secret.txt'), 'do not serve');
  core = createCore({ dataDir, shell: 'web' });
  shell = await startWebShell({ core, staticDir });
});

afterEach(async () => {
  await shell.close();
  core.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(staticDir, { recursive: true, force: true });
});

/** A websocket client speaking the wire protocol, as the renderer's web bridge does. */
async function connect(query = `?token=${shell.token}`, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${shell.port}/api${query}`, { headers });
  const events: { event: string; payload: unknown }[] = [];
  const waiting = new Map<number, (r: ApiResult<unknown>) => void>();
  ws.on('message', (data) => {
    const message = decodeWire(data.toString()) as WireMessage;
    if (message.t === 'event') events.push({ event: message.event, payload: message.payload });
    else waiting.get(message.id)?.(message.result as ApiResult<unknown>);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  let id = 0;
  return {
    ws,
    events,
    call(method: string, input?: unknown): Promise<ApiResult<unknown>> {
      const callId = ++id;
      ws.send(encodeWire({ t: 'call', id: callId, method, input }));
      return new Promise((resolve) => waiting.set(callId, resolve));
    },
  };
}

describe('web shell', () => {
  it('serves the app only with the token, then by cookie, with a strict CSP', async () => {
    const denied = await fetch(`${shell.origin}/`);
    expect(denied.status).toBe(401);
    const wrong = await fetch(`${shell.origin}/?token=not-the-token`);
    expect(wrong.status).toBe(401);

    const first = await fetch(shell.url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    const asset = await fetch(`${shell.origin}/assets/app.js`, { headers: { cookie: cookie.split(';')[0] } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${shell.origin}/assets/app.js`)).status).toBe(401);
  });

  it('never serves files outside the app folder', async () => {
    const cookie = (await fetch(shell.url)).headers.get('set-cookie')!.split(';')[0];
    const rel = path.relative(staticDir, path.join(dataDir, 'secret.txt'));
    for (const p of [`/${rel}`, `/%2e%2e/${path.basename(dataDir)}/secret.txt`, '/..%2f..%2fetc%2fpasswd.txt']) {
      const res = await fetch(`${shell.origin}${p}`, { headers: { cookie } });
      expect(await res.text()).not.toContain('do not serve');
    }
  });

  it('rejects websocket upgrades without the token, from another origin or to another path', async () => {
    await expect(connect('')).rejects.toThrow('HTTP 401');
    await expect(connect('?token=nope')).rejects.toThrow('HTTP 401');
    await expect(connect(`?token=${shell.token}`, { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect(`?token=${shell.token}`, { Host: 'evil.example' })).rejects.toThrow('HTTP 421');
    const ok = await connect(`?token=${shell.token}`, { Origin: shell.origin });
    ok.ws.close();
  });

  it('carries the API contract: results, error values, events; a bad message keeps the connection', async () => {
    const client = await connect();
    expect(await client.call('profile.get')).toEqual({ ok: true, value: null });
    expect(await client.call('no.such.method')).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    client.ws.send('this is not json');
    client.ws.send(encodeWire({ t: 'nonsense' }));
    expect(await client.call('profile.setup', { name: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const setup = await client.call('profile.setup', {
      name: 'Ada',
      timeZone: 'Europe/London',
      workdays: [1, 2, 3, 4, 5],
      workStart: '09:00',
      workEnd: '17:00',
    });
    expect(setup.ok).toBe(true);
    const created = await client.call('pages.create', { title: 'Hello' });
    expect(created).toMatchObject({ ok: true, value: { title: 'Hello' } });
    expect(client.events.map((e) => e.event)).toEqual(expect.arrayContaining(['profile.changed', 'pages.changed']));

    // Binary Yjs updates survive the JSON framing.
    const page = (created as { value: { id: string } }).value;
    const opened = await client.call('docs.open', { docId: `page/${page.id}` });
    expect((opened as { value: { state: unknown } }).value.state).toBeInstanceOf(Uint8Array);
    client.ws.close();
  });
});
