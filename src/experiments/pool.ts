/**
 * Where runs execute: in this thread (`--workers 0` or `1`) or on a piscina pool of worker
 * threads. Both run the same pure runOne, like Agents.jl's `mapfun = parallel ? pmap : map`.
 *
 * Every run goes through `Executor.run(spec, signal)`. The signal is how a run is stopped from
 * outside (Ctrl-C). On the pool, a run that ends its worker thread rejects with a WorkerFault
 * and piscina starts a fresh thread in its place:
 *
 *   - a time limit (limits.runSeconds): counted from when the worker starts the run (it says so
 *     with a RUN_STARTED message, so starting a thread never counts); when it passes, the run's
 *     task is aborted, which makes piscina terminate that thread, busy loop or not;
 *   - a memory limit (limits.memoryMB): each thread's V8 heap (resourceLimits.maxOldGenerationSizeMb);
 *     a run that exceeds it ends its thread with ERR_WORKER_OUT_OF_MEMORY, never the process;
 *   - a crash: an uncaught exception or process.exit() in the thread.
 *
 * The main thread cannot stop its own busy loop, so the in-process executor enforces no limits:
 * with a limit in effect, even one worker runs on a thread of the pool (createExecutor).
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { cpuPoolOptions } from '../io/workerModule.ts';
import type { RunSpec } from './design.ts';
import type { RunLimits } from './file.ts';
import { errorLine, runOne, type RunResult, type SweepContext } from './runOne.ts';
import { RUN_STARTED } from './runStarted.ts';

/** What the pool runs: a sweep's RunSpec, or a SimulationJob (jobs.ts). `runIndex` identifies it among the pool's tasks. */
export interface PoolTask {
  runIndex: number;
}

export interface Executor<T extends PoolTask = RunSpec, R = RunResult> {
  /** Runs that can execute at once. */
  readonly concurrency: number;
  /** Whether runs execute on worker threads (false: in this thread). */
  readonly pooled: boolean;
  /**
   * Run one task. Resolves with the result (a failing run resolves with status "failed").
   * Rejects with a WorkerFault when the run ended its worker thread (time limit, memory,
   * crash), with a WorkerPoolError when no worker thread can be started any more, and with
   * piscina's AbortError when `signal` aborted it.
   */
  run(task: T, signal?: AbortSignal): Promise<R>;
  close(): Promise<void>;
}

export const NO_LIMITS: RunLimits = { runSeconds: null, memoryMB: null };

export function hasLimits(limits: RunLimits): boolean {
  return limits.runSeconds !== null || limits.memoryMB !== null;
}

export type FaultKind = 'timeout' | 'memory' | 'crash';

/** A run that ended its worker thread. The message is the run's error in runs.csv. */
export class WorkerFault extends Error {
  constructor(
    readonly kind: FaultKind,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerFault';
  }
}

/** The pool cannot start worker threads any more (e.g. a memory limit too small to load the code). */
export class WorkerPoolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerPoolError';
  }
}


/** Seconds as written in messages: "2", "0.5", "90". */
export function formatSeconds(s: number): string {
  return String(Number(s.toPrecision(6)));
}

export function timeoutMessage(runSeconds: number): string {
  return `exceeded the time limit of ${formatSeconds(runSeconds)} s`;
}

export function memoryMessage(memoryMB: number | null): string {
  return memoryMB !== null ? `ran out of memory (limit ${memoryMB} MB)` : "ran out of memory (V8's default heap limit; no memory limit set)";
}

/** Default worker count: the cores this process may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** Runs one sweep spec at a time in this thread (see localExecutor). */
export function inProcessExecutor(ctx: SweepContext): Executor {
  return localExecutor((spec: RunSpec) => runOne(spec, ctx));
}

/** Runs one task at a time in this thread with `run`, yielding to the event loop between runs (so Ctrl-C is heard). No limits: see the file comment. */
export function localExecutor<T extends PoolTask, R>(run: (task: T) => R): Executor<T, R> {
  return {
    concurrency: 1,
    pooled: false,
    async run(task, signal) {
      await new Promise((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
      return run(task);
    },
    async close() {},
  };
}

/** The worker's TypeScript entry under src/; threads load it bundled into plain JavaScript (src/io/workerModule.ts). */
const WORKER_ENTRY = 'experiments/worker';

export interface PoolOptions {
  limits?: RunLimits;
  /** Warnings (stderr): a worker thread that failed while no run was on it. */
  note?: (line: string) => void;
}

/** What a rejected task means, when neither the time limit nor an abort from outside caused it. */
function classify(err: unknown, limits: RunLimits): WorkerFault {
  if ((err as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY') return new WorkerFault('memory', memoryMessage(limits.memoryMB));
  const exited = /^worker exited with code: (-?\d+)/.exec(err instanceof Error ? err.message : '');
  return new WorkerFault('crash', `worker crashed: ${exited ? `the thread exited with code ${exited[1]}` : errorLine(err)}`);
}

/** A piscina pool of `threads` worker threads, each holding the sweep context. */
export function workerPoolExecutor(ctx: SweepContext, threads: number, options: PoolOptions = {}): Executor {
  return poolExecutor<RunSpec, RunResult>(ctx, threads, options);
}

/**
 * A piscina pool of `threads` worker threads running src/experiments/worker.ts, each given
 * `workerData`: a SweepContext (tasks are RunSpecs) or `{ jobs: true }` (tasks are
 * JobTasks; see jobRunner.ts).
 */
export function poolExecutor<T extends PoolTask, R>(workerData: unknown, threads: number, options: PoolOptions = {}): Executor<T, R> {
  const limits = options.limits ?? NO_LIMITS;
  const pool = new Piscina({
    ...cpuPoolOptions(WORKER_ENTRY, threads, workerData),
    ...(limits.memoryMB !== null ? { resourceLimits: { maxOldGenerationSizeMb: limits.memoryMB } } : {}),
  });
  /** Run index → starts its time limit (called when the worker says it started the run). */
  const starting = new Map<number, () => void>();
  pool.on('message', (m: unknown) => {
    if (typeof m === 'object' && m !== null && RUN_STARTED in m) starting.get((m as Record<string, number>)[RUN_STARTED])?.();
  });
  // piscina emits 'error' when a worker thread fails while no task is on it. A thread that had
  // started is replaced at once; one that died while loading the code (e.g. a memory limit too
  // small for it) is not, and piscina then stops replacing threads, so queued runs could wait
  // forever: stop them all instead.
  let broken: WorkerPoolError | null = null;
  const inFlight = new Set<AbortController>();
  pool.on('error', (err: unknown) => {
    const memory = (err as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
    const reason = memory ? memoryMessage(limits.memoryMB) : errorLine(err);
    if (pool.threads.length >= threads) {
      options.note?.(`warning: a worker thread failed between runs (${reason}); it was replaced`);
      return;
    }
    broken ??= new WorkerPoolError(`a worker thread could not start: ${reason}${memory && limits.memoryMB !== null ? '; raise the memory limit (--run-memory or limits.memoryMB)' : ''}`);
    for (const c of inFlight) c.abort(broken);
  });
  const limitMs = limits.runSeconds !== null ? limits.runSeconds * 1000 : null;

  return {
    concurrency: threads,
    pooled: true,
    async run(task, signal) {
      if (broken) throw broken;
      signal?.throwIfAborted();
      const controller = new AbortController();
      const stop = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', stop, { once: true });
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      if (limitMs !== null)
        starting.set(task.runIndex, () => {
          timer = setTimeout(() => {
            timedOut = true;
            controller.abort(new WorkerFault('timeout', timeoutMessage(limits.runSeconds!)));
          }, limitMs);
        });
      inFlight.add(controller);
      try {
        return (await pool.run(task, { signal: controller.signal })) as R;
      } catch (err) {
        if (timedOut) throw new WorkerFault('timeout', timeoutMessage(limits.runSeconds!));
        if (broken) throw broken;
        if (signal?.aborted) throw err;
        throw classify(err, limits);
      } finally {
        clearTimeout(timer);
        starting.delete(task.runIndex);
        inFlight.delete(controller);
        signal?.removeEventListener('abort', stop);
      }
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

/** The executor for `workers` (0 or 1: in-process, unless a limit is in effect: then one worker thread). */
export function createExecutor(ctx: SweepContext, workers: number, runs: number, options: PoolOptions = {}): Executor {
  const threads = threadsFor(workers, runs);
  return threads === 1 && !hasLimits(options.limits ?? NO_LIMITS) ? inProcessExecutor(ctx) : workerPoolExecutor(ctx, threads, options);
}
