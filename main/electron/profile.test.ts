import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidProfileError, profilePaths, resolveProfile } from './profile';

describe('profiles', () => {
  it('defaults to "default"', () => {
    expect(resolveProfile(['/usr/bin/baton'], {})).toBe('default');
  });

  it('takes BATON_PROFILE, and --profile=<name> over it', () => {
    expect(resolveProfile(['baton'], { BATON_PROFILE: 'alice' })).toBe('alice');
    expect(resolveProfile(['electron', '.', '--profile=bob'], { BATON_PROFILE: 'alice' })).toBe('bob');
  });

  it('refuses names that could leave the profiles folder', () => {
    for (const name of ['../x', 'a/b', 'a\\b', '..', '', ' ', 'x'.repeat(41)]) {
      expect(() => resolveProfile([`--profile=${name}`], {}), name).toThrow(InvalidProfileError);
    }
  });

  it('gives each profile its own data dir and its own Chromium session dir', () => {
    const base = path.join('/home', 'u', '.config', 'Baton');
    expect(profilePaths(base, 'alice')).toEqual({
      profile: 'alice',
      dataDir: path.join(base, 'profiles', 'alice'),
      sessionDir: path.join(base, 'sessions', 'alice'),
    });
  });
});
