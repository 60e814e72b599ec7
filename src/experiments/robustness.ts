/**
 * Robustness of policies across futures (issue 18), from a finished policies × futures sweep.
 * Pure.
 *
 * A *world* is one future and replicate of one scenario file: every policy ran in it with the
 * same uncertainty values and the same seed (common random numbers), so policies are compared
 * world by world. Per scenario file, policy and outcome:
 *
 * - mean, 10th, 50th and 90th percentiles over the worlds (R's type-7 quantiles);
 * - satisficing: the share of worlds where the outcome meets the file's threshold
 *   (`analysis.thresholds`), e.g. `exits_by_cause.insolvency: "<= 5"`;
 * - regret: in each world, how far the policy falls short of the best policy in that world
 *   (best − value when higher is better, value − best when lower is), in the outcome's units;
 *   its mean, 90th percentile and maximum over the worlds (Savage's minimax regret reads the
 *   maximum). Regret uses only worlds where every policy has a value.
 *
 * Per scenario file and policy, also the share of worlds that meet every threshold at once.
 * Failed runs and undefined values are left out and counted.
 */
import type { Table } from './analysis.ts';
import type { Cell } from './columns.ts';
import type { ExpandedDesign } from './design.ts';
import type { ResolvedExperiment } from './file.ts';
import type { RunResult } from './runOne.ts';
import { finiteOrNull, mean, quantileSorted } from './stats.ts';
import { directionOf, meets, thresholdText, type Direction, type DirectionSource, type Threshold } from './thresholds.ts';

export interface OutcomeJudgement {
  outcome: string;
  direction: Direction;
  /** Where the direction comes from: the file, the threshold's comparison, or the default by name. */
  from: DirectionSource;
  threshold: string | null;
}

export interface Robustness {
  format: 'govbuy-robustness';
  formatVersion: 1;
  experiment: string;
  /** The scenario column (null with one scenario file) and the policy column. */
  scenarioColumn: string | null;
  policyColumn: string;
  policies: string[];
  outcomes: OutcomeJudgement[];
  /** Worlds per scenario file: futures × replications. */
  worlds: number;
  /** Per [scenario ×] policy × outcome. */
  table: Table;
  /** Per [scenario ×] policy: worlds that meet every threshold (null without thresholds). */
  satisficingAll: Table;
}

/** Regret of each policy in each world, per scenario file and outcome (for the report's distributions). */
export interface RegretSamples {
  scenario: number;
  outcome: string;
  /** [policy][world], worlds with every policy present. */
  regret: number[][];
}

export interface RobustnessOptions {
  outcomes?: readonly string[];
  /** Thresholds that replace the file's, per outcome. */
  thresholds?: Readonly<Record<string, Threshold>>;
}

export const ROBUSTNESS_COLUMNS = ['outcome', 'direction', 'threshold', 'n', 'failed', 'mean', 'p10', 'p50', 'p90', 'satisficing', 'regret_worlds', 'regret_mean', 'regret_p90', 'regret_max'] as const;

/** The value of `outcome` per policy and world of scenario file `s` (null: failed or undefined). */
function valuesByWorld(e: ResolvedExperiment, design: ExpandedDesign, results: readonly RunResult[], s: number, outcome: string): (number | null)[][] {
  const { count: F, policies: P } = design.futures!;
  const R = e.replications;
  return Array.from({ length: P }, (_, p) => {
    const out: (number | null)[] = [];
    for (let f = 0; f < F; f++)
      for (let r = 0; r < R; r++) {
        const run = results[(s * design.pointsPerScenario + f * P + p) * R + r];
        const v = run?.status === 'ok' ? run.outcomes?.[outcome] : null;
        out.push(typeof v === 'number' && Number.isFinite(v) ? v : null);
      }
    return out;
  });
}

/** Regret per policy in each world where every policy has a value. */
export function regretOf(values: readonly (readonly (number | null)[])[], direction: Direction): number[][] {
  const worlds = values[0]?.length ?? 0;
  const out: number[][] = values.map(() => []);
  for (let w = 0; w < worlds; w++) {
    if (values.some((v) => v[w] === null)) continue;
    const xs = values.map((v) => v[w]!);
    const best = direction === 'maximize' ? Math.max(...xs) : Math.min(...xs);
    xs.forEach((x, p) => out[p].push(direction === 'maximize' ? best - x : x - best));
  }
  return out;
}

function sortedCopy(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

export function robustness(e: ResolvedExperiment, design: ExpandedDesign, results: readonly RunResult[], options: RobustnessOptions = {}): { robustness: Robustness; regrets: RegretSamples[] } {
  const p = e.policies;
  if (!p || !design.futures) throw new Error('robustness needs a policies × futures experiment');
  const outcomes = [...(options.outcomes ?? e.analysis.outputs)];
  const thresholds = { ...e.analysis.thresholds, ...options.thresholds };
  const judged: OutcomeJudgement[] = outcomes.map((o) => {
    const d = directionOf(o, e.analysis.directions, thresholds);
    return { outcome: o, direction: d.direction, from: d.from, threshold: Object.hasOwn(thresholds, o) ? thresholdText(thresholds[o]) : null };
  });
  const scenarioCells = (s: number): Record<string, Cell> => (e.scenarioColumn !== null ? { [e.scenarioColumn]: e.scenarios[s].label } : {});
  const rows: Record<string, Cell>[] = [];
  const allRows: Record<string, Cell>[] = [];
  const regrets: RegretSamples[] = [];
  const thresholded = judged.filter((j) => j.threshold !== null).map((j) => j.outcome);
  e.scenarios.forEach((_, s) => {
    const byOutcome = new Map<string, (number | null)[][]>();
    judged.forEach((j) => {
      const values = valuesByWorld(e, design, results, s, j.outcome);
      byOutcome.set(j.outcome, values);
      const regret = regretOf(values, j.direction);
      regrets.push({ scenario: s, outcome: j.outcome, regret });
      const t = Object.hasOwn(thresholds, j.outcome) ? thresholds[j.outcome] : null;
      p.list.forEach((policy, pi) => {
        const xs = values[pi].filter((v): v is number => v !== null);
        const sorted = sortedCopy(xs);
        const rs = sortedCopy(regret[pi]);
        const q = (list: number[], at: number) => (list.length > 0 ? finiteOrNull(quantileSorted(list, at)) : null);
        rows.push({
          ...scenarioCells(s),
          [p.column]: policy.name,
          outcome: j.outcome,
          direction: j.direction,
          threshold: j.threshold,
          n: xs.length,
          failed: values[pi].length - xs.length,
          mean: xs.length > 0 ? finiteOrNull(mean(xs)) : null,
          p10: q(sorted, 0.1),
          p50: q(sorted, 0.5),
          p90: q(sorted, 0.9),
          satisficing: t && xs.length > 0 ? xs.filter((x) => meets(x, t)).length / xs.length : null,
          regret_worlds: rs.length,
          regret_mean: rs.length > 0 ? finiteOrNull(mean(rs)) : null,
          regret_p90: q(rs, 0.9),
          regret_max: rs.length > 0 ? rs[rs.length - 1] : null,
        });
      });
    });
    // Every threshold at once, in worlds where the policy has every thresholded outcome.
    p.list.forEach((policy, pi) => {
      let n = 0;
      let met = 0;
      const worlds = design.futures!.count * e.replications;
      for (let w = 0; w < worlds && thresholded.length > 0; w++) {
        const xs = thresholded.map((o) => byOutcome.get(o)![pi][w]);
        if (xs.some((x) => x === null)) continue;
        n++;
        if (thresholded.every((o, i) => meets(xs[i]!, thresholds[o]))) met++;
      }
      allRows.push({ ...scenarioCells(s), [p.column]: policy.name, outcomes: thresholded.length, n, satisficing_all: thresholded.length > 0 && n > 0 ? met / n : null });
    });
  });
  const lead = [...(e.scenarioColumn !== null ? [e.scenarioColumn] : []), p.column];
  return {
    robustness: {
      format: 'govbuy-robustness',
      formatVersion: 1,
      experiment: e.name,
      scenarioColumn: e.scenarioColumn,
      policyColumn: p.column,
      policies: p.list.map((x) => x.name),
      outcomes: judged,
      worlds: design.futures.count * e.replications,
      table: { columns: [...lead, ...ROBUSTNESS_COLUMNS], rows },
      satisficingAll: { columns: [...lead, 'outcomes', 'n', 'satisficing_all'], rows: allRows },
    },
    regrets,
  };
}
