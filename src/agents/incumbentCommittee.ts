/**
 * Incumbent committees (居委会) — and, through them, the agencies (事业单位, 扶贫办) that hold
 * service functions and budgets. A committee holds every transferable function of its community
 * until it is transferred. What it loses drives its resistance R ∈ [0, 1]:
 *   loss = wF·(functions lost) + wM·(money that followed them) + wS·(staff posts lost),
 * where functions lost is the share transferred, felt in part (lossVisitorsWeight) only as far
 * as its residents in those functions have actually gone over to organizations (visitors lost:
 * residents' choices, providers' capacity and its own referrals decide it; 000, Xixiang), money
 * the part of the share transferred whose funds moved
 * (fundsFollowShare) and posts the part purchase took over rather than added to (1 − ν,
 * policies/transfer.ts); compensation makes good part of the money and posts and a new role part
 * of the functions; relief (减负) of administrative tasks weighs against the rest;
 *   R ← R + γ·max(0, loss − offsets) − δ·R          (MODEL.md, "What incumbents lose").
 * Resistance shows as blocked transfers (transfer.ts), insiders favoured in awards (bidding),
 * withheld cooperation (lower delivered quality) and complaints upward; a committee with little
 * resistance is an ally: it refers residents to providers and helps them deliver.
 */
import type { CompensationPolicy } from '../policies/compensation.ts';
import type { ReliefPolicy } from '../policies/relief.ts';
import { reliefOffset } from '../policies/relief.ts';
import type { RandomStream } from '../engine/rng.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Committee } from '../state/committee.ts';
import type { World } from '../state/world.ts';
import { startAsDoubles } from '../engine/shapes.ts';
export type { Committee } from '../state/committee.ts';

export function createCommittee(community: number, street: number, initialResistance: number): Committee {
  const committee = { community, street, transferable: 0, transferred: 0, transferredSpending: 0, visitorsLost: 0, resistance: initialResistance, cooperation: 1 };
  return startAsDoubles(committee, ['transferredSpending', 'visitorsLost', 'resistance', 'cooperation']);
}

export function lostShare(c: Committee): number {
  return c.transferable > 0 ? c.transferred / c.transferable : 0;
}

/** The parts of a committee's loss, each 0–1, before any offset. */
export interface Loss {
  functions: number;
  funds: number;
  staff: number;
}

export function lossOf(c: Committee, s: Scenario): Loss {
  // Functions that left before the run are the status quo, not a loss: only the share beyond
  // policies.transfer.settledShare counts, relative to what the committee still held then.
  const settled = s.policies.transfer.settledShare;
  const transferred = settled >= 1 ? 0 : Math.max(0, lostShare(c) - settled) / (1 - settled);
  // A function on paper weighs less while its residents still come to the committee.
  const felt = 1 - s.committees.lossVisitorsWeight * (1 - c.visitorsLost);
  const replaced = 1 - s.policies.transfer.newMoneyShare;
  return { functions: transferred * felt, funds: transferred * replaced * s.policies.transfer.fundsFollowShare, staff: transferred * replaced };
}

/**
 * The loss that drives resistance: the weighted parts, less what compensation makes good
 * (money kept, posts reassigned, a new role) and what relief takes off; never below 0.
 */
export function resistanceDrive(loss: Loss, s: Scenario, compensation: CompensationPolicy | null, relief: ReliefPolicy | null): number {
  const p = s.committees;
  const total = p.lossFunctionsWeight + p.lossFundsWeight + p.lossStaffWeight;
  if (total <= 0) return 0;
  const role = compensation && compensation.newRole && loss.functions > 0 ? compensation.newRoleRelief : 0;
  const functions = Math.max(0, loss.functions - role);
  const funds = loss.funds * (1 - (compensation ? compensation.share : 0));
  const staff = loss.staff * (1 - (compensation ? compensation.staffReassigned : 0));
  const weighted = (p.lossFunctionsWeight * functions + p.lossFundsWeight * funds + p.lossStaffWeight * staff) / total;
  return Math.max(0, weighted - reliefOffset(relief));
}

/** What compensation pays a committee a month: the money kept and the posts reassigned (yuan). */
export function compensationCost(c: Committee, s: Scenario, compensation: CompensationPolicy | null): number {
  if (!compensation) return 0;
  const replaced = c.transferredSpending * (1 - s.policies.transfer.newMoneyShare);
  return replaced * (compensation.share * s.policies.transfer.fundsFollowShare + compensation.staffReassigned);
}

/**
 * One month of an incumbent's reaction. Returns the complaints it files upward. `lostVisits` and
 * `keptVisits` are this month's needs in its transferred functions that organizations served and
 * that it (or the street in-house) served; `politicalWill` of its street government damps
 * withheld cooperation.
 */
export function committeeMonth(c: Committee, s: Scenario, compensation: CompensationPolicy | null, relief: ReliefPolicy | null, politicalWill: number, lostVisits: number, keptVisits: number, rng: RandomStream): number {
  const p = s.committees;
  const visits = lostVisits + keptVisits;
  if (visits > 0) c.visitorsLost += (lostVisits / visits - c.visitorsLost) / p.visitorsMemoryMonths;
  const drive = resistanceDrive(lossOf(c, s), s, compensation, relief);
  const r = c.resistance + p.resistanceGain * drive - p.resistanceDecay * c.resistance;
  c.resistance = Math.min(1, Math.max(0, r));
  const help = p.allyThreshold > 0 && c.resistance < p.allyThreshold ? p.helpBonus * (1 - c.resistance / p.allyThreshold) : 0;
  c.cooperation = 1 - p.withholdFactor * c.resistance * (1 - politicalWill) + help;
  return rng.poisson(c.resistance * p.complaintsPerMonth);
}

/** Mean resistance of the committees in each street. */
export function streetResistance(w: World): Float64Array {
  const out = new Float64Array(w.streetCount);
  const n = new Float64Array(w.streetCount);
  for (const c of w.committees) {
    out[c.street] += c.resistance;
    n[c.street]++;
  }
  for (let st = 0; st < w.streetCount; st++) out[st] = n[st] > 0 ? out[st] / n[st] : 0;
  return out;
}
