/**
 * Weighted sample statistics and the multivariate normal, for ABC: weighted mean, variance,
 * covariance and quantiles of a particle population, its effective sample size, and Gaussian
 * kernels (sampling and unnormalised density) through a Cholesky factor from ml-matrix. Pure.
 *
 * Weights are normalised to sum to 1. Covariances use reliability weights,
 * Σ = Σᵢ wᵢ (xᵢ − μ)(xᵢ − μ)ᵀ / (1 − Σᵢ wᵢ²), which is the usual unbiased covariance when the
 * weights are equal. Quantiles interpolate the weighted empirical distribution between the
 * midpoints of each point's weight (Hazen's rule when the weights are equal).
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';

export function normalise(weights: readonly number[]): number[] {
  let sum = 0;
  for (const w of weights) sum += w;
  if (!(sum > 0) || !Number.isFinite(sum)) throw new Error('weights must be finite and sum to more than 0');
  return weights.map((w) => w / sum);
}

/** Kish's effective sample size 1 / Σ wᵢ² (weights normalised). */
export function effectiveSampleSize(weights: readonly number[]): number {
  let s = 0;
  for (const w of weights) s += w * w;
  return 1 / s;
}

export function weightedMean(xs: readonly number[], weights: readonly number[]): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += weights[i] * xs[i];
  return m;
}

/** Columns of a population: the values of dimension j over the particles. */
export function column(points: readonly (readonly number[])[], j: number): number[] {
  return points.map((p) => p[j]);
}

/** Reliability-weighted covariance matrix of points (rows) with normalised weights. */
export function weightedCovariance(points: readonly (readonly number[])[], weights: readonly number[]): number[][] {
  const d = points[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, j) => weightedMean(column(points, j), weights));
  let sumSq = 0;
  for (const w of weights) sumSq += w * w;
  const denom = 1 - sumSq > 1e-12 ? 1 - sumSq : 1;
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < points.length; i++) {
    const w = weights[i];
    for (let a = 0; a < d; a++) {
      const da = points[i][a] - mean[a];
      for (let b = a; b < d; b++) cov[a][b] += w * da * (points[i][b] - mean[b]);
    }
  }
  for (let a = 0; a < d; a++)
    for (let b = a; b < d; b++) {
      cov[a][b] /= denom;
      cov[b][a] = cov[a][b];
    }
  return cov;
}

/** Weighted quantile q ∈ [0, 1] of xs (weights normalised). */
export function weightedQuantile(xs: readonly number[], weights: readonly number[], q: number): number {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b] || a - b);
  const n = order.length;
  if (n === 0) return NaN;
  if (n === 1) return xs[order[0]];
  // Midpoint of each point's weight on the cumulative scale.
  const mid = new Array<number>(n);
  let cum = 0;
  for (let k = 0; k < n; k++) {
    const w = weights[order[k]];
    mid[k] = cum + w / 2;
    cum += w;
  }
  const target = q * cum;
  if (target <= mid[0]) return xs[order[0]];
  if (target >= mid[n - 1]) return xs[order[n - 1]];
  let k = 0;
  while (mid[k + 1] < target) k++;
  const lo = xs[order[k]];
  const hi = xs[order[k + 1]];
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return target - mid[k] < mid[k + 1] - target ? lo : hi;
  const t = (target - mid[k]) / (mid[k + 1] - mid[k]);
  return lo + t * (hi - lo);
}

/**
 * A multivariate normal kernel N(0, Σ): draws and the unnormalised density exp(−½ xᵀΣ⁻¹x).
 * A covariance that is not positive definite (a dimension on which every particle agrees) is
 * made so by adding `ridge` to its diagonal.
 */
export class GaussianKernel {
  readonly dim: number;
  /** Lower Cholesky factor, row-major. */
  private readonly lower: number[][];

  constructor(covariance: readonly (readonly number[])[], ridge: readonly number[]) {
    this.dim = covariance.length;
    let cov = covariance.map((row) => row.slice());
    let chol = new CholeskyDecomposition(new Matrix(cov));
    for (let attempt = 0; !chol.isPositiveDefinite() && attempt < 20; attempt++) {
      cov = cov.map((row, i) => row.map((v, j) => (i === j ? v + ridge[i] * 10 ** attempt : v)));
      chol = new CholeskyDecomposition(new Matrix(cov));
    }
    if (!chol.isPositiveDefinite()) throw new Error('the perturbation kernel covariance is not positive definite');
    this.lower = chol.lowerTriangularMatrix.to2DArray();
  }

  /** A draw of N(0, Σ) from standard normal deviates. */
  sample(normal: () => number): number[] {
    const z = Array.from({ length: this.dim }, () => normal());
    const L = this.lower;
    return L.map((row) => {
      let s = 0;
      for (let j = 0; j < row.length; j++) s += row[j] * z[j];
      return s;
    });
  }

  /** exp(−½ xᵀΣ⁻¹x): the density up to a constant that is the same for every x. */
  density(x: readonly number[]): number {
    const L = this.lower;
    const y = new Array<number>(this.dim);
    let q = 0;
    for (let i = 0; i < this.dim; i++) {
      let s = x[i];
      for (let j = 0; j < i; j++) s -= L[i][j] * y[j];
      y[i] = s / L[i][i];
      q += y[i] * y[i];
    }
    return Math.exp(-0.5 * q);
  }
}
