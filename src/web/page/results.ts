/**
 * The runs done so far, per arm and seed, and what the views show of them: outcome means and
 * paired differences (experiments/compare.ts, as `govbuy compare`), monthly series, mean
 * survival and exits. Only seeds done in both arms are compared, so every number on the page
 * is paired. Pure.
 */
import { COMPARE_OUTCOMES, compareArms, type DifferenceRow, type OutcomeRow } from '../../experiments/compare.ts';
import type { SurvivalCurve } from '../../metrics/survival.ts';
import type { ExitRow } from '../../report/charts/exitCauses.ts';
import type { SurvivalRow } from '../../report/charts/survival.ts';
import type { LabelledRun } from '../../report/runData.ts';
import type { Arm, RunOutput } from './protocol.ts';

export type ArmRuns = Record<Arm, ReadonlyMap<number, RunOutput>>;

/** Seeds (of `seeds`, in order) done in both arms. */
export function pairedSeeds(seeds: readonly number[], runs: ArmRuns): number[] {
  return seeds.filter((s) => runs.baseline.has(s) && runs.variant.has(s));
}

export interface Tables {
  seeds: number[];
  outcomes: OutcomeRow[];
  differences: DifferenceRow[];
}

/** Means with 95% CIs per arm and paired differences (variant − baseline), over the paired seeds. */
export function outcomeTables(seeds: readonly number[], runs: ArmRuns, outcomes: readonly string[] = COMPARE_OUTCOMES): Tables {
  const paired = pairedSeeds(seeds, runs);
  const arm = (a: Arm) => ({ arm: a, runs: paired.map((s) => runs[a].get(s)!.outcomes) });
  const table = compareArms([arm('baseline'), arm('variant')], outcomes);
  return { seeds: paired, ...table };
}

const rowsOf = new WeakMap<RunOutput, Record<string, number>[]>();

/** A run's monthly rows as objects (column → value), made once per run. */
export function seriesRows(out: RunOutput): Record<string, number>[] {
  const made = rowsOf.get(out);
  if (made) return made;
  const k = out.columns.length;
  const rows: Record<string, number>[] = [];
  for (let m = 0; m * k < out.series.length; m++) {
    const row: Record<string, number> = {};
    out.columns.forEach((c, j) => (row[c] = out.series[m * k + j]));
    rows.push(row);
  }
  rowsOf.set(out, rows);
  return rows;
}

/** The runs of each arm over `seeds`, labelled for series charts. */
export function labelledRuns(seeds: readonly number[], runs: ArmRuns, label: Record<Arm, string>): LabelledRun[] {
  return (['baseline', 'variant'] as const).flatMap((a) => seeds.filter((s) => runs[a].has(s)).map((s) => ({ series: label[a], run: s, rows: seriesRows(runs[a].get(s)!) })));
}

/** S(t) of a Kaplan–Meier step function at month t. */
function survivalAt(curve: SurvivalCurve, t: number): number {
  let s = 1;
  for (const p of curve.curve) {
    if (p.month > t) break;
    s = p.survival;
  }
  return s;
}

/**
 * The mean over seeds of each arm's survival curve of formal organizations, month by month up
 * to `months` (each run's estimate is drawn flat to the end of its run, as in reports).
 */
export function meanSurvivalRows(seeds: readonly number[], runs: ArmRuns, label: Record<Arm, string>, months: number): SurvivalRow[] {
  const rows: SurvivalRow[] = [];
  for (const a of ['baseline', 'variant'] as const) {
    const curves = seeds.filter((s) => runs[a].has(s)).map((s) => runs[a].get(s)!.summary.survival.formal);
    if (curves.length === 0) continue;
    let previous = NaN;
    for (let t = 0; t <= months; t++) {
      const s = curves.reduce((sum, c) => sum + survivalAt(c, t), 0) / curves.length;
      // Only the months where the mean changes (and the last), as step rows.
      if (s !== previous || t === months) rows.push({ group: label[a], month: t, survival: s });
      previous = s;
    }
  }
  return rows;
}

/** Mean exits per year and cause over seeds, one panel per arm. */
export function meanExitRows(seeds: readonly number[], runs: ArmRuns, label: Record<Arm, string>, causeLabel: (cause: string) => string): ExitRow[] {
  const rows: ExitRow[] = [];
  for (const a of ['baseline', 'variant'] as const) {
    const done = seeds.filter((s) => runs[a].has(s)).map((s) => runs[a].get(s)!);
    if (done.length === 0) continue;
    const sums = new Map<string, { period: number; cause: string; exits: number }>();
    for (const out of done)
      for (const [period, cause, n] of out.exits) {
        const key = `${period}\u0000${cause}`;
        const row = sums.get(key) ?? { period, cause, exits: 0 };
        row.exits += n;
        sums.set(key, row);
      }
    for (const r of sums.values()) rows.push({ period: r.period, cause: causeLabel(r.cause), exits: r.exits / done.length, panel: label[a] });
  }
  return rows;
}
