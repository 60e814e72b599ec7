/**
 * Governments (政府 / 购买主体) at city, district and street level. Each has an annual budget, a
 * purchase share, political will and a catalogue of domains it buys; it buys them for the streets
 * under it. The yearly cycle follows the six steps of 002 (design, cost, review, procure,
 * contract, accept): procurementYear below; payments and acceptance run monthly.
 */
import type { World } from '../model/world.ts';
import { yearOfMonth } from '../engine/clock.ts';
import { DOMAIN_COUNT, DOMAINS, lineIndex, OFF_DOMAIN_QUALITY, sameFamily } from './domains.ts';
import { meanQuality, type Contract, type ContractKind } from './contract.ts';
import { orgStaffing } from './resident.ts';
import { addOrganization, foundingCash, exitOrganization, type Organization } from './socialOrganization.ts';
import { purchasingStarted, switchLever, termsFor } from '../policies/registry.ts';
import { advanceOf, instalmentOf, offeredValue, type PaymentsPolicy } from '../policies/payments.ts';
import { contractMonths } from '../policies/contracts.ts';
import { evaluationScore } from '../policies/evaluation.ts';
import { blockProbability } from '../policies/transfer.ts';
import { insiderPull, isEligible, paysPerUnit, pickWinner, type Bid, type BiddingPolicy } from '../policies/bidding.ts';
import { trainedWorkers } from '../policies/training.ts';
export const LEVELS = ['city', 'district', 'street'] as const;
export type Level = (typeof LEVELS)[number];

export interface Government {
  readonly id: number;
  readonly level: Level;
  readonly name: string;
  /** Streets it buys for. */
  readonly streets: readonly number[];
  /** People living in its area. */
  readonly people: number;
  budget: number;
  purchaseBudget: number;
  politicalWill: number;
  /** 1 where it buys the domain. */
  readonly catalogue: Uint8Array;
  /** Regular budget lines grown from matured pilots: street·D + domain → annual value. */
  readonly budgetLines: Map<number, number>;
}

// ── Behaviour ────────────────────────────────────────────────────────────────

/** Step 1 of the year: budgets from spending per resident and the purchase share. */
export function budgetYear(w: World): void {
  for (const g of w.governments) {
    const level = w.scenario.governments[g.level];
    g.budget = level.budgetPerCapita * g.people;
    g.purchaseBudget = g.budget * level.purchaseShare;
  }
  const training = switchLever(w.scenario.policies, 'training', yearOfMonth(w.month));
  if (training) w.staffPool += trainedWorkers(w.totalPeople, training);
}

/** Mean resistance of the committees in each street. */
export function streetResistance(w: World): Float64Array {
  const out = new Float64Array(w.streetCount);
  const n = new Float64Array(w.streetCount);
  for (const c of w.committees) {
    out[c.street] += c.resistance;
    n[c.street]++;
  }
  for (let st = 0; st < w.streetCount; st++) out[st] = n[st] > 0 ? out[st] / n[st] : 0;
  return out;
}

/**
 * Transfer of functions (transfer lever): the government tries to move a further share of the
 * transferable functions out of committees; a resisting committee may block an attempt. When a
 * function leaves, a resisting incumbent may set up its own affiliated provider to win it back.
 */
export function transferYear(w: World): void {
  const s = w.scenario;
  const year = yearOfMonth(w.month);
  const p = switchLever(s.policies, 'transfer', year);
  // Which cells are transferable follows the current catalogues.
  const candidates: number[] = [];
  let transferable = 0;
  let transferred = 0;
  // Counted over the functions transferable now, so a shrinking catalogue never makes the lost
  // share exceed 1; a function that has left a committee does not come back.
  for (const c of w.committees) {
    c.transferable = 0;
    c.transferred = 0;
    for (let d = 0; d < DOMAIN_COUNT; d++) {
      if (w.buyerOf[lineIndex(c.street, d)] < 0) continue;
      c.transferable++;
      transferable++;
      const cell = c.community * DOMAIN_COUNT + d;
      if (w.transferred[cell]) {
        c.transferred++;
        transferred++;
      } else candidates.push(cell);
    }
  }
  if (!p || !purchasingStarted(s.policies, year)) return;
  const target = Math.round(p.targetShare * transferable);
  // A phased transfer's deadline moves everything still targeted in that year.
  const atDeadline = p.deadlineYear !== null && year >= p.deadlineYear;
  const perYear = atDeadline ? transferable : Math.ceil(p.perYear * transferable);
  const attempts = Math.min(perYear, target - transferred, candidates.length);
  if (attempts <= 0) return;
  const rng = w.streams.transfers;
  rng.shuffle(candidates);
  for (let k = 0; k < attempts; k++) {
    const cell = candidates[k];
    const community = Math.floor(cell / DOMAIN_COUNT);
    const d = cell % DOMAIN_COUNT;
    const committee = w.committees[community];
    const buyer = w.governments[w.buyerOf[lineIndex(committee.street, d)]];
    if (rng.chance(blockProbability(committee.resistance, buyer.politicalWill, p, year))) {
      w.counters.transfersBlocked++;
      continue;
    }
    w.transferred[cell] = 1;
    committee.transferred++;
    w.providersDirty = true;
    if (rng.chance(s.committees.spinOffProbability * committee.resistance)) spinOff(w, committee.street, d);
  }
}

/** An incumbent sets up an affiliated (官办) provider for a domain, unless one exists already. */
function spinOff(w: World, street: number, domain: number): void {
  for (const o of w.orgs) if (o.alive && o.insider && o.street === street && o.domain === domain) return;
  const staff = Math.min(2, Math.max(0, Math.floor(w.staffPool - w.employedStaff)));
  addOrganization(w, {
    type: 'socialOrganization',
    status: 'registered',
    origin: 'affiliated',
    insider: true,
    domain,
    street,
    // Backed by the incumbent's own budget: half a year of costs (assumption).
    cash: foundingCash(w, staff, 6),
    staff,
    members: 3,
    skill: 0.35,
  });
}

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

/** Estimated yearly cost, in yuan, of serving `agents` residents' needs in a domain. */
function yearlyEstimate(w: World, agents: number, domain: number): { capacity: number; cost: number } {
  const capacity = agents * w.scenario.domains[DOMAINS[domain]].needRate;
  return { capacity, cost: 12 * capacity * w.peoplePerAgent * w.unitCost[domain] };
}

interface Lot {
  buyer: number;
  street: number;
  domain: number;
  capacity: number;
  cost: number;
  fromBudgetLine: boolean;
}

/**
 * The yearly purchase round (002's six steps): design lots from transferred functions and budget
 * lines, cost them, review against the budget, procure, contract. Acceptance and payment follow
 * monthly.
 */
export function procurementYear(w: World): void {
  const s = w.scenario;
  const year = yearOfMonth(w.month);
  if (!purchasingStarted(s.policies, year)) return;
  const bidding = s.policies.bidding;
  const payments = termsFor(s.policies, 'payments', year);
  const terms = termsFor(s.policies, 'contracts', year);
  const rng = w.streams.procurement;
  const resistance = streetResistance(w);

  // Design: lots with no running contract; agents in transferred communities per line.
  const covered = new Set<number>();
  const committedByBuyer = new Float64Array(w.governments.length);
  for (const ct of w.open) {
    if (!ct.active || ct.kind !== 'contract') continue;
    if (!ct.budgetLine) committedByBuyer[ct.buyer] += (ct.value * 12) / ct.months;
    covered.add(ct.buyer * w.streetCount * DOMAIN_COUNT + lineIndex(ct.street, ct.domain));
  }
  const agentsTransferred = new Float64Array(w.streetCount * DOMAIN_COUNT);
  const agentsInStreet = new Float64Array(w.streetCount);
  for (let cm = 0; cm < w.communityCount; cm++) {
    const st = w.streetOfCommunity[cm];
    agentsInStreet[st] += w.communityAgents[cm];
    for (let d = 0; d < DOMAIN_COUNT; d++) if (w.transferred[cm * DOMAIN_COUNT + d]) agentsTransferred[lineIndex(st, d)] += w.communityAgents[cm];
  }
  const isCovered = (g: number, line: number) => covered.has(g * w.streetCount * DOMAIN_COUNT + line);

  // Money that followed transferred functions out of the committees (at in-house prices).
  const transfer = s.policies.transfer;
  const freedPerPurchaseYuan = s.committees.serviceRate * s.governments.inHouseCostRatio * transfer.fundsFollowShare;
  const round: Round = { bids: new Map(), failedByStreet: w.failedLotsByStreet.fill(0), byDistrict: Array.from({ length: s.region.districts }, () => []), indexed: 0 };
  for (const g of w.governments) {
    const lots: Lot[] = [];
    let estimate = 0;
    let freed = 0;
    for (const st of g.streets) {
      for (let d = 0; d < DOMAIN_COUNT; d++) {
        const line = lineIndex(st, d);
        if (w.buyerOf[line] === g.id && agentsTransferred[line] > 0)
          freed += yearlyEstimate(w, agentsTransferred[line], d).cost * freedPerPurchaseYuan;
        if (isCovered(g.id, line)) continue;
        const budgetLine = g.budgetLines.get(line);
        if (budgetLine !== undefined) {
          const e = yearlyEstimate(w, agentsInStreet[st], d);
          const scale = Math.min(1, budgetLine / e.cost);
          lots.push({ buyer: g.id, street: st, domain: d, capacity: e.capacity * scale, cost: e.cost * scale, fromBudgetLine: true });
        } else if (w.buyerOf[line] === g.id && agentsTransferred[line] > 0) {
          const e = yearlyEstimate(w, agentsTransferred[line], d);
          lots.push({ buyer: g.id, street: st, domain: d, capacity: e.capacity, cost: e.cost, fromBudgetLine: false });
          estimate += e.cost;
        }
      }
    }
    // Review: regular lots share what is left of the purchase budget.
    const free = Math.max(0, g.purchaseBudget + freed - committedByBuyer[g.id]);
    const funded = estimate > 0 ? Math.min(1, free / estimate) : 0;
    // Lots are tendered in random order, so no lot always meets bidders before they run out of bids.
    rng.shuffle(lots);
    for (const lot of lots) {
      const scale = lot.fromBudgetLine ? 1 : funded;
      const capacity = lot.capacity * scale;
      const minimum = w.scenario.labour.wagePerMonth * 12 * 0.5; // below half a worker-year nobody tenders
      if (lot.cost * scale < minimum) continue;
      tender(w, round, lot, capacity, lot.cost * scale, bidding, payments, contractMonths(terms, rng.chance(terms.midTermCutProbability)), resistance[lot.street], rng);
    }
  }
  if (w.counters.tenders > 0) w.lastBiddersPerTender = w.counters.bidders / w.counters.tenders;
}

/** Can this provider take one more contract? */
function hasRoom(o: Organization, w: World): boolean {
  return o.activeContracts < w.scenario.organizations.maxContracts + Math.floor(o.staff / 10);
}

/** State of one yearly procurement round. */
interface Round {
  /** Bids each provider has made this round (org id → count). */
  bids: Map<number, number>;
  /** Lots per street that found no provider this round (a signal to founders). */
  failedByStreet: Float64Array;
  /**
   * Living providers per district, in id order, so that a tender asks only its district's
   * providers instead of filtering every provider ever founded (a quadratic cost at city scale:
   * tendering took 25 s of an 81 s run at 10 million residents). Organizations founded during
   * the round are appended as they appear; one that dies during it fails the eligibility test.
   */
  byDistrict: Organization[][];
  /** Organizations (w.orgs) already sorted into byDistrict. */
  indexed: number;
}

/** The round's providers of `district`, brought up to date with organizations founded since. */
function districtProviders(w: World, round: Round, district: number): Organization[] {
  const perDistrict = w.scenario.region.streetsPerDistrict;
  for (; round.indexed < w.orgs.length; round.indexed++) {
    const o = w.orgs[round.indexed];
    if (o.alive) round.byDistrict[Math.floor(o.street / perDistrict)].push(o);
  }
  return round.byDistrict[district];
}

function tender(
  w: World,
  round: Round,
  lot: Lot,
  capacity: number,
  yearlyCost: number,
  p: BiddingPolicy,
  payments: PaymentsPolicy,
  months: number,
  streetResistance: number,
  rng: World['streams']['procurement'],
): void {
  const s = w.scenario;
  const cost = (yearlyCost * months) / 12;
  const value = offeredValue(cost * (1 + p.priceCeiling), payments);
  const pull = insiderPull(streetResistance, p, termsFor(s.policies, 'evaluation', yearOfMonth(w.month)).mode === 'self');
  const staffNeeded = (capacity * w.peoplePerAgent) / s.domains[DOMAINS[lot.domain]].unitsPerWorker;
  const providerCost = staffNeeded * s.labour.wagePerMonth * (1 + s.labour.overheadRate) * months;
  w.counters.tenders++;

  // Who is asked: providers of the domain family in the lot's district (bidding is local,
  // assumption), with room for another contract and bids left this round.
  const perDistrict = s.region.streetsPerDistrict;
  const district = Math.floor(lot.street / perDistrict);
  let candidates = districtProviders(w, round, district).filter(
    (o) =>
      sameFamily(o.domain, lot.domain) &&
      (round.bids.get(o.id) ?? 0) < p.maxBidsPerRound &&
      hasRoom(o, w) &&
      isEligible(o, p, w.month, o.lastFailureMonth),
  );
  const rank = (o: Organization) => o.reputation + (o.insider ? p.insiderSteering * pull : 0) + 0.05 * rng.next();
  if (p.method === 'invitedTender' || p.method === 'competitiveNegotiation') {
    candidates = candidates.map((o) => ({ o, r: rank(o) })).sort((a, b) => b.r - a.r || a.o.id - b.o.id).slice(0, p.invitedCount).map((x) => x.o);
  } else if (p.method === 'singleSource' || p.method === 'directGrant') {
    candidates = candidates.map((o) => ({ o, r: rank(o) })).sort((a, b) => b.r - a.r || a.o.id - b.o.id).slice(0, 1).map((x) => x.o);
  }
  if (p.method === 'openTender' && candidates.length < 2 && p.eligibility.providerTypes.includes('socialOrganization')) {
    const outsiders = rng.poisson(p.outsideBidderRate);
    for (let k = 0; k < outsiders; k++) candidates.push(introduce(w, lot, staffNeeded, rng.next()));
  }

  // Who bids, at what price.
  const bids: Bid[] = [];
  const negotiated = p.method === 'competitiveNegotiation' ? 0.95 : 1;
  for (const o of candidates) {
    if (o.domain !== lot.domain && !rng.chance(p.offDomainBidProbability)) continue;
    let price = p.method === 'directGrant' || p.mode === 'projectGrant' ? value : providerCost * (1 + p.markup * (0.5 + rng.next())) * negotiated;
    if (price > value) {
      if (o.type !== 'socialOrganization' || !rng.chance(p.missionBidProbability)) continue;
      price = value;
    }
    bids.push({ org: o.id, price, reputation: o.reputation, proposal: Math.min(1, Math.max(0, o.skill + 0.1 * rng.normal())), insider: o.insider });
    round.bids.set(o.id, (round.bids.get(o.id) ?? 0) + 1);
  }
  w.counters.bidders += bids.length;

  const perUnit = paysPerUnit(p);
  const award = (org: Organization, price: number, share: number) =>
    signContract(w, { kind: 'contract', buyer: lot.buyer, org: org.id, domain: lot.domain, street: lot.street, value: price * share, months, perUnit, capacity: capacity * share, insiderAward: org.insider, budgetLine: lot.fromBudgetLine, renewals: 0 }, payments);

  if (bids.length === 0) {
    // Failed tender: single source to any registered provider of the domain, if allowed.
    const fallback = p.fallbackToSingleSource
      ? w.orgs
          .filter((o) => o.status === 'registered' && sameFamily(o.domain, lot.domain) && hasRoom(o, w) && isEligible(o, p, w.month, o.lastFailureMonth))
          .sort((a, b) => b.reputation - a.reputation || a.id - b.id)[0]
      : undefined;
    if (fallback) award(fallback, value, 1);
    else {
      w.counters.failedTenders++;
      round.failedByStreet[lot.street]++;
    }
    return;
  }
  if (p.mode === 'voucher') {
    for (const b of bids) award(w.orgs[b.org], b.price, 1 / bids.length);
    return;
  }
  const winner = bids[pickWinner(bids, value, pull, p)];
  award(w.orgs[winner.org], winner.price, 1);
}

/** An open tender draws a provider from outside the region (origin "introduced"). */
function introduce(w: World, lot: Lot, staffNeeded: number, u: number): Organization {
  const staff = Math.min(Math.max(1, Math.round(staffNeeded / 2)), Math.max(0, Math.floor(w.staffPool - w.employedStaff)));
  return addOrganization(w, {
    type: 'socialOrganization',
    status: 'registered',
    origin: 'introduced',
    insider: false,
    domain: lot.domain,
    street: lot.street,
    cash: foundingCash(w, Math.max(1, staff), 6),
    staff,
    members: 5,
    skill: 0.5 + 0.2 * u,
  });
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

/**
 * Payments (monthly): instalments fall due `delayMonths` after the month they pay for; a buyer
 * that breaks the schedule may slip them further. Providers that have exited are not paid.
 */
export function paymentsMonth(w: World): void {
  const k = w.peoplePerAgent;
  const rng = w.streams.payments;
  const slip = termsFor(w.scenario.policies, 'payments', yearOfMonth(w.month)).extraDelayProbability;
  let keep = 0;
  for (const ct of w.open) {
    const org = w.orgs[ct.org];
    if (org.alive && ct.settledMonths < ct.servedMonths) {
      if (slip > 0 && rng.chance(slip)) ct.extraDelay++;
      while (ct.settledMonths < ct.servedMonths && ct.startMonth + ct.settledMonths + ct.delayMonths + ct.extraDelay <= w.month) {
        const amount = ct.perUnit ? ct.unitsByMonth[ct.settledMonths] * ct.unitPrice * k : ct.instalment;
        if (amount > 0) pay(w, ct, amount);
        ct.settledMonths++;
      }
    }
    const finished = !ct.active && (ct.settledMonths >= ct.servedMonths || !org.alive);
    if (!finished) w.open[keep++] = ct;
  }
  w.open.length = keep;
}

/** Rebuild which contracts serve each community × domain, after contracts changed. */
export function refreshProviders(w: World): void {
  if (!w.providersDirty) return;
  for (const list of w.cellProviders) list.length = 0;
  for (const ct of w.open) {
    if (!ct.active) continue;
    const first = ct.street * w.scenario.region.communitiesPerStreet;
    for (let cm = first; cm < first + w.scenario.region.communitiesPerStreet; cm++) {
      const cell = cm * DOMAIN_COUNT + ct.domain;
      // Regular contracts serve transferred communities; budget-line and pilot work serves all.
      if (ct.kind === 'contract' && !ct.budgetLine && !w.transferred[cell]) continue;
      w.cellProviders[cell].push(ct.id);
    }
  }
  w.providersDirty = false;
}

