import { describe, expect, it } from 'vitest';
import { budgetLeverSpending, loadScenario, runSeeds } from '../helpers/scenario.ts';

describe('government as buyer', () => {
  it('terminates contracts that fail their mid-term review and closes repeat failures', () => {
    // Committees that withhold all cooperation make every delivered service worthless.
    const scenario = loadScenario('chifeng-xitun.yaml', {
      years: 8,
      'committees.initialResistance': 1,
      'committees.resistanceDecay': 0,
      'committees.withholdFactor': 1,
      'governments.street.politicalWill': 0,
      'policies.evaluation.closeAfterFailures': 2,
    });
    const runs = runSeeds(scenario, 3);
    for (const r of runs) {
      expect(r.summary.totals.terminated_contracts).toBeGreaterThan(0);
      expect(r.summary.exits_by_cause.closed).toBeGreaterThan(0);
    }
  });

  it('pays purchased services at a fraction of the in-house cost (Xitun ratio 3.125)', () => {
    const [run] = runSeeds(loadScenario('chifeng-xitun.yaml', { years: 8 }), 1);
    const ratios = run.series.filter((row) => row.cost_ratio_vs_inhouse > 0).map((row) => row.cost_ratio_vs_inhouse);
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    expect(mean).toBeLessThan(0.6);
    expect(mean).toBeGreaterThan(1 / 3.125 - 0.05);
    // The purchase itself saves money: fiscal savings before the levers paid from budgets (Xitun's
    // incubator costs ¥0.28M a year, about what the purchase saves over the first years).
    expect(run.summary.final.fiscal_savings + budgetLeverSpending(run)).toBeGreaterThan(0);
  });
});
