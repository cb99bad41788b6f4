import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Vite 8 bundles with Rolldown: `rolldownOptions` is the current name (`rollupOptions` is a
// deprecated alias that electron-vite 6 still maps over).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // package.json `dependencies` stay external and are required from node_modules at run
      // time (better-sqlite3 is native and cannot be bundled; electron-builder packs them).
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'main/electron/main.ts') },
        // package.json says "type": "commonjs"; pin the format so a later switch to
        // "module" does not silently change how Electron loads out/main/index.js.
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // The window runs with `sandbox: true`. A sandboxed preload is evaluated as one
      // CommonJS script whose `require` knows only `electron` and a few polyfilled modules,
      // so it must be a single self-contained .js file: no ESM, no chunks, and no npm
      // package left external (the API contract pulls in zod, which gets bundled).
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
