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
 * Runs go through `simulate` in this process. Pure apart from the simulation's CPU time.
 */
import seedrandom from 'seedrandom';
import { simulate } from '../model/run.ts';
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
export function simulateTargets(scenario: Scenario, targets: readonly Target[], seeds: readonly number[]): number[][] {
  const values = targets.map(() => new Array<number>(seeds.length));
  seeds.forEach((seed, r) => {
    const run = simulate(scenario, seed);
    targets.forEach((t, k) => (values[k][r] = evaluateMetric(t.metric, run, scenario.startYear)));
  });
  return values;
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

/** The distance of one proposal (internal coordinates), evaluation number `index`. */
export function evaluateProposal(model: CalibrationModel, theta: readonly number[], index: number): number {
  const scenario = scenarioWith(model.base, model.parameters, appliedValues(model.parameters, theta));
  const seeds = Array.from({ length: model.seeds }, (_, r) => runSeed(model.calibrationSeed, 'fit', index, r));
  const values = simulateTargets(scenario, model.targets, seeds);
  return distance(model.targets, values.map((v) => moments(v).mean));
}
