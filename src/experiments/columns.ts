/**
 * The rows of runs.csv (and runs.parquet): which columns, in which order, and each run's
 * values. Pure; results.ts writes them.
 *
 *   run_index, point, replicate, seed, [scenario factor], factors…, status, error, outcomes…
 */
import type { RunSpec } from './design.ts';
import { LEADING_COLUMNS, STATUS_COLUMNS, type ResolvedExperiment } from './file.ts';
import type { RunResult } from './runOne.ts';

export type Cell = number | string | boolean | null;

/** A factor value as a table cell: numbers, text and true/false as they are; anything else as JSON text. */
export function cellValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/**
 * The columns naming a design point: the scenario factor (if any), then the factors. For
 * policies × futures: the scenario factor, the future, the policy, its levers, the uncertainties.
 */
export function factorColumns(e: ResolvedExperiment): string[] {
  const p = e.policies;
  return [...(e.scenarioColumn !== null ? [e.scenarioColumn] : []), ...(p ? [p.futureColumn, p.column, ...p.levers.map((l) => l.name)] : []), ...e.factors.map((f) => f.name)];
}

export function runColumns(e: ResolvedExperiment): string[] {
  return [...LEADING_COLUMNS, ...factorColumns(e), ...STATUS_COLUMNS, ...e.outputs.metrics];
}

/** A design point's factor cells (scenario label first). */
export function factorCells(e: ResolvedExperiment, scenario: number, factors: Record<string, unknown>): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  if (e.scenarioColumn !== null) out[e.scenarioColumn] = e.scenarios[scenario].label;
  const p = e.policies;
  if (p) {
    out[p.futureColumn] = cellValue(factors[p.futureColumn]);
    out[p.column] = cellValue(factors[p.column]);
    const policy = p.list.findIndex((x) => x.name === factors[p.column]);
    p.levers.forEach((l, i) => {
      const own = policy >= 0 && Object.hasOwn(p.list[policy].set, l.path) ? cellValue(p.list[policy].set[l.path]) : null;
      out[l.name] = p.effective?.[scenario]?.[policy]?.[i] ?? own;
    });
  }
  for (const f of e.factors) out[f.name] = cellValue(factors[f.name]);
  return out;
}

/** One row of runs.csv. */
export function runRow(e: ResolvedExperiment, spec: RunSpec, result: RunResult): Record<string, Cell> {
  const row: Record<string, Cell> = { run_index: spec.runIndex, point: spec.point, replicate: spec.replicate, seed: spec.seed };
  Object.assign(row, factorCells(e, spec.scenario, spec.factors));
  row.status = result.status;
  row.error = result.error ?? null;
  for (const m of e.outputs.metrics) row[m] = result.outcomes ? (result.outcomes[m] ?? null) : null;
  return row;
}
