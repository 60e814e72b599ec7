import { describe, expect, it } from 'vitest';
import { resumeRun, takeCheckpoint } from '../../src/model/checkpoint.ts';
import { advance, finish, simulate, startRun } from '../../src/model/run.ts';
import { loadScenario, mean, sd } from '../helpers/scenario.ts';

describe('checkpoints', () => {
  const scenario = loadScenario('chifeng-xitun.yaml', { years: 8 });

  it('continuing from a checkpoint gives exactly the uninterrupted run', () => {
    const whole = simulate(scenario, 11);
    const state = advance(startRun(scenario, 11), { stopBefore: 36 });
    const cp = takeCheckpoint(state);
    // Going on with the original must not disturb the checkpoint.
    finish(advance(state));
    const resumed = finish(advance(resumeRun(cp)));
    expect(JSON.stringify(resumed.series)).toBe(JSON.stringify(whole.series));
    expect(JSON.stringify(resumed.summary)).toBe(JSON.stringify(whole.summary));
  });

  it('a checkpoint survives structured cloning (as in a worker message)', () => {
    const cp = structuredClone(takeCheckpoint(advance(startRun(scenario, 5), { stopBefore: 24 })));
    const resumed = finish(advance(resumeRun(cp)));
    expect(JSON.stringify(resumed.series)).toBe(JSON.stringify(simulate(scenario, 5).series));
  });

  it('branching policy variants from one warm state shares their history', () => {
    const cp = takeCheckpoint(advance(startRun(scenario, 3), { stopBefore: 48 }));
    const a = finish(advance(resumeRun(cp, { 'policies.payments.advanceShare': 0 })));
    const b = finish(advance(resumeRun(cp, { 'policies.payments.advanceShare': 0.9 })));
    expect(JSON.stringify(a.series.slice(0, 48))).toBe(JSON.stringify(b.series.slice(0, 48)));
    expect(a.world.scenario.policies.payments.advanceShare).toBe(0);
    expect(b.world.scenario.policies.payments.advanceShare).toBe(0.9);
    expect(JSON.stringify(a.series)).not.toBe(JSON.stringify(b.series));
  });

  it('common random numbers after the branch shrink the noise in policy differences', () => {
    // Mean formal organizations over the months after the branch, under a larger advance payment.
    const outcome = (r: ReturnType<typeof simulate>) => r.series.slice(48).reduce((a, row) => a + row.orgs_active, 0) / (r.series.length - 48);
    const policy = { 'policies.payments.advanceShare': 0.6 };
    const branched: number[] = [];
    const independent: number[] = [];
    for (let seed = 1; seed <= 12; seed++) {
      const cp = takeCheckpoint(advance(startRun(scenario, seed), { stopBefore: 48 }));
      branched.push(outcome(finish(advance(resumeRun(cp, policy)))) - outcome(finish(advance(resumeRun(cp)))));
      // Independent replications: variants with unrelated seeds and histories.
      const treated = loadScenario('chifeng-xitun.yaml', { years: 8, schedule: [{ year: 4, set: policy }] });
      independent.push(outcome(simulate(treated, 1000 + seed)) - outcome(simulate(scenario, 2000 + seed)));
    }
    expect(sd(branched)).toBeLessThan(0.5 * sd(independent));
    expect(Number.isFinite(mean(branched))).toBe(true);
  });
});
