/**
 * PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999), as scenario discovery uses it
 * (Bryant & Lempert 2010) and as the EMA Workbench implements it: find a box — an interval per
 * dimension — in which the cases of interest (y = 1) are dense. Pure.
 *
 * - Peeling: from the box holding every point, repeatedly cut off the `peelAlpha` share of the
 *   points in the box at the low or the high end of one dimension (cut points are the
 *   Workbench's tie-aware quantiles; whole-number dimensions cut whole values), choosing the cut
 *   with the largest gain in density per point removed (the Workbench's default "lenient 1"
 *   objective), ties going to the box with fewer restricted dimensions; stop when no cut raises
 *   the density or the box would hold less than `massMin` of the points.
 * - Pasting: then widen a restricted side again by the `pasteAlpha` share of the points just
 *   outside it, while that raises the density.
 * - Every box on the way is kept (the peeling trajectory): coverage (share of all cases of
 *   interest inside), density (share of the box that is of interest), mass, restricted dimensions.
 * - Quasi-p-values (Bryant & Lempert 2010): for each restricted side of a box, the one-sided
 *   binomial test of whether the box's H cases of interest among its T points could come from
 *   the box without that restriction, whose share of cases is p = Hj / Tj:
 *   qp = P(Binomial(T, p) ≥ H). Small values mean the restriction matters.
 * - Resampling stability (the Workbench's `resample`): PRIM again on random halves of the data;
 *   for each dimension, the share of reruns in which the box closest in coverage (and the one
 *   closest in density) to the chosen box restricts it. Unlike the Workbench, ties in the one
 *   measure go to the box closest in the other.
 */
import betainc from '@stdlib/math-base-special-betainc';
import { permutation } from './seeds.ts';

export interface PrimDimension {
  name: string;
  /** Whole-number values (peeled and pasted by whole values). */
  integer: boolean;
}

export interface PrimOptions {
  peelAlpha: number;
  pasteAlpha: number;
  /** Smallest box, as a share of all points. */
  massMin: number;
}

export const PRIM_DEFAULTS: PrimOptions = { peelAlpha: 0.05, pasteAlpha: 0.05, massMin: 0.05 };

export interface PrimBox {
  /** Position on the trajectory (0: every point). */
  id: number;
  /** Per dimension [low, high]; equal to the data's limits where the box does not restrict it. */
  limits: [number, number][];
  /** Points in the box, cases of interest among them. */
  n: number;
  k: number;
  coverage: number;
  density: number;
  mass: number;
  /** Indices of the restricted dimensions. */
  restricted: number[];
  /** Per restricted dimension: quasi-p-values of the low and high side (null where that side is unrestricted). */
  qp: Record<number, [number | null, number | null]>;
  /** The step that made the box: 'start' for box 0, 'peel', 'paste', or 'drop' (a restriction dropped: pruneBox). */
  step: 'start' | 'peel' | 'paste' | 'drop';
}

export interface PrimResult {
  /** The data's limits per dimension (box 0). */
  initial: [number, number][];
  trajectory: PrimBox[];
  /** Cases of interest in all the data. */
  cases: number;
  points: number;
}

/**
 * The Workbench's tie-aware quantile (after sdtoolkit): the midpoint between the order statistic
 * at (n − 1)·q and the nearest different value beyond it (below it for q > ½, above it otherwise),
 * so that a cut never falls on a value that several points share. `sorted` ascending.
 */
export function tieAwareQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const i = (n - 1) * q;
  let lo = Math.floor(i);
  let hi = Math.ceil(i);
  if (q > 0.5) while (sorted[lo] === sorted[hi] && lo > 0) lo--;
  else while (sorted[lo] === sorted[hi] && hi < n - 1) hi++;
  return (sorted[lo] + sorted[hi]) / 2;
}

/** P(X ≥ k) for X ~ Binomial(n, p): the regularized incomplete beta I_p(k, n − k + 1). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  return betainc(p, k, n - k + 1);
}

/** Column-major data: x[d][i] is point i's value in dimension d; y[i] is 1 for a case of interest. */
export interface PrimData {
  x: Float64Array[];
  y: Uint8Array;
}

interface Candidate {
  limits: [number, number][];
  inside: Int32Array;
  objective: number;
  restricted: number;
}

function meanOf(y: Uint8Array, idx: Int32Array): number {
  if (idx.length === 0) return 0;
  let s = 0;
  for (let j = 0; j < idx.length; j++) s += y[idx[j]];
  return s / idx.length;
}

/** The Workbench's "lenient 1" objective: gain in mean per point removed (or added). */
function lenient1(meanOld: number, nOld: number, meanNew: number, nNew: number): number {
  if (meanOld === meanNew || nOld === nNew) return 0;
  return (meanNew - meanOld) / Math.abs(nOld - nNew);
}

function restrictedCount(limits: readonly [number, number][], initial: readonly [number, number][]): number {
  let c = 0;
  for (let d = 0; d < limits.length; d++) if (limits[d][0] !== initial[d][0] || limits[d][1] !== initial[d][1]) c++;
  return c;
}

function restrictedDims(limits: readonly [number, number][], initial: readonly [number, number][]): number[] {
  const out: number[] = [];
  for (let d = 0; d < limits.length; d++) if (limits[d][0] !== initial[d][0] || limits[d][1] !== initial[d][1]) out.push(d);
  return out;
}

function filter(idx: Int32Array, keep: (i: number) => boolean): Int32Array {
  const out = new Int32Array(idx.length);
  let m = 0;
  for (let j = 0; j < idx.length; j++) if (keep(idx[j])) out[m++] = idx[j];
  return out.subarray(0, m);
}

/** Points of `all` inside `limits` on the dimensions `dims`. */
function inBox(data: PrimData, all: Int32Array, limits: readonly [number, number][], dims: readonly number[]): Int32Array {
  return filter(all, (i) => {
    for (const d of dims) {
      const v = data.x[d][i];
      if (v < limits[d][0] || v > limits[d][1]) return false;
    }
    return true;
  });
}

/** Better candidate first: larger objective, then fewer restricted dimensions; earlier ones win ties. */
function best(cands: Candidate[]): Candidate | null {
  let top: Candidate | null = null;
  for (const c of cands) if (!top || c.objective > top.objective || (c.objective === top.objective && c.restricted < top.restricted)) top = c;
  return top;
}

function peelCandidates(data: PrimData, dims: readonly PrimDimension[], inside: Int32Array, limits: [number, number][], initial: [number, number][], alpha: number, meanOld: number): Candidate[] {
  const out: Candidate[] = [];
  const values = new Float64Array(inside.length);
  for (let d = 0; d < dims.length; d++) {
    const col = data.x[d];
    for (let j = 0; j < inside.length; j++) values[j] = col[inside[j]];
    const sorted = values.slice().sort();
    if (sorted[0] === sorted[sorted.length - 1]) continue; // nothing to peel in this dimension
    for (const side of ['high', 'low'] as const) {
      let keep: (i: number) => boolean;
      let limit: number;
      if (!dims[d].integer) {
        limit = tieAwareQuantile(sorted, side === 'high' ? 1 - alpha : alpha);
        keep = side === 'high' ? (i) => col[i] <= limit : (i) => col[i] >= limit;
      } else {
        // Whole values: cut at the quantile's whole part, or at least one value off the end.
        const cut = Math.trunc(tieAwareQuantile(sorted, side === 'high' ? 1 - alpha : alpha));
        const [lo, hi] = limits[d];
        if (side === 'low') keep = cut <= lo ? (i) => col[i] > lo : (i) => col[i] >= cut;
        else keep = cut >= hi ? (i) => col[i] < hi : (i) => col[i] <= cut;
        limit = NaN;
      }
      const kept = filter(inside, keep);
      if (kept.length === 0 || kept.length === inside.length) continue;
      if (Number.isNaN(limit)) {
        limit = side === 'low' ? Infinity : -Infinity;
        for (let j = 0; j < kept.length; j++) limit = side === 'low' ? Math.min(limit, col[kept[j]]) : Math.max(limit, col[kept[j]]);
      }
      const next = limits.map((l) => [l[0], l[1]] as [number, number]);
      next[d][side === 'low' ? 0 : 1] = limit;
      out.push({ limits: next, inside: kept, objective: lenient1(meanOld, inside.length, meanOf(data.y, kept), kept.length), restricted: restrictedCount(next, initial) });
    }
  }
  return out;
}

function pasteCandidates(data: PrimData, dims: readonly PrimDimension[], all: Int32Array, inside: Int32Array, limits: [number, number][], initial: [number, number][], alpha: number, meanOld: number): Candidate[] {
  const out: Candidate[] = [];
  const res = restrictedDims(limits, initial);
  for (const d of res) {
    for (const side of ['low', 'high'] as const) {
      if (limits[d][side === 'low' ? 0 : 1] === initial[d][side === 'low' ? 0 : 1]) continue;
      // Points inside the box on the other dimensions, beyond this side.
      const strip = limits.map((l) => [l[0], l[1]] as [number, number]);
      strip[d] = side === 'low' ? [initial[d][0], limits[d][0]] : [limits[d][1], initial[d][1]];
      const beyond = inBox(data, all, strip, res);
      let limit: number;
      if (beyond.length === 0) limit = initial[d][side === 'low' ? 0 : 1];
      else {
        const sorted = Float64Array.from(beyond, (i) => data.x[d][i]).sort();
        limit = tieAwareQuantile(sorted, side === 'low' ? 1 - alpha : alpha);
      }
      if (dims[d].integer) limit = Math.trunc(limit);
      const next = limits.map((l) => [l[0], l[1]] as [number, number]);
      next[d][side === 'low' ? 0 : 1] = side === 'low' ? Math.min(limit, limits[d][0]) : Math.max(limit, limits[d][1]);
      const kept = inBox(data, all, next, res);
      out.push({ limits: next, inside: kept, objective: lenient1(meanOld, inside.length, meanOf(data.y, kept), kept.length), restricted: restrictedCount(next, initial) });
    }
  }
  return out;
}

function quasiP(data: PrimData, all: Int32Array, box: { limits: [number, number][]; n: number; k: number }, initial: [number, number][], res: readonly number[]): Record<number, [number | null, number | null]> {
  const out: Record<number, [number | null, number | null]> = {};
  for (const d of res) {
    const sides: [number | null, number | null] = [null, null];
    for (const s of [0, 1] as const) {
      if (box.limits[d][s] === initial[d][s]) continue;
      const wider = box.limits.map((l) => [l[0], l[1]] as [number, number]);
      wider[d][s] = initial[d][s];
      const pts = inBox(data, all, wider, res);
      let h = 0;
      for (let j = 0; j < pts.length; j++) h += data.y[pts[j]];
      sides[s] = binomialUpperTail(box.k, box.n, pts.length > 0 ? h / pts.length : 0);
    }
    out[d] = sides;
  }
  return out;
}

/** One PRIM box search (peel, then paste) with its whole trajectory. */
export function prim(data: PrimData, dims: readonly PrimDimension[], options: PrimOptions = PRIM_DEFAULTS): PrimResult {
  const N = data.y.length;
  if (dims.length !== data.x.length) throw new Error('prim: one dimension description per column');
  const all: Int32Array = Int32Array.from({ length: N }, (_, i) => i);
  const initial: [number, number][] = data.x.map((col) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of col) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return [lo, hi];
  });
  let cases = 0;
  for (const v of data.y) cases += v;
  const trajectory: PrimBox[] = [];
  const record = (limits: [number, number][], inside: Int32Array, step: PrimBox['step']) => {
    let k = 0;
    for (let j = 0; j < inside.length; j++) k += data.y[inside[j]];
    const restricted = restrictedDims(limits, initial);
    const box = { limits, n: inside.length, k };
    trajectory.push({
      id: trajectory.length,
      limits,
      n: inside.length,
      k,
      coverage: cases > 0 ? k / cases : 0,
      density: inside.length > 0 ? k / inside.length : 0,
      mass: inside.length / N,
      restricted,
      qp: quasiP(data, all, box, initial, restricted),
      step,
    });
  };
  let limits = initial.map((l) => [l[0], l[1]] as [number, number]);
  let inside: Int32Array = all;
  record(limits, inside, 'start');
  if (N === 0) return { initial, trajectory, cases, points: N };

  // Peel.
  for (;;) {
    const meanOld = meanOf(data.y, inside);
    const c = best(peelCandidates(data, dims, inside, limits, initial, options.peelAlpha, meanOld));
    if (!c || !(c.inside.length / N >= options.massMin && c.inside.length < inside.length && c.objective > 0)) break;
    limits = c.limits;
    inside = c.inside;
    record(limits, inside, 'peel');
  }
  // Paste.
  for (;;) {
    const meanOld = meanOf(data.y, inside);
    const c = best(pasteCandidates(data, dims, all, inside, limits, initial, options.pasteAlpha, meanOld));
    if (!c || !(c.inside.length / N >= options.massMin && c.inside.length > inside.length && c.objective > 0 && meanOf(data.y, c.inside) > meanOld)) break;
    limits = c.limits;
    inside = c.inside;
    record(limits, inside, 'paste');
  }
  return { initial, trajectory, cases, points: N };
}

/**
 * Drop a box's insignificant restrictions one at a time, the one with the largest quasi-p-value
 * first (as the Workbench's `drop_restriction` does by hand), recomputing the box's points and
 * quasi-p-values after each drop, until every restriction left has qp ≤ 0.05. Each box on the
 * way is appended to the trajectory (step 'drop'); returns the last, or null when no
 * restriction is left.
 */
export function pruneBox(data: PrimData, r: PrimResult, box: PrimBox): PrimBox | null {
  const all: Int32Array = Int32Array.from({ length: data.y.length }, (_, i) => i);
  let current = box;
  while (current.restricted.length > 0 && worstQp(current) > QP_SIGNIFICANT) {
    let drop = current.restricted[0];
    let worst = -1;
    for (const d of current.restricted) {
      const [lo, hi] = current.qp[d];
      const q = Math.max(lo ?? 0, hi ?? 0);
      if (q > worst) [worst, drop] = [q, d];
    }
    const limits = current.limits.map((l) => [l[0], l[1]] as [number, number]);
    limits[drop] = [r.initial[drop][0], r.initial[drop][1]];
    const restricted = restrictedDims(limits, r.initial);
    const inside = inBox(data, all, limits, restricted);
    let k = 0;
    for (let j = 0; j < inside.length; j++) k += data.y[inside[j]];
    current = {
      id: r.trajectory.length,
      limits,
      n: inside.length,
      k,
      coverage: r.cases > 0 ? k / r.cases : 0,
      density: inside.length > 0 ? k / inside.length : 0,
      mass: inside.length / r.points,
      restricted,
      qp: quasiP(data, all, { limits, n: inside.length, k }, r.initial, restricted),
      step: 'drop',
    };
    r.trajectory.push(current);
  }
  return current.restricted.length > 0 ? current : null;
}

/** Significance level under which a restriction counts as significant (Bryant & Lempert use 0.05). */
export const QP_SIGNIFICANT = 0.05;

/** The largest quasi-p-value of a box's restricted sides (its weakest restriction). */
export function worstQp(box: PrimBox): number {
  let worst = 0;
  for (const [lo, hi] of Object.values(box.qp)) worst = Math.max(worst, lo ?? 0, hi ?? 0);
  return worst;
}

export type BoxChoice = { by: 'index'; index: number } | { by: 'minDensity'; density: number } | { by: 'balance' };

/**
 * The box to report from a trajectory. `index`: that box. `minDensity`: the one with the most
 * coverage among those at least that dense. `balance` (the default): among the boxes whose
 * every restriction is significant (quasi-p ≤ 0.05; all restricting boxes when none is), the one
 * with the best harmonic mean of coverage and density — neither a box that holds nearly every
 * case but is barely denser than the data, nor a pure but tiny one (when it has insignificant
 * restrictions, discovery.ts prunes them with pruneBox). Null when nothing fits.
 */
export function chooseBox(r: PrimResult, choice: BoxChoice = { by: 'balance' }): PrimBox | null {
  const t = r.trajectory;
  if (choice.by === 'index') return t[choice.index] ?? null;
  const restricting = t.filter((b) => b.restricted.length > 0);
  if (choice.by === 'minDensity') {
    const dense = restricting.filter((b) => b.density >= choice.density);
    return dense.length > 0 ? dense.reduce((a, b) => (b.coverage > a.coverage ? b : a)) : null;
  }
  const significant = restricting.filter((b) => worstQp(b) <= QP_SIGNIFICANT);
  const pool = significant.length > 0 ? significant : restricting;
  const f = (b: PrimBox) => (b.coverage + b.density > 0 ? (2 * b.coverage * b.density) / (b.coverage + b.density) : 0);
  return pool.length > 0 ? pool.reduce((a, b) => (f(b) > f(a) ? b : a)) : null;
}

export interface Stability {
  dimension: number;
  /** Share of reruns whose box closest in coverage restricts the dimension. */
  coverage: number;
  /** Share of reruns whose box closest in density restricts it. */
  density: number;
}

/** PRIM on `iterations` random subsets of `share` of the points; how often each dimension comes back. */
export function resampleStability(data: PrimData, dims: readonly PrimDimension[], chosen: Pick<PrimBox, 'coverage' | 'density'>, rng: () => number, iterations = 10, share = 0.5, options: PrimOptions = PRIM_DEFAULTS): Stability[] {
  const N = data.y.length;
  const size = Math.floor(N * share);
  const counts = dims.map(() => ({ coverage: 0, density: 0 }));
  for (let it = 0; it < iterations; it++) {
    const pick = permutation(rng, N).slice(0, size).sort((a, b) => a - b);
    const sub: PrimData = { x: data.x.map((col) => Float64Array.from(pick, (i) => col[i])), y: Uint8Array.from(pick, (i) => data.y[i]) };
    const r = prim(sub, dims, options);
    // Nearest in one measure; among boxes equally near (noise-free data keeps coverage at 1 for a while), nearest in the other.
    const nearest = (key: 'coverage' | 'density') => {
      const other = key === 'coverage' ? 'density' : 'coverage';
      const gap = (b: PrimBox) => [Math.abs(b[key] - chosen[key]), Math.abs(b[other] - chosen[other])];
      return r.trajectory.reduce((a, b) => {
        const [ga, ha] = gap(a);
        const [gb, hb] = gap(b);
        return gb < ga || (gb === ga && hb < ha) ? b : a;
      });
    };
    for (const d of nearest('coverage').restricted) counts[d].coverage++;
    for (const d of nearest('density').restricted) counts[d].density++;
  }
  return counts.map((c, d) => ({ dimension: d, coverage: c.coverage / iterations, density: c.density / iterations }));
}
