/**
 * Which worlds a session simulates, and the runs that take them there. Pure.
 *
 * A world is named by its whole history: the scenario and code (the session's base), then each
 * round's package and length, hashed into a key. Two groups with the same history share one
 * world (and its runs): in round 1 every group that submits the status quo, in every round the
 * status quo itself. Each world is run over the session's seeds; round r of a world continues
 * the world of round r − 1 with the same seed, so all groups start from the same state and the
 * same random histories, and each next round goes on from where the group's world stood.
 */
import { createHash } from 'node:crypto';
import type { RoundJob } from './job.ts';
import type { PackageValues } from './levers.ts';
import { STATUS_QUO } from './arms.ts';
import { effectivePackage, teamNumbers, type Session } from './session.ts';

export { STATUS_QUO };

export interface World {
  /** STATUS_QUO or a team number. */
  arm: number;
  round: number;
  key: string;
  parent: string | null;
  /** The package in effect (every lever). */
  values: PackageValues;
  /**
   * What the round changes: the levers whose value differs from the arm's package of the round
   * before (the status quo's for round 1). Levers a group leaves alone are not touched, so the
   * place's own schedule still acts on them; the status quo changes nothing.
   */
  edit: PackageValues;
  months: number;
  /** Why it is simulated: the package in effect, or (role mode) a draft the table is discussing. */
  kind: 'effective' | 'draft';
}

export function hashKey(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 20);
}

/** A package as hashed: its entries sorted by path. */
const canonical = (values: PackageValues) => Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1));

/** The entries of `next` that differ from `previous`. */
export function editOf(next: PackageValues, previous: PackageValues): PackageValues {
  const out: PackageValues = {};
  for (const [path, value] of Object.entries(next)) if (previous[path] !== value) out[path] = value;
  return out;
}

export const worldKey = (parent: string, values: PackageValues, months: number) => hashKey([parent, canonical(values), months]);

/** The key every history starts from: the scenario (text and overrides) and the code. */
export const baseKey = (s: Session) => hashKey(['govbuy-classroom', s.scenario.sha256, s.scenario.sets, s.sourceHash]);

export interface Plan {
  /** The warm-up world (null without a warm-up). */
  warmup: World | null;
  /** Per round (index 0 = round 1): the worlds simulated in it, status quo first. */
  rounds: World[][];
}

/** Every world of the session so far. */
export function planWorlds(s: Session, baseline: PackageValues): Plan {
  const base = baseKey(s);
  const warmup: World | null =
    s.warmupYears > 0 ? { arm: STATUS_QUO, round: 0, key: worldKey(base, baseline, 12 * s.warmupYears), parent: null, values: baseline, edit: {}, months: 12 * s.warmupYears, kind: 'effective' } : null;
  // Where each arm's world stands before the round: the key it hashes from, the checkpoint it
  // continues (null: the scenario's first month) and its package so far.
  interface At {
    key: string;
    parent: string | null;
    values: PackageValues;
  }
  const start: At = { key: warmup?.key ?? base, parent: warmup ? warmup.key : null, values: baseline };
  const before = new Map<number, At>([[STATUS_QUO, start], ...teamNumbers(s).map((t) => [t, start] as const)]);
  const rounds: World[][] = [];
  for (const round of s.rounds) {
    const months = 12 * round.years;
    const worlds: World[] = [];
    const add = (arm: number, values: PackageValues, kind: World['kind']) => {
      const from = before.get(arm)!;
      const world: World = { arm, round: round.number, key: worldKey(from.key, values, months), parent: from.parent, values, edit: editOf(values, from.values), months, kind };
      worlds.push(world);
      return world;
    };
    const next = new Map<number, At>();
    const sq = add(STATUS_QUO, baseline, 'effective');
    next.set(STATUS_QUO, { key: sq.key, parent: sq.key, values: baseline });
    for (const team of teamNumbers(s)) {
      const values = effectivePackage(s, team, round.number, baseline);
      const draft = round.teams[team]?.draft;
      let effective: World | undefined;
      if (values) {
        effective = add(team, values, 'effective');
        next.set(team, { key: effective.key, parent: effective.key, values });
      }
      if (draft && round.status === 'open' && worldKey(before.get(team)!.key, draft.values, months) !== effective?.key) add(team, draft.values, 'draft');
    }
    rounds.push(worlds);
    for (const [arm, at] of next) before.set(arm, at);
  }
  return { warmup, rounds };
}

/**
 * The runs that simulate `worlds` over `seeds`: one job per distinct world and seed, in order
 * (the warm-up, then round by round, status quo first), so a world's parent comes before it.
 */
export function jobsOf(plan: Plan, seeds: readonly number[]): RoundJob[] {
  const jobs: RoundJob[] = [];
  const seen = new Set<string>();
  const worlds = [...(plan.warmup ? [plan.warmup] : []), ...plan.rounds.flat()];
  for (const w of worlds) {
    if (seen.has(w.key)) continue;
    seen.add(w.key);
    for (const seed of seeds) jobs.push({ key: w.key, seed, parent: w.parent, values: w.edit, months: w.months, round: w.round });
  }
  return jobs;
}

export const seedsOf = (s: Session) => Array.from({ length: s.settings.seeds }, (_, i) => s.settings.firstSeed + i);
