/**
 * Statistics over replications: means with 95% confidence intervals (Student's t, quantiles
 * from @stdlib) and intervals for differences between arms — paired when the arms ran on the
 * same seeds, Welch's otherwise. Pure.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface Interval {
  mean: number;
  lo: number;
  hi: number;
  n: number;
}

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length > 0 ? s / xs.length : NaN;
}

/** Sample variance (n − 1); 0 for fewer than two values. */
export function variance(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return s / (xs.length - 1);
}

/** The 97.5% quantile of Student's t with `df` degrees of freedom (df may be fractional). */
export function t975(df: number): number {
  return tQuantile(0.975, df);
}

/** Mean and 95% confidence interval of the mean; one value is its own (degenerate) interval. */
export function ci95(xs: readonly number[]): Interval {
  const n = xs.length;
  const m = mean(xs);
  if (n < 2) return { mean: m, lo: m, hi: m, n };
  const half = t975(n - 1) * Math.sqrt(variance(xs) / n);
  return { mean: m, lo: m - half, hi: m + half, n };
}

/** 95% interval for mean(a − b) over pairs (a[i], b[i]) from the same seed. */
export function pairedDiff(a: readonly number[], b: readonly number[]): Interval {
  if (a.length !== b.length) throw new Error(`paired samples differ in length (${a.length} vs ${b.length})`);
  return ci95(a.map((x, i) => x - b[i]));
}

/** Welch's 95% interval for mean(a) − mean(b) from independent samples. */
export function welchDiff(a: readonly number[], b: readonly number[]): Interval {
  const diff = mean(a) - mean(b);
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const se = Math.sqrt(va + vb);
  const n = Math.min(a.length, b.length);
  if (!(se > 0) || a.length < 2 || b.length < 2) return { mean: diff, lo: diff, hi: diff, n };
  const df = (va + vb) ** 2 / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1));
  const half = t975(df) * se;
  return { mean: diff, lo: diff - half, hi: diff + half, n };
}
