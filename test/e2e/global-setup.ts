/**
 * Before the end-to-end tests: a browser must exist and the renderer must be built. `npm test`
 * builds first; when the e2e project is run alone, a missing build is made here.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findBrowser } from './support/browser';
import { RENDERER_DIR } from './support/web-shell';

export default function setup(): void {
  findBrowser();
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    execSync('npx electron-vite build', { cwd: path.resolve(__dirname, '../..'), stdio: 'inherit' });
  }
}
