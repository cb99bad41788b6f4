/**
 * `npm run fuzz`: the convergence fuzz with many more seeds than CI runs (default 200 rounds).
 * A script rather than `BATON_FUZZ_ROUNDS=200 vitest …` in package.json so it also works in
 * shells without that env syntax (Windows). Knobs pass through: BATON_FUZZ_ROUNDS,
 * BATON_FUZZ_STEPS, BATON_FUZZ_SEED; extra arguments go to vitest.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const env = { ...process.env, BATON_FUZZ_ROUNDS: process.env.BATON_FUZZ_ROUNDS ?? '200' };
const child = spawn(process.execPath, [vitest, 'run', '--project', 'integration', 'test/fuzz', ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
