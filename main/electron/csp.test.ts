import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import type { Session } from 'electron';
import { PRODUCTION_CSP, devCsp, installCsp, withCsp } from './csp';

describe('Content-Security-Policy', () => {
  it('is the strict production policy', () => {
    expect(PRODUCTION_CSP).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('relaxes only inline scripts and the HMR websocket for the dev server', () => {
    const policy = devCsp('http://localhost:5173/');
    expect(policy).toContain("script-src 'self' 'unsafe-inline'");
    expect(policy).toContain("connect-src 'self' ws://localhost:5173");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-eval');
  });

  it('replaces any policy the server sent, whatever the header case', () => {
    const headers = withCsp(
      { 'content-security-policy': ["default-src *"], 'Content-Security-Policy-Report-Only': 'x', 'Content-Type': 'text/html' },
      PRODUCTION_CSP,
    );
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [PRODUCTION_CSP] });
  });

  it('installs a response-header hook on the session', () => {
    let hook: ((details: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void) | undefined;
    const session = { webRequest: { onHeadersReceived: vi.fn((fn) => (hook = fn)) } } as unknown as Session;
    installCsp(session, PRODUCTION_CSP);
    const callback = vi.fn();
    hook!({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [PRODUCTION_CSP] },
    });
  });
});
