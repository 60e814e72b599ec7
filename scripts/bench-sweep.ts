/**
 * Sweep throughput (part of `npm run bench`): one fixed experiment — the Xitun street, 20 years,
 * 2 design points × 200 seeds = 400 runs — swept with 1 worker (in this thread) and with 2 worker
 * threads. Prints runs per minute for each and the parallel efficiency (rate with 2 workers /
 * 2 × rate with 1). Wall time includes starting the pool (bundling the worker module, starting
 * the threads), as a user sees it. Asserts nothing.
 *   node --import tsx scripts/bench-sweep.ts [--runs N]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSweep } from '../src/experiments/sweep.ts';

const at = process.argv.indexOf('--runs');
const runs = at > 0 ? Math.max(2, Number(process.argv[at + 1]) || 400) : 400;
const scenario = fileURLToPath(new URL('../scenarios/chifeng-xitun.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'govbuy-bench-sweep-'));
const experiment = join(dir, 'bench.yaml');
writeFileSync(
  experiment,
  `name: bench
scenario: ${JSON.stringify(scenario)}
set: { years: 20 }
factors: [{ path: policies.payments.advanceShare, values: [0, 0.5] }]
replications: ${Math.ceil(runs / 2)}
seed: 1
`,
);

async function rate(workers: number): Promise<number> {
  const t0 = performance.now();
  const r = await runSweep({ experimentFile: experiment, out: join(dir, `w${workers}`), workers, force: true });
  const s = (performance.now() - t0) / 1000;
  const perMinute = (r.ranNow / s) * 60;
  console.log(`  ${workers} worker${workers === 1 ? ' (in-process)' : ' threads'}: ${r.ranNow} runs in ${s.toFixed(1)} s → ${Math.round(perMinute).toLocaleString('en-US')} runs/min`);
  return perMinute;
}

try {
  console.log(`sweep throughput, Xitun 20 years, ${Math.ceil(runs / 2) * 2} runs (pool start-up included):`);
  const one = await rate(1);
  const two = await rate(2);
  console.log(`  parallel efficiency at 2 workers: ${((100 * two) / (2 * one)).toFixed(0)}% (speed-up ×${(two / one).toFixed(2)})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
