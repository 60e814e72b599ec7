/**
 * Start-up (part of `npm run bench`): `govbuy --version`, `govbuy validate` and `govbuy run` on
 * the Xitun preset, each started N times as new processes (default 5); prints the median wall
 * time with the lowest and highest. Goals (docs/performance.md): 0.15 s, 0.3 s and 0.35 s.
 *   node --import tsx scripts/bench-startup.ts [--repeat N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readyBuild, spread, timeGovbuy } from './benchCli.ts';

const at = process.argv.indexOf('--repeat');
const repeat = at > 0 ? Math.max(1, Number(process.argv[at + 1]) || 5) : 5;
await readyBuild();
const dir = mkdtempSync(join(tmpdir(), 'govbuy-bench-startup-'));
const XITUN = 'scenarios/chifeng-xitun.yaml';
const commands: [string, string[], number][] = [
  ['govbuy --version', ['--version'], 0.15],
  [`govbuy validate ${XITUN}`, ['validate', XITUN], 0.3],
  [`govbuy run ${XITUN} (20 years)`, ['run', XITUN, '--out', join(dir, 'run'), '--force'], 0.35],
];
try {
  console.log(`start-up, wall time of a new process, median of ${repeat} (lowest–highest):`);
  for (const [label, args, goal] of commands) {
    timeGovbuy(args); // once before timing: file caches warm, as for a user's second command
    const s = spread(Array.from({ length: repeat }, () => timeGovbuy(args).seconds));
    console.log(`  ${label}: ${s.median.toFixed(3)} s (${s.min.toFixed(3)}–${s.max.toFixed(3)}; goal ≤ ${goal} s)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
