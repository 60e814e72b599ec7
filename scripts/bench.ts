/**
 * Speed benchmark (npm run bench): prints figures, asserts nothing. The targets and the history
 * of these figures are in docs/performance.md. The engine figures are taken in this process (from
 * the sources, under tsx); start-up and sweeps time `node bin/govbuy.js` (the build) as users run it.
 *   node --import tsx scripts/bench.ts [--skip-large] [--skip-full-scale]
 *   --skip-large leaves out the 10^7-resident run (about 45 s) and --skip-full-scale the
 *   Guangzhou full-scale runs (14M residents, with 1 and 2 threads, about 50 s in all; each in its
 *   own process, whose peak memory is printed with it).
 */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { simulate } from '../src/model/run.ts';
import { setPath } from '../src/scenario/paths.ts';
import { scenarioSchema, type Scenario } from '../src/scenario/schema.ts';

function scenario(sets: Record<string, unknown> = {}, file = 'chifeng-xitun.yaml'): Scenario {
  const raw = YAML.parse(readFileSync(new URL(`../scenarios/${file}`, import.meta.url), 'utf8'));
  for (const [k, v] of Object.entries(sets)) setPath(raw, k, v);
  return scenarioSchema.parse(raw);
}

function time(s: Scenario, seed: number): number {
  const t0 = process.hrtime.bigint();
  simulate(s, seed);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d });
console.log(`govbuy benchmark — node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);

// Start-up of the command line (scripts/bench-startup.ts), first, while this process is small.
await import('./bench-startup.ts');

const xitun = scenario();
for (let i = 0; i < 3; i++) time(xitun, 100 + i); // warm-up
const runs = 20;
const times = Array.from({ length: runs }, (_, i) => time(xitun, i + 1)).sort((a, b) => a - b);
const median = times[Math.floor(runs / 2)];
const residentMonths = xitun.region.population * xitun.years * 12;
console.log(`Chifeng-Xitun, 27,000 residents, 20 years: median ${fmt(median)} ms per run (min ${fmt(times[0])}, max ${fmt(times[runs - 1])}) on one core`);
console.log(`  ${fmt(residentMonths / (median / 1000) / 1e6)} M resident-months per second`);

/** The Xitun street repeated: run time for a population, printed with resident-months per second. */
function growth(population: number): void {
  // One street per 30,000 people, grouped into districts of up to 10 streets as cities are
  // (Guangzhou: 12 districts of 11 streets). Tenders are district-local, so one district of
  // hundreds of streets would make every tender ask the whole city.
  const streets = Math.max(1, Math.round(population / 30000));
  const districts = Math.ceil(streets / 10);
  const s = scenario({ 'region.population': population, 'region.districts': districts, 'region.streetsPerDistrict': Math.round(streets / districts), years: 20 });
  const ms = time(s, 1);
  const mem = process.memoryUsage().rss / 2 ** 20;
  console.log(`${fmt(population, 0)} residents, 20 years: ${fmt(ms / 1000, 2)} s, ${fmt((population * 240) / (ms / 1000) / 1e6)} M resident-months/s, RSS ${fmt(mem, 0)} MiB`);
}

growth(1e5);
growth(1e6);

// Guangzhou at full scale with 1 and 2 threads, as a user runs it (scripts/bench-fullscale.ts).
if (!process.argv.includes('--skip-full-scale')) await import('./bench-fullscale.ts');

if (!process.argv.includes('--skip-large')) growth(1e7);

// Sweep throughput at 1 and 2 workers (scripts/bench-sweep.ts).
await import('./bench-sweep.ts');

// compare of Guangzhou and Hong Kong at 1 and 2 workers (scripts/bench-compare.ts).
await import('./bench-compare.ts');
