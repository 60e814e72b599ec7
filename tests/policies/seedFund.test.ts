import { describe, expect, it } from 'vitest';
import { pilotsPerYear, seedFundSchema } from '../../src/policies/seedFund.ts';
import { loadScenario, mean, runSeeds } from '../helpers/scenario.ts';

describe('lottery-fund seed money', () => {
  it('pays for lottery fund × share ÷ pilot size pilots a year (Yiling: 10%)', () => {
    expect(pilotsPerYear(seedFundSchema.parse({ lotteryFundPerYear: 2_000_000, share: 0.1, pilotSize: 80_000 }))).toBe(2);
  });

  // Where nothing is bought (no purchase share, no transfer of functions), only seed money can start services.
  const noBudget = { years: 10, 'governments.street.purchaseShare': 0, 'policies.transfer.enabled': false };

  it('starts pilots where the purchase budget is zero, and matured pilots become budget lines (20 seeds)', () => {
    const withSeed = runSeeds(loadScenario('chifeng-xitun.yaml', { ...noBudget, 'policies.seedFund.lotteryFundPerYear': 2_000_000 }), 20);
    const without = runSeeds(loadScenario('chifeng-xitun.yaml', { ...noBudget, 'policies.seedFund.enabled': false }), 20);
    for (const r of withSeed) expect(r.summary.totals.paid_pilots).toBeGreaterThan(0);
    for (const r of without) expect(r.summary.totals.paid_pilots + r.summary.totals.paid_contracts).toBe(0);
    // Pilots that pass their evaluations turn into regular purchase lines that are then tendered.
    // (One line fits under the street's cap for lines grown from pilots, seedFund.budgetLineCapShare.)
    expect(withSeed.filter((r) => r.summary.totals.budget_lines_from_pilots >= 1).length).toBeGreaterThanOrEqual(15);
    expect(withSeed.filter((r) => r.summary.totals.paid_contracts > 0).length).toBeGreaterThanOrEqual(15);
  });
});
