/** runJobs and job pools: outputs in the list's order and equal to running the jobs here, whatever the threads; a pool serves list after list. */
import { describe, expect, it } from 'vitest';
import { openJobPool, RunFailed, runJobs } from '../../src/experiments/jobRunner.ts';
import { runJobsHere, type JobsContext, type SimulationJob } from '../../src/experiments/jobs.ts';
import { loadScenario } from '../helpers/scenario.ts';

// A long and a short scenario, interleaved: on two threads the short runs finish first.
const ctx: JobsContext = {
  scenarios: [loadScenario('chifeng-xitun.yaml', { years: 4, 'region.population': 6000 }), loadScenario('chifeng-xitun.yaml', { years: 1, 'region.population': 2000 })],
  keepOrgs: true,
};
const jobs: SimulationJob[] = [0, 1, 0, 1, 1, 0, 1, 1].map((scenario, i) => ({ scenario, seed: 10 + i }));

describe('runJobs', () => {
  it('hands back the outputs in the order of the jobs, equal to running them here', async () => {
    const here = runJobsHere(ctx, jobs);
    expect(here.map((o) => o.series.length)).toEqual(jobs.map((j) => (j.scenario === 0 ? 48 : 12)));
    expect(here[0].orgs!.length).toBeGreaterThan(0);
    expect(await runJobs(ctx, jobs, { workers: 2 })).toEqual(here);
  });

  it('a pool runs list after list on the same threads', async () => {
    const pool = openJobPool(2);
    try {
      const first = await pool.run(ctx, jobs.slice(0, 3));
      const second = await pool.run({ scenarios: [ctx.scenarios[1]] }, [{ scenario: 0, seed: 3 }]);
      expect(first).toEqual(runJobsHere(ctx, jobs.slice(0, 3)));
      expect(second).toEqual(runJobsHere({ scenarios: [ctx.scenarios[1]] }, [{ scenario: 0, seed: 3 }]));
      expect(second[0].orgs).toBeUndefined();
    } finally {
      await pool.close();
    }
  });

  it('the first failed run stops the list with a RunFailed naming it', async () => {
    // Not a valid scenario (no region): simulate throws in the worker.
    const broken = { ...ctx.scenarios[1], region: null } as unknown as (typeof ctx.scenarios)[number];
    const err = await runJobs({ scenarios: [ctx.scenarios[1], broken] }, [{ scenario: 0, seed: 1 }, { scenario: 1, seed: 2 }], { workers: 2, describe: (j) => `variant ${j.scenario} with seed ${j.seed}` }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RunFailed);
    expect((err as RunFailed).message).toMatch(/^the run of variant 1 with seed 2 failed: /);
  });
});
