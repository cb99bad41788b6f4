import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError } from '../errors';
import { createCore } from '../core';
import { acquireDataDirLock } from './data-dir-lock';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-lock-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Starts a real second process that holds the data dir until it is killed. */
function holdInChild(): Promise<{ pid: number; kill: () => void }> {
  const script = `
    const fs = require('node:fs');
    const path = require('node:path');
    fs.writeFileSync(path.join(${JSON.stringify(dir)}, 'baton.lock'), JSON.stringify({ pid: process.pid }));
    process.stdout.write('ready\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve({ pid: child.pid!, kill: () => child.kill('SIGKILL') }));
    child.once('error', reject);
  });
}

describe('data directory lock', () => {
  it('gives a second Core on the same directory a clear error, and frees the directory on dispose', () => {
    const first = createCore({ dataDir: dir, shell: 'web' });
    expect(() => createCore({ dataDir: dir, shell: 'web' })).toThrow(DataDirLockedError);
    first.dispose();
    const second = createCore({ dataDir: dir, shell: 'web' });
    second.dispose();
  });

  it('refuses a directory held by another live process, naming its pid', async () => {
    const child = await holdInChild();
    try {
      let caught: unknown;
      try {
        acquireDataDirLock(dir);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DataDirLockedError);
      expect((caught as Error).message).toContain(String(child.pid));
      expect((caught as Error).message).toContain(dir);
    } finally {
      child.kill();
    }
  });

  it('takes over a lock left by a process that died', async () => {
    const child = await holdInChild();
    child.kill();
    await new Promise((r) => setTimeout(r, 200));
    const lock = acquireDataDirLock(dir);
    lock.dispose();
    expect(fs.existsSync(path.join(dir, 'baton.lock'))).toBe(false);
  });
});
