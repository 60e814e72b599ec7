/**
 * Full scale (part of `npm run bench`): Guangzhou at one agent per person — 14 million residents,
 * 20 years — run as a user runs it (`govbuy run … --threads N`, a new process, the build), with
 * 1 and 2 threads: wall time and the process's peak resident memory (worker threads included).
 * Goals (issue 14, docs/performance.md): ≤ 25 s on one core, ≤ 15 s on two, ≤ 0.5 GiB.
 *   node --import tsx scripts/bench-fullscale.ts [--threads 1,2]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readyBuild, ROOT } from './benchCli.ts';

const at = process.argv.indexOf('--threads');
const counts = at > 0 ? process.argv[at + 1].split(',').map(Number) : [1, 2];
await readyBuild();
const dir = mkdtempSync(join(tmpdir(), 'govbuy-bench-fullscale-'));
// Loaded before bin/govbuy.js: says the process's peak memory when it exits.
const peak = join(dir, 'peak.mjs');
writeFileSync(peak, "process.on('exit', () => process.stderr.write(`\\npeak-rss ${process.resourceUsage().maxRSS * 1024}\\n`));\n");
try {
  console.log('Guangzhou at full scale (14,000,000 residents 1:1, 20 years), `govbuy run --threads N` as a new process:');
  for (const threads of counts) {
    const args = ['--import', pathToFileURL(peak).href, 'bin/govbuy.js', 'run', 'scenarios/guangzhou.yaml', '--set', 'region.peoplePerAgent=1', '--threads', String(threads), '--out', join(dir, `t${threads}`)];
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    const seconds = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`govbuy run --threads ${threads} exited ${r.status ?? r.signal}: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
    const bytes = Number(/peak-rss (\d+)/.exec(r.stderr)?.[1] ?? NaN);
    const goal = threads === 1 ? 25 : 15;
    console.log(`  --threads ${threads}: ${seconds.toFixed(1)} s (goal ≤ ${goal} s), peak RSS ${(bytes / 2 ** 30).toFixed(2)} GiB (goal ≤ 0.5 GiB)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
