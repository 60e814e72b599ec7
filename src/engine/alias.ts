/**
 * Walker's alias method (Vose's construction): draws from a discrete distribution over n
 * outcomes with one uniform number and two table reads, whatever n. The residents' hot loop uses
 * it for the domain of a new need and for the gap to the next resident who develops one (a
 * geometric distribution, truncated into a table with its tail as one more outcome) — cheaper
 * than a logarithm per need (agents/residentDistrict.ts).
 *
 * Tables are typed arrays, filled once and read by any thread.
 */
import { aleaNext } from './rng.ts';

/**
 * Fill `prob` and `alias` (length ≥ n) for outcomes 0..n−1 with the given weights (≥ 0, not all
 * zero). `work` is scratch space of length ≥ 2n.
 */
export function fillAliasTable(weights: ArrayLike<number>, n: number, prob: Float64Array, alias: Int32Array, work: Float64Array): void {
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  if (!(total > 0)) throw new RangeError('an alias table needs a positive total weight');
  // work[0, n): weights scaled to mean 1. work[n, 2n): outcomes, those below 1 ("small") stacked
  // from the front, the others ("large") from the back.
  let smallTop = 0;
  let largeTop = n;
  for (let i = 0; i < n; i++) {
    const scaled = (weights[i] * n) / total;
    work[i] = scaled;
    if (scaled < 1) work[n + smallTop++] = i;
    else work[n + --largeTop] = i;
  }
  while (smallTop > 0 && largeTop < n) {
    const s = work[n + --smallTop];
    const l = work[n + largeTop];
    prob[s] = work[s];
    alias[s] = l;
    work[l] = work[l] + work[s] - 1;
    if (work[l] < 1) {
      largeTop++;
      work[n + smallTop++] = l;
    }
  }
  // What is left has probability 1 up to rounding.
  while (largeTop < n) {
    const l = work[n + largeTop++];
    prob[l] = 1;
    alias[l] = l;
  }
  while (smallTop > 0) {
    const s = work[n + --smallTop];
    prob[s] = 1;
    alias[s] = s;
  }
}

/** One outcome of the table for outcomes 0..n−1, from one uniform number u in [0, 1). */
export function aliasDraw(u: number, prob: Float64Array, alias: Int32Array, n: number): number {
  const x = u * n;
  const j = Math.floor(x);
  // Branch-free (the coin is unpredictable, so a branch would be mispredicted half the time).
  return j + Number(x - j >= prob[j]) * (alias[j] - j);
}

/** Most outcomes a truncated geometric table has (a draw of its tail costs one more draw per this many residents). */
export const GEOMETRIC_TABLE_MAX = 8192;

/**
 * Weights of a geometric distribution (failures before the first success, success probability
 * p in (0, 1]) truncated to `size` outcomes: 0 … size − 2, and size − 1 standing for "size − 1
 * or more" (probability (1 − p)^(size − 1)). Returns the size: about 4/p, so that the tail comes
 * up about 2% of the time, and at most GEOMETRIC_TABLE_MAX.
 */
export function geometricWeights(p: number, out: Float64Array): number {
  const size = Math.min(GEOMETRIC_TABLE_MAX, Math.max(2, Math.ceil(4 / p) + 1));
  let mass = 1;
  for (let g = 0; g < size - 1; g++) {
    out[g] = mass * p;
    mass *= 1 - p;
  }
  out[size - 1] = mass;
  return size;
}

/**
 * A geometric number of failures before the first success, drawn from a table of
 * geometricWeights: whenever the tail comes up, size − 1 failures are counted and the draw
 * starts again (the distribution has no memory). `st` is the random stream's state
 * (RandomStream.state), advanced by each draw.
 */
export function geometricDraw(st: Float64Array, prob: Float64Array, alias: Int32Array, size: number): number {
  const tail = size - 1;
  let gap = 0;
  for (;;) {
    const g = aliasDraw(aleaNext(st), prob, alias, size);
    if (g < tail) return gap + g;
    gap += tail;
  }
}
