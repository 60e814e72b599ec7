/**
 * What the page asks a simulation worker and what it gets back: plain, structured-cloneable
 * data. One job is one run of one arm (baseline or variant) for one seed.
 */
import type { RunSummary } from '../../metrics/summary.ts';
import type { OutcomeValue } from '../../experiments/outcomes.ts';
import type { Scenario } from '../../scenario/schema.ts';

export type Arm = 'baseline' | 'variant';

export interface Job {
  /** Unique per page; a cancelled job's id is never reused. */
  id: number;
  arm: Arm;
  scenario: Scenario;
  seed: number;
  /** Record the month-by-month state of communities and organizations (for the map view). */
  map: boolean;
}

/** Month-by-month state of the region for the map view; months × communities, row-major. */
export interface MapFrames {
  months: number;
  communities: number;
  streets: number;
  /** Street of each community. */
  streetOfCommunity: Int32Array;
  /** Needs met (served / open) per community and month; NaN where nobody had a need. */
  needsMet: Float32Array;
  /** Committee resistance (0–1) per community and month. */
  resistance: Float32Array;
  /** Organizations alive at the end of each month: frame m is orgs[orgStart[m] … orgStart[m + 1]), 4 numbers each. */
  orgStart: Int32Array;
  /** Per organization alive: id, street, size (staff, or members for a self-organization), status (0 self, 1 filed, 2 registered). */
  orgs: Int32Array;
}

export interface RunOutput {
  jobId: number;
  arm: Arm;
  seed: number;
  /** Monthly series, months × SERIES_COLUMNS, row-major (metrics/series.ts). */
  series: Float64Array;
  columns: readonly string[];
  summary: RunSummary;
  /** Every comparison outcome (experiments/compare.ts), the numbers `govbuy compare` writes. */
  outcomes: Record<string, OutcomeValue>;
  /** Exits per calendar year and cause: [year, cause, exits]. */
  exits: [number, string, number][];
  map?: MapFrames;
  /** Milliseconds the run took in the worker. */
  ms: number;
}

/** What a worker exposes (through comlink). */
export interface SimulationWorker {
  /** Run a job; resolves to null when it was cancelled before it finished. */
  run(job: Job): Promise<RunOutput | null>;
  /** Stop a job at its next year boundary. */
  cancel(jobId: number): void;
}

export const ORG_STATUS_CODES = { self: 0, filed: 1, registered: 2 } as const;
