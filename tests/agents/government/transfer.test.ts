/**
 * Transfer of functions under petition pressure (src/agents/government/transfer.ts): a
 * government whose area complained above the norm last year puts off part of the year's
 * transfer attempts (维稳), except at a deadline; over many seeds, heavy complaints slow reform.
 */
import { describe, expect, it } from 'vitest';
import { transferYear } from '../../../src/agents/government/transfer.ts';
import { createWorld } from '../../../src/model/world.ts';
import { arm, fixture, loadScenario, mean, welchT } from '../../helpers/scenario.ts';

const city = fixture('neutral-city.yaml');

/**
 * The first transfer year of the neutral city with every government under `pressure`; nothing
 * is blocked (blockFactor 0), so only petition pressure can hold a transfer back. Returns the
 * functions transferred and the functions transferable.
 */
function firstYear(pressure: number, sets: Record<string, unknown> = {}, seed = 1): { transferred: number; transferable: number } {
  const w = createWorld(loadScenario(city, { 'policies.transfer.blockFactor': 0, ...sets }), seed);
  for (const g of w.governments) g.petitionPressure = pressure;
  transferYear(w);
  let transferred = 0;
  let transferable = 0;
  for (const c of w.committees) {
    transferred += c.transferred;
    transferable += c.transferable;
  }
  return { transferred, transferable };
}

describe('petition pressure and the year’s transfers', () => {
  it('without pressure every attempt goes through: perYear (0.25) of the transferable functions', () => {
    const { transferred, transferable } = firstYear(0);
    expect(transferable).toBe(396); // 36 committees × 11 domains bought by a district or a street
    expect(transferred).toBe(99); // ⌈0.25 × 396⌉
  });

  it('full pressure puts off the share petitionTransferSlowdown of the attempts', () => {
    expect(firstYear(1, { 'governments.response.petitionTransferSlowdown': 1 }).transferred).toBe(0);
    // Half put off: about 49.5 of 99 attempts go through (binomial, sd 5); over 6 seeds, 297 ± 12.
    const half = [1, 2, 3, 4, 5, 6].map((seed) => firstYear(1, { 'governments.response.petitionTransferSlowdown': 0.5 }, seed).transferred);
    expect(mean(half)).toBeGreaterThan(49.5 - 8);
    expect(mean(half)).toBeLessThan(49.5 + 8);
    // Half the pressure with a full slowdown puts off the same share.
    const halfPressure = [1, 2, 3, 4, 5, 6].map((seed) => firstYear(0.5, { 'governments.response.petitionTransferSlowdown': 1 }, seed).transferred);
    expect(mean(halfPressure)).toBeGreaterThan(49.5 - 8);
    expect(mean(halfPressure)).toBeLessThan(49.5 + 8);
  });

  it('a deadline forces the targeted transfers through whatever the pressure', () => {
    const { transferred, transferable } = firstYear(1, { 'governments.response.petitionTransferSlowdown': 1, 'policies.transfer.deadlineYear': 0 });
    expect(transferred).toBe(Math.round(0.7 * transferable)); // targetShare 0.7 of 396 = 277
  });
});

describe('spin-offs', () => {
  it('a function leaving a resisting incumbent brings its own provider, starting with the standing organizations.insiderReputation gives it', () => {
    const w = createWorld(loadScenario(city, { 'policies.transfer.blockFactor': 0, 'committees.spinOffProbability': 1, 'organizations.insiderReputation': 0.65 }), 1);
    for (const c of w.committees) c.resistance = 1;
    const before = w.orgs.length;
    transferYear(w);
    const spinOffs = w.orgs.slice(before);
    expect(spinOffs.length).toBeGreaterThan(10);
    for (const o of spinOffs) {
      expect(o.origin).toBe('affiliated');
      expect(o.insider).toBe(true);
      expect(o.reputation).toBe(0.65);
    }
  });
});

describe('heavy complaints slow reform (neutral city, 3 years, 6 seeds per arm)', () => {
  it('where half the residents left waiting complain, the functions transferred lag behind a government that ignores petitions', () => {
    const loud = { years: 3, 'residents.complaintProbability': 0.5 };
    const slowed = arm(city, { ...loud, 'governments.response.petitionTransferSlowdown': 1 }, 6);
    const unmoved = arm(city, { ...loud, 'governments.response.petitionTransferSlowdown': 0 }, 6);
    // At the end of the second and third years (rounds in months 7, 19 and 31: the money arrives in July).
    for (const month of [23, 35]) {
      const share = (runs: typeof slowed) => runs.map((r) => r.series[month].functions_transferred_share);
      expect(mean(share(unmoved)) - mean(share(slowed)), `month ${month + 1}`).toBeGreaterThan(0.1);
      expect(welchT(share(unmoved), share(slowed)), `month ${month + 1}`).toBeGreaterThan(3);
    }
  });
});
