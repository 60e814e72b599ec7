/**
 * A calibration's results as files: calibration.json (settings, posterior summaries, the fit of
 * every target, the tolerance schedule, the particles) and posterior.csv (one row per particle).
 * Pure: text out, the caller writes it. Numbers JSON cannot hold (an infinite tolerance, an
 * undefined metric) are written as null.
 */
import type { CodeVersion } from '../io/version.ts';
import { toCsv } from '../io/formats.ts';
import type { CalibrationOutcome, CalibrationSettings, CheckPointName } from './calibrate.ts';
import type { Prior } from './parameters.ts';
import { RESERVED_COLUMNS, type Targets } from './targets.ts';

export const CALIBRATION_FORMAT = 'govbuy-calibration';
/** 2: settings.seeds (runs averaged per draw) is called settings.replications. */
export const CALIBRATION_FORMAT_VERSION = 2;

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

export interface Provenance {
  scenarioFile: string;
  scenarioSha256: string;
  targetsFile: string;
  targetsSha256: string;
  codeVersion: CodeVersion;
  timings: { startedAt: string; wallMs: number };
}

export interface TargetFit {
  /** Mean of the metric over the check seeds (null if undefined in every run). */
  mean: number | null;
  sd: number | null;
  /** Check runs in which the metric was defined. */
  runs: number;
  /** (mean − observed) / (sd or tolerance). */
  standardizedError: number | null;
  /** |mean − observed| ≤ 2 sd, or ≤ the tolerance. */
  withinTolerance: boolean;
}

export interface CalibrationJson {
  format: typeof CALIBRATION_FORMAT;
  formatVersion: typeof CALIBRATION_FORMAT_VERSION;
  scenarioFile: string;
  scenarioSha256: string;
  targetsFile: string;
  targetsSha256: string;
  description: string;
  /** The targets file's description in Chinese, when it has one (the Chinese report shows it). */
  descriptionZh?: string;
  method: string;
  settings: CalibrationSettings & { runYears: number; runYearsFrom: string; maxEvaluations: number };
  stopReason: string;
  runs: { fit: number; check: number; total: number; evaluations: number };
  parameters: {
    name: string;
    path: string;
    integer: boolean;
    prior: Prior;
    scenarioValue: number | null;
    source: string;
    description: string;
    note?: string;
    posterior: { mean: number; median: number; sd: number; credibleInterval: { level: number; lower: number; upper: number }; map: number };
    /** The value --write-scenario writes (the median, rounded). */
    fitted: number;
  }[];
  targets: ({
    name: string;
    metric: string;
    value: number;
    sd?: number;
    tolerance?: number;
    fit: boolean;
    source: string;
    note?: string;
  } & Record<CheckPointName, TargetFit>)[];
  checkPoints: Record<CheckPointName, { values: Record<string, number>; distance: number | null; seeds: number }>;
  tolerances: { generation: number; epsilon: number | null; particles: number; proposals: number; acceptanceRate: number; ess: number }[];
  particles: { weight: number; distance: number | null; values: Record<string, number> }[];
  warnings: string[];
  codeVersion: CodeVersion;
  timings: { startedAt: string; wallMs: number };
}

export function calibrationJson(targets: Targets, settings: CalibrationSettings, outcome: CalibrationOutcome, provenance: Provenance): CalibrationJson {
  const { abc, posteriors, checks } = outcome;
  const post = abc.posterior;
  const params = targets.parameters;
  const median = checks.find((c) => c.name === 'posteriorMedian')!;
  const valuesOf = (values: readonly number[]) => Object.fromEntries(params.map((p, j) => [p.name, values[j]]));
  return {
    format: CALIBRATION_FORMAT,
    formatVersion: CALIBRATION_FORMAT_VERSION,
    scenarioFile: provenance.scenarioFile,
    scenarioSha256: provenance.scenarioSha256,
    targetsFile: provenance.targetsFile,
    targetsSha256: provenance.targetsSha256,
    description: targets.description.trim(),
    ...(targets.descriptionZh?.trim() ? { descriptionZh: targets.descriptionZh.trim() } : {}),
    method: abc.method,
    settings: { ...settings, runYears: targets.runYears, runYearsFrom: targets.runYearsFrom, maxEvaluations: Math.floor(settings.budget / settings.replications) },
    stopReason: abc.stopReason,
    runs: { fit: outcome.runs.fit, check: outcome.runs.check, total: outcome.runs.fit + outcome.runs.check, evaluations: abc.evaluations },
    parameters: posteriors.map((q, j) => ({
      name: q.parameter.name,
      path: q.parameter.path,
      integer: q.parameter.integer,
      prior: q.parameter.prior,
      scenarioValue: q.parameter.scenarioValue,
      source: q.parameter.source,
      description: q.parameter.description,
      ...(q.parameter.note !== undefined ? { note: q.parameter.note } : {}),
      posterior: {
        mean: q.marginal.mean,
        median: q.marginal.median,
        sd: q.marginal.sd,
        credibleInterval: { level: settings.level, lower: q.marginal.lower, upper: q.marginal.upper },
        map: q.map,
      },
      fitted: median.values[j],
    })),
    targets: targets.targets.map((t, k) => {
      const fits = Object.fromEntries(
        checks.map((c) => {
          const m = c.targets[k];
          const error = m.mean - t.value;
          return [c.name, { mean: num(m.mean), sd: num(m.sd), runs: m.n, standardizedError: num(error / t.scale), withinTolerance: Math.abs(error) <= t.within }];
        }),
      ) as Record<CheckPointName, TargetFit>;
      return {
        name: t.name,
        metric: t.metric.text,
        value: t.value,
        ...(t.kind === 'sd' ? { sd: t.scale } : { tolerance: t.scale }),
        fit: t.fit,
        source: t.source,
        ...(t.note !== undefined ? { note: t.note.trim() } : {}),
        ...fits,
      };
    }),
    checkPoints: Object.fromEntries(checks.map((c) => [c.name, { values: valuesOf(c.values), distance: num(c.distance), seeds: settings.checkSeeds }])) as CalibrationJson['checkPoints'],
    tolerances: abc.populations.map((p) => ({
      generation: p.generation,
      epsilon: num(p.epsilon),
      particles: p.particles.length,
      proposals: p.proposals,
      acceptanceRate: p.acceptanceRate,
      ess: p.ess,
    })),
    particles: post.particles.map((theta, i) => ({
      weight: post.weights[i],
      distance: num(post.distances[i]),
      values: Object.fromEntries(params.map((p, j) => [p.name, p.prior.log ? Math.exp(theta[j]) : theta[j]])),
    })),
    warnings: targets.warnings,
    codeVersion: provenance.codeVersion,
    timings: provenance.timings,
  };
}

/** posterior.csv: particle, weight, distance, then one column per parameter (natural scale, unrounded). */
export function posteriorCsv(json: CalibrationJson): string {
  const names = json.parameters.map((p) => p.name);
  const rows = json.particles.map((p, i) => ({ particle: i, weight: p.weight, distance: p.distance, ...p.values }));
  return toCsv([...RESERVED_COLUMNS, ...names], rows);
}
