/**
 * The policy levers, in one table. Two kinds:
 * - switch levers act only when `enabled` and from `fromYear` on (incubator, seed money,
 *   compensation, training, publicity, transfer of functions, pay standard, relief; bidding's
 *   fromYear is the first year anything is purchased);
 * - registration is a regime, not a switch: dual management until `directFromYear`;
 * - term levers (payments, evaluation, contracts) always apply; their configured terms hold for
 *   contracts signed from `fromYear`, the schema defaults before it.
 * Any field can also change at a given year through the scenario's `schedule`.
 */
import { z } from 'zod';
import { biddingSchema } from './bidding.ts';
import { compensationSchema } from './compensation.ts';
import { contractsSchema } from './contracts.ts';
import { evaluationSchema } from './evaluation.ts';
import { incubatorSchema } from './incubator.ts';
import { payStandardSchema } from './payStandard.ts';
import { paymentsSchema } from './payments.ts';
import { publicitySchema } from './publicity.ts';
import { registrationSchema } from './registration.ts';
import { reliefSchema } from './relief.ts';
import { seedFundSchema } from './seedFund.ts';
import { trainingSchema } from './training.ts';
import { transferSchema } from './transfer.ts';

export const policiesSchema = z.strictObject({
  bidding: biddingSchema.prefault({}),
  payments: paymentsSchema.prefault({}),
  incubator: incubatorSchema.prefault({}),
  seedFund: seedFundSchema.prefault({}),
  evaluation: evaluationSchema.prefault({}),
  compensation: compensationSchema.prefault({}),
  contracts: contractsSchema.prefault({}),
  transfer: transferSchema.prefault({}),
  training: trainingSchema.prefault({}),
  publicity: publicitySchema.prefault({}),
  payStandard: payStandardSchema.prefault({}),
  relief: reliefSchema.prefault({}),
  registration: registrationSchema.prefault({}),
});
export type Policies = z.output<typeof policiesSchema>;
export type LeverName = keyof Policies;

type SwitchLever = 'incubator' | 'seedFund' | 'compensation' | 'training' | 'publicity' | 'transfer' | 'payStandard' | 'relief';
type TermLever = 'payments' | 'evaluation' | 'contracts';

/** Defaults of every lever, for term levers before their fromYear. */
export const DEFAULT_POLICIES: Policies = policiesSchema.parse({});

/** A switch lever's settings if it acts in run year `year`, else null. */
export function switchLever<K extends SwitchLever>(policies: Policies, name: K, year: number): Policies[K] | null {
  const lever = policies[name];
  return lever.enabled && year >= lever.fromYear ? lever : null;
}

/** A term lever's settings for contracts signed in run year `year`. */
export function termsFor<K extends TermLever>(policies: Policies, name: K, year: number): Policies[K] {
  const lever = policies[name];
  return year >= lever.fromYear ? lever : DEFAULT_POLICIES[name];
}

/** Whether purchasing has started by run year `year`. */
export function purchasingStarted(policies: Policies, year: number): boolean {
  return year >= policies.bidding.fromYear;
}
