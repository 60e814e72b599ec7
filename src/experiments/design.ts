/**
 * Expanding an experiment into runs, in one fixed order. Pure: the same experiment always gives
 * the same design points, run indices and seeds, on any machine and whatever the worker count.
 *
 * Order: the scenario files (the region factor) are outermost; within a scenario file come the
 * design points — for a grid every combination of the factors' values with the last factor
 * varying fastest, for sampled designs the samples in the sampler's order (Morris: trajectory by
 * trajectory; Sobol: per base sample A, AB(1) … AB(k), B). Each design point has `replications`
 * runs in a row:
 *
 *   point = scenario × pointsPerScenario + local point,  runIndex = point × replications + replicate
 *
 * and the run seed is derivedSeed(experiment seed, runIndex) (seeds.ts).
 *
 * Policies × futures (issue 18): the design's points over the uncertainties are the futures;
 * within a scenario file each future holds one point per policy, in the file's policy order:
 *
 *   local point = future × policies + policy,  seed = derivedSeed(experiment seed, future × replications + replicate)
 *
 * so every policy meets the same random draws in a future (common random numbers), and the
 * futures differ from each other. With commonRandomNumbers: true, as elsewhere, only the
 * replicate counts: every future shares replicate r's seed.
 */
import { pointsPerScenario, runCount, type ResolvedExperiment, type ResolvedFactor } from './file.ts';
import { latinHypercube, morrisDelta, morrisTrajectories, saltelliPoints } from './samplers.ts';
import { derivedSeed, purposeRng } from './seeds.ts';

export interface DesignPoint {
  index: number;
  /** Index into the experiment's scenario files. */
  scenario: number;
  /** Factor name → value, in the experiment's factor order. */
  factors: Record<string, unknown>;
  /** For sampled designs: the point in the unit hypercube the values were mapped from. */
  unit?: number[];
  /** Policies × futures: the future (index within the scenario file) and the policy (index into experiment.policies.list). */
  future?: number;
  policy?: number;
}

/**
 * A reference to a saved warm state a run continues from instead of starting at month 0.
 * Reserved for branching (issue 6, "Branching from a warm state"); not produced yet.
 */
export interface BranchRef {
  /** Run year the shared history ends. */
  atYear: number;
  /** Identifies the checkpoint (e.g. its content hash). */
  checkpoint: string;
}

/** One run: everything a worker needs besides the base scenarios. Plain data (sent to workers). */
export interface RunSpec {
  runIndex: number;
  point: number;
  replicate: number;
  seed: number;
  scenario: number;
  factors: Record<string, unknown>;
  branch?: BranchRef;
}

export interface ExpandedDesign {
  points: DesignPoint[];
  pointsPerScenario: number;
  runs: number;
  /** Morris: Δ and, per trajectory, the factor moved and its direction at each step (the same in every scenario group). */
  morris?: { delta: number; trajectories: { order: number[]; signs: number[] }[] };
  /** Sobol: base samples N; group layout per base sample j: A_j, AB_j^(1) … AB_j^(k), B_j. */
  sobol?: { samples: number };
  /** Policies × futures: futures per scenario file and policies per future (Morris and Sobol layouts above are over the futures). */
  futures?: { count: number; policies: number };
}

/** A unit coordinate u ∈ [0, 1] as a value of a range factor (linear or log, whole numbers if asked). */
export function valueFromUnit(f: ResolvedFactor, u: number): number {
  const [lo, hi] = f.range!;
  if (f.integer) {
    if (f.log) {
      const v = Math.round(Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))));
      return Math.min(Math.floor(hi), Math.max(Math.ceil(lo), v));
    }
    const a = Math.ceil(lo);
    const b = Math.floor(hi);
    return a + Math.min(b - a, Math.floor(u * (b - a + 1)));
  }
  const v = f.log ? Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))) : lo + u * (hi - lo);
  return Math.min(hi, Math.max(lo, v));
}

function gridPoints(factors: readonly ResolvedFactor[]): Record<string, unknown>[] {
  let rows: Record<string, unknown>[] = [{}];
  for (const f of factors) {
    const next: Record<string, unknown>[] = [];
    for (const row of rows) for (const v of f.values!) next.push({ ...row, [f.name]: v });
    rows = next;
  }
  return rows;
}

export function expandDesign(e: ResolvedExperiment): ExpandedDesign {
  const k = e.factors.length;
  const d = e.design;
  let units: number[][] | null = null;
  let morris: ExpandedDesign['morris'];
  let sobol: ExpandedDesign['sobol'];
  if (d.type === 'lhs') units = latinHypercube(d.samples, k, purposeRng(e.seed, 'lhs'));
  else if (d.type === 'sobol') {
    units = saltelliPoints(d.samples, k);
    sobol = { samples: d.samples };
  } else if (d.type === 'morris') {
    const trajectories = morrisTrajectories(d.trajectories, k, d.levels, purposeRng(e.seed, 'morris'));
    units = trajectories.flatMap((t) => t.points);
    morris = { delta: morrisDelta(d.levels), trajectories: trajectories.map(({ order, signs }) => ({ order, signs })) };
  }
  let local: { factors: Record<string, unknown>; unit?: number[]; future?: number; policy?: number }[] = units
    ? units.map((u) => ({ factors: Object.fromEntries(e.factors.map((f, i) => [f.name, valueFromUnit(f, u[i])])), unit: u }))
    : gridPoints(e.factors).map((factors) => ({ factors }));
  const p = e.policies;
  const futures = p ? { count: local.length, policies: p.list.length } : undefined;
  if (p)
    local = local.flatMap((point, future) =>
      p.list.map((policy, i) => ({ ...point, factors: { [p.futureColumn]: future, [p.column]: policy.name, ...point.factors }, future, policy: i })),
    );
  const per = pointsPerScenario(e);
  if (local.length !== per) throw new Error(`design expansion gave ${local.length} points, expected ${per}`);
  const points: DesignPoint[] = [];
  e.scenarios.forEach((_, s) => {
    local.forEach((p, i) => points.push({ index: s * per + i, scenario: s, ...p }));
  });
  return { points, pointsPerScenario: per, runs: runCount(e), ...(morris ? { morris } : {}), ...(sobol ? { sobol } : {}), ...(futures ? { futures } : {}) };
}

/** The run with index `runIndex`. */
export function runSpec(e: ResolvedExperiment, design: ExpandedDesign, runIndex: number): RunSpec {
  if (!Number.isInteger(runIndex) || runIndex < 0 || runIndex >= design.runs) throw new RangeError(`run ${runIndex} is not in the design (0–${design.runs - 1})`);
  const point = Math.floor(runIndex / e.replications);
  const replicate = runIndex % e.replications;
  const p = design.points[point];
  return {
    runIndex,
    point,
    replicate,
    seed: derivedSeed(e.seed, e.commonRandomNumbers ? replicate : p.future !== undefined ? p.future * e.replications + replicate : runIndex),
    scenario: p.scenario,
    factors: p.factors,
  };
}

/** A slice of the design for one machine: shard k of n (1-based) runs the run indices i with i mod n = k − 1. */
export interface Shard {
  k: number;
  n: number;
}

/** Parse "k/n" (1 ≤ k ≤ n); null when the text is not of that form. */
export function parseShard(text: string): Shard | null {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return null;
  const k = Number(m[1]);
  const n = Number(m[2]);
  return Number.isSafeInteger(k) && Number.isSafeInteger(n) && n >= 1 && k >= 1 && k <= n ? { k, n } : null;
}

/** Run indices of a shard (all runs without one), ascending. */
export function shardRunIndices(runs: number, shard: Shard | null): number[] {
  if (!shard) return Array.from({ length: runs }, (_, i) => i);
  const out: number[] = [];
  for (let i = shard.k - 1; i < runs; i += shard.n) out.push(i);
  return out;
}
