/**
 * The monthly schedule: a fixed, documented order of phases (docs/ODD.md, "Process overview and
 * scheduling"). Each phase reads and writes the world; each draws only from its own random
 * stream.
 */
import { deliveryPhase, needsPhase, wordOfMouthPhase } from '../agents/resident.ts';
import { foundingPhase, organizationsMonth } from '../agents/socialOrganization.ts';
import { budgetYear, contractsMonth, paymentsMonth, procurementYear, refreshProviders, transferYear } from '../agents/government/index.ts';
import { committeeMonth } from '../agents/incumbentCommittee.ts';
import type { World } from '../state/world.ts';
import { isYearStart, yearOfMonth } from '../engine/clock.ts';
import { switchLever } from '../policies/registry.ts';
import { applyScheduledChanges } from './scheduleChanges.ts';
import { incubatorMonth, seedFundYear } from './levers.ts';
import { resetCounters } from '../state/counters.ts';
import { computeUnitCosts, refreshGovernments } from './world.ts';

/** Once a year, before the month's phases: the budget and procurement cycle. */
function yearStart(w: World): void {
  applyScheduledChanges(w); // policy schedule for this run year
  refreshGovernments(w); // catalogues and political will
  computeUnitCosts(w.scenario, w.unitCost);
  budgetYear(w); // budgets, purchase share; training grows the worker pool
  transferYear(w); // functions leave committees, unless blocked
  seedFundYear(w); // lottery-fund pilots and the micro-venture package
  procurementYear(w); // design, cost, review, procure, contract
}

export function stepMonth(w: World): void {
  resetCounters(w.counters);
  if (isYearStart(w.month)) yearStart(w);
  refreshProviders(w);
  needsPhase(w); // 1. residents' needs arise
  deliveryPhase(w); // 2. residents seek help; providers and committees serve
  contractsMonth(w); // 3. acceptance; finished contracts evaluated, renewed or ended
  paymentsMonth(w); // 4. instalments due are paid
  incubatorMonth(w); // 5. incubator intake, grants, graduation
  organizationsMonth(w); // 6. costs, staffing, turnover, exits
  foundingPhase(w); // 7. new organizations and self-organizations
  wordOfMouthPhase(w); // 8. trust and awareness spread in communities
  resistancePhase(w); // 9. incumbents react
  // 10. fiscal account: what providers' service would have cost in-house, less its price.
  w.fiscalSavings += w.counters.inHouseValueOfOrgService - w.counters.purchaseCostAccrued;
}

function resistancePhase(w: World): void {
  const s = w.scenario;
  const compensation = switchLever(s.policies, 'compensation', yearOfMonth(w.month));
  const streetWill = new Float64Array(w.streetCount);
  for (const g of w.governments) if (g.level === 'street') streetWill[g.streets[0]] = g.politicalWill;
  for (const c of w.committees)
    w.counters.complaints += committeeMonth(c, s.committees, compensation, streetWill[c.street], w.streams.resistance);
}
