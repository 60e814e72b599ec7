/**
 * `--force` replaces only what govbuy wrote (issue 13, item 1). Each results folder's manifest
 * lists the files written with it and their SHA-256; --force removes exactly those and refuses,
 * naming them, when anything else is in the folder or a listed file was changed by hand. A
 * forged manifest, or one that is a symbolic link, is not enough. Every test asserts that the
 * user's files are still there byte for byte (and that govbuy's own files were not touched by a
 * refused command).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceDerivedFolder } from '../../src/experiments/analyzeFolder.ts';
import { cli, rejection, tempDir } from '../cli/helpers.ts';
import { snapshotXitun } from '../experiments/helpers.ts';
import { ROOT } from '../helpers/scenario.ts';
import { treeContents } from './tree.ts';

const TINY = ['--years', '1', '--set', 'region.population=2000'];
const TARGETS = join(ROOT, 'scenarios/targets/chifeng-xitun.targets.yaml');

let dir: string;
let cleanup: () => void;
let xitun: string;
let experimentFile: string;
/** Finished results to copy for each test: a run, a sweep (with series), two shards. */
let run: string;
let sweep: string;
let shards: string[];

const experimentText = (scenario: string) => `
name: force
scenario: ${JSON.stringify(scenario)}
set: { years: 1, region.population: 2000 }
factors: [{ path: policies.payments.advanceShare, name: advance, values: [0, 0.5] }]
seed: 3
outputs: { series: true }
`;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('govbuy-force-'));
  xitun = snapshotXitun(dir);
  run = join(dir, 'base-run');
  expect((await cli('run', xitun, ...TINY, '--out', run)).code).toBe(0);
  experimentFile = join(dir, 'force.yaml');
  writeFileSync(experimentFile, experimentText(xitun));
  sweep = join(dir, 'base-sweep');
  const s = await cli('sweep', experimentFile, '--workers', '0', '--out', sweep);
  expect(s.code, s.err).toBe(0);
  shards = [1, 2].map((k) => join(dir, `base-shard-${k}`));
  for (const [i, out] of shards.entries()) expect((await cli('sweep', experimentFile, '--workers', '0', '--shard', `${i + 1}/2`, '--out', out)).code).toBe(0);
}, 60_000);
afterAll(() => cleanup());

const contents = (root: string) => treeContents(root);

let counter = 0;
/** A fresh copy of finished results. */
function copyOf(source: string): string {
  const target = join(dir, `case-${++counter}`);
  cpSync(source, target, { recursive: true });
  return target;
}

/** The user's own files, added to a folder: a note and a folder of figures. */
function addUserFiles(folder: string): void {
  writeFileSync(join(folder, 'notes.md'), '# my notes\n\nweeks of reading\n');
  mkdirSync(join(folder, 'my-figures'));
  writeFileSync(join(folder, 'my-figures', 'fig1.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
}

/** Run a refused command: exit 2, the message names `names`, and every byte of `folder` is as it was. */
async function expectRefused(folder: string, args: string[], names: RegExp[]): Promise<string> {
  const before = contents(folder);
  expect(before.size).toBeGreaterThan(0);
  const r = await cli(...args);
  expect(r.code, `${args.join(' ')}\n${r.err}`).toBe(2);
  for (const n of names) expect(r.err).toMatch(n);
  expect(r.err).not.toMatch(/internal error/);
  expect(contents(folder), 'every file, the user\'s and govbuy\'s, byte for byte').toEqual(before);
  return r.err;
}

/** Each command with --force aimed at `out`. */
const forceCommands = (out: string): [string, string[]][] => [
  ['run', ['run', xitun, ...TINY, '--seed', '2', '--out', out, '--force']],
  ['compare', ['compare', xitun, '--policy', 'adv:policies.payments.advanceShare=0.5', '--seeds', '2', ...TINY, '--out', out, '--force']],
  ['sweep', ['sweep', experimentFile, '--workers', '0', '--out', out, '--force']],
  ['classroom', ['classroom', xitun, '--seeds', '2', ...TINY, '--out', out, '--force']],
  ['calibrate', ['calibrate', xitun, '--targets', TARGETS, '--particles', '2', '--seeds', '1', '--budget', '4', '--workers', '0', '--out', out, '--force']],
  ['merge', ['merge', ...shards, '--out', out, '--force']],
];

describe('--force never removes a file govbuy did not write', () => {
  it('run --force on a run folder holding notes.md and my-figures/: refused, naming them; once they are moved out, replaced', async () => {
    const folder = copyOf(run);
    addUserFiles(folder);
    const err = await expectRefused(folder, ['run', xitun, ...TINY, '--seed', '2', '--out', folder, '--force'], [/notes\.md: not written by govbuy/, /my-figures\/: not written by govbuy/, /nothing was removed/]);
    expect(err).toMatch(/move them out of the folder/);
    // Moved out, --force replaces the run: exactly govbuy's files, the new seed.
    renameSync(join(folder, 'notes.md'), join(dir, 'notes-kept.md'));
    rmSync(join(folder, 'my-figures'), { recursive: true });
    const r = await cli('run', xitun, ...TINY, '--seed', '2', '--out', folder, '--force');
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(folder).sort()).toEqual(['manifest.json', 'series.csv', 'summary.json']);
    expect(JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')).seed).toBe(2);
  });

  it('every command with --force refuses a folder with the user\'s files in it', async () => {
    for (const [name, args] of forceCommands(join(dir, 'placeholder'))) {
      const folder = copyOf(name === 'sweep' || name === 'merge' ? sweep : run);
      addUserFiles(folder);
      await expectRefused(folder, args.map((a) => (a === join(dir, 'placeholder') ? folder : a)), [/notes\.md: not written by govbuy/]);
    }
  });

  it('a forged manifest ({"format": "govbuy-x"}) beside thesis.tex is not enough, for any command', async () => {
    const folder = join(dir, 'forged');
    mkdirSync(folder);
    writeFileSync(join(folder, 'thesis.tex'), '\\documentclass{article} % years of work\n');
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ format: 'govbuy-x' }));
    for (const [name, args] of forceCommands(folder)) {
      const err = await expectRefused(folder, args, []);
      // sweep reads the manifest as a sweep's first; the others see a manifest that lists nothing.
      expect(err, name).toMatch(name === 'sweep' ? /holds "govbuy-x" results, not a sweep/ : /older govbuy, which did not record the files it wrote/);
    }
    // Even a forged sweep manifest does not let sweep --force delete the thesis.
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ format: 'govbuy-sweep', formatVersion: 1, runs: { done: 0, folder: 2 } }));
    await expectRefused(folder, ['sweep', experimentFile, '--workers', '0', '--out', folder, '--force'], [/older govbuy/]);
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ format: 'govbuy-sweep', formatVersion: 1, runs: { done: 0, folder: 2 }, files: {} }));
    await expectRefused(folder, ['sweep', experimentFile, '--workers', '0', '--out', folder, '--force'], [/thesis\.tex: not written by govbuy/]);
  });

  it('a manifest that is a symbolic link to a real run\'s is not enough (run, sweep, classroom)', async () => {
    const folder = join(dir, 'linked');
    mkdirSync(folder);
    writeFileSync(join(folder, 'thesis.tex'), 'chapter 1\n');
    symlinkSync(join(run, 'manifest.json'), join(folder, 'manifest.json'));
    for (const [name, args] of forceCommands(folder).filter(([n]) => ['run', 'sweep', 'classroom'].includes(n))) {
      const err = await expectRefused(folder, args, []);
      expect(err, name).toMatch(/symbolic link/);
    }
    // A link to a sweep's manifest, for sweep --force.
    rmSync(join(folder, 'manifest.json'));
    symlinkSync(join(sweep, 'manifest.json'), join(folder, 'manifest.json'));
    await expectRefused(folder, ['sweep', experimentFile, '--workers', '0', '--out', folder, '--force'], [/symbolic link/]);
  });

  it('a listed file changed by hand is not replaced: series.csv edited, summary.json replaced by a link', async () => {
    const folder = copyOf(run);
    writeFileSync(join(folder, 'series.csv'), `${readFileSync(join(folder, 'series.csv'), 'utf8')}my,extra,row\n`);
    await expectRefused(folder, ['run', xitun, ...TINY, '--out', folder, '--force'], [/series\.csv: changed since govbuy wrote it/]);
    const linked = copyOf(run);
    rmSync(join(linked, 'summary.json'));
    symlinkSync(join(dir, 'force.yaml'), join(linked, 'summary.json'));
    await expectRefused(linked, ['run', xitun, ...TINY, '--out', linked, '--force'], [/summary\.json: not written by govbuy/]);
  });

  it('sweep --force: a file of the user\'s in series/, or a series file changed by hand, stops it; a clean sweep folder is replaced', async () => {
    const args = (f: string) => ['sweep', experimentFile, '--workers', '0', '--out', f, '--force'];
    const mine = copyOf(sweep);
    writeFileSync(join(mine, 'series', 'mine.csv'), 'my,own\n');
    await expectRefused(mine, args(mine), [/series\/mine\.csv: not written by govbuy/]);
    const edited = copyOf(sweep);
    writeFileSync(join(edited, 'series', '1.csv'), 'edited\n');
    await expectRefused(edited, args(edited), [/series\/1\.csv: changed since govbuy wrote it/]);
    const clean = copyOf(sweep);
    const r = await cli(...args(clean));
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(clean, 'runs.csv'), 'utf8')).toBe(readFileSync(join(sweep, 'runs.csv'), 'utf8'));
  });

  it('merge --force onto earlier merged results with a file of the user\'s: refused; without it, replaced', async () => {
    const merged = join(dir, 'merged');
    expect((await cli('merge', ...shards, '--out', merged)).code).toBe(0);
    writeFileSync(join(merged, 'notes.md'), 'mine');
    await expectRefused(merged, ['merge', ...shards, '--out', merged, '--force'], [/notes\.md: not written by govbuy/]);
    rmSync(join(merged, 'notes.md'));
    const r = await cli('merge', ...shards, '--out', merged, '--force');
    expect(r.code, r.err).toBe(0);
  });

  it('merge refuses an --out that is one of the shards under another name (a symbolic link), with or without --force', async () => {
    const linkDir = join(dir, 'links');
    mkdirSync(linkDir);
    symlinkSync(shards[0], join(linkDir, 'linkS1'));
    const before = contents(shards[0]);
    for (const force of [[], ['--force']]) {
      const r = await cli('merge', join(linkDir, 'linkS1'), shards[1], '--out', shards[0], ...force);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(/is the shard folder .*linkS1 under another name/);
    }
    const twice = await cli('merge', join(linkDir, 'linkS1'), shards[0], '--out', join(dir, 'never'));
    expect(twice.err).toMatch(/are the same folder/);
    // Nor a folder inside a shard (the shard's own --resume and --force would then refuse it).
    const inside = await cli('merge', ...shards, '--out', join(shards[0], 'merged'));
    expect(inside.code).toBe(2);
    expect(inside.err).toMatch(/--out \S+merged is inside the shard folder \S+; write the merged sweep somewhere else/);
    expect(contents(shards[0])).toEqual(before);
  });

  it('analyze replaces analysis/ but not a file of the user\'s in it', async () => {
    const folder = copyOf(sweep);
    expect((await cli('analyze', folder)).code).toBe(0);
    writeFileSync(join(folder, 'analysis', 'my-regression.R'), 'lm(y ~ x)\n');
    await expectRefused(folder, ['analyze', folder], [/analysis\/my-regression\.R: not written by govbuy/]);
    rmSync(join(folder, 'analysis', 'my-regression.R'));
    expect((await cli('analyze', folder)).code).toBe(0);
    // analysis/ and the report are govbuy's: sweep --force then replaces the folder.
    expect((await cli('sweep', experimentFile, '--workers', '0', '--out', folder, '--force')).code).toBe(0);
    expect(existsSync(join(folder, 'analysis'))).toBe(false);
  });

  it('discover\'s folder (replaceDerivedFolder) is replaced only while it holds govbuy\'s files, in a sweep folder or at its own --out', async () => {
    const files = { 'discovery.json': '{"format": "govbuy-discovery"}\n', 'charts/tradeoff.vl.json': '{}\n' };
    const folder = copyOf(sweep);
    await replaceDerivedFolder(folder, 'discovery', files, 'discovery');
    await replaceDerivedFolder(folder, 'discovery', files, 'discovery'); // its own files: replaced
    writeFileSync(join(folder, 'discovery', 'charts', 'annotated.svg'), '<svg/>');
    const before = contents(folder);
    const inside = await rejection(replaceDerivedFolder(folder, 'discovery', files, 'discovery'));
    expect(inside.details).toContain('discovery/charts/annotated.svg: not written by govbuy');
    expect(contents(folder)).toEqual(before);

    const parent = join(dir, 'discover-out');
    mkdirSync(parent);
    await replaceDerivedFolder(parent, 'mine', files, 'discovery');
    await replaceDerivedFolder(parent, 'mine', files, 'discovery');
    expect(readdirSync(join(parent, 'mine')).sort()).toEqual(['charts', 'discovery.json', 'manifest.json']);
    // Its kind, whatever the folder is called (a folder called "sweep" is not a sweep).
    expect(JSON.parse(readFileSync(join(parent, 'mine', 'manifest.json'), 'utf8')).format).toBe('govbuy-discovery');
    // A forged discovery.json beside a thesis: not enough.
    mkdirSync(join(parent, 'forged'));
    writeFileSync(join(parent, 'forged', 'discovery.json'), '{"format": "govbuy-discovery"}');
    writeFileSync(join(parent, 'forged', 'thesis.tex'), 'chapter 2');
    const forgedBefore = contents(join(parent, 'forged'));
    expect((await rejection(replaceDerivedFolder(parent, 'forged', files, 'discovery'))).message).toMatch(/does not hold govbuy results/);
    expect(contents(join(parent, 'forged'))).toEqual(forgedBefore);
  });

  it('a FIFO or a socket-like special file in the folder is named, not read (no hang)', async () => {
    const folder = copyOf(run);
    execFileSync('mkfifo', [join(folder, 'pipe')]);
    const t0 = performance.now();
    const before = contents(folder);
    const r = await cli('run', xitun, ...TINY, '--out', folder, '--force');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/pipe: not written by govbuy/);
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(contents(folder)).toEqual(before);
  });

  it('results of an older govbuy (a manifest without a file list) get a message that says what to do', async () => {
    const folder = copyOf(run);
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
    delete manifest.files;
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest));
    await expectRefused(folder, ['run', xitun, ...TINY, '--out', folder, '--force'], [/holds results of an older govbuy/, /delete .* yourself and run the command again — or choose another --out/]);
  });

  it('--checkpoint-out --force replaces only a govbuy checkpoint; --write-scenario --force only a scenario', async () => {
    const thesis = join(dir, 'thesis.ckpt');
    writeFileSync(thesis, 'not a checkpoint, my thesis');
    const before = readFileSync(thesis);
    const r = await cli('run', xitun, ...TINY, '--checkpoint-at', '0', '--checkpoint-out', thesis, '--out', join(dir, 'ckpt-run'), '--force');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not a govbuy checkpoint, and --force replaces only files govbuy wrote/);
    expect(readFileSync(thesis).equals(before)).toBe(true);
    expect(existsSync(join(dir, 'ckpt-run'))).toBe(false);

    const notes = join(dir, 'notes.yaml.txt');
    writeFileSync(notes, 'my notes, not a scenario: [');
    const c = await cli('calibrate', xitun, '--targets', TARGETS, '--particles', '2', '--seeds', '1', '--budget', '4', '--workers', '0', '--out', join(dir, 'cal'), '--write-scenario', notes, '--force');
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/is not a scenario file, and --force only replaces a scenario there/);
    expect(readFileSync(notes, 'utf8')).toBe('my notes, not a scenario: [');
    expect(existsSync(join(dir, 'cal'))).toBe(false);
  });

  it('--force still replaces folders that hold only govbuy\'s files, with a report and a crashed report\'s staging in them', async () => {
    const folder = copyOf(run);
    mkdirSync(join(folder, '.govbuy-staging-0123456789abcdef'));
    writeFileSync(join(folder, '.govbuy-staging-0123456789abcdef', 'report.html'), 'half');
    writeFileSync(join(folder, 'summary.json.0badc0de.tmp'), 'half');
    const r = await cli('run', xitun, ...TINY, '--out', folder, '--force');
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(folder).sort()).toEqual(['manifest.json', 'series.csv', 'summary.json']);
    expect(statSync(folder).isDirectory()).toBe(true);
  });
});
