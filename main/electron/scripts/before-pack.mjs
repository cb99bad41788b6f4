// electron-builder `beforePack` hook (electron-builder.yml): makes sure
// .electron-native/better-sqlite3 holds the Electron build for the platform and architecture
// being packed, just before electron-builder copies it as an extra resource
// (<resources>/native/better_sqlite3.node).
//
// electron-builder's own native rebuild is off (npmRebuild: false): it rebuilds inside the
// project's node_modules, which would replace Node's better-sqlite3 build that the tests and
// the web shell load.
import { ensureElectronNative } from './native-rebuild.mjs';

// builder-util's Arch enum, by value.
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

export default async function beforePack(context) {
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  if (arch === 'universal') {
    throw new Error('universal macOS builds are not supported: pack x64 and arm64 separately.');
  }
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  // Another platform than this machine's can only use a downloaded prebuilt binary.
  await ensureElectronNative({ platform, arch });
}
