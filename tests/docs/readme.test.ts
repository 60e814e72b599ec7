/**
 * The README's command blocks run, in order, on a fresh copy of the repository (the files git
 * knows, node_modules linked): what a new user does following it top to bottom. Seeds, years and
 * design sizes are lowered where the README says how (`<!-- test: … -->` before a block:
 * readmeBlocks.ts). `npx govbuy …` runs in this process (the CLI's main(), in the copy as the
 * working directory), `npm start` through npm and bin/govbuy.js. Every command must succeed, and
 * the walk-through's policy question must be answered on the screen.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/scenario.ts';
import { cli } from '../cli/helpers.ts';
import { readmeBlocks, type ReadmeBlock } from './readmeBlocks.ts';

interface Ran {
  block: ReadmeBlock;
  command: string;
  code: number | null;
  out: string;
  err: string;
  ms: number;
}

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const blocks = readmeBlocks(README);
let scratch: string;
const ran: Ran[] = [];

/** A copy of the repository as a fresh clone has it: the files git tracks or would add. */
function freshCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'govbuy-readme-'));
  const listed = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    try {
      cpSync(join(ROOT, file), join(dir, file));
    } catch {
      // A file deleted in the working tree but still tracked: a fresh clone of the commit would have it; skip.
    }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Shell words of a command: quotes removed, a trailing-* glob expanded in the scratch copy, `> file` kept apart. */
function words(command: string): { args: string[]; redirect: string | null } {
  const args: string[] = [];
  let redirect: string | null = null;
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  let next: 'arg' | 'redirect' = 'arg';
  while ((m = re.exec(command)) !== null) {
    const quoted = m[1] !== undefined || m[2] !== undefined;
    const word = m[1] ?? m[2] ?? m[3];
    if (!quoted && word === '>') {
      next = 'redirect';
      continue;
    }
    if (next === 'redirect') {
      redirect = word;
      next = 'arg';
    } else if (!quoted && word.endsWith('*')) {
      const dir = dirname(word);
      const stem = word.slice(dir === '.' ? 0 : dir.length + 1, -1);
      args.push(...readdirSync(join(scratch, dir)).filter((f) => f.startsWith(stem)).sort().map((f) => join(dir, f)));
    } else args.push(word);
  }
  return { args, redirect };
}

/**
 * Run one README command in the scratch copy: `npx govbuy …` in this process (main(), as the
 * CLI tests do: no Node start-up per command), anything else (npm start) in a shell.
 */
async function runCommand(command: string): Promise<{ code: number | null; out: string; err: string }> {
  if (!command.startsWith('npx govbuy ')) {
    const r = spawnSync('bash', ['-c', command], { cwd: scratch, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }
  const { args, redirect } = words(command.slice('npx govbuy '.length));
  const r = await cli(...args);
  if (redirect !== null) writeFileSync(join(scratch, redirect), r.out);
  return r;
}

beforeAll(async () => {
  scratch = freshCopy();
  const home = process.cwd();
  process.chdir(scratch);
  try {
    for (const block of blocks) {
      if (block.skip) continue;
      for (const e of block.edits) {
        const path = join(scratch, e.path);
        const text = readFileSync(path, 'utf8');
        if (!text.includes(e.from)) throw new Error(`README.md:${block.line}: ${e.path} has no "${e.from}" to shrink`);
        writeFileSync(path, text.split(e.from).join(e.to));
      }
      for (const command of block.commands) {
        const t0 = performance.now();
        const r = await runCommand(command);
        ran.push({ block, command, ...r, ms: performance.now() - t0 });
      }
    }
  } finally {
    process.chdir(home);
  }
}, 600_000);

afterAll(() => {
  if (process.env.GOVBUY_README_TIMES) for (const r of ran) process.stderr.write(`${Math.round(r.ms)} ms  ${r.command}\n`);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Entries of a folder of the scratch copy: files, and folders with a trailing slash. */
function entries(folder: string): string[] {
  return readdirSync(join(scratch, folder), { withFileTypes: true }).map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
}

/** The part of `text` from `heading` to the next heading of the same or a higher level. */
function section(text: string, heading: string): string {
  const at = text.indexOf(heading);
  expect(at, heading).toBeGreaterThanOrEqual(0);
  const level = /^#+/.exec(heading)![0].length;
  const next = text.slice(at + heading.length).search(new RegExp(`\\n#{1,${level}} `));
  return next < 0 ? text.slice(at) : text.slice(at, at + heading.length + next);
}

/** Whether `doc` names a file or folder (in backticks, or in a code block as a listing line). */
const names = (doc: string, entry: string) => doc.includes(`\`${entry}\``) || doc.includes(`\`${entry.replace(/\/$/, '')}\``) || new RegExp(`^\\s+${entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm').test(doc);

const REPORT_FILES = ['report.html', 'report.md', 'charts/', 'report.zh.html', 'report.zh.md', 'charts.zh/'];

describe('README.md, followed top to bottom on a fresh copy', () => {
  it('has shell blocks, each run or skipped with a reason', () => {
    expect(blocks.length).toBeGreaterThan(8);
    for (const b of blocks) {
      if (b.skip) expect(b.skip.length, `README.md:${b.line}`).toBeGreaterThan(3);
      else expect(b.commands.length, `README.md:${b.line}`).toBeGreaterThan(0);
    }
    // Only lowering: every command run is one the README shows, with smaller sizes at most.
    for (const b of blocks.filter((x) => !x.skip)) expect(b.commands.length, `README.md:${b.line}`).toBeLessThanOrEqual(b.written.length);
  });

  it('runs every command successfully, in order', () => {
    const failed = ran.filter((r) => r.code !== 0).map((r) => `README.md:${r.block.line} \`${r.command}\` → exit ${r.code}\n${r.err.slice(-800)}`);
    expect(failed).toEqual([]);
    expect(ran.length).toBeGreaterThan(15);
  });

  it('answers the walk-through’s policy question on the screen: insolvency first, with its paired interval', () => {
    const walk = ran.find((r) => r.command.includes('compare chifeng-xitun --policy "advance:') && !r.command.includes('--force'));
    expect(walk, 'the walk-through runs govbuy compare').toBeDefined();
    const lines = walk!.out.split('\n');
    expect(lines[0]).toMatch(/^chifeng-xitun:advance vs chifeng-xitun, paired over 3 seeds/);
    expect(lines[1]).toBe('  asked — payments: insolvency and exits:');
    expect(lines[3]).toMatch(/^ {2}exits_by_cause\.insolvency +[\d.]+ +[\d.]+ +[+-]?[\d.]+ \[/);
    // The README's own walk-through says what the screen shows.
    expect(README).toContain('The answer is on the screen.');
    expect(README).not.toContain('tests/policies/');
  });

  it('leaves the files the docs list, no more and no fewer', () => {
    const docs = (f: string) => readFileSync(join(ROOT, f), 'utf8');
    // A run: README's output contract names each file in a heading and says how many there are.
    const contract = section(README, '## Output contract');
    const runFiles = entries('results/xitun').filter((e) => !REPORT_FILES.includes(e)).sort();
    expect([...contract.matchAll(/^\*\*`([\w.]+)`\*\*/gm)].map((m) => m[1]).sort()).toEqual(runFiles);
    const count = /`govbuy run` writes (\w+) files/.exec(contract)?.[1];
    expect(['one', 'two', 'three', 'four', 'five'].indexOf(count ?? '') + 1).toBe(runFiles.length);
    // Reports in both languages, as docs/report.md lists them.
    expect(entries('results/xitun').filter((e) => REPORT_FILES.includes(e)).sort()).toEqual([...REPORT_FILES].sort());
    for (const f of REPORT_FILES) expect(names(docs('docs/report.md'), f), `docs/report.md names ${f}`).toBe(true);
    // A comparison: the README's paragraph names exactly the files it writes.
    const holds = section(README, '## Comparing places and policies');
    const named = [...new Set([...holds.slice(holds.search(/The results folder\s+holds/)).split('\n\n')[0].matchAll(/`([\w]+\.(?:csv|json))`/g)].map((m) => m[1]))].sort();
    expect(named).toEqual(entries('results/compare-chifeng-xitun').sort());
    // A calibration, a sweep with its analysis, a classroom pack: every file is documented.
    const missing: string[] = [];
    const check = (folder: string, doc: string, skip: readonly string[] = REPORT_FILES) => {
      for (const e of entries(folder).filter((x) => !skip.includes(x))) if (!names(docs(doc), e)) missing.push(`${folder}/${e} not in ${doc}`);
    };
    check('results/chifeng-xitun-calibration', 'docs/calibration.md');
    check('results/payments-vs-survival', 'docs/experiments.md', [...REPORT_FILES, 'analysis/']);
    check('results/payments-vs-survival/analysis', 'docs/experiments.md');
    check('results/robust-payments/analysis', 'docs/experiments.md');
    check('results/class-xitun', 'docs/report.md');
    expect(missing).toEqual([]);
  });

  it('analyses the payments sweep into the answer: the payment outcomes first, with the level means', () => {
    const analyze = ran.find((r) => r.command.includes('analyze results/payments-vs-survival'));
    expect(analyze?.out).toMatch(/asked — payments: insolvency and exits:\n {2}outcome +factor +mean at each level \[95% CI\] +last − first\n {2}exits_by_cause\.insolvency +region/);
  });

  it('answers the deep-uncertainty example on the screen: which policy holds up first, then the PRCC shortened', () => {
    const analyze = ran.find((r) => r.command.includes('analyze results/robust-payments'));
    const out = analyze?.out ?? '';
    const at = out.indexOf('which policy holds up: 4 policies in the same 16 futures per region');
    expect(at, out).toBeGreaterThan(0);
    expect(out).toMatch(/\nexits_by_cause\.insolvency — lower is better; threshold <= 60:\n {2}region +policy +mean +meets threshold +regret mean +regret max\n {2}chifeng-xitun +status-quo /);
    for (const region of ['chifeng-xitun', 'yichang-yiling']) expect(out).toMatch(new RegExp(`\\n {2}→ most robust in ${region}: [\\w= -]+ \\(least maximum regret, `));
    expect(out.indexOf('what moves each outcome')).toBeGreaterThan(at);
    expect(out).toContain('every row, with its interval and p-value: results/robust-payments/analysis/prcc.csv');
    expect(out.split('\n').length).toBeLessThan(100);
  });
});
