/**
 * The board: every group's outcomes in every round with 95% intervals over the seeds, the
 * difference from the status quo, and the ranking under the weights the teacher announced.
 * Pure: the session's plan and the finished runs in, plain data out (views.ts sends it, the
 * pages draw it, the debrief prints it).
 *
 * - Intervals are Student-t intervals of the mean over seeds (n ≥ 2).
 * - Differences are paired by seed: a group's world and the status quo share their seeds
 *   (common random numbers), so the per-seed differences are far less noisy than two
 *   independent means; a difference is clear when its interval excludes 0.
 * - Score: each criterion's means over the arms of a round are scaled to 0–1 (best 1; all
 *   equal: 0.5), and the score is their weighted mean; criteria with weight 0, or with no value,
 *   do not count. Groups are ranked by score; the status quo is scored for reference, not ranked.
 */
import { ci95, pairedDiff } from '../metrics/statistics.ts';
import { ROLE_OUTCOMES, type RoleId } from '../report/classroom/texts.ts';
import { OUTCOMES, type OutcomeId } from '../report/classroom/outcomes.ts';
import { CRITERIA, CRITERION_DEFS, type Criterion, type Weights } from './criteria.ts';
import type { RunRecord } from './job.ts';
import type { PackageValues } from './levers.ts';
import { STATUS_QUO, type Plan, type World } from './plan.ts';
import { runId } from './store.ts';

export interface Stat {
  mean: number;
  lo: number;
  hi: number;
  n: number;
}

export interface Diff {
  diff: number;
  lo: number;
  hi: number;
  n: number;
  clear: boolean;
}

export interface ArmResult {
  /** STATUS_QUO (0) or a team number. */
  arm: number;
  values: PackageValues;
  /** Runs finished, of `seeds`. */
  done: number;
  failed: string | null;
  outcomes: Record<Criterion, Stat | null>;
  /** Difference from the status quo (null for the status quo itself). */
  diff: Record<Criterion, Diff | null> | null;
  score: number | null;
  /** 1 = best; null for the status quo and for groups without results. */
  rank: number | null;
}

export interface BoardRound {
  number: number;
  years: number;
  startYear: number;
  status: 'open' | 'closed';
  /** Status quo first, then the teams with a package in effect. */
  arms: ArmResult[];
  /** Teams still without a package in this open round. */
  waiting: number[];
  complete: boolean;
}

export interface Board {
  seeds: number;
  weights: Weights;
  rounds: BoardRound[];
}

/** Where a criterion's values can lie: shares and indices in [0, 1], money not below 0. */
function bounds(c: Criterion): [number, number] {
  const kind = CRITERION_DEFS[c].kind;
  return kind === 'share' || kind === 'index' ? [0, 1] : kind === 'money' ? [0, Infinity] : [-Infinity, Infinity];
}

/** Mean and 95% interval, the interval cut to where the criterion can lie. */
function statOf(xs: number[], c?: Criterion): Stat | null {
  if (xs.length === 0) return null;
  const s = ci95(xs);
  if (!c) return s;
  const [lo, hi] = bounds(c);
  return { ...s, lo: Math.max(lo, s.lo), hi: Math.min(hi, s.hi) };
}

function diffOf(a: Map<number, number>, b: Map<number, number>): Diff | null {
  const pa: number[] = [];
  const pb: number[] = [];
  for (const [seed, x] of a) {
    const y = b.get(seed);
    if (y !== undefined) {
      pa.push(x);
      pb.push(y);
    }
  }
  if (pa.length === 0) return null;
  const d = pairedDiff(pa, pb);
  const clear = pa.length >= 2 && (d.lo === d.hi ? d.mean !== 0 : d.lo > 0 || d.hi < 0);
  return { diff: d.mean, lo: d.lo, hi: d.hi, n: pa.length, clear };
}

export type Records = ReadonlyMap<string, RunRecord>;

/** A world's measure by seed, over the runs finished so far. */
function bySeed(records: Records, key: string, seeds: readonly number[], pick: (r: RunRecord) => number | null): Map<number, number> {
  const out = new Map<number, number>();
  for (const seed of seeds) {
    const r = records.get(runId(key, seed));
    const v = r ? pick(r) : null;
    if (v !== null && Number.isFinite(v)) out.set(seed, v);
  }
  return out;
}

/** Scores of arms (in order) from their criteria means and the weights. */
export function scores(means: readonly Partial<Record<Criterion, number | null>>[], weights: Weights): (number | null)[] {
  const scaled = means.map(() => ({ sum: 0, weight: 0 }));
  for (const c of CRITERIA) {
    const w = weights[c];
    if (!(w > 0)) continue;
    const xs = means.map((m) => m[c]).filter((x): x is number => typeof x === 'number');
    if (xs.length === 0) continue;
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    means.forEach((m, i) => {
      const x = m[c];
      if (typeof x !== 'number') return;
      let s = hi > lo ? (x - lo) / (hi - lo) : 0.5;
      if (CRITERION_DEFS[c].better === 'lower') s = 1 - s;
      scaled[i].sum += w * s;
      scaled[i].weight += w;
    });
  }
  return scaled.map((s) => (s.weight > 0 ? s.sum / s.weight : null));
}

/** Ranks (1 = highest score; equal scores share a rank) of the non-null scores. */
export function ranks(values: readonly (number | null)[]): (number | null)[] {
  return values.map((v) => (v === null ? null : 1 + values.filter((o) => o !== null && o > v + 1e-12).length));
}

export interface BoardInput {
  plan: Plan;
  records: Records;
  failures: ReadonlyMap<string, string>;
  seeds: readonly number[];
  weights: Weights;
  teams: readonly number[];
  rounds: readonly { number: number; years: number; startMonth: number; status: 'open' | 'closed' }[];
  startYear: number;
}

function armResult(world: World, input: BoardInput, sq: World): ArmResult {
  const { records, seeds } = input;
  const done = seeds.filter((seed) => records.has(runId(world.key, seed))).length;
  const failed = seeds.map((seed) => input.failures.get(runId(world.key, seed))).find((f) => f !== undefined) ?? null;
  const outcomes = {} as Record<Criterion, Stat | null>;
  const diff = {} as Record<Criterion, Diff | null>;
  for (const c of CRITERIA) {
    const mine = bySeed(records, world.key, seeds, (r) => r.measures[c]);
    outcomes[c] = statOf([...mine.values()], c);
    diff[c] = world.arm === STATUS_QUO ? null : diffOf(mine, bySeed(records, sq.key, seeds, (r) => r.measures[c]));
  }
  return { arm: world.arm, values: world.values, done, failed, outcomes, diff: world.arm === STATUS_QUO ? null : diff, score: null, rank: null };
}

export function buildBoard(input: BoardInput): Board {
  const rounds: BoardRound[] = input.rounds.map((round, i) => {
    const worlds = input.plan.rounds[i] ?? [];
    const sq = worlds.find((w) => w.arm === STATUS_QUO)!;
    const effective = worlds.filter((w) => w.kind === 'effective');
    const arms = effective.map((w) => armResult(w, input, sq));
    const s = scores(arms.map((a) => Object.fromEntries(CRITERIA.map((c) => [c, a.outcomes[c]?.mean ?? null]))), input.weights);
    const teamScores = arms.map((a, k) => (a.arm === STATUS_QUO ? null : s[k]));
    const r = ranks(teamScores);
    arms.forEach((a, k) => {
      a.score = s[k];
      a.rank = r[k];
    });
    const withPackage = new Set(effective.map((w) => w.arm));
    return {
      number: round.number,
      years: round.years,
      startYear: input.startYear + Math.floor(round.startMonth / 12),
      status: round.status,
      arms,
      waiting: input.teams.filter((t) => !withPackage.has(t)),
      complete: round.status === 'closed' && arms.every((a) => a.done === input.seeds.length),
    };
  });
  return { seeds: input.seeds.length, weights: input.weights, rounds };
}

export interface RoleFigure {
  id: OutcomeId;
  value: Stat | null;
  statusQuo: Stat | null;
  diff: Diff | null;
}

/** A role figure's mean and interval, cut as the classroom pack cuts them (nothing but money below 0, shares up to 1). */
function figureStat(id: OutcomeId, xs: number[]): Stat | null {
  const s = statOf(xs);
  if (!s) return s;
  const kind = OUTCOMES[id].kind;
  return { ...s, lo: kind === 'money' ? s.lo : Math.max(0, s.lo), hi: kind === 'share' ? Math.min(1, s.hi) : s.hi };
}

/** The figures of one role's brief (texts.ts ROLE_OUTCOMES) for a world, against the status quo. */
export function roleFigures(role: RoleId, world: World, sq: World, records: Records, seeds: readonly number[]): RoleFigure[] {
  return ROLE_OUTCOMES[role].map((id) => {
    const mine = bySeed(records, world.key, seeds, (r) => r.figures[id]);
    const base = bySeed(records, sq.key, seeds, (r) => r.figures[id]);
    return { id, value: figureStat(id, [...mine.values()]), statusQuo: figureStat(id, [...base.values()]), diff: diffOf(mine, base) };
  });
}

