/**
 * Relief of committees (减负, src/policies/relief.ts): time freed from administrative tasks goes
 * to residents, so committees serve more of the needs they hold — not only resist less (that
 * and its cost are tested in tests/agents/incumbentCommittee.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/run.ts';
import { arm, fixture, loadScenario, mean, welchT } from '../helpers/scenario.ts';

const city = fixture('neutral-city.yaml');
const SEEDS = 6;

describe('relief raises the committees’ service rate (neutral city, 6 seeds per arm)', () => {
  it('where nothing is bought, committees alone serve, and relief of 0.3 of their load lifts the share of needs met from 0.50 to about 0.575', () => {
    // No purchase and no transfer: every served need is a committee's (volunteer groups aside).
    const noReform = { years: 3, 'policies.bidding.fromYear': 50, 'policies.transfer.fromYear': 50 };
    const needsMet = (runs: ReturnType<typeof arm>) => runs.map((r) => mean(r.series.map((row) => row.needs_met_share)));
    const without = needsMet(arm(city, noReform, SEEDS));
    const relieved = needsMet(arm(city, { ...noReform, 'policies.relief.enabled': true }, SEEDS));
    // The committees' monthly service rate is 0.5; relief adds serviceGain 0.5 × share 0.3 of it.
    expect(mean(without)).toBeGreaterThan(0.49);
    expect(mean(without)).toBeLessThan(0.51);
    expect(mean(relieved)).toBeGreaterThan(0.565);
    expect(mean(relieved)).toBeLessThan(0.585);
    expect(welchT(relieved, without)).toBeGreaterThan(3);
  });

  it('under reform, relieved committees serve more needs themselves, with resistance left out of it (resistanceRelief 0)', () => {
    // Needs a committee served this month: all served, less those providers and volunteer groups served.
    const committeeShare = (relief: boolean) =>
      Array.from({ length: SEEDS }, (_, i) => {
        let byCommittees = 0;
        let needs = 0;
        simulate(loadScenario(city, { years: 6, 'policies.relief.enabled': relief, 'policies.relief.resistanceRelief': 0 }), i + 1, {
          onMonth: (w) => {
            byCommittees += w.counters.served - w.counters.servedByOrgs - w.counters.servedByVolunteers;
            needs += w.counters.needs;
          },
        });
        return byCommittees / needs;
      });
    const relieved = committeeShare(true);
    const without = committeeShare(false);
    expect(mean(relieved)).toBeGreaterThan(1.1 * mean(without));
    expect(welchT(relieved, without)).toBeGreaterThan(3);
  });
});
