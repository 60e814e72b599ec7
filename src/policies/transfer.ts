/**
 * Transfer of functions from incumbents to purchase (职能转移). How it acts: each year the
 * government tries to move a further share of the transferable functions (community × domain
 * in its catalogue) out of committees until `targetShare` is reached (Shenzhen: 60 of 87 items,
 * 69%, 004). A resisting committee may block an attempt; it is retried next year. A phased
 * transfer with a deadline (暂时保留、限时转移, 001) forces the rest through in the deadline year.
 * The money the committee spent on a transferred function follows it into the purchase budget,
 * in part (`fundsFollowShare`; 004 risk 4 is the case where little of it does), for the share of
 * the function purchase replaces (1 − `newMoneyShare`); the rest of purchase is new money on top
 * of the committee's work.
 */
import { z } from 'zod';
import { amount, flag, fromYear, share } from '../scenario/param.ts';

export const transferSchema = z.strictObject({
  enabled: flag(true, { doc: 'Whether functions are transferred to purchase at all.' }),
  fromYear: fromYear(),
  targetShare: share(0.7, {
    doc: 'Share of transferable functions to transfer in the end.',
    source: 'Shenzhen 2009–10: 60 of 87 items transferred (69%) (004)',
    range: [0.2, 1],
  }),
  perYear: share(0.25, { doc: 'Share of transferable functions attempted each year.', range: [0.05, 0.5] }),
  deadlineYear: z
    .number()
    .int()
    .min(0)
    .max(200)
    .nullable()
    .default(null)
    .meta({ description: 'Run year by which every targeted transfer is forced through (null = no deadline).', source: '001 (phased transfer with a deadline)' }),
  fundsFollowShare: share(0.5, {
    doc: 'Share of a transferred function’s former in-house spending that moves to the purchase budget (low = duty transferred without resources).',
    source: '004, risk 4 (transferring duty without resources); value an assumption',
    range: [0, 1],
  }),
  newMoneyShare: share(0.5, {
    doc: 'ν: share of purchased service that is new capacity on top of the committee’s work; the rest takes over the committee’s function and its staff time. A committee keeps serving ν of a transferred function’s needs, and loses 1 − ν of its staff posts for it; money follows only the replaced part.',
    source: 'Guangzhou’s family centres, funded at ¥2M per street a year (FACTS.md, outside, secondary), taken as new money (an assumption: no source says whether they added to or replaced committees’ work); Xitun’s elder care replaced in-house staff (003); default an assumption',
    range: [0, 1],
  }),
  settledShare: share(0, {
    doc: 'Share of transferable functions that had left committees long before the run starts: the status quo committees have adapted to. Only transfers beyond it count as their loss (reference-dependent loss); a run that starts in a steady state (every function already with organizations) sets it to its targetShare. No function starts transferred: the run’s first transfers catch up with it.',
    source: 'assumption; loss counted from the status quo (prospect theory’s reference point)',
    range: [0, 1],
  }),
  blockFactor: amount(0.8, {
    doc: 'Probability of blocking a transfer at full resistance and no political will.',
    range: [0.4, 1],
  }, 1),
});
export type TransferPolicy = z.output<typeof transferSchema>;

/** Probability that a committee with resistance `r` blocks a transfer this year. */
export function blockProbability(r: number, politicalWill: number, p: TransferPolicy, runYear: number): number {
  if (p.deadlineYear !== null && runYear >= p.deadlineYear) return 0;
  return Math.min(1, p.blockFactor * r * (1 - politicalWill));
}
