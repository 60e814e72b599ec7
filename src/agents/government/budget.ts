/** Budgets: each government's annual budget and the share it sets aside for purchase. */
import type { World } from '../../state/world.ts';
import { yearOfMonth } from '../../engine/clock.ts';
import { switchLever } from '../../policies/registry.ts';
import { trainedWorkers } from '../../policies/training.ts';

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
