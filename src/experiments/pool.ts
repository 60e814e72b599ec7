/**
 * Where runs execute: in this thread (`--workers 0` or `1`) or on a piscina pool of worker
 * threads. Both run the same pure runOne, like Agents.jl's `mapfun = parallel ? pmap : map`.
 *
 * Every run goes through `Executor.run(spec, signal)`. The signal is how a run is stopped from
 * outside: today Ctrl-C; a per-run timeout (issue 5) is `AbortSignal.any([signal,
 * AbortSignal.timeout(ms)])` at the call site, and piscina then ends the worker thread that was
 * running it and starts a fresh one.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { RunSpec } from './design.ts';
import { runOne, type RunResult, type SweepContext } from './runOne.ts';

export interface Executor {
  /** Runs that can execute at once. */
  readonly concurrency: number;
  /** Run one spec. Resolves with the result (a failing run resolves with status "failed"); rejects only when aborted or when a worker dies. */
  run(spec: RunSpec, signal?: AbortSignal): Promise<RunResult>;
  close(): Promise<void>;
}

/** Default worker count: the cores this process may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** Runs one spec at a time in this thread, yielding to the event loop between runs (so Ctrl-C is heard). */
export function inProcessExecutor(ctx: SweepContext): Executor {
  return {
    concurrency: 1,
    async run(spec, signal) {
      await new Promise((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
      return runOne(spec, ctx);
    },
    async close() {},
  };
}

/** The worker module; tsx (registered in each worker through execArgv) compiles it, so no build step is needed. */
const WORKER = new URL('./worker.ts', import.meta.url).href;
/** tsx's loader, by absolute URL, so workers find it whatever the current directory. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A piscina pool of `threads` worker threads, each holding the sweep context. */
export function workerPoolExecutor(ctx: SweepContext, threads: number): Executor {
  const pool = new Piscina({
    filename: WORKER,
    minThreads: threads,
    maxThreads: threads,
    // One task per thread at a time: runs are CPU-bound.
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
    workerData: ctx,
    execArgv: ['--import', TSX],
  });
  return {
    concurrency: threads,
    run(spec, signal) {
      return pool.run(spec, signal ? { signal } : {}) as Promise<RunResult>;
    },
    async close() {
      await pool.close({ force: true });
    },
  };
}

/** Runs at once for `workers` and `runs` pending runs: 1 (in-process) for 0 or 1 workers, never more threads than runs. */
export function threadsFor(workers: number, runs: number): number {
  return Math.max(1, Math.min(workers, runs));
}

/** The executor for `workers` (0 or 1: in-process). */
export function createExecutor(ctx: SweepContext, workers: number, runs: number): Executor {
  const threads = threadsFor(workers, runs);
  return threads === 1 ? inProcessExecutor(ctx) : workerPoolExecutor(ctx, threads);
}
