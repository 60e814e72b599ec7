import { describe, expect, it } from 'vitest';
import { loadScenario, mean, runSeeds, welchT } from '../helpers/scenario.ts';

describe('incubator', () => {
  it('raises the number of registered organizations (20 seeds, 10 years)', () => {
    const registered = (enabled: boolean) =>
      runSeeds(loadScenario('chifeng-xitun.yaml', { years: 10, 'policies.incubator.enabled': enabled }), 20).map((r) => r.summary.final.orgs_registered);
    const on = registered(true);
    const off = registered(false);
    expect(mean(on)).toBeGreaterThan(1.5 * mean(off));
    expect(mean(on) - mean(off)).toBeGreaterThan(5);
    expect(welchT(on, off)).toBeGreaterThan(3);
  });

  it('produces incubated and upgraded organizations only when enabled', () => {
    const origins = (enabled: boolean) => {
      const [run] = runSeeds(loadScenario('chifeng-xitun.yaml', { years: 6, 'policies.incubator.enabled': enabled }), 1);
      return new Set(run.world.orgs.map((o) => o.origin));
    };
    expect(origins(true).has('incubated')).toBe(true);
    expect(origins(true).has('upgraded')).toBe(true);
    expect(origins(false).has('incubated')).toBe(false);
    expect(origins(false).has('upgraded')).toBe(false);
  });

  it('takes new teams only as the volunteer base brings them forward (8 seeds, 5 years)', () => {
    const incubated = (sets: Record<string, unknown>) =>
      runSeeds(loadScenario('chifeng-xitun.yaml', { years: 5, ...sets }), 8).map((r) => r.world.orgs.filter((o) => o.origin === 'incubated').length);
    const unlimited = { 'policies.incubator.teamsPer1kVolunteersPerMonth': 1000 };
    // A thin base (few residents volunteer): places stay empty for want of teams.
    const thin = { 'residents.volunteerShare': 0.003 };
    const limited = incubated(thin);
    const lifted = incubated({ ...thin, ...unlimited });
    expect(mean(limited)).toBeLessThan(0.7 * mean(lifted));
    expect(welchT(lifted, limited)).toBeGreaterThan(3);
    // Xitun's own base brings enough: the limit lifted, the runs are the same, draw for draw (its
    // own random stream leaves the incubator's other draws alone).
    const asItIs = runSeeds(loadScenario('chifeng-xitun.yaml', { years: 5 }), 3).map((r) => JSON.stringify(r.summary));
    expect(runSeeds(loadScenario('chifeng-xitun.yaml', { years: 5, ...unlimited }), 3).map((r) => JSON.stringify(r.summary))).toEqual(asItIs);
  });
});
