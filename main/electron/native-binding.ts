/**
 * Which better-sqlite3 binary the Electron shell loads.
 *
 * node_modules/better-sqlite3/build/Release holds the build for Node's ABI (tests, web shell).
 * Electron has its own ABI and needs its own build, which must never overwrite Node's:
 * - development (`npm start` / `npm run dev`): scripts/native-rebuild.mjs builds a copy in
 *   .electron-native/better-sqlite3;
 * - packaged app: the same build, shipped by electron-builder as an extra resource
 *   (`<resources>/native/better_sqlite3.node`, outside the asar so it can be dlopen'ed).
 *   electron-builder's own rebuild is switched off (npmRebuild: false) because it rebuilds
 *   in the project's node_modules, which would break the Node build for tests.
 */
import path from 'node:path';

export const NATIVE_BINARY = 'better_sqlite3.node';
/** Relative to the project root (= app.getAppPath() when unpackaged). */
export const DEV_NATIVE_DIR = path.join('.electron-native', 'better-sqlite3', 'build', 'Release');
/** Relative to process.resourcesPath in a packaged app. */
export const PACKAGED_NATIVE_DIR = 'native';

export interface NativeBindingEnv {
  isPackaged: boolean;
  /** app.getAppPath(): the project root when unpackaged, .../resources/app.asar when packaged. */
  appPath: string;
  /** process.resourcesPath */
  resourcesPath: string;
  exists(file: string): boolean;
}

export type NativeBindingChoice =
  | { ok: true; path: string }
  | { ok: false; message: string };

export function chooseNativeBinding(env: NativeBindingEnv): NativeBindingChoice {
  if (env.isPackaged) {
    const file = path.join(env.resourcesPath, PACKAGED_NATIVE_DIR, NATIVE_BINARY);
    if (env.exists(file)) return { ok: true, path: file };
    return {
      ok: false,
      message: `This Baton installation is incomplete: the SQLite engine (${file}) is missing. Please reinstall Baton.`,
    };
  }
  const file = path.join(env.appPath, DEV_NATIVE_DIR, NATIVE_BINARY);
  if (env.exists(file)) return { ok: true, path: file };
  return {
    ok: false,
    message:
      `better-sqlite3 has not been built for Electron yet (${file} is missing).\n` +
      'Run "npm run native:electron" (npm start and npm run dev do this for you).',
  };
}
