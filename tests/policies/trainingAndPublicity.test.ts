import { describe, expect, it } from 'vitest';
import { loadScenario, mean, runSeeds, welchT } from '../helpers/scenario.ts';

describe('social-work training', () => {
  it('grows the staff providers can hire where workers are scarce (10 seeds)', () => {
    // Scarce: a small pool and few graduates entering it, so training is the main supply.
    const staff = (enabled: boolean) =>
      runSeeds(loadScenario('chifeng-xitun.yaml', { years: 10, 'labour.poolPer10k': 5, 'labour.graduatesPer10kPerYear': 0.5, 'policies.training.enabled': enabled, 'policies.training.workersPer10kPerYear': 3 }), 10).map((r) => r.summary.final.professional_staff);
    const trained = staff(true);
    const untrained = staff(false);
    expect(mean(trained)).toBeGreaterThan(2 * mean(untrained));
    expect(welchT(trained, untrained)).toBeGreaterThan(3);
  });
});

describe('publicity', () => {
  it('raises awareness and with it the share of needs met once services are bought (10 seeds)', () => {
    const needsMet = (enabled: boolean) =>
      runSeeds(loadScenario('chifeng-xitun.yaml', { years: 10, 'policies.publicity.enabled': enabled }), 10).map((r) => mean(r.series.slice(36).map((row) => row.needs_met_share)));
    const loud = needsMet(true);
    const quiet = needsMet(false);
    expect(mean(loud)).toBeGreaterThan(mean(quiet) + 0.01);
    expect(welchT(loud, quiet)).toBeGreaterThan(2);
  });
});
