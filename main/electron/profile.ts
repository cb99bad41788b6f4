/**
 * Profiles: one data directory per profile, so two people (or two test users) can run Baton
 * side by side on one machine: `baton --profile=alice`, or BATON_PROFILE=alice.
 *
 * Layout under the OS's per-app directory (app.getPath('userData') before we change it):
 *   profiles/<profile>/   the Core's data directory (main/core/data-dir.ts: the same folder the
 *                         web shell opens for that profile; the Core's lock keeps them apart)
 *   sessions/<profile>/   Chromium's data for that profile; it also scopes Electron's
 *                         single-instance lock, so each profile is its own single instance
 */
import path from 'node:path';
import { PROFILE_NAME_PATTERN, profileDataDir } from '../core/data-dir';

export const DEFAULT_PROFILE = 'default';

export class InvalidProfileError extends Error {
  constructor(name: string) {
    super(`"${name}" is not a valid profile name: use letters, digits, "-" and "_" (at most 40).`);
    this.name = 'InvalidProfileError';
  }
}

/** `--profile=<name>` wins over BATON_PROFILE; the default is "default". Throws on a bad name. */
export function resolveProfile(argv: readonly string[], env: Record<string, string | undefined>): string {
  let name: string | undefined;
  for (const arg of argv) {
    if (arg.startsWith('--profile=')) name = arg.slice('--profile='.length);
  }
  name ??= env.BATON_PROFILE || DEFAULT_PROFILE;
  if (!PROFILE_NAME_PATTERN.test(name)) throw new InvalidProfileError(name);
  return name;
}

export interface ProfilePaths {
  profile: string;
  /** CoreOptions.dataDir */
  dataDir: string;
  /** What app.setPath('userData') is set to for this profile. */
  sessionDir: string;
}

export function profilePaths(baseUserData: string, profile: string): ProfilePaths {
  return {
    profile,
    dataDir: profileDataDir(baseUserData, profile),
    sessionDir: path.join(baseUserData, 'sessions', profile),
  };
}
