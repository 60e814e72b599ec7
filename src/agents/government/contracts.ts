/**
 * Contracts: signing (the provider takes on the work and its posts; any advance is paid), paying,
 * the monthly acceptance of service, and the closing of contracts whose term is over.
 *
 * Closing happens at the start of the month after the last month of service, before that
 * month's service and before any purchase round: the buyer evaluates the contract, and renews it
 * (starting that same month) or lets the lot go to the round. Contracts run whole years from the
 * month the money arrives, so a lot re-tendered at the round is served again that month:
 * service and purchase carry on across the budget year without a gap, as procurement calendars
 * arrange, unless a contract was cut or terminated mid-term.
 */
import type { World } from '../../state/world.ts';
import type { Contract, ContractKind } from '../../state/contract.ts';
import { meanQuality } from '../../state/contract.ts';
import { yearOfMonth } from '../../engine/clock.ts';
import { DOMAIN_COUNT, DOMAINS, lineIndex } from '../domains.ts';
import { streetResistance } from '../incumbentCommittee.ts';
import { orgStaffing } from '../monthServers.ts';
import { capability } from '../socialWorker.ts';
import { exitOrganization } from '../socialOrganization.ts';
import { purchasingStarted, termsFor } from '../../policies/registry.ts';
import { advanceOf, instalmentOf, type PaymentsPolicy } from '../../policies/payments.ts';
import { evaluationScore } from '../../policies/evaluation.ts';
import { insiderPull } from '../../policies/bidding.ts';
import { spend } from './spending.ts';
import { startAsDoubles } from '../../engine/shapes.ts';

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
  /** Voucher scheme (index into w.voucherPools), or -1. */
  pool?: number;
  /** Posts funded (default: what the capacity needs). */
  staffNeeded?: number;
  /** The rest of a lapsed contract's term (not renewed: the lot goes to the next round). */
  stopGap?: boolean;
}

/** Sign a contract starting this month: the provider takes on the work and its posts; any advance is paid. */
export function signContract(w: World, spec: ContractSpec, payments: PaymentsPolicy): Contract {
  const k = w.peoplePerAgent;
  const units = spec.capacity * spec.months * k;
  // Every field written in one fixed order, so all contracts share one shape (the delivery loop
  // reads them millions of times a month).
  const ct: Contract = {
    id: w.contracts.length,
    kind: spec.kind,
    buyer: spec.buyer,
    org: spec.org,
    domain: spec.domain,
    street: spec.street,
    value: spec.value,
    months: spec.months,
    perUnit: spec.perUnit,
    capacity: spec.capacity,
    insiderAward: spec.insiderAward,
    budgetLine: spec.budgetLine,
    renewals: spec.renewals,
    pool: spec.pool ?? -1,
    stopGap: spec.stopGap ?? false,
    unitPrice: units > 0 ? spec.value / units : 0,
    staffNeeded: spec.staffNeeded ?? (spec.capacity * k) / w.scenario.domains[DOMAINS[spec.domain]].unitsPerWorker,
    advance: spec.perUnit ? 0 : advanceOf(spec.value, payments),
    instalment: spec.perUnit ? 0 : instalmentOf(spec.value, spec.months, payments),
    delayMonths: payments.delayMonths,
    startMonth: w.month,
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
  startAsDoubles(ct, ['value', 'unitPrice', 'capacity', 'staffNeeded', 'advance', 'instalment', 'paid', 'capacityLeft', 'unitsDelivered', 'qualitySum']);
  w.contracts.push(ct);
  w.open.push(ct);
  const org = w.orgs[ct.org];
  org.activeContracts++;
  org.everContracted = true;
  org.staffRequired += ct.staffNeeded;
  org.monthsWithoutWork = 0;
  org.volunteerCapacityLeft = 0; // a group that takes a contract hires staff: no longer a volunteer group
  if (ct.advance > 0) pay(w, ct, ct.advance);
  w.providersDirty = true;
  return ct;
}

/** Move money from a government (or the lottery fund) to a provider, on both books. */
export function pay(w: World, ct: Contract, amount: number): void {
  const org = w.orgs[ct.org];
  org.cash += amount;
  org.moneyThisMonth += amount;
  ct.paid += amount;
  if (ct.kind === 'contract') {
    org.incomeContracts += amount;
    w.ledger.contracts += amount;
  } else {
    org.incomeGrants += amount;
    w.ledger.pilots += amount;
    spend(w, 'pilots', amount);
  }
}

/**
 * Acceptance (monthly, after service): every running contract completes a month of service,
 * the buyer books its cost and the in-house value of what was delivered, and a contract
 * failing its mid-term review is terminated at once.
 */
export function contractsMonth(w: World): void {
  const s = w.scenario;
  const k = w.peoplePerAgent;
  const evaluation = termsFor(s.policies, 'evaluation', yearOfMonth(w.month));
  const inHouse = new Float64Array(DOMAIN_COUNT);
  for (let d = 0; d < DOMAIN_COUNT; d++) inHouse[d] = w.unitCost[d] * s.governments.inHouseCostRatio * k;
  for (const pool of w.voucherPools) if (pool.lastMonth > w.month) pool.capacityLeft += pool.capacity;
  const openNow = w.open.length;
  for (let i = 0; i < openNow; i++) {
    const ct = w.open[i];
    if (!ct.active || ct.servedMonths >= ct.months) continue;
    const units = ct.unitsByMonth[ct.servedMonths];
    const cost = ct.perUnit ? units * ct.unitPrice * k : ct.value / ct.months;
    w.counters.purchaseCostAccrued += cost;
    const buyer = w.governments[ct.buyer];
    buyer.yearPurchaseCost += cost;
    buyer.yearInHouseValue += units * inHouse[ct.domain];
    ct.servedMonths++;
    // A contract buys a volume of service over its term: capacity unused this month carries over,
    // capacity overdrawn by a whole need is made good (see hasCapacity in agents/resident.ts).
    // Units never exceed capacity × months, so per-unit payments never exceed the contract's value.
    ct.capacityLeft += ct.pool >= 0 ? voucherThroughput(w, ct) : ct.capacity;
    if (ct.pool >= 0) followChoices(w, ct, units);
    // Mid-term review: a contract delivering failing quality is terminated (assumption: the
    // buyer checks once, half-way through; with no service delivered there is nothing to judge).
    const midTerm = ct.servedMonths === Math.floor(ct.months / 2) && ct.unitsDelivered > 0 && ct.servedMonths < ct.months;
    if (midTerm && meanQuality(ct) < evaluation.failThreshold) {
      w.counters.terminations++;
      closeContract(w, ct, true);
    }
  }
}

/**
 * Needs a voucher provider can take next month: what its staff can serve (at least one post's
 * worth, so a provider residents start to choose can grow), the scheme's budget permitting.
 */
function voucherThroughput(w: World, ct: Contract): number {
  const org = w.orgs[ct.org];
  const perWorker = w.scenario.domains[DOMAINS[ct.domain]].unitsPerWorker / w.peoplePerAgent;
  return Math.max(1, org.staff) * perWorker;
}

/** A voucher provider's posts follow the residents who chose it (a three-month moving average, with room to grow). */
function followChoices(w: World, ct: Contract, units: number): void {
  const perWorker = w.scenario.domains[DOMAINS[ct.domain]].unitsPerWorker / w.peoplePerAgent;
  const wanted = Math.max(1, ((units + 1) / perWorker) * 1.2);
  const next = ct.staffNeeded + (wanted - ct.staffNeeded) / 3;
  w.orgs[ct.org].staffRequired += next - ct.staffNeeded;
  ct.staffNeeded = next;
}

/** At the start of a month: contracts whose term ended last month are evaluated, then renewed or ended. */
export function closeContracts(w: World): void {
  const openNow = w.open.length;
  for (let i = 0; i < openNow; i++) {
    const ct = w.open[i];
    if (ct.active && ct.servedMonths >= ct.months) closeContract(w, ct, false);
  }
}

/**
 * A contract ends, at its term or terminated at its mid-term review: the evaluation sets the
 * provider's reputation, may close it after repeated failures, may renew the contract, and — for
 * pilots — may grow a regular budget line.
 */
function closeContract(w: World, ct: Contract, terminated: boolean): void {
  const s = w.scenario;
  const year = yearOfMonth(w.month);
  const evaluation = termsFor(s.policies, 'evaluation', year);
  ct.active = false;
  ct.endedMonth = w.month;
  w.providersDirty = true;
  const org = w.orgs[ct.org];
  org.activeContracts--;
  org.staffRequired = Math.max(0, org.staffRequired - ct.staffNeeded);
  // A filed group whose only contract ended serves as volunteers again once its staff are gone.
  if (org.status !== 'registered' && org.activeContracts === 0) w.volunteersDirty = true;
  if (!org.alive) return;
  const pull = insiderPull(streetResistance(w)[ct.street], s.policies.bidding, evaluation.mode === 'self');
  const rng = w.streams.evaluation;
  const score = evaluationScore(evaluatedQuality(w, ct), org.insider, pull, evaluation, () => rng.normal());
  const buyer = w.governments[ct.buyer];
  buyer.yearScoreSum += score;
  buyer.yearScores++;
  org.reputation = (1 - evaluation.reputationWeight) * org.reputation + evaluation.reputationWeight * score;
  if (score < evaluation.failThreshold) {
    org.evaluationFailures++;
    org.lastFailureMonth = w.month;
    if (org.evaluationFailures >= evaluation.closeAfterFailures) {
      exitOrganization(w, org, 'closed');
      return;
    }
  }
  // A contract ended at its mid-term review is not renewed, whatever the final score.
  const passed = score >= evaluation.renewThreshold && !terminated;
  if (ct.kind === 'pilot') {
    pilotEvaluated(w, ct, passed);
    return;
  }
  const terms = termsFor(s.policies, 'contracts', year);
  const line = lineIndex(ct.street, ct.domain);
  const stillBought = w.buyerOf[line] === ct.buyer || buyer.budgetLines.has(line);
  // Voucher schemes are re-run at the round, so every provider may enrol again.
  if (passed && ct.pool < 0 && !ct.stopGap && ct.renewals < terms.maxRenewals && stillBought && purchasingStarted(s.policies, year)) {
    const payments = termsFor(s.policies, 'payments', year);
    signContract(w, { kind: 'contract', buyer: ct.buyer, org: ct.org, domain: ct.domain, street: ct.street, value: ct.value, months: ct.months, perUnit: ct.perUnit, capacity: ct.capacity, insiderAward: ct.insiderAward, budgetLine: ct.budgetLine, renewals: ct.renewals + 1 }, payments);
  }
}

/**
 * The quality an evaluator sees: what was delivered, plus one pseudo-service at the quality the
 * provider could deliver now (capability × staffing × the street's cooperation). With hundreds
 * of services the pseudo-service does not matter; with none — a small lot at a coarse agent
 * scale, where a single agent stands for many people — it keeps the verdict from resting on
 * chance.
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
  const fit = org.domain === ct.domain ? 1 : w.scenario.organizations.offDomainQuality;
  const potential = Math.min(1, fit * capability(org, w.scenario.labour) * orgStaffing(org) * (n > 0 ? cooperation / n : 1));
  return (ct.qualitySum + potential) / (ct.unitsDelivered + 1);
}

/**
 * A pilot passed or failed its evaluation; enough passing years make it a line of the street's
 * regular budget, unless the lines grown from pilots would take more than their cap.
 */
function pilotEvaluated(w: World, ct: Contract, passed: boolean): void {
  const line = lineIndex(ct.street, ct.domain);
  const p = w.scenario.policies.seedFund;
  if (!passed) {
    w.pilotPasses.delete(line);
    return;
  }
  const passes = (w.pilotPasses.get(line) ?? 0) + 1;
  if (passes < p.maturationYears) {
    w.pilotPasses.set(line, passes);
    return;
  }
  w.pilotPasses.delete(line);
  const street = w.governments.find((g) => g.level === 'street' && g.streets[0] === ct.street)!;
  const yearly = (ct.value * 12) / ct.months;
  let lines = 0;
  for (const v of street.budgetLines.values()) lines += v;
  const budget = w.scenario.governments.street.budgetPerCapita * street.people;
  if (lines + yearly <= p.budgetLineCapShare * budget) street.budgetLines.set(line, yearly);
}
