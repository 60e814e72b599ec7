/**
 * Contract terms. How it acts: a contract runs `lengthYears`; at its end the buyer evaluates it
 * and may renew it with the same provider up to `maxRenewals` times (renewal needs a passing
 * score, see evaluation). One-year contracts mean a new tender, and a new cash and staffing
 * shock, every year; multi-year contracts give providers a horizon (004, risk 2). The buyer may
 * also cut a running project short (a one-year project cut to six months, 004 risk 2).
 */
import { z } from 'zod';
import { count, fromYear, share } from '../scenario/param.ts';

export const contractsSchema = z.strictObject({
  fromYear: fromYear(),
  lengthYears: count(1, {
    doc: 'Length of a purchase contract in years.',
    source: 'assumption: one-year contracts are the norm (004, risk 2)',
    range: [1, 3],
  }, 10, 1),
  maxRenewals: count(2, {
    doc: 'How many times a contract may be renewed without a new tender.',
    range: [0, 5],
  }, 20),
  midTermCutProbability: share(0, {
    doc: 'Probability that the buyer cuts a new contract to half its length (004, risk 2).',
    range: [0, 0.3],
  }),
});
export type ContractsPolicy = z.output<typeof contractsSchema>;

/** Months a contract signed under these terms lasts (after a possible cut). */
export function contractMonths(p: ContractsPolicy, cut: boolean): number {
  const months = 12 * Math.max(1, p.lengthYears);
  return cut ? Math.max(1, Math.floor(months / 2)) : months;
}
