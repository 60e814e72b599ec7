import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/run.ts';
import { scenarioSchema } from '../../src/scenario/schema.ts';
import { arbitraryScenarioInput, arbitrarySchedule } from '../helpers/arbitraryScenario.ts';
import { violation } from '../helpers/invariants.ts';

describe('any valid scenario', () => {
  it('runs without throwing, and the accounting invariants hold every month', () => {
    fc.assert(
      fc.property(arbitraryScenarioInput, arbitrarySchedule, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (raw, schedule, seed) => {
        const scenario = scenarioSchema.parse({ ...raw, schedule });
        let problem: string | null = null;
        simulate(scenario, seed, {
          onMonth: (w, row) => {
            problem ??= violation(w, row);
          },
        });
        expect(problem).toBeNull();
      }),
      { numRuns: Number(process.env.GOVBUY_PROPERTY_RUNS ?? 60), seed: Number(process.env.GOVBUY_PROPERTY_SEED ?? 20261126) },
    );
  });
});
