/**
 * Seeds of a sweep, all derived from the experiment seed, so that one number in the experiment
 * file fixes every run and every sampled design. Pure.
 *
 *   run seed = lowbias32((lowbias32(experimentSeed) + runIndex) mod 2^32) mod 2^31
 *
 * (with `commonRandomNumbers: true`, the replicate number takes the place of the run index, so
 * replicate r of every design point shares one seed). lowbias32 is Chris Wellons' 32-bit
 * integer hash (x ^= x >>> 16; x *= 0x7feb352d; x ^= x >>> 15; x *= 0x846ca68b; x ^= x >>> 16),
 * a bijection on 32-bit integers with good avalanche, so nearby run indices get unrelated seeds.
 * Sampled designs and the analysis's bootstrap draw from seedrandom's Alea seeded with the text
 * `govbuy:<purpose>:<experiment seed>`.
 */
import seedrandom from 'seedrandom';

/** Chris Wellons' lowbias32 integer hash (unsigned 32-bit in, unsigned 32-bit out). */
export function lowbias32(x: number): number {
  x >>>= 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The seed of run `index` (or of replicate `index` with common random numbers): 0 … 2^31 − 1. */
export function derivedSeed(experimentSeed: number, index: number): number {
  return lowbias32((lowbias32(experimentSeed) + index) >>> 0) & 0x7fffffff;
}

/** A uniform [0, 1) generator for one purpose of one experiment ('lhs', 'morris', 'bootstrap', …). */
export function purposeRng(experimentSeed: number, purpose: string): () => number {
  return seedrandom.alea(`govbuy:${purpose}:${experimentSeed}`);
}

/** A uniform whole number in [0, n). */
export function randomInt(rng: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(rng() * n));
}

/** A uniformly random permutation of 0 … n − 1 (Fisher–Yates). */
export function permutation(rng: () => number, n: number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}
