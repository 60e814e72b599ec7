/**
 * `govbuy analyze`: from a finished sweep's runs to tables the report can draw. Pure.
 *
 * - points: per design point and outcome, the mean over its replications and a Student-t
 *   confidence interval (failed runs and undefined values left out);
 * - grid designs: main effects (mean of the point means at each level of a factor, and its
 *   difference from the grand mean) and two-way interactions (cell mean − both level means +
 *   grand mean), with the scenario factor counted as a factor;
 * - Latin hypercubes: partial rank correlation coefficients (PRCC) per factor, with bootstrap
 *   intervals and p-values (prcc.ts);
 * - Morris designs: μ, μ*, σ per factor, with a bootstrap interval for μ*;
 * - Sobol designs: first- and total-order indices with bootstrap intervals.
 * Sensitivity indices use the point means, per scenario file.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { factorCells, factorColumns, type Cell } from './columns.ts';
import type { ExpandedDesign } from './design.ts';
import type { ResolvedExperiment } from './file.ts';
import type { RunResult } from './runOne.ts';
import { prccIndices } from './prcc.ts';
import { morrisIndices, sobolIndices } from './sensitivity.ts';
import { purposeRng } from './seeds.ts';
import { finiteOrNull, mean, tInterval } from './stats.ts';

export interface Table {
  columns: string[];
  rows: Record<string, Cell>[];
}

export interface Analysis {
  format: 'govbuy-analysis';
  formatVersion: 1;
  experiment: string;
  design: ResolvedExperiment['design'];
  confidence: number;
  bootstrap: number;
  metrics: string[];
  factors: string[];
  runs: { total: number; ok: number; failed: number };
  points: Table;
  /** Grids: level means, their difference from the grand mean, and the level mean's confidence interval. */
  mainEffects: Table | null;
  interactions: Table | null;
  /** Latin hypercubes (absent in analyses written before PRCC was added). */
  prcc?: Table | null;
  morris: Table | null;
  sobol: Table | null;
}

export interface AnalyzeOptions {
  /** Outcomes to analyse (default: the experiment's analysis.outputs). */
  metrics?: readonly string[];
  bootstrap?: number;
}

/** `results[runIndex]`: every run of the design, finished (ok or failed). */
export function analyze(e: ResolvedExperiment, design: ExpandedDesign, results: readonly RunResult[], options: AnalyzeOptions = {}): Analysis {
  const metrics = [...(options.metrics ?? e.analysis.outputs)];
  const level = e.analysis.confidence;
  const resamples = options.bootstrap ?? e.analysis.bootstrap;
  const fcols = factorColumns(e);
  const R = e.replications;

  // Per point: the values of each metric over its ok runs.
  const pointRows: Record<string, Cell>[] = [];
  const pointMeans: (number | null)[][] = metrics.map(() => new Array<number | null>(design.points.length).fill(null));
  let ok = 0;
  let failed = 0;
  for (const p of design.points) {
    const runs = results.slice(p.index * R, (p.index + 1) * R);
    const good = runs.filter((r) => r.status === 'ok');
    ok += good.length;
    failed += runs.length - good.length;
    const cells = factorCells(e, p.scenario, p.factors);
    metrics.forEach((m, mi) => {
      const xs = good.map((r) => r.outcomes?.[m]).filter((v): v is number => typeof v === 'number');
      const ci = tInterval(xs, level);
      pointMeans[mi][p.index] = ci.mean;
      pointRows.push({ point: p.index, ...cells, metric: m, n: ci.n, failed: runs.length - good.length, mean: finiteOrNull(ci.mean), sd: finiteOrNull(ci.sd), ci_low: finiteOrNull(ci.low), ci_high: finiteOrNull(ci.high) });
    });
  }

  const analysis: Analysis = {
    format: 'govbuy-analysis',
    formatVersion: 1,
    experiment: e.name,
    design: e.design,
    confidence: level,
    bootstrap: resamples,
    metrics,
    factors: fcols,
    runs: { total: results.length, ok, failed },
    points: { columns: ['point', ...fcols, 'metric', 'n', 'failed', 'mean', 'sd', 'ci_low', 'ci_high'], rows: pointRows },
    mainEffects: null,
    interactions: null,
    prcc: null,
    morris: null,
    sobol: null,
  };
  if (e.design.type === 'grid') {
    Object.assign(analysis, gridEffects(e, design, metrics, pointMeans));
    // main_effects.csv carries the intervals the charts draw.
    const intervals = mainEffectIntervals(analysis);
    if (analysis.mainEffects && intervals)
      analysis.mainEffects = {
        columns: [...analysis.mainEffects.columns, 'ci_low', 'ci_high'],
        rows: analysis.mainEffects.rows.map((r, i) => ({ ...r, ci_low: intervals.rows[i].ci_low, ci_high: intervals.rows[i].ci_high })),
      };
  }
  const { columns: groupCols, groups } = sensitivityGroups(e, design);
  const names = e.factors.map((f) => f.name);
  const rng = (m: string, si: number) => purposeRng(e.seed, `bootstrap:${m}:${si}`);
  if (e.design.type === 'lhs' && names.length > 0) {
    const rows: Record<string, Cell>[] = [];
    const valueOf = (i: number, f: string) => Number(design.points[i].factors[f]);
    metrics.forEach((m, mi) =>
      groups.forEach((g, si) => {
        const x = g.points.map((i) => names.map((f) => valueOf(i, f)));
        const y = g.points.map((i) => pointMeans[mi][i]);
        for (const r of prccIndices(x, y, names, { resamples, level, rng: rng(m, si) }))
          rows.push({ ...g.cells, metric: m, factor: r.factor, n: r.n, prcc: finiteOrNull(r.prcc), p_value: finiteOrNull(r.pValue), ci_low: finiteOrNull(r.low), ci_high: finiteOrNull(r.high) });
      }),
    );
    analysis.prcc = { columns: [...groupCols, 'metric', 'factor', 'n', 'prcc', 'p_value', 'ci_low', 'ci_high'], rows };
  }
  if (design.morris) {
    const rows: Record<string, Cell>[] = [];
    metrics.forEach((m, mi) =>
      groups.forEach((g, si) => {
        const y = g.points.map((i) => pointMeans[mi][i]);
        for (const r of morrisIndices(y, design.morris!, names, { resamples, level, rng: rng(m, si) }))
          rows.push({ ...g.cells, metric: m, factor: r.factor, n: r.n, mu: finiteOrNull(r.mu), mu_star: finiteOrNull(r.muStar), sigma: finiteOrNull(r.sigma), mu_star_ci_low: finiteOrNull(r.muStarLow), mu_star_ci_high: finiteOrNull(r.muStarHigh) });
      }),
    );
    analysis.morris = { columns: [...groupCols, 'metric', 'factor', 'n', 'mu', 'mu_star', 'sigma', 'mu_star_ci_low', 'mu_star_ci_high'], rows };
  }
  if (design.sobol) {
    const rows: Record<string, Cell>[] = [];
    metrics.forEach((m, mi) =>
      groups.forEach((g, si) => {
        const y = g.points.map((i) => pointMeans[mi][i]);
        for (const r of sobolIndices(y, design.sobol!.samples, names, { resamples, level, rng: rng(m, si) }))
          rows.push({ ...g.cells, metric: m, factor: r.factor, n: r.n, S1: finiteOrNull(r.S1), S1_ci_low: finiteOrNull(r.S1Low), S1_ci_high: finiteOrNull(r.S1High), ST: finiteOrNull(r.ST), ST_ci_low: finiteOrNull(r.STLow), ST_ci_high: finiteOrNull(r.STHigh) });
      }),
    );
    analysis.sobol = { columns: [...groupCols, 'metric', 'factor', 'n', 'S1', 'S1_ci_low', 'S1_ci_high', 'ST', 'ST_ci_low', 'ST_ci_high'], rows };
  }
  return analysis;
}

/**
 * Groups of design points whose sensitivity indices are computed together, each in the
 * sampler's order: per scenario file, and for policies × futures per scenario file and policy
 * (a policy's points over the futures).
 */
function sensitivityGroups(e: ResolvedExperiment, design: ExpandedDesign): { columns: string[]; groups: { cells: Record<string, Cell>; points: number[] }[] } {
  const columns = [...(e.scenarioColumn !== null ? [e.scenarioColumn] : []), ...(e.policies ? [e.policies.column] : [])];
  const groups: { cells: Record<string, Cell>; points: number[] }[] = [];
  e.scenarios.forEach((s, si) => {
    const from = si * design.pointsPerScenario;
    const cells: Record<string, Cell> = e.scenarioColumn !== null ? { [e.scenarioColumn]: s.label } : {};
    const p = e.policies;
    if (!p || !design.futures) groups.push({ cells, points: Array.from({ length: design.pointsPerScenario }, (_, i) => from + i) });
    else {
      const { count, policies } = design.futures;
      p.list.forEach((policy, pi) => groups.push({ cells: { ...cells, [p.column]: policy.name }, points: Array.from({ length: count }, (_, f) => from + f * policies + pi) }));
    }
  });
  return { columns, groups };
}

/** A level's identity: its cell text (so 0.5 and "0.5" in one factor stay apart only by type). */
function levelKey(v: Cell): string {
  return JSON.stringify(v);
}

function gridEffects(e: ResolvedExperiment, design: ExpandedDesign, metrics: readonly string[], pointMeans: (number | null)[][]): Pick<Analysis, 'mainEffects' | 'interactions'> {
  // Factor columns and each point's level per column (policies × futures: the scenario and the policy; levers follow the policy).
  const cols = e.policies ? [...(e.scenarioColumn !== null ? [e.scenarioColumn] : []), e.policies.column] : factorColumns(e);
  const levels = design.points.map((p) => factorCells(e, p.scenario, p.factors));
  const distinct = cols.map((c) => {
    const seen = new Map<string, Cell>();
    for (const l of levels) if (!seen.has(levelKey(l[c]))) seen.set(levelKey(l[c]), l[c]);
    return [...seen.values()];
  });
  const main: Record<string, Cell>[] = [];
  const inter: Record<string, Cell>[] = [];
  metrics.forEach((m, mi) => {
    const y = pointMeans[mi];
    const present = design.points.map((p) => p.index).filter((i) => y[i] !== null);
    if (present.length === 0) return;
    const grand = mean(present.map((i) => y[i]!));
    const levelMean = (c: string, v: Cell): { mean: number | null; n: number } => {
      const xs = present.filter((i) => levelKey(levels[i][c]) === levelKey(v)).map((i) => y[i]!);
      return { mean: xs.length > 0 ? mean(xs) : null, n: xs.length };
    };
    cols.forEach((c, ci) => {
      if (distinct[ci].length < 2) return;
      for (const v of distinct[ci]) {
        const lm = levelMean(c, v);
        main.push({ metric: m, factor: c, level: v, n: lm.n, mean: finiteOrNull(lm.mean), effect: lm.mean === null ? null : finiteOrNull(lm.mean - grand) });
      }
    });
    for (let a = 0; a < cols.length; a++) {
      for (let b = a + 1; b < cols.length; b++) {
        if (distinct[a].length < 2 || distinct[b].length < 2) continue;
        for (const va of distinct[a]) {
          const ma = levelMean(cols[a], va).mean;
          for (const vb of distinct[b]) {
            const mb = levelMean(cols[b], vb).mean;
            const xs = present.filter((i) => levelKey(levels[i][cols[a]]) === levelKey(va) && levelKey(levels[i][cols[b]]) === levelKey(vb)).map((i) => y[i]!);
            const cell = xs.length > 0 ? mean(xs) : null;
            const interaction = cell === null || ma === null || mb === null ? null : cell - ma - mb + grand;
            inter.push({ metric: m, factor_a: cols[a], level_a: va, factor_b: cols[b], level_b: vb, n: xs.length, mean: finiteOrNull(cell), interaction: finiteOrNull(interaction) });
          }
        }
      }
    }
  });
  return {
    mainEffects: { columns: ['metric', 'factor', 'level', 'n', 'mean', 'effect'], rows: main },
    interactions: { columns: ['metric', 'factor_a', 'level_a', 'factor_b', 'level_b', 'n', 'mean', 'interaction'], rows: inter },
  };
}

/**
 * Confidence intervals of the grid main effects (analysis.mainEffects' level means), from the
 * points table: a level mean is the mean of its P point means, so its variance is
 * Σ sd_p² / n_p over those points, divided by P², with Welch–Satterthwaite degrees of freedom
 * (the design is fixed; only the replications are random). Rows: metric, factor, level, n
 * (points), mean, ci_low, ci_high; the interval is null when a point has fewer than two values.
 * Null when the analysis has no main effects (not a grid).
 */
export function mainEffectIntervals(a: Pick<Analysis, 'points' | 'mainEffects' | 'confidence'>): Table | null {
  if (!a.mainEffects) return null;
  const byMetric = new Map<string, Record<string, Cell>[]>();
  for (const p of a.points.rows) {
    const list = byMetric.get(String(p.metric)) ?? [];
    list.push(p);
    byMetric.set(String(p.metric), list);
  }
  const rows: Record<string, Cell>[] = a.mainEffects.rows.map((r) => {
    const factor = String(r.factor);
    const points = (byMetric.get(String(r.metric)) ?? []).filter((p) => levelKey(p[factor]) === levelKey(r.level) && typeof p.mean === 'number');
    let low: number | null = null;
    let high: number | null = null;
    const parts = points.map((p) => ({ n: typeof p.n === 'number' ? p.n : 0, sd: typeof p.sd === 'number' ? p.sd : null }));
    if (points.length > 0 && parts.every((q) => q.n >= 2 && q.sd !== null)) {
      const m = mean(points.map((p) => p.mean as number));
      const v = parts.map((q) => (q.sd! * q.sd!) / q.n);
      const sum = v.reduce((s, x) => s + x, 0);
      const se = Math.sqrt(sum) / points.length;
      if (sum === 0) [low, high] = [m, m];
      else {
        const df = (sum * sum) / v.reduce((s, x, i) => s + (x * x) / (parts[i].n - 1), 0);
        const half = tQuantile(1 - (1 - a.confidence) / 2, df) * se;
        [low, high] = [m - half, m + half];
      }
    }
    return { metric: r.metric, factor: r.factor, level: r.level, n: points.length, mean: r.mean, ci_low: finiteOrNull(low), ci_high: finiteOrNull(high) };
  });
  return { columns: ['metric', 'factor', 'level', 'n', 'mean', 'ci_low', 'ci_high'], rows };
}
