/**
 * `govbuy run --threads N` gives the bytes of `--threads 1`: every preset, run with its districts
 * spread over 2 (and 3) threads, gives the same monthly series and summary as in one thread.
 */
import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startRun, advance, simulate, simulateOn } from '../../src/model/run.ts';
import { DistrictThreads } from '../../src/threads/districtThreads.ts';
import { loadScenario } from '../helpers/scenario.ts';

const PRESETS = readdirSync(new URL('../../scenarios/', import.meta.url)).filter((f) => f.endsWith('.yaml'));
const pools: DistrictThreads[] = [];
afterAll(() => pools.forEach((p) => p.close()));
function threads(n: number): DistrictThreads {
  const pool = new DistrictThreads(n);
  pools.push(pool);
  return pool;
}

describe('a run split over threads', () => {
  it('covers every preset', () => expect(PRESETS.length).toBeGreaterThanOrEqual(7));

  const two = { pool: undefined as DistrictThreads | undefined };
  for (const file of PRESETS) {
    it(`${file}: 2 threads give the bytes of 1`, () => {
      two.pool ??= threads(2);
      const scenario = loadScenario(file, { years: 4 });
      const one = simulate(scenario, 5);
      const split = simulateOn(two.pool, scenario, 5);
      expect(JSON.stringify(split.series)).toBe(JSON.stringify(one.series));
      expect(JSON.stringify(split.summary)).toBe(JSON.stringify(one.summary));
    });
  }

  it('5 threads over 12 districts (uneven shares) give the bytes of 1, with policies that touch delivery', () => {
    const scenario = loadScenario('guangzhou.yaml', { years: 5, 'policies.bidding.mode': 'voucher', 'policies.compensation.enabled': true, 'policies.bidding.scope': 'city' });
    const one = simulate(scenario, 11);
    const split = simulateOn(threads(5), scenario, 11);
    expect(split.summary.final.needs_met_share).toBeGreaterThan(0);
    expect(JSON.stringify(split.series)).toBe(JSON.stringify(one.series));
  });

  it('refuses a world that is not on shared memory, saying how to make one', () => {
    const state = startRun(loadScenario('guangzhou.yaml', { years: 1 }), 1);
    expect(() => advance(state, { districts: threads(2) })).toThrow(/shared memory.*shared: true/);
  });

  it('needs at least 2 threads', () => {
    expect(() => new DistrictThreads(1)).toThrow(/2 or more threads/);
  });
});
