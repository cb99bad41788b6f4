import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn(), unhandle: vi.fn() },
}));
vi.mock('electron', () => electron);

import { createAppProtocolHandler, handleAppProtocol, mimeTypeOf, registerAppScheme, resolveAssetPath } from './app-protocol';
import { PRODUCTION_CSP } from './csp';

let base: string;
let root: string;

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-protocol-'));
  root = path.join(base, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Baton</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'assets', 'a b.css'), 'body{}');
  // Files next to the root that a traversal would reach.
  fs.writeFileSync(path.join(base, 'secret.txt'), 'TOP SECRET');
  fs.mkdirSync(path.join(base, 'renderer-evil'));
  fs.writeFileSync(path.join(base, 'renderer-evil', 'x.js'), 'TOP SECRET');
});

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => createAppProtocolHandler(root)({ url, method });

describe('baton:// scheme registration', () => {
  it('is privileged as a standard, secure scheme before ready', () => {
    registerAppScheme();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      {
        scheme: 'baton',
        privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }),
      },
    ]);
  });

  it('is served with protocol.handle and can be removed', () => {
    const dispose = handleAppProtocol(root);
    expect(electron.protocol.handle).toHaveBeenCalledWith('baton', expect.any(Function));
    dispose();
    expect(electron.protocol.unhandle).toHaveBeenCalledWith('baton');
  });
});

describe('baton:// handler', () => {
  it('serves files of the renderer build with type, CSP and nosniff', async () => {
    const response = await get('baton://app/index.html');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Baton</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(PRODUCTION_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');

    const script = await get('baton://app/assets/app.js?v=1#x');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await (await get('baton://app/assets/a%20b.css')).text()).toBe('body{}');
  });

  it('serves index.html for the root', async () => {
    expect(await (await get('baton://app/')).text()).toContain('Baton');
    expect(await (await get('baton://app')).text()).toContain('Baton');
  });

  it('answers 404 for missing files and directories', async () => {
    expect((await get('baton://app/missing.js')).status).toBe(404);
    expect((await get('baton://app/assets')).status).toBe(404);
  });

  it('refuses every path-traversal form without reading outside the root', async () => {
    const read = vi.fn(async (file: string) => fs.promises.readFile(file));
    const handler = createAppProtocolHandler(root, read);
    const attacks = [
      'baton://app/../secret.txt',
      'baton://app/assets/../../secret.txt',
      'baton://app/%2e%2e/secret.txt',
      'baton://app/%2E%2E%2Fsecret.txt',
      'baton://app/..%2fsecret.txt',
      'baton://app/assets/..%2F..%2Fsecret.txt',
      'baton://app/..%5csecret.txt',
      'baton://app/%5c..%5c..%5csecret.txt',
      'baton://app/../renderer-evil/x.js',
      'baton://app/..%2frenderer-evil%2fx.js',
      'baton://app/index.html%00.js',
      'baton://app/%E0%A4%A',
      'baton://app//etc/passwd',
      `baton://app/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
    ];
    for (const url of attacks) {
      const response = await handler({ url, method: 'GET' });
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(await response.text(), url).not.toContain('TOP SECRET');
    }
    for (const [file] of read.mock.calls) {
      expect(file.startsWith(root + path.sep), file).toBe(true);
    }
  });

  it('refuses other hosts, other schemes and other methods', async () => {
    expect((await get('baton://evil/index.html')).status).toBe(403);
    expect((await get('baton://app.evil/index.html')).status).toBe(403);
    expect((await get('https://app/index.html')).status).toBe(403);
    expect((await get('baton://app/index.html', 'POST')).status).toBe(405);
    const head = await get('baton://app/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('resolves paths purely and only inside the root', () => {
    expect(resolveAssetPath(root, 'baton://app/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveAssetPath(root, 'baton://app/a/./b/../c.js')).toBe(path.join(root, 'a', 'c.js'));
    expect(resolveAssetPath(root, 'baton://app/..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveAssetPath(root, 'not a url')).toBeNull();
  });

  it('names common asset types', () => {
    expect(mimeTypeOf('x.woff2')).toBe('font/woff2');
    expect(mimeTypeOf('x.SVG')).toBe('image/svg+xml');
    expect(mimeTypeOf('x.unknown')).toBe('application/octet-stream');
  });
});
