import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/run.ts';
import { violation } from '../helpers/invariants.ts';
import { loadScenario } from '../helpers/scenario.ts';

describe('accounting invariants hold every month', () => {
  const variants: Record<string, Record<string, unknown>> = {
    'the Xitun preset': {},
    'late reimbursement without staff costs': { 'policies.payments.advanceShare': 0, 'policies.payments.delayMonths': 6, 'policies.payments.staffCostsAllowed': false, 'policies.payments.extraDelayProbability': 0.2 },
    'vouchers with seed money and compensation': { 'policies.bidding.mode': 'voucher', 'policies.seedFund.lotteryFundPerYear': 3000000, 'policies.compensation.enabled': true, 'policies.contracts.lengthYears': 2, 'policies.contracts.midTermCutProbability': 0.3 },
    'a scaled-down region with several streets': { 'region.population': 60000, 'region.peoplePerAgent': 10, 'region.districts': 2, 'region.streetsPerDistrict': 2, 'governments.district.purchaseShare': 0.03, 'policies.bidding.method': 'invitedTender' },
  };
  for (const [name, sets] of Object.entries(variants)) {
    it(`for ${name}`, () => {
      const scenario = loadScenario('chifeng-xitun.yaml', { years: 8, ...sets });
      for (const seed of [1, 2, 3]) {
        const problems: string[] = [];
        simulate(scenario, seed, {
          onMonth: (w, row) => {
            if (problems.length === 0) {
              const v = violation(w, row);
              if (v) problems.push(v);
            }
          },
        });
        expect(problems, `seed ${seed}`).toEqual([]);
      }
    });
  }
});
