import { describe, expect, it } from 'vitest';
import { compensationOffset, compensationSchema, referralProbability } from '../../src/policies/compensation.ts';
import { loadScenario, mean, runSeeds, welchT } from '../helpers/scenario.ts';

describe('incumbent compensation', () => {
  const p = compensationSchema.parse({ enabled: true, share: 0.5, staffReassigned: 0, newRole: false });

  it('offsets a share of the loss, never more than the loss', () => {
    expect(compensationOffset(0.6, p)).toBeCloseTo(0.3, 9);
    expect(compensationOffset(0.6, null)).toBe(0);
    expect(compensationOffset(0.1, { ...p, share: 1, newRole: true })).toBeCloseTo(0.1, 9);
  });

  it('a referral role sends more residents on to providers', () => {
    expect(referralProbability(0.2, { ...p, newRole: true })).toBeGreaterThan(referralProbability(0.2, p));
  });

  it('lowers incumbents’ resistance (20 seeds)', () => {
    const resistance = (enabled: boolean) =>
      runSeeds(loadScenario('chifeng-xitun.yaml', { years: 10, 'policies.compensation.enabled': enabled }), 20).map((r) => r.summary.final.resistance_mean);
    const on = resistance(true);
    const off = resistance(false);
    expect(mean(off) - mean(on)).toBeGreaterThan(0.3);
    expect(welchT(off, on)).toBeGreaterThan(3);
  });
});
