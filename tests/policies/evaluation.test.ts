import { describe, expect, it } from 'vitest';
import { evaluationSchema, evaluationScore } from '../../src/policies/evaluation.ts';
import { arm, fixture, mean, welchT } from '../helpers/scenario.ts';

/** Insiders' mean share of contract value, per seed, where incumbents resist and have providers of their own. */
const insiderShare = (sets: Record<string, unknown>, seeds = 40) =>
  arm(fixture('insiders.yaml'), sets, seeds).map((r) => mean(r.series.map((row) => row.insider_contract_share)));

describe('evaluation', () => {
  it('a self-evaluating buyer rates insiders up when incumbents push; a third party does not', () => {
    const self = evaluationSchema.parse({ mode: 'self', selfNoise: 0 });
    const third = evaluationSchema.parse({ mode: 'thirdParty', thirdPartyNoise: 0 });
    const zero = () => 0;
    expect(evaluationScore(0.5, true, 1, self, zero)).toBeCloseTo(0.5 + self.insiderBias, 9);
    expect(evaluationScore(0.5, false, 1, self, zero)).toBeCloseTo(0.5, 9);
    expect(evaluationScore(0.5, true, 1, third, zero)).toBeCloseTo(0.5, 9);
    expect(evaluationScore(0.95, true, 1, self, zero)).toBe(1);
  });

  it('third-party evaluation lowers the insiders’ share of contract value (40 seeds)', () => {
    const third = insiderShare({ 'policies.evaluation.mode': 'thirdParty', 'policies.bidding.transparency': 0 });
    const self = insiderShare({ 'policies.evaluation.mode': 'self', 'policies.bidding.transparency': 0 });
    expect(mean(self) - mean(third)).toBeGreaterThan(0.05);
    expect(welchT(self, third)).toBeGreaterThan(2);
  });

  it('third-party evaluation with full disclosure cuts the insiders’ capture (40 seeds)', () => {
    // Insiders still win some work on its merits (a third of the providers are theirs, and their
    // incumbents house them); what goes is the share steering and biased scores gave them.
    const clean = insiderShare({ 'policies.evaluation.mode': 'thirdParty', 'policies.bidding.transparency': 1 });
    const captured = insiderShare({ 'policies.evaluation.mode': 'self', 'policies.bidding.transparency': 0 });
    expect(mean(captured) - mean(clean)).toBeGreaterThan(0.1);
    expect(welchT(captured, clean)).toBeGreaterThan(3);
  });
});
