/**
 * Start-up (part of `npm run bench`): `govbuy --version`, `govbuy validate` and `govbuy run` on
 * the Xitun preset, each started N times as new processes (default 5); prints the median wall
 * time with the lowest and highest. Goals (docs/performance.md): 0.15 s, 0.3 s and 0.35 s.
 *   node --import tsx scripts/bench-startup.ts [--repeat N]
 */
import { spawnSync } from 'node:child_process';
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
/**
 * Node's own start, `node -e 0`, timed the same way: the floor under every command, and a gauge of
 * the machine's speed at the moment (on this project's shared machine it drifts by a tenth or
 * more over minutes), to read the figures below against.
 */
function nodeAlone(): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-e', '0']);
  if (r.status !== 0) throw new Error(`node -e 0 exited ${r.status ?? r.signal}`);
  return (performance.now() - t0) / 1000;
}

try {
  console.log(`start-up, wall time of a new process, median of ${repeat} (lowest–highest):`);
  nodeAlone();
  const floor = spread(Array.from({ length: repeat }, nodeAlone));
  console.log(`  node -e 0 (Node alone: the floor, and the machine's speed now): ${floor.median.toFixed(3)} s (${floor.min.toFixed(3)}–${floor.max.toFixed(3)})`);
  for (const [label, args, goal] of commands) {
    timeGovbuy(args); // once before timing: file caches warm, as for a user's second command
    const s = spread(Array.from({ length: repeat }, () => timeGovbuy(args).seconds));
    console.log(`  ${label}: ${s.median.toFixed(3)} s (${s.min.toFixed(3)}–${s.max.toFixed(3)}; goal ≤ ${goal} s)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
