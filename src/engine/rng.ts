/**
 * Seeded random streams. Every purpose (needs, bidding, founding…) draws from its own stream,
 * derived from the run seed and the purpose's name, so adding a draw in one phase never shifts
 * the numbers another phase sees. Nothing in the model calls Math.random.
 *
 * The generator is Baagøe's Alea as seedrandom implements it (seedrandom.alea: ~100M draws/s
 * here, a state that checkpoints can save, far faster than seedrandom's default ARC4). seedrandom
 * seeds each stream (its Mash hash of the seed string); the step itself is repeated here, on a
 * state held in a Float64Array, because seedrandom's closure over a plain object costs the
 * model's hottest loops: V8 re-types the object's fields when a stream is restored from a saved
 * state (throwing compiled code away), and wherever its call is not inlined each draw returns a
 * new heap number. The draws are the same, bit for bit (tests/engine/rng.test.ts checks them
 * against seedrandom's).
 */
import seedrandom from 'seedrandom';

/** A stream's state: Alea's carry c and its three lags s0, s1, s2, in this order. */
export const ALEA_WORDS = 4;

/**
 * One Alea draw, uniform in [0, 1), advancing the state `st` (c, s0, s1, s2 at indices 0–3).
 * Small, so that V8 can inline it into the hot loops (as far as their inlining budget goes).
 */
export function aleaNext(st: Float64Array): number {
  const t = 2091639 * st[1] + st[0] * 2.3283064365386963e-10; // 2^-32
  st[1] = st[2];
  st[2] = st[3];
  const c = t | 0;
  st[0] = c;
  return (st[3] = t - c);
}

/** A saved stream state, as seedrandom's alea writes it (checkpoints hold these). */
interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

function isAleaState(state: object): state is AleaState {
  const o = state as Record<string, unknown>;
  return ['c', 's0', 's1', 's2'].every((k) => typeof o[k] === 'number');
}

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
  // Its own stream, so that the incubator's other draws are the same whether or not the
  // region's would-be teams limit an intake (model/levers.ts).
  'incubatorTeams',
] as const;
export type StreamName = (typeof STREAM_NAMES)[number];

/** One random stream: uniform draws in [0, 1) plus the few distributions the model uses. */
export class RandomStream {
  /** The generator's state (ALEA_WORDS numbers; see aleaNext). Hot loops draw with aleaNext(stream.state). */
  readonly state: Float64Array;
  /** The stream of `seed`; or, given `state` (a saved state, or a Float64Array it then owns), the stream continuing from it. */
  constructor(seed: string, state?: object) {
    if (state instanceof Float64Array) this.state = state;
    else {
      const from = state ?? seedrandom.alea(seed, { state: true }).state();
      if (!isAleaState(from)) throw new Error('a random stream state must hold the numbers c, s0, s1 and s2');
      this.state = Float64Array.of(from.c, from.s0, from.s1, from.s2);
    }
  }
  /** A stream that continues exactly where a saved one stopped. */
  static fromState(state: object): RandomStream {
    return new RandomStream('', state);
  }
  /** Uniform in [0, 1). */
  next(): number {
    return aleaNext(this.state);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Standard normal (Box–Muller, one of the pair discarded to keep the stream stateless). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Poisson count (Knuth for small means, normal approximation above 50). */
  poisson(mean: number): number {
    if (!(mean <= Number.MAX_SAFE_INTEGER)) throw new RangeError(`a Poisson draw with mean ${mean}: a rate in the model has run away`);
    if (mean <= 0) return 0;
    if (mean > 50) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
  /** Index drawn with probability proportional to weights[i] (weights ≥ 0, not all zero). */
  weighted(weights: ArrayLike<number>, total?: number): number {
    let sum = total ?? 0;
    if (total === undefined) for (let i = 0; i < weights.length; i++) sum += weights[i];
    let r = this.next() * sum;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }
  /** Generator state, for checkpoints: seedrandom's form of it. */
  saveState(): object {
    const st = this.state;
    return { c: st[0], s0: st[1], s1: st[2], s2: st[3] } satisfies AleaState;
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
// s2, as in RandomStream.state), which worker threads can share and checkpoints copy like any
// other typed array.

/** The purposes with one stream per district, in the order of their slots. */
export const DISTRICT_STREAM_NAMES = ['needs', 'delivery', 'trust'] as const;
export type DistrictStreamName = (typeof DISTRICT_STREAM_NAMES)[number];
export const DISTRICT_STREAM_WORDS = ALEA_WORDS;

/** Where district `d`'s stream `name` starts in the states array. */
export function districtStreamOffset(d: number, name: DistrictStreamName): number {
  return (d * DISTRICT_STREAM_NAMES.length + DISTRICT_STREAM_NAMES.indexOf(name)) * DISTRICT_STREAM_WORDS;
}

/** The initial states of every district's streams, from the run seed. */
export function createDistrictStreams(seed: number, districts: number, states: Float64Array): void {
  for (let d = 0; d < districts; d++)
    for (const name of DISTRICT_STREAM_NAMES) states.set(new RandomStream(`govbuy:${seed}:${name}:district ${d}`).state, districtStreamOffset(d, name));
}

/**
 * The stream whose state starts at `offset`, as a copy of its own: threads running neighbouring
 * districts then never write to one cache line draw after draw. Write it back with
 * saveDistrictStream when done.
 */
export function loadDistrictStream(states: Float64Array, offset: number): RandomStream {
  return new RandomStream('', states.slice(offset, offset + DISTRICT_STREAM_WORDS));
}

export function saveDistrictStream(stream: RandomStream, states: Float64Array, offset: number): void {
  states.set(stream.state, offset);
}
