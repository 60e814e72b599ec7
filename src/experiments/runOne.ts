/**
 * One run of a sweep: a run spec and the base scenarios in, a flat row of outcomes out. The same
 * pure function serves the in-process loop and the worker threads. Also the preflight that
 * applies every design point's factor values to its scenario before any run starts, so that a
 * bad factor path or value is reported at once, naming the experiment file and the factor.
 */
import { GovbuyError } from '../engine/errors.ts';
import { SERIES_COLUMNS } from '../metrics/series.ts';
import { simulate } from '../model/run.ts';
import { preview } from '../scenario/issues.ts';
import { parseScenarioText } from '../scenario/load.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { DesignPoint, ExpandedDesign, RunSpec } from './design.ts';
import { ExperimentError } from './errors.ts';
import type { ResolvedExperiment } from './file.ts';
import { flattenSummary, type OutcomeValue } from './outcomes.ts';

/** A base scenario file: its name for messages and its text. */
export interface BaseScenario {
  file: string;
  text: string;
}

/** What every run of a sweep shares (sent once to each worker). Plain data. */
export interface SweepContext {
  experiment: ResolvedExperiment;
  /** The experiment file, for messages. */
  experimentFile: string;
  /** One per experiment.scenarios entry, same order. */
  scenarios: BaseScenario[];
  /** Test hook: run indices that throw instead of running (GOVBUY_TEST_FAIL_RUNS). */
  failRuns?: number[];
}

export type RunStatus = 'ok' | 'failed';

/** A finished run, as the journal and runs.csv keep it. */
export interface RunResult {
  runIndex: number;
  seed: number;
  status: RunStatus;
  /** One line; set when status is "failed". */
  error?: string;
  /** Metric → value (null: undefined for this run); null when the run failed. */
  outcomes: Record<string, OutcomeValue> | null;
  /** Monthly series, row-major (months × SERIES_COLUMNS), when the experiment keeps series. */
  series?: Float64Array;
}

/** The overrides of one design point, `path=value` with the value as JSON (valid YAML), and their labels. */
function overridesOf(ctx: SweepContext, factors: Record<string, unknown>): { sets: string[]; labels: string[] } {
  const e = ctx.experiment;
  const sets: string[] = [];
  const labels: string[] = [];
  for (const [path, value] of Object.entries(e.set)) {
    sets.push(`${path}=${JSON.stringify(value)}`);
    labels.push(`${ctx.experimentFile} set ${path}: ${preview(value, 40)}`);
  }
  for (const f of e.factors) {
    if (!Object.hasOwn(factors, f.name)) continue;
    const value = factors[f.name];
    sets.push(`${f.path}=${JSON.stringify(value)}`);
    labels.push(`${ctx.experimentFile} factor ${f.name}${f.name !== f.path ? ` (${f.path})` : ''} = ${preview(value, 40)}`);
  }
  return { sets, labels };
}

/** The validated scenario of a design point (throws the scenario loader's GovbuyError). */
export function scenarioFor(ctx: SweepContext, scenario: number, factors: Record<string, unknown>): Scenario {
  const base = ctx.scenarios[scenario];
  const { sets, labels } = overridesOf(ctx, factors);
  return parseScenarioText(base.text, base.file, sets, { setLabels: labels });
}

/**
 * Apply every design point to its scenario and validate it, before any run. Throws an
 * ExperimentError naming the experiment file, the point and every problem, for the first point
 * that fails (a bad path fails them all; one report is enough).
 */
export function preflight(ctx: SweepContext, design: ExpandedDesign, points: readonly DesignPoint[] = design.points): void {
  for (const p of points) {
    try {
      scenarioFor(ctx, p.scenario, p.factors);
    } catch (err) {
      if (!(err instanceof GovbuyError)) throw err;
      const what = Object.keys(p.factors).length > 0 ? `design point ${p.index} (${describePoint(p)}) does` : 'the fixed settings do';
      throw new ExperimentError(
        'EXPERIMENT_INVALID',
        `${ctx.experimentFile}: ${what} not give a valid scenario from ${ctx.scenarios[p.scenario].file}; no run was started`,
        err.details.length > 0 ? err.details : [err.message],
      );
    }
  }
}

function describePoint(p: DesignPoint): string {
  return Object.entries(p.factors)
    .map(([k, v]) => `${k} = ${preview(v, 30)}`)
    .join(', ');
}

/** One line of text for an error, whatever was thrown. */
export function errorLine(err: unknown): string {
  const text = err instanceof GovbuyError ? err.describe() : err instanceof Error ? (err.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message) : String(err);
  return text.replace(/\s*\n\s*/g, ' / ').slice(0, 2000);
}

/** Run one spec. Never throws for a failing run: the error is returned as status "failed". */
export function runOne(spec: RunSpec, ctx: SweepContext): RunResult {
  const e = ctx.experiment;
  try {
    if (ctx.failRuns?.includes(spec.runIndex)) throw new Error(`injected failure of run ${spec.runIndex} (GOVBUY_TEST_FAIL_RUNS)`);
    const scenario = scenarioFor(ctx, spec.scenario, spec.factors);
    const result = simulate(scenario, spec.seed);
    const outcomes = flattenSummary(result.summary, e.outputs.metrics);
    const out: RunResult = { runIndex: spec.runIndex, seed: spec.seed, status: 'ok', outcomes };
    if (e.outputs.series) {
      const width = SERIES_COLUMNS.length;
      const series = new Float64Array(result.series.length * width);
      result.series.forEach((row, m) => SERIES_COLUMNS.forEach((c, j) => (series[m * width + j] = row[c])));
      out.series = series;
    }
    return out;
  } catch (err) {
    return { runIndex: spec.runIndex, seed: spec.seed, status: 'failed', error: errorLine(err), outcomes: null };
  }
}
