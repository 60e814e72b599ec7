/**
 * The model side of a calibration: a parameter vector (internal coordinates) becomes a
 * scenario, the scenario is simulated over several seeds, each target's metric is averaged
 * over the seeds, and the averages are compared with the observed values:
 *
 *   distance = sqrt( mean over fitted targets k of ((s̄ₖ − yₖ) / σₖ)² )
 *
 * with s̄ₖ the mean of the metric over the seeds (runs where it is undefined left out), yₖ the
 * observed value and σₖ its sd or tolerance. A target undefined in every seed makes the
 * distance infinite. Run seeds derive from the calibration seed, the purpose ("fit" or
 * "check"), the evaluation number and the replicate, so every run is reproducible on its own.
 * A batch of proposals becomes one list of simulation jobs (src/experiments/jobs.ts), which the
 * command runs on worker threads and evaluateProposal runs here. Pure apart from the
 * simulation's CPU time.
 */
import seedrandom from 'seedrandom';
import { runJobsHere, type JobOutput, type JobsContext, type SimulationJob } from '../experiments/jobs.ts';
import type { Proposal } from './abc.ts';
import { setPath } from '../scenario/paths.ts';
import { scenarioSchema, type Scenario } from '../scenario/schema.ts';
import { evaluateMetric } from './metrics.ts';
import { applied, toValue, type FreeParameter } from './parameters.ts';
import type { Target } from './targets.ts';

/** The seed of replicate `replicate` of evaluation `index` for `purpose`, 0 … 2^31 − 1. */
export function runSeed(calibrationSeed: number, purpose: string, index: number, replicate: number): number {
  return Math.floor(seedrandom.alea(`govbuy:calibrate:${calibrationSeed}:${purpose}:${index}:${replicate}`)() * 2 ** 31);
}

/** Values as runs use them (rounded for whole-number parameters), from internal coordinates. */
export function appliedValues(parameters: readonly FreeParameter[], theta: readonly number[]): number[] {
  return parameters.map((p, j) => applied(p, toValue(p, theta[j])));
}

/** The base scenario with the parameters set to `values` (as applied), validated. */
export function scenarioWith(base: Scenario, parameters: readonly FreeParameter[], values: readonly number[]): Scenario {
  const copy = structuredClone(base) as unknown as Record<string, unknown>;
  parameters.forEach((p, j) => setPath(copy, p.path, values[j]));
  return scenarioSchema.parse(copy);
}

/** Each target's metric in each run: values[target][replicate] (NaN where undefined). */
export function targetValues(targets: readonly Target[], runs: readonly JobOutput[], startYear: number): number[][] {
  return targets.map((t) => runs.map((run) => evaluateMetric(t.metric, run, startYear)));
}

export interface Moments {
  mean: number;
  sd: number;
  /** Runs in which the metric was defined. */
  n: number;
}

export function moments(xs: readonly number[]): Moments {
  const ok = xs.filter((x) => Number.isFinite(x));
  const n = ok.length;
  if (n === 0) return { mean: NaN, sd: NaN, n };
  const mean = ok.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(ok.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n };
}

/** The distance of simulated means from the targets (fitted targets only); Infinity if one is undefined. */
export function distance(targets: readonly Target[], means: readonly number[]): number {
  let sum = 0;
  let n = 0;
  targets.forEach((t, k) => {
    if (!t.fit) return;
    sum += ((means[k] - t.value) / t.scale) ** 2;
    n++;
  });
  const d = Math.sqrt(sum / n);
  return Number.isFinite(d) ? d : Infinity;
}

export interface CalibrationModel {
  base: Scenario;
  parameters: readonly FreeParameter[];
  targets: readonly Target[];
  /** Replications per evaluation. */
  seeds: number;
  calibrationSeed: number;
}

/** The runs of a batch of proposals: for each, its scenario over its fit seeds (proposal by proposal). */
export function proposalJobs(model: CalibrationModel, batch: readonly Proposal[]): { ctx: JobsContext; jobs: SimulationJob[] } {
  return {
    ctx: { scenarios: batch.map((p) => scenarioWith(model.base, model.parameters, appliedValues(model.parameters, p.theta))) },
    jobs: batch.flatMap((p, scenario) => Array.from({ length: model.seeds }, (_, r) => ({ scenario, seed: runSeed(model.calibrationSeed, 'fit', p.index, r) }))),
  };
}

/** The distance of each proposal of a batch, from the outputs of its proposalJobs (`ctx` and outputs in that order). */
export function proposalDistances(model: CalibrationModel, ctx: JobsContext, outputs: readonly JobOutput[]): number[] {
  return ctx.scenarios.map((scenario, i) => {
    const values = targetValues(model.targets, outputs.slice(i * model.seeds, (i + 1) * model.seeds), scenario.startYear);
    return distance(model.targets, values.map((v) => moments(v).mean));
  });
}

/** The distance of one proposal (internal coordinates), evaluation number `index`, run here. */
export function evaluateProposal(model: CalibrationModel, theta: readonly number[], index: number): number {
  const { ctx, jobs } = proposalJobs(model, [{ theta: [...theta], index }]);
  return proposalDistances(model, ctx, runJobsHere(ctx, jobs))[0];
}
