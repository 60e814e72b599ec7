/**
 * The outcomes a sweep keeps per run: a run summary (summary.json) flattened into named numbers,
 * `final.<series column>`, `exits_by_cause.<cause>`, `first_year_mortality` and
 * `totals.<total>`. These names are the outcome columns of runs.csv. Pure.
 */
import { EXIT_CAUSES } from '../agents/vocabulary.ts';
import { SERIES_COLUMNS } from '../metrics/series.ts';
import type { RunSummary } from '../metrics/summary.ts';

/** The run totals, in summary.json's order. */
export const TOTALS = [
  'org_entries',
  'org_exits',
  'tenders',
  'failed_tenders',
  'terminated_contracts',
  'complaints',
  'paid_contracts',
  'paid_pilots',
  'paid_incubator_grants',
  'paid_package_grants',
  'in_house_spending',
  'mean_needs_met_share',
  'mean_satisfaction',
  'budget_lines_from_pilots',
] as const satisfies readonly (keyof RunSummary['totals'])[];

// A total added to the summary must be added above too (this line fails to compile otherwise).
type MissingTotals = Exclude<keyof RunSummary['totals'], (typeof TOTALS)[number]>;
const everyTotalListed: [MissingTotals] extends [never] ? true : MissingTotals = true;
void everyTotalListed;

/** Every outcome a run can report, in column order. */
export const OUTCOMES: readonly string[] = [
  ...SERIES_COLUMNS.map((c) => `final.${c}`),
  ...EXIT_CAUSES.map((c) => `exits_by_cause.${c}`),
  'first_year_mortality',
  ...TOTALS.map((t) => `totals.${t}`),
];

/** Outcomes that are the clock, not results: kept in runs.csv, left out of the analysis by default. */
export const CLOCK_OUTCOMES: readonly string[] = ['final.month', 'final.year'];

/** An outcome's value: a number, or null when undefined for the run (first_year_mortality with no organizations). */
export type OutcomeValue = number | null;

/** The summary as outcome name → value, for the names in `metrics` (in that order). */
export function flattenSummary(summary: RunSummary, metrics: readonly string[]): Record<string, OutcomeValue> {
  const out: Record<string, OutcomeValue> = {};
  for (const m of metrics) out[m] = outcomeOf(summary, m);
  return out;
}

function outcomeOf(s: RunSummary, name: string): OutcomeValue {
  const dot = name.indexOf('.');
  const group = dot < 0 ? name : name.slice(0, dot);
  const key = dot < 0 ? '' : name.slice(dot + 1);
  let value: unknown;
  if (group === 'final') value = (s.final as Record<string, number>)[key];
  else if (group === 'exits_by_cause') value = s.exits_by_cause[key] ?? 0;
  else if (group === 'totals') value = (s.totals as Record<string, number>)[key];
  else if (name === 'first_year_mortality') value = s.survival.first_year_mortality;
  if (value === null) return null;
  if (typeof value !== 'number') throw new Error(`the run summary has no outcome "${name}"`);
  if (!Number.isFinite(value)) throw new Error(`outcome ${name} is ${value} (not a finite number)`);
  return value;
}
