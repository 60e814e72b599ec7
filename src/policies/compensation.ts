/**
 * Incumbent compensation. How it acts: committees and agencies that lose functions and money
 * push back (000: Xixiang's committee lost visitors; three Jiangxi poverty offices resisted NGO
 * projects). Compensation makes good `share` of the service money a committee lost (budget
 * kept), reassigns `staffReassigned` of the staff posts it lost, and may give it a new role
 * (coordination, referral) that offsets part of the functions lost and makes it send residents
 * on to providers. Each part offsets the matching part of the committee's loss
 * (agents/incumbentCommittee.ts); the money — budget kept and reassigned posts — is paid by the
 * street from its compensation budget line.
 */
import { z } from 'zod';
import { flag, fromYear, share } from '../scenario/param.ts';

export const compensationSchema = z.strictObject({
  enabled: flag(false, { doc: 'Whether incumbents are compensated for transferred functions.' }),
  fromYear: fromYear(),
  share: share(0.5, { doc: 'Share of the funds a committee loses with its functions that is made good (budget kept); lost posts and standing are staffReassigned’s and newRole’s.', range: [0, 1] }),
  newRole: flag(true, { doc: 'Incumbents get a coordination and referral role.', source: 'MODEL.md (new role: coordination, referral)' }),
  newRoleRelief: share(0.15, { doc: 'Resistance relief from a new role, in units of lost share.', range: [0, 0.3] }),
  staffReassigned: share(0.3, { doc: 'Share of the staff posts a committee lost that are reassigned to new posts.', range: [0, 1] }),
  newRoleReferralBoost: share(0.5, { doc: 'Rise of a committee’s referral probability from a new coordination and referral role.', range: [0, 0.6] }),
});
export type CompensationPolicy = z.output<typeof compensationSchema>;

/** Probability that a committee with resistance `resistance` refers a resident it no longer serves to a provider. */
export function referralProbability(base: number, resistance: number, p: CompensationPolicy | null): number {
  const role = p && p.newRole ? p.newRoleReferralBoost : 0;
  return Math.min(1, (base + role) * (1 - resistance));
}
