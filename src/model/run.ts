/**
 * One run: a validated scenario and a seed in, the monthly series and the summary out. Pure:
 * no clock, no files, no global state, so the same inputs always give the same outputs.
 */
import type { Scenario } from '../scenario/schema.ts';
import { collectRow, type SeriesRow } from '../metrics/series.ts';
import { summarize, type RunSummary } from '../metrics/summary.ts';
import { stepMonth } from './month.ts';
import { createWorld, type World } from './world.ts';

export interface RunResult {
  series: SeriesRow[];
  summary: RunSummary;
  world: World;
}

export interface RunOptions {
  /** Called after each month, e.g. to check invariants in tests. */
  onMonth?: (w: World, row: SeriesRow) => void;
}

export function simulate(scenario: Scenario, seed: number, options: RunOptions = {}): RunResult {
  const w = createWorld(scenario, seed);
  const series: SeriesRow[] = [];
  for (w.month = 0; w.month < w.totalMonths; w.month++) {
    stepMonth(w);
    const row = collectRow(w);
    series.push(row);
    options.onMonth?.(w, row);
  }
  w.month = w.totalMonths - 1;
  return { series, summary: summarize(w, series), world: w };
}
