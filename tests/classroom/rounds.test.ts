/**
 * Rounds of a classroom session as the worker runs them: a world continued from its checkpoint
 * round after round is the same world as one run straight through, and a package changes what
 * it should, against the status quo on the same seeds.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CRITERIA } from '../../src/classroom/criteria.ts';
import { runRound, type RoundJob } from '../../src/classroom/job.ts';
import { OUTCOME_IDS } from '../../src/report/classroom/outcomes.ts';
import { parseScenarioText } from '../../src/scenario/load.ts';

// Xitun at a ninth of its size: the same street, quicker runs. A ninth of its people would bring
// forward a ninth of the teams for incubator places; as many come as at full size.
const base = parseScenarioText(readFileSync('scenarios/chifeng-xitun.yaml', 'utf8'), 'chifeng-xitun.yaml', ['region.population=3000', 'policies.incubator.teamsPer1kVolunteersPerMonth=180']);
const job = (over: Partial<RoundJob>): RoundJob => ({ key: 'k', seed: 1, parent: null, values: {}, months: 24, round: 1, ...over });

describe('a round of a classroom session', () => {
  it('continued from its checkpoint gives the world an uninterrupted run gives', () => {
    const pkg = { 'policies.payments.advanceShare': 0.8, 'governments.street.purchaseShare': 0.1 };
    const first = runRound(job({ values: pkg }), base, null);
    const second = runRound(job({ round: 2, parent: 'k' }), base, first);
    const straight = runRound(job({ values: pkg, months: 48 }), base, null);
    expect(second.checkpoint.month).toBe(48);
    expect(second.checkpoint.series).toEqual(straight.checkpoint.series);
    expect(second.record).toMatchObject({ round: 2, startMonth: 24, months: 24, formalAtSessionStart: first.record.formalAtSessionStart });
    expect(second.record.trajectory.needs_met_share).toHaveLength(24);
    expect(Object.keys(second.record.figures).sort()).toEqual([...OUTCOME_IDS].sort());
    for (const c of CRITERIA) expect(second.record.measures[c], c).not.toBeNull();
  });

  it('changes what its levers act on, against the status quo on the same seeds', () => {
    // Rounds of years 2–4, when Xitun buys services, after a shared warm-up of two years.
    // The extra incubator places at their grant and running cost a month.
    const inc = base.policies.incubator;
    const extraGrants = (30 - inc.slots) * 12 * (inc.grantPerMonth + inc.operatingCostPerSlotPerMonth);
    for (const seed of [1, 2, 3]) {
      const warm = runRound(job({ seed, round: 0 }), base, null);
      const round = (values: RoundJob['values']) => runRound(job({ seed, parent: 'w', months: 36, values }), base, warm).record.measures;
      const sq = round({});
      const incubator = round({ 'policies.incubator.slots': 30 });
      expect(incubator.cost! - sq.cost!, `seed ${seed}`).toBeGreaterThan(0.6 * extraGrants);
      expect(incubator.cost! - sq.cost!, `seed ${seed}`).toBeLessThan(1.1 * extraGrants);
      expect(incubator.growth! - sq.growth!, `seed ${seed}`).toBeGreaterThan(20);
      // Transferring functions twice as fast stirs committees' resistance.
      expect(round({ 'policies.transfer.perYear': 0.5 }).resistance! - sq.resistance!, `seed ${seed}`).toBeGreaterThan(0.03);
    }
  });

  it('refuses to run past the scenario’s years', () => {
    expect(() => runRound(job({ months: 12 * 21 }), base, null)).toThrow(/past the scenario's 20 years/);
  });
});
