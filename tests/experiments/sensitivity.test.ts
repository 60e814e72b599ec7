import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/experiments/analysis.ts';
import { expandDesign, runSpec } from '../../src/experiments/design.ts';
import { parseExperimentText } from '../../src/experiments/file.ts';
import type { RunResult } from '../../src/experiments/runOne.ts';
import { morrisDelta, morrisTrajectories, saltelliPoints } from '../../src/experiments/samplers.ts';
import { morrisIndices, sobolIndices } from '../../src/experiments/sensitivity.ts';
import { purposeRng } from '../../src/experiments/seeds.ts';
import { percentileInterval, tInterval } from '../../src/experiments/stats.ts';

const boot = (resamples = 200) => ({ resamples, level: 0.95, rng: purposeRng(1, 'test') });

describe('Sobol indices (Saltelli / Jansen estimators)', () => {
  it("recover the Ishigami function's analytic indices", () => {
    // f = sin x1 + 7 sin² x2 + 0.1 x3⁴ sin x1 on [−π, π]³ (a = 7, b = 0.1).
    const ishigami = (u: number[]) => {
      const [x1, x2, x3] = u.map((v) => -Math.PI + 2 * Math.PI * v);
      return Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1);
    };
    const N = 4096;
    const y = saltelliPoints(N, 3).map(ishigami);
    const r = sobolIndices(y, N, ['x1', 'x2', 'x3'], boot(100));
    const analytic = { S1: [0.3139, 0.4424, 0], ST: [0.5576, 0.4424, 0.2437] };
    r.forEach((s, i) => {
      expect(s.S1!).toBeCloseTo(analytic.S1[i], 1);
      expect(Math.abs(s.S1! - analytic.S1[i])).toBeLessThan(0.03);
      expect(Math.abs(s.ST! - analytic.ST[i])).toBeLessThan(0.03);
      expect(s.S1Low!).toBeLessThan(s.S1!);
      expect(s.S1High!).toBeGreaterThan(s.S1!);
      expect(s.STLow!).toBeLessThanOrEqual(analytic.ST[i] + 0.02);
      expect(s.STHigh!).toBeGreaterThanOrEqual(analytic.ST[i] - 0.02);
    });
  });

  it('are null for an output that does not vary, and skip blocks with a missing value', () => {
    const y = saltelliPoints(16, 2).map(() => 3);
    expect(sobolIndices(y, 16, ['a', 'b'], boot(10)).every((s) => s.S1 === null && s.ST === null)).toBe(true);
    const z: (number | null)[] = saltelliPoints(16, 2).map((u) => u[0] + 2 * u[1]);
    z[5] = null; // block 1
    expect(sobolIndices(z, 16, ['a', 'b'], boot(10))[0].n).toBe(15);
  });
});

describe('Morris elementary effects', () => {
  it('on a linear function: μ = μ* = slope × range and σ = 0 for every factor', () => {
    const slopes = [2, -3, 0.5, 0];
    const lo = [0, 10, -1, 5];
    const hi = [1, 20, 1, 6];
    const tr = morrisTrajectories(12, 4, 4, purposeRng(2, 'm'));
    const y = tr.flatMap((t) => t.points).map((u) => u.reduce((s, ui, i) => s + slopes[i] * (lo[i] + ui * (hi[i] - lo[i])), 0));
    const r = morrisIndices(y, { delta: morrisDelta(4), trajectories: tr }, ['a', 'b', 'c', 'd'], boot());
    r.forEach((m, i) => {
      const effect = slopes[i] * (hi[i] - lo[i]);
      expect(m.n).toBe(12);
      expect(m.mu!).toBeCloseTo(effect, 9);
      expect(m.muStar!).toBeCloseTo(Math.abs(effect), 9);
      expect(m.sigma!).toBeCloseTo(0, 9);
    });
  });

  it('see an interaction as σ: f = x1 · x2', () => {
    const tr = morrisTrajectories(30, 2, 4, purposeRng(3, 'm'));
    const y = tr.flatMap((t) => t.points).map(([a, b]) => a * b);
    const [m1] = morrisIndices(y, { delta: morrisDelta(4), trajectories: tr }, ['a', 'b'], boot());
    expect(m1.sigma!).toBeGreaterThan(0.1);
    expect(m1.muStarLow!).toBeLessThanOrEqual(m1.muStar!);
    expect(m1.muStarHigh!).toBeGreaterThanOrEqual(m1.muStar!);
  });
});

describe('confidence intervals', () => {
  it("Student-t: mean ± t(0.975, n−1)·s/√n", () => {
    const ci = tInterval([1, 2, 3, 4, 5], 0.95);
    // t(0.975, 4) = 2.7764451051977987; s = √2.5
    const half = 2.7764451051977987 * (Math.sqrt(2.5) / Math.sqrt(5));
    expect(ci.mean).toBe(3);
    expect(ci.low!).toBeCloseTo(3 - half, 12);
    expect(ci.high!).toBeCloseTo(3 + half, 12);
    expect(tInterval([4], 0.95)).toMatchObject({ n: 1, mean: 4, low: null, high: null });
    const p = percentileInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.8)!;
    expect(p.low).toBeCloseTo(2, 12);
    expect(p.high).toBeCloseTo(10, 12);
  });
});

describe('analysis of a grid', () => {
  it('main effects of an additive response, no interaction, and CIs per point', () => {
    const e = parseExperimentText(
      `scenario: s.yaml
factors:
  - { path: x.a, name: a, values: [0, 1, 2] }
  - { path: x.b, name: b, values: [low, high] }
replications: 3
outputs: { metrics: [final.orgs_active] }
`,
      'e.yaml',
    );
    const d = expandDesign(e);
    const results: RunResult[] = Array.from({ length: d.runs }, (_, i) => {
      const s = runSpec(e, d, i);
      const y = 10 * (s.factors.a as number) + (s.factors.b === 'high' ? 5 : 0) + [0, -1, 1][s.replicate];
      return { runIndex: i, seed: s.seed, status: i === 0 ? 'failed' : 'ok', ...(i === 0 ? { error: 'x' } : {}), outcomes: i === 0 ? null : { 'final.orgs_active': y } };
    });
    const a = analyze(e, d, results);
    expect(a.runs).toEqual({ total: 18, ok: 17, failed: 1 });
    const p1 = a.points.rows.find((r) => r.point === 1)!;
    expect(p1).toMatchObject({ a: 0, b: 'high', metric: 'final.orgs_active', n: 3, failed: 0, mean: 5, sd: 1 });
    expect(a.points.rows.find((r) => r.point === 0)).toMatchObject({ n: 2, failed: 1, mean: 0 });
    const effect = (factor: string, level: unknown) => a.mainEffects!.rows.find((r) => r.factor === factor && r.level === level)!.effect as number;
    expect(effect('a', 2) - effect('a', 0)).toBeCloseTo(20, 9);
    expect(effect('b', 'high') - effect('b', 'low')).toBeCloseTo(5, 9);
    expect(a.interactions!.rows).toHaveLength(6);
    for (const r of a.interactions!.rows) expect(r.interaction as number).toBeCloseTo(0, 9);
    expect(a.morris).toBeNull();
  });
});
