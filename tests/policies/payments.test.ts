import { describe, expect, it } from 'vitest';
import { advanceOf, instalmentOf, offeredValue, paymentsSchema } from '../../src/policies/payments.ts';
import { loadScenario, mean, runSeeds, welchT } from '../helpers/scenario.ts';

describe('payment terms', () => {
  const p = paymentsSchema.parse({ advanceShare: 0.3, delayMonths: 2, staffCostsAllowed: false, staffCostShare: 0.7 });

  it('split a contract into an advance and equal instalments that add up to its value', () => {
    expect(advanceOf(120000, p) + 12 * instalmentOf(120000, 12, p)).toBeCloseTo(120000, 6);
    expect(advanceOf(120000, p)).toBeCloseTo(36000, 6);
  });

  it('drop staff costs from the offered value when staff costs are not allowed', () => {
    expect(offeredValue(100000, p)).toBeCloseTo(30000, 6);
    expect(offeredValue(100000, { ...p, staffCostsAllowed: true })).toBe(100000);
  });

  it('advance payment lowers insolvency exits against reimbursement six months late (20 seeds)', () => {
    const insolvencies = (sets: Record<string, unknown>) =>
      runSeeds(loadScenario('chifeng-xitun.yaml', { years: 10, ...sets }), 20).map((r) => r.summary.exits_by_cause.insolvency);
    const advance = insolvencies({ 'policies.payments.advanceShare': 0.5, 'policies.payments.delayMonths': 0 });
    const late = insolvencies({ 'policies.payments.advanceShare': 0, 'policies.payments.delayMonths': 6 });
    // Xitun's providers are all small (a handful of staff): fronting six months of wages breaks them.
    expect(mean(late) - mean(advance)).toBeGreaterThan(10);
    expect(mean(advance)).toBeLessThan(0.5 * mean(late));
    expect(welchT(late, advance)).toBeGreaterThan(3);
  });

  it('hurts more the more a provider wins: insolvency under late payment is concentrated among contract holders', () => {
    const runs = runSeeds(loadScenario('chifeng-xitun.yaml', { years: 10, 'policies.payments.advanceShare': 0, 'policies.payments.delayMonths': 6 }), 10);
    let withContract = 0;
    let without = 0;
    for (const r of runs)
      for (const o of r.world.orgs) if (o.exitCause === 'insolvency') (o.everContracted ? withContract++ : without++);
    expect(withContract).toBeGreaterThan(3 * Math.max(1, without));
  });
});
