/**
 * The outcomes a sweep keeps per run: a run summary (summary.json) flattened into named numbers,
 * `final.<series column>`, `exits_by_cause.<cause>`, `first_year_mortality` and
 * `totals.<total>`. These names are the outcome columns of runs.csv. Pure.
 */
import { EXIT_CAUSES } from '../agents/vocabulary.ts';
import { SERIES_COLUMNS } from '../metrics/series.ts';
import type { RunSummary } from '../metrics/summary.ts';

export { SUMMARY_TOTALS as TOTALS } from '../metrics/summary.ts';
import { SUMMARY_TOTALS as TOTALS } from '../metrics/summary.ts';

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
