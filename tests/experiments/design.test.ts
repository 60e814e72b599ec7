import { describe, expect, it } from 'vitest';
import { expandDesign, parseShard, runSpec, shardRunIndices, valueFromUnit } from '../../src/experiments/design.ts';
import { parseExperimentText } from '../../src/experiments/file.ts';
import { latinHypercube, morrisDelta, morrisTrajectories, saltelliPoints } from '../../src/experiments/samplers.ts';
import { derivedSeed, lowbias32, purposeRng } from '../../src/experiments/seeds.ts';
import { sobolPoints } from '../../src/experiments/sobol.ts';

const exp = (rest: string) => parseExperimentText(`scenario: s.yaml\n${rest}`, 'e.yaml');

describe('run seeds', () => {
  it('follow the documented formula: lowbias32((lowbias32(seed) + runIndex) mod 2^32) mod 2^31', () => {
    // lowbias32 against a BigInt transcription of Chris Wellons' C code.
    const reference = (v: number) => {
      const M = (1n << 32n) - 1n;
      let x = BigInt(v) & M;
      x ^= x >> 16n;
      x = (x * 0x7feb352dn) & M;
      x ^= x >> 15n;
      x = (x * 0x846ca68bn) & M;
      x ^= x >> 16n;
      return Number(x);
    };
    for (const v of [0, 1, 2, 12345, 2 ** 31, 2 ** 32 - 1]) expect(lowbias32(v)).toBe(reference(v));
    for (const [seed, i] of [[1, 0], [7, 5], [2 ** 31 - 1, 123456]]) {
      expect(derivedSeed(seed, i)).toBe(lowbias32((lowbias32(seed) + i) >>> 0) % 2 ** 31);
      expect(derivedSeed(seed, i)).toBeGreaterThanOrEqual(0);
      expect(derivedSeed(seed, i)).toBeLessThan(2 ** 31);
    }
    const seeds = new Set(Array.from({ length: 10000 }, (_, i) => derivedSeed(3, i)));
    expect(seeds.size).toBeGreaterThan(9990);
  });
});

describe('grid designs', () => {
  it('put scenarios outermost, the last factor fastest, replications of a point in a row', () => {
    const e = parseExperimentText(
      `scenario: { name: region, values: [a.yaml, b.yaml] }
factors:
  - { path: x.a, name: a, values: [1, 2] }
  - { path: x.b, name: b, values: [u, v, w] }
replications: 2
seed: 5
`,
      'e.yaml',
    );
    const d = expandDesign(e);
    expect(d.runs).toBe(24);
    expect(d.points.slice(0, 4).map((p) => [p.scenario, p.factors.a, p.factors.b])).toEqual([
      [0, 1, 'u'],
      [0, 1, 'v'],
      [0, 1, 'w'],
      [0, 2, 'u'],
    ]);
    expect(d.points[6]).toMatchObject({ index: 6, scenario: 1, factors: { a: 1, b: 'u' } });
    const r = runSpec(e, d, 13);
    expect(r).toMatchObject({ runIndex: 13, point: 6, replicate: 1, scenario: 1, seed: derivedSeed(5, 13) });
  });

  it('share seeds across points with common random numbers', () => {
    const e = exp('factors: [{ path: x.a, values: [1, 2, 3] }]\nreplications: 4\ncommonRandomNumbers: true\n');
    const d = expandDesign(e);
    expect(runSpec(e, d, 1).seed).toBe(runSpec(e, d, 5).seed);
    expect(runSpec(e, d, 1).seed).toBe(derivedSeed(e.seed, 1));
    expect(runSpec(e, d, 1).seed).not.toBe(runSpec(e, d, 2).seed);
  });
});

describe('samplers', () => {
  it('Sobol: the reference points of Joe & Kuo’s sequence', () => {
    expect(sobolPoints(3, 8)).toEqual([
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25],
      [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625],
      [0.875, 0.875, 0.125],
      [0.625, 0.125, 0.875],
      [0.125, 0.625, 0.375],
    ]);
    // Every dimension of the first 2^m points is a permutation of {i / 2^m}.
    const pts = sobolPoints(100, 64);
    for (let d = 0; d < 100; d++) expect(pts.map((p) => p[d] * 64).sort((a, b) => a - b)).toEqual(Array.from({ length: 64 }, (_, i) => i));
    expect(sobolPoints(2, 3, 5)).toEqual(sobolPoints(2, 8).slice(5));
  });

  it('Latin hypercube: one point in each of the n strata of every coordinate; reproducible from its seed', () => {
    const n = 17;
    const pts = latinHypercube(n, 4, purposeRng(9, 'lhs'));
    for (let j = 0; j < 4; j++) expect(pts.map((p) => Math.floor(p[j] * n)).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(latinHypercube(n, 4, purposeRng(9, 'lhs'))).toEqual(pts);
    expect(latinHypercube(n, 4, purposeRng(10, 'lhs'))).not.toEqual(pts);
  });

  it('Morris: each step moves one factor, each factor once, by exactly ±Δ, on the p-level grid', () => {
    const levels = 6;
    const delta = morrisDelta(levels);
    expect(delta).toBeCloseTo(0.6);
    for (const t of morrisTrajectories(20, 5, levels, purposeRng(1, 'morris'))) {
      expect(t.points).toHaveLength(6);
      expect([...t.order].sort()).toEqual([0, 1, 2, 3, 4]);
      t.order.forEach((i, s) => {
        const a = t.points[s];
        const b = t.points[s + 1];
        a.forEach((x, j) => (j === i ? expect(b[j] - x).toBeCloseTo(t.signs[s] * delta, 12) : expect(b[j]).toBe(x)));
      });
      for (const p of t.points)
        for (const x of p) {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(1);
          expect(x * (levels - 1)).toBeCloseTo(Math.round(x * (levels - 1)), 12);
        }
    }
  });

  it('Saltelli: blocks A, AB(1…k), B with AB(i) = A but coordinate i from B', () => {
    const pts = saltelliPoints(4, 3);
    expect(pts).toHaveLength(4 * 5);
    const base = sobolPoints(6, 4, 1);
    for (let j = 0; j < 4; j++) {
      const [a, ab1, ab2, ab3, b] = pts.slice(j * 5, j * 5 + 5);
      expect(a).toEqual(base[j].slice(0, 3));
      expect(b).toEqual(base[j].slice(3));
      expect(ab1).toEqual([b[0], a[1], a[2]]);
      expect(ab2).toEqual([a[0], b[1], a[2]]);
      expect(ab3).toEqual([a[0], a[1], b[2]]);
    }
  });

  it('map unit coordinates to ranges: linear, log, whole numbers', () => {
    const f = { name: 'x', path: 'x', range: [2, 8] as [number, number], integer: false, log: false };
    expect(valueFromUnit(f, 0)).toBe(2);
    expect(valueFromUnit(f, 0.5)).toBe(5);
    expect(valueFromUnit(f, 1)).toBe(8);
    expect(valueFromUnit({ ...f, log: true, range: [1, 100] }, 0.5)).toBeCloseTo(10, 10);
    const ints = [0, 0.1, 0.3, 0.5, 0.7, 0.99, 1].map((u) => valueFromUnit({ ...f, integer: true, range: [1, 4] }, u));
    expect(ints).toEqual([1, 1, 2, 3, 3, 4, 4]);
  });

  it('sampled designs are reproducible and differ by experiment seed', () => {
    const text = (seed: number) => `factors: [{ path: x.a, range: [0, 1] }, { path: x.b, range: [10, 20], integer: true }]\ndesign: { type: lhs, samples: 5 }\nseed: ${seed}\n`;
    const a = expandDesign(exp(text(1)));
    expect(expandDesign(exp(text(1)))).toEqual(a);
    expect(expandDesign(exp(text(2))).points).not.toEqual(a.points);
    for (const p of a.points) expect(Number.isInteger(p.factors['x.b'])).toBe(true);
  });
});

describe('shards', () => {
  it('parse k/n and split the run indices by i mod n = k − 1, covering every run once', () => {
    expect(parseShard('2/3')).toEqual({ k: 2, n: 3 });
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1', '1/2/3']) expect(parseShard(bad)).toBeNull();
    expect(shardRunIndices(10, { k: 2, n: 3 })).toEqual([1, 4, 7]);
    const all = [1, 2, 3].flatMap((k) => shardRunIndices(10, { k, n: 3 })).sort((a, b) => a - b);
    expect(all).toEqual(shardRunIndices(10, null));
  });
});
