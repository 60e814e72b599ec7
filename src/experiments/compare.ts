/**
 * Comparing places and policies on evidence: every arm (a place, or a place with a policy
 * variant) runs on the same seeds; each outcome gets a mean and 95% confidence interval per arm
 * and, for every arm after the first, the difference from the first (the reference) with a
 * paired 95% interval over the common seeds. Pure: run results in, tables out.
 */
import type { RunSummary } from '../metrics/summary.ts';
import type { SeriesRow } from '../metrics/series.ts';
import { ci95, pairedDiff, type Interval } from '../metrics/statistics.ts';
import { CLOCK_OUTCOMES, flattenSummary, OUTCOMES, type OutcomeValue } from './outcomes.ts';

/** Run-level outcomes a comparison adds to the summary's own (over the whole run). */
export const DERIVED_OUTCOMES: Record<string, { describe: string; of(summary: RunSummary, series: readonly SeriesRow[]): OutcomeValue }> = {
  mean_bidders_per_tender: {
    describe: 'mean bidders per tender over the procurement rounds',
    of: (_s, series) => meanOver(series.filter((r) => r.tenders > 0).map((r) => r.bidders_per_tender)),
  },
  failed_tender_share: {
    describe: 'failed tenders / tenders over the run',
    of: (s) => (s.totals.tenders > 0 ? s.totals.failed_tenders / s.totals.tenders : null),
  },
  survival_12m: { describe: 'Kaplan–Meier survival of formal organizations at 12 months', of: (s) => s.survival.formal.at.m12 },
  survival_60m: { describe: 'Kaplan–Meier survival of formal organizations at 60 months', of: (s) => s.survival.formal.at.m60 },
  mean_insider_contract_share: { describe: 'insiders’ share of contract value, mean over months', of: (_s, series) => meanOver(series.map((r) => r.insider_contract_share)) },
  mean_resistance: { describe: 'incumbents’ resistance, mean over months', of: (_s, series) => meanOver(series.map((r) => r.resistance_mean)) },
  mean_trust_in_orgs: { describe: 'residents’ trust in organizations, mean over months', of: (_s, series) => meanOver(series.map((r) => r.trust_in_orgs)) },
};

function meanOver(xs: readonly number[]): OutcomeValue {
  return xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/** Every outcome a comparison reports, derived ones first. */
export const COMPARE_OUTCOMES: readonly string[] = [...Object.keys(DERIVED_OUTCOMES), ...OUTCOMES.filter((o) => !CLOCK_OUTCOMES.includes(o))];

export function compareOutcomesOf(summary: RunSummary, series: readonly SeriesRow[], outcomes: readonly string[]): Record<string, OutcomeValue> {
  const flat = flattenSummary(summary, outcomes.filter((o) => !(o in DERIVED_OUTCOMES)));
  const out: Record<string, OutcomeValue> = {};
  for (const o of outcomes) out[o] = o in DERIVED_OUTCOMES ? DERIVED_OUTCOMES[o].of(summary, series) : flat[o];
  return out;
}

export interface ArmRuns {
  arm: string;
  /** Per seed (same order for every arm), the outcomes of that run. */
  runs: Record<string, OutcomeValue>[];
}

export interface OutcomeRow extends Interval {
  outcome: string;
  arm: string;
}

export interface DifferenceRow extends Interval {
  outcome: string;
  arm: string;
  reference: string;
  /** Whether the 95% interval excludes 0. */
  clear: boolean;
}

/** Means with 95% CIs per arm, and paired differences from the first arm. */
export function compareArms(arms: readonly ArmRuns[], outcomes: readonly string[]): { outcomes: OutcomeRow[]; differences: DifferenceRow[] } {
  const rows: OutcomeRow[] = [];
  const diffs: DifferenceRow[] = [];
  const [reference] = arms;
  for (const outcome of outcomes) {
    for (const a of arms) {
      const values = a.runs.map((r) => r[outcome]).filter((v): v is number => v !== null);
      rows.push({ outcome, arm: a.arm, ...ci95(values) });
    }
    for (const a of arms.slice(1)) {
      // Pairs where both runs of the seed define the outcome.
      const x: number[] = [];
      const y: number[] = [];
      a.runs.forEach((r, i) => {
        const u = r[outcome];
        const v = reference.runs[i]?.[outcome];
        if (u !== null && v !== null && v !== undefined) {
          x.push(u);
          y.push(v);
        }
      });
      const d = pairedDiff(x, y);
      diffs.push({ outcome, arm: a.arm, reference: reference.arm, ...d, clear: d.n >= 2 && (d.lo > 0 || d.hi < 0) });
    }
  }
  return { outcomes: rows, differences: diffs };
}

/** How much of a policy's effect on one outcome goes through one mechanism. */
export interface ThroughRow {
  outcome: string;
  /** The policy's paired effect where the mechanism works (policy arm − place). */
  withMechanism: Interval;
  /** Its paired effect where the mechanism is knocked out (policy without it − place without it). */
  withoutMechanism: Interval;
  /** The difference of the two, seed by seed: the part of the effect that goes through the mechanism. */
  through: Interval;
  /** Whether the 95% interval of `through` excludes 0. */
  clear: boolean;
}

/**
 * A policy's effect with a mechanism and without it, paired seed by seed over the four arms run on
 * the same seeds (the place, the place with the policy, each without the mechanism): a
 * difference in differences. Where the effect shrinks without the mechanism, that much of it
 * went through the mechanism; where it grows, the mechanism held the policy back. Seeds where any
 * of the four runs leaves the outcome undefined are left out.
 */
export function effectThrough(place: ArmRuns, policy: ArmRuns, knocked: ArmRuns, policyKnocked: ArmRuns, outcomes: readonly string[]): ThroughRow[] {
  return outcomes.map((outcome) => {
    const withEffect: number[] = [];
    const withoutEffect: number[] = [];
    place.runs.forEach((r, i) => {
      const values = [r[outcome], policy.runs[i]?.[outcome], knocked.runs[i]?.[outcome], policyKnocked.runs[i]?.[outcome]];
      if (values.some((v) => v === null || v === undefined)) return;
      const [b, p, k, pk] = values as number[];
      withEffect.push(p - b);
      withoutEffect.push(pk - k);
    });
    const through = pairedDiff(withEffect, withoutEffect);
    return { outcome, withMechanism: ci95(withEffect), withoutMechanism: ci95(withoutEffect), through, clear: through.n >= 2 && (through.lo > 0 || through.hi < 0) };
  });
}
