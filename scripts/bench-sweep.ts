/**
 * Sweep throughput (part of `npm run bench`): the Xitun street, 20 years, 2 design points, swept
 * by `govbuy sweep` with 1 worker (in the main thread) and with 2 worker threads, at two lengths:
 * 400 runs (a short sweep, about 11 s on 2 threads) and 2,000 runs (what the goal of 2,000 runs a
 * minute means: a minute of sweeping on 2 threads). Prints runs per minute for each, the parallel
 * efficiency (rate with 2 workers / 2 × rate with 1), and, from the two lengths, what a sweep costs
 * once (process start, the pool's threads loading the code, each thread's warm-up) and per run.
 * The time is the command's wall time as a user sees it: process start, loading the build,
 * starting the pool and writing the folder included. Asserts nothing.
 *   node --import tsx scripts/bench-sweep.ts [--runs N,M…]   (default 400,2000)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readyBuild, ROOT, timeGovbuy } from './benchCli.ts';

const at = process.argv.indexOf('--runs');
const lengths = (at > 0 ? process.argv[at + 1] ?? '' : '400,2000')
  .split(',')
  .map((n) => 2 * Math.ceil(Math.max(2, Number(n) || 400) / 2));
await readyBuild();
const dir = mkdtempSync(join(tmpdir(), 'govbuy-bench-sweep-'));

/** Wall seconds of `govbuy sweep` over `runs` runs (2 design points × runs/2 seeds) with `workers`. */
function sweepSeconds(runs: number, workers: number): number {
  const experiment = join(dir, `bench-${runs}.yaml`);
  writeFileSync(
    experiment,
    `name: bench
scenario: ${JSON.stringify(join(ROOT, 'scenarios', 'chifeng-xitun.yaml'))}
set: { years: 20 }
factors: [{ path: policies.payments.advanceShare, values: [0, 0.5] }]
replications: ${runs / 2}
seed: 1
`,
  );
  const { seconds } = timeGovbuy(['sweep', experiment, '--workers', String(workers), '--out', join(dir, `out-${runs}-${workers}`), '--force']);
  rmSync(join(dir, `out-${runs}-${workers}`), { recursive: true, force: true });
  return seconds;
}

const perMinute = (runs: number, seconds: number) => Math.round((runs / seconds) * 60).toLocaleString('en-US');

try {
  console.log('sweep throughput, Xitun 20 years (govbuy sweep end to end: process and pool start-up included):');
  const measured: { runs: number; one: number; two: number }[] = [];
  for (const runs of lengths) {
    const one = sweepSeconds(runs, 1);
    const two = sweepSeconds(runs, 2);
    measured.push({ runs, one, two });
    console.log(`  ${runs.toLocaleString('en-US')} runs: 1 worker (in the main thread) ${one.toFixed(1)} s → ${perMinute(runs, one)} runs/min; 2 worker threads ${two.toFixed(1)} s → ${perMinute(runs, two)} runs/min`);
    console.log(`    parallel efficiency at 2 workers: ${((100 * one) / (2 * two)).toFixed(0)}% (speed-up ×${(one / two).toFixed(2)})`);
  }
  if (measured.length >= 2) {
    // Two lengths give a line per worker count: seconds = once + runs × each.
    const [a, b] = [measured[0], measured[measured.length - 1]];
    for (const [label, key] of [['1 worker', 'one'], ['2 worker threads', 'two']] as const) {
      const each = (b[key] - a[key]) / (b.runs - a.runs);
      console.log(`  ${label}: ${(a[key] - each * a.runs).toFixed(2)} s once (start, pool, warm-up), then ${(1000 * each).toFixed(1)} ms of wall time a run`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
