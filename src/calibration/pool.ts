/**
 * Where a calibration's proposals are evaluated: each batch of proposals becomes one list of
 * simulation jobs (simulator.ts) on a job pool (src/experiments/jobRunner.ts) — worker threads
 * for `--workers N`, this thread for 0 or 1 — kept for the whole calibration, check runs
 * included. A proposal's distance depends only on its parameters and its evaluation number, so
 * the result is the same whatever runs it.
 */
import { availableParallelism } from 'node:os';
import type { JobListOptions, JobPool } from '../experiments/jobRunner.ts';
import type { Proposal } from './abc.ts';
import { proposalDistances, proposalJobs, type CalibrationModel } from './simulator.ts';

/** Default worker count: the cores this process may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** The distances of a batch of proposals, run on `pool`; `list` as for any job list (Ctrl-C, progress). */
export function evaluateOn(pool: JobPool, model: CalibrationModel, list: Omit<JobListOptions, 'describe'> = {}): (batch: readonly Proposal[]) => Promise<number[]> {
  return async (batch) => {
    const { ctx, jobs } = proposalJobs(model, batch);
    const outputs = await pool.run(ctx, jobs, { ...list, describe: (job) => `draw ${batch[job.scenario].index} with seed ${job.seed}` });
    return proposalDistances(model, ctx, outputs);
  };
}
