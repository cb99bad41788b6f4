import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { acquireSingleInstanceLock } from './single-instance';

describe('single-instance lock', () => {
  it('a second instance gets no lock and must quit; nothing is registered', () => {
    const app = { requestSingleInstanceLock: vi.fn(() => false), on: vi.fn() };
    const focus = vi.fn();
    expect(acquireSingleInstanceLock(app as never, focus)).toBe(false);
    expect(app.on).not.toHaveBeenCalled();
  });

  it('the first instance brings its window forward when another launch happens', () => {
    const listeners: Record<string, () => void> = {};
    const app = {
      requestSingleInstanceLock: vi.fn(() => true),
      on: vi.fn((name: string, fn: () => void) => {
        listeners[name] = fn;
        return app;
      }),
    };
    const focus = vi.fn();
    expect(acquireSingleInstanceLock(app as never, focus)).toBe(true);
    expect(focus).not.toHaveBeenCalled();
    listeners['second-instance']();
    expect(focus).toHaveBeenCalledOnce();
  });
});
