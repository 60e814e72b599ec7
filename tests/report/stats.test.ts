import { describe, expect, it } from 'vitest';
import { ci95, mean, tCritical, variance, welchDiff } from '../../src/report/stats.ts';

describe('report statistics', () => {
  it('t quantiles match the table and approach 1.96', () => {
    expect(tCritical(1)).toBeCloseTo(12.706, 3);
    expect(tCritical(9)).toBeCloseTo(2.262, 3);
    expect(tCritical(9.5)).toBeGreaterThan(2.228);
    expect(tCritical(9.5)).toBeLessThan(2.262);
    expect(tCritical(60)).toBeCloseTo(2.0, 2);
    expect(tCritical(1e6)).toBeCloseTo(1.96, 3);
    expect(tCritical(0.5)).toBeNaN();
  });

  it('mean, variance and the 95% interval of the mean', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(xs)).toBe(5);
    expect(variance(xs)).toBeCloseTo(32 / 7, 10);
    const c = ci95(xs);
    expect(c.n).toBe(8);
    expect(c.hi - c.mean).toBeCloseTo(2.3646 * Math.sqrt(32 / 7 / 8), 3);
    expect(ci95([3])).toEqual({ mean: 3, lo: 3, hi: 3, n: 1 });
  });

  it('Welch intervals: clear when far apart, not when they overlap much', () => {
    const a = [10, 11, 12, 11, 10, 12];
    expect(welchDiff(a, a.map((x) => x - 5))).toMatchObject({ diff: 5, clear: true });
    const d = welchDiff([1, 5, 2, 6], [2, 4, 3, 5]);
    expect(d.clear).toBe(false);
    expect(d.lo).toBeLessThan(0);
    expect(d.hi).toBeGreaterThan(0);
    // Constant arms that differ are clearly different.
    expect(welchDiff([2, 2], [1, 1])).toMatchObject({ diff: 1, clear: true });
  });
});
