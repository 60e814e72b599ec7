import { describe, expect, it } from 'vitest';
import { meets, parseThreshold } from '../../src/experiments/thresholds.ts';
import { discoveryOptions } from '../../src/cli/commands/discover.ts';

describe('parseThreshold', () => {
  it.each([
    ['<= 5', { op: '<=', value: 5 }],
    ['≤ 5', { op: '<=', value: 5 }],
    [' ≥0.8 ', { op: '>=', value: 0.8 }],
    ['>= -1e3', { op: '>=', value: -1000 }],
    ['< .5', { op: '<', value: 0.5 }],
    ['> 10', { op: '>', value: 10 }],
  ])('reads "%s"', (text, threshold) => {
    expect(parseThreshold(text)).toEqual(threshold);
  });

  it('reads a bare number as the direction says, and refuses what is not a comparison', () => {
    expect(parseThreshold('3', 'maximize')).toEqual({ op: '>=', value: 3 });
    expect(parseThreshold(3)).toEqual({ op: '<=', value: 3 });
    for (const text of ['', '=< 3', '≦ 3', '<= three', '<= 3 4', '< ', 'about 3']) expect(parseThreshold(text)).toBeNull();
  });

  it('compares as it reads', () => {
    expect(meets(5, parseThreshold('≤ 5')!)).toBe(true);
    expect(meets(5, parseThreshold('< 5')!)).toBe(false);
    expect(meets(0.8, parseThreshold('≥ 0.8')!)).toBe(true);
  });
});

describe('govbuy discover --where', () => {
  it('takes ≤ and ≥ as <= and >=, and refuses a bare number', () => {
    expect(discoveryOptions({ outcome: 'x', where: '≥ 2', folder: 'f' }).where).toEqual({ op: '>=', value: 2 });
    expect(() => discoveryOptions({ outcome: 'x', where: '2', folder: 'f' })).toThrow(/takes a comparison and a number/);
  });
});
