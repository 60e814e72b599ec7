/**
 * From run outputs to chart rows: monthly columns as time points, yearly sums, exits by cause
 * and year, Kaplan–Meier curves as step rows. Pure.
 */
import { EXIT_CAUSES } from '../agents/vocabulary.ts';
import type { SurvivalCurve } from '../metrics/survival.ts';
import type { ExitRow } from './charts/exitCauses.ts';
import type { SurvivalRow } from './charts/survival.ts';
import type { SeriesPoint } from './charts/timeSeries.ts';

/** One run's monthly rows, labelled with the line it belongs to and its replication. */
export interface LabelledRun {
  series: string;
  run: string | number;
  rows: readonly Readonly<Record<string, number>>[];
}

/** Monthly values of `column` as time points: x is the end of the month as a decimal year. */
export function monthlyPoints(runs: readonly LabelledRun[], column: string, startYear: number): SeriesPoint[] {
  return runs.flatMap((r) => r.rows.map((row) => ({ x: startYear + row.month / 12, series: r.series, run: r.run, value: row[column] })));
}

/** Yearly sums of a monthly count, plotted at mid-year. */
export function yearlySums(runs: readonly LabelledRun[], column: string): SeriesPoint[] {
  return runs.flatMap((r) => {
    const sums = new Map<number, number>();
    for (const row of r.rows) sums.set(row.year, (sums.get(row.year) ?? 0) + row[column]);
    return [...sums].map(([year, value]) => ({ x: year + 0.5, series: r.series, run: r.run, value }));
  });
}

/** What exitsByYear reads of an organization. */
export interface ExitRecord {
  alive: boolean;
  exitMonth: number;
  exitCause: string | null;
}

/** Exits per calendar year and cause (zeros included), for years startYear … startYear + years − 1. */
export function exitsByYear(orgs: readonly ExitRecord[], startYear: number, years: number): Map<number, Map<string, number>> {
  const out = new Map<number, Map<string, number>>();
  for (let y = 0; y < years; y++) out.set(startYear + y, new Map(EXIT_CAUSES.map((c) => [c, 0])));
  for (const o of orgs) {
    if (o.alive || !o.exitCause) continue;
    const year = out.get(startYear + Math.floor(o.exitMonth / 12));
    if (year) year.set(o.exitCause, (year.get(o.exitCause) ?? 0) + 1);
  }
  return out;
}

/** Mean exits per year and cause over runs, as chart rows, causes labelled by `label`. */
export function meanExitRows(runs: readonly Map<number, Map<string, number>>[], label: (cause: string) => string, panel?: string): ExitRow[] {
  if (runs.length === 0) return [];
  const rows: ExitRow[] = [];
  for (const [year, causes] of runs[0]) {
    for (const cause of causes.keys()) {
      const total = runs.reduce((sum, r) => sum + (r.get(year)?.get(cause) ?? 0), 0);
      rows.push({ period: year, cause: label(cause), exits: total / runs.length, ...(panel === undefined ? {} : { panel }) });
    }
  }
  return rows;
}

/** Survival curves (summary.json) as step rows, groups labelled by `label`. */
export function survivalRows(curves: Readonly<Record<string, SurvivalCurve>>, label: (group: string) => string): SurvivalRow[] {
  return Object.entries(curves).flatMap(([group, curve]) => curve.curve.map((p) => ({ group: label(group), month: p.month, survival: p.survival })));
}

/** At most `max` keys, evenly spaced, first and last included. */
export function evenlySpaced<T>(keys: readonly T[], max: number): T[] {
  if (keys.length <= max) return [...keys];
  const step = (keys.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => keys[Math.round(i * step)]);
}
