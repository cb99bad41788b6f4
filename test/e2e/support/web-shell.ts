/** Starts a real Core + web shell on a temp profile for end-to-end tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core, CoreOptions } from '../../../main/core/core';
import { createCore } from '../../../main/core/core';
import type { WebShell } from '../../../main/web/server';
import { startWebShell } from '../../../main/web/server';

export const RENDERER_DIR = path.resolve(__dirname, '../../../out/renderer');

export interface RunningShell extends WebShell {
  dataDir: string;
  /** The shell's Core (tests reach its services, e.g. to run the reminder schedule now). */
  core: Core;
  /** Stops the shell and Core; keeps the data dir unless `remove`. */
  stop(options?: { remove?: boolean }): Promise<void>;
}

export async function startShell(options: Partial<CoreOptions> = {}): Promise<RunningShell> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'baton-e2e-'));
  const core = createCore({ shell: 'web', ...options, dataDir });
  const shell = await startWebShell({ core, staticDir: RENDERER_DIR });
  return {
    ...shell,
    dataDir,
    core,
    async stop({ remove = false } = {}) {
      await shell.close();
      core.dispose();
      if (remove) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
