/**
 * One run of one round: a world (fresh from the scenario, or continued from the checkpoint of
 * the round before), the group's package put into effect at the round's first month, a few
 * years simulated, and what the board and the role briefs read of it. Pure: the checkpoint
 * comes in as data and goes out as data; the worker (worker.ts) reads and writes the files.
 */
import type { Checkpoint } from '../model/checkpoint.ts';
import { resumeRun, takeCheckpoint } from '../model/checkpoint.ts';
import { advance, startRun, type RunState } from '../model/run.ts';
import { applyEntry } from '../model/scheduleChanges.ts';
import { summarize } from '../metrics/summary.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { World } from '../state/world.ts';
import { outcomesOf, type OutcomeId } from '../report/classroom/outcomes.ts';
import { formalCount, markStart, measureRound, TRAJECTORY_COLUMNS, type Measures } from './criteria.ts';
import { packageEdit, type PackageValues } from './levers.ts';

export interface RoundJob {
  /** The world after this round: a hash of its whole history (plan.ts). */
  key: string;
  seed: number;
  /** The world it continues (null: the scenario's first month). */
  parent: string | null;
  /** What the round changes: lever path → value (plan.ts World.edit). */
  values: PackageValues;
  months: number;
  /** 0 for the warm-up before the session, then 1, 2, … */
  round: number;
}

/** What a finished run keeps (runs/<key>-<seed>.json). */
export interface RunRecord {
  key: string;
  seed: number;
  round: number;
  startMonth: number;
  months: number;
  formalAtSessionStart: number;
  measures: Measures;
  /** The classroom pack's figures over the run so far (for the role briefs), null where undefined. */
  figures: Record<OutcomeId, number | null>;
  /** Monthly values of TRAJECTORY_COLUMNS during the round. */
  trajectory: Record<string, number[]>;
}

/** The summary of a run in progress, as if it ended now. */
function summaryNow(w: World, rows: RunState['series']) {
  const view = { ...w, month: w.month - 1, totalMonths: w.month } as World;
  return summarize(view, rows);
}

const short = (x: number) => (x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(5)));

/** Run `job` from `parent` (its checkpoint, or null for a fresh start in `base`). */
/**
 * Run `job` from `parent` (its checkpoint and record, or null for a fresh start in `base`). The
 * session begins with round 1: its formal organizations are counted then and carried on.
 */
export function runRound(job: RoundJob, base: Scenario, parent: { checkpoint: Checkpoint; record: RunRecord } | null): { record: RunRecord; checkpoint: Checkpoint } {
  const state = parent === null ? startRun(base, job.seed) : resumeRun(parent.checkpoint);
  const w = state.world;
  const startMonth = w.month;
  if (startMonth % 12 !== 0) throw new Error(`round ${job.round} would start in month ${startMonth}, not at a year's start`);
  if (startMonth + job.months > w.totalMonths)
    throw new Error(`round ${job.round} would end in month ${startMonth + job.months}, past the scenario's ${w.totalMonths / 12} years`);
  const edit = packageEdit(job.values, w.scenario, startMonth / 12);
  if (Object.keys(edit).length > 0) w.scenario = applyEntry(w.scenario, { year: startMonth / 12, set: edit });
  const start = markStart(w, state.series.length > 0 ? summaryNow(w, state.series) : null);
  const formalAtSessionStart = job.round > 1 && parent ? parent.record.formalAtSessionStart : formalCount(w);
  advance(state, { stopBefore: startMonth + job.months });
  const rows = state.series.slice(startMonth);
  const summary = summaryNow(w, state.series);
  const measures = measureRound(w, rows, start, summary, formalAtSessionStart);
  const figures = outcomesOf({ series: state.series, summary }, w.month / 12);
  const trajectory: Record<string, number[]> = {};
  for (const c of TRAJECTORY_COLUMNS) trajectory[c] = rows.map((r) => short((r as Record<string, number>)[c]));
  const checkpoint = takeCheckpoint(state);
  return {
    record: { key: job.key, seed: job.seed, round: job.round, startMonth, months: job.months, formalAtSessionStart, measures, figures, trajectory },
    checkpoint,
  };
}
