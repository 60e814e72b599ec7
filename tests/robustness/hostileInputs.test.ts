/**
 * Hostile scenario and experiment files (issue 5). Each one gets either a clear error — exit 2,
 * a message that names the file and the problem, nothing written — or a valid run. None may
 * crash (exit 1, a stack trace), hang or blow up memory: every case runs the CLI in this
 * process and checks its wall time (< 10 s) and its heap and resident-set growth (< 500 MB).
 * After each case, Object.prototype must still be clean (no prototype pollution).
 *
 * Every fixture is written here, into a temporary folder (the 10 MB file too: nothing large
 * is committed). Scenarios are tiny (1 year, 2,000 residents) so that the valid runs are quick.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, fixture, listing, tempDir, type CliResult } from '../cli/helpers.ts';
import { snapshotXitun } from '../experiments/helpers.ts';

/** Per-case limits: what "no hang" and "no memory blow-up" mean here (generous: the machine may be loaded). */
const WALL_MS = 10_000;
const GROWTH_MB = 500;
/** vitest's limit per case, above WALL_MS so that a slow case fails on the assertion, with its figure. */
const CASE_MS = 30_000;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('govbuy-hostile-')));
afterEach(() => cleanup());

const MB = 1024 * 1024;
/** A small valid scenario: one year, 2,000 residents. */
const BASE = 'name: hostile\nyears: 1\nregion:\n  population: 2000\n';

interface Attempt extends CliResult {
  ms: number;
  heapMb: number;
  rssMb: number;
  /** The --out folder the command was given. */
  outDir: string;
}

/** Object.prototype is untouched: no key from a file or --set reached it. */
function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}

/**
 * Run `govbuy <args>` in-process with `--out <dir>/out`, and check what every case must hold:
 * exit 0 or 2 (never 1), no stack trace, quick, bounded memory, no pollution.
 */
async function attempt(command: 'run' | 'sweep', file: string, ...extra: string[]): Promise<Attempt> {
  const outDir = join(dir, 'out');
  const args = command === 'sweep' ? ['sweep', file, '--workers', '0', '--out', outDir, ...extra] : ['run', file, '--out', outDir, ...extra];
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const r = await cli(...args);
  const ms = performance.now() - t0;
  const heapMb = (process.memoryUsage().heapUsed - heap0) / MB;
  const rssMb = (process.memoryUsage().rss - rss0) / MB;
  expect(r.err, 'an internal error is a crash').not.toMatch(/internal error|please report this/);
  expect(r.err, 'no stack trace').not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect([0, 2], `exit code (stderr: ${r.err.slice(0, 300)})`).toContain(r.code);
  expect(ms, 'wall time in ms').toBeLessThan(WALL_MS);
  expect(heapMb, 'heap growth in MB').toBeLessThan(GROWTH_MB);
  expect(rssMb, 'resident set growth in MB').toBeLessThan(GROWTH_MB);
  expectNoPollution();
  return { ...r, ms, heapMb, rssMb, outDir };
}

/** Exit 2, nothing on stdout, an error naming `file` and every fragment, and no output folder (nor staging folder). */
function expectRefused(a: Attempt, file: string | null, ...fragments: (string | RegExp)[]): void {
  expect(a.code, a.err).toBe(2);
  expect(a.out).toBe('');
  expect(a.err).toMatch(/^error: /);
  if (file !== null) expect(a.err).toContain(file);
  for (const f of fragments) {
    if (typeof f === 'string') expect(a.err).toContain(f);
    else expect(a.err).toMatch(f);
  }
  expect(existsSync(a.outDir), 'nothing written').toBe(false);
  expect(listing(dir).filter((n) => n.startsWith('.govbuy-')), 'no staging folder left').toEqual([]);
}

/** Exit 0 and a complete results folder: the three files parse and the series has a row per month. */
function expectRun(a: Attempt, years = 1): { manifest: Record<string, unknown>; summary: unknown; rows: string[] } {
  expect(a.code, a.err).toBe(0);
  const manifest = JSON.parse(readFileSync(join(a.outDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const summary = JSON.parse(readFileSync(join(a.outDir, 'summary.json'), 'utf8')) as unknown;
  const rows = readFileSync(join(a.outDir, 'series.csv'), 'utf8').trimEnd().split('\n');
  expect(rows).toHaveLength(1 + 12 * years);
  return { manifest, summary, rows };
}

/** Write a scenario fixture and `govbuy run` it. */
async function runScenario(name: string, content: string | Uint8Array, ...extra: string[]): Promise<{ a: Attempt; file: string }> {
  const file = fixture(dir, name, content);
  return { a: await attempt('run', file, ...extra), file };
}

/** A deeply nested value: `[[[…]]]` or `{a: {a: …}}` (flow style, as in YAML and JSON). */
const deepList = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepMap = (n: number, json = false) => (json ? '{"a": ' : '{a: ').repeat(n) + '1' + '}'.repeat(n);

/** "Billion laughs": 9 levels of 10 aliases each, 10^9 strings if expanded. */
function laughs(): string {
  let text = 'l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i < 10; i++) text += `l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]\n`;
  return text;
}

describe('hostile scenario files: govbuy run', () => {
  it('huge numbers: 1e308, 1e400 (Infinity in YAML), -1e308 are refused where they do not fit', { timeout: CASE_MS }, async () => {
    const { a, file } = await runScenario('huge.yaml', 'name: huge\nyears: 1\nregion:\n  population: 1e308\nlabour:\n  wagePerMonth: 1e400\n  overheadRate: -1e308\n');
    expectRefused(
      a,
      file,
      '3 problems in the scenario',
      `${file}:4:15 region.population: expected a whole number between 1 and 100,000,000, found 1e+308`,
      'labour.wagePerMonth: expected a number between 100 and 1,000,000,000,000, found Infinity',
      'labour.overheadRate:',
      'found -1e+308',
    );
  });

  it('negative numbers where counts are expected', { timeout: CASE_MS }, async () => {
    const { a, file } = await runScenario(
      'negative.yaml',
      'name: negative\nyears: -3\nregion:\n  population: -1\n  districts: -2\norganizations:\n  initial:\n    - count: -5\n      status: self\n',
    );
    expectRefused(
      a,
      file,
      '4 problems in the scenario',
      `${file}:2:8 years: expected a whole number between 1 and 200, found -3`,
      'region.population: expected a whole number between 1 and 100,000,000, found -1',
      'region.districts:',
      'organizations.initial[0].count: expected a whole number between 0 and 10,000,000, found -5',
    );
  });

  it('NaN and Infinity in YAML (.nan, .inf, -.inf) are refused, each named', { timeout: CASE_MS }, async () => {
    const { a, file } = await runScenario('nan.yaml', `${BASE}policies:\n  payments:\n    advanceShare: .nan\nlabour:\n  wagePerMonth: .inf\n  overheadRate: -.inf\n`);
    expectRefused(
      a,
      file,
      '3 problems in the scenario',
      'policies.payments.advanceShare: expected a number between 0 and 1, found NaN',
      'labour.wagePerMonth: expected a number between 100 and 1,000,000,000,000, found Infinity',
      'found -Infinity',
    );
  });

  it('JSON numbers beyond double range (1e999, -1e999) are refused as Infinity', { timeout: CASE_MS }, async () => {
    const { a, file } = await runScenario('inf.json', '{"name": "x", "years": 1, "labour": {"wagePerMonth": 1e999, "overheadRate": -1e999}}');
    expectRefused(a, file, 'labour.wagePerMonth: expected a number between 100 and 1,000,000,000,000, found Infinity', 'found -Infinity', `${file}:1:`);
  });

  it('a JSON number below double range (1e-999 → 0) and large whole numbers in range give a valid run', { timeout: CASE_MS }, async () => {
    const { a } = await runScenario('tiny.json', '{"name": "x", "years": 1, "seed": 2147483647, "region": {"population": 2000}, "policies": {"payments": {"advanceShare": 1e-999}}}');
    const { manifest } = expectRun(a);
    expect((manifest.scenario as { policies: { payments: { advanceShare: number } } }).policies.payments.advanceShare).toBe(0);
    expect(manifest.seed).toBe(2147483647);
  });

  it('a seed beyond 2^53 is refused (and shown as read)', { timeout: CASE_MS }, async () => {
    const { a, file } = await runScenario('seed.yaml', `seed: 9007199254740993\n${BASE}`);
    expectRefused(a, file, 'seed: expected a whole number between 0 and 2,147,483,647');
  });

  it('10,000 levels of nested lists and mappings (YAML flow and block) are refused as too deep', { timeout: CASE_MS }, async () => {
    for (const [name, text] of [
      ['deep-list.yaml', `${BASE}description: ${deepList(10_000)}\n`],
      ['deep-map.yaml', `${BASE}description: ${deepMap(10_000)}\n`],
      ['deep-block.yaml', `${BASE}description:\n  ${'- '.repeat(10_000)}x\n`],
    ]) {
      const { a, file } = await runScenario(name, text);
      expectRefused(a, file, 'YAML syntax error', 'nested too deeply to read');
    }
  });

  it('10,000 levels of nesting in JSON are refused at 200 levels, with line and column', { timeout: CASE_MS }, async () => {
    for (const [name, text] of [
      ['deep-list.json', `{"name": "x", "description": ${deepList(10_000)}}`],
      ['deep-map.json', `{"name": "x", "description": ${deepMap(10_000, true)}}`],
    ]) {
      const { a, file } = await runScenario(name, text);
      expectRefused(a, file, `${file}:1:`, 'not valid JSON: nested more than 200 levels deep');
    }
  });

  it('a 10 MB and a 6 MB file are refused before they are read (5 MB cap)', { timeout: CASE_MS }, async () => {
    for (const [name, size] of [
      ['ten.yaml', 10 * MB],
      ['six.yaml', 6 * MB],
    ] as const) {
      const { a, file } = await runScenario(name, `${BASE}description: ${'x'.repeat(size)}\n`);
      expectRefused(a, null, `cannot read ${file}: it is ${(size / MB + 0.0001).toFixed(1)} MB; scenario files are limited to 5 MB`);
    }
  });

  it('a file just under the cap (4.9 MB, one long description) gives a valid run', { timeout: CASE_MS }, async () => {
    const size = Math.floor(4.9 * MB);
    const { a } = await runScenario('big.yaml', `${BASE}description: ${'d'.repeat(size)}\n`);
    const { manifest } = expectRun(a);
    expect((manifest.scenario as { description: string }).description).toHaveLength(size);
  });

  it('non-UTF-8 bytes (GBK, UTF-16, overlong, truncated) are refused with line, byte and offset', { timeout: CASE_MS }, async () => {
    const cases: [string, Buffer, string][] = [
      ['gbk.yaml', Buffer.concat([Buffer.from(`${BASE}description: `), Buffer.from([0xce, 0xf7, 0xcd, 0xcd]), Buffer.from('\n')]), '(line 5, byte 0xce at offset 63)'],
      ['utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BASE, 'utf16le')]), '(line 1, byte 0xff at offset 0)'],
      ['overlong.yaml', Buffer.concat([Buffer.from('name: '), Buffer.from([0xc0, 0xaf]), Buffer.from('\n')]), '(line 1, byte 0xc0 at offset 6)'],
      ['truncated.json', Buffer.concat([Buffer.from('{"name": "x'), Buffer.from([0xe4, 0xb8])]), '(line 1, byte 0xe4 at offset 11)'],
    ];
    for (const [name, bytes, where] of cases) {
      const { a, file } = await runScenario(name, bytes);
      expectRefused(a, null, `cannot read ${file}: it is not UTF-8 text ${where}; save it as UTF-8`);
    }
  });

  it('a UTF-8 byte order mark is accepted (YAML and JSON)', { timeout: CASE_MS }, async () => {
    const yaml = await runScenario('bom.yaml', `\ufeff${BASE}`);
    expect(expectRun(yaml.a).manifest.scenarioFile).toBe(yaml.file);
    cleanupOut();
    const json = await runScenario('bom.json', '\ufeff{"name": "bom", "years": 1, "region": {"population": 2000}}');
    expectRun(json.a);
  });

  it('an alias bomb (billion laughs) is refused: its aliases stand for more than 100,000 values', { timeout: CASE_MS }, async () => {
    const { a, file } = await runScenario('laughs.yaml', `${BASE}${laughs()}`);
    expectRefused(a, file, 'the aliases (*name) in this file stand for more than 100,000 values in all');
  });

  it('__proto__, constructor and prototype keys are refused at top level and nested, and pollute nothing', { timeout: CASE_MS }, async () => {
    const cases: [string, string, string][] = [
      ['proto-top.yaml', `${BASE}__proto__:\n  polluted: yes\n`, '(top level): unknown key "__proto__"'],
      ['proto-nested.yaml', `${BASE}policies:\n  __proto__:\n    polluted: yes\n`, 'policies: unknown key "__proto__"'],
      ['proto-list.yaml', `${BASE}organizations:\n  initial:\n    - count: 1\n      __proto__: {polluted: yes}\n`, 'organizations.initial[0]: unknown key "__proto__"'],
      ['constructor.yaml', `${BASE}constructor:\n  prototype:\n    polluted: yes\n`, '(top level): unknown key "constructor"'],
      ['prototype.yaml', `${BASE}labour:\n  prototype: {polluted: yes}\n`, 'labour: unknown key "prototype"'],
      ['proto.json', '{"name": "x", "__proto__": {"polluted": 1}, "policies": {"constructor": {"prototype": {"polluted": 1}}}}', 'unknown key "__proto__"'],
      // zod's record type drops a "__proto__" key silently; the loader reads the keys as written (src/scenario/load.ts).
      ['proto-schedule.yaml', `${BASE}schedule:\n  - year: 0\n    set:\n      __proto__: {policies.payments.advanceShare: 0.9}\n`, 'schedule[0].set.__proto__: "__proto__" uses the reserved name "__proto__"'],
      ['proto-schedule.json', '{"name": "x", "years": 1, "schedule": [{"year": 0, "set": {"__proto__": {"polluted": 1}}}]}', 'uses the reserved name "__proto__"'],
      ['constructor-schedule.yaml', `${BASE}schedule:\n  - year: 0\n    set:\n      constructor.prototype.polluted: 1\n`, 'uses the reserved name "constructor"'],
      ['proto-path-schedule.yaml', `${BASE}schedule:\n  - year: 0\n    set:\n      policies.__proto__.polluted: 1\n`, 'uses the reserved name "__proto__"'],
    ];
    for (const [name, text, message] of cases) {
      const { a, file } = await runScenario(name, text);
      expectRefused(a, file, message);
    }
  });

  it('duplicate keys are refused (YAML and JSON, top level and nested)', { timeout: CASE_MS }, async () => {
    for (const [name, text, message] of [
      ['dup.yaml', `${BASE}name: again\n`, ':5:1 Map keys must be unique'],
      ['dup-nested.yaml', `${BASE}labour:\n  wagePerMonth: 1\n  wagePerMonth: 2\n`, ':7:3 Map keys must be unique'],
      ['dup.json', '{"name": "x", "labour": {"wagePerMonth": 1, "wagePerMonth": 2}}', ':1:45: not valid JSON: duplicate key "wagePerMonth"'],
    ]) {
      const { a, file } = await runScenario(name, text);
      expectRefused(a, file, message);
    }
  });

  it('30,000 distinct unknown keys are refused in seconds, listing the first 50 (YAML duplicate-key check is linear)', { timeout: CASE_MS }, async () => {
    let text = BASE;
    // Before the fix (the yaml package's quadratic uniqueKeys check, every problem placed): over 100 s.
    for (let i = 0; i < 30_000; i++) text += `k${i}: 1\n`;
    const { a, file } = await runScenario('keys.yaml', text);
    expectRefused(a, file, '30000 problems in the scenario', `${file}:5:1 (top level): unknown key "k0"`, '… and 29950 more (only the first 50 are listed)');
    const listed = a.err.split('\n').filter((l) => l.startsWith('  ✖ '));
    expect(listed).toHaveLength(51);
    expect(listed[50]).toBe('  ✖ … and 29950 more (only the first 50 are listed)');
  });

  it('a schedule entry with 10,000 unknown keys is refused in seconds', { timeout: CASE_MS }, async () => {
    let text = `${BASE}schedule:\n  - year: 0\n    set:\n`;
    // Before the fix (every problem matched against every key): about 40 s.
    for (let i = 0; i < 10_000; i++) text += `      policies.payments.x${i}: 1\n`;
    const { a, file } = await runScenario('schedule-keys.yaml', text);
    expectRefused(a, file, '50 or more problems in the scenario', 'unknown key "x0" under policies.payments', '… the check stopped after 50 problems');
  });

  it('a schedule of more than 1,000 entries is refused before any entry is applied', { timeout: CASE_MS }, async () => {
    let text = `${BASE}schedule:\n`;
    for (let i = 0; i < 5000; i++) text += `  - {year: 0, set: {policies.payments.advanceShare: 0.5}}\n`;
    const { a, file } = await runScenario('schedule-long.yaml', text);
    expectRefused(a, file, 'schedule: expected at most 1000 entries');
  });

  it('a 1 MB name gives a valid run, kept whole in the manifest', { timeout: CASE_MS }, async () => {
    const name = 'n'.repeat(MB);
    const { a } = await runScenario('long-name.yaml', `name: ${name}\nyears: 1\nregion:\n  population: 2000\n`);
    const { manifest } = expectRun(a);
    expect((manifest.scenario as { name: string }).name).toBe(name);
  });

  it('a 1 MB key is refused (YAML keys are at most 1024 characters)', { timeout: CASE_MS }, async () => {
    const { a, file } = await runScenario('long-key.yaml', `${BASE}${'k'.repeat(MB)}: 1\n`);
    expectRefused(a, file, 'YAML syntax error', 'at most 1024 chars');
  });

  it('control characters in text (escaped and raw) give a valid run; the JSON outputs escape them', { timeout: CASE_MS }, async () => {
    const { a } = await runScenario('control.yaml', `name: "a\\x00b\\x07c\\x1b[31md\\u202ee"\ndescription: "tab\\tnew\\nline\\r"\nyears: 1\nregion:\n  population: 2000\n`);
    const { manifest } = expectRun(a);
    expect((manifest.scenario as { name: string }).name).toBe('a\u0000b\u0007c\u001b[31md\u202ee');
    const text = readFileSync(join(a.outDir, 'manifest.json'), 'utf8');
    expect(text).not.toMatch(/[\u0000-\u0008\u001b]/); // escaped as \u0000 … in JSON
    cleanupOut();
    const raw = await runScenario('control-raw.yaml', `name: a\u0001b\u0007c\n${BASE.replace('name: hostile\n', '')}`);
    expectRun(raw.a);
  });

  it('a control character in a key is refused as an unknown key', { timeout: CASE_MS }, async () => {
    const { a, file } = await runScenario('control-key.yaml', `${BASE}"poli\\x1bcies": {}\n`);
    expectRefused(a, file, 'unknown key "poli');
  });
});

describe('hostile --set values', () => {
  const ok = () => fixture(dir, 'ok.yaml', BASE);

  it('huge, negative, NaN and infinite --set values are refused, naming the --set', { timeout: CASE_MS }, async () => {
    const file = ok();
    for (const [set, message] of [
      ['region.population=1e308', 'found 1e+308'],
      ['region.population=-1', 'found -1'],
      ['labour.wagePerMonth=1e400', 'found Infinity'],
      ['labour.wagePerMonth=-.inf', 'found -Infinity'],
      ['policies.payments.advanceShare=.nan', 'found NaN'],
      ['organizations.initial.0.count=-5', 'organizations.initial'],
    ]) {
      const a = await attempt('run', file, '--set', set);
      expectRefused(a, null, `--set ${set}`, message);
    }
    expectRefused(await attempt('run', file, '--years', '1e308'), null, '--years must be a whole number, got "1e308"');
    expectRefused(await attempt('run', file, '--seed', '-1'), null, '--seed must be a whole number from 0 to 2147483647');
  });

  it('__proto__, constructor and prototype in --set paths and values are refused and pollute nothing', { timeout: CASE_MS }, async () => {
    const file = ok();
    for (const [set, message] of [
      ['__proto__.polluted=1', 'uses the reserved name "__proto__"'],
      ['policies.__proto__.polluted=1', 'uses the reserved name "__proto__"'],
      ['constructor.prototype.polluted=1', 'uses the reserved name "constructor"'],
      ['labour.prototype=1', 'uses the reserved name "prototype"'],
      ['policies={__proto__: {polluted: 1}}', 'unknown key "__proto__" under policies'],
      ['schedule=[{year: 0, set: {__proto__: {policies.payments.advanceShare: 0.9}}}]', 'schedule[0].set.__proto__: "__proto__" uses the reserved name "__proto__"'],
    ]) {
      expectRefused(await attempt('run', file, '--set', set), null, message);
    }
  });

  it('deep, alias-bomb and duplicate-key --set values are refused', { timeout: CASE_MS }, async () => {
    const file = ok();
    expectRefused(await attempt('run', file, '--set', `name=${deepList(10_000)}`), null, 'the value is not valid YAML: nested too deeply to read');
    const bomb = '[&a [x,x,x,x,x,x,x,x,x,x], &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a], &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b], [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]]';
    expectRefused(await attempt('run', file, '--set', `name=${bomb}`), null, 'cannot read the value');
    expectRefused(await attempt('run', file, '--set', 'labour={wagePerMonth: 1, wagePerMonth: 2}'), null, 'Map keys must be unique');
  });

  it('a 1 MB --set text and control characters give a valid run', { timeout: CASE_MS }, async () => {
    const file = ok();
    const long = 'x'.repeat(MB);
    const a = await attempt('run', file, '--set', `name=${long}`);
    expect((expectRun(a).manifest.scenario as { name: string }).name).toBe(long);
    cleanupOut();
    const c = await attempt('run', file, '--set', 'name="a\\x00b\\x1b[0m"');
    expect((expectRun(c).manifest.scenario as { name: string }).name).toBe('a\u0000b\u001b[0m');
  });

  it('an index far beyond a list is refused', { timeout: CASE_MS }, async () => {
    expectRefused(await attempt('run', ok(), '--set', 'organizations.initial.99999999999.count=1'), null, '--set organizations.initial.99999999999.count=1');
  });
});

/** Remove the --out folder of a valid run, so the next case in the same test can use it. */
function cleanupOut(): void {
  rmSync(join(dir, 'out'), { recursive: true, force: true });
}

describe('hostile experiment files: govbuy sweep', () => {
  /** An experiment on a copy of Xitun in the temp folder, 1 year on 2,000 residents. */
  const HEAD = 'scenario: xitun.yaml\nset:\n  years: 1\n  region.population: 2000\n';
  const experiment = (name: string, content: string | Uint8Array) => {
    snapshotXitun(dir);
    return fixture(dir, name, content);
  };
  const sweep = async (name: string, content: string | Uint8Array, ...extra: string[]) => {
    const file = experiment(name, content);
    return { a: await attempt('sweep', file, ...extra), file };
  };

  it('huge, negative, NaN and infinite numbers are refused', { timeout: CASE_MS }, async () => {
    for (const [tail, message] of [
      ['replications: 1e308\n', 'replications: expected a whole number between 1 and 100,000, found 1e+308'],
      ['replications: .inf\n', 'found Infinity'],
      ['replications: -3\n', 'found -3'],
      ['seed: .nan\n', 'seed:'],
      ['design: {type: lhs, samples: 1e308}\nfactors: [{path: policies.payments.advanceShare, range: [0, 1]}]\n', 'design.samples'],
      ['design: {type: lhs, samples: 1000000000}\nfactors: [{path: policies.payments.advanceShare, range: [0, 1]}]\n', 'the design has 1,000,000,000 runs; at most 10,000,000 fit one sweep'],
      ['design: {type: lhs, samples: 2}\nfactors: [{path: labour.wagePerMonth, range: [0, .inf]}]\n', 'factors[0].range[1]: expected a number, found Infinity'],
      ['design: {type: lhs, samples: 2}\nfactors: [{path: labour.wagePerMonth, range: [.nan, 1]}]\n', 'factors[0].range[0]: expected a number, found NaN'],
      ['design: {type: lhs, samples: 2}\nfactors: [{path: labour.wagePerMonth, range: [-1e308, 1e308]}]\n', 'does not give a valid scenario'],
      ['factors: [{path: region.districts, values: [-1]}]\n', 'does not give a valid scenario'],
    ]) {
      const { a, file } = await sweep('numbers.yaml', HEAD + tail);
      expectRefused(a, file, message);
      cleanupOut();
    }
  });

  it('.inf, .nan or 1e999 as a factor value or fixed setting is refused (exit 2)', { timeout: CASE_MS }, async () => {
    // Today: "internal error: cannot write JSON: $.experiment.factors[0].values[0] is Infinity" from the fingerprint.
    const { a, file } = await sweep('inf-values.yaml', `${HEAD}factors: [{path: labour.wagePerMonth, values: [.inf]}]\n`);
    expectRefused(a, file, 'Infinity');
  });

  it('10,000 levels of nesting are refused (YAML and JSON)', { timeout: CASE_MS }, async () => {
    for (const [name, text] of [
      ['deep-list.yaml', `${HEAD}description: ${deepList(10_000)}\n`],
      ['deep-map.yaml', `${HEAD}description: ${deepMap(10_000)}\n`],
      ['deep.json', `{"scenario": "xitun.yaml", "description": ${deepMap(10_000, true)}}`],
    ]) {
      const { a, file } = await sweep(name, text);
      // The message is the parser's ("Maximum call stack size exceeded"); the scenario loader says "nested too deeply".
      expectRefused(a, file, 'YAML syntax error');
    }
  });

  it('a 10 MB and a 6 MB experiment file are refused', { timeout: CASE_MS }, async () => {
    for (const size of [10 * MB, 6 * MB]) {
      const { a, file } = await sweep('big.yaml', `${HEAD}description: ${'x'.repeat(size)}\n`);
      expectRefused(a, null, `cannot read ${file}: it is ${(size / MB).toFixed(1)} MB`);
    }
  });

  it('a base scenario over the cap, a device or a folder is refused, naming the experiment', { timeout: CASE_MS }, async () => {
    fixture(dir, 'huge-scenario.yaml', `${BASE}description: ${'x'.repeat(6 * MB)}\n`);
    for (const [scenario, message] of [
      ['huge-scenario.yaml', 'it is 6.0 MB; scenario files are limited to 5 MB'],
      ['/dev/zero', 'it is a device, not a file'],
      ['/dev/urandom', 'it is a device, not a file'],
      ['/', 'it is a directory, not a file'],
    ]) {
      const { a, file } = await sweep('base.yaml', `scenario: ${scenario}\n`);
      expectRefused(a, file, `cannot read its scenario "${scenario}"`, message);
    }
  });

  it('non-UTF-8 bytes are refused; a byte order mark is accepted', { timeout: CASE_MS }, async () => {
    const bad = await sweep('gbk.yaml', Buffer.concat([Buffer.from(`${HEAD}description: `), Buffer.from([0xce, 0xf7]), Buffer.from('\n')]));
    expectRefused(bad.a, null, `cannot read ${bad.file}: it is not UTF-8 text (line 5, byte 0xce`);
    const bom = await sweep('bom.yaml', `\ufeff${HEAD}`);
    expect(bom.a.code, bom.a.err).toBe(0);
  });

  it('an alias bomb is refused', { timeout: CASE_MS }, async () => {
    const { a, file } = await sweep('laughs.yaml', `${HEAD}description: x\nfactors:\n  - path: residents.initialTrust\n    values: &l0 [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]\n${Array.from({ length: 8 }, (_, i) => `  - path: residents.initialAwareness${i}\n    values: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]\n`).join('')}`);
    expectRefused(a, file, /alias/i);
  });

  it('__proto__, constructor and prototype keys and paths are refused and pollute nothing', { timeout: CASE_MS }, async () => {
    for (const [tail, message] of [
      ['__proto__: {polluted: 1}\n', '(top level): unknown key "__proto__"'],
      ['design: {type: grid, __proto__: {polluted: 1}}\n', 'design: unknown key "__proto__"'],
      ['factors: [{path: constructor.prototype.polluted, values: [1]}]\n', 'uses the reserved name "constructor"'],
      ['factors: [{path: policies.__proto__.polluted, values: [1]}]\n', 'uses the reserved name "__proto__"'],
      ['factors: [{path: policies.compensation, values: [{__proto__: {polluted: 1}}]}]\n', 'unknown key "__proto__" under policies.compensation'],
    ]) {
      const { a, file } = await sweep('proto.yaml', HEAD + tail);
      expectRefused(a, file, message);
    }
  });

  it('a factor named __proto__ is refused before anything is written', { timeout: CASE_MS }, async () => {
    // Today: "internal error: row 1 has no value for column "__proto__"", and --out is left with a manifest and journal.
    const { a, file } = await sweep('proto-name.yaml', `${HEAD}factors: [{path: residents.initialTrust, name: __proto__, values: [0.1]}]\n`);
    expectRefused(a, file, '__proto__');
  });

  it('a "__proto__" key under set: is refused', { timeout: CASE_MS }, async () => {
    // zod's record drops the key; the sweep runs without the setting (exit 0).
    const { a, file } = await sweep('proto-set.yaml', `${HEAD}  __proto__: {years: 2}\n`);
    expectRefused(a, file, '__proto__');
  });

  it('duplicate keys are refused', { timeout: CASE_MS }, async () => {
    const { a, file } = await sweep('dup.yaml', `${HEAD}seed: 1\nseed: 2\n`);
    expectRefused(a, file, 'Map keys must be unique');
  });

  it('a 1 MB name, a 1 MB description and control characters give a valid sweep', { timeout: CASE_MS }, async () => {
    for (const tail of [`name: ${'n'.repeat(MB)}\n`, `description: ${'d'.repeat(MB)}\n`, 'name: "a\\x00b\\x1b[31m"\n']) {
      const { a } = await sweep('text.yaml', HEAD + tail);
      expect(a.code, a.err).toBe(0);
      const manifest = JSON.parse(readFileSync(join(a.outDir, 'manifest.json'), 'utf8')) as { status: string; runs: { ok: number } };
      expect(manifest).toMatchObject({ status: 'complete', runs: { ok: 1 } });
      cleanupOut();
    }
  });

  it('a base scenario path outside the experiment folder is only read: ../../etc/passwd is refused as not a scenario', { timeout: CASE_MS }, async () => {
    const { a, file } = await sweep('passwd.yaml', `scenario: ${'../'.repeat(12)}etc/passwd\n`);
    expectRefused(a, file, /do not give a valid scenario from (\.\.\/)*etc\/passwd/, 'expected a mapping of sections');
  });
});

describe('bounded readers and clear messages (issue 13)', () => {
  /** `name: &a [*a, *a, …]`: an anchor used inside its own value. */
  const selfAlias = (n: number) => `&a [${Array(n).fill('*a').join(', ')}]`;

  /** A command run in-process that must end quickly with exit 2 and `message`, never a crash. */
  async function refusedQuickly(args: string[], message: string | RegExp): Promise<CliResult> {
    const t0 = performance.now();
    const r = await cli(...args);
    expect(performance.now() - t0, `${args[0]} wall time`).toBeLessThan(WALL_MS);
    expect(r.code, r.err).toBe(2);
    expect(r.err).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
    if (typeof message === 'string') expect(r.err).toContain(message);
    else expect(r.err).toMatch(message);
    return r;
  }

  it('a checkpoint that is /dev/zero, a FIFO or a 3 GB file is refused without reading it', { timeout: CASE_MS }, async () => {
    await refusedQuickly(['run', '--from-checkpoint', '/dev/zero', '--out', join(dir, 'out')], 'cannot read checkpoint /dev/zero: it is a device, not a file');
    const fifo = join(dir, 'pipe.ckpt');
    execFileSync('mkfifo', [fifo]);
    await refusedQuickly(['run', '--from-checkpoint', fifo, '--out', join(dir, 'out')], 'it is a named pipe (FIFO), not a file');
    const huge = join(dir, 'huge.ckpt');
    writeFileSync(huge, '');
    truncateSync(huge, 3 * 1024 * MB); // sparse: takes no disk
    await refusedQuickly(['run', '--from-checkpoint', huge, '--out', join(dir, 'out')], /it is 3\.0 GB; checkpoints \(at most the JavaScript heap\) are limited to/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a FIFO named manifest.json in a results folder is never opened: run --force, sweep --resume and report refuse it', { timeout: CASE_MS }, async () => {
    const folder = join(dir, 'fifo-results');
    mkdirSync(folder);
    execFileSync('mkfifo', [join(folder, 'manifest.json')]);
    const scenario = fixture(dir, 's.yaml', BASE);
    await refusedQuickly(['run', scenario, '--out', folder, '--force'], /manifest\.json does not count: it is not a regular file/);
    snapshotXitun(dir);
    const experiment = fixture(dir, 'e.yaml', 'scenario: xitun.yaml\nset: {years: 1, region.population: 2000}\n');
    await refusedQuickly(['sweep', experiment, '--workers', '0', '--out', folder, '--resume'], /manifest\.json: it is a named pipe \(FIFO\), not a file/);
    await refusedQuickly(['report', folder], 'it is a named pipe (FIFO), not a file');
  });

  it('an anchor used inside its own value is refused in seconds: in a scenario, in --set and in an experiment file', { timeout: CASE_MS }, async () => {
    const message = 'the alias *a is inside the value of its own anchor &a, which would make it endless; write the values out instead';
    const { a, file } = await runScenario('self.yaml', `${BASE}description: ${selfAlias(1000)}\n`);
    expectRefused(a, file, message);
    const scenario = fixture(dir, 'plain.yaml', BASE);
    await refusedQuickly(['run', scenario, '--set', `description=${selfAlias(1000)}`, '--out', join(dir, 'out')], message);
    snapshotXitun(dir);
    const experiment = fixture(dir, 'self-exp.yaml', `scenario: xitun.yaml\nset: {years: 1}\ndescription: x\nfactors:\n  - path: residents.initialTrust\n    values: ${selfAlias(1000)}\n`);
    await refusedQuickly(['sweep', experiment, '--workers', '0', '--out', join(dir, 'out')], message);
  });

  it('a 400 KB scenario with 20,000 initial entries and 1,000 schedule entries is validated in seconds (it took a minute)', { timeout: CASE_MS }, async () => {
    const initial = Array.from({ length: 20_000 }, () => '    - {count: 0}').join('\n');
    const schedule = Array.from({ length: 1000 }, (_, i) => `  - {year: ${i % 20}, set: {policies.payments.advanceShare: ${(i % 10) / 10}}}`).join('\n');
    const file = fixture(dir, 'big-schedule.yaml', `name: big\nyears: 20\norganizations:\n  initial:\n${initial}\nschedule:\n${schedule}\n`);
    const t0 = performance.now();
    const r = await cli('validate', file);
    const ms = performance.now() - t0;
    expect(r.code, r.err).toBe(0);
    expect(ms).toBeLessThan(WALL_MS);
  });

  it('--workers above the cores is capped with a note', { timeout: CASE_MS }, async () => {
    snapshotXitun(dir);
    const experiment = fixture(dir, 'w.yaml', 'scenario: xitun.yaml\nset: {years: 1, region.population: 1500}\nfactors: [{path: policies.payments.advanceShare, values: [0, 0.5]}]\n');
    const r = await cli('sweep', experiment, '--workers', '999', '--out', join(dir, 'out'));
    expect(r.code, r.err).toBe(0);
    const cores = availableParallelism();
    expect(r.err).toContain(`note: --workers 999 is more than the ${cores} ${cores === 1 ? 'core' : 'cores'} of this machine; using ${cores}`);
    expect(r.out).toMatch(cores === 1 ? /on 1 thread/ : /on 2 worker threads/);
  });

  it('classroom and sweep make the up-front memory check: 10,000,000 organizations are refused before any run', { timeout: CASE_MS }, async () => {
    const file = fixture(dir, 'crowded.yaml', `${BASE}organizations:\n  initial:\n    - {count: 10000000}\n`);
    await refusedQuickly(['classroom', file, '--seeds', '2', '--out', join(dir, 'out')], /10,000,000 organizations at the start need about .* of JavaScript heap/);
    const experiment = fixture(dir, 'crowded-exp.yaml', 'scenario: crowded.yaml\n');
    await refusedQuickly(['sweep', experiment, '--workers', '0', '--out', join(dir, 'out')], /10,000,000 organizations at the start need about/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('CR-only line ends are line breaks: the file runs as if it had LF', { timeout: CASE_MS }, async () => {
    const { a } = await runScenario('mac.yaml', BASE.replace(/\n/g, '\r'));
    expectRun(a);
  });

  it('a second document, a file of null, !!set and !!omap, --out "" and --checkpoint-out <folder> say what to change', { timeout: CASE_MS }, async () => {
    for (const [name, content, message] of [
      ['multi.yaml', `${BASE}---\nname: second\n`, 'a second YAML document starts here (after a line "---" or "..."); a govbuy file holds one document: remove the second one, or put it in a file of its own'],
      ['null.yaml', 'null\n', 'the file holds only a null value ("null"), not a scenario'],
      ['set.yaml', `${BASE}description: !!set {a, b}\n`, 'the YAML tag !!set makes a set, which govbuy files do not use; write a list instead, e.g. [a, b]'],
      ['omap.yaml', `${BASE}description: !!omap [{a: 1}]\n`, 'the YAML tag !!omap makes an ordered list of pairs, which govbuy files do not use; write a plain mapping instead'],
    ]) {
      const { a, file } = await runScenario(name, content);
      expectRefused(a, file, message);
    }
    const scenario = fixture(dir, 'ok.yaml', BASE);
    await refusedQuickly(['run', scenario, '--out', ''], '--out is empty; give a folder name, e.g. --out results/my-run');
    mkdirSync(join(dir, 'ckpts'));
    await refusedQuickly(['run', scenario, '--checkpoint-at', '0', '--checkpoint-out', join(dir, 'ckpts'), '--out', join(dir, 'out')], `--checkpoint-out ${join(dir, 'ckpts')} is a directory; give a file name, e.g. ${join(dir, 'ckpts', 'year5.ckpt')}`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
