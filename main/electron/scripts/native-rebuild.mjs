#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI in .electron-native/better-sqlite3, leaving Node's
// build in node_modules/better-sqlite3 untouched (tests and the web shell need that one).
//
//   npm run native:electron            build if missing or stale (npm start / npm run dev)
//   node …/native-rebuild.mjs --force  rebuild anyway
//   node …/native-rebuild.mjs --arch=arm64 --platform=darwin
//                                      another target (prebuilt download only; used by
//                                      electron-builder's beforePack hook)
//
// The copy is stamped with (electron version, better-sqlite3 version, platform, arch); a
// matching stamp plus an existing binary means "up to date" and nothing runs. The shell loads
// the result through main/electron/native-binding.ts.
//
// Needs, like any Electron native rebuild: network access to fetch a prebuilt binary
// (prebuild-install → GitHub releases) or, failing that, a C/C++ toolchain and Electron's
// headers (node-gyp → electronjs.org/headers; cached in ~/.electron-gyp afterwards).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const MODULE = 'better-sqlite3';

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function nativePaths(root = ROOT) {
  const baseDir = path.join(root, '.electron-native');
  const moduleDir = path.join(baseDir, MODULE);
  return {
    root,
    source: path.join(root, 'node_modules', MODULE),
    moduleDir,
    binary: path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node'),
    stampFile: path.join(baseDir, `${MODULE}.stamp.json`),
  };
}

function wanted(paths, platform, arch) {
  const electronDir = path.join(paths.root, 'node_modules', 'electron');
  if (!existsSync(path.join(electronDir, 'package.json'))) {
    throw new Error('electron is not installed (node_modules/electron is missing); run npm install.');
  }
  if (!existsSync(path.join(paths.source, 'package.json'))) {
    throw new Error(`${MODULE} is not installed (node_modules/${MODULE} is missing); run npm install.`);
  }
  const abiFile = path.join(electronDir, 'abi_version');
  return {
    electron: readJson(path.join(electronDir, 'package.json')).version,
    // NODE_MODULE_VERSION of that Electron (shipped by the electron package since v34).
    abi: existsSync(abiFile) ? readFileSync(abiFile, 'utf8').trim() : null,
    [MODULE]: readJson(path.join(paths.source, 'package.json')).version,
    platform,
    arch,
  };
}

/**
 * The NODE_MODULE_VERSION a (NAN/V8-API) addon was compiled for, read from the
 * `node_register_module_v<N>` symbol it exports; null if there is none (e.g. N-API addons).
 */
export function addonAbi(file) {
  const match = /node_register_module_v(\d+)/.exec(readFileSync(file).toString('latin1'));
  return match ? match[1] : null;
}

/**
 * The environment for node-gyp. npm exports its config to scripts as npm_config_*; a
 * `nodedir` there (e.g. nodedir=/usr in ~/.npmrc, to build offline against the system Node)
 * would make node-gyp compile against *Node's* headers while naming Electron as the target,
 * producing an addon Electron refuses to load. Electron's headers must come from disturl.
 */
function cleanBuildEnv() {
  for (const key of Object.keys(process.env)) {
    if (/^npm_config_(nodedir|node_gyp|target|runtime|disturl|build_from_source)$/i.test(key)) delete process.env[key];
  }
}

function isUpToDate(paths, stamp) {
  if (!existsSync(paths.binary) || !existsSync(paths.stampFile)) return false;
  try {
    const current = readJson(paths.stampFile);
    if (!Object.keys(stamp).every((key) => current[key] === stamp[key])) return false;
    const built = addonAbi(paths.binary);
    return !stamp.abi || !built || built === stamp.abi;
  } catch {
    return false;
  }
}

/**
 * Ensures .electron-native/better-sqlite3 holds a build for the installed Electron and the
 * given target. Returns the binary's path. Throws an Error with a readable message.
 */
export async function ensureElectronNative({
  root = ROOT,
  platform = process.platform,
  arch = process.arch,
  force = false,
  log = (message) => console.log(message),
} = {}) {
  const paths = nativePaths(root);
  const stamp = wanted(paths, platform, arch);
  const target = `Electron ${stamp.electron} (${platform}-${arch}${stamp.abi ? `, ABI ${stamp.abi}` : ''})`;
  if (!force && isUpToDate(paths, stamp)) {
    log(`[native] ${MODULE} for ${target} is up to date: ${path.relative(root, paths.binary)}`);
    return paths.binary;
  }

  log(`[native] building ${MODULE} ${stamp[MODULE]} for ${target} in ${path.relative(root, paths.moduleDir)} …`);
  rmSync(paths.stampFile, { force: true });
  rmSync(paths.moduleDir, { recursive: true, force: true });
  mkdirSync(path.dirname(paths.moduleDir), { recursive: true });
  // Copy the package sources without Node's build output; the rebuild fills build/ anew.
  cpSync(paths.source, paths.moduleDir, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(paths.source, src);
      return rel !== 'build' && !rel.startsWith('build' + path.sep) && rel !== 'node_modules' && !rel.startsWith('node_modules' + path.sep);
    },
  });

  cleanBuildEnv();
  let rebuild;
  try {
    ({ rebuild } = await import('@electron/rebuild'));
  } catch (error) {
    throw new Error(`@electron/rebuild is not installed (${error.message}); run npm install.`);
  }
  try {
    await rebuild({
      buildPath: paths.moduleDir,
      // Stop the module walker at the copy: it must never touch the project's node_modules.
      projectRootPath: paths.moduleDir,
      onlyModules: [MODULE],
      types: ['prod'],
      electronVersion: stamp.electron,
      platform,
      arch,
      force: true,
      mode: 'sequential',
    });
  } catch (error) {
    throw new Error(
      `could not build ${MODULE} for ${target}: ${error?.message ?? error}\n` +
        'This needs network access to download a prebuilt binary, or a C/C++ toolchain (python3, make, g++) ' +
        "plus Electron's headers from electronjs.org/headers. Node's own build in node_modules is untouched, " +
        'so tests and the web shell (npm run web) still work.',
    );
  }
  if (!existsSync(paths.binary)) {
    throw new Error(`the rebuild of ${MODULE} for ${target} finished but ${path.relative(root, paths.binary)} is missing.`);
  }
  const built = addonAbi(paths.binary);
  if (stamp.abi && built && built !== stamp.abi) {
    throw new Error(
      `the rebuilt ${MODULE} targets NODE_MODULE_VERSION ${built}, but ${target} needs ${stamp.abi}: ` +
        'node-gyp used the wrong headers (check nodedir / npm_config_nodedir and ~/.electron-gyp).',
    );
  }
  writeFileSync(paths.stampFile, JSON.stringify({ ...stamp, builtAt: new Date().toISOString() }, null, 2) + '\n');
  log(`[native] done: ${path.relative(root, paths.binary)}`);
  return paths.binary;
}

function parseArgs(argv) {
  const options = {};
  for (const arg of argv) {
    if (arg === '--force') options.force = true;
    else if (arg.startsWith('--arch=')) options.arch = arg.slice('--arch='.length);
    else if (arg.startsWith('--platform=')) options.platform = arg.slice('--platform='.length);
    else throw new Error(`unknown argument ${arg} (expected --force, --arch=<arch>, --platform=<platform>)`);
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    await ensureElectronNative(parseArgs(process.argv.slice(2)));
  } catch (error) {
    console.error(`[native] error: ${error.message}`);
    process.exitCode = 1;
  }
}
