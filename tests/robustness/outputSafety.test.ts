/**
 * Output safety (issue 5):
 *
 * 1. No command silently overwrites another run's results: run, compare, sweep, merge,
 *    calibrate, classroom, report and checkpoints refuse an existing output (exit 2, every byte
 *    left as it was) unless --force, and --force never replaces a folder that is not govbuy's.
 * 2. Outputs are atomic: a `govbuy run` process killed with SIGKILL at random moments — most of
 *    them inside the few milliseconds in which it writes — leaves its --out folder either absent
 *    or complete (every file parses, the series has every month, byte-identical to a reference).
 * 3. Nothing from a scenario or experiment file, or from a name the user types, makes govbuy write
 *    outside the chosen output folder. Output file names are built from user input in these
 *    places only (grep of writeOutputDir / writeOutputTree / writeIntoDir / writeFile in src/):
 *    - default --out folders: run `results/<scenario file>-seed<seed>`, compare
 *      `results/compare-<place>-vs-…`, classroom `results/class-<scenario file>`, calibrate
 *      `results/<scenario file>-calibration`, continued checkpoints `results/<checkpoint file>-continued`,
 *      sweep `results/<experiment file>[-shard-<k>]`, merge `<shard folder without -shard-k>`;
 *    - file names inside folders are fixed (manifest.json, series.csv, …), or numbers
 *      (series/<run_index>.csv), or chart names fixed in the code (charts/<name>.png);
 *    - arm names (compare --policy NAME:…), experiment names, factor names, scenario labels and
 *      scenario names only appear inside files (columns, values, manifests), never as paths;
 *    - paths the user names explicitly: --out, --checkpoint-out, --write-scenario.
 *    The guard of last resort: writeOutputDir / writeOutputTree / writeIntoDir refuse any file name
 *    that is not a relative path of plain names.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, watch, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeIntoDir, writeOutputDir, writeOutputTree } from '../../src/io/files.ts';
import { cli, tempDir } from '../cli/helpers.ts';
import { snapshotXitun } from '../experiments/helpers.ts';
import { ROOT } from '../helpers/scenario.ts';

const TARGETS = join(ROOT, 'scenarios/targets/chifeng-xitun.targets.yaml');
const TINY = ['--years', '1', '--set', 'region.population=2000'];

let dir: string;
let cleanup: () => void;
/** A copy of Xitun in the temp folder. */
let xitun: string;
/** Results of earlier commands that the tests try to overwrite. */
let runFolder: string;
let sweepFolder: string;
let shardFolders: string[];
let experimentFile: string;

const experimentText = (scenario: string, name = 'safety') => `
name: ${name}
scenario: ${JSON.stringify(scenario)}
set: { years: 1, region.population: 2000 }
factors: [{ path: policies.payments.advanceShare, name: advance, values: [0, 0.5] }]
seed: 3
`;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('govbuy-safety-'));
  xitun = snapshotXitun(dir);
  runFolder = join(dir, 'earlier-run');
  const r = await cli('run', xitun, ...TINY, '--out', runFolder);
  expect(r.code, r.err).toBe(0);
  experimentFile = join(dir, 'safety.yaml');
  writeFileSync(experimentFile, experimentText(xitun));
  sweepFolder = join(dir, 'earlier-sweep');
  const s = await cli('sweep', experimentFile, '--workers', '0', '--out', sweepFolder);
  expect(s.code, s.err).toBe(0);
  shardFolders = [1, 2].map((k) => join(dir, `shards-shard-${k}`));
  for (const [i, out] of shardFolders.entries()) {
    const sh = await cli('sweep', experimentFile, '--workers', '0', '--shard', `${i + 1}/2`, '--out', out);
    expect(sh.code, sh.err).toBe(0);
  }
}, 60_000);
afterAll(() => cleanup());

/** Every file under `root` (hidden ones too) → SHA-256 of its bytes and its mtime. */
function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isSymbolicLink()) out.set(relative(root, p), `link ${statSync(p, { throwIfNoEntry: false })?.ino ?? 'dangling'}`);
      else out.set(relative(root, p), `${createHash('sha256').update(readFileSync(p)).digest('hex')} ${statSync(p).mtimeMs}`);
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

/** Paths added or changed in `after` compared with `before`. */
function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([p, v]) => before.get(p) !== v).map(([p]) => p).sort();
}

describe('no command silently overwrites earlier results', () => {
  /** Each command aimed at an existing results folder without --force: exit 2, the OUTPUT message, nothing touched anywhere in the temp folder. */
  const attempts: [string, () => string[], RegExp][] = [
    ['run → a run folder', () => ['run', xitun, ...TINY, '--out', runFolder], /already holds results; choose another --out or pass --force/],
    ['run → a sweep folder', () => ['run', xitun, ...TINY, '--out', sweepFolder], /already holds results/],
    ['compare → a run folder', () => ['compare', xitun, '--policy', 'adv:policies.payments.advanceShare=0.5', '--seeds', '2', ...TINY, '--out', runFolder], /already holds results/],
    ['sweep → a sweep folder', () => ['sweep', experimentFile, '--workers', '0', '--out', sweepFolder], /already holds a sweep \(2 of 2 runs done\)/],
    ['sweep → a run folder (even with --force)', () => ['sweep', experimentFile, '--workers', '0', '--out', runFolder, '--force'], /holds "govbuy-run" results, not a sweep/],
    ['merge → a run folder', () => ['merge', ...shardFolders, '--out', runFolder], /already holds results/],
    ['classroom → a run folder', () => ['classroom', xitun, '--seeds', '2', ...TINY, '--out', runFolder], /already holds results/],
    ['calibrate → a run folder', () => ['calibrate', xitun, '--targets', TARGETS, '--particles', '2', '--seeds', '1', '--budget', '4', '--workers', '0', '--out', runFolder], /already holds results/],
    [
      'calibrate --write-scenario → an existing file',
      () => ['calibrate', xitun, '--targets', TARGETS, '--particles', '2', '--seeds', '1', '--budget', '4', '--workers', '0', '--out', join(dir, 'never'), '--write-scenario', xitun],
      /already exists; choose another --write-scenario file or pass --force/,
    ],
    ['run --checkpoint-out → an existing file', () => ['run', xitun, ...TINY, '--checkpoint-at', '0', '--checkpoint-out', xitun, '--out', join(dir, 'never')], /already exists; choose another --checkpoint-out or pass --force/],
  ];
  for (const [what, args, message] of attempts) {
    it(what, async () => {
      const before = snapshot(dir);
      const r = await cli(...args());
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(message);
      expect(changed(before, snapshot(dir)), 'nothing written or changed').toEqual([]);
      expect(existsSync(join(dir, 'never'))).toBe(false);
    });
  }

  it('report → a run folder that already has a report', async () => {
    const folder = join(dir, 'reported-run');
    expect((await cli('run', xitun, ...TINY, '--out', folder)).code).toBe(0);
    writeFileSync(join(folder, 'report.html'), 'an earlier report');
    const before = snapshot(dir);
    const r = await cli('report', folder);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/already has report\.html; pass --force to replace it/);
    expect(changed(before, snapshot(dir))).toEqual([]);
  });

  it('--force never replaces a folder that does not hold govbuy results, nor a file or a symbolic link', async () => {
    const mine = join(dir, 'my-notes');
    mkdirSync(mine);
    writeFileSync(join(mine, 'thesis.tex'), 'years of work');
    writeFileSync(join(dir, 'a-file'), 'x');
    symlinkSync(runFolder, join(dir, 'a-link'));
    const before = snapshot(dir);
    for (const out of [mine, join(dir, 'a-file'), join(dir, 'a-link')]) {
      for (const args of [
        ['run', xitun, ...TINY, '--out', out, '--force'],
        ['compare', xitun, '--policy', 'adv:policies.payments.advanceShare=0.5', '--seeds', '2', ...TINY, '--out', out, '--force'],
        ['sweep', experimentFile, '--workers', '0', '--out', out, '--force'],
        ['classroom', xitun, '--seeds', '2', ...TINY, '--out', out, '--force'],
      ]) {
        const r = await cli(...args);
        expect(r.code, `${args[0]} --out ${out}: ${r.err}`).toBe(2);
      }
    }
    expect(changed(before, snapshot(dir))).toEqual([]);
  });
});

describe('outputs are atomic', () => {
  const YEARS = 20;

  /** A `govbuy run` child writing into `parent/out`, killed with SIGKILL `delayMs` after its staging folder appears (or at `atMs` from the start). */
  async function killedRun(parent: string, when: { afterStagingMs: number } | { atMs: number }): Promise<{ signal: NodeJS.Signals | null; out: string }> {
    mkdirSync(parent, { recursive: true });
    const out = join(parent, 'out');
    const child = spawn(process.execPath, ['bin/govbuy.js', 'run', xitun, '--years', String(YEARS), '--seed', '4', '--out', out], { cwd: ROOT, stdio: 'ignore' });
    const kill = () => child.kill('SIGKILL');
    let timer: NodeJS.Timeout | undefined;
    const watcher = watch(parent, (_event, name) => {
      if ('afterStagingMs' in when && name?.startsWith('.govbuy-staging-') && timer === undefined) timer = setTimeout(kill, when.afterStagingMs);
    });
    if ('atMs' in when) timer = setTimeout(kill, when.atMs);
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    watcher.close();
    clearTimeout(timer);
    return { signal, out };
  }

  it(
    'a run killed with SIGKILL at random moments leaves --out absent or complete, never partial',
    async () => {
      const reference = join(dir, 'reference');
      const ref = await cli('run', xitun, '--years', String(YEARS), '--seed', '4', '--out', reference);
      expect(ref.code, ref.err).toBe(0);
      const refSeries = readFileSync(join(reference, 'series.csv'), 'utf8');
      const refSummary = readFileSync(join(reference, 'summary.json'), 'utf8');
      expect(refSeries.trimEnd().split('\n')).toHaveLength(1 + 12 * YEARS);

      // Seven kills inside the write window (0–7 ms after the staging folder appears), three at any moment.
      const tries: ({ afterStagingMs: number } | { atMs: number })[] = [
        ...Array.from({ length: 7 }, () => ({ afterStagingMs: Math.floor(Math.random() * 8) })),
        ...Array.from({ length: 3 }, () => ({ atMs: Math.floor(Math.random() * 4000) })),
      ];
      const outcomes: { when: string; signal: NodeJS.Signals | null; present: boolean }[] = [];
      // Five at a time: each is mostly process start-up.
      for (let start = 0; start < tries.length; start += 5) {
        const batch = tries.slice(start, start + 5).map((when, i) => killedRun(join(dir, `killed-${start + i}`), when).then((r) => ({ ...r, when })));
        for (const { signal, out, when } of await Promise.all(batch)) {
          const present = existsSync(out);
          outcomes.push({ when: JSON.stringify(when), signal, present });
          if (!present) continue;
          // Present means complete: every file there, parsing, byte-identical to the uninterrupted run.
          expect(readdirSync(out).sort(), out).toEqual(['manifest.json', 'series.csv', 'summary.json']);
          expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toMatchObject({ format: 'govbuy-run', seed: 4 });
          expect(readFileSync(join(out, 'series.csv'), 'utf8')).toBe(refSeries);
          expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(refSummary);
        }
      }
      // Whatever else a kill leaves is a hidden staging folder beside --out, never in its place.
      for (let i = 0; i < tries.length; i++) for (const name of readdirSync(join(dir, `killed-${i}`))) expect(name === 'out' || name.startsWith('.govbuy-staging-'), name).toBe(true);
      expect(outcomes.filter((o) => o.signal === 'SIGKILL').length, JSON.stringify(outcomes)).toBeGreaterThan(0);
    },
    120_000,
  );
});

describe('nothing is written outside the chosen output folder', () => {
  it('compare refuses arm names that are paths (--policy "../../x:…")', async () => {
    const before = snapshot(dir);
    for (const policy of ['../../x:policies.payments.advanceShare=0.5', 'a/b:policies.payments.advanceShare=0.5', '..:policies.payments.advanceShare=0.5', '/tmp/x:policies.payments.advanceShare=0.5']) {
      const r = await cli('compare', xitun, '--policy', policy, '--seeds', '2', ...TINY, '--out', join(dir, 'never'));
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain('with a name of letters, digits, - or _');
    }
    expect(changed(before, snapshot(dir))).toEqual([]);
  });

  it('compare reads places given as paths and writes only into --out', async () => {
    const out = join(dir, 'compare-out');
    const place = join(dir, 'nested', 'deeper');
    mkdirSync(place, { recursive: true });
    writeFileSync(join(place, '..evil.yaml'), readFileSync(xitun));
    const before = snapshot(dir);
    const r = await cli('compare', xitun, join(place, '..evil.yaml'), '--seeds', '2', ...TINY, '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(changed(before, snapshot(dir)).every((p) => p.startsWith('compare-out/')), changed(before, snapshot(dir)).join(', ')).toBe(true);
    expect(readFileSync(join(out, 'outcomes.csv'), 'utf8')).toContain('..evil');
  });

  it('experiment, factor and scenario names shaped like paths stay inside --out', async () => {
    const sub = join(dir, 'exp', 'a');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'x.yaml'), readFileSync(xitun));
    // The same file name twice: the scenario labels become the paths as written.
    writeFileSync(join(dir, 'exp', 'x.yaml'), readFileSync(xitun));
    const file = join(dir, 'exp', 'paths.yaml');
    writeFileSync(
      file,
      `name: ../../../escape
description: "/etc/passwd"
scenario: { name: place, values: [a/x.yaml, ./x.yaml] }
set: { years: 1, region.population: 2000, name: ../../scenario-name }
factors: [{ path: policies.payments.advanceShare, name: x..-advance, values: [0, 0.5] }]
outputs: { series: true }
`,
    );
    const out = join(dir, 'exp-out');
    const before = snapshot(dir);
    const r = await cli('sweep', file, '--workers', '0', '--out', out);
    expect(r.code, r.err).toBe(0);
    const written = changed(before, snapshot(dir));
    expect(written.every((p) => p.startsWith('exp-out/')), written.join(', ')).toBe(true);
    expect(readdirSync(join(out, 'series')).sort()).toEqual(['0.csv', '1.csv', '2.csv', '3.csv']);
    expect(readFileSync(join(out, 'runs.csv'), 'utf8').split('\n')[0]).toMatch(/^run_index,point,replicate,seed,place,x\.\.-advance,status,error,/);
  });

  it('a factor name with a slash or a leading ../ is refused (names are column names, never paths)', async () => {
    const file = join(dir, 'slash.yaml');
    writeFileSync(file, experimentText(xitun).replace('name: advance', 'name: ../advance'));
    const r = await cli('sweep', file, '--workers', '0', '--out', join(dir, 'never'));
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain('factors[0].name: expected a column name: letters, digits, _ . - (starting with a letter or _), found "../advance"');
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('a base scenario outside the experiment folder (../../…) is only read', async () => {
    const deep = join(dir, 'one', 'two');
    mkdirSync(deep, { recursive: true });
    const file = join(deep, 'up.yaml');
    writeFileSync(file, experimentText('../../xitun.yaml', 'up'));
    const out = join(dir, 'up-out');
    const before = snapshot(dir);
    const r = await cli('sweep', file, '--workers', '0', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(changed(before, snapshot(dir)).every((p) => p.startsWith('up-out/'))).toBe(true);
  });

  // classroom (`class-<name>`), calibrate (`<name>-calibration`), compare (`compare-<names>`) and a
  // continued checkpoint (`<name>-continued`) add a prefix or suffix the same way, so no name can be "." or "..".
  it('default output folders from odd scenario file names stay inside results/', async () => {
    const cwd = join(dir, 'cwd-run');
    mkdirSync(cwd);
    for (const name of ['..yaml', '...yaml', '.yaml']) writeFileSync(join(cwd, name), readFileSync(xitun));
    const previous = process.cwd();
    process.chdir(cwd);
    try {
      for (const name of ['..yaml', '...yaml', '.yaml']) {
        const r = await cli('run', name, ...TINY);
        expect(r.code, r.err).toBe(0);
      }
    } finally {
      process.chdir(previous);
    }
    expect(readdirSync(cwd).sort()).toEqual(['...yaml', '..yaml', '.yaml', 'results']);
    expect(readdirSync(join(cwd, 'results')).sort()).toEqual(['.-seed1', '..-seed1', '.yaml-seed1']);
  });

  it(
    'the default folder of an experiment file named "...yaml" is a folder in results/, not the current directory',
    async () => {
      const cwd = join(dir, 'cwd-sweep');
      mkdirSync(cwd);
      writeFileSync(join(dir, '...yaml'), experimentText(xitun, 'dots'));
      const previous = process.cwd();
      process.chdir(cwd);
      try {
        // basename("...yaml", ".yaml") is "..", and join("results", "..") is ".": the sweep writes into the cwd.
        await cli('sweep', join(dir, '...yaml'), '--workers', '0');
      } finally {
        process.chdir(previous);
      }
      expect(readdirSync(cwd)).toEqual(['results']);
    },
  );

  it('the writers refuse file names that leave the folder (the guard under every command)', async () => {
    const out = join(dir, 'guarded');
    const before = snapshot(dir);
    await expect(writeOutputDir(out, { '../escape.txt': 'x' })).rejects.toThrow(/not a plain file name/);
    await expect(writeOutputDir(out, { 'a/b.txt': 'x' })).rejects.toThrow(/not a plain file name/);
    await expect(writeOutputTree(out, { 'charts/../../escape.txt': 'x' })).rejects.toThrow(/not a relative path of plain names/);
    await expect(writeOutputTree(out, { '/etc/escape.txt': 'x' })).rejects.toThrow(/not a relative path of plain names/);
    await expect(writeIntoDir(runFolder, { '../escape.txt': 'x' })).rejects.toThrow(/not a relative path of plain names/);
    expect(changed(before, snapshot(dir))).toEqual([]);
  });
});
