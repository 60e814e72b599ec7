/**
 * The compensation lever's own rules (src/policies/compensation.ts). Its effects — lower
 * resistance, more transfers through, and a cost equal to what it makes good — are tested over
 * many seeds in tests/agents/incumbentCommittee.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { compensationSchema, referralProbability } from '../../src/policies/compensation.ts';

describe('incumbent compensation', () => {
  const p = compensationSchema.parse({ enabled: true, newRole: false });

  it('a referral role sends more residents on to providers', () => {
    expect(referralProbability(0.2, 0, { ...p, newRole: true })).toBeGreaterThan(referralProbability(0.2, 0, p));
    expect(referralProbability(0.2, 0, p)).toBeCloseTo(0.2, 12);
  });

  it('a resisting committee refers fewer residents, none at full resistance', () => {
    expect(referralProbability(0.4, 0.5, p)).toBeCloseTo(0.2, 12);
    expect(referralProbability(0.4, 1, { ...p, newRole: true })).toBe(0);
  });
});
