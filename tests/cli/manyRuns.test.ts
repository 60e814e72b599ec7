/**
 * Commands that run many simulations (compare, classroom, calibrate) run them as jobs on the
 * worker pool (src/experiments/jobRunner.ts): the same files for any --workers, a crashed run
 * named by its arm and seed with nothing written (exit 3), Ctrl-C stops them with exit 130 and
 * nothing written.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../classroom/helpers.ts';
import { ROOT } from '../helpers/scenario.ts';
import { cli, tempDir, XITUN } from './helpers.ts';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('govbuy-many-runs-')));
afterAll(() => cleanup());

// Four years: the Xitun preset's micro-venture package starts in run year 3, and a shorter run
// would warn on stderr that it never acts.
const SMALL = ['--years', '4', '--set', 'region.population=4000'];
const POLICY = ['--policy', 'advance:policies.payments.advanceShare=0.6;policies.payments.delayMonths=0'];
/** Every file of a results folder (path → bytes as base64), the manifest's timings (when it ran, how long) left out. */
function files(out: string): Record<string, string> {
  const all: Record<string, string> = {};
  for (const name of (readdirSync(out, { recursive: true }) as string[]).sort()) {
    const path = join(out, name);
    if (statSync(path).isDirectory()) continue;
    const bytes = readFileSync(path);
    all[name] = name === 'manifest.json' ? JSON.stringify({ ...JSON.parse(bytes.toString('utf8')), timings: null }) : bytes.toString('base64');
  }
  return all;
}

describe('govbuy compare on worker threads', () => {
  it('writes the same files with --workers 1 and --workers 2', async () => {
    const one = await cli('compare', XITUN, ...POLICY, ...SMALL, '--seeds', '5', '--workers', '1', '--out', join(dir, 'w1'));
    expect(one.code, one.err).toBe(0);
    const two = await cli('compare', XITUN, ...POLICY, ...SMALL, '--seeds', '5', '--workers', '2', '--out', join(dir, 'w2'));
    expect(two.code, two.err).toBe(0);
    // Quiet in a pipe: no progress lines on stderr.
    expect(two.err).toBe('');
    expect(Object.keys(files(join(dir, 'w1')))).toEqual(['compare.json', 'differences.csv', 'manifest.json', 'outcomes.csv', 'runs.csv']);
    expect(files(join(dir, 'w2'))).toEqual(files(join(dir, 'w1')));
    expect(readFileSync(join(dir, 'w1', 'runs.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 2 * 5);
  });

  it('a run that crashes its worker thread stops the command: the arm and seed named, exit 3, nothing written', async () => {
    // Job 6 of the list: the second arm's second seed (seeds 1–5 per arm).
    process.env.GOVBUY_TEST_FAULTS = '6:crash';
    try {
      const out = join(dir, 'crashed');
      const r = await cli('compare', XITUN, ...POLICY, ...SMALL, '--seeds', '5', '--workers', '2', '--out', out);
      expect(r.code).toBe(3);
      expect(r.err).toMatch(/^error: the run of arm chifeng-xitun:advance with seed 2 failed: worker crashed: injected crash of run 6 \(GOVBUY_TEST_FAULTS\); nothing was written\n$/);
      expect(existsSync(out)).toBe(false);
    } finally {
      delete process.env.GOVBUY_TEST_FAULTS;
    }
  });

  it('stopped with Ctrl-C (SIGINT) exits 130 and writes nothing', async () => {
    const out = join(dir, 'interrupted');
    // 2,000 runs: many seconds of work. The signal comes once the runs are under way (a Ctrl-C
    // while the command still reads its input ends the process before anything is written too).
    const child = spawn(process.execPath, ['bin/govbuy.js', 'compare', XITUN, ...POLICY, ...SMALL, '--seeds', '1000', '--workers', '2', '--out', out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 4000));
    child.kill('SIGINT');
    expect(await exit, err).toBe(130);
    expect(err).toMatch(/interrupted: stopping the runs…\ninterrupted after \d+ of 2000 runs; nothing was written\n$/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('govbuy classroom on worker threads', () => {
  it('writes the same pack with --workers 1 and --workers 2', async () => {
    const one = await cli('classroom', XITUN, ...SMALL, '--seeds', '2', '--workers', '1', '--out', join(dir, 'class1'));
    expect(one.code, one.err).toBe(0);
    const two = await cli('classroom', XITUN, ...SMALL, '--seeds', '2', '--workers', '2', '--out', join(dir, 'class2'));
    expect(two.code, two.err).toBe(0);
    // The SVG charts (the pages that inline them, and their hashes in the manifest) are left out:
    // vega numbers their clip paths on from the previous drawing in the same process, so two
    // packs drawn in one process differ there whatever ran the simulations. The rest holds every
    // simulated figure.
    const drawn = (name: string) => /\.(svg|html)$/.test(name);
    const withoutDrawn = (manifest: string) => {
      const m = JSON.parse(manifest);
      return JSON.stringify({ ...m, files: Object.fromEntries(Object.entries(m.files).filter(([name]) => !drawn(name))) });
    };
    const simulated = (out: string) =>
      Object.fromEntries(
        Object.entries(files(out))
          .filter(([name]) => !drawn(name))
          .map(([name, content]) => [name, name === 'manifest.json' ? withoutDrawn(content) : content]),
      );
    const pack = simulated(join(dir, 'class1'));
    expect(Object.keys(pack)).toEqual(expect.arrayContaining(['debrief.md', 'index.md', 'outcomes.csv', 'manifest.json', 'charts/options-trust.png', 'charts/options-trust.vl.json']));
    expect(simulated(join(dir, 'class2'))).toEqual(pack);
  });
});

describe('--workers above the cores', () => {
  // As sweep and calibrate: lowered to the cores with a note (src/io/cores.ts), not one thread each.
  const cores = availableParallelism();
  const note = `note: --workers 999 is more than the ${cores} ${cores === 1 ? 'core' : 'cores'} of this machine; using ${cores}`;
  const tiny = ['--years', '1', '--set', 'region.population=1500', '--seeds', '2', '--workers', '999'];

  it('compare lowers it to the cores, with a note', async () => {
    const r = await cli('compare', XITUN, ...POLICY, ...tiny, '--out', join(dir, 'cap-compare'));
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(note);
  });

  it('classroom lowers it to the cores, with a note', async () => {
    const r = await cli('classroom', XITUN, ...tiny, '--out', join(dir, 'cap-class'));
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(note);
  });

  it('classroom serve lowers it to the cores, with a note', async () => {
    const server = await startServer([XITUN, '--port', '0', '--workers', '999', '--data', join(dir, 'cap-serve')]);
    try {
      expect(server.stderr()).toContain(note);
    } finally {
      server.proc.kill('SIGTERM');
      await server.exited;
    }
  });
});
