/**
 * Small statistics for the analysis: means, standard deviations, Student-t confidence
 * intervals (quantiles from @stdlib) and bootstrap percentile intervals. Pure.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { mean } from '../metrics/statistics.ts';

export { mean };

/** Sample standard deviation (n − 1); null for fewer than two values. */
export function sampleSd(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / (xs.length - 1));
}

/** Population variance (n). */
export function populationVariance(xs: readonly number[]): number {
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return s / xs.length;
}

export interface Interval {
  n: number;
  mean: number | null;
  sd: number | null;
  low: number | null;
  high: number | null;
}

/**
 * Mean and two-sided Student-t confidence interval: mean ± t(1 − (1 − level)/2, n − 1) · sd/√n.
 * With one value the interval is null; with no values everything is null.
 */
export function tInterval(xs: readonly number[], level: number): Interval {
  const n = xs.length;
  if (n === 0) return { n, mean: null, sd: null, low: null, high: null };
  const m = mean(xs);
  const sd = sampleSd(xs);
  if (sd === null) return { n, mean: m, sd: null, low: null, high: null };
  const half = tQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean: m, sd, low: m - half, high: m + half };
}

/** Quantile q of sorted values (linear interpolation between order statistics, R's type 7). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Percentile interval of bootstrap replicates at `level` (finite replicates only); null when none. */
export function percentileInterval(replicates: readonly number[], level: number): { low: number; high: number } | null {
  const finite = replicates.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return null;
  return { low: quantileSorted(finite, (1 - level) / 2), high: quantileSorted(finite, 1 - (1 - level) / 2) };
}

/** A number, or null when it is not finite (for JSON and CSV output). */
export function finiteOrNull(x: number | null | undefined): number | null {
  return x !== null && x !== undefined && Number.isFinite(x) ? x : null;
}
