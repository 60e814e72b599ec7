/**
 * One run of a sweep: a run spec and the base scenarios in, a flat row of outcomes out. The same
 * pure function serves the in-process loop and the worker threads. Also the preflight that
 * applies every design point's factor values to its scenario before any run starts, so that a
 * bad factor path or value is reported at once, naming the experiment file and the factor.
 */
import { GovbuyError } from '../engine/errors.ts';
import { SERIES_COLUMNS } from '../metrics/series.ts';
import { resumeRun, takeCheckpoint, type Checkpoint } from '../model/checkpoint.ts';
import { advance, finish, simulate, startRun } from '../model/run.ts';
import { applyEntry } from '../model/scheduleChanges.ts';
import { preview } from '../scenario/issues.ts';
import { getPath } from '../scenario/paths.ts';
import { prepareScenarioText, type PreparedScenario } from '../scenario/load.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { DesignPoint, ExpandedDesign, RunSpec } from './design.ts';
import { ExperimentError } from './errors.ts';
import { cellValue, type Cell } from './columns.ts';
import type { ResolvedExperiment } from './file.ts';
import type { ResolvedPolicy } from './policies.ts';
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
  const policy = policyOf(e, factors);
  for (const [path, value] of Object.entries(policy?.set ?? {})) {
    sets.push(`${path}=${JSON.stringify(value)}`);
    labels.push(`${ctx.experimentFile} policy ${policy!.name}: ${path} = ${preview(value, 40)}`);
  }
  for (const f of e.factors) {
    if (!Object.hasOwn(factors, f.name)) continue;
    const value = factors[f.name];
    sets.push(`${f.path}=${JSON.stringify(value)}`);
    labels.push(`${ctx.experimentFile} factor ${f.name}${f.name !== f.path ? ` (${f.path})` : ''} = ${preview(value, 40)}`);
  }
  return { sets, labels };
}

/** A design point's factor values as scenario changes (path → value), for branching. */
function changesOf(ctx: SweepContext, factors: Record<string, unknown>): Record<string, unknown> {
  const changes: Record<string, unknown> = { ...policyOf(ctx.experiment, factors)?.set };
  for (const f of ctx.experiment.factors) if (Object.hasOwn(factors, f.name)) changes[f.path] = factors[f.name];
  return changes;
}

/** The policy a design point runs (policies × futures), from its policy column. */
function policyOf(e: ResolvedExperiment, factors: Record<string, unknown>): ResolvedPolicy | undefined {
  const p = e.policies;
  return p ? p.list.find((x) => x.name === factors[p.column]) : undefined;
}

/**
 * Each lever's value in effect per scenario file and policy ([scenario][policy][lever], as
 * cells): the scenario built with `set` and the policy, read at the lever's path (defaults
 * filled in). Null where that scenario does not build: the preflight reports why.
 */
export function effectiveLevers(ctx: SweepContext): Cell[][][] {
  const p = ctx.experiment.policies;
  if (!p) return [];
  return ctx.scenarios.map((_, s) =>
    p.list.map((policy) => {
      let scenario: Scenario;
      try {
        scenario = scenarioFor(ctx, s, { [p.column]: policy.name });
      } catch {
        return p.levers.map(() => null);
      }
      return p.levers.map((l) => cellValue(getPath(scenario, l.path)));
    }),
  );
}

/**
 * Warm states of the base scenarios at the branch year, per (scenario, seed), kept for the runs
 * that follow in this process. Only a cache: a miss recomputes the same state, so results do
 * not depend on what ran before or in which worker.
 */
const warmStates = new Map<string, Checkpoint>();
const WARM_STATES_KEPT = 16;

function warmState(ctx: SweepContext, scenario: number, seed: number, branchAt: number): Checkpoint {
  const key = `${scenario}:${seed}:${branchAt}`;
  const hit = warmStates.get(key);
  if (hit) return hit;
  const base = scenarioFor(ctx, scenario, {});
  const cp = takeCheckpoint(advance(startRun(base, seed), { stopBefore: 12 * branchAt }));
  if (warmStates.size >= WARM_STATES_KEPT) warmStates.delete(warmStates.keys().next().value as string);
  warmStates.set(key, cp);
  return cp;
}

/**
 * Base scenario files read once per process (per BaseScenario object), then copied for each
 * design point: a sweep builds a scenario for every point in its preflight and for every run.
 */
const prepared = new WeakMap<BaseScenario, PreparedScenario>();

/** The validated scenario of a design point (throws the scenario loader's GovbuyError). */
export function scenarioFor(ctx: SweepContext, scenario: number, factors: Record<string, unknown>): Scenario {
  const base = ctx.scenarios[scenario];
  let variant = prepared.get(base);
  if (!variant) {
    variant = prepareScenarioText(base.text, base.file);
    prepared.set(base, variant);
  }
  const { sets, labels } = overridesOf(ctx, factors);
  return variant(sets, { setLabels: labels });
}

/**
 * Apply every design point to its scenario and validate it, before any run. Throws an
 * ExperimentError naming the experiment file, the point and every problem, for the first point
 * that fails (a bad path fails them all; one report is enough).
 */
export function preflight(ctx: SweepContext, design: ExpandedDesign, points: readonly DesignPoint[] = design.points, check?: ScenarioCheck): void {
  const branchAt = ctx.experiment.branchAt;
  for (const p of points) {
    try {
      const scenario = scenarioFor(ctx, p.scenario, p.factors);
      if (branchAt !== null) checkBranch(ctx, p, scenario, branchAt);
      check?.(scenario, ctx.scenarios[p.scenario].file);
    } catch (err) {
      if (err instanceof ExperimentError || !(err instanceof GovbuyError)) throw err;
      const what = Object.keys(p.factors).length > 0 ? `design point ${p.index} (${describePoint(p)}) does` : 'the fixed settings do';
      throw new ExperimentError(
        'EXPERIMENT_INVALID',
        `${ctx.experimentFile}: ${what} not give a valid scenario from ${ctx.scenarios[p.scenario].file}; no run was started`,
        // A list of problems speaks for itself; any other message (the memory check's) is kept.
        err.details.length > 0 && /problems? in the scenario$/.test(err.message) ? err.details : [err.message.replace(/^[^:]*: /, ''), ...err.details],
      );
    }
  }
}

/** A further check of each design point's scenario (the up-front memory check); throws a GovbuyError. */
export type ScenarioCheck = (scenario: Scenario, file: string) => void;

/** Design points checked between two looks at the stop signal (well under a second of work). */
const PREFLIGHT_CHUNK = 2000;

/** The preflight was stopped from outside (Ctrl-C) before it finished; nothing was started or written. */
export class PreflightInterrupted extends Error {
  constructor(
    readonly checked: number,
    readonly total: number,
  ) {
    super(`interrupted while checking the design: ${checked.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} design points checked`);
    this.name = 'PreflightInterrupted';
  }
}

/**
 * preflight, a chunk at a time, yielding between chunks so that Ctrl-C is heard: a design of
 * millions of points takes minutes to check. Throws PreflightInterrupted once `signal` aborts.
 */
export async function preflightInterruptible(ctx: SweepContext, design: ExpandedDesign, signal?: AbortSignal, check?: ScenarioCheck): Promise<void> {
  const points = design.points;
  for (let start = 0; start < points.length; start += PREFLIGHT_CHUNK) {
    if (start > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    if (signal?.aborted) throw new PreflightInterrupted(start, points.length);
    preflight(ctx, design, points.slice(start, start + PREFLIGHT_CHUNK), check);
  }
}

/** With branchAt: the branch year lies inside the run, and the factors may change mid-run. */
function checkBranch(ctx: SweepContext, p: DesignPoint, scenario: Scenario, branchAt: number): void {
  const file = ctx.experimentFile;
  if (branchAt >= scenario.years)
    throw new ExperimentError('EXPERIMENT_INVALID', `${file}: branchAt ${branchAt} is not a run year of ${ctx.scenarios[p.scenario].file} (it runs ${scenario.years} years: 0–${scenario.years - 1}); no run was started`);
  try {
    applyEntry(scenarioFor(ctx, p.scenario, {}), { year: branchAt, set: changesOf(ctx, p.factors) });
  } catch (err) {
    throw new ExperimentError('EXPERIMENT_INVALID', `${file}: with branchAt, design point ${p.index} (${describePoint(p)}) cannot be applied at the branch; no run was started`, [
      err instanceof Error ? err.message.split('\n')[0] : String(err),
      'with branchAt, factors must be parameters that may change during a run (policies, governments, labour, residents, organizations, committees, domains)',
    ]);
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
    const result =
      e.branchAt === null
        ? simulate(scenarioFor(ctx, spec.scenario, spec.factors), spec.seed)
        : finish(advance(resumeRun(warmState(ctx, spec.scenario, spec.seed, e.branchAt), changesOf(ctx, spec.factors))));
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
