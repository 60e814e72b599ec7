/**
 * Sampling plans in the unit hypercube [0, 1]^k: Latin hypercube, Morris trajectories and
 * Saltelli's A/B/AB matrices on a Sobol sequence. design.ts maps unit coordinates to factor
 * values. Each sampler draws only from the generator it is given. Pure.
 */
import { permutation, randomInt } from './seeds.ts';
import { sobolPoints } from './sobol.ts';

/**
 * Latin hypercube (McKay, Beckman & Conover 1979): n points in [0, 1)^k such that every one of
 * the n equal strata of every coordinate holds exactly one point; within its stratum a point
 * lies uniformly at random. Stratum order per coordinate: an independent random permutation.
 */
export function latinHypercube(n: number, k: number, rng: () => number): number[][] {
  const points = Array.from({ length: n }, () => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    const strata = permutation(rng, n);
    for (let i = 0; i < n; i++) points[i][j] = (strata[i] + rng()) / n;
  }
  return points;
}

/** One Morris trajectory: k + 1 points, each differing from the previous one in one factor by ±Δ. */
export interface MorrisTrajectory {
  points: number[][];
  /** Factor moved at step s (from point s to point s + 1). */
  order: number[];
  /** +1 when that factor went up by Δ, −1 when it went down. */
  signs: number[];
}

/** Δ of a Morris design with p levels: p / (2(p − 1)). */
export function morrisDelta(levels: number): number {
  return levels / (2 * (levels - 1));
}

/**
 * r Morris trajectories (Morris 1991) on the p-level grid {0, 1/(p−1), …, 1} of [0, 1]^k,
 * p even. For each trajectory and factor, a base level is drawn from the lower half of the grid
 * and a direction at random; the trajectory starts at the base (going up) or at base + Δ (going
 * down), and moves the factors one at a time in a random order, so every step is a change of
 * exactly Δ in one factor and every point stays on the grid.
 */
export function morrisTrajectories(r: number, k: number, levels: number, rng: () => number): MorrisTrajectory[] {
  const delta = morrisDelta(levels);
  const lowerHalf = levels / 2;
  const out: MorrisTrajectory[] = [];
  for (let t = 0; t < r; t++) {
    const start = new Array<number>(k);
    const signs = new Array<number>(k);
    for (let i = 0; i < k; i++) {
      const base = randomInt(rng, lowerHalf) / (levels - 1);
      signs[i] = rng() < 0.5 ? 1 : -1;
      start[i] = Math.round((signs[i] > 0 ? base : base + delta) * (levels - 1)) / (levels - 1);
    }
    const order = permutation(rng, k);
    const points = [start.slice()];
    const x = start.slice();
    for (const i of order) {
      x[i] = signs[i] > 0 ? x[i] + delta : x[i] - delta;
      // Snap to the grid so that 1/3 + 2/3 is exactly 1.
      x[i] = Math.round(x[i] * (levels - 1)) / (levels - 1);
      points.push(x.slice());
    }
    out.push({ points, order, signs: order.map((i) => signs[i]) });
  }
  return out;
}

/**
 * Saltelli's sampling scheme for first- and total-order Sobol indices (Saltelli et al. 2010):
 * points 1 … n of the 2k-dimensional Sobol sequence (the origin skipped) split into A (first k
 * coordinates) and B (last k); for each base sample j the block is A_j, AB_j^(1) … AB_j^(k), B_j,
 * where AB_j^(i) is A_j with coordinate i taken from B_j. n (k + 2) points in all.
 */
export function saltelliPoints(n: number, k: number): number[][] {
  const base = sobolPoints(2 * k, n, 1);
  const out: number[][] = [];
  for (const row of base) {
    const a = row.slice(0, k);
    const b = row.slice(k);
    out.push(a);
    for (let i = 0; i < k; i++) {
      const ab = a.slice();
      ab[i] = b[i];
      out.push(ab);
    }
    out.push(b);
  }
  return out;
}
