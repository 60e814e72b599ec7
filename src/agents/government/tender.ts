/**
 * One lot's tender: who is asked, who bids at what price, and who wins.
 *
 * Bidders' costs differ: each prices the lot at its own pay offer with its staff's seniority,
 * plus a share of its fixed costs that falls with the number of contracts it already carries
 * (economies of scale), and asks a markup on top; so a lower price is a real advantage, and a
 * real risk — a provider that bids at the ceiling below its own cost (a mission bid) loses money
 * on the work. A provider bids only when it has or can hire the staff, and believes it can carry
 * the working capital the payment terms imply (the months it fronts wages before instalments
 * arrive, less any advance) with its cash and what it can owe — counting on part of it only
 * (organizations.workingCapitalPrudence), as providers who need the work do. Each bid is judged
 * on its own, so a provider that wins several in one round may find its cash stretched by all of
 * them (004, risk 4).
 */
import type { World } from '../../state/world.ts';
import type { Organization } from '../../state/organization.ts';
import type { RandomStream } from '../../engine/rng.ts';
import { yearOfMonth } from '../../engine/clock.ts';
import { DOMAINS, sameFamily } from '../domains.ts';
import { addOrganization, foundingCash, monthlyCostOf } from '../socialOrganization.ts';
import { availableWorkers, bringWorkers, capability, payOffer } from '../socialWorker.ts';
import { switchLever, termsFor } from '../../policies/registry.ts';
import { advanceOf, offeredValue, type PaymentsPolicy } from '../../policies/payments.ts';
import { insiderPull, isEligible, paysPerUnit, pickWinner, type Bid, type BiddingPolicy } from '../../policies/bidding.ts';
import { signContract } from './contracts.ts';

/** A lot: one street × domain of one buyer, with its yearly volume and cost estimate. */
export interface Lot {
  buyer: number;
  street: number;
  domain: number;
  capacity: number;
  cost: number;
  fromBudgetLine: boolean;
}

/** Can this provider take one more contract? */
function hasRoom(o: Organization, w: World): boolean {
  const o_ = w.scenario.organizations;
  return o.activeContracts < o_.maxContracts + Math.floor(o.staff / o_.staffPerExtraContract);
}

/** State of one yearly procurement round. */
export interface Round {
  /** Bids each provider has made this round (org id → count). */
  bids: Map<number, number>;
  /** Lots per street that found no provider this round (a signal to founders). */
  failedByStreet: Float64Array;
  /**
   * Living providers per district (or one list for the whole region under city-wide bidding),
   * in id order, so that a tender asks only the providers in its scope instead of filtering
   * every provider ever founded (a quadratic cost at city scale). Organizations founded during
   * the round are appended as they appear; one that dies during it fails the eligibility test.
   */
  byArea: Organization[][];
  /** Organizations (w.orgs) already sorted into byArea. */
  indexed: number;
}

/**
 * A new procurement round. The yearly round clears the failed-lot counts of the previous one; a
 * re-tender during the year adds to them.
 */
export function newRound(w: World, yearly = true): Round {
  const areas = w.scenario.policies.bidding.scope === 'city' ? 1 : w.scenario.region.districts;
  return { bids: new Map(), failedByStreet: yearly ? w.failedLotsByStreet.fill(0) : w.failedLotsByStreet, byArea: Array.from({ length: areas }, () => []), indexed: 0 };
}

/** Which area (district, or the whole region under city-wide bidding) a street bids in. */
function areaOf(w: World, street: number): number {
  return w.scenario.policies.bidding.scope === 'city' ? 0 : Math.floor(street / w.scenario.region.streetsPerDistrict);
}

/**
 * The round's possible bidders in the area of `street`, brought up to date with organizations
 * founded since: living providers whose status and type the rules let bid at all (a city's
 * thousands of volunteer groups never enter a tender's filter).
 */
function areaProviders(w: World, round: Round, street: number): Organization[] {
  const p = w.scenario.policies.bidding;
  const filedMayBid = !p.eligibility.registeredOnly || p.mode === 'projectGrant';
  for (; round.indexed < w.orgs.length; round.indexed++) {
    const o = w.orgs[round.indexed];
    if (!o.alive || o.status === 'self' || (o.status === 'filed' && !filedMayBid) || !p.eligibility.providerTypes.includes(o.type)) continue;
    round.byArea[areaOf(w, o.street)].push(o);
  }
  return round.byArea[areaOf(w, street)];
}

/**
 * What serving the lot would cost this provider over `months`: its posts at its own pay (the pay
 * standard where it binds) with its staff's seniority and overhead, plus its share of fixed
 * costs, which falls as it carries more contracts.
 */
export function bidderCost(w: World, o: Organization, staffNeeded: number, months: number): number {
  const s = w.scenario;
  const l = s.labour;
  const standard = switchLever(s.policies, 'payStandard', yearOfMonth(w.month));
  const pay = standard ? Math.max(payOffer(w, o), standard.minimumPerMonth) : payOffer(w, o);
  // A provider without staff yet expects to hire at mid seniority (assumption).
  const seniority = o.staff > 0 ? o.senioritySum / o.staff : 0.5;
  const perPost = pay * (1 + l.seniorityPayPremium * seniority) * (1 + l.overheadRate);
  return months * (staffNeeded * perPost + s.organizations.overheadPerMonth / (o.activeContracts + 1));
}

/** Can the provider staff the lot: posts it has spare, plus workers looking for work now. */
function canStaff(w: World, o: Organization, staffNeeded: number): boolean {
  return staffNeeded <= Math.max(0, o.staff - o.staffRequired) + availableWorkers(w);
}

/**
 * Can the provider carry the working capital: wages for the months until the first instalment
 * arrives (the delay, plus the month of service), less the advance, against its cash and what
 * it can owe.
 */
function canCarry(w: World, o: Organization, cost: number, months: number, value: number, perUnit: boolean, payments: PaymentsPolicy): boolean {
  const monthly = cost / months;
  const advance = perUnit ? 0 : advanceOf(value, payments);
  const needed = w.scenario.organizations.workingCapitalPrudence * (monthly * (payments.delayMonths + 1) - advance);
  const credit = w.scenario.organizations.arrearsMonths * monthlyCostOf(w, Math.max(1, o.staff));
  return needed <= o.cash + credit;
}

export function tender(
  w: World,
  round: Round,
  lot: Lot,
  capacity: number,
  yearlyCost: number,
  p: BiddingPolicy,
  payments: PaymentsPolicy,
  months: number,
  streetResistance: number,
  rng: RandomStream,
  stopGap = false,
): void {
  const s = w.scenario;
  const cost = (yearlyCost * months) / 12;
  const value = offeredValue(cost * (1 + p.priceCeiling), payments);
  const pull = insiderPull(streetResistance, p, termsFor(s.policies, 'evaluation', yearOfMonth(w.month)).mode === 'self');
  const staffNeeded = (capacity * w.peoplePerAgent) / s.domains[DOMAINS[lot.domain]].unitsPerWorker;
  const perUnit = paysPerUnit(p);
  const voucher = p.mode === 'voucher';
  // Under vouchers a provider enrols with a post or two and grows with the residents who choose it.
  const postsToStart = voucher ? Math.min(staffNeeded, 1) : staffNeeded;
  w.counters.tenders++;

  // Who is asked: providers of the domain family in the lot's area (its district, or the whole
  // region under city-wide bidding, where only providers large enough to work away from their
  // base bid outside their own district), with room for another contract and bids left this round.
  const perDistrict = s.region.streetsPerDistrict;
  const lotDistrict = Math.floor(lot.street / perDistrict);
  const reaches = (o: Organization) => p.scope === 'district' || o.staff >= s.organizations.staffToBidCityWide || Math.floor(o.street / perDistrict) === lotDistrict;
  let candidates = areaProviders(w, round, lot.street).filter(
    (o) =>
      sameFamily(o.domain, lot.domain) &&
      reaches(o) &&
      (round.bids.get(o.id) ?? 0) < p.maxBidsPerRound &&
      hasRoom(o, w) &&
      isEligible(o, p, w.month, o.lastFailureMonth),
  );
  const rank = (o: Organization) => o.reputation + (o.insider ? p.insiderSteering * pull : 0) + p.rankingNoise * rng.next();
  if (p.method === 'invitedTender' || p.method === 'competitiveNegotiation') {
    candidates = candidates.map((o) => ({ o, r: rank(o) })).sort((a, b) => b.r - a.r || a.o.id - b.o.id).slice(0, p.invitedCount).map((x) => x.o);
  } else if (p.method === 'singleSource' || p.method === 'directGrant') {
    candidates = candidates.map((o) => ({ o, r: rank(o) })).sort((a, b) => b.r - a.r || a.o.id - b.o.id).slice(0, 1).map((x) => x.o);
  }
  if (p.method === 'openTender' && candidates.length < 2 && p.eligibility.providerTypes.includes('socialOrganization')) {
    const outsiders = rng.poisson(p.outsideBidderRate);
    for (let k = 0; k < outsiders; k++) candidates.push(introduce(w, lot, staffNeeded, rng));
  }

  // Who bids, at what price.
  const bids: Bid[] = [];
  const negotiated = p.method === 'competitiveNegotiation' ? 1 - p.negotiationDiscount : 1;
  for (const o of candidates) {
    if (o.domain !== lot.domain && !rng.chance(p.offDomainBidProbability)) continue;
    const ownCost = bidderCost(w, o, staffNeeded, months);
    const u = rng.next();
    // What it must staff and carry at first: the lot, or under vouchers the posts it starts with.
    const startCost = postsToStart === staffNeeded ? ownCost : bidderCost(w, o, postsToStart, months);
    if (!canStaff(w, o, postsToStart) || !canCarry(w, o, startCost, months, value * (postsToStart / Math.max(staffNeeded, 1e-9)), perUnit, payments)) continue;
    let price = p.method === 'directGrant' || p.mode === 'projectGrant' ? value : ownCost * (1 + p.markup * (0.5 + u)) * negotiated;
    if (price > value) {
      // A provider whose cost fits under the ceiling bids the ceiling; one whose cost does not
      // bids it only on a mission, below its cost.
      if (ownCost > value && (o.type !== 'socialOrganization' || !rng.chance(p.missionBidProbability))) continue;
      price = value;
    }
    bids.push({ org: o.id, price, reputation: o.reputation, proposal: Math.min(1, Math.max(0, capability(o, s.labour) + p.proposalNoise * rng.normal())), insider: o.insider });
    round.bids.set(o.id, (round.bids.get(o.id) ?? 0) + 1);
  }
  w.counters.bidders += bids.length;

  const award = (org: Organization, price: number) =>
    signContract(w, { kind: 'contract', buyer: lot.buyer, org: org.id, domain: lot.domain, street: lot.street, value: price, months, perUnit, capacity, insiderAward: org.insider, budgetLine: lot.fromBudgetLine, renewals: 0, stopGap }, payments);

  if (bids.length === 0) {
    const fallback = p.fallbackToSingleSource ? singleSource(w, round, lot, staffNeeded, months, value, perUnit, payments, rng) : null;
    if (fallback) award(fallback.org, fallback.price);
    else {
      w.counters.failedTenders++;
      round.failedByStreet[lot.street]++;
    }
    return;
  }
  if (voucher) {
    enrolInVouchers(w, lot, bids, value, capacity, months, payments);
    return;
  }
  const winner = bids[pickWinner(bids, value, pull, p)];
  award(w.orgs[winner.org], winner.price);
}

/**
 * Vouchers: every bidder is enrolled in one scheme for the lot. The scheme pays the lot's price
 * per need served, up to the lot's volume, to whichever enrolled provider each resident chooses
 * (agents/resident.ts); each provider starts with a post and staffs up as residents choose it.
 */
function enrolInVouchers(w: World, lot: Lot, bids: Bid[], value: number, capacity: number, months: number, payments: PaymentsPolicy): void {
  const pool = w.voucherPools.length;
  w.voucherPools.push({ capacity, capacityLeft: capacity, unitsLeft: capacity * months, lastMonth: w.month + months - 1 });
  for (const b of bids) {
    const o = w.orgs[b.org];
    signContract(w, { kind: 'contract', buyer: lot.buyer, org: o.id, domain: lot.domain, street: lot.street, value, months, perUnit: true, capacity, insiderAward: o.insider, budgetLine: lot.fromBudgetLine, renewals: 0, pool, staffNeeded: 1 }, payments);
  }
}

/**
 * A tender with no bid falls back to a single source: the best-reputed eligible provider in the
 * lot's area that has room, can staff and carry the work and whose price fits under the
 * ceiling; it is paid its own price (at most the ceiling).
 */
function singleSource(w: World, round: Round, lot: Lot, staffNeeded: number, months: number, value: number, perUnit: boolean, payments: PaymentsPolicy, rng: RandomStream): { org: Organization; price: number } | null {
  const p = w.scenario.policies.bidding;
  const options = areaProviders(w, round, lot.street)
    .filter((o) => o.status === 'registered' && sameFamily(o.domain, lot.domain) && hasRoom(o, w) && isEligible(o, p, w.month, o.lastFailureMonth))
    .sort((a, b) => b.reputation - a.reputation || a.id - b.id);
  for (const o of options) {
    const cost = bidderCost(w, o, staffNeeded, months);
    if (cost > value || !canStaff(w, o, staffNeeded) || !canCarry(w, o, cost, months, value, perUnit, payments)) continue;
    return { org: o, price: Math.min(value, cost * (1 + p.markup * (0.5 + rng.next()))) };
  }
  return null;
}

/** An open tender draws a provider from outside the region (origin "introduced"), with staff of its own. */
function introduce(w: World, lot: Lot, staffNeeded: number, rng: RandomStream): Organization {
  const o_ = w.scenario.organizations;
  const staff = Math.max(1, Math.round(staffNeeded / 2));
  const org = addOrganization(
    w,
    {
      type: 'socialOrganization',
      status: 'registered',
      origin: 'introduced',
      insider: false,
      domain: lot.domain,
      street: lot.street,
      cash: foundingCash(w, staff, o_.introducedCashMonths),
      members: 5,
      skill: Math.min(1, o_.introducedSkill - o_.founderSkillSpread + 2 * o_.founderSkillSpread * rng.next()),
      reputation: o_.introducedReputation,
    },
    rng,
  );
  bringWorkers(w, org, staff, o_.introducedExperienceYears);
  return org;
}
