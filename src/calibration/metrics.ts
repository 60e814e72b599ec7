/**
 * Target metrics: short expressions naming one number of a run, read from its summary or its
 * monthly series, optionally divided by another:
 *
 *   final.orgs_active                      summary.json paths (the last month, exits, totals)
 *   exits_by_cause.withered
 *   totals.mean_satisfaction
 *   survival.first_year_mortality
 *   survival.by_origin.incubated.alive     formal organizations of an origin: n, events (exits), alive = n − events
 *   series.orgs_active@2016                a series column in December of a calendar year
 *   series.orgs_active@2016-06             … in one month
 *   mean(series.satisfaction@2016)         mean (sum, min, max) over the months of a year
 *   sum(series.org_entries@2015..2016)     … or of a range of years or months
 *   series.orgs_registered@2016 / series.orgs_active@2016    a ratio of two of the above
 *
 * A value that is undefined for a run (first-year mortality with no organizations, a ratio
 * over zero) evaluates to NaN; the caller leaves it out of the mean over seeds. Pure.
 */
import { EXIT_CAUSES, ORIGINS } from '../agents/vocabulary.ts';
import { SERIES_COLUMNS, type SeriesColumn, type SeriesRow } from '../metrics/series.ts';
import type { RunSummary } from '../metrics/summary.ts';
import type { SurvivalCurve } from '../metrics/survival.ts';
import { closest } from '../scenario/issues.ts';

export { SUMMARY_TOTALS as TOTALS } from '../metrics/summary.ts';
import { SUMMARY_TOTALS as TOTALS } from '../metrics/summary.ts';

const CURVE_FIELDS = ['n', 'events', 'alive'] as const;

/** Every summary metric, in summary.json's order. */
export const SUMMARY_METRICS: readonly string[] = [
  ...SERIES_COLUMNS.map((c) => `final.${c}`),
  ...EXIT_CAUSES.map((c) => `exits_by_cause.${c}`),
  ...TOTALS.map((t) => `totals.${t}`),
  'survival.first_year_mortality',
  ...ORIGINS.flatMap((o) => CURVE_FIELDS.map((f) => `survival.by_origin.${o}.${f}`)),
  ...CURVE_FIELDS.map((f) => `survival.self_organizations.${f}`),
];

export const AGGREGATES = ['mean', 'sum', 'min', 'max'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/** A calendar month: year and month 1–12. */
export interface YearMonth {
  year: number;
  month: number;
}

export type MetricTerm =
  | { kind: 'summary'; path: string }
  | { kind: 'series'; column: SeriesColumn; aggregate: Aggregate | null; from: YearMonth; to: YearMonth };

export interface Metric {
  text: string;
  numerator: MetricTerm;
  denominator?: MetricTerm;
}

const HELP =
  'a metric is a summary path (final.<series column>, exits_by_cause.<cause>, totals.<total>, survival.first_year_mortality, survival.by_origin.<origin>.n|events|alive), ' +
  'a series column at a year or month (series.orgs_active@2016, series.orgs_active@2016-06), an aggregate over months (mean(series.satisfaction@2015..2016); also sum, min, max), ' +
  'or a ratio "A / B" of two of these';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const fail = <T>(problem: string): Parsed<T> => ({ ok: false, problem });

function parseYearMonth(text: string, end: 'first' | 'last'): YearMonth | null {
  const m = /^(\d{4})(?:-(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const month = m[2] === undefined ? (end === 'first' ? 1 : 12) : Number(m[2]);
  if (month < 1 || month > 12) return null;
  return { year: Number(m[1]), month };
}

function parseTerm(text: string): Parsed<MetricTerm> {
  const t = text.trim();
  const call = /^([A-Za-z_]+)\s*\((.*)\)$/.exec(t);
  if (call) {
    const name = call[1];
    if (!(AGGREGATES as readonly string[]).includes(name)) {
      const guess = closest(name, AGGREGATES);
      return fail(`unknown aggregate "${name}(…)"${guess ? ` (did you mean "${guess}"?)` : ''}; use ${AGGREGATES.join(', ')}`);
    }
    const inner = parseSeries(call[2].trim(), name as Aggregate);
    return inner;
  }
  if (t.startsWith('series.') || t.includes('@')) return parseSeries(t, null);
  if (SUMMARY_METRICS.includes(t)) return { ok: true, value: { kind: 'summary', path: t } };
  const guess = closest(t, SUMMARY_METRICS);
  return fail(`unknown metric "${t}"${guess ? ` (did you mean "${guess}"?)` : ''}; ${HELP}`);
}

function parseSeries(t: string, aggregate: Aggregate | null): Parsed<MetricTerm> {
  const m = /^series\.([A-Za-z0-9_]+)@([0-9-]+)(?:\.\.([0-9-]+))?$/.exec(t);
  if (!m) return fail(`cannot read "${t}" as a series metric; write series.<column>@<year>, series.<column>@<year>-<month> or, inside mean(…), sum(…), min(…) or max(…), a range series.<column>@<from>..<to>`);
  const column = m[1];
  if (!(SERIES_COLUMNS as readonly string[]).includes(column)) {
    const guess = closest(column, SERIES_COLUMNS);
    return fail(`unknown series column "${column}"${guess ? ` (did you mean "${guess}"?)` : ''}; columns: ${SERIES_COLUMNS.join(', ')}`);
  }
  if (column === 'month' || column === 'year') return fail(`"${column}" is the clock, not an outcome`);
  const ranged = m[3] !== undefined;
  // A bare year without an aggregate means its last month (December); with one, all its months.
  const from = parseYearMonth(m[2], aggregate === null ? 'last' : 'first');
  const to = parseYearMonth(m[3] ?? m[2], 'last');
  if (!from || !to) return fail(`"${ranged ? `${m[2]}..${m[3]}` : m[2]}" is not a calendar year (2016) or month (2016-06)${ranged ? ' range' : ''}`);
  if (ranged && aggregate === null) return fail(`a range of months needs an aggregate: mean(${t}), sum(${t}), min(${t}) or max(${t})`);
  if (from.year * 12 + from.month > to.year * 12 + to.month) return fail(`the range ${m[2]}..${m[3]} ends before it starts`);
  return { ok: true, value: { kind: 'series', column: column as SeriesColumn, aggregate, from, to } };
}

/** Read a metric expression. */
export function parseMetric(text: string): Parsed<Metric> {
  const parts = text.split('/');
  if (parts.length > 2) return fail(`"${text}" has more than one "/"; a metric is at most a ratio A / B`);
  if (parts.some((p) => p.trim().length === 0)) return fail(`"${text}" is not a metric; ${HELP}`);
  const numerator = parseTerm(parts[0]);
  if (!numerator.ok) return numerator;
  if (parts.length === 1) return { ok: true, value: { text: text.trim(), numerator: numerator.value } };
  const denominator = parseTerm(parts[1]);
  if (!denominator.ok) return denominator;
  return { ok: true, value: { text: text.trim(), numerator: numerator.value, denominator: denominator.value } };
}

function terms(metric: Metric): MetricTerm[] {
  return metric.denominator ? [metric.numerator, metric.denominator] : [metric.numerator];
}

/** Whether the metric reads the run summary (so depends on where the run ends). */
export function readsSummary(metric: Metric): boolean {
  return terms(metric).some((t) => t.kind === 'summary');
}

/** The last calendar year the metric's series terms read, or null when it reads none. */
export function lastSeriesYear(metric: Metric): number | null {
  let last: number | null = null;
  for (const t of terms(metric)) if (t.kind === 'series') last = Math.max(last ?? -Infinity, t.to.year);
  return last;
}

/** The first calendar year the metric's series terms read, or null when it reads none. */
export function firstSeriesYear(metric: Metric): number | null {
  let first: number | null = null;
  for (const t of terms(metric)) if (t.kind === 'series') first = Math.min(first ?? Infinity, t.from.year);
  return first;
}

/** What a metric is evaluated on: one run's series and summary, and the scenario's first calendar year. */
export interface RunOutput {
  series: readonly SeriesRow[];
  summary: RunSummary;
}

function curveField(curve: SurvivalCurve | undefined, field: string): number {
  if (!curve) return 0; // the origin never occurred: no organizations, no exits
  if (field === 'n') return curve.n;
  if (field === 'events') return curve.events;
  return curve.n - curve.events;
}

function summaryValue(s: RunSummary, path: string): number {
  const [group, key, ...rest] = path.split('.');
  let value: number | null | undefined;
  if (group === 'final') value = s.final[key as SeriesColumn];
  else if (group === 'exits_by_cause') value = s.exits_by_cause[key] ?? 0;
  else if (group === 'totals') value = s.totals[key as keyof RunSummary['totals']];
  else if (key === 'first_year_mortality') value = s.survival.first_year_mortality;
  else if (key === 'by_origin') value = curveField(s.survival.by_origin[rest[0]], rest[1]);
  else if (key === 'self_organizations') value = curveField(s.survival.self_organizations, rest[0]);
  if (value === null) return NaN;
  if (typeof value !== 'number') throw new Error(`the run summary has no value at ${path}`);
  return value;
}

function seriesValue(series: readonly SeriesRow[], startYear: number, t: Extract<MetricTerm, { kind: 'series' }>): number {
  const index = (ym: YearMonth) => (ym.year - startYear) * 12 + ym.month - 1;
  const a = index(t.from);
  const b = index(t.to);
  if (a < 0 || b >= series.length) throw new Error(`the run has months 0–${series.length - 1}, the metric reads ${a}–${b}`);
  if (t.aggregate === null) return series[b][t.column];
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = a; i <= b; i++) {
    const v = series[i][t.column];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  switch (t.aggregate) {
    case 'mean':
      return sum / (b - a + 1);
    case 'sum':
      return sum;
    case 'min':
      return min;
    case 'max':
      return max;
  }
}

function termValue(run: RunOutput, startYear: number, t: MetricTerm): number {
  return t.kind === 'summary' ? summaryValue(run.summary, t.path) : seriesValue(run.series, startYear, t);
}

/** The metric's value for one run (NaN when undefined for it). */
export function evaluateMetric(metric: Metric, run: RunOutput, startYear: number): number {
  const num = termValue(run, startYear, metric.numerator);
  if (!metric.denominator) return num;
  const den = termValue(run, startYear, metric.denominator);
  return den === 0 || !Number.isFinite(den) ? NaN : num / den;
}
