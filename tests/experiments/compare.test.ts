import { describe, expect, it } from 'vitest';
import { compareArms, effectThrough } from '../../src/experiments/compare.ts';
import { ci95, pairedDiff, t975, welchDiff } from '../../src/metrics/statistics.ts';

describe('statistics over replications', () => {
  it('uses Student’s t quantiles', () => {
    expect(t975(1)).toBeCloseTo(12.706, 3);
    expect(t975(9)).toBeCloseTo(2.262, 3);
    expect(t975(1e6)).toBeCloseTo(1.96, 2);
  });

  it('gives the textbook interval for a small sample', () => {
    const c = ci95([1, 2, 3, 4]);
    expect(c.mean).toBe(2.5);
    expect(c.hi - c.mean).toBeCloseTo(3.182 * Math.sqrt(1.6667 / 4), 3);
  });

  it('pairs differences by seed, which removes shared noise', () => {
    const noise = [5, -3, 8, -6, 2, 0, 7, -4];
    const a = noise.map((x) => 10 + x + 1);
    const b = noise.map((x) => 10 + x);
    const paired = pairedDiff(a, b);
    expect(paired.mean).toBeCloseTo(1, 12);
    expect(paired.hi - paired.lo).toBeCloseTo(0, 12);
    const welch = welchDiff(a, b);
    expect(welch.hi - welch.lo).toBeGreaterThan(5);
  });
});

describe('comparing arms', () => {
  it('reports each arm and its paired difference from the first', () => {
    const runs = (shift: number) => [1, 2, 3, 4, 5].map((x) => ({ y: x + shift, z: x === 3 ? null : x }));
    const { outcomes, differences } = compareArms(
      [
        { arm: 'a', runs: runs(0) },
        { arm: 'b', runs: runs(2) },
      ],
      ['y', 'z'],
    );
    expect(outcomes.find((r) => r.outcome === 'y' && r.arm === 'b')!.mean).toBe(5);
    const dy = differences.find((d) => d.outcome === 'y')!;
    expect(dy).toMatchObject({ arm: 'b', reference: 'a', mean: 2, clear: true });
    // Undefined values drop out of the arm's interval and of the pairs.
    expect(outcomes.find((r) => r.outcome === 'z' && r.arm === 'a')!.n).toBe(4);
    expect(differences.find((d) => d.outcome === 'z')!).toMatchObject({ n: 4, mean: 0, clear: false });
  });
});

describe('how much of a policy’s effect goes through a mechanism', () => {
  const arm = (arm: string, xs: (number | null)[]) => ({ arm, runs: xs.map((x) => ({ y: x })) });
  it('is the policy’s effect with the mechanism minus its effect without it, seed by seed', () => {
    // Per seed: the policy adds 10 with the mechanism and 4 without it, give or take the seed's noise.
    const place = arm('p', [1, 2, 3, 4]);
    const policy = arm('p:x', [11, 12.5, 12.5, 14]);
    const knocked = arm('p:no-m', [0, 1, 1, 2]);
    const both = arm('p:x:no-m', [4, 5.5, 4.5, 6]);
    const [row] = effectThrough(place, policy, knocked, both, ['y']);
    expect(row.withMechanism.mean).toBeCloseTo(10, 10);
    expect(row.withoutMechanism.mean).toBeCloseTo(4, 10);
    expect(row.through.mean).toBeCloseTo(6, 10);
    expect(row.through).toEqual(pairedDiff([10, 10.5, 9.5, 10], [4, 4.5, 3.5, 4]));
    expect(row.clear).toBe(true);
  });

  it('leaves out a seed where any of the four runs has no value, and is not clear when the effect does not depend on the mechanism', () => {
    const [row] = effectThrough(arm('p', [1, 2, null, 4]), arm('p:x', [2, 3.5, 5, 5]), arm('p:no-m', [0, 0, 0, 0]), arm('p:x:no-m', [1, 1.5, 1, 1]), ['y']);
    expect(row.through.n).toBe(3);
    expect(row.through.mean).toBeCloseTo(0, 10);
    expect(row.clear).toBe(false);
  });
});
