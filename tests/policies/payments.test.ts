import { describe, expect, it } from 'vitest';
import { advanceOf, instalmentOf, offeredValue, paymentsSchema } from '../../src/policies/payments.ts';
import { arm, fixture, mean, welchT } from '../helpers/scenario.ts';

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

  // The neutral city (10 years, 8 seeds): young providers win contracts early, so how they are
  // paid decides whether they last.
  const city = fixture('neutral-city.yaml');
  const late = () => arm(city, { 'policies.payments.advanceShare': 0, 'policies.payments.delayMonths': 6 }, 8);
  const advance = () => arm(city, { 'policies.payments.advanceShare': 0.5, 'policies.payments.delayMonths': 0 }, 8);

  it('advance payment lowers insolvency exits against reimbursement six months late', () => {
    const insolvencies = (runs: ReturnType<typeof late>) => runs.map((r) => r.summary.exits_by_cause.insolvency);
    expect(mean(insolvencies(advance()))).toBeLessThan(0.5 * mean(insolvencies(late())));
    expect(welchT(insolvencies(late()), insolvencies(advance()))).toBeGreaterThan(3);
  });

  it('hurts those who win: under late payment most winners end insolvent, against few with an advance', () => {
    const insolventWinners = (runs: ReturnType<typeof late>) => {
      let winners = 0;
      let insolvent = 0;
      for (const r of runs)
        for (const id of new Set(r.world.contracts.map((c) => c.org))) {
          winners++;
          if (r.world.orgs[id].exitCause === 'insolvency') insolvent++;
        }
      return insolvent / winners;
    };
    expect(insolventWinners(late())).toBeGreaterThan(0.5);
    expect(insolventWinners(late())).toBeGreaterThan(3 * insolventWinners(advance()));
  });
});
