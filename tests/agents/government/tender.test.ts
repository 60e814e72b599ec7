/**
 * Tenders as competition (src/agents/government/tender.ts): bidders' own costs differ, the
 * cheaper one wins more often, nobody bids for work it cannot staff or carry, the single-source
 * fallback keeps to the lot's area and ceiling, money follows residents under vouchers, and
 * city-wide bidding lets a large provider spread.
 */
import { describe, expect, it } from 'vitest';
import { bidderCost } from '../../../src/agents/government/tender.ts';
import { advance, startRun, type RunState } from '../../../src/model/run.ts';
import type { Organization } from '../../../src/state/organization.ts';
import { arm, fixture, loadScenario, mean } from '../../helpers/scenario.ts';

/** Set a provider's pay level (what it pays its staff, relative to labour.wagePerMonth). */
function payAt(o: Organization, level: number): void {
  o.payLevel = level;
  (o as { basePayLevel: number }).basePayLevel = level;
}

/** The first year's contracts of a run of the two-bidders fixture, after `prepare` adjusts the providers. */
function firstRound(seed: number, prepare: (state: RunState) => void, sets: Record<string, unknown> = {}): RunState {
  const state = startRun(loadScenario(fixture('two-bidders.yaml'), sets), seed);
  prepare(state);
  return advance(state, { stopBefore: 12 });
}

describe('bidding as competition', () => {
  it('prices each bidder’s own costs: its pay and its scale', () => {
    const { world } = firstRound(1, () => undefined);
    const [a, b] = world.orgs;
    payAt(a, 0.8);
    payAt(b, 1.2);
    expect(bidderCost(world, a, 5, 12)).toBeLessThan(bidderCost(world, b, 5, 12));
    // Fixed costs spread over more contracts: a provider carrying work already bids lower.
    const alone = bidderCost(world, a, 5, 12);
    a.activeContracts += 2;
    expect(bidderCost(world, a, 5, 12)).toBeLessThan(alone);
    a.activeContracts -= 2;
  });

  it('the bidder with lower costs wins more often (30 seeds)', () => {
    let cheapWins = 0;
    let dearWins = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const { world } = firstRound(seed, ({ world: w }) => {
        payAt(w.orgs[0], 0.85);
        payAt(w.orgs[1], 1.15);
      });
      for (const ct of world.contracts) (ct.org === 0 ? cheapWins++ : ct.org === 1 ? dearWins++ : 0);
    }
    expect(cheapWins + dearWins).toBeGreaterThan(20);
    expect(cheapWins).toBeGreaterThan(2 * dearWins);
  });

  it('nobody bids for work it cannot staff or carry: no cash, no credit and no workers to hire means no contract', () => {
    const { world } = firstRound(
      1,
      ({ world: w }) => {
        for (const o of w.orgs) o.cash = -1e9;
      },
      { 'labour.poolPer10k': 0, 'policies.payments.advanceShare': 0, 'policies.payments.delayMonths': 6, 'policies.bidding.fallbackToSingleSource': false },
    );
    expect(world.contracts.length).toBe(0);
  });

  it('the single-source fallback keeps to the lot’s area and pays no more than the ceiling', () => {
    const runs = arm(fixture('two-districts.yaml'), { years: 2, 'policies.bidding.method': 'singleSource' }, 4);
    for (const r of runs) {
      const home = Math.floor(r.world.orgs[0].street / 2);
      for (const ct of r.world.contracts) {
        expect(Math.floor(ct.street / 2)).toBe(home);
        // Its price is its own cost with a markup, at most the ceiling: the buyer's cost per need × (1 + priceCeiling).
        const ceiling = r.world.unitCost[ct.domain] * (1 + r.world.scenario.policies.bidding.priceCeiling);
        expect(ct.unitPrice).toBeLessThanOrEqual(ceiling * (1 + 1e-9));
      }
      expect(r.world.contracts.length).toBeGreaterThan(0);
    }
  });
});

describe('vouchers: money follows the residents’ choice', () => {
  it('the provider residents prefer serves more of them and grows (20 seeds)', () => {
    const runs = arm(fixture('vouchers.yaml'), {}, 20);
    const share = runs.map((r) => {
      const units = [0, 0];
      for (const ct of r.world.contracts) if (ct.org < 2) units[ct.org] += ct.unitsDelivered;
      return units[0] + units[1] > 0 ? units[1] / (units[0] + units[1]) : 0.5;
    });
    // Provider 1 is the skilled one (0.7 against 0.3).
    expect(mean(share)).toBeGreaterThan(0.55);
    expect(mean(runs.map((r) => r.world.orgs[1].staff))).toBeGreaterThan(1.3 * mean(runs.map((r) => r.world.orgs[0].staff)));
    // Every provider is paid per resident served, and the scheme never pays out more than its budget.
    for (const r of runs) for (const ct of r.world.contracts) expect(ct.paid).toBeLessThanOrEqual(ct.unitsDelivered * ct.unitPrice * r.world.peoplePerAgent + 1e-6);
  });
});

describe('city-wide bidding', () => {
  it('lets a large provider win work outside its own district; district bidding keeps it at home', () => {
    const districtsServed = (scope: string) =>
      arm(fixture('two-districts.yaml'), { years: 4, 'policies.bidding.scope': scope }, 4).map((r) => new Set(r.world.contracts.filter((c) => c.org === 0).map((c) => Math.floor(c.street / 2))).size);
    expect(Math.max(...districtsServed('district'))).toBe(1);
    expect(mean(districtsServed('city'))).toBeGreaterThan(1.4);
  });
});
