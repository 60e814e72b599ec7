/**
 * PRIM and CART on synthetic data whose true box is known: PRIM must find the box within a
 * tolerance, leave alone a dimension that does not matter, give its restrictions small
 * quasi-p-values and reproduce them on random halves; the helpers behave as the EMA Workbench's.
 */
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { cart } from '../../src/experiments/cart.ts';
import { binomialUpperTail, chooseBox, prim, resampleStability, tieAwareQuantile, worstQp, type PrimData, type PrimDimension } from '../../src/experiments/prim.ts';

/** N uniform points in [0,1]^3; cases: 90% inside x0 ≥ 0.6 and x1 ≤ 0.3, 5% elsewhere. x2 does not matter. */
function boxData(N: number, seed: string): PrimData {
  const rng = seedrandom.alea(seed);
  const x = [new Float64Array(N), new Float64Array(N), new Float64Array(N)];
  const y = new Uint8Array(N);
  for (let i = 0; i < N; i++) {
    for (const col of x) col[i] = rng();
    const inside = x[0][i] >= 0.6 && x[1][i] <= 0.3;
    y[i] = rng() < (inside ? 0.9 : 0.05) ? 1 : 0;
  }
  return { x, y };
}
const DIMS: PrimDimension[] = ['a', 'b', 'c'].map((name) => ({ name, integer: false }));

describe('PRIM on a known box', () => {
  const seeds = ['one', 'two', 'three'];
  const found = seeds.map((s) => {
    const data = boxData(2000, s);
    const r = prim(data, DIMS);
    return { data, r, box: chooseBox(r)! };
  });

  it.each(seeds.map((s, i) => [s, i] as const))('finds x0 ≥ 0.6 and x1 ≤ 0.3 within 0.05 and leaves x2 alone (data %s)', (_s, i) => {
    const { r, box } = found[i];
    expect(box.restricted).toEqual([0, 1]);
    expect(box.limits[0][0]).toBeGreaterThan(0.55);
    expect(box.limits[0][0]).toBeLessThan(0.65);
    expect(box.limits[0][1]).toBe(r.initial[0][1]);
    expect(box.limits[1][1]).toBeGreaterThan(0.25);
    expect(box.limits[1][1]).toBeLessThan(0.35);
    expect(box.limits[1][0]).toBe(r.initial[1][0]);
    expect(box.limits[2]).toEqual(r.initial[2]);
    // The true box holds about 216 of the ~296 cases, and is 90% dense.
    expect(box.coverage).toBeGreaterThan(0.6);
    expect(box.density).toBeGreaterThan(0.8);
    expect(worstQp(box)).toBeLessThan(1e-6);
  });

  it('keeps the whole trajectory: density rises while peeling, coverage falls, mass never below mass_min', () => {
    const t = found[0].r.trajectory;
    expect(t[0].restricted).toEqual([]);
    expect(t[0].mass).toBe(1);
    const peels = t.filter((b) => b.step !== 'paste');
    for (let i = 1; i < peels.length; i++) {
      expect(peels[i].density).toBeGreaterThan(peels[i - 1].density);
      expect(peels[i].coverage).toBeLessThanOrEqual(peels[i - 1].coverage);
      expect(peels[i].mass).toBeGreaterThanOrEqual(0.05);
    }
  });

  it('reproduces the box on random halves; the irrelevant dimension rarely comes back', () => {
    const { data, box } = found[0];
    const s = resampleStability(data, DIMS, box, seedrandom.alea('halves'), 10);
    expect(s[0].coverage).toBeGreaterThanOrEqual(0.8);
    expect(s[1].coverage).toBeGreaterThanOrEqual(0.8);
    expect(s[2].coverage).toBeLessThanOrEqual(0.3);
  });

  it('finds nothing significant when the cases do not depend on the dimensions', () => {
    const rng = seedrandom.alea('noise');
    const N = 1000;
    const data: PrimData = { x: [Float64Array.from({ length: N }, rng), Float64Array.from({ length: N }, rng)], y: Uint8Array.from({ length: N }, () => (rng() < 0.3 ? 1 : 0)) };
    const r = prim(data, DIMS.slice(0, 2));
    const best = r.trajectory.reduce((a, b) => (b.density > a.density ? b : a));
    expect(best.density).toBeLessThan(0.5);
    // Boxes whose every restriction is significant are rare in noise.
    expect(r.trajectory.filter((b) => b.restricted.length > 0 && worstQp(b) <= 0.05).length).toBeLessThanOrEqual(r.trajectory.length / 2);
  });

  it('peels whole-number dimensions by whole values', () => {
    const rng = seedrandom.alea('ints');
    const N = 1200;
    const k = Float64Array.from({ length: N }, () => 1 + Math.floor(rng() * 6));
    const u = Float64Array.from({ length: N }, rng);
    const y = Uint8Array.from({ length: N }, (_, i) => (k[i] >= 4 ? (rng() < 0.95 ? 1 : 0) : rng() < 0.03 ? 1 : 0));
    const r = prim({ x: [k, u], y }, [
      { name: 'k', integer: true },
      { name: 'u', integer: false },
    ]);
    const box = chooseBox(r)!;
    expect(box.restricted).toEqual([0]);
    expect(box.limits[0]).toEqual([4, 6]);
  });

  it('chooses by index or by least density when asked', () => {
    const r = found[0].r;
    expect(chooseBox(r, { by: 'index', index: 3 })!.id).toBe(3);
    const dense = chooseBox(r, { by: 'minDensity', density: 0.5 })!;
    expect(dense.density).toBeGreaterThanOrEqual(0.5);
    for (const b of r.trajectory) if (b.density >= 0.5 && b.restricted.length > 0) expect(b.coverage).toBeLessThanOrEqual(dense.coverage);
    expect(chooseBox(r, { by: 'minDensity', density: 1.01 })).toBeNull();
  });
});

describe('PRIM helpers as the EMA Workbench computes them', () => {
  it('quantiles step past ties, to the midpoint with the next different value', () => {
    expect(tieAwareQuantile([1, 2, 2, 2, 3], 0.05)).toBe(1.5);
    expect(tieAwareQuantile([1, 2, 2, 2, 3], 0.95)).toBe(2.5);
    expect(tieAwareQuantile([1, 1, 1, 2], 0.25)).toBe(1.5);
    expect(tieAwareQuantile([1, 2, 3, 3], 0.9)).toBe(2.5);
  });

  it('quasi-p-values are one-sided binomial tails P(X ≥ k)', () => {
    expect(binomialUpperTail(3, 5, 0.5)).toBeCloseTo(16 / 32, 12);
    expect(binomialUpperTail(0, 10, 0.1)).toBe(1);
    expect(binomialUpperTail(10, 10, 0.5)).toBeCloseTo(1 / 1024, 12);
    // 1 − P(X ≤ 1) for n = 20, p = 0.05: 1 − 0.95^20 − 20·0.05·0.95^19
    expect(binomialUpperTail(2, 20, 0.05)).toBeCloseTo(1 - 0.95 ** 20 - 20 * 0.05 * 0.95 ** 19, 12);
  });
});

describe('CART as a cross-check', () => {
  it('splits on the dimensions of the box, and its densest leaf lies inside it', () => {
    const data = boxData(2000, 'cart');
    const t = cart(data, { maxDepth: 3, minLeaf: 100 });
    expect(t.splitDimensions.slice(0, 2).sort()).toEqual([0, 1]);
    const leaf = t.leaves.reduce((a, b) => (b.density > a.density ? b : a));
    expect(leaf.density).toBeGreaterThan(0.8);
    expect(leaf.limits[0][0]).toBeGreaterThan(0.5);
    expect(leaf.limits[1][1]).toBeLessThan(0.4);
    expect(t.leaves.every((l) => l.n >= 100)).toBe(true);
    expect(t.leaves.reduce((s, l) => s + l.n, 0)).toBe(2000);
  });
});
