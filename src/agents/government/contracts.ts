/**
 * Contracts: signing (the provider takes on the work; any advance is paid), paying, and the
 * monthly acceptance that evaluates finished contracts, renews them or lets them end.
 */
import type { World } from '../../state/world.ts';
import type { Contract, ContractKind } from '../../state/contract.ts';
import { meanQuality } from '../../state/contract.ts';
import { yearOfMonth } from '../../engine/clock.ts';
import { DOMAINS, lineIndex, OFF_DOMAIN_QUALITY } from '../domains.ts';
import { streetResistance } from '../incumbentCommittee.ts';
import { orgStaffing } from '../resident.ts';
import { exitOrganization } from '../socialOrganization.ts';
import { purchasingStarted, termsFor } from '../../policies/registry.ts';
import { advanceOf, instalmentOf, type PaymentsPolicy } from '../../policies/payments.ts';
import { evaluationScore } from '../../policies/evaluation.ts';
import { insiderPull } from '../../policies/bidding.ts';

export interface ContractSpec {
  kind: ContractKind;
  buyer: number;
  org: number;
  domain: number;
  street: number;
  value: number;
  months: number;
  perUnit: boolean;
  capacity: number;
  insiderAward: boolean;
  budgetLine: boolean;
  renewals: number;
  /** First month of service (default: this month). */
  startMonth?: number;
}

/** Sign a contract: the provider takes on the work and its staff needs; any advance is paid. */
export function signContract(w: World, spec: ContractSpec, payments: PaymentsPolicy): Contract {
  const k = w.peoplePerAgent;
  const units = spec.capacity * spec.months * k;
  const ct: Contract = {
    id: w.contracts.length,
    ...spec,
    unitPrice: units > 0 ? spec.value / units : 0,
    staffNeeded: (spec.capacity * k) / w.scenario.domains[DOMAINS[spec.domain]].unitsPerWorker,
    advance: spec.perUnit ? 0 : advanceOf(spec.value, payments),
    instalment: spec.perUnit ? 0 : instalmentOf(spec.value, spec.months, payments),
    delayMonths: payments.delayMonths,
    startMonth: spec.startMonth ?? w.month,
    active: true,
    endedMonth: -1,
    servedMonths: 0,
    settledMonths: 0,
    unitsByMonth: new Float64Array(spec.months),
    extraDelay: 0,
    paid: 0,
    capacityLeft: spec.capacity,
    unitsDelivered: 0,
    qualitySum: 0,
  };
  w.contracts.push(ct);
  w.open.push(ct);
  const org = w.orgs[ct.org];
  org.activeContracts++;
  org.everContracted = true;
  org.staffRequired += ct.staffNeeded;
  org.monthsWithoutWork = 0;
  if (ct.advance > 0) pay(w, ct, ct.advance);
  w.providersDirty = true;
  return ct;
}

/** Move money from a government (or the lottery fund) to a provider, on both books. */
export function pay(w: World, ct: Contract, amount: number): void {
  const org = w.orgs[ct.org];
  org.cash += amount;
  ct.paid += amount;
  if (ct.kind === 'contract') {
    org.incomeContracts += amount;
    w.ledger.contracts += amount;
  } else {
    org.incomeGrants += amount;
    w.ledger.pilots += amount;
  }
}

/**
 * Acceptance (monthly): every running contract completes a month of service; a finished one is
 * evaluated, which sets the provider's reputation, may renew it, and — for pilots — may grow a
 * regular budget line.
 */
export function contractsMonth(w: World): void {
  const s = w.scenario;
  const k = w.peoplePerAgent;
  const year = yearOfMonth(w.month);
  const evaluation = termsFor(s.policies, 'evaluation', year);
  const resistance = streetResistance(w);
  // Renewals signed below join w.open; they start next month, so the loop stops at today's end.
  const openNow = w.open.length;
  for (let i = 0; i < openNow; i++) {
    const ct = w.open[i];
    if (!ct.active) continue;
    w.counters.purchaseCostAccrued += ct.perUnit ? ct.unitsByMonth[ct.servedMonths] * ct.unitPrice * k : ct.value / ct.months;
    ct.servedMonths++;
    // A contract buys a volume of service over its term: capacity unused this month carries over,
    // capacity overdrawn by a whole need is made good (see hasCapacity in agents/resident.ts).
    // Units never exceed capacity × months, so per-unit payments never exceed the contract's value.
    ct.capacityLeft += ct.capacity;
    // Mid-term review: a contract delivering failing quality is terminated (assumption: the
    // buyer checks once, half-way through; with no service delivered there is nothing to judge).
    const midTerm = ct.servedMonths === Math.floor(ct.months / 2) && ct.unitsDelivered > 0;
    const terminated = midTerm && meanQuality(ct) < evaluation.failThreshold;
    if (ct.servedMonths < ct.months && !terminated) continue;
    ct.active = false;
    ct.endedMonth = w.month;
    w.providersDirty = true;
    const org = w.orgs[ct.org];
    org.activeContracts--;
    org.staffRequired = Math.max(0, org.staffRequired - ct.staffNeeded);
    if (!org.alive) continue;
    if (terminated) w.counters.terminations++;
    const pull = insiderPull(resistance[ct.street], s.policies.bidding, evaluation.mode === 'self');
    const rng = w.streams.evaluation;
    const score = evaluationScore(evaluatedQuality(w, ct), org.insider, pull, evaluation, () => rng.normal());
    org.reputation = 0.3 * org.reputation + 0.7 * score;
    if (score < evaluation.failThreshold) {
      org.evaluationFailures++;
      org.lastFailureMonth = w.month;
      if (org.evaluationFailures >= evaluation.closeAfterFailures) {
        exitOrganization(w, org, 'closed');
        continue;
      }
    }
    // A contract ended at its mid-term review is not renewed, whatever the final score.
    const passed = score >= evaluation.renewThreshold && !terminated;
    if (ct.kind === 'pilot') {
      pilotEvaluated(w, ct, passed);
      continue;
    }
    const terms = termsFor(s.policies, 'contracts', year);
    const stillBought = w.buyerOf[lineIndex(ct.street, ct.domain)] === ct.buyer || w.governments[ct.buyer].budgetLines.has(lineIndex(ct.street, ct.domain));
    if (passed && ct.renewals < terms.maxRenewals && stillBought && purchasingStarted(s.policies, year)) {
      const payments = termsFor(s.policies, 'payments', year);
      const renewal = { kind: 'contract', buyer: ct.buyer, org: ct.org, domain: ct.domain, street: ct.street, value: ct.value, months: ct.months, perUnit: ct.perUnit, capacity: ct.capacity, insiderAward: ct.insiderAward, budgetLine: ct.budgetLine, renewals: ct.renewals + 1 } as const;
      signContract(w, { ...renewal, startMonth: w.month + 1 }, payments);
    }
  }
}

/**
 * The quality an evaluator sees: what was delivered, plus one pseudo-service at the quality the
 * provider could deliver now (skill × staffing × the street's cooperation). With hundreds of
 * services the pseudo-service does not matter; with none — a small lot at a coarse agent scale,
 * where a single agent stands for many people — it keeps the verdict from resting on chance.
 */
function evaluatedQuality(w: World, ct: Contract): number {
  const org = w.orgs[ct.org];
  let cooperation = 0;
  let n = 0;
  for (const c of w.committees)
    if (c.street === ct.street) {
      cooperation += c.cooperation;
      n++;
    }
  const fit = org.domain === ct.domain ? 1 : OFF_DOMAIN_QUALITY;
  const potential = fit * org.skill * orgStaffing(org) * (n > 0 ? cooperation / n : 1);
  return (ct.qualitySum + potential) / (ct.unitsDelivered + 1);
}

/** A pilot passed or failed its evaluation; enough passing years make it a budget line. */
function pilotEvaluated(w: World, ct: Contract, passed: boolean): void {
  const line = lineIndex(ct.street, ct.domain);
  const p = w.scenario.policies.seedFund;
  if (!passed) {
    w.pilotPasses.delete(line);
    return;
  }
  const passes = (w.pilotPasses.get(line) ?? 0) + 1;
  if (passes >= p.maturationYears) {
    w.pilotPasses.delete(line);
    const street = w.governments.find((g) => g.level === 'street' && g.streets[0] === ct.street)!;
    street.budgetLines.set(line, (ct.value * 12) / ct.months);
  } else w.pilotPasses.set(line, passes);
}
