/**
 * Running lists of simulation jobs (jobs.ts) and handing back their outputs in each list's
 * order, whatever ran them: the one place compare, classroom, calibrate's check runs and the
 * validation experiments run many simulations. The same executors as sweeps (pool.ts): worker
 * threads loading the bundled worker module, with the per-run time and memory limits and the
 * fault handling of sweeps; or this thread for one worker. Outputs depend only on the jobs, never
 * on the worker count.
 *
 * runJobs runs one list on a pool of its own. A JobPool (openJobPool) runs list after list on
 * the same threads, for callers with many short lists (the validation experiments): a new
 * thread spends its first runs compiling the model's code, so threads are worth keeping.
 *
 * Unlike a sweep, which records each run and goes on, a job list is all or nothing: the callers
 * need every run (a comparison's intervals, a pack's means), so the first failed run stops the
 * others and the list throws a RunFailed naming the run; Ctrl-C (the signal) throws
 * JobsInterrupted. Either way the caller has written nothing yet.
 */
import type { RunLimits } from './file.ts';
import { jobTask, runJob, type JobOutput, type JobResult, type JobsContext, type JobTask, type SimulationJob } from './jobs.ts';
import { defaultWorkers, hasLimits, localExecutor, NO_LIMITS, poolExecutor, threadsFor, WorkerFault, WorkerPoolError, type Executor } from './pool.ts';
import type { Progress } from './progress.ts';
import { errorLine } from './runOne.ts';

export interface JobPoolOptions {
  /** Worker threads (0 or 1: in this thread, unless a limit is set). Default: the cores available. */
  workers?: number;
  /** Per-run limits (worker threads only, as for sweeps). */
  limits?: RunLimits;
  /** Warnings (stderr): a worker thread that failed between runs. */
  note?: (line: string) => void;
}

export interface JobListOptions {
  /** Aborting stops the runs: the list then throws JobsInterrupted. */
  signal?: AbortSignal;
  /** A progress display for `total` runs (ticked once per finished run). */
  progress?: (total: number) => Progress;
  /** How messages name a job, e.g. "arm guangzhou with seed 7" (default "scenario 0 with seed 7"). */
  describe?: (job: SimulationJob) => string;
}

export type RunJobsOptions = JobPoolOptions & JobListOptions;

/** A run of the list failed (it threw, or ended its worker thread); the others were stopped. */
export class RunFailed extends Error {
  constructor(
    readonly job: SimulationJob,
    readonly reason: string,
    what: string,
  ) {
    super(`the run of ${what} failed: ${reason}`);
    this.name = 'RunFailed';
  }
}

/** The runs were stopped from outside (Ctrl-C) after `done` of `total`. */
export class JobsInterrupted extends Error {
  constructor(
    readonly done: number,
    readonly total: number,
  ) {
    super(`interrupted after ${done} of ${total} runs`);
    this.name = 'JobsInterrupted';
  }
}

export interface JobPool {
  /** Run a list of jobs of the scenarios in `ctx`; their outputs, in the list's order. */
  run(ctx: JobsContext, jobs: readonly SimulationJob[], options?: JobListOptions): Promise<JobOutput[]>;
  close(): Promise<void>;
}

/** A pool for lists of jobs, with `threads` worker threads (1 and no limit: this thread). */
export function openJobPool(threads: number, options: JobPoolOptions = {}): JobPool {
  const limits = options.limits ?? NO_LIMITS;
  const executor: Executor<JobTask, JobResult> =
    threads <= 1 && !hasLimits(limits) ? localExecutor(runJob) : poolExecutor<JobTask, JobResult>({ jobs: true }, Math.max(1, threads), { limits, note: options.note });
  /** Task ids, unique over the pool's life (the pool's time limits key on them). */
  let nextId = 0;
  return {
    async run(ctx, jobs, list = {}) {
      const outputs = new Array<JobOutput>(jobs.length);
      const describe = list.describe ?? ((job: SimulationJob) => `scenario ${job.scenario} with seed ${job.seed}`);
      // Stops every run at the first failure, as well as on the caller's signal.
      const stop = new AbortController();
      const signal = list.signal ? AbortSignal.any([list.signal, stop.signal]) : stop.signal;
      let failure: RunFailed | null = null;
      const fail = (job: SimulationJob, reason: string) => {
        failure ??= new RunFailed(job, reason, describe(job));
        stop.abort(failure);
      };
      const progress = list.progress?.(jobs.length);
      let cursor = 0;
      let done = 0;
      const lane = async () => {
        while (!signal.aborted && cursor < jobs.length) {
          const index = cursor++;
          const job = jobs[index];
          let result: JobResult;
          try {
            result = await executor.run(jobTask(ctx, job, nextId++), signal);
          } catch (err) {
            if (signal.aborted) return;
            fail(job, err instanceof WorkerFault || err instanceof WorkerPoolError ? err.message : `worker crashed: ${errorLine(err)}`);
            return;
          }
          if (result.status === 'failed') {
            fail(job, result.error);
            return;
          }
          outputs[index] = result.output;
          done++;
          progress?.tick(false);
        }
      };
      try {
        // As in sweeps: with threads, each one's next run waits in the pool's queue.
        await Promise.all(Array.from({ length: executor.pooled ? 2 * executor.concurrency : 1 }, lane));
      } finally {
        progress?.end();
      }
      if (failure) throw failure;
      if (list.signal?.aborted) throw new JobsInterrupted(done, jobs.length);
      return outputs;
    },
    close: () => executor.close(),
  };
}

/** Run one list of jobs on a pool of its own (never more threads than jobs); outputs in the list's order. */
export async function runJobs(ctx: JobsContext, jobs: readonly SimulationJob[], options: RunJobsOptions = {}): Promise<JobOutput[]> {
  if (jobs.length === 0) return [];
  const pool = openJobPool(threadsFor(options.workers ?? defaultWorkers(), jobs.length), options);
  try {
    return await pool.run(ctx, jobs, options);
  } finally {
    await pool.close();
  }
}
