/**
 * Pilots that mature into budget lines (src/agents/government/contracts.ts, pilotEvaluated): a
 * street makes a passing pilot a regular budget line only while the lines grown from pilots stay
 * within policies.seedFund.budgetLineCapShare of its budget.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../src/model/run.ts';
import { arm, fixture, mean } from '../../helpers/scenario.ts';

const city = fixture('neutral-city.yaml');
// Nothing bought but through seed money: ¥10M of lottery fund a year buys 12 pilots a year of
// ¥80,000 each, far more than the streets' caps can take as lines.
const seedMoneyOnly = {
  years: 10,
  'governments.street.purchaseShare': 0,
  'governments.district.purchaseShare': 0,
  'policies.transfer.enabled': false,
  'policies.seedFund.enabled': true,
  'policies.seedFund.lotteryFundPerYear': 1e7,
};

/** The largest share of its budget any street's pilot-grown lines reached, at the end of the run. */
function largestLineShare(r: RunResult): number {
  let largest = 0;
  for (const g of r.world.governments) {
    if (g.level !== 'street') continue;
    let lines = 0;
    for (const v of g.budgetLines.values()) lines += v;
    largest = Math.max(largest, lines / (150 * g.people)); // street budget: ¥150 per resident
  }
  return largest;
}

/** Per street, what it pays a year for active contracts on its budget lines over what those lines hold (at the end of the run). */
function lineContractsOverLines(r: RunResult): number[] {
  const ratios: number[] = [];
  for (const g of r.world.governments) {
    if (g.level !== 'street' || g.budgetLines.size === 0) continue;
    let lines = 0;
    for (const v of g.budgetLines.values()) lines += v;
    let yearly = 0;
    for (const ct of r.world.open) if (ct.active && ct.budgetLine && ct.buyer === g.id) yearly += (ct.value * 12) / ct.months;
    ratios.push(yearly / lines);
  }
  return ratios;
}

describe('budget lines grown from pilots (neutral city, 10 years, 4 seeds)', () => {
  it('stay within the cap of each street’s budget; a looser cap lets more and larger lines grow', () => {
    const capped = arm(city, { ...seedMoneyOnly, 'policies.seedFund.budgetLineCapShare': 0.02 }, 4);
    const loose = arm(city, { ...seedMoneyOnly, 'policies.seedFund.budgetLineCapShare': 0.2 }, 4);
    for (const r of capped) {
      expect(r.summary.totals.budget_lines_from_pilots).toBeGreaterThan(0);
      expect(largestLineShare(r)).toBeLessThanOrEqual(0.02);
      // And what the contracts on those lines cost a year stays within them, even at the price
      // ceiling: the lot is sized so that the ceiling is the line.
      const ratios = lineContractsOverLines(r);
      expect(Math.max(...ratios)).toBeGreaterThan(0.5);
      expect(Math.max(...ratios)).toBeLessThanOrEqual(1 + 1e-9);
    }
    // The cap binds: without it the same pilots grow lines beyond 2% of a street's budget.
    expect(Math.max(...loose.map(largestLineShare))).toBeGreaterThan(0.02);
    expect(mean(loose.map((r) => r.summary.totals.budget_lines_from_pilots))).toBeGreaterThan(1.5 * mean(capped.map((r) => r.summary.totals.budget_lines_from_pilots)));
  });
});
