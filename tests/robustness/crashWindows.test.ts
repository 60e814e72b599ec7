/**
 * Crash windows and ordinary write failures of a sweep (issue 13, items 3, 6 and 7), by fault
 * injection rather than by timing: every write step of a sweep folder calls faultPoint(step)
 * (src/io/faults.ts). A test hook then either
 *
 *   - "crashes" at that step: it copies the folder exactly as it is at that instant — what
 *     kill -9 or a power cut at that step leaves (every write before it is fsync'd) — and
 *     stops the sweep; `--resume` and `--force` must both accept that copy and end byte-
 *     identical to an uninterrupted sweep, with no temporary file left; or
 *   - throws ENOSPC (a full disk) or EROFS (a read-only disk) there: the sweep must exit 2 with
 *     a message that says what happened and how to continue, never "internal error", and a
 *     later --resume must complete the folder byte-identically.
 *
 * The steps are discovered by recording one clean sweep, so a new write step is covered as
 * soon as it calls faultPoint.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setFaultHook } from '../../src/io/faults.ts';
import { cli, tempDir } from '../cli/helpers.ts';
import { journalRuns, snapshotXitun } from '../experiments/helpers.ts';
import { treeContents } from './tree.ts';

let dir: string;
let cleanup: () => void;
let experiment: string;
let reference: string;
/** Every fault point of a clean sweep, in order: [step, occurrence]. */
let points: [string, number][];

const experimentText = (scenario: string) => `
name: crash
scenario: ${JSON.stringify(scenario)}
set: { years: 1, region.population: 1500 }
factors: [{ path: policies.payments.advanceShare, name: advance, values: [0, 0.5] }]
seed: 5
outputs: { series: true }
`;

const sweep = (out: string, ...flags: string[]) => cli('sweep', experiment, '--workers', '0', '--out', out, ...flags);

/** Files of a finished sweep folder that must equal the reference byte for byte (the manifest and journal hold timings and session history). */
const results = (folder: string) => treeContents(folder, (e, path) => (['manifest.json', 'journal.ndjson'].includes(e.name) ? '(present)' : readFileSync(path).toString('base64')));

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('govbuy-crash-'));
  experiment = join(dir, 'crash.yaml');
  writeFileSync(experiment, experimentText(snapshotXitun(dir)));
  reference = join(dir, 'reference');
  const counts = new Map<string, number>();
  points = [];
  setFaultHook((step) => {
    const n = (counts.get(step) ?? 0) + 1;
    counts.set(step, n);
    points.push([step, n]);
  });
  try {
    const r = await sweep(reference);
    expect(r.code, r.err).toBe(0);
  } finally {
    setFaultHook(null);
  }
}, 60_000);
afterEach(() => setFaultHook(null));
afterAll(() => cleanup());

class Crash extends Error {}

/** Run a sweep into `out` that stops at the `occurrence`-th `step`, leaving `image` as the folder was at that instant (absent if it did not exist yet). */
async function crashAt(out: string, step: string, occurrence: number, image: string): Promise<void> {
  let seen = 0;
  setFaultHook((s) => {
    if (s !== step || ++seen !== occurrence) return;
    if (existsSync(out)) cpSync(out, image, { recursive: true, verbatimSymlinks: true });
    throw new Crash(`simulated crash at ${step} #${occurrence}`);
  });
  try {
    await sweep(out);
  } finally {
    setFaultHook(null);
  }
}

describe('a sweep stopped at any write step', () => {
  it('records the write steps it covers', () => {
    const steps = new Set(points.map(([s]) => s));
    for (const s of ['lock.write', 'lock.rename', 'manifest.write', 'manifest.rename', 'journal.open', 'journal.header', 'series.write', 'journal.append', 'series.rename', 'runs.append', 'parquet.write', 'parquet.rename'])
      expect(steps, s).toContain(s);
  });

  it('leaves a folder that --resume and --force both complete byte-identically, with no temporary file left', { timeout: 120_000 }, async () => {
    const expected = results(reference);
    for (const [step, n] of points) {
      const label = `${step} #${n}`;
      const base = join(dir, `crash-${step}-${n}`);
      const image = `${base}-image`;
      await crashAt(base, step, n, image);
      const copies = { resume: `${base}-resume`, force: `${base}-force` };
      if (!existsSync(image)) mkdirSync(image); // the folder did not exist yet: nothing there
      for (const [how, folder] of Object.entries(copies)) {
        cpSync(image, folder, { recursive: true });
        const r = await sweep(folder, `--${how}`);
        expect(r.code, `${label}, --${how}: ${r.err}`).toBe(0);
        expect(results(folder), `${label}, --${how}`).toEqual(expected);
      }
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('a folder holding only manifest.json.<8 hex>.tmp is a sweep that never started: plain, --resume and --force all run it', async () => {
    for (const flags of [[], ['--resume'], ['--force']]) {
      const folder = join(dir, `never-started-${flags.join('') || 'plain'}`);
      mkdirSync(folder);
      writeFileSync(join(folder, 'manifest.json.0a1b2c3d.tmp'), '{"format": "govbuy-sw');
      const r = await sweep(folder, ...flags);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toMatch(/holds only what a sweep stopped in its first moments left/);
      expect(results(folder)).toEqual(results(reference));
    }
  });
});

describe('a series file a power cut damaged', () => {
  it('an empty or cut-short series file, or one changed since, makes resume run that run again; stale temporary files are removed', async () => {
    const folder = join(dir, 'power-cut');
    cpSync(reference, folder, { recursive: true });
    truncateSync(join(folder, 'series', '0.csv'), 0);
    writeFileSync(join(folder, 'series', '1.csv'), readFileSync(join(folder, 'series', '1.csv'), 'utf8').slice(0, 200));
    writeFileSync(join(folder, 'series', '1.csv.deadbeef.tmp'), 'half a file');
    writeFileSync(join(folder, 'runs.csv.0123abcd.tmp'), 'half');
    const r = await sweep(folder, '--resume');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/2 series files do not match the journal — series\/0\.csv \(empty\), series\/1\.csv \(its content differs from what the journal recorded\)/);
    expect(r.out).toMatch(/crash: 2 runs in /);
    expect(results(folder)).toEqual(results(reference));
  });
});

describe('a full or read-only disk at any write step', () => {
  for (const code of ['ENOSPC', 'EROFS']) {
    it(`${code}: exit 2 saying what happened and how to continue, never an internal error; --resume then completes the folder`, { timeout: 120_000 }, async () => {
      expect(points.length).toBeGreaterThan(10);
      const expected = results(reference);
      const why = code === 'ENOSPC' ? /the disk is full/ : /the file system is read-only/;
      // ENOSPC: each distinct step once (its first occurrence), and each step of the second run.
      // EROFS takes the same paths to its message: one step of each kind is enough.
      const everyStep = points.filter(([step, n], i) => points.findIndex(([s]) => s === step) === i || (n === 2 && ['series.write', 'journal.append', 'series.rename', 'runs.append'].includes(step)));
      const chosen = code === 'ENOSPC' ? everyStep : everyStep.filter(([step, n]) => n === 1 && ['lock.write', 'manifest.rename', 'series.write', 'journal.append', 'parquet.write'].includes(step));
      for (const [step, n] of chosen) {
        const folder = join(dir, `${code}-${step}-${n}`);
        let seen = 0;
        setFaultHook((s) => {
          if (s === step && ++seen === n) throw Object.assign(new Error(`${code}: injected at ${step}`), { code });
        });
        const r = await sweep(folder);
        setFaultHook(null);
        expect(r.code, `${step} #${n}: ${r.err}`).toBe(2);
        expect(r.err, step).toMatch(why);
        expect(r.err, step).not.toMatch(/internal error/);
        expect(r.err, step).toMatch(code === 'ENOSPC' ? /free some disk space/ : /choose an --out on a writable disk|make the disk writable again/);
        if (existsSync(join(folder, 'journal.ndjson')) && journalRuns(folder).length > 0) expect(r.err, step).toMatch(/--resume/);
        const again = await sweep(folder, '--resume');
        expect(again.code, `${step} #${n}, resumed: ${again.err}`).toBe(0);
        expect(results(folder), `${step} #${n}`).toEqual(expected);
      }
    });
  }
});
