/** One lot's tender: who is asked, who bids at what price, and who wins. */
import type { World } from '../../state/world.ts';
import type { Organization } from '../../state/organization.ts';
import { yearOfMonth } from '../../engine/clock.ts';
import { DOMAINS, sameFamily } from '../domains.ts';
import { addOrganization, foundingCash } from '../socialOrganization.ts';
import { termsFor } from '../../policies/registry.ts';
import { offeredValue, type PaymentsPolicy } from '../../policies/payments.ts';
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
  return o.activeContracts < w.scenario.organizations.maxContracts + Math.floor(o.staff / 10);
}

/** State of one yearly procurement round. */
export interface Round {
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

/** A new procurement round (the failed-lot counts of the previous one are cleared). */
export function newRound(w: World): Round {
  return { bids: new Map(), failedByStreet: w.failedLotsByStreet.fill(0), byDistrict: Array.from({ length: w.scenario.region.districts }, () => []), indexed: 0 };
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
