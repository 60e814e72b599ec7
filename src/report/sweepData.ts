/**
 * Choices a sweep report makes before it draws: which outcomes are the main ones, how a design
 * point or factor level is named, and which runs' monthly series become which line — at most a
 * few lines and a few hundred runs, however big the sweep. Pure.
 */
import { factorCells, factorColumns, type Cell } from '../experiments/columns.ts';
import type { ExpandedDesign } from '../experiments/design.ts';
import type { ResolvedExperiment } from '../experiments/file.ts';
import type { RunResult } from '../experiments/runOne.ts';
import { askedOutcomes, type AskedOutcomes } from '../policies/outcomeFamilies.ts';
import { evenlySpaced } from './runData.ts';

/** Outcomes a sweep report shows first, when the analysis has them. */
export const KEY_SWEEP_OUTCOMES = [
  'final.orgs_per_10k',
  'final.orgs_active',
  'first_year_mortality',
  'exits_by_cause.insolvency',
  'final.bidders_per_tender',
  'totals.failed_tenders',
  'final.resistance_mean',
  'final.insider_contract_share',
  'totals.mean_needs_met_share',
  'final.trust_in_orgs',
];

/** Most outcomes in the design-point table and the per-outcome charts. */
export const MAX_MAIN_OUTCOMES = 6;

/**
 * The main outcomes of an analysis, `asked` first (the outcome families of the levers the
 * experiment varies: askedOf): all of them when there are few, else the asked ones, then the key
 * outcomes it has (in that order), else its first ones; at most `max`.
 */
export function mainOutcomes(metrics: readonly string[], max = MAX_MAIN_OUTCOMES, asked: readonly string[] = []): string[] {
  const first = asked.filter((o) => metrics.includes(o));
  if (metrics.length <= max) return [...first, ...metrics.filter((m) => !first.includes(m))];
  const keys = KEY_SWEEP_OUTCOMES.filter((k) => metrics.includes(k) && !first.includes(k));
  const rest = keys.length > 0 ? keys : metrics.filter((m) => !first.includes(m));
  return [...first, ...rest].slice(0, max);
}

/** The paths of the levers an experiment varies: its factors, or for policies × futures its policies' levers. */
export function leverPaths(e: ResolvedExperiment): string[] {
  return e.policies ? e.policies.levers.map((l) => l.path) : e.factors.map((f) => f.path);
}

/** What the experiment asks: the outcome families of the levers it varies, among `metrics` (outcomeFamilies.ts). */
export function askedOf(e: ResolvedExperiment, metrics: readonly string[]): AskedOutcomes {
  return askedOutcomes(leverPaths(e), metrics);
}

/** A factor level as text: numbers to at most 4 decimals, true/false, text as it is. */
export function cellText(v: Cell): string {
  if (v === null) return '–';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4)));
  return String(v);
}

/** The panel a sensitivity row belongs to: its scenario file and, for policies × futures, its policy ('' with one scenario file and no policies). */
export function panelOf(e: ResolvedExperiment, r: Readonly<Record<string, Cell>>): string {
  return [...(e.scenarioColumn !== null ? [cellText(r[e.scenarioColumn] ?? null)] : []), ...(e.policies ? [cellText(r[e.policies.column] ?? null)] : [])].join(' · ');
}

/**
 * Short names of factor columns for legends: a dotted path (a factor without a name of its own)
 * by its last part, unless two columns would then share a name.
 */
export function shortNames(columns: readonly string[]): Map<string, string> {
  const last = (c: string) => c.slice(c.lastIndexOf('.') + 1);
  const counts = new Map<string, number>();
  for (const c of columns) counts.set(last(c), (counts.get(last(c)) ?? 0) + 1);
  return new Map(columns.map((c) => [c, counts.get(last(c)) === 1 ? last(c) : c]));
}

/** A design point named by its factor levels ("advance = 0.5, delayMonths = 6"), or `fallback` without factors. */
export function pointLabel(cells: Readonly<Record<string, Cell>>, fallback: string, names: ReadonlyMap<string, string> = new Map()): string {
  const parts = Object.entries(cells).map(([k, v]) => `${names.get(k) ?? k} = ${cellText(v)}`);
  return parts.length > 0 ? parts.join(', ') : fallback;
}

/** One line of a series chart: its label and the runs (ok, with series) it averages. */
export interface SeriesGroup {
  label: string;
  /** Run indices whose series are read (at most the cap per line). */
  runs: number[];
  /** Ok runs the line stands for (runs.length unless capped). */
  okRuns: number;
}

export interface SeriesPlan {
  /** One line per design point, per level of one factor, or per chosen design point. */
  by: 'point' | 'level' | 'sample';
  /** The factor column of `by: 'level'`, and its short name (as in the line labels). */
  factor?: string;
  factorLabel?: string;
  groups: SeriesGroup[];
  /** Points (or levels) there were to show; more than groups.length when capped. */
  available: number;
  /** Whether some lines average fewer runs than they have. */
  runsCapped: boolean;
}

export interface SeriesLimits {
  /** Most lines for design points. */
  points: number;
  /** Most lines for the levels of a factor. */
  levels: number;
  /** Most runs read over all lines. */
  runs: number;
}

export const SERIES_LIMITS: SeriesLimits = { points: 6, levels: 8, runs: 400 };

/**
 * Lines for the series charts: one per design point when there are few; else, for a grid, one
 * per level of the first factor with several levels (all runs at that level); else evenly
 * spaced design points. Failed runs are left out; each line reads at most its share of
 * `limits.runs` runs, evenly spaced. Null when no run kept a series.
 */
export function planSeries(e: ResolvedExperiment, design: ExpandedDesign, results: readonly RunResult[], limits: SeriesLimits = SERIES_LIMITS): SeriesPlan | null {
  if (!e.outputs.series) return null;
  const R = e.replications;
  const okRuns = (point: number) => results.slice(point * R, (point + 1) * R).filter((r) => r.status === 'ok').map((r) => r.runIndex);
  const cells = design.points.map((p) => factorCells(e, p.scenario, p.factors));
  let by: SeriesPlan['by'];
  let factor: string | undefined;
  let lines: { label: string; runs: number[] }[];
  let available: number;
  const names = shortNames(factorColumns(e));
  const levelColumn = factorColumns(e).find((c) => new Set(cells.map((x) => JSON.stringify(x[c]))).size > 1);
  if (design.points.length <= limits.points) {
    by = 'point';
    available = design.points.length;
    lines = design.points.map((p, i) => ({ label: pointLabel(cells[i], e.name, names), runs: okRuns(p.index) }));
  } else if (e.design.type === 'grid' && levelColumn !== undefined) {
    by = 'level';
    factor = levelColumn;
    const levels = new Map<string, { value: Cell; runs: number[] }>();
    design.points.forEach((p, i) => {
      const key = JSON.stringify(cells[i][levelColumn]);
      const level = levels.get(key) ?? { value: cells[i][levelColumn], runs: [] };
      level.runs.push(...okRuns(p.index));
      levels.set(key, level);
    });
    available = levels.size;
    lines = evenlySpaced([...levels.values()], limits.levels).map((l) => ({ label: `${names.get(levelColumn) ?? levelColumn} = ${cellText(l.value)}`, runs: l.runs }));
  } else {
    by = 'sample';
    available = design.points.length;
    lines = evenlySpaced(design.points, limits.points).map((p) => ({ label: pointLabel(cells[p.index], e.name, names), runs: okRuns(p.index) }));
  }
  lines = lines.filter((l) => l.runs.length > 0);
  if (lines.length === 0) return null;
  const perLine = Math.max(2, Math.floor(limits.runs / lines.length));
  const groups = lines.map((l) => ({ label: l.label, runs: evenlySpaced(l.runs, perLine), okRuns: l.runs.length }));
  return { by, ...(factor !== undefined ? { factor, factorLabel: names.get(factor) ?? factor } : {}), groups, available, runsCapped: groups.some((g) => g.runs.length < g.okRuns) };
}
