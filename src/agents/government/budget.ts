/**
 * Budgets, once a year when the money arrives (governments.fundsMonth; FACTS.md: projects start
 * in June–July because that is when funds come): each government reviews the past year
 * (response.ts), then sets its budget from spending per resident and its purchase budget from
 * the purchase share, moved by its will. Training, a city programme, adds its graduates to the
 * labour pool and is paid from the training budget line.
 */
import type { World } from '../../state/world.ts';
import { yearOfMonth } from '../../engine/clock.ts';
import { switchLever } from '../../policies/registry.ts';
import { trainedWorkers } from '../../policies/training.ts';
import { addToPool } from '../socialWorker.ts';
import { reviewYear } from './response.ts';
import { spend } from './spending.ts';

/** Month within the year (0–11) when the year's money arrives and the purchase round is held. */
export function roundMonthOfYear(w: World): number {
  return w.scenario.governments.fundsMonth - 1;
}

export function isRoundMonth(w: World): boolean {
  return w.month % 12 === roundMonthOfYear(w);
}

export function budgetYear(w: World): void {
  // The year reviewed: twelve months, or the months since the start before the first round.
  const months = Math.min(12, w.month);
  for (const g of w.governments) {
    reviewYear(w, g, months);
    const level = w.scenario.governments[g.level];
    g.budget = level.budgetPerCapita * g.people;
    g.purchaseBudget = g.budget * level.purchaseShare * g.budgetMultiplier;
  }
  const training = switchLever(w.scenario.policies, 'training', yearOfMonth(w.month));
  if (training) {
    const trained = Math.round(trainedWorkers(w.totalPeople, training));
    addToPool(w, trained, () => 0);
    spend(w, 'training', trained * training.costPerWorker);
  }
}
