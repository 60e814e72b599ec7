/**
 * Approximate Bayesian computation over a box of uniform priors, for any simulator that turns a
 * parameter vector into a distance from the data. Model-agnostic and pure apart from the
 * evaluator it is given: the same generator, settings and evaluator give the same result.
 *
 * - Rejection ABC (Pritchard et al. 1999; Beaumont et al. 2002 without the regression step):
 *   draw every proposal from the prior, keep the `particles` closest. The tolerance is the
 *   distance of the last one kept.
 * - ABC-SMC, the population Monte Carlo sampler of Beaumont et al. (2009) and Toni et al. (2009)
 *   with an adaptive tolerance schedule (Del Moral et al. 2012; Drovandi & Pettitt 2011):
 *   generation 0 draws `particles` points from the prior; each later generation sets its
 *   tolerance εₜ to the `quantile` (weighted) of the previous generation's distances, then
 *   proposes by drawing a particle θⱼ by weight and moving it by a Gaussian kernel with twice
 *   the previous population's weighted covariance (or, componentwise, twice each variance),
 *   drawing again while the move leaves the prior box, until `particles` proposals lie within
 *   εₜ. Importance weights: wᵢ ∝ π(θᵢ) / Σⱼ wⱼ K(θᵢ | θⱼ), with π constant on the box.
 *   It stops when the evaluation budget is spent, when a generation accepts fewer than
 *   `minAcceptanceRate` of its proposals, after `maxGenerations`, or when εₜ reaches 0.
 *   A generation cut short by the budget is kept if it reached half its particles (its
 *   particles are still draws from that generation's target), and dropped otherwise.
 */
import { effectiveSampleSize, GaussianKernel, normalise, weightedCovariance, weightedQuantile, column, weightedMean } from './stats.ts';

export type Kernel = 'multivariate' | 'componentwise';
export type AbcMethod = 'abc-smc' | 'abc-rejection';

/** Uniform draws in [0, 1) and standard normal deviates. */
export interface Rng {
  next(): number;
  normal(): number;
}

export interface Proposal {
  theta: number[];
  /** Global evaluation number, 0-based and in proposal order: the evaluator seeds its runs from it. */
  index: number;
}

export interface AbcProblem {
  /** The prior: uniform on [lo, hi] in each dimension. */
  box: readonly { lo: number; hi: number }[];
  /** Distances of a batch of proposals, in the same order (Infinity when undefined). */
  evaluate(batch: readonly Proposal[]): Promise<number[]>;
}

export interface AbcSettings {
  method: AbcMethod;
  particles: number;
  /** Most evaluations (each evaluation may cost several simulation runs). */
  maxEvaluations: number;
  /** ABC-SMC: quantile of the previous distances that sets the next tolerance. */
  quantile: number;
  kernel: Kernel;
  minAcceptanceRate: number;
  maxGenerations: number;
  /** Proposals evaluated together (the evaluator may run them in parallel). */
  batchSize: number;
}

export const DEFAULT_ABC: Omit<AbcSettings, 'method' | 'maxEvaluations'> = {
  particles: 100,
  quantile: 0.5,
  kernel: 'multivariate',
  minAcceptanceRate: 0.02,
  maxGenerations: 30,
  batchSize: 10,
};

export interface Population {
  generation: number;
  /** Tolerance; Infinity for generation 0 of ABC-SMC (every prior draw accepted). */
  epsilon: number;
  particles: number[][];
  /** Normalised importance weights. */
  weights: number[];
  distances: number[];
  /** Proposals evaluated for this generation. */
  proposals: number;
  acceptanceRate: number;
  ess: number;
}

export type StopReason = 'budget' | 'acceptance rate' | 'generations' | 'tolerance 0' | 'rejection complete';

export interface AbcResult {
  method: AbcMethod;
  populations: Population[];
  /** The posterior sample: the last kept population. */
  posterior: Population;
  evaluations: number;
  stopReason: StopReason;
}

export interface AbcProgress {
  onPopulation?(p: Population, evaluations: number): void;
}

function drawPrior(box: AbcProblem['box'], rng: Rng): number[] {
  return box.map(({ lo, hi }) => lo + (hi - lo) * rng.next());
}

function inBox(theta: readonly number[], box: AbcProblem['box']): boolean {
  return theta.every((x, j) => x >= box[j].lo && x <= box[j].hi);
}

/** Index drawn with probability proportional to normalised weights. */
function drawIndex(weights: readonly number[], rng: Rng): number {
  let r = rng.next();
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r < 0) return i;
  }
  return weights.length - 1;
}

export async function runAbc(problem: AbcProblem, settings: AbcSettings, rng: Rng, progress: AbcProgress = {}): Promise<AbcResult> {
  if (settings.particles < 2) throw new Error('ABC needs at least 2 particles');
  if (settings.maxEvaluations < settings.particles) throw new Error(`a budget of ${settings.maxEvaluations} evaluations cannot give ${settings.particles} particles`);
  return settings.method === 'abc-rejection' ? rejection(problem, settings, rng, progress) : smc(problem, settings, rng, progress);
}

async function rejection(problem: AbcProblem, s: AbcSettings, rng: Rng, progress: AbcProgress): Promise<AbcResult> {
  const thetas: number[][] = [];
  const distances: number[] = [];
  while (thetas.length < s.maxEvaluations) {
    const n = Math.min(s.batchSize, s.maxEvaluations - thetas.length);
    const batch = Array.from({ length: n }, (_, k) => ({ theta: drawPrior(problem.box, rng), index: thetas.length + k }));
    distances.push(...(await problem.evaluate(batch)));
    thetas.push(...batch.map((b) => b.theta));
  }
  const order = thetas.map((_, i) => i).sort((a, b) => distances[a] - distances[b] || a - b);
  const kept = order.slice(0, s.particles);
  const population: Population = {
    generation: 0,
    epsilon: distances[kept[kept.length - 1]],
    particles: kept.map((i) => thetas[i]),
    weights: kept.map(() => 1 / kept.length),
    distances: kept.map((i) => distances[i]),
    proposals: thetas.length,
    acceptanceRate: kept.length / thetas.length,
    ess: kept.length,
  };
  progress.onPopulation?.(population, thetas.length);
  return { method: 'abc-rejection', populations: [population], posterior: population, evaluations: thetas.length, stopReason: 'rejection complete' };
}

/** The perturbation kernel for the next generation: twice the weighted (co)variance. */
function kernelFor(prev: Population, kind: Kernel, box: AbcProblem['box']): GaussianKernel {
  const d = box.length;
  let cov = weightedCovariance(prev.particles, prev.weights).map((row) => row.map((v) => 2 * v));
  if (kind === 'componentwise') cov = cov.map((row, i) => row.map((v, j) => (i === j ? v : 0)));
  // A dimension every particle agrees on still gets a tiny spread (a millionth of its prior width).
  const ridge = Array.from({ length: d }, (_, j) => (1e-6 * (box[j].hi - box[j].lo)) ** 2);
  return new GaussianKernel(cov, ridge);
}

async function smc(problem: AbcProblem, s: AbcSettings, rng: Rng, progress: AbcProgress): Promise<AbcResult> {
  const { box } = problem;
  let evaluations = 0;
  const evaluate = async (thetas: number[][]): Promise<number[]> => {
    const batch = thetas.map((theta, k) => ({ theta, index: evaluations + k }));
    evaluations += thetas.length;
    return problem.evaluate(batch);
  };

  // Generation 0: the prior.
  const first: number[][] = [];
  const firstDistances: number[] = [];
  while (first.length < s.particles) {
    const thetas = Array.from({ length: Math.min(s.batchSize, s.particles - first.length) }, () => drawPrior(box, rng));
    firstDistances.push(...(await evaluate(thetas)));
    first.push(...thetas);
  }
  let prev: Population = {
    generation: 0,
    epsilon: Infinity,
    particles: first,
    weights: first.map(() => 1 / first.length),
    distances: firstDistances,
    proposals: first.length,
    acceptanceRate: 1,
    ess: first.length,
  };
  const populations = [prev];
  progress.onPopulation?.(prev, evaluations);

  let stopReason: StopReason = 'generations';
  for (let t = 1; t <= s.maxGenerations; t++) {
    if (evaluations >= s.maxEvaluations) {
      stopReason = 'budget';
      break;
    }
    const epsilon = weightedQuantile(prev.distances, prev.weights, s.quantile);
    if (epsilon <= 0) {
      stopReason = 'tolerance 0';
      break;
    }
    const kernel = kernelFor(prev, s.kernel, box);
    const accepted: number[][] = [];
    const acceptedDistances: number[] = [];
    let proposals = 0;
    while (accepted.length < s.particles && evaluations < s.maxEvaluations) {
      const n = Math.min(s.batchSize, s.maxEvaluations - evaluations);
      const thetas: number[][] = [];
      for (let k = 0; k < n; k++) {
        let theta: number[];
        do {
          const j = drawIndex(prev.weights, rng);
          const step = kernel.sample(() => rng.normal());
          theta = prev.particles[j].map((x, i) => x + step[i]);
        } while (!inBox(theta, box));
        thetas.push(theta);
      }
      const distances = await evaluate(thetas);
      proposals += n;
      for (let k = 0; k < n && accepted.length < s.particles; k++) {
        if (distances[k] <= epsilon) {
          accepted.push(thetas[k]);
          acceptedDistances.push(distances[k]);
        }
      }
    }
    if (accepted.length < Math.ceil(s.particles / 2)) {
      stopReason = 'budget';
      break;
    }
    const raw = accepted.map((theta) => {
      let mix = 0;
      for (let j = 0; j < prev.particles.length; j++) mix += prev.weights[j] * kernel.density(theta.map((x, i) => x - prev.particles[j][i]));
      return mix > 0 ? 1 / mix : 0;
    });
    const weights = normalise(raw);
    const population: Population = {
      generation: t,
      epsilon,
      particles: accepted,
      weights,
      distances: acceptedDistances,
      proposals,
      acceptanceRate: accepted.length / proposals,
      ess: effectiveSampleSize(weights),
    };
    populations.push(population);
    progress.onPopulation?.(population, evaluations);
    prev = population;
    if (accepted.length < s.particles) {
      stopReason = 'budget';
      break;
    }
    if (population.acceptanceRate < s.minAcceptanceRate) {
      stopReason = 'acceptance rate';
      break;
    }
  }
  return { method: 'abc-smc', populations, posterior: prev, evaluations, stopReason };
}

/** Posterior summaries of one dimension: weighted mean, median, sd and a central credible interval. */
export interface Marginal {
  mean: number;
  median: number;
  sd: number;
  lower: number;
  upper: number;
}

export function marginal(p: Population, j: number, level = 0.9, transform: (x: number) => number = (x) => x): Marginal {
  const xs = column(p.particles, j).map(transform);
  const mean = weightedMean(xs, p.weights);
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += p.weights[i] * (xs[i] - mean) ** 2;
  const tail = (1 - level) / 2;
  return {
    mean,
    median: weightedQuantile(xs, p.weights, 0.5),
    sd: Math.sqrt(v),
    lower: weightedQuantile(xs, p.weights, tail),
    upper: weightedQuantile(xs, p.weights, 1 - tail),
  };
}

/**
 * The particle with the highest weighted kernel density estimate of the posterior (a Gaussian
 * KDE with Scott's bandwidth on the weighted covariance): an approximate maximum a posteriori
 * point that is one of the particles.
 */
export function modeParticle(p: Population, box: AbcProblem['box']): number {
  const n = p.particles.length;
  const d = box.length;
  const h2 = effectiveSampleSize(p.weights) ** (-2 / (d + 4));
  const cov = weightedCovariance(p.particles, p.weights).map((row) => row.map((v) => v * h2));
  const ridge = Array.from({ length: d }, (_, j) => (1e-6 * (box[j].hi - box[j].lo)) ** 2);
  const kernel = new GaussianKernel(cov, ridge);
  let best = 0;
  let bestDensity = -Infinity;
  for (let i = 0; i < n; i++) {
    let density = 0;
    for (let j = 0; j < n; j++) density += p.weights[j] * kernel.density(p.particles[i].map((x, k) => x - p.particles[j][k]));
    if (density > bestDensity) {
      bestDensity = density;
      best = i;
    }
  }
  return best;
}
