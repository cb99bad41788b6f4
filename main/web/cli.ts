/**
 * `npm run web` — runs Baton's Core and serves the app to a browser on 127.0.0.1.
 *
 *   npm run web -- [--profile default] [--data <folder>] [--port 0]
 *
 * Prints the URL to open (it carries this run's access token). Ctrl+C stops it cleanly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../core/core';
import { profileDataDir, userDataDir } from '../core/data-dir';
import { startWebShell } from './server';

const USAGE = `Usage: npm run web -- [--profile <name>] [--data <folder>] [--port <n>]

  --profile <name>  which local profile to open (default: "default")
  --data <folder>   use this data folder instead of the profile's
  --port <n>        port on 127.0.0.1 (default: a free one)`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        profile: { type: 'string', default: process.env.BATON_PROFILE ?? 'default' },
        data: { type: 'string' },
        port: { type: 'string', default: '0' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number from 0 to 65535, got "${values.port}"\n\n${USAGE}`);
    process.exit(2);
  }
  const root = path.resolve(__dirname, '..', '..');
  const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const dataDir = values.data ? path.resolve(values.data) : profileDataDir(userDataDir(), values.profile!);

  const core = createCore({ dataDir, shell: 'web', version: packageJson.version });
  const shell = await startWebShell({ core, staticDir: path.join(root, 'out', 'renderer'), port });
  console.log(`Baton web shell (data: ${dataDir})`);
  console.log(`Open ${shell.url}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await shell.close();
    core.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`Baton could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
