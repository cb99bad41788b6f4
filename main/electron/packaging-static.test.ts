/**
 * Static checks of what `npm run dist` packs (electron-builder.yml): the relay's scale-out
 * drivers are runtime dependencies of the package (for `npm run relay`), but the desktop app
 * never loads them, so the `files` list keeps them — and every package only they use — out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const RELAY_ONLY_ROOTS = ['pg', 'ioredis'];

function manifest(dir: string): { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> } | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  } catch {
    return null;
  }
}

/** Installed packages reachable from `roots` (node's resolution: nested node_modules, then the top). */
function closure(roots: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string, from: string) => {
    for (let dir = from; ; dir = path.dirname(path.dirname(dir))) {
      const candidate = path.join(dir, 'node_modules', name);
      if (fs.existsSync(path.join(candidate, 'package.json'))) {
        const key = path.relative(ROOT, candidate);
        if (seen.has(key)) return;
        seen.add(key);
        const pkg = manifest(candidate)!;
        for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep, candidate);
        return;
      }
      if (dir === ROOT || dir === path.dirname(dir)) return; // not installed (an optional dependency)
    }
  };
  for (const name of roots) visit(name, ROOT);
  return new Set([...seen].map((key) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length)));
}

/** The `!**\/node_modules/{a,b-*}/**` exclusions of electron-builder.yml's `files`, as name tests. */
function excludedPackages(): ((name: string) => boolean)[] {
  const yml = fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
  const tests: ((name: string) => boolean)[] = [];
  for (const [, list] of yml.matchAll(/^\s*- "!\*\*\/node_modules\/\{([^}]+)\}\/\*\*"$/gm)) {
    for (const glob of list.split(',')) {
      const re = new RegExp(`^${glob.trim().replace(/[.+?^$()[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
      tests.push((name) => re.test(name) || name.startsWith(`${glob.trim()}/`));
    }
  }
  return tests;
}

describe('electron-builder files', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const appRoots = Object.keys(pkg.dependencies).filter((name) => !RELAY_ONLY_ROOTS.includes(name));
  const app = closure(appRoots);
  const relayOnly = [...closure(RELAY_ONLY_ROOTS)].filter((name) => !app.has(name));
  const excluded = excludedPackages();
  const isExcluded = (name: string) => excluded.some((test) => test(name));

  it('leaves out every package only the relay drivers use', () => {
    expect(relayOnly).toEqual(expect.arrayContaining(RELAY_ONLY_ROOTS));
    expect(relayOnly.filter((name) => !isExcluded(name))).toEqual([]);
  });

  it('never leaves out a package the desktop app uses', () => {
    expect(app.size).toBeGreaterThan(20);
    expect([...app].filter(isExcluded)).toEqual([]);
  });

  it('the desktop build never imports the relay drivers', () => {
    const mainOut = path.join(ROOT, 'out', 'main');
    if (!fs.existsSync(mainOut)) return; // `npm test` builds before it runs; a lone unit run may not have
    for (const file of fs.readdirSync(mainOut).filter((f) => f.endsWith('.js'))) {
      const code = fs.readFileSync(path.join(mainOut, file), 'utf8');
      expect(code, file).not.toMatch(/require\(["'](pg|ioredis)["']\)|from ["'](pg|ioredis)["']/);
    }
  });
});
