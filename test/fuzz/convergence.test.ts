/**
 * Seeded convergence fuzz (driver.ts): 5 Cores with their own SQLite dirs on a real relay,
 * random edits, partitions, Core restarts from disk and relay restarts; at the end every Core
 * and the relay hold the same state.
 *
 *   CI:        a fixed list of seeds (about a minute)
 *   longer:    npm run fuzz                       (BATON_FUZZ_ROUNDS=200 seeds)
 *   replay:    BATON_FUZZ_SEED=1234 npx vitest run --project integration test/fuzz
 *   knobs:     BATON_FUZZ_ROUNDS (seeds), BATON_FUZZ_STEPS (steps per seed)
 *
 * Every fourth round runs the relay as a child process and restarts it with SIGKILL instead of
 * a graceful close.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { intFromEnv, seedsFromEnv } from '../support/prng';
import { runFuzzRound, type FuzzReport } from './driver';

const CI_SEEDS = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597];
const rounds = intFromEnv('BATON_FUZZ_ROUNDS', CI_SEEDS.length);
const seeds = seedsFromEnv('FUZZ', CI_SEEDS, rounds);
const steps = intFromEnv('BATON_FUZZ_STEPS', 120);
const reports: FuzzReport[] = [];

describe('convergence fuzz: 5 Cores, random edits, partitions and restarts', () => {
  it.each(seeds.map((seed, i) => [seed, i] as const))('seed %i', async (seed, i) => {
    const report = await runFuzzRound({ seed, steps, relayMode: i % 4 === 3 ? 'process' : 'in-process' });
    reports.push(report);
    expect(report.steps).toBe(steps);
  }, 120_000);

  afterAll(() => {
    const ops: Record<string, number> = {};
    for (const r of reports) for (const [k, n] of Object.entries(r.ops)) ops[k] = (ops[k] ?? 0) + n;
    const total = reports.reduce((sum, r) => sum + r.ms, 0);
    // One line for the log / RELIABILITY.md: how much the run exercised.
    process.stdout.write(
      `fuzz: ${reports.length}/${seeds.length} seeds passed, ${steps} steps each, ${(total / 1000).toFixed(1)} s; ` +
        `ops ${JSON.stringify(ops)}; per seed ≈ ${avg(reports.map((r) => r.docs))} docs, ${avg(reports.map((r) => r.pages))} pages, ` +
        `${avg(reports.map((r) => r.logEntries))} log entries\n`,
    );
  });
});

function avg(values: number[]): string {
  return values.length ? (values.reduce((a, b) => a + b, 0) / values.length).toFixed(1) : '0';
}
