/**
 * Simulation jobs: a (scenario, seed) pair to simulate, and what of the run to hand back. The
 * commands that run many simulations of validated scenarios — compare, classroom, calibrate's
 * check runs, the validation experiments — describe their runs as jobs and run them with
 * runJobs (jobRunner.ts), on worker threads or in this one; this file is the pure part that
 * both execute. Plain data in and out, so jobs and their outputs travel to and from workers.
 */
import type { ExitCause } from '../agents/vocabulary.ts';
import type { SeriesRow } from '../metrics/series.ts';
import type { RunSummary } from '../metrics/summary.ts';
import { simulate } from '../model/run.ts';
import type { Scenario } from '../scenario/schema.ts';
import { errorLine } from './runOne.ts';

/** What the jobs of one list share. */
export interface JobsContext {
  /** The scenarios jobs refer to by index: validated, as `simulate` takes them. */
  scenarios: Scenario[];
  /** Also hand back each organization's fate (classroom charts, validation); off by default. */
  keepOrgs?: boolean;
}

/** One simulation: the scenario (an index into JobsContext.scenarios) and the seed. */
export interface SimulationJob {
  scenario: number;
  seed: number;
}

/**
 * A job as a worker runs it: self-contained (the scenario itself travels with it, a few
 * kilobytes against a run's milliseconds), so one pool serves any number of job lists.
 * `runIndex` identifies it among the pool's tasks.
 */
export interface JobTask {
  runIndex: number;
  scenario: Scenario;
  seed: number;
  keepOrgs?: boolean;
}

/** An organization's fate over a run. */
export interface OrgFate {
  alive: boolean;
  /** Month of exit (meaningful when not alive). */
  exitMonth: number;
  exitCause: ExitCause | null;
  /** Whether it held at least one contract during the run. */
  contracted: boolean;
}

/** What a job hands back of its run: the monthly series and the summary (as `govbuy run` writes them), and on request the organizations' fates. */
export interface JobOutput {
  series: SeriesRow[];
  summary: RunSummary;
  orgs?: OrgFate[];
}

export type JobResult = { runIndex: number; seed: number; status: 'ok'; output: JobOutput } | { runIndex: number; seed: number; status: 'failed'; error: string };

/** The task of job `runIndex` of a list. */
export function jobTask(ctx: JobsContext, job: SimulationJob, runIndex: number): JobTask {
  const scenario = ctx.scenarios[job.scenario];
  if (!scenario) throw new RangeError(`a job names scenario ${job.scenario}, but there are ${ctx.scenarios.length}`);
  return { runIndex, scenario, seed: job.seed, ...(ctx.keepOrgs ? { keepOrgs: true } : {}) };
}

/** Run one job. Never throws: a run that throws comes back as status "failed" with the error's first line. */
export function runJob(task: JobTask): JobResult {
  try {
    const run = simulate(task.scenario, task.seed);
    const output: JobOutput = { series: run.series, summary: run.summary };
    if (task.keepOrgs) {
      const contracted = new Set(run.world.contracts.map((c) => c.org));
      output.orgs = run.world.orgs.map((o, i) => ({ alive: o.alive, exitMonth: o.exitMonth, exitCause: o.exitCause, contracted: contracted.has(i) }));
    }
    return { runIndex: task.runIndex, seed: task.seed, status: 'ok', output };
  } catch (err) {
    return { runIndex: task.runIndex, seed: task.seed, status: 'failed', error: errorLine(err) };
  }
}

/** Run `jobs` here, one after another; their outputs in order. Throws the first failed run's error. */
export function runJobsHere(ctx: JobsContext, jobs: readonly SimulationJob[]): JobOutput[] {
  return jobs.map((job, runIndex) => {
    const result = runJob(jobTask(ctx, job, runIndex));
    if (result.status === 'failed') throw new Error(`the run of scenario ${job.scenario} with seed ${job.seed} failed: ${result.error}`);
    return result.output;
  });
}
