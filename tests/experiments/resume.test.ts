/**
 * Interrupting a real sweep process (kill -9, Ctrl-C) and resuming it: no completed run runs
 * twice, none is lost, and the folder ends byte-identical to an uninterrupted sweep.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../cli/helpers.ts';
import { ROOT } from '../helpers/scenario.ts';
import { journalRuns, read, readBytes, snapshotXitun, writeExperiment } from './helpers.ts';

const RUNS = 24;
const experiment = (scenario: string) => `
name: interrupted
scenario: ${JSON.stringify(scenario)}
set: { years: 3 }
factors: [{ path: policies.payments.advanceShare, values: [0, 0.5] }]
replications: ${RUNS / 2}
seed: 11
outputs: { series: true }
`;

let dir: string;
let cleanup: () => void;
let file: string;
beforeAll(async () => {
  ({ dir, cleanup } = tempDir('govbuy-resume-'));
  file = writeExperiment(dir, 'interrupted.yaml', experiment(snapshotXitun(dir)));
  const r = await cli('sweep', file, '--workers', '0', '--out', join(dir, 'reference'));
  expect(r.code, r.err).toBe(0);
});
afterAll(() => cleanup());

function start(out: string, workers: number, experimentFile = file): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }> } {
  const child = spawn(process.execPath, ['bin/govbuy.js', 'sweep', experimentFile, '--workers', String(workers), '--out', out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += String(d)));
  child.stdout!.resume();
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, err })));
  return { child, done };
}

/** Wait until the journal holds at least `n` runs; return how many it held. */
async function waitForRuns(out: string, n: number): Promise<number> {
  const path = join(out, 'journal.ndjson');
  for (let i = 0; i < 6000; i++) {
    if (existsSync(path)) {
      const lines = readFileSync(path, 'utf8').split('\n').length - 2;
      if (lines >= n) return lines;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`the sweep never recorded ${n} runs`);
}

function expectSameAsReference(out: string) {
  const ref = join(dir, 'reference');
  expect(read(out, 'runs.csv')).toBe(read(ref, 'runs.csv'));
  expect(readBytes(out, 'runs.parquet').equals(readBytes(ref, 'runs.parquet'))).toBe(true);
  for (let i = 0; i < RUNS; i++) expect(read(out, `series/${i}.csv`), `series/${i}.csv`).toBe(read(ref, `series/${i}.csv`));
}

describe('an interrupted sweep', () => {
  it('killed with SIGKILL mid-way, resumes without running a finished run twice or losing one', async () => {
    const out = join(dir, 'killed');
    const { child, done } = start(out, 2);
    await waitForRuns(out, 5);
    child.kill('SIGKILL');
    const exit = await done;
    expect(exit.signal).toBe('SIGKILL');
    const before = journalRuns(out);
    expect(before.length, 'killed after the sweep had finished; make the runs longer').toBeLessThan(RUNS);
    expect(JSON.parse(read(out, 'manifest.json')).status).toBe('running');

    const r = await cli('sweep', file, '--workers', '0', '--out', out, '--resume');
    expect(r.code, r.err).toBe(0);
    const after = journalRuns(out);
    // Each run recorded exactly once: the killed session's, then the rest.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.map((l) => l.run).sort((a, b) => a - b)).toEqual(Array.from({ length: RUNS }, (_, i) => i));
    expect(r.out).toContain(`(${RUNS - before.length} run now, ${before.length} before)`);
    expectSameAsReference(out);
  });

  it('stopped with Ctrl-C (SIGINT) exits 130, says how to continue, and resumes', async () => {
    const out = join(dir, 'interrupted');
    const { child, done } = start(out, 1);
    await waitForRuns(out, 4);
    child.kill('SIGINT');
    const exit = await done;
    expect(exit.code).toBe(130);
    expect(exit.err).toMatch(/interrupted: stopping/);
    expect(exit.err).toMatch(/of 24 runs done; continue with: govbuy sweep .*interrupted\.yaml --out .*interrupted --resume/);
    const before = journalRuns(out).length;
    expect(before).toBeLessThan(RUNS);
    const r = await cli('sweep', file, '--workers', '0', '--out', out, '--resume');
    expect(r.code, r.err).toBe(0);
    expect(journalRuns(out)).toHaveLength(RUNS);
    expectSameAsReference(out);
  });

  it('stopped with Ctrl-C while it checks a design of 100,000 points: exits 130 within seconds, nothing written', { timeout: 60_000 }, async () => {
    // Five factors of ten values: checking every design point takes well over ten seconds.
    const values = (xs: number[]) => JSON.stringify(xs);
    const tenths = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    const big = writeExperiment(
      dir,
      'big-grid.yaml',
      `name: big-grid
scenario: ${JSON.stringify(snapshotXitun(dir))}
set: { years: 1 }
factors:
  - { path: policies.payments.advanceShare, values: ${values(tenths)} }
  - { path: policies.payments.delayMonths, values: ${values([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])} }
  - { path: policies.bidding.transparency, values: ${values(tenths)} }
  - { path: residents.initialTrust, values: ${values(tenths)} }
  - { path: residents.initialAwareness, values: ${values(tenths)} }
replications: 1
seed: 3
`,
    );
    const out = join(dir, 'big-grid-out');
    const { child, done } = start(out, 1, big);
    await new Promise((r) => setTimeout(r, 4000)); // start-up, design expansion, then the check
    const t0 = performance.now();
    child.kill('SIGINT');
    const exit = await done;
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(exit.code, exit.err).toBe(130);
    expect(exit.err).toMatch(/interrupted while checking the design: [\d,]+ of 100,000 design points checked; no run was started and nothing was written/);
    expect(existsSync(out)).toBe(false);
  });
});
