/**
 * Sensitivity indices from a sampled design's outputs: Morris elementary effects (μ, μ*, σ)
 * and Sobol first- and total-order indices (Saltelli 2010 / Jansen estimators), each with a
 * bootstrap percentile interval. The outputs are one value per design point (the mean over its
 * replications); null marks a point without a value (all its runs failed). Pure.
 */
import { randomInt } from './seeds.ts';
import { mean, percentileInterval, populationVariance, sampleSd } from './stats.ts';

export interface BootstrapOptions {
  resamples: number;
  level: number;
  rng: () => number;
}

export interface MorrisIndex {
  factor: string;
  /** Elementary effects used (one per trajectory with both points present). */
  n: number;
  mu: number | null;
  muStar: number | null;
  sigma: number | null;
  muStarLow: number | null;
  muStarHigh: number | null;
}

/**
 * Morris (1991), with μ* from Campolongo et al. (2007). In trajectory t the step s moves factor
 * order[s] by signs[s]·Δ (in the unit cube), so its elementary effect is
 * (y[s+1] − y[s]) / (signs[s]·Δ): the change of the output per full factor range, measured over
 * a step of Δ. μ is the mean effect, μ* the mean absolute effect, σ their standard deviation.
 */
export function morrisIndices(
  y: readonly (number | null)[],
  structure: { delta: number; trajectories: readonly { order: readonly number[]; signs: readonly number[] }[] },
  factors: readonly string[],
  boot: BootstrapOptions,
): MorrisIndex[] {
  const k = factors.length;
  const effects: number[][] = factors.map(() => []);
  structure.trajectories.forEach((t, ti) => {
    const at = ti * (k + 1);
    t.order.forEach((i, s) => {
      const a = y[at + s];
      const b = y[at + s + 1];
      if (a === null || b === null || a === undefined || b === undefined) return;
      effects[i].push((b - a) / (t.signs[s] * structure.delta));
    });
  });
  return factors.map((factor, i) => {
    const ee = effects[i];
    if (ee.length === 0) return { factor, n: 0, mu: null, muStar: null, sigma: null, muStarLow: null, muStarHigh: null };
    const abs = ee.map(Math.abs);
    const reps: number[] = [];
    for (let b = 0; b < boot.resamples; b++) {
      let s = 0;
      for (let j = 0; j < abs.length; j++) s += abs[randomInt(boot.rng, abs.length)];
      reps.push(s / abs.length);
    }
    const ci = percentileInterval(reps, boot.level);
    return { factor, n: ee.length, mu: mean(ee), muStar: mean(abs), sigma: sampleSd(ee), muStarLow: ci?.low ?? null, muStarHigh: ci?.high ?? null };
  });
}

export interface SobolIndex {
  factor: string;
  /** Base samples used (those whose whole block has values). */
  n: number;
  S1: number | null;
  S1Low: number | null;
  S1High: number | null;
  ST: number | null;
  STLow: number | null;
  STHigh: number | null;
}

/** S1 and ST of each factor from blocks f[j] = [f(A_j), f(AB_j^(1)) … f(AB_j^(k)), f(B_j)]. */
function sobolFrom(blocks: readonly (readonly number[])[], k: number): { S1: number[]; ST: number[] } {
  const fA = blocks.map((b) => b[0]);
  const fB = blocks.map((b) => b[k + 1]);
  const V = populationVariance([...fA, ...fB]);
  const S1: number[] = [];
  const ST: number[] = [];
  for (let i = 0; i < k; i++) {
    let first = 0;
    let total = 0;
    for (let j = 0; j < blocks.length; j++) {
      const fAB = blocks[j][1 + i];
      first += fB[j] * (fAB - fA[j]);
      total += (fA[j] - fAB) * (fA[j] - fAB);
    }
    S1.push(first / blocks.length / V);
    ST.push((0.5 * total) / blocks.length / V);
  }
  return { S1, ST };
}

/**
 * First-order (Saltelli et al. 2010: S1_i = mean(f(B)·(f(AB_i) − f(A))) / V) and total-order
 * (Jansen 1999: ST_i = mean((f(A) − f(AB_i))²) / 2V) Sobol indices, V the variance of f(A) and
 * f(B) together; bootstrap percentile intervals from resampling base samples. `y` follows
 * saltelliPoints' layout: samples × (k + 2) values. Indices are null when the output does not vary.
 */
export function sobolIndices(y: readonly (number | null)[], samples: number, factors: readonly string[], boot: BootstrapOptions): SobolIndex[] {
  const k = factors.length;
  const blocks: number[][] = [];
  for (let j = 0; j < samples; j++) {
    const block = y.slice(j * (k + 2), (j + 1) * (k + 2));
    if (block.length === k + 2 && block.every((v) => v !== null && v !== undefined)) blocks.push(block as number[]);
  }
  const empty = (factor: string): SobolIndex => ({ factor, n: blocks.length, S1: null, S1Low: null, S1High: null, ST: null, STLow: null, STHigh: null });
  if (blocks.length < 2 || !(populationVariance(blocks.flatMap((b) => [b[0], b[k + 1]])) > 0)) return factors.map(empty);
  const point = sobolFrom(blocks, k);
  const repS1: number[][] = factors.map(() => []);
  const repST: number[][] = factors.map(() => []);
  for (let b = 0; b < boot.resamples; b++) {
    const sample = Array.from({ length: blocks.length }, () => blocks[randomInt(boot.rng, blocks.length)]);
    const r = sobolFrom(sample, k);
    for (let i = 0; i < k; i++) {
      repS1[i].push(r.S1[i]);
      repST[i].push(r.ST[i]);
    }
  }
  return factors.map((factor, i) => {
    const c1 = percentileInterval(repS1[i], boot.level);
    const cT = percentileInterval(repST[i], boot.level);
    return {
      factor,
      n: blocks.length,
      S1: point.S1[i],
      S1Low: c1?.low ?? null,
      S1High: c1?.high ?? null,
      ST: point.ST[i],
      STLow: cT?.low ?? null,
      STHigh: cT?.high ?? null,
    };
  });
}
