/**
 * Competitive bidding (竞争择优). How it acts: each year the buyer tenders every lot (a street ×
 * service domain whose function has been transferred, or that has a budget line). The method
 * decides who may bid; eligibility rules filter them (Guangdong: registered, clean three years,
 * 004); each bidder asks a price; the buyer scores bids on past evaluation, the proposal and
 * price (Shenzhen: 70% evaluation, 30% proposal and defence, 004) and awards the best. With
 * few eligible organizations competition is weak (Guangzhou, 000); a tender with no bidder
 * fails, or falls back to a single source. Where incumbents resist and disclosure is poor,
 * insiders get a hidden bonus (004, risk 5). The purchase mode decides how the winner is paid:
 * a lump-sum contract, a per-unit subsidy, vouchers that let residents choose among all
 * enrolled providers, or project grants judged on the proposal alone (Shenzhen used all four,
 * 004).
 */
import { z } from 'zod';
import { PROVIDER_TYPES, type OrgStatus, type ProviderType } from '../agents/vocabulary.ts';
import { amount, choice, count, flag, fromYear, share } from '../scenario/param.ts';

export const PURCHASE_MODES = ['contract', 'unitSubsidy', 'voucher', 'projectGrant'] as const;
export const METHODS = ['openTender', 'invitedTender', 'competitiveNegotiation', 'singleSource', 'directGrant'] as const;
export type Method = (typeof METHODS)[number];

export const biddingSchema = z.strictObject({
  fromYear: fromYear(),
  mode: choice(PURCHASE_MODES, 'contract', {
    doc: 'Purchase mode: lump-sum contract, per-unit subsidy, service vouchers, or project grants.',
    source: '004 (Shenzhen used all four)',
  }),
  method: choice(METHODS, 'openTender', {
    doc: 'Procurement method: who is asked to bid.',
    source: '004 (open, invited, 竞争性磋商, single source, direct grant)',
  }),
  scope: choice(['district', 'city'] as const, 'district', {
    doc: 'Where bidders come from: providers based in the lot’s district, or anywhere in the region (city-wide bidding lets large providers spread).',
    source: 'Hong Kong: 165 subvented NGOs run 3,111 units across the territory (FACTS.md, outside); district-local bidding an assumption for mainland streets',
  }),
  weights: z
    .strictObject({
      evaluation: share(0.5, { doc: 'Weight of past evaluation (reputation) in a bid’s score.', source: 'Shenzhen 70% (004); default an assumption', range: [0.3, 0.7] }),
      proposal: share(0.3, { doc: 'Weight of the proposal and defence (capacity) in a bid’s score.', source: 'Shenzhen 30% (004); default an assumption', range: [0.2, 0.5] }),
      price: share(0.2, { doc: 'Weight of price in a bid’s score.', range: [0, 0.4] }),
    })
    .prefault({})
    .refine((w) => w.evaluation + w.proposal + w.price > 0, { message: 'at least one scoring weight must be above 0' }),
  eligibility: z
    .strictObject({
      registeredOnly: flag(true, { doc: 'Only registered (民非) providers may bid; filed ones may not.', source: '004 (Guangdong supplier conditions)' }),
      providerTypes: z
        .array(z.enum(PROVIDER_TYPES))
        .min(1)
        .default([...PROVIDER_TYPES])
        .meta({ description: 'Provider types allowed to bid.', source: '004 (Guangdong rules name social organizations)' }),
      minReputation: share(0, { doc: 'Lowest past evaluation score allowed to bid.', range: [0, 0.6] }),
      cleanYears: count(0, { doc: 'Years without a failed evaluation required to bid.', source: 'Guangdong: 3 years without major violations (004)', range: [0, 3] }, 20),
    })
    .prefault({}),
  transparency: share(0.5, {
    doc: 'Information disclosure (0 = none, 1 = full): weakens insiders’ steering of awards.',
    source: '004, risk 5',
    range: [0, 1],
  }),
  insiderSteering: amount(0.4, {
    doc: 'Score bonus insiders get at full resistance and no transparency.',
    range: [0, 0.8],
  }, 2),
  rankingNoise: share(0.05, { doc: 'How far the buyer’s ranking of the providers it invites (invited tender, negotiation, single source) strays from their reputations: uniform noise between 0 and this added to each.', range: [0, 0.3] }),
  proposalNoise: amount(0.1, { doc: 'Spread (normal σ) of the buyer’s reading of a proposal around the bidder’s capability: how well it can judge quality on paper.', range: [0, 0.3] }, 1),
  fallbackToSingleSource: flag(true, { doc: 'A tender with no eligible bidder falls back to a single source instead of failing.' }),
  invitedCount: count(3, { doc: 'Providers invited in an invited tender or negotiation.', range: [2, 5] }, 100),
  outsideBidderRate: amount(0.3, {
    doc: 'Expected providers from outside the region drawn into an open tender with fewer than two local bidders (become “introduced” organizations).',
    source: 'assumption; Xitun introduced 3 organizations (003)',
    range: [0, 1],
  }, 10),
  priceCeiling: amount(0.2, {
    doc: 'Management fee the buyer allows on top of its cost estimate: the ceiling price of a lot is cost × (1 + this).',
    range: [0, 0.4],
  }, 2),
  markup: amount(0.15, { doc: 'Mean price markup a bidder asks over its own cost (drawn uniformly between half and one and a half times this).', range: [0, 0.3] }, 2),
  negotiationDiscount: share(0.05, { doc: 'Price cut a bidder concedes in competitive negotiation (竞争性磋商).', range: [0, 0.15] }),
  thirdPartySteering: share(0.5, { doc: 'Share of insiders’ steering of awards left when a third party evaluates (scores the buyer did not set carry into every award).', source: '004, risk 5; value an assumption', range: [0.2, 0.8] }),
  minimumLotWorkerYears: amount(0.5, { doc: 'Smallest lot a buyer tenders, in worker-years at labour.wagePerMonth (before any pay standard); smaller funded lots are not bought.', range: [0.1, 1] }, 10),
  maxBidsPerRound: count(3, {
    doc: 'Bids one provider prepares in a yearly procurement round (proposals take work).',
    source: 'assumption; 1 to 5 bids per contract across places (FACTS.md, outside)',
    range: [1, 10],
  }, 1000, 1),
  offDomainBidProbability: share(0.25, {
    doc: 'Probability that a provider bids for a lot outside its main domain (same family of domains).',
    range: [0, 0.6],
  }),
  missionBidProbability: share(0.3, {
    doc: 'Probability that a social organization bids although the price does not cover its cost.',
    range: [0, 0.6],
  }),
});
export type BiddingPolicy = z.output<typeof biddingSchema>;

/** Whether mode pays per unit delivered. */
export function paysPerUnit(p: BiddingPolicy): boolean {
  return p.mode === 'unitSubsidy' || p.mode === 'voucher';
}

/** What eligibility rules look at in a provider (a view of its state, so policies need no agent types). */
export interface ProviderStanding {
  alive: boolean;
  status: OrgStatus;
  type: ProviderType;
  everContracted: boolean;
  reputation: number;
}

/** May this provider bid at all under these rules? (Domain and capacity are checked by the caller.) */
export function isEligible(o: ProviderStanding, p: BiddingPolicy, month: number, lastFailureMonth: number): boolean {
  if (!o.alive || o.status === 'self') return false;
  const filedAllowed = !p.eligibility.registeredOnly || p.mode === 'projectGrant';
  if (o.status === 'filed' && !filedAllowed) return false;
  if (!p.eligibility.providerTypes.includes(o.type)) return false;
  if (o.everContracted && o.reputation < p.eligibility.minReputation) return false;
  if (p.eligibility.cleanYears > 0 && lastFailureMonth >= 0 && month - lastFailureMonth < 12 * p.eligibility.cleanYears)
    return false;
  return true;
}

export interface Bid {
  org: number;
  price: number;
  reputation: number;
  /** Proposal quality signal (capacity with noise), 0–1. */
  proposal: number;
  insider: boolean;
}

/**
 * A bid's score. `insiderPull` (0–1) is the street's incumbent resistance times the lack of
 * transparency; insiders gain `insiderSteering × insiderPull`. Project grants ignore price.
 */
export function scoreBid(bid: Bid, priceCap: number, insiderPull: number, p: BiddingPolicy): number {
  const w = p.weights;
  const priceWeight = p.mode === 'projectGrant' ? 0 : w.price;
  const total = w.evaluation + w.proposal + priceWeight;
  const priceScore = priceCap > 0 ? Math.max(0, 1 - bid.price / priceCap) : 0;
  const merit = (w.evaluation * bid.reputation + w.proposal * bid.proposal + priceWeight * priceScore) / total;
  return merit + (bid.insider ? p.insiderSteering * insiderPull : 0);
}

/**
 * How hard insiders are pushed for: incumbents' resistance, unchecked by disclosure. A buyer
 * that is also the evaluator steers freely; an independent evaluator leaves `thirdPartySteering`
 * of the room for it, since scores it did not set carry into every award (004, risk 5).
 */
export function insiderPull(resistance: number, p: BiddingPolicy, selfEvaluated: boolean): number {
  return resistance * (1 - p.transparency) * (selfEvaluated ? 1 : p.thirdPartySteering);
}

/** Index of the winning bid (highest score; ties to the earlier bid), or -1 for none. */
export function pickWinner(bids: readonly Bid[], priceCap: number, pull: number, p: BiddingPolicy): number {
  let best = -1;
  let bestScore = -Infinity;
  for (let i = 0; i < bids.length; i++) {
    const s = scoreBid(bids[i], priceCap, pull, p);
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  }
  return best;
}
