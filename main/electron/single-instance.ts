/**
 * One running Baton per profile: a second launch hands over to the first, which brings its
 * window to the front, and then exits. The lock is scoped to app.getPath('userData'), which
 * profile.ts makes per-profile, so different profiles still run side by side.
 */
import type { App } from 'electron';

/** Returns false when another instance holds the lock: the caller must quit without starting. */
export function acquireSingleInstanceLock(
  app: Pick<App, 'requestSingleInstanceLock' | 'on'>,
  onSecondInstance: () => void,
): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => onSecondInstance());
  return true;
}
