import { describe, expect, it } from 'vitest';
import { kaplanMeier } from '../../src/metrics/survival.ts';
import { hhi } from '../../src/metrics/concentration.ts';

describe('Kaplan–Meier survival', () => {
  // Textbook example: times 3, 5+, 6, 6, 8+, 10 (+ = censored).
  const curve = kaplanMeier([
    { duration: 3, event: true },
    { duration: 5, event: false },
    { duration: 6, event: true },
    { duration: 6, event: true },
    { duration: 8, event: false },
    { duration: 10, event: true },
  ]);

  it('multiplies conditional survival at each event time, dropping the censored from the risk set', () => {
    expect(curve.curve.map((p) => p.month)).toEqual([3, 6, 10]);
    expect(curve.curve[0].survival).toBeCloseTo(5 / 6, 12);
    expect(curve.curve[1].survival).toBeCloseTo((5 / 6) * (2 / 4), 12);
    expect(curve.curve[2].survival).toBe(0);
    expect(curve.curve[1].atRisk).toBe(4);
    expect(curve.events).toBe(4);
  });

  it('reports the median and S(t) at fixed horizons, null beyond the data', () => {
    expect(curve.medianMonths).toBe(6);
    expect(curve.at.m12).toBeNull();
    expect(kaplanMeier([{ duration: 30, event: false }]).at.m12).toBe(1);
    expect(kaplanMeier([]).n).toBe(0);
  });
});

describe('Herfindahl–Hirschman index', () => {
  it('is 1 for a monopoly, 1/n for n equal providers, 0 for nothing', () => {
    expect(hhi([5])).toBe(1);
    expect(hhi([1, 1, 1, 1])).toBeCloseTo(0.25, 12);
    expect(hhi([])).toBe(0);
    expect(hhi([3, 1])).toBeCloseTo(0.625, 12);
  });
});
