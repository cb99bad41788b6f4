import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, devServerUrl, isAllowedOrigin, resolveRendererSource } from './app-url';

describe('renderer source', () => {
  it('loads baton://app/index.html when packaged, whatever the environment says', () => {
    const source = resolveRendererSource(true, { ELECTRON_RENDERER_URL: 'http://localhost:5173/' });
    expect(source).toEqual({ url: APP_ENTRY_URL, origins: [APP_ORIGIN], dev: false });
  });

  it('uses the dev server only when unpackaged and ELECTRON_RENDERER_URL is a loopback http(s) URL', () => {
    expect(resolveRendererSource(false, {})).toMatchObject({ url: 'baton://app/index.html', dev: false });
    expect(resolveRendererSource(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173/' })).toEqual({
      url: 'http://localhost:5173/',
      origins: ['http://localhost:5173', APP_ORIGIN],
      dev: true,
    });
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: 'https://evil.example/' })).toBeNull();
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: 'file:///etc/passwd' })).toBeNull();
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: 'not a url' })).toBeNull();
  });

  it('compares origins by scheme, host and port', () => {
    const origins = [APP_ORIGIN];
    expect(isAllowedOrigin('baton://app/index.html#/x', origins)).toBe(true);
    expect(isAllowedOrigin('BATON://APP/other', origins)).toBe(true);
    expect(isAllowedOrigin('baton://app.evil/index.html', origins)).toBe(false);
    expect(isAllowedOrigin('baton://evil/index.html', origins)).toBe(false);
    expect(isAllowedOrigin('https://app/index.html', origins)).toBe(false);
    expect(isAllowedOrigin('http://localhost:5174/', ['http://localhost:5173'])).toBe(false);
    expect(isAllowedOrigin('about:blank', origins)).toBe(false);
    expect(isAllowedOrigin('', origins)).toBe(false);
  });
});
