/**
 * Spending on levers, by the budget line that pays for it: compensation and relief from the
 * streets' lines, training, publicity and the incubator from the city's, pilots and the
 * micro-venture package from the lottery fund. Every yuan is counted in the month's counters
 * (the series' lever_spending) and in the run's ledger (the summary's spending totals).
 */
import type { SpendingLine } from '../../state/counters.ts';
import type { World } from '../../state/world.ts';

export function spend(w: World, line: SpendingLine, amount: number): void {
  if (amount <= 0) return;
  w.counters.spending[line] += amount;
  w.ledger.spending[line] += amount;
}

/** Spending this month on lines paid from government budgets (not the lottery fund). */
export function budgetSpendingThisMonth(w: World): number {
  const c = w.counters.spending;
  return c.compensation + c.relief + c.training + c.publicity + c.incubator;
}
