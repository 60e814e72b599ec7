/**
 * Incumbent compensation. How it acts: committees and agencies that lose functions and money
 * push back (000: Xixiang's committee lost visitors; three Jiangxi poverty offices resisted NGO
 * projects). Resistance rises with the share of resources lost minus what is compensated; a
 * new role (coordination, referral) and reassigning their staff lower it, and a committee with
 * a referral role sends residents on to the providers instead of turning them away.
 */
import { z } from 'zod';
import { flag, fromYear, share } from '../scenario/param.ts';

export const compensationSchema = z.strictObject({
  enabled: flag(false, { doc: 'Whether incumbents are compensated for transferred functions.' }),
  fromYear: fromYear(),
  share: share(0.5, { doc: 'Share of lost resources made good (budget kept, new tasks).', range: [0, 1] }),
  newRole: flag(true, { doc: 'Incumbents get a coordination and referral role.', source: 'MODEL.md (new role: coordination, referral)' }),
  newRoleRelief: share(0.15, { doc: 'Resistance relief from a new role, in units of lost share.', range: [0, 0.3] }),
  staffReassigned: share(0.3, { doc: 'Share of incumbent staff reassigned to new posts (lowers resistance alike).', range: [0, 1] }),
});
export type CompensationPolicy = z.output<typeof compensationSchema>;

/** How much of a lost share `loss` is offset, in the same units (0 when the lever is off). */
export function compensationOffset(loss: number, p: CompensationPolicy | null): number {
  if (!p) return 0;
  const offset = loss * (p.share + (1 - p.share) * p.staffReassigned) + (p.newRole && loss > 0 ? p.newRoleRelief : 0);
  return Math.min(loss, offset);
}

/** Probability that a committee refers a resident it no longer serves to a provider. */
export function referralProbability(base: number, p: CompensationPolicy | null): number {
  return p && p.newRole ? Math.min(1, base + 0.5) : base;
}
