/**
 * Ordinary conditions get exit 2 and a message that says what happened and what to do, with
 * nothing half-written — never "internal error … please report" (issue 13, items 6 and 9):
 * a full disk and a read-only file system (real ones on a small tmpfs when the tests run as
 * root; injected errors otherwise, see crashWindows.test.ts), damaged journal lines (skipped
 * and their runs redone), a journal that is a directory, a shard missing a series file.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setFaultHook } from '../../src/io/faults.ts';
import { cli, tempDir } from '../cli/helpers.ts';
import { journalRuns, read, readBytes, snapshotXitun } from '../experiments/helpers.ts';

let dir: string;
let cleanup: () => void;
let experiment: string;
let xitun: string;
let reference: string;
let shards: string[];

const sweep = (out: string, ...flags: string[]) => cli('sweep', experiment, '--workers', '0', '--out', out, ...flags);

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('govbuy-disk-'));
  xitun = snapshotXitun(dir);
  experiment = join(dir, 'disk.yaml');
  writeFileSync(
    experiment,
    `name: disk
scenario: ${JSON.stringify(xitun)}
set: { years: 1, region.population: 1500 }
factors: [{ path: policies.payments.advanceShare, name: advance, values: [0, 0.5] }]
replications: 3
seed: 4
outputs: { series: true }
`,
  );
  reference = join(dir, 'reference');
  expect((await sweep(reference)).code).toBe(0);
  shards = [1, 2].map((k) => join(dir, `ref-shard-${k}`));
  for (const [i, out] of shards.entries()) expect((await sweep(out, '--shard', `${i + 1}/2`)).code).toBe(0);
}, 60_000);
afterEach(() => setFaultHook(null));
afterAll(() => cleanup());

function expectSameRuns(folder: string): void {
  expect(read(folder, 'runs.csv')).toBe(read(reference, 'runs.csv'));
  expect(readBytes(folder, 'runs.parquet').equals(readBytes(reference, 'runs.parquet'))).toBe(true);
  expect(readdirSync(join(folder, 'series')).sort()).toEqual(readdirSync(join(reference, 'series')).sort());
}

function copyOf(source: string, name: string): string {
  const target = join(dir, name);
  cpSync(source, target, { recursive: true });
  return target;
}

describe('a damaged journal', () => {
  it('lines that are null, not JSON or not a run of this design are skipped, their runs run again, and the journal is rewritten without them', async () => {
    const folder = copyOf(reference, 'damaged-lines');
    const lines = read(folder, 'journal.ndjson').split('\n');
    lines[2] = 'null';
    lines[4] = '{"run": 3, "seed": 1, "status": "ok", "outcomes": {}}'; // wrong seed for run 3
    lines.splice(5, 0, 'garbage that a disk error left', '{"run": 999999, "seed": 1, "status": "ok", "outcomes": {}}');
    writeFileSync(join(folder, 'journal.ndjson'), lines.join('\n'));
    const r = await sweep(folder, '--resume');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/journal\.ndjson: lines 3, 5, 6, 7 are damaged \(not a run of this experiment\); skipped, and the journal rewritten without them: any run they recorded runs again/);
    expect(r.err).not.toMatch(/--force/);
    expect(r.out).toMatch(/6 runs \(2 run now, 4 before\)/);
    expectSameRuns(folder);
    expect(read(folder, 'journal.ndjson')).not.toMatch(/^null$|garbage|"run": ?999999/m);
  });

  it('a damaged first line (the header) is rewritten; the run lines are checked against the design', async () => {
    const folder = copyOf(reference, 'damaged-header');
    const lines = read(folder, 'journal.ndjson').split('\n');
    lines[0] = '{"format": "govbuy-sweep-jour';
    writeFileSync(join(folder, 'journal.ndjson'), lines.join('\n'));
    const r = await sweep(folder, '--resume');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/its first line was damaged; rewritten/);
    expectSameRuns(folder);
  });

  it('journal.ndjson that is a directory: resume, merge and analyze exit 2 saying what to do', async () => {
    const folder = copyOf(reference, 'journal-dir');
    rmSync(join(folder, 'journal.ndjson'));
    mkdirSync(join(folder, 'journal.ndjson'));
    for (const args of [['sweep', experiment, '--workers', '0', '--out', folder, '--resume'], ['analyze', folder]]) {
      const r = await cli(...args);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(/journal\.ndjson is a directory, where govbuy keeps the sweep's journal \(a file\)/);
      expect(r.err).toMatch(/move it out of the way/);
    }
    const shard = copyOf(shards[0], 'journal-dir-shard-1');
    rmSync(join(shard, 'journal.ndjson'));
    mkdirSync(join(shard, 'journal.ndjson'));
    const m = await cli('merge', shard, shards[1], '--out', join(dir, 'never-merged'));
    expect(m.code, m.err).toBe(2);
    expect(m.err).toMatch(/is a directory, where govbuy keeps/);
    expect(existsSync(join(dir, 'never-merged'))).toBe(false);
  });
});

describe('a shard missing a series file', () => {
  it('merge exits 2 naming the file and the resume that repairs it; after that resume, merge succeeds', async () => {
    const shard2 = copyOf(shards[1], 'missing-shard-2');
    rmSync(join(shard2, 'series', '1.csv'));
    const out = join(dir, 'missing-merged');
    const m = await cli('merge', shards[0], shard2, '--out', out);
    expect(m.code, m.err).toBe(2);
    expect(m.err).toMatch(/missing-shard-2\/series\/1\.csv is missing, though run 1 is recorded as done/);
    expect(m.err).toMatch(/--shard 2\/2 --resume/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.govbuy-staging-'))).toEqual([]);
    const resumed = await sweep(shard2, '--shard', '2/2', '--resume');
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.out).toMatch(/1 run now/);
    const again = await cli('merge', shards[0], shard2, '--out', out);
    expect(again.code, again.err).toBe(0);
    expectSameRuns(out);
  });
});

describe('a full disk while merging or analysing (injected)', () => {
  it('merge: exit 2, "the disk is full", nothing left behind', async () => {
    const out = join(dir, 'merge-full');
    setFaultHook((step) => {
      if (step === 'merge.write') throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    });
    const r = await cli('merge', ...shards, '--out', out);
    setFaultHook(null);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/cannot write .*merge-full: the disk is full .*; free some disk space .*, and run the command again \(nothing was written\)/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.govbuy-'))).toEqual([]);
  });

  it('analyze: exit 2, "the disk is full", the folder as it was', async () => {
    const folder = copyOf(reference, 'analyze-full');
    setFaultHook((step) => {
      if (step === 'staged.write') throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    });
    const r = await cli('analyze', folder);
    setFaultHook(null);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/the disk is full/);
    expect(readdirSync(folder).sort()).toEqual(readdirSync(reference).sort());
  });
});

/** Mount a tmpfs (root only); null where that is not possible. */
function mountTmpfs(path: string, options: string): boolean {
  mkdirSync(path, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const canMount = (() => {
  if (process.getuid?.() !== 0 || process.platform !== 'linux') return false;
  const probe = tempDir('govbuy-mount-probe-');
  try {
    if (!mountTmpfs(join(probe.dir, 'm'), 'size=64k')) return false;
    execFileSync('umount', [join(probe.dir, 'm')]);
    return true;
  } finally {
    probe.cleanup();
  }
})();

describe.skipIf(!canMount)('a real full disk and a real read-only file system (tmpfs; root only)', () => {
  const mounted: string[] = [];
  afterAll(() => {
    for (const m of mounted.reverse()) {
      try {
        execFileSync('umount', [m]);
      } catch {
        // already gone
      }
    }
  });

  it('a sweep that fills its disk exits 2 keeping its runs; after space is freed, --resume completes it byte-identically', async () => {
    const disk = join(dir, 'small-disk');
    // Room for the sweep's manifest and first runs, not for all six (the manifest carries the scenario).
    expect(mountTmpfs(disk, 'size=32k')).toBe(true);
    mounted.push(disk);
    const out = join(disk, 'sweep');
    const r = await sweep(out);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/the disk is full/);
    expect(r.err).toMatch(/free some disk space, then continue with: govbuy sweep .* --resume/);
    expect(r.err).not.toMatch(/internal error/);
    const kept = existsSync(join(out, 'journal.ndjson')) ? journalRuns(out).length : 0;
    expect(kept).toBeLessThan(6);
    execFileSync('mount', ['-o', 'remount,size=10m', disk]);
    const again = await sweep(out, '--resume');
    expect(again.code, again.err).toBe(0);
    expectSameRuns(out);
  });

  it('on a read-only file system: --resume of a complete sweep writes nothing and succeeds; merge, analyze, run and sweep exit 2 saying so', async () => {
    const disk = join(dir, 'ro-disk');
    expect(mountTmpfs(disk, 'size=4m')).toBe(true);
    mounted.push(disk);
    cpSync(reference, join(disk, 'done'), { recursive: true });
    execFileSync('mount', ['-o', 'remount,ro', disk]);
    const resumed = await sweep(join(disk, 'done'), '--resume');
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.out).toMatch(/6 runs \(0 run now, 6 before\)/);
    for (const [args, message] of [
      [['merge', ...shards, '--out', join(disk, 'merged')], /cannot create .*ro-disk.*: the file system is read-only|the file system is read-only/],
      [['analyze', join(disk, 'done')], /the file system is read-only/],
      [['run', xitun, '--years', '1', '--set', 'region.population=1500', '--out', join(disk, 'a', 'b', 'run')], /cannot create .*ro-disk\/a\/b: the file system is read-only; choose an --out on a writable disk/],
      [['sweep', experiment, '--workers', '0', '--out', join(disk, 'new-sweep')], /the file system is read-only/],
    ] as [string[], RegExp][]) {
      const r = await cli(...args);
      expect(r.code, `${args[0]}: ${r.err}`).toBe(2);
      expect(r.err, args[0]).toMatch(message);
      expect(r.err).not.toMatch(/internal error|no such file or directory/);
    }
    expect(readFileSync(join(disk, 'done', 'runs.csv'), 'utf8')).toBe(read(reference, 'runs.csv'));
  });

  it('an empty mount point (a container\'s volume) takes a run\'s results; one holding results is refused with what to do', async () => {
    const volume = join(dir, 'volume');
    expect(mountTmpfs(volume, 'size=4m')).toBe(true);
    mounted.push(volume);
    const args = ['run', xitun, '--years', '1', '--set', 'region.population=1500', '--out', volume];
    const r = await cli(...args);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(volume).sort()).toEqual(['manifest.json', 'series.csv', 'summary.json']);
    // The same run into a folder that is not a mount point gives the same files.
    const plain = join(dir, 'plain-run');
    expect((await cli(...args.slice(0, -1), plain)).code).toBe(0);
    for (const f of ['series.csv', 'summary.json']) expect(readFileSync(join(volume, f), 'utf8'), f).toBe(readFileSync(join(plain, f), 'utf8'));
    // Earlier results there cannot be replaced by renaming the folder: refused, nothing changed.
    const before = readFileSync(join(volume, 'manifest.json'), 'utf8');
    const again = await cli(...args, '--force');
    expect(again.code).toBe(2);
    expect(again.err).toContain(
      `error: cannot put the results in place as ${volume}: it is a mount point or in use (EBUSY), and govbuy replaces a folder by renaming; nothing was written. Choose a folder inside it, e.g. --out ${join(volume, 'results')}\n`,
    );
    expect(readdirSync(volume).sort()).toEqual(['manifest.json', 'series.csv', 'summary.json']);
    expect(readFileSync(join(volume, 'manifest.json'), 'utf8')).toBe(before);
  });
});
