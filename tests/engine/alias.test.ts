/**
 * The alias method draws each outcome with its weight's share, and the table-driven geometric
 * draw has the geometric distribution, its tail included (chi-square-style checks over many
 * seeded draws).
 */
import { describe, expect, it } from 'vitest';
import { aliasDraw, fillAliasTable, geometricDraw, geometricWeights, GEOMETRIC_TABLE_MAX } from '../../src/engine/alias.ts';
import { RandomStream } from '../../src/engine/rng.ts';

function table(weights: number[]) {
  const n = weights.length;
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  fillAliasTable(weights, n, prob, alias, new Float64Array(2 * n));
  return { prob, alias, n };
}

/** Largest |observed − expected| / sd over the outcomes. */
function worstZ(counts: number[], probabilities: number[], draws: number): number {
  return Math.max(...counts.map((c, i) => Math.abs(c - draws * probabilities[i]) / Math.sqrt(draws * probabilities[i] * (1 - probabilities[i]) || 1)));
}

describe('alias tables', () => {
  it('draw each outcome in proportion to its weight (zeros never)', () => {
    const weights = [0.006, 0.005, 0.002, 0.003, 0, 0.002, 0.0005, 0.003, 0.003];
    const { prob, alias, n } = table(weights);
    const rng = new RandomStream('alias-test');
    const counts = new Array(n).fill(0);
    const draws = 400_000;
    for (let k = 0; k < draws; k++) counts[aliasDraw(rng.next(), prob, alias, n)]++;
    const total = weights.reduce((a, b) => a + b, 0);
    expect(counts[4]).toBe(0);
    expect(worstZ(counts, weights.map((w) => w / total), draws)).toBeLessThan(4.5);
  });

  it('give a one-outcome table that outcome', () => {
    const { prob, alias } = table([3]);
    expect(aliasDraw(0.999999, prob, alias, 1)).toBe(0);
  });

  it('refuse weights that are all zero', () => {
    expect(() => table([0, 0])).toThrow(/positive total weight/);
  });
});

describe('geometric gaps from a table', () => {
  for (const p of [0.0275, 0.3, 1, 0.0002]) {
    it(`have the geometric distribution (p = ${p}), tail included`, () => {
      const weights = new Float64Array(GEOMETRIC_TABLE_MAX);
      const size = geometricWeights(p, weights);
      const prob = new Float64Array(size);
      const alias = new Int32Array(size);
      fillAliasTable(weights, size, prob, alias, new Float64Array(2 * size));
      const rng = new RandomStream(`geometric-${p}`);
      const draws = 200_000;
      // Counts in bins of equal width over the first ~3 means, and beyond.
      const width = Math.max(1, Math.round(1 / p / 4));
      const bins = 13;
      const counts = new Array(bins).fill(0);
      let sum = 0;
      for (let k = 0; k < draws; k++) {
        const g = geometricDraw(rng.state, prob, alias, size);
        sum += g;
        counts[Math.min(bins - 1, Math.floor(g / width))]++;
      }
      const cdf = (g: number) => 1 - (1 - p) ** g; // P(G < g)
      const expected = counts.map((_, b) => (b === bins - 1 ? 1 - cdf(b * width) : cdf((b + 1) * width) - cdf(b * width)));
      expect(worstZ(counts, expected, draws)).toBeLessThan(4.5);
      const mean = (1 - p) / p;
      const sd = Math.sqrt(1 - p) / p;
      expect(Math.abs(sum / draws - mean)).toBeLessThanOrEqual(4.5 * (sd / Math.sqrt(draws)) + 1e-12);
    });
  }
});
