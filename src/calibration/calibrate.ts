/**
 * A calibration from start to finish, without file access: ABC over the free parameters of a
 * scenario against a targets file, then check runs at three points of the posterior (its mean,
 * its median — the values `--write-scenario` writes — and its approximate mode) over more seeds.
 * Deterministic: the same scenario, targets, settings and code give the same result.
 */
import { RandomStream } from '../engine/rng.ts';
import type { Scenario } from '../scenario/schema.ts';
import { DEFAULT_ABC, marginal, modeParticle, runAbc, type AbcMethod, type AbcResult, type Kernel, type Marginal, type Population, type Proposal } from './abc.ts';
import { applied, internalBox, toValue, type FreeParameter } from './parameters.ts';
import { distance, evaluateProposal, moments, runSeed, scenarioWith, simulateTargets, type CalibrationModel, type Moments } from './simulator.ts';
import type { Targets } from './targets.ts';

export interface CalibrationSettings {
  method: AbcMethod;
  /** Calibration seed: every random draw and run seed derives from it. */
  seed: number;
  /** Replications (runs with different seeds) averaged per evaluation. */
  replications: number;
  /** Most simulation runs for the fit (check runs come on top). */
  budget: number;
  particles: number;
  quantile: number;
  kernel: Kernel;
  minAcceptanceRate: number;
  maxGenerations: number;
  batchSize: number;
  /** Replications of each check point. */
  checkSeeds: number;
  /** Credible interval level. */
  level: number;
}

export const DEFAULT_SETTINGS: Omit<CalibrationSettings, 'seed'> = {
  method: 'abc-smc',
  replications: 5,
  budget: 6000,
  ...DEFAULT_ABC,
  checkSeeds: 20,
  level: 0.9,
};

export interface ParameterPosterior {
  parameter: FreeParameter;
  /** Natural scale (continuous for whole-number parameters). */
  marginal: Marginal;
  /** The approximate mode particle's value. */
  map: number;
}

export type CheckPointName = 'posteriorMean' | 'posteriorMedian' | 'map';

export interface CheckPoint {
  name: CheckPointName;
  /** Values the check runs used, per parameter (as applied: rounded for whole numbers). */
  values: number[];
  /** Per target: the metric over the check seeds. */
  targets: Moments[];
  /** The distance of the check means (fitted targets). */
  distance: number;
}

export interface CalibrationOutcome {
  abc: AbcResult;
  posteriors: ParameterPosterior[];
  /** Index of the approximate mode in abc.posterior.particles. */
  mapIndex: number;
  checks: CheckPoint[];
  runs: { fit: number; check: number };
}

export interface CalibrationHooks {
  onPopulation?(p: Population, runs: number): void;
  /** Distances of a batch of proposals (default: in this thread); see pool.ts for worker threads. */
  evaluate?(batch: readonly Proposal[]): Promise<number[]>;
}

/** What every evaluation needs (plain data, so it can be sent to worker threads). */
export function calibrationModel(scenario: Scenario, targets: Targets, settings: CalibrationSettings): CalibrationModel {
  return {
    base: { ...scenario, years: targets.runYears },
    parameters: targets.parameters,
    targets: targets.targets,
    seeds: settings.replications,
    calibrationSeed: settings.seed,
  };
}

/** A value as written to a scenario: rounded for whole numbers, else to 4 significant digits. */
export function writtenValue(p: FreeParameter, value: number): number {
  const v = applied(p, value);
  return p.integer ? v : Number(v.toPrecision(4));
}

export async function calibrate(scenario: Scenario, targets: Targets, settings: CalibrationSettings, hooks: CalibrationHooks = {}): Promise<CalibrationOutcome> {
  const model = calibrationModel(scenario, targets, settings);
  const { base, parameters } = model;
  const box = parameters.map(internalBox);
  const stream = new RandomStream(`govbuy:calibrate:${settings.seed}:abc`);
  const abc = await runAbc(
    {
      box,
      evaluate: hooks.evaluate ?? (async (batch) => batch.map(({ theta, index }) => evaluateProposal(model, theta, index))),
    },
    {
      method: settings.method,
      particles: settings.particles,
      maxEvaluations: Math.floor(settings.budget / settings.replications),
      quantile: settings.quantile,
      kernel: settings.kernel,
      minAcceptanceRate: settings.minAcceptanceRate,
      maxGenerations: settings.maxGenerations,
      batchSize: settings.batchSize,
    },
    { next: () => stream.next(), normal: () => stream.normal() },
    { onPopulation: (p, evaluations) => hooks.onPopulation?.(p, evaluations * settings.replications) },
  );

  const post = abc.posterior;
  const mapIndex = modeParticle(post, box);
  const posteriors = parameters.map((p, j) => ({
    parameter: p,
    marginal: marginal(post, j, settings.level, (x) => toValue(p, x)),
    map: toValue(p, post.particles[mapIndex][j]),
  }));

  // Check runs: the same seeds at every point (common random numbers), new to the fit.
  const checkSeeds = Array.from({ length: settings.checkSeeds }, (_, r) => runSeed(settings.seed, 'check', 0, r));
  const points: [CheckPointName, number[]][] = [
    ['posteriorMean', posteriors.map((q) => applied(q.parameter, q.marginal.mean))],
    ['posteriorMedian', posteriors.map((q) => writtenValue(q.parameter, q.marginal.median))],
    ['map', posteriors.map((q) => applied(q.parameter, q.map))],
  ];
  const checks = points.map(([name, values]) => {
    const runs = simulateTargets(scenarioWith(base, parameters, values), targets.targets, checkSeeds);
    const stats = runs.map(moments);
    return { name, values, targets: stats, distance: distance(targets.targets, stats.map((s) => s.mean)) };
  });
  return { abc, posteriors, mapIndex, checks, runs: { fit: abc.evaluations * settings.replications, check: points.length * settings.checkSeeds } };
}
