/**
 * Comparisons on worker threads (part of `npm run bench`, issue 17): `govbuy compare guangzhou
 * hong-kong --seeds 10` at the presets' default scales, with 1 worker (in the main thread) and
 * with 2 worker threads; prints each wall time (process and pool start-up included) and the
 * speed-up. Asserts nothing.
 *   node --import tsx scripts/bench-compare.ts [--seeds N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readyBuild, timeGovbuy } from './benchCli.ts';

const at = process.argv.indexOf('--seeds');
const seeds = at > 0 ? Math.max(2, Number(process.argv[at + 1]) || 10) : 10;
await readyBuild();
const dir = mkdtempSync(join(tmpdir(), 'govbuy-bench-compare-'));
try {
  console.log(`compare guangzhou hong-kong, ${seeds} seeds each at the default scales (govbuy compare end to end):`);
  const seconds = (workers: number) => {
    const { seconds: s } = timeGovbuy(['compare', 'guangzhou', 'hong-kong', '--seeds', String(seeds), '--workers', String(workers), '--out', join(dir, `w${workers}`), '--force']);
    console.log(`  ${workers} worker${workers === 1 ? ' (in the main thread)' : ' threads'}: ${s.toFixed(1)} s`);
    return s;
  };
  const one = seconds(1);
  const two = seconds(2);
  console.log(`  speed-up at 2 workers: ×${(one / two).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
