/**
 * Partial rank correlation coefficients: the inverse-correlation formula agrees with the
 * textbook residual method, recovers the direction and strength of monotone effects in a
 * synthetic Latin hypercube, gives an irrelevant factor an interval around 0, and says nothing
 * (null) where it cannot say anything.
 */
import { Matrix, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { latinHypercube } from '../../src/experiments/samplers.ts';
import { prccIndices, prccPValue, prccValues, ranks } from '../../src/experiments/prcc.ts';
import { purposeRng } from '../../src/experiments/seeds.ts';
import { t975 } from '../../src/metrics/statistics.ts';

/** Residuals of y regressed (least squares, with intercept) on the columns of z. */
function residuals(y: number[], z: number[][]): number[] {
  const a = new Matrix(y.map((_, i) => [1, ...z.map((c) => c[i])]));
  const beta = solve(a, Matrix.columnVector(y));
  const fitted = a.mmul(beta).getColumn(0);
  return y.map((v, i) => v - fitted[i]);
}

function correlation(a: number[], b: number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  a.forEach((v, i) => {
    sab += (v - ma) * (b[i] - mb);
    saa += (v - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}

/** A Latin hypercube of `n` points over 3 factors on [0, 1], and an outcome: rises with x0, falls with x1 (non-linearly), ignores x2. */
function synthetic(n: number, noise: number, seed: number) {
  const rng = purposeRng(seed, 'prcc-test');
  const x = latinHypercube(n, 3, rng);
  const y = x.map(([a, b]) => 4 * a - Math.exp(2 * b) + noise * (rng() - 0.5));
  return { x, y };
}

describe('partial rank correlation coefficients', () => {
  it('rank ties at their mean rank', () => {
    expect(ranks([10, 30, 20, 30, 5])).toEqual([2, 4.5, 3, 4.5, 1]);
  });

  it('agree with the residual method (regress both ranks on the other factors’ ranks, correlate)', () => {
    const { x, y } = synthetic(40, 2, 1);
    const rx = [0, 1, 2].map((j) => ranks(x.map((r) => r[j])));
    const ry = ranks(y);
    const fast = prccValues(x, y);
    for (let j = 0; j < 3; j++) {
      const others = rx.filter((_, k) => k !== j);
      expect(fast[j]).toBeCloseTo(correlation(residuals(rx[j], others), residuals(ry, others)), 10);
    }
  });

  it('recover direction and strength on a Latin hypercube; an irrelevant factor’s interval covers 0', () => {
    const { x, y } = synthetic(60, 1, 2);
    const [up, down, none] = prccIndices(x, y, ['up', 'down', 'none'], { resamples: 400, level: 0.95, rng: purposeRng(9, 'boot') });
    expect(up.prcc).toBeGreaterThan(0.8);
    expect(down.prcc).toBeLessThan(-0.8);
    expect(up.low).toBeGreaterThan(0);
    expect(down.high).toBeLessThan(0);
    expect(none.low).toBeLessThan(0);
    expect(none.high).toBeGreaterThan(0);
    expect(up.pValue).toBeLessThan(0.001);
    expect(none.pValue).toBeGreaterThan(0.01);
    for (const r of [up, down, none]) {
      expect(r.n).toBe(60);
      expect(r.low!).toBeLessThanOrEqual(r.prcc!);
      expect(r.high!).toBeGreaterThanOrEqual(r.prcc!);
    }
    // Monotone but not linear (x1 enters through exp): ranks make it as strong as the linear one.
    expect(Math.abs(down.prcc!)).toBeGreaterThan(0.8);
  });

  it('give the t test’s p-value: |t| at the 97.5% quantile is p = 0.05', () => {
    const n = 30;
    const p = 2;
    const df = n - 2 - p;
    const t = t975(df);
    const r = t / Math.sqrt(df + t * t);
    expect(prccPValue(r, n, p)).toBeCloseTo(0.05, 6);
    expect(prccPValue(0, n, p)).toBeCloseTo(1, 10);
    expect(prccPValue(0.5, 4, 2)).toBeNull();
  });

  it('leave out points without a value, and are null with too few points or a constant outcome', () => {
    const { x, y } = synthetic(30, 1, 3);
    const withGaps = prccIndices(x, y.map((v, i) => (i % 5 === 0 ? null : v)), ['a', 'b', 'c'], { resamples: 50, level: 0.9, rng: purposeRng(1, 'b') });
    expect(withGaps[0].n).toBe(24);
    expect(prccValues(x.slice(0, 4), y.slice(0, 4))).toEqual([null, null, null]);
    const flat = prccIndices(x, x.map(() => 3), ['a', 'b', 'c'], { resamples: 20, level: 0.9, rng: purposeRng(1, 'b') });
    expect(flat.map((r) => [r.prcc, r.low, r.high, r.pValue])).toEqual([[null, null, null, null], [null, null, null, null], [null, null, null, null]]);
  });

  it('are reproducible: the same resampling seed gives the same intervals', () => {
    const { x, y } = synthetic(25, 3, 4);
    const run = () => prccIndices(x, y, ['a', 'b', 'c'], { resamples: 100, level: 0.95, rng: purposeRng(5, 'b') });
    expect(run()).toEqual(run());
  });
});
