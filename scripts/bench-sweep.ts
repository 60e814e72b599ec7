/**
 * Sweep throughput (part of `npm run bench`): one fixed experiment — the Xitun street, 20 years,
 * 2 design points × 200 seeds = 400 runs — swept by `govbuy sweep` with 1 worker (in the main
 * thread) and with 2 worker threads. Prints runs per minute for each and the parallel efficiency
 * (rate with 2 workers / 2 × rate with 1). The time is the command's wall time as a user sees it:
 * process start, loading the build, starting the pool and writing the folder included. Asserts
 * nothing.
 *   node --import tsx scripts/bench-sweep.ts [--runs N]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readyBuild, ROOT, timeGovbuy } from './benchCli.ts';

const at = process.argv.indexOf('--runs');
const runs = 2 * Math.ceil((at > 0 ? Math.max(2, Number(process.argv[at + 1]) || 400) : 400) / 2);
await readyBuild();
const dir = mkdtempSync(join(tmpdir(), 'govbuy-bench-sweep-'));
const experiment = join(dir, 'bench.yaml');
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

function rate(workers: number): number {
  const { seconds } = timeGovbuy(['sweep', experiment, '--workers', String(workers), '--out', join(dir, `w${workers}`), '--force']);
  const perMinute = (runs / seconds) * 60;
  console.log(`  ${workers} worker${workers === 1 ? ' (in the main thread)' : ' threads'}: ${runs} runs in ${seconds.toFixed(1)} s → ${Math.round(perMinute).toLocaleString('en-US')} runs/min`);
  return perMinute;
}

try {
  console.log(`sweep throughput, Xitun 20 years, ${runs} runs (govbuy sweep end to end: process and pool start-up included):`);
  const one = rate(1);
  const two = rate(2);
  console.log(`  parallel efficiency at 2 workers: ${((100 * two) / (2 * one)).toFixed(0)}% (speed-up ×${(two / one).toFixed(2)})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
