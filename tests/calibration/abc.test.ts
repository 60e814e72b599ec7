/**
 * The ABC samplers on a toy model with a known answer (no simulation): statistics that are a
 * deterministic function of two parameters plus noise. The posterior should centre on the true
 * parameters, its 90% intervals should cover them, and ABC-SMC should get tighter than rejection
 * on the same budget.
 */
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/engine/rng.ts';
import { marginal, modeParticle, runAbc, DEFAULT_ABC, type AbcProblem, type AbcSettings } from '../../src/calibration/abc.ts';
import { weightedCovariance, weightedQuantile, effectiveSampleSize } from '../../src/calibration/stats.ts';

const TRUE = [0.3, 2.0];
const NOISE = 0.05;

/** s = (a + b/4, a·b, b − a) + noise; observed at the true parameters without noise. */
function toy(): AbcProblem {
  const f = ([a, b]: readonly number[]) => [a + b / 4, a * b, b - a];
  const observed = f(TRUE);
  return {
    box: [
      { lo: 0, hi: 1 },
      { lo: 0, hi: 4 },
    ],
    async evaluate(batch) {
      return batch.map(({ theta, index }) => {
        const noise = new RandomStream(`toy:${index}`);
        const s = f(theta).map((v) => v + NOISE * noise.normal());
        return Math.sqrt(s.reduce((acc, v, k) => acc + ((v - observed[k]) / NOISE) ** 2, 0) / s.length);
      });
    },
  };
}

const rng = (seed: string) => {
  const r = new RandomStream(seed);
  return { next: () => r.next(), normal: () => r.normal() };
};

describe('ABC recovers known parameters of a toy model', () => {
  const settings: AbcSettings = { ...DEFAULT_ABC, method: 'abc-smc', particles: 200, maxEvaluations: 6000 };

  it('ABC-SMC: posterior medians near the truth, 90% intervals cover it, tolerances fall', async () => {
    const result = await runAbc(toy(), settings, rng('smc'));
    expect(result.evaluations).toBeLessThanOrEqual(6000);
    const eps = result.populations.map((p) => p.epsilon);
    expect(eps[0]).toBe(Infinity);
    for (let t = 2; t < eps.length; t++) expect(eps[t]).toBeLessThanOrEqual(eps[t - 1]);
    for (let j = 0; j < 2; j++) {
      const m = marginal(result.posterior, j);
      expect(m.lower).toBeLessThanOrEqual(TRUE[j]);
      expect(m.upper).toBeGreaterThanOrEqual(TRUE[j]);
      expect(Math.abs(m.median - TRUE[j])).toBeLessThan(j === 0 ? 0.03 : 0.12);
    }
    const map = result.posterior.particles[modeParticle(result.posterior, toy().box)];
    expect(Math.abs(map[0] - TRUE[0])).toBeLessThan(0.1);
    expect(Math.abs(map[1] - TRUE[1])).toBeLessThan(0.4);
  });

  it('rejection ABC on the same budget is wider but centred', async () => {
    const smc = await runAbc(toy(), settings, rng('a'));
    const rej = await runAbc(toy(), { ...settings, method: 'abc-rejection' }, rng('a'));
    expect(rej.evaluations).toBe(6000);
    expect(rej.posterior.particles).toHaveLength(200);
    for (let j = 0; j < 2; j++) {
      const r = marginal(rej.posterior, j);
      const s = marginal(smc.posterior, j);
      expect(r.lower).toBeLessThanOrEqual(TRUE[j]);
      expect(r.upper).toBeGreaterThanOrEqual(TRUE[j]);
      expect(s.upper - s.lower).toBeLessThan(r.upper - r.lower);
    }
  });

  it('is deterministic for a given generator', async () => {
    const a = await runAbc(toy(), { ...settings, maxEvaluations: 1500 }, rng('same'));
    const b = await runAbc(toy(), { ...settings, maxEvaluations: 1500 }, rng('same'));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('componentwise kernel works too', async () => {
    const r = await runAbc(toy(), { ...settings, kernel: 'componentwise' }, rng('cw'));
    const m = marginal(r.posterior, 0);
    expect(Math.abs(m.median - TRUE[0])).toBeLessThan(0.05);
  });
});

describe('weighted statistics', () => {
  it('equal weights give the usual quantiles and covariance', () => {
    const xs = [4, 1, 3, 2];
    const w = [0.25, 0.25, 0.25, 0.25];
    expect(weightedQuantile(xs, w, 0.5)).toBeCloseTo(2.5);
    expect(weightedQuantile(xs, w, 0)).toBe(1);
    expect(weightedQuantile(xs, w, 1)).toBe(4);
    const cov = weightedCovariance(xs.map((x) => [x, 2 * x]), w);
    expect(cov[0][0]).toBeCloseTo(5 / 3); // sample variance of 1..4
    expect(cov[0][1]).toBeCloseTo(10 / 3);
    expect(effectiveSampleSize(w)).toBeCloseTo(4);
  });

  it('weights shift the quantiles', () => {
    expect(weightedQuantile([0, 10], [0.9, 0.1], 0.5)).toBeLessThan(5);
    expect(weightedQuantile([0, 10], [0.1, 0.9], 0.5)).toBeGreaterThan(5);
  });
});
