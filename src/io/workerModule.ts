/**
 * The code a worker thread loads. govbuy runs from its TypeScript sources (tsx compiles them in
 * the main thread), but worker threads get plain JavaScript: before a pool starts, the worker
 * module and everything it imports from src/ are bundled by esbuild into one CommonJS module;
 * npm packages stay external and resolve from the project's node_modules, which is why the
 * bundle is written below it (node_modules/.cache/govbuy/).
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
 * The bundle's file name carries a hash of its content, so a process never loads code other
 * than its own, and concurrent processes of the same code share one file (written atomically).
 * Bundling takes well under a second and is done once per process and worker kind. Files of
 * other code versions older than a week are removed. If bundling is impossible (esbuild
 * missing, the cache not writable), the pool falls back to compiling with tsx in each worker:
 * slower, same results.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from './version.ts';

export interface WorkerModule {
  /** What piscina's `filename` takes: a file URL. */
  filename: string;
  /** What piscina's `execArgv` takes: empty for the bundle, tsx's loader for the fallback. */
  execArgv: string[];
  /** "bundle" or "tsx", for tests and benchmarks. */
  kind: 'bundle' | 'tsx';
}

export const WORKER_CACHE_DIR = join(PACKAGE_ROOT, 'node_modules', '.cache', 'govbuy');
const STALE_MS = 7 * 24 * 3600 * 1000;
const require = createRequire(import.meta.url);
const built = new Map<string, WorkerModule>();

/** The module for a worker whose TypeScript entry is `entry` (a file URL). */
export function workerModule(entry: URL): WorkerModule {
  const cached = built.get(entry.href);
  if (cached) return cached;
  let module: WorkerModule;
  try {
    module = { filename: pathToFileURL(bundle(fileURLToPath(entry))).href, execArgv: [], kind: 'bundle' };
  } catch {
    module = { filename: entry.href, execArgv: ['--import', pathToFileURL(require.resolve('tsx')).href], kind: 'tsx' };
  }
  built.set(entry.href, module);
  return module;
}

/** Bundle `entryPath` into the cache; returns the bundle's path. */
function bundle(entryPath: string): string {
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [entryPath],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
    // Keep names, so that error messages naming a function read as in the sources.
    keepNames: true,
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
 * Piscina options for a fixed pool of `threads` CPU-bound threads running the worker at `entry`
 * (bundled, see workerModule), each given `workerData`: one task per thread at a time, threads
 * kept for a minute between tasks.
 */
export function cpuPoolOptions(entry: URL, threads: number, workerData: unknown) {
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
