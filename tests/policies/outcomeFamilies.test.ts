import { describe, expect, it } from 'vitest';
import { COMPARE_OUTCOMES } from '../../src/experiments/compare.ts';
import { OUTCOMES } from '../../src/experiments/outcomes.ts';
import { askedOutcomes, HEADLINE_OUTCOMES, LEVER_OUTCOMES, leverOfPath } from '../../src/policies/outcomeFamilies.ts';
import { policiesSchema } from '../../src/policies/registry.ts';

const known = new Set([...COMPARE_OUTCOMES, ...OUTCOMES]);
const names = (choices: readonly (string | readonly string[])[]) => choices.flatMap((c) => (typeof c === 'string' ? [c] : c));

describe('outcome families of the levers', () => {
  it('give every lever of the registry a family', () => {
    const levers = Object.keys(policiesSchema.shape);
    expect(levers.filter((l) => !Object.hasOwn(LEVER_OUTCOMES, l))).toEqual([]);
  });

  it('name only outcomes that exist', () => {
    const all = [...Object.values(LEVER_OUTCOMES).flatMap((f) => names(f.outcomes)), ...names(HEADLINE_OUTCOMES)];
    expect(all.filter((o) => !known.has(o))).toEqual([]);
  });

  it('leave every family of an existing lever something to show in a comparison and in a sweep', () => {
    for (const lever of Object.keys(policiesSchema.shape)) {
      expect(askedOutcomes([`policies.${lever}.x`], COMPARE_OUTCOMES).label, lever).not.toBeNull();
      expect(askedOutcomes([`policies.${lever}.x`], OUTCOMES).label, lever).not.toBeNull();
    }
  });

  it('answer a payment question with insolvency first, without repeats, from the levers in order', () => {
    const a = askedOutcomes(['policies.payments.advanceShare', 'policies.payments.delayMonths', 'policies.incubator.enabled'], COMPARE_OUTCOMES);
    expect(a.levers).toEqual(['payments', 'incubator']);
    expect(a.outcomes[0]).toBe('exits_by_cause.insolvency');
    expect(a.outcomes).toContain('final.orgs_registered');
    expect(new Set(a.outcomes).size).toBe(a.outcomes.length);
    expect(a.label).toBe('payments: insolvency and exits; incubator: registrations and entries');
  });

  it('take the first available of alternatives: a run mean in a comparison, the final value in a sweep', () => {
    expect(askedOutcomes(['policies.compensation.enabled'], COMPARE_OUTCOMES).outcomes[0]).toBe('mean_resistance');
    expect(askedOutcomes(['policies.compensation.enabled'], OUTCOMES).outcomes[0]).toBe('final.resistance_mean');
  });

  it('fall back to the headline outcomes for places and for paths outside policies.', () => {
    for (const paths of [[], ['labour.wage'], ['policies.nonsense.x']]) {
      const a = askedOutcomes(paths, COMPARE_OUTCOMES);
      expect(a.label).toBeNull();
      expect(a.outcomes).toContain('final.orgs_per_10k');
      expect(a.outcomes).toContain('mean_resistance');
    }
    expect(leverOfPath('policies.payments.advanceShare')).toBe('payments');
    expect(leverOfPath('region.population')).toBeNull();
  });
});
