/**
 * One run: a validated scenario and a seed in, the monthly series and the summary out. Pure:
 * no clock, no files, no global state, so the same inputs always give the same outputs. A run
 * can also stop at a month boundary and continue later from a checkpoint (model/checkpoint.ts).
 */
import type { Scenario } from '../scenario/schema.ts';
import { collectRow, type SeriesRow } from '../metrics/series.ts';
import { summarize, type RunSummary } from '../metrics/summary.ts';
import { stepMonth } from './month.ts';
import type { World } from '../state/world.ts';
import { createWorld, type WorldOptions } from './world.ts';
import type { DistrictExecutor } from './districts.ts';

export interface RunResult {
  series: SeriesRow[];
  summary: RunSummary;
  world: World;
}

export interface RunOptions {
  /** Called after each month, e.g. to check invariants in tests. */
  onMonth?: (w: World, row: SeriesRow) => void;
  /** Stop before simulating this month (0-based); the world is left ready to continue. */
  stopBefore?: number;
  /** Runs the residents' districts each month (default: in this thread; src/threads/ spreads them over threads). */
  districts?: DistrictExecutor;
}

/** A run in progress: the world and the rows so far. */
export interface RunState {
  world: World;
  series: SeriesRow[];
}

export function startRun(scenario: Scenario, seed: number, worldOptions: WorldOptions = {}): RunState {
  return { world: createWorld(scenario, seed, worldOptions), series: [] };
}

/** Simulate from the state's current month up to `stopBefore` (default: the end of the run). */
export function advance(state: RunState, options: RunOptions = {}): RunState {
  const w = state.world;
  const stop = Math.min(options.stopBefore ?? w.totalMonths, w.totalMonths);
  for (; w.month < stop; w.month++) {
    stepMonth(w, options.districts);
    const row = collectRow(w);
    state.series.push(row);
    options.onMonth?.(w, row);
  }
  return state;
}

/** The result of a finished run. */
export function finish(state: RunState): RunResult {
  const w = state.world;
  if (w.month < w.totalMonths) throw new Error(`the run stopped at month ${w.month} of ${w.totalMonths}; advance it to the end first`);
  // Leave the world on its last simulated month, as the summary reads it.
  w.month = w.totalMonths - 1;
  return { series: state.series, summary: summarize(w, state.series), world: w };
}

export function simulate(scenario: Scenario, seed: number, options: RunOptions = {}): RunResult {
  return finish(advance(startRun(scenario, seed), { onMonth: options.onMonth }));
}

/**
 * A run whose districts run on `districts` (worker threads sharing the world's memory,
 * src/threads/): the same result as simulate(), byte for byte.
 */
export function simulateOn(districts: DistrictExecutor, scenario: Scenario, seed: number, options: Omit<RunOptions, 'districts' | 'stopBefore'> = {}): RunResult {
  return finish(advance(startRun(scenario, seed, { shared: true, districts }), { onMonth: options.onMonth, districts }));
}
