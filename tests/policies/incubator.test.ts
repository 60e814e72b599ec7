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
});
