/**
 * The code a worker thread loads: plain JavaScript, one CommonJS module per worker kind, named
 * like its TypeScript entry under src/ ("experiments/worker").
 *
 * - The command line (bin/govbuy.js) runs the build (scripts/build.mjs), which holds the workers
 *   already bundled: dist/build-<hash>/workers/experiments-worker.cjs, beside main.cjs, the file
 *   this module is compiled into. Nothing is bundled at run time.
 * - Code running from the TypeScript sources (tests, scripts under tsx) bundles a worker with
 *   esbuild before its first pool starts, into one CommonJS module in node_modules/.cache/govbuy/
 *   (below node_modules, so that the npm packages it leaves external resolve). The esbuild
 *   options are the build's (scripts/build.mjs), so the bytes are the same (tests/cli/bin.test.ts).
 *
 * CommonJS, not an ES module: piscina loads a worker with require() first, and Node 20.19+
 * then loads an ES module through require(esm), which aborts the whole process (a V8 fatal
 * error, "IsGraphAsync … must be used on an instantiated module") when the thread runs out of
 * memory while instantiating it — as a too-small per-run memory limit makes it do. A CommonJS
 * module fails like any other code: the thread ends with ERR_WORKER_OUT_OF_MEMORY.
 *
 * Why (docs/performance.md, "Sweeps"): measured on the 2-core machine, a Xitun run inside a
 * piscina worker that compiled the sources with tsx took about 1.65× as long as the same run in
 * the main thread, and each thread spent 1.5–3 s compiling before its first run, so 2 workers
 * were slower than 1. Bundled, a worker runs as fast as the main thread and starts in a fraction
 * of a second.
 *
 * A bundle in the cache carries a hash of its content in its name, so a process never loads
 * code other than its own, and concurrent processes of the same code share one file (written
 * atomically). Bundling takes well under a second and is done once per process and worker kind.
 * Files of other code versions older than a week are removed. If bundling is impossible
 * (esbuild missing, the cache not writable), the pool falls back to compiling with tsx in each
 * worker: slower, same results.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from './version.ts';

export interface WorkerModule {
  /** What piscina's `filename` takes: a file URL. */
  filename: string;
  /** What piscina's `execArgv` takes: empty for the bundle, tsx's loader for the fallback. */
  execArgv: string[];
  /** "build" (from dist/), "bundle" (bundled now) or "tsx", for tests and benchmarks. */
  kind: 'build' | 'bundle' | 'tsx';
}

export const WORKER_CACHE_DIR = join(PACKAGE_ROOT, 'node_modules', '.cache', 'govbuy');
const STALE_MS = 7 * 24 * 3600 * 1000;
const require = createRequire(import.meta.url);
const built = new Map<string, WorkerModule>();

/** Set (to true) by the build (scripts/build.mjs); absent when running from the TypeScript sources. */
declare const GOVBUY_BUILT: boolean | undefined;
const RUNNING_THE_BUILD = typeof GOVBUY_BUILT !== 'undefined';

/** The module for the worker whose TypeScript entry is src/<entry>.ts (e.g. "experiments/worker"). */
export function workerModule(entry: string): WorkerModule {
  const cached = built.get(entry);
  if (cached) return cached;
  let module: WorkerModule;
  if (RUNNING_THE_BUILD) {
    module = { filename: new URL(`./workers/${entry.replace('/', '-')}.cjs`, import.meta.url).href, execArgv: [], kind: 'build' };
  } else {
    const source = join(PACKAGE_ROOT, 'src', `${entry}.ts`);
    try {
      module = { filename: pathToFileURL(bundle(source)).href, execArgv: [], kind: 'bundle' };
    } catch {
      module = { filename: pathToFileURL(source).href, execArgv: ['--import', pathToFileURL(require.resolve('tsx')).href], kind: 'tsx' };
    }
  }
  built.set(entry, module);
  return module;
}

/** Bundle `entryPath` into the cache; returns the bundle's path. */
function bundle(entryPath: string): string {
  const esbuild = require('esbuild') as typeof import('esbuild');
  // The options of scripts/build.mjs for workers (COMMON plus these), so the bytes are the build's.
  const result = esbuild.buildSync({
    absWorkingDir: PACKAGE_ROOT,
    entryPoints: [entryPath],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
    keepNames: false,
  });
  const code = result.outputFiles[0].contents;
  const stem = entryName(entryPath);
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const path = join(WORKER_CACHE_DIR, `${stem}-${hash}.cjs`);
  mkdirSync(WORKER_CACHE_DIR, { recursive: true });
  if (!exists(path)) {
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, code);
    renameSync(temp, path);
  }
  removeStale(stem, path);
  return path;
}

/** "src/experiments/worker.ts" → "experiments-worker". */
function entryName(entryPath: string): string {
  const parts = entryPath.split(/[\\/]/);
  return `${parts.at(-2)}-${parts.at(-1)!.replace(/\.[^.]+$/, '')}`;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Remove bundles of the same worker from other code versions, once a week old. */
function removeStale(stem: string, keep: string): void {
  for (const name of readdirSync(WORKER_CACHE_DIR)) {
    const path = join(WORKER_CACHE_DIR, name);
    if (path === keep || !name.startsWith(`${stem}-`)) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_MS) unlinkSync(path);
    } catch {
      // Another process removed it first.
    }
  }
}

/**
 * Piscina options for a fixed pool of `threads` CPU-bound threads running the worker src/<entry>.ts
 * (bundled, see workerModule), each given `workerData`: one task per thread at a time, threads
 * kept for a minute between tasks.
 */
export function cpuPoolOptions(entry: string, threads: number, workerData: unknown) {
  const worker = workerModule(entry);
  return {
    filename: worker.filename,
    execArgv: worker.execArgv,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
    workerData,
  };
}
