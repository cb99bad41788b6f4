import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseNativeBinding } from './native-binding';

const project = path.join('/home', 'dev', 'baton');
const resources = path.join('/opt', 'Baton', 'resources');
const devBinary = path.join(project, '.electron-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const packagedBinary = path.join(resources, 'native', 'better_sqlite3.node');
const nodeBinary = path.join(project, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

const env = (isPackaged: boolean, files: string[]) => ({
  isPackaged,
  appPath: isPackaged ? path.join(resources, 'app.asar') : project,
  resourcesPath: resources,
  exists: (file: string) => files.includes(file),
});

describe('chooseNativeBinding', () => {
  it('uses the Electron build in .electron-native when unpackaged (npm start / npm run dev)', () => {
    expect(chooseNativeBinding(env(false, [devBinary, nodeBinary]))).toEqual({ ok: true, path: devBinary });
  });

  it("never falls back to Node's build when the Electron build is missing", () => {
    const choice = chooseNativeBinding(env(false, [nodeBinary]));
    expect(choice.ok).toBe(false);
    if (!choice.ok) expect(choice.message).toContain('npm run native:electron');
  });

  it('uses the binary shipped in <resources>/native when packaged', () => {
    expect(chooseNativeBinding(env(true, [packagedBinary, devBinary]))).toEqual({ ok: true, path: packagedBinary });
  });

  it('reports an incomplete installation when the packaged binary is missing', () => {
    const choice = chooseNativeBinding(env(true, [devBinary]));
    expect(choice).toMatchObject({ ok: false });
    if (!choice.ok) expect(choice.message).toMatch(/reinstall/i);
  });
});
