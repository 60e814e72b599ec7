/**
 * Payment terms (预付 vs 垫付). How it acts: a share of a contract's value is paid when the
 * contract starts (advance); the rest is paid in equal monthly instalments, each `delayMonths`
 * after the month of service it pays for. Providers pay staff every month, so with a delay they
 * front the money: a contract of value V lasting L months needs about V·(1−a)·d/L of working
 * capital, and the gap grows with every contract won (004, risk 4). When staff costs are not
 * allowed, the contract covers only the non-staff part of the cost and the provider pays its
 * staff from its own cash (004, risk 4: projects that forbid staff costs).
 */
import { z } from 'zod';
import { count, flag, fromYear, share } from '../scenario/param.ts';

export const paymentsSchema = z.strictObject({
  fromYear: fromYear(),
  advanceShare: share(0.3, {
    doc: 'Share of the contract value paid at contract start (0 = pure reimbursement, 垫付).',
    source: 'assumption: a first instalment on signing is common, the rest is fronted by the provider (004, risk 4)',
    range: [0, 1],
  }),
  delayMonths: count(3, {
    doc: 'Months between a month of service and the instalment that pays for it.',
    source: 'assumption; 41% of US providers paid late, 20–24% 61–90 days late (FACTS.md, outside)',
    range: [0, 12],
  }, 36),
  staffCostsAllowed: flag(true, {
    doc: 'Whether the contract may pay staff costs; if not, providers pay staff from their own cash.',
    source: '004, risk 4',
  }),
  staffCostShare: share(0.7, {
    doc: 'Share of a service’s cost that is staff pay (dropped from the contract when staff costs are not allowed).',
    range: [0.5, 0.85],
  }),
  extraDelayProbability: share(0, {
    doc: 'Monthly probability that a due instalment slips one more month (breaking the schedule, 004 risk 1).',
    range: [0, 0.3],
  }),
});
export type PaymentsPolicy = z.output<typeof paymentsSchema>;

/** Contract value the buyer offers for a service whose full cost estimate is `costEstimate`. */
export function offeredValue(costEstimate: number, p: PaymentsPolicy): number {
  return p.staffCostsAllowed ? costEstimate : costEstimate * (1 - p.staffCostShare);
}

/** Paid on signing. */
export function advanceOf(value: number, p: PaymentsPolicy): number {
  return value * p.advanceShare;
}

/** Paid for each month of service, `delayMonths` later. */
export function instalmentOf(value: number, months: number, p: PaymentsPolicy): number {
  return (value * (1 - p.advanceShare)) / months;
}
