/**
 * Partial rank correlation coefficients (PRCC) of a sampled design (Latin hypercube): how
 * strongly, and in which direction, an outcome moves with each factor once the other factors'
 * monotone effects are taken out (Marino, Hogue, Ray and Kirschner 2008, "A methodology for
 * performing global uncertainty and sensitivity analysis in systems biology", J. Theor. Biol.
 * 254: 178–196). Values and outcomes are ranked (ties get their mean rank); the PRCC of factor j
 * is the correlation of the residuals of rank(x_j) and rank(y) regressed on the ranks of the
 * other factors, computed at once for all factors from the inverse of the rank correlation
 * matrix: PRCC_j = −P_jy / √(P_jj·P_yy). Each coefficient gets a bootstrap percentile interval
 * over the design points (ranks recomputed in every resample) and the p-value of the t test
 * t = r·√((n − 2 − p)/(1 − r²)) with n − 2 − p degrees of freedom, p the other factors. Pure.
 */
import betainc from '@stdlib/math-base-special-betainc';
import { inverse, Matrix } from 'ml-matrix';
import type { BootstrapOptions } from './sensitivity.ts';
import { randomInt } from './seeds.ts';
import { percentileInterval } from './stats.ts';

export interface PrccIndex {
  factor: string;
  /** Design points used (those with an outcome value). */
  n: number;
  prcc: number | null;
  pValue: number | null;
  low: number | null;
  high: number | null;
}

/** Ranks 1…n, ties sharing their mean rank. */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x);
  const out = new Array<number>(xs.length);
  for (let s = 0; s < order.length; ) {
    let e = s;
    while (e + 1 < order.length && order[e + 1].x === order[s].x) e++;
    const rank = (s + e) / 2 + 1;
    for (let k = s; k <= e; k++) out[order[k].i] = rank;
    s = e + 1;
  }
  return out;
}

function correlationMatrix(columns: readonly number[][]): number[][] | null {
  const n = columns[0].length;
  const centred = columns.map((c) => {
    const m = c.reduce((a, b) => a + b, 0) / n;
    return c.map((v) => v - m);
  });
  const norms = centred.map((c) => Math.sqrt(c.reduce((a, v) => a + v * v, 0)));
  if (norms.some((s) => !(s > 0))) return null; // a constant column: no correlation
  return centred.map((a, i) => centred.map((b, j) => (i === j ? 1 : a.reduce((s, v, k) => s + v * b[k], 0) / (norms[i] * norms[j]))));
}

/** PRCC of every factor (columns of `x`, one row per design point) with `y`; null where undefined. */
export function prccValues(x: readonly (readonly number[])[], y: readonly number[]): (number | null)[] {
  const k = x[0]?.length ?? 0;
  const n = y.length;
  if (k === 0 || n < k + 2) return new Array(k).fill(null);
  const columns = [...Array.from({ length: k }, (_, j) => ranks(x.map((row) => row[j]))), ranks(y)];
  const r = correlationMatrix(columns);
  if (!r) return new Array(k).fill(null);
  let p: Matrix;
  try {
    p = inverse(new Matrix(r));
  } catch {
    return new Array(k).fill(null);
  }
  return Array.from({ length: k }, (_, j) => {
    const v = -p.get(j, k) / Math.sqrt(p.get(j, j) * p.get(k, k));
    return Number.isFinite(v) ? Math.max(-1, Math.min(1, v)) : null;
  });
}

/** Two-sided p-value of a partial correlation r over n points with p other variables held fixed. */
export function prccPValue(r: number, n: number, p: number): number | null {
  const df = n - 2 - p;
  if (df < 1) return null;
  if (Math.abs(r) >= 1) return 0;
  const t2 = (r * r * df) / (1 - r * r);
  // Two-sided tail of Student's t: I_{df/(df+t²)}(df/2, 1/2), the regularized incomplete beta.
  return betainc(df / (df + t2), df / 2, 0.5);
}

/**
 * PRCC with bootstrap intervals. `x[i]` holds the factor values of design point i and `y[i]` its
 * outcome (null: no value; the point is left out).
 */
export function prccIndices(x: readonly (readonly number[])[], y: readonly (number | null)[], factors: readonly string[], boot: BootstrapOptions): PrccIndex[] {
  const keep = y.map((v, i) => (v === null || !Number.isFinite(v) ? -1 : i)).filter((i) => i >= 0);
  const xs = keep.map((i) => x[i]);
  const ys = keep.map((i) => y[i] as number);
  const n = ys.length;
  const point = prccValues(xs, ys);
  const replicates: number[][] = factors.map(() => []);
  if (point.some((v) => v !== null)) {
    for (let b = 0; b < boot.resamples; b++) {
      const pick = Array.from({ length: n }, () => randomInt(boot.rng, n));
      const values = prccValues(
        pick.map((i) => xs[i]),
        pick.map((i) => ys[i]),
      );
      values.forEach((v, j) => {
        if (v !== null) replicates[j].push(v);
      });
    }
  }
  return factors.map((factor, j) => {
    const r = point[j];
    const ci = r === null ? null : percentileInterval(replicates[j], boot.level);
    return { factor, n, prcc: r, pValue: r === null ? null : prccPValue(r, n, factors.length - 1), low: ci?.low ?? null, high: ci?.high ?? null };
  });
}
