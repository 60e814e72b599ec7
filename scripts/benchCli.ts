/**
 * Timing the command line as a user meets it: `node bin/govbuy.js …` started as a new process,
 * wall time from spawn to exit (process start, loading the build and any worker pool included).
 * Shared by the benchmark scripts; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './build.mjs';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Make the build current first, so that no timed command spends its time building. */
export async function readyBuild(): Promise<void> {
  await ensureBuilt({ note: (line) => console.log(line) });
}

/** Run `govbuy <args>` once; its wall time in seconds and its stdout. Throws if it fails. */
export function timeGovbuy(args: readonly string[]): { seconds: number; out: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['bin/govbuy.js', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`govbuy ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return { seconds, out: r.stdout };
}

/** Median, lowest and highest of some numbers. */
export function spread(xs: readonly number[]): { median: number; min: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1] };
}
