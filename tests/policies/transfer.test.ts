import { describe, expect, it } from 'vitest';
import { blockProbability, transferSchema } from '../../src/policies/transfer.ts';
import { loadScenario, mean, runSeeds, welchT } from '../helpers/scenario.ts';

describe('transfer of functions', () => {
  const p = transferSchema.parse({ blockFactor: 0.8, deadlineYear: 6 });

  it('is blocked more often by resistant committees and less under political will', () => {
    expect(blockProbability(0.9, 0.2, p, 3)).toBeGreaterThan(blockProbability(0.2, 0.2, p, 3));
    expect(blockProbability(0.9, 0.9, p, 3)).toBeLessThan(blockProbability(0.9, 0.2, p, 3));
  });

  it('cannot be blocked from the deadline year of a phased transfer on', () => {
    expect(blockProbability(1, 0, p, 6)).toBe(0);
  });

  it('transferring a larger share of incumbents’ functions raises resistance (20 seeds)', () => {
    const resistance = (targetShare: number) =>
      runSeeds(loadScenario('chifeng-xitun.yaml', { years: 10, 'policies.transfer.targetShare': targetShare, 'policies.transfer.perYear': 0.5 }), 20).map((r) => r.summary.final.resistance_mean);
    const large = resistance(1);
    const small = resistance(0.3);
    expect(mean(large) - mean(small)).toBeGreaterThan(0.3);
    expect(welchT(large, small)).toBeGreaterThan(3);
  });
});
