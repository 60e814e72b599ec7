/** The yearly purchase round: design, cost and review of the lots, then a tender for each. */
import type { World } from '../../state/world.ts';
import { yearOfMonth } from '../../engine/clock.ts';
import { DOMAIN_COUNT, DOMAINS, lineIndex } from '../domains.ts';
import { streetResistance } from '../incumbentCommittee.ts';
import { purchasingStarted, termsFor } from '../../policies/registry.ts';
import { contractMonths } from '../../policies/contracts.ts';
import { newRound, tender, type Lot } from './tender.ts';
import type { Contract } from '../../state/contract.ts';

/** Estimated yearly cost, in yuan, of serving `agents` residents' needs in a domain. */
function yearlyEstimate(w: World, agents: number, domain: number): { capacity: number; cost: number } {
  const capacity = agents * w.scenario.domains[DOMAINS[domain]].needRate;
  return { capacity, cost: 12 * capacity * w.peoplePerAgent * w.unitCost[domain] };
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
  const poolsCounted = new Set<number>();
  for (const ct of w.open) {
    if (!ct.active || ct.kind !== 'contract') continue;
    // A voucher scheme's providers share one lot's budget: count it once.
    const counted = ct.pool >= 0 && poolsCounted.has(ct.pool);
    if (ct.pool >= 0) poolsCounted.add(ct.pool);
    if (!ct.budgetLine && !counted) committedByBuyer[ct.buyer] += (ct.value * 12) / ct.months;
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

  // Money that followed transferred functions out of the committees (at in-house prices), for
  // the part of the functions purchase replaces rather than adds to.
  const transfer = s.policies.transfer;
  const freedPerPurchaseYuan = s.committees.serviceRate * s.governments.inHouseCostRatio * transfer.fundsFollowShare * (1 - transfer.newMoneyShare);
  const minimumLot = bidding.minimumLotWorkerYears * 12 * s.labour.wagePerMonth; // smaller lots are not tendered
  const round = newRound(w);
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
          // A budget line is the most the buyer may pay a year: the lot is sized so that even a
          // contract at the price ceiling stays within it (and so within the lines' cap).
          const e = yearlyEstimate(w, agentsInStreet[st], d);
          const scale = Math.min(1, budgetLine / ((1 + bidding.priceCeiling) * e.cost));
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
      if (lot.cost * scale < minimumLot) continue;
      tender(w, round, lot, capacity, lot.cost * scale, bidding, payments, contractMonths(terms, rng.chance(terms.midTermCutProbability)), resistance[lot.street], rng);
    }
  }
  if (w.counters.tenders > 0) w.lastBiddersPerTender = w.counters.bidders / w.counters.tenders;
}

/**
 * Lots whose contract ended early this month — terminated at its mid-term review, or its
 * provider closed — are tendered again at once for the rest of the term, so service goes on (a
 * gap remains only if nobody takes the lot). The stop-gap contract ends when the lapsed one would
 * have and is not renewed, so the lot returns to the purchase round. It is signed this month and
 * serves from next month (its payment schedule counts from this month: a month's head start on instalments,
 * an approximation).
 */
export function retenderLapsed(w: World): void {
  const openNow = w.open.length;
  for (let i = 0; i < openNow; i++) {
    const ct = w.open[i];
    if (!ct.active && ct.endedMonth === w.month && ct.servedMonths < ct.months) retender(w, ct);
  }
}

function retender(w: World, ended: Contract): void {
  const s = w.scenario;
  if (ended.kind !== 'contract' || ended.pool >= 0) return;
  const year = yearOfMonth(w.month);
  const months = ended.months - ended.servedMonths;
  if (months <= 0 || !purchasingStarted(s.policies, year)) return;
  // The buyer's own cost estimate for the lot, as at the yearly round (not the lapsed price).
  const yearlyCost = 12 * ended.capacity * w.peoplePerAgent * w.unitCost[ended.domain];
  const lot = { buyer: ended.buyer, street: ended.street, domain: ended.domain, capacity: ended.capacity, cost: yearlyCost, fromBudgetLine: ended.budgetLine };
  tender(w, newRound(w, false), lot, ended.capacity, yearlyCost, s.policies.bidding, termsFor(s.policies, 'payments', year), months, streetResistance(w)[ended.street], w.streams.procurement, true);
}
