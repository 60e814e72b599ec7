import { describe, expect, it } from 'vitest';
import { applyEntry } from '../../src/model/scheduleChanges.ts';
import { simulate } from '../../src/model/run.ts';
import { loadScenario } from '../helpers/scenario.ts';

describe('the policy schedule', () => {
  const base = loadScenario('chifeng-xitun.yaml', { years: 8 });

  it('switches payment terms at the scheduled year for contracts signed from then on', () => {
    const scenario = loadScenario('chifeng-xitun.yaml', {
      years: 8,
      'policies.payments.advanceShare': 0,
      schedule: [{ year: 5, set: { 'policies.payments.advanceShare': 0.8 } }],
    });
    const { world } = simulate(scenario, 1);
    // A renewal starting in month 60 was signed in month 59, under the old terms.
    const signedFromYear5 = (c: (typeof world.contracts)[number]) => c.startMonth > 60 || (c.startMonth === 60 && c.renewals === 0);
    const early = world.contracts.filter((c) => c.startMonth < 60 && c.kind === 'contract');
    const late = world.contracts.filter((c) => signedFromYear5(c) && c.kind === 'contract');
    expect(early.length).toBeGreaterThan(0);
    expect(late.length).toBeGreaterThan(0);
    for (const c of early) expect(c.advance).toBe(0);
    for (const c of late) expect(c.advance).toBeCloseTo(0.8 * c.value, 6);
    expect(world.scenario.policies.payments.advanceShare).toBe(0.8);
  });

  it('merges an object into the section it names instead of resetting it', () => {
    const next = applyEntry(base, { year: 1, set: { 'policies.incubator': { slots: 3 } } });
    expect(next.policies.incubator.slots).toBe(3);
    expect(next.policies.incubator.enabled).toBe(base.policies.incubator.enabled);
    expect(next.policies.incubator.months).toBe(base.policies.incubator.months);
    expect(base.policies.incubator.slots).not.toBe(3); // the original scenario is untouched
  });

  it('refuses to change the region or the clock during a run', () => {
    expect(() => applyEntry(base, { year: 1, set: { 'region.population': 5 } })).toThrow(/cannot change during a run/);
    expect(() => applyEntry(base, { year: 1, set: { policies: {} } })).toThrow(/cannot change during a run/);
  });
});
