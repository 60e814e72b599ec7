/**
 * The statistics reports use, in the shapes the report code wants. The computations live in
 * src/metrics/statistics.ts (Student's t from @stdlib); this module only adapts them. Pure.
 */
import { ci95, mean, t975, variance, welchDiff as welch, type Interval } from '../metrics/statistics.ts';

export { ci95, mean, variance, type Interval };

/** t quantile for a 95% interval with `df` degrees of freedom (NaN below 1). */
export function tCritical(df: number): number {
  return df >= 1 ? t975(df) : NaN;
}

export interface Difference {
  /** mean(a) − mean(b). */
  diff: number;
  lo: number;
  hi: number;
  /** Whether the 95% interval excludes 0. */
  clear: boolean;
}

/** Welch 95% interval for mean(a) − mean(b); constant arms that differ are clearly different. */
export function welchDiff(a: readonly number[], b: readonly number[]): Difference {
  const w = welch(a, b);
  const enough = a.length >= 2 && b.length >= 2;
  const clear = enough && (w.lo === w.hi ? w.mean !== 0 : w.lo > 0 || w.hi < 0);
  return { diff: w.mean, lo: w.lo, hi: w.hi, clear };
}
