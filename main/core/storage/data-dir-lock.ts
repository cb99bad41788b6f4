/**
 * One Baton process per data directory. A lock file holds the owner's pid; a second process
 * (or a second Core in this process) gets DataDirLockedError instead of sharing the SQLite
 * file. A lock left by a crashed process (pid no longer alive) is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DataDirLockedError } from '../errors';
import type { Disposable } from '../lifecycle';

const LOCK_FILE = 'baton.lock';
const heldInThisProcess = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(dataDir: string): Disposable {
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  if (heldInThisProcess.has(dir)) throw new DataDirLockedError(dir, process.pid);
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      fs.closeSync(fd);
      heldInThisProcess.add(dir);
      return {
        dispose() {
          heldInThisProcess.delete(dir);
          try {
            const holder = readHolder(file);
            if (holder === process.pid) fs.unlinkSync(file);
          } catch {
            // already gone: nothing to release
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      if (holder !== null && holder !== process.pid && isAlive(holder)) throw new DataDirLockedError(dir, holder);
      // Stale lock (crashed process, or unreadable file): take it over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(dir, readHolder(file) ?? -1);
}

function readHolder(file: string): number | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: unknown };
    return typeof parsed.pid === 'number' ? parsed.pid : null;
  } catch {
    return null;
  }
}
