/**
 * Relief of committees (减负): administrative tasks taken off neighbourhood committees (a
 * committee carries 130+ tasks, 000), done instead by the street's own staff or by purchased
 * services. How it acts: a committee relieved of `share` of its administrative load has more time
 * for residents (its monthly service rate rises) and counts the relief against what it lost
 * (lower resistance): offloading work is what can turn committees into allies. The street pays
 * for it from its relief budget line.
 */
import { z } from 'zod';
import { amount, flag, fromYear, share } from '../scenario/param.ts';

export const reliefSchema = z.strictObject({
  enabled: flag(false, { doc: 'Whether administrative tasks are taken off committees.' }),
  fromYear: fromYear(),
  share: share(0.3, { doc: 'Share of a committee’s administrative load taken off it.', source: '000 (a committee carries 130+ tasks); value an assumption', range: [0.1, 0.6] }),
  serviceGain: share(0.5, { doc: 'Rise of a committee’s service rate per unit of relief share (time freed for residents).', range: [0, 1] }),
  resistanceRelief: share(0.5, { doc: 'Loss offset per unit of relief share (work taken off weighs against work lost).', range: [0, 1] }),
  costPerCommitteePerYear: amount(30000, { doc: 'What taking the whole administrative load off one committee costs the street a year (yuan); the cost scales with share.', source: 'assumption: about one administrative post', range: [10000, 100000] }),
});
export type ReliefPolicy = z.output<typeof reliefSchema>;

/** A committee's service rate with relief. */
export function relievedServiceRate(base: number, p: ReliefPolicy | null): number {
  return p ? Math.min(1, base * (1 + p.serviceGain * p.share)) : base;
}

/** The part of a committee's loss relief offsets. */
export function reliefOffset(p: ReliefPolicy | null): number {
  return p ? p.resistanceRelief * p.share : 0;
}
