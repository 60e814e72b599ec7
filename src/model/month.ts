/**
 * The monthly schedule: a fixed, documented order of phases (docs/ODD.md, "Process overview and
 * scheduling"). Each phase reads and writes the world; each draws only from its own random
 * stream.
 */
import { wordOfMouthPhase } from '../agents/resident.ts';
import { foundingPhase, organizationsMonth } from '../agents/socialOrganization.ts';
import {
  budgetSpendingThisMonth,
  budgetYear,
  closeContracts,
  contractsMonth,
  isRoundMonth,
  paymentsMonth,
  procurementYear,
  refreshProviders,
  replenishVolunteers,
  retenderLapsed,
  spend,
  tallyComplaints,
  transferYear,
} from '../agents/government/index.ts';
import { committeeMonth, compensationCost } from '../agents/incumbentCommittee.ts';
import { countStaffAtMonthStart } from '../agents/socialWorker.ts';
import { isYearStart, yearOfMonth } from '../engine/clock.ts';
import { switchLever } from '../policies/registry.ts';
import type { World } from '../state/world.ts';
import { resetCounters } from '../state/counters.ts';
import { applyScheduledChanges } from './scheduleChanges.ts';
import { incubatorMonth, publicityMonth, seedFundYear } from './levers.ts';
import { computeUnitCosts, refreshGovernments } from './world.ts';
import { inThisThread, residentsPhase, type DistrictExecutor } from './districts.ts';

/** In January: the policy schedule for the run year, catalogues, will's scheduled changes, prices. */
function yearStart(w: World): void {
  applyScheduledChanges(w);
  refreshGovernments(w);
  computeUnitCosts(w.scenario, w.unitCost, yearOfMonth(w.month));
}

/** When the year's money arrives (governments.fundsMonth): the budget and purchase cycle. */
function purchaseRound(w: World): void {
  budgetYear(w); // the past year reviewed; will, budgets, purchase share; training grows the worker pool
  transferYear(w); // functions leave committees, unless blocked or put off
  seedFundYear(w); // lottery-fund pilots and the micro-venture package
  procurementYear(w); // design, cost, review, procure, contract
}

/** One month of the run; `districts` runs the residents' districts (in this thread by default). */
export function stepMonth(w: World, districts: DistrictExecutor = inThisThread): void {
  resetCounters(w.counters);
  countStaffAtMonthStart(w); // turnover's denominator, before any separation
  if (isYearStart(w.month)) yearStart(w);
  closeContracts(w); // contracts whose term ended: evaluated, renewed or ended
  if (isRoundMonth(w)) purchaseRound(w);
  refreshProviders(w);
  replenishVolunteers(w);
  residentsPhase(w, districts); // 1. residents' needs arise; 2. residents seek help; providers, volunteers and committees serve (district by district)
  contractsMonth(w); // 3. acceptance of the month's service; mid-term reviews
  paymentsMonth(w); // 4. instalments due are paid
  incubatorMonth(w); // 5. incubator intake, grants, graduation
  organizationsMonth(w); // 6. donations, labour market, costs, exits
  retenderLapsed(w); // 6b. lots whose contract ended early are tendered again
  foundingPhase(w); // 7. new organizations and self-organizations
  publicityMonth(w); // 8. publicity (paid from its budget line)
  wordOfMouthPhase(w); // 9. trust and awareness spread in communities
  incumbentsPhase(w); // 10. incumbents react; compensation and relief are paid
  tallyComplaints(w); // 11. complaints reach the governments over each street
  // 12. fiscal account: what providers' service would have cost in-house, less its price and
  // the levers paid from government budgets.
  w.fiscalSavings += w.counters.inHouseValueOfOrgService - w.counters.purchaseCostAccrued - budgetSpendingThisMonth(w);
}

function incumbentsPhase(w: World): void {
  const s = w.scenario;
  const year = yearOfMonth(w.month);
  const compensation = switchLever(s.policies, 'compensation', year);
  const relief = switchLever(s.policies, 'relief', year);
  const streetWill = new Float64Array(w.streetCount);
  for (const g of w.governments) if (g.level === 'street') streetWill[g.streets[0]] = g.politicalWill;
  let compensationPaid = 0;
  for (const c of w.committees) {
    const complaints = committeeMonth(c, s, compensation, relief, streetWill[c.street], w.lostVisits[c.community], w.keptVisits[c.community], w.streams.resistance);
    w.counters.complaints += complaints;
    w.complaintsByStreet[c.street] += complaints;
    compensationPaid += compensationCost(c, s, compensation);
  }
  spend(w, 'compensation', compensationPaid);
  if (relief) spend(w, 'relief', (w.committees.length * relief.share * relief.costPerCommitteePerYear) / 12);
}
