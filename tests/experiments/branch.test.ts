import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../cli/helpers.ts';
import { read, snapshotXitun, writeExperiment } from './helpers.ts';

let dir: string;
let cleanup: () => void;
let xitun: string;
beforeAll(() => {
  ({ dir, cleanup } = tempDir('govbuy-branch-'));
  xitun = snapshotXitun(dir);
});
afterAll(() => cleanup());

const experiment = (scenario: string, extra = '') => `
name: branch
scenario: ${JSON.stringify(scenario)}
set:
  years: 5
  region.population: 6000
factors:
  - path: policies.payments.advanceShare
    name: advance
    values: [0, 0.9]
replications: 3
seed: 11
branchAt: 3
outputs: { series: true }
${extra}`;

describe('sweeps that branch from a warm state', () => {
  it('share the history before the branch year and differ after it', async () => {
    const file = writeExperiment(dir, 'branch.yaml', experiment(xitun));
    const r = await cli('sweep', file, '--workers', '1', '--out', join(dir, 'b1'));
    expect(r.code, r.err).toBe(0);
    // Runs 0–2 are advance 0, replicates 0–2; runs 3–5 advance 0.9 with the same replicates.
    for (let rep = 0; rep < 3; rep++) {
      const a = read(join(dir, 'b1', 'series'), `${rep}.csv`).split('\n');
      const b = read(join(dir, 'b1', 'series'), `${3 + rep}.csv`).split('\n');
      expect(b.slice(0, 1 + 36)).toEqual(a.slice(0, 1 + 36)); // header + 3 shared years
      expect(b.slice(37)).not.toEqual(a.slice(37));
    }
  });

  it('give the same results with 1 and 2 workers', async () => {
    const file = writeExperiment(dir, 'branch2.yaml', experiment(xitun));
    expect((await cli('sweep', file, '--workers', '1', '--out', join(dir, 'w1'))).code).toBe(0);
    expect((await cli('sweep', file, '--workers', '2', '--out', join(dir, 'w2'))).code).toBe(0);
    expect(read(join(dir, 'w2'), 'runs.csv')).toBe(read(join(dir, 'w1'), 'runs.csv'));
  });

  it('refuse, before any run, a branch year outside the run and factors that cannot change mid-run', async () => {
    const late = writeExperiment(dir, 'late.yaml', experiment(xitun).replace('branchAt: 3', 'branchAt: 5'));
    const r1 = await cli('sweep', late, '--workers', '1', '--out', join(dir, 'late'));
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(/branchAt 5 is not a run year/);
    const region = writeExperiment(dir, 'region.yaml', experiment(xitun).replace('path: policies.payments.advanceShare', 'path: region.communitiesPerStreet').replace('values: [0, 0.9]', 'values: [5, 6]'));
    const r2 = await cli('sweep', region, '--workers', '1', '--out', join(dir, 'region'));
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/cannot be applied at the branch/);
  });
});
