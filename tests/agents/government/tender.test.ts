/**
 * Tenders as competition (src/agents/government/tender.ts): bidders' own costs differ, the
 * cheaper one wins more often, nobody bids for work it cannot staff or carry, the single-source
 * fallback keeps to the lot's area and ceiling, money follows residents under vouchers, and
 * city-wide bidding lets a large provider spread.
 */
import { describe, expect, it } from 'vitest';
import { bidderCost } from '../../../src/agents/government/tender.ts';
import { advance, simulate, startRun, type RunState } from '../../../src/model/run.ts';
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
    }
    // Not vacuous: contracts were signed — about two a run (a run whose agency has lost its staff
    // by the first round, and finds no one to hire, signs none).
    expect(runs.reduce((n, r) => n + r.world.contracts.length, 0)).toBeGreaterThanOrEqual(2 * runs.length);
  });

  it('a tender nobody bids for is awarded through the fallback: to a provider in the lot’s district, at its own price under the ceiling', () => {
    // The agency's main domain is disability, of elder care's family: it never bids for elder care
    // (offDomainBidProbability 0), so every elder-care contract can only come from the fallback.
    // At a 40% ceiling its own cost fits under the lots' ceilings; at none it does not.
    const offDomainAgency = {
      years: 2,
      'organizations.initial': [{ count: 1, status: 'registered', domain: 'disability', staff: 20, skill: 0.6, reputation: 0.6, cashMonths: 12 }],
      'committees.spinOffProbability': 0,
      'labour.wageSpread': 0,
      'policies.bidding.offDomainBidProbability': 0,
      'policies.bidding.priceCeiling': 0.4,
    };
    const runs = arm(fixture('two-districts.yaml'), offDomainAgency, 6);
    for (const r of runs) {
      const home = Math.floor(r.world.orgs[0].street / 2);
      const firstRound = r.world.contracts.filter((ct) => ct.startMonth === 6);
      // Both lots of the agency's district in the first round, none of the other district's.
      expect(firstRound.map((ct) => Math.floor(ct.street / 2))).toEqual([home, home]);
      for (const ct of r.world.contracts) {
        expect(ct.org).toBe(0);
        expect(Math.floor(ct.street / 2)).toBe(home);
        expect(ct.unitPrice).toBeLessThanOrEqual(r.world.unitCost[ct.domain] * 1.4 * (1 + 1e-9));
      }
    }
    for (const r of arm(fixture('two-districts.yaml'), { ...offDomainAgency, 'policies.bidding.fallbackToSingleSource': false }, 6)) expect(r.world.contracts.length).toBe(0);
    for (const r of arm(fixture('two-districts.yaml'), { ...offDomainAgency, 'policies.bidding.priceCeiling': 0 }, 6)) expect(r.world.contracts.length).toBe(0);
  });
});

describe('underbidding then insolvency (neutral city, 8 years, 6 seeds)', () => {
  it('providers that won a tender below their own cost end insolvent far more often than those that won at or above it', () => {
    // Each tendered contract's price against what the work costs its provider, recomputed at the
    // end of the month it was signed (its staff and seniority as then; the fixed costs spread as
    // before this round's wins). A provider is an underbidder if any of its wins was below cost.
    let underbidders = 0;
    let underbiddersInsolvent = 0;
    let others = 0;
    let othersInsolvent = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const underbid = new Map<number, boolean>();
      const run = simulate(loadScenario(fixture('neutral-city.yaml'), { years: 8 }), seed, {
        onMonth: (w) => {
          const signed = w.contracts.filter((ct) => ct.startMonth === w.month && ct.kind === 'contract' && ct.renewals === 0 && ct.pool < 0);
          const wins = new Map<number, number>();
          for (const ct of signed) wins.set(ct.org, (wins.get(ct.org) ?? 0) + 1);
          for (const ct of signed) {
            const o = w.orgs[ct.org];
            o.activeContracts -= wins.get(o.id)!;
            const below = ct.value < bidderCost(w, o, ct.staffNeeded, ct.months) * (1 - 1e-9);
            o.activeContracts += wins.get(o.id)!;
            underbid.set(o.id, (underbid.get(o.id) ?? false) || below);
          }
        },
      });
      for (const [id, below] of underbid) {
        const insolvent = run.world.orgs[id].exitCause === 'insolvency' ? 1 : 0;
        if (below) {
          underbidders++;
          underbiddersInsolvent += insolvent;
        } else {
          others++;
          othersInsolvent += insolvent;
        }
      }
    }
    expect(underbidders).toBeGreaterThan(30);
    expect(others).toBeGreaterThan(30);
    const underbidderRate = underbiddersInsolvent / underbidders;
    const otherRate = othersInsolvent / others;
    expect(underbidderRate - otherRate).toBeGreaterThan(0.1);
    expect(underbidderRate).toBeGreaterThan(3 * otherRate);
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
    // Every provider is paid per resident served (the scheme's budget as a whole: next test).
    for (const r of runs) for (const ct of r.world.contracts) expect(ct.paid).toBeLessThanOrEqual(ct.unitsDelivered * ct.unitPrice * r.world.peoplePerAgent + 1e-6);
  });
});

describe('vouchers within the scheme’s budget', () => {
  it('a scheme smaller than the demand is used up to its budget and never beyond it (8 seeds, 4 years)', () => {
    // A purchase share of 1% funds only part of the street's elder-care needs: residents'
    // choices would overspend the scheme if nothing held them back.
    const runs = arm(fixture('vouchers.yaml'), { years: 4, 'governments.street.purchaseShare': 0.01 }, 8);
    let fullest = 0;
    for (const r of runs) {
      const schemes = new Map<number, { budget: number; owed: number; paid: number }>();
      for (const ct of r.world.contracts) {
        if (ct.pool < 0) continue;
        // Every provider enrolled in a scheme holds the whole lot's value: the scheme's budget.
        const scheme = schemes.get(ct.pool) ?? { budget: ct.value, owed: 0, paid: 0 };
        expect(ct.value).toBe(scheme.budget);
        scheme.owed += ct.unitsDelivered * ct.unitPrice * r.world.peoplePerAgent;
        scheme.paid += ct.paid;
        schemes.set(ct.pool, scheme);
      }
      expect(schemes.size).toBeGreaterThan(0);
      for (const { budget, owed, paid } of schemes.values()) {
        expect(owed).toBeLessThanOrEqual(budget * (1 + 1e-9));
        expect(paid).toBeLessThanOrEqual(budget * (1 + 1e-9));
        fullest = Math.max(fullest, owed / budget);
      }
    }
    // The budget binds: some scheme is spent to the last need.
    expect(fullest).toBeGreaterThan(0.99);
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
