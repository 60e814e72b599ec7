/**
 * Incumbent committees (居委会) — and, through them, the agencies (事业单位, 扶贫办) that hold
 * service functions and budgets. A committee holds every transferable function of its community
 * until it is transferred; the share it has lost, less what is compensated, drives its
 * resistance R ∈ [0, 1]: R ← R + γ·(loss − compensation) − δ·R (MODEL.md). Resistance shows as
 * blocked transfers (government phase), insiders favoured in awards (bidding), withheld
 * cooperation (lower delivered quality, below) and complaints upward.
 */
import type { CompensationPolicy } from '../policies/compensation.ts';
import { compensationOffset } from '../policies/compensation.ts';
import type { RandomStream } from '../engine/rng.ts';
import type { Committee } from '../state/committee.ts';
import type { World } from '../state/world.ts';
export type { Committee } from '../state/committee.ts';

export interface CommitteeParams {
  resistanceGain: number;
  resistanceDecay: number;
  withholdFactor: number;
  complaintsPerMonth: number;
}

export function createCommittee(community: number, street: number, initialResistance: number): Committee {
  return { community, street, transferable: 0, transferred: 0, resistance: initialResistance, cooperation: 1 };
}

export function lostShare(c: Committee): number {
  return c.transferable > 0 ? c.transferred / c.transferable : 0;
}

/**
 * One month of an incumbent's reaction. Returns the complaints it files upward.
 * `politicalWill` of its street government damps withheld cooperation.
 */
export function committeeMonth(
  c: Committee,
  p: CommitteeParams,
  compensation: CompensationPolicy | null,
  politicalWill: number,
  rng: RandomStream,
): number {
  const loss = lostShare(c);
  const drive = loss - compensationOffset(loss, compensation);
  const r = c.resistance + p.resistanceGain * drive - p.resistanceDecay * c.resistance;
  c.resistance = Math.min(1, Math.max(0, r));
  c.cooperation = 1 - p.withholdFactor * c.resistance * (1 - politicalWill);
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
