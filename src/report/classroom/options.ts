/**
 * The policy options a classroom pack puts side by side, as data: each is a list of scenario
 * overrides applied on top of the place's own scenario (the status quo has none). Their names
 * and descriptions are in texts.ts.
 */
import { getPath } from '../../scenario/paths.ts';
import type { Scenario } from '../../scenario/schema.ts';

export const OPTION_IDS = ['statusQuo', 'advanceIncubator', 'compensationEvaluation'] as const;
export type OptionId = (typeof OPTION_IDS)[number];

export interface PolicyOption {
  id: OptionId;
  /** Dotted scenario path → value, applied like `--set path=value`. */
  sets: Readonly<Record<string, unknown>>;
}

export const OPTIONS: readonly PolicyOption[] = [
  { id: 'statusQuo', sets: {} },
  {
    // Pay half and more up front and the rest promptly, so that small providers need not front
    // the cost of service (004, risk 4); run an incubator with more places (003: Xitun).
    id: 'advanceIncubator',
    sets: {
      'policies.payments.advanceShare': 0.6,
      'policies.payments.delayMonths': 1,
      'policies.incubator.enabled': true,
      'policies.incubator.slots': 15,
    },
  },
  {
    // Make good most of what committees lose, give them a referral role (000: Xixiang), and let
    // an independent evaluator and disclosure limit insiders' advantage (004, risk 5).
    id: 'compensationEvaluation',
    sets: {
      'policies.compensation.enabled': true,
      'policies.compensation.share': 0.6,
      'policies.evaluation.mode': 'thirdParty',
      'policies.bidding.transparency': 0.8,
    },
  },
];

/** An option's overrides as `path=value` texts (values as JSON, which YAML reads back). */
export function optionSets(option: PolicyOption): string[] {
  return Object.entries(option.sets).map(([path, value]) => `${path}=${JSON.stringify(value)}`);
}

export interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

/** What an option actually changes in a scenario (overrides equal to the current value are left out). */
export function changesOf(option: PolicyOption, base: Scenario): Change[] {
  return Object.entries(option.sets)
    .map(([path, after]) => ({ path, before: getPath(base, path), after }))
    .filter((c) => JSON.stringify(c.before) !== JSON.stringify(c.after));
}
