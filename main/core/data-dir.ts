/**
 * Where a profile's data lives when no folder is given. Matches Electron's userData folder
 * for an app named "Baton", so the desktop app and the web shell open the same profile
 * (never both at once: the data-dir lock refuses the second).
 */
import os from 'node:os';
import path from 'node:path';

export const PROFILE_NAME_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

export function userDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Baton');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Baton');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Baton');
}

export function profileDataDir(root: string, profile: string): string {
  if (!PROFILE_NAME_PATTERN.test(profile)) {
    throw new Error(`Profile names use letters, digits, "-" and "_" (at most 40): got "${profile}"`);
  }
  return path.join(root, 'profiles', profile);
}
