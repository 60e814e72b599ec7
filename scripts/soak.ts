/**
 * Soak test (issue 5; `npm run soak`, not part of `npm test`): a 10,000-run sweep of tiny runs
 * (the Xitun street cut to 2,000 residents and 1 year) through the real sweep — worker-thread
 * pool, journal, runs.csv, runs.parquet — printing the process's resident set size (RSS, which
 * includes the worker threads) every 1,000 runs, then the growth from the first thousand runs to
 * the last and a verdict line. Exit code 0 when the RSS is stable, 1 when it grew past the limit
 * or a run failed.
 *
 *   npm run soak [-- --runs N] [--workers N] [--years N] [--population N] [--limit-mb M] [--keep]
 *
 * What "stable" means: RSS at the last sample minus RSS at 1,000 runs is at most --limit-mb
 * (default 100 MB). By design the sweep keeps each finished run's outcomes in memory (the
 * journal's results, which runs.parquet is written from at the end): ~1–2 KB a run, 10–20 MB
 * for 10,000 runs, well inside the limit. A leak per run (a worker's world, a series buffer, a
 * listener) would be tens of KB a run and shows as hundreds of MB. The script also prints the
 * slope of a least-squares line through the samples after the first (MB per 1,000 runs).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSweep } from '../src/experiments/sweep.ts';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const n = Number(process.argv[at + 1]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a number, got ${JSON.stringify(process.argv[at + 1])}`);
  return n;
}

// Ten design points × replications: every run a different seed, as in a real replication study.
const POINTS = 10;
const RUNS = POINTS * Math.ceil(Math.max(2000, option('runs', 10_000)) / POINTS);
const WORKERS = Math.round(option('workers', Math.max(2, availableParallelism())));
const YEARS = Math.round(option('years', 1));
const POPULATION = Math.round(option('population', 2000));
const LIMIT_MB = option('limit-mb', 100);
const KEEP = process.argv.includes('--keep');
const EVERY = 1000;

const MB = 1024 * 1024;
const mb = (bytes: number) => bytes / MB;
const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const gc = (globalThis as { gc?: () => void }).gc;

const dir = mkdtempSync(join(tmpdir(), 'govbuy-soak-'));
writeFileSync(join(dir, 'xitun.yaml'), readFileSync(fileURLToPath(new URL('../scenarios/chifeng-xitun.yaml', import.meta.url))));
const experiment = join(dir, 'soak.yaml');
writeFileSync(
  experiment,
  `name: soak
description: ${RUNS} tiny runs for the soak test (scripts/soak.ts)
scenario: xitun.yaml
set: { years: ${YEARS}, region.population: ${POPULATION} }
factors: [{ path: policies.payments.advanceShare, name: advance, values: [${Array.from({ length: POINTS }, (_, i) => i / POINTS).join(', ')}] }]
replications: ${RUNS / POINTS}
seed: 2026
`,
);

interface Sample {
  runs: number;
  rssMb: number;
  heapMb: number;
  seconds: number;
}
const samples: Sample[] = [];
const t0 = performance.now();
let done = 0;
let failed = 0;

function sample(): Sample {
  gc?.(); // the main thread's heap only; worker threads collect on their own
  const m = process.memoryUsage();
  const s = { runs: done, rssMb: mb(m.rss), heapMb: mb(m.heapUsed), seconds: (performance.now() - t0) / 1000 };
  samples.push(s);
  console.log(
    `${fmt(s.runs).padStart(7)} runs  RSS ${fmt(s.rssMb).padStart(5)} MB  main heap ${fmt(s.heapMb).padStart(4)} MB  ${fmt(s.seconds, 1).padStart(7)} s  ${fmt((s.runs / s.seconds) * 60).padStart(6)} runs/min${failed ? `  ${failed} failed` : ''}`,
  );
  return s;
}

/** Least-squares slope of y on x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
}

console.log(
  `soak: ${fmt(RUNS)} runs (Xitun, ${fmt(POPULATION)} residents, ${YEARS} ${YEARS === 1 ? 'year' : 'years'} each) on ${WORKERS} worker threads; RSS every ${fmt(EVERY)} runs${gc ? '' : ' (run with --expose-gc for steadier heap figures)'}`,
);
console.log(`  start: RSS ${fmt(mb(process.memoryUsage().rss))} MB before the pool starts`);
let code = 1;
try {
  const outcome = await runSweep({
    experimentFile: experiment,
    out: join(dir, 'out'),
    workers: WORKERS,
    note: (line) => console.error(line),
    progress: () => ({
      tick(f: boolean) {
        done++;
        if (f) failed++;
        if (done % EVERY === 0) sample();
      },
      end() {},
    }),
  });
  if (done % EVERY !== 0) sample();
  const first = samples[0];
  const last = samples[samples.length - 1];
  const growth = last.rssMb - first.rssMb;
  const later = samples.slice(1).map((s) => ({ x: s.runs / EVERY, y: s.rssMb }));
  const perThousand = later.length >= 2 ? slope(later) : 0;
  const wall = (performance.now() - t0) / 1000;
  console.log(
    `soak: ${fmt(outcome.ranNow)} runs in ${fmt(wall, 0)} s (${fmt((outcome.ranNow / wall) * 60)} runs/min): ${outcome.ok} ok, ${outcome.failed} failed; runs.csv ${fmt(mb(readFileSync(join(outcome.out, 'runs.csv')).length), 1)} MB`,
  );
  console.log(
    `soak: RSS at ${fmt(first.runs)} runs ${fmt(first.rssMb)} MB, at ${fmt(last.runs)} runs ${fmt(last.rssMb)} MB: growth ${growth >= 0 ? '+' : ''}${fmt(growth, 1)} MB (${growth >= 0 ? '+' : ''}${fmt((100 * growth) / first.rssMb, 1)}%) over ${fmt(last.runs - first.runs)} runs; slope ${perThousand >= 0 ? '+' : ''}${fmt(perThousand, 1)} MB per 1,000 runs; peak ${fmt(Math.max(...samples.map((s) => s.rssMb)))} MB`,
  );
  const stable = growth <= LIMIT_MB;
  const ok = stable && outcome.failed === 0 && outcome.ranNow === RUNS;
  console.log(
    ok
      ? `soak: PASS: resident set stable (growth ${fmt(growth, 1)} MB ≤ ${fmt(LIMIT_MB)} MB from the first thousand runs to the last), every run ok`
      : `soak: FAIL: ${!stable ? `resident set grew ${fmt(growth, 1)} MB (limit ${fmt(LIMIT_MB)} MB)` : ''}${!stable && outcome.failed ? '; ' : ''}${outcome.failed ? `${outcome.failed} runs failed` : ''}${stable && !outcome.failed ? `ran ${outcome.ranNow} runs, expected ${RUNS}` : ''}`,
  );
  code = ok ? 0 : 1;
} finally {
  if (KEEP) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
