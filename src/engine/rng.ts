/**
 * Seeded random streams. Every purpose (needs, bidding, founding…) draws from its own stream,
 * derived from the run seed and the purpose's name, so adding a draw in one phase never shifts
 * the numbers another phase sees. Nothing in the model calls Math.random.
 *
 * The generator is seedrandom's Alea (~100M draws/s on this machine, state can be saved for
 * checkpoints), far faster than seedrandom's default ARC4.
 */
import seedrandom from 'seedrandom';

export const STREAM_NAMES = [
  'init',
  'payments',
  'founding',
  'organizations',
  'staff',
  'procurement',
  'evaluation',
  'transfers',
  'resistance',
  'seedFund',
  'incubator',
] as const;
export type StreamName = (typeof STREAM_NAMES)[number];

/** One random stream: uniform draws in [0, 1) plus the few distributions the model uses. */
export class RandomStream {
  private readonly prng: seedrandom.StatefulPRNG<seedrandom.State.Alea>;
  constructor(seed: string, state?: object) {
    this.prng = state ? seedrandom.alea('', { state: state as seedrandom.State.Alea }) : seedrandom.alea(seed, { state: true });
  }
  /** A stream that continues exactly where a saved one stopped. */
  static fromState(state: object): RandomStream {
    return new RandomStream('', state);
  }
  /** Uniform in [0, 1). */
  next(): number {
    return this.prng();
  }
  /** The bare generator function, for the hottest loops (same draws as next()). */
  get uniform(): () => number {
    return this.prng;
  }
  chance(p: number): boolean {
    return this.prng() < p;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }
  /** Standard normal (Box–Muller, one of the pair discarded to keep the stream stateless). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.prng();
    const v = this.prng();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Poisson count (Knuth for small means, normal approximation above 50). */
  poisson(mean: number): number {
    if (!(mean <= Number.MAX_SAFE_INTEGER)) throw new RangeError(`a Poisson draw with mean ${mean}: a rate in the model has run away`);
    if (mean <= 0) return 0;
    if (mean > 50) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.prng();
    while (p > limit) {
      k++;
      p *= this.prng();
    }
    return k;
  }
  /** Index drawn with probability proportional to weights[i] (weights ≥ 0, not all zero). */
  weighted(weights: ArrayLike<number>, total?: number): number {
    let sum = total ?? 0;
    if (total === undefined) for (let i = 0; i < weights.length; i++) sum += weights[i];
    let r = this.prng() * sum;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }
  /** Generator state, for checkpoints. */
  saveState(): object {
    return this.prng.state();
  }
}

export type RandomStreams = Record<StreamName, RandomStream>;

/** Saved states of a stream family, for checkpoints. */
export type StreamStates = Record<StreamName, object>;

export function saveStreams(streams: RandomStreams): StreamStates {
  const out = {} as StreamStates;
  for (const name of STREAM_NAMES) out[name] = streams[name].saveState();
  return out;
}

export function restoreStreams(states: StreamStates): RandomStreams {
  const streams = {} as RandomStreams;
  for (const name of STREAM_NAMES) {
    if (!states[name]) throw new Error(`checkpoint lacks the state of random stream "${name}"`);
    streams[name] = RandomStream.fromState(states[name]);
  }
  return streams;
}

/** The run's stream family: one independent stream per purpose, all from one seed. */
export function createStreams(seed: number): RandomStreams {
  const streams = {} as RandomStreams;
  for (const name of STREAM_NAMES) streams[name] = new RandomStream(`govbuy:${seed}:${name}`);
  return streams;
}

// ── Per-district streams ─────────────────────────────────────────────────────
// Residents' initial trust, their needs and the needs' delivery draw from one stream per district
// and purpose, so a district's month is the same whichever thread runs it (model/districts.ts).
// Their states live in one Float64Array (DISTRICT_STREAM_WORDS numbers each: Alea's c, s0, s1,
// s2), which worker threads can share and checkpoints copy like any other typed array.

/** The purposes with one stream per district, in the order of their slots. */
export const DISTRICT_STREAM_NAMES = ['needs', 'delivery', 'trust'] as const;
export type DistrictStreamName = (typeof DISTRICT_STREAM_NAMES)[number];
export const DISTRICT_STREAM_WORDS = 4;

/** Where district `d`'s stream `name` starts in the states array. */
export function districtStreamOffset(d: number, name: DistrictStreamName): number {
  return (d * DISTRICT_STREAM_NAMES.length + DISTRICT_STREAM_NAMES.indexOf(name)) * DISTRICT_STREAM_WORDS;
}

/** The initial states of every district's streams, from the run seed. */
export function createDistrictStreams(seed: number, districts: number, states: Float64Array): void {
  for (let d = 0; d < districts; d++)
    for (const name of DISTRICT_STREAM_NAMES) writeAleaState(new RandomStream(`govbuy:${seed}:${name}:district ${d}`).saveState(), states, districtStreamOffset(d, name));
}

/** The stream whose state starts at `offset`; write it back with saveDistrictStream when done. */
export function loadDistrictStream(states: Float64Array, offset: number): RandomStream {
  return RandomStream.fromState({ c: states[offset], s0: states[offset + 1], s1: states[offset + 2], s2: states[offset + 3] });
}

export function saveDistrictStream(stream: RandomStream, states: Float64Array, offset: number): void {
  writeAleaState(stream.saveState(), states, offset);
}

function writeAleaState(state: object, states: Float64Array, offset: number): void {
  const { c, s0, s1, s2 } = state as { c: number; s0: number; s1: number; s2: number };
  states[offset] = c;
  states[offset + 1] = s0;
  states[offset + 2] = s1;
  states[offset + 3] = s2;
}
