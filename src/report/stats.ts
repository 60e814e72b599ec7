/**
 * The small statistics reports need: means and 95% confidence intervals over replications
 * (Student's t), and Welch intervals for differences between two arms. Pure.
 */

/** Two-sided 97.5% quantiles of Student's t for 1–30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** t quantile for a 95% interval with `df` degrees of freedom (interpolated; df may be fractional). */
export function tCritical(df: number): number {
  if (!(df >= 1)) return NaN;
  if (df >= 30) return 1.96 + 2.4 / df; // within 0.002 of the exact quantile
  const lo = Math.floor(df);
  return T975[lo - 1] + (T975[lo] - T975[lo - 1]) * (df - lo);
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

export interface Interval {
  mean: number;
  lo: number;
  hi: number;
  n: number;
}

/** Mean and 95% confidence interval of the mean; a single value is its own interval. */
export function ci95(xs: readonly number[]): Interval {
  const n = xs.length;
  const m = mean(xs);
  if (n < 2) return { mean: m, lo: m, hi: m, n };
  const half = tCritical(n - 1) * Math.sqrt(variance(xs) / n);
  return { mean: m, lo: m - half, hi: m + half, n };
}

export interface Difference {
  /** mean(a) − mean(b). */
  diff: number;
  lo: number;
  hi: number;
  /** Whether the 95% interval excludes 0. */
  clear: boolean;
}

/** Welch 95% interval for mean(a) − mean(b). */
export function welchDiff(a: readonly number[], b: readonly number[]): Difference {
  const diff = mean(a) - mean(b);
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const se = Math.sqrt(va + vb);
  if (!(se > 0) || a.length < 2 || b.length < 2) return { diff, lo: diff, hi: diff, clear: diff !== 0 && a.length >= 2 && b.length >= 2 };
  const df = (va + vb) ** 2 / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1));
  const half = tCritical(df) * se;
  return { diff, lo: diff - half, hi: diff + half, clear: diff - half > 0 || diff + half < 0 };
}
