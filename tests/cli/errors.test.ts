/**
 * Every kind of bad input: exit code 2, a message naming the file, the path, what was expected
 * and what was found, and nothing written.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, fixture, listing, SMALL, tempDir, XITUN } from './helpers.ts';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/** `govbuy run <file> … --out <dir>/out`, asserting exit 2, nothing on stdout and no output written. */
async function refusedRun(file: string, ...extra: string[]): Promise<string> {
  const before = listing(dir);
  const r = await cli('run', file, '--out', join(dir, 'out'), ...extra);
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err).toMatch(/^error: /);
  expect(listing(dir)).toEqual(before); // no out dir, no staging dir
  return r.err;
}

describe('bad scenario content', () => {
  it('unknown key', async () => {
    const file = fixture(dir, 'unknown.yaml', 'name: x\npolicies:\n  payments:\n    advnceShare: 0.5\n');
    const err = await refusedRun(file);
    expect(err).toContain(`error: ${file}: 1 problem in the scenario`);
    expect(err).toContain(`${file}:4:5 policies.payments: unknown key "advnceShare" (did you mean "advanceShare"?); known keys: fromYear, advanceShare`);
  });

  it('wrong type', async () => {
    const file = fixture(dir, 'type.yaml', 'name: x\npolicies:\n  incubator:\n    enabled: "yes please"\n');
    const err = await refusedRun(file);
    expect(err).toContain(`${file}:4:14 policies.incubator.enabled: expected true or false, found "yes please"`);
  });

  it('out-of-range value', async () => {
    const file = fixture(dir, 'range.yaml', 'name: x\npolicies:\n  payments:\n    advanceShare: 1.5\n');
    const err = await refusedRun(file);
    expect(err).toContain(`${file}:4:19 policies.payments.advanceShare: expected a number between 0 and 1, found 1.5`);
  });

  it('invalid enum value', async () => {
    const file = fixture(dir, 'enum.yaml', 'name: x\npolicies:\n  bidding:\n    method: open\n');
    const err = await refusedRun(file);
    expect(err).toContain(`${file}:4:13 policies.bidding.method: expected one of: openTender, invitedTender, competitiveNegotiation, singleSource, directGrant, found "open"`);
  });

  it('collects all problems, one line each', async () => {
    const file = fixture(dir, 'many.yaml', 'years: 0\nseed: -1\nregion:\n  districts: 2.5\nnonsense: 1\n');
    const err = await refusedRun(file);
    expect(err).toContain(`${file}: 4 problems in the scenario`);
    expect(err.split('\n').filter((l) => l.startsWith('  ✖ '))).toHaveLength(4);
    expect(err).toContain(`${file}:1:8 years: expected a whole number between 1 and 200, found 0`);
    expect(err).toContain(`${file}:5:1 (top level): unknown key "nonsense"`);
  });

  it('invalid schedule entry', async () => {
    const file = fixture(dir, 'schedule.yaml', 'name: x\nschedule:\n  - year: 1\n    set:\n      policies.payments.advanceShare: 3\n      region.population: 5\n');
    const err = await refusedRun(file, ...SMALL);
    expect(err).toContain(`${file}: 2 problems in the scenario`);
    expect(err).toContain(`${file}:5:7 schedule[0].set["policies.payments.advanceShare"]: expected a number between 0 and 1, found 3`);
    expect(err).toContain(`${file}:6:7 schedule[0].set["region.population"]: "region" cannot change during a run`);
  });

  it('YAML syntax error, with its line number', async () => {
    const file = fixture(dir, 'syntax.yaml', 'name: x\nyears: 2\nregion:\n\tpopulation: 5\n');
    const err = await refusedRun(file);
    expect(err).toBe(`error: ${file}: YAML syntax error (line 4)\n  ✖ ${file}:4:1 Tabs are not allowed as indentation\n`);
  });

  it('JSON syntax error, with line and column', async () => {
    const file = fixture(dir, 'bad.json', '{\n  "name": "x"\n  "years": 2\n}\n');
    const err = await refusedRun(file);
    expect(err).toContain(`error: ${file}:3:3: not valid JSON: expected ',' or '}' after a value, found "\\""`);
  });

  it('empty file', async () => {
    const file = fixture(dir, 'empty.yaml', '');
    const err = await refusedRun(file);
    expect(err).toContain(`error: ${file}: the file is empty`);
  });
});

describe('unreadable files', () => {
  it('missing file', async () => {
    const file = join(dir, 'missing.yaml');
    const err = await refusedRun(file);
    expect(err).toBe(`error: cannot read ${file}: no such file or directory\n`);
  });

  it('directory instead of a file', async () => {
    const file = join(dir, 'folder.yaml');
    mkdirSync(file);
    const err = await refusedRun(file);
    expect(err).toBe(`error: cannot read ${file}: it is a directory, not a file\n`);
  });

  it('non-UTF-8 bytes', async () => {
    const file = fixture(dir, 'gbk.yaml', Buffer.concat([Buffer.from('name: '), Buffer.from([0xce, 0xf7, 0xcd, 0xcd]), Buffer.from('\n')]));
    const err = await refusedRun(file);
    expect(err).toMatch(/^error: cannot read .*gbk\.yaml: it is not UTF-8 text \(line 1, byte 0xce at offset 6\); save it as UTF-8\n$/);
  });
});

describe('bad --set', () => {
  it('bad --set path (unknown key)', async () => {
    const err = await refusedRun(XITUN, ...SMALL, '--set', 'policies.payments.advnceShare=0.5');
    expect(err).toContain(`error: ${XITUN}: 1 problem in the scenario`);
    expect(err).toContain('--set policies.payments.advnceShare=0.5: unknown key "advnceShare" under policies.payments (did you mean "advanceShare"?)');
  });

  it('bad --set path (form)', async () => {
    expect(await refusedRun(XITUN, '--set', 'policies..payments=1')).toContain('error: --set policies..payments=1: "policies..payments" is not a dotted path');
    expect(await refusedRun(XITUN, '--set', '__proto__.polluted=1')).toContain('reserved name "__proto__"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('bad --set value (out of range, wrong type, not YAML)', async () => {
    expect(await refusedRun(XITUN, '--set', 'policies.payments.advanceShare=1.5')).toContain(
      '--set policies.payments.advanceShare=1.5: expected a number between 0 and 1, found 1.5',
    );
    expect(await refusedRun(XITUN, '--set', 'policies.incubator.enabled=maybe')).toContain(
      '--set policies.incubator.enabled=maybe: expected true or false, found "maybe"',
    );
    expect(await refusedRun(XITUN, '--set', 'governments.street.catalogue=[elderCare,')).toContain(
      'error: --set governments.street.catalogue=[elderCare,: the value is not valid YAML',
    );
  });

  it('--set without "="', async () => {
    const err = await refusedRun(XITUN, '--set', 'policies.payments.advanceShare');
    expect(err).toBe('error: --set policies.payments.advanceShare: expected path=value, e.g. --set policies.payments.advanceShare=0.5\n');
  });

  it('--years out of range is named as --years', async () => {
    expect(await refusedRun(XITUN, '--years', '500')).toContain('--years 500: expected a whole number between 1 and 200, found 500');
  });
});

describe('number options with a least value', () => {
  it('give one message, with the whole range, for every bad value: too small, negative, too large or not a number', async () => {
    const cases: [string[], string, string][] = [
      [['run', XITUN], 'threads', '--threads must be a whole number from 1 to 256 (1: the whole run in this thread)'],
      [['compare', 'chifeng-xitun', '--policy', 'a:policies.payments.advanceShare=0.5'], 'seeds', '--seeds must be a whole number from 2 to 100000 (confidence intervals need two runs)'],
      [['classroom', XITUN], 'seeds', '--seeds must be a whole number from 2 to 200 (confidence intervals need two runs)'],
      [['classroom', 'serve', XITUN], 'workers', '--workers must be a whole number, at least 1'],
      [['calibrate', XITUN, '--targets', 'scenarios/targets/chifeng-xitun.targets.yaml'], 'particles', '--particles must be a whole number from 2 to 100000'],
    ];
    for (const [words, option, message] of cases) {
      const least = Number(/(?:from|at least) (\d+)/.exec(message)![1]);
      for (const value of [String(least - 1), '-1', '1e9', 'abc']) {
        if (option === 'workers' && value === '1e9') continue; // no most (it is lowered to the cores)
        const r = await cli(...words, `--${option}`, value, words[1] === 'serve' ? '--data' : '--out', join(dir, 'never'));
        expect(r.code, `${words[0]} --${option} ${value}`).toBe(2);
        expect(r.err).toBe(`error: ${message}, got ${JSON.stringify(value)}\nrun "govbuy ${words[0]} --help" for usage\n`);
      }
    }
    expect(listing(dir)).toEqual([]);
  });
});

describe('classroom serve that cannot start', () => {
  it('leaves its --data as it was: no new folder, an empty one still empty', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const empty = join(dir, 'empty-data');
      mkdirSync(empty);
      for (const data of [join(dir, 'new-data'), empty]) {
        const r = await cli('classroom', 'serve', XITUN, '--set', 'region.population=3000', '--port', String(port), '--data', data);
        expect(r.code, r.err).toBe(2);
        expect(r.err).toContain(`error: port ${port} is in use on 127.0.0.1 (another session?); choose another with --port`);
      }
      expect(existsSync(join(dir, 'new-data'))).toBe(false);
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      taken.close();
    }
  });
});

describe('a file name that is empty, or "-"', () => {
  it('is refused saying that a name is needed, or that standard input is not supported; not "cannot read : no such file"', async () => {
    const empty = await cli('validate', '');
    expect(empty.code).toBe(2);
    expect(empty.err).toBe('error: <file> is an empty name: give the path of a scenario or experiment file\nrun "govbuy validate --help" for usage\n');
    for (const words of [['validate', '-'], ['run', '-'], ['compare', '-', 'chifeng-xitun', '--seeds', '2']]) {
      const r = await cli(...words);
      expect(r.code, words.join(' ')).toBe(2);
      expect(r.err).toMatch(/^error: "-" \(standard input or output\) is not supported: govbuy reads and writes files by name; give a path instead\n/);
    }
    const place = await cli('compare', 'chifeng-xitun', '', '--seeds', '2');
    expect(place.err).toMatch(/^error: <places> is an empty name: give a place name \(e\.g\. chifeng-xitun\) or the path of a scenario file\n/);
    const targets = await cli('calibrate', XITUN, '--targets', '');
    expect(targets.err).toMatch(/^error: --targets is empty; give a file name\n/);
  });
});

describe('bad command lines', () => {
  it('unknown option, bad --seed, missing argument, unknown command: exit 2 with a help hint', async () => {
    expect(await refusedRun(XITUN, '--sed', '3')).toBe('error: unknown option or argument: --sed (did you mean --seed?)\nrun "govbuy run --help" for usage\n');
    // As typed, with the closest option of the command when one is a likely typo; none for a stray word.
    expect(await refusedRun(XITUN, '--yeras=5', '--zzzzzz')).toBe('error: unknown option or argument: --yeras (did you mean --years?), --zzzzzz\nrun "govbuy run --help" for usage\n');
    expect((await cli('compare', 'chifeng-xitun', '--knockout', 'referral')).err).toMatch(/^error: unknown option or argument: --knockout \(did you mean --knock-out\?\)\n/);
    expect(await refusedRun(XITUN, '--seed', 'abc')).toBe('error: --seed must be a whole number from 0 to 2147483647, got "abc"\nrun "govbuy run --help" for usage\n');
    expect(await refusedRun(XITUN, '--seed', '1', '--seed', '2')).toContain('--seed given 2 times');

    const missing = await cli('run');
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('error: give a scenario file, or --from-checkpoint FILE\nrun "govbuy run --help" for usage\n');

    const unknown = await cli('rnu', XITUN);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command "rnu"\. Did you mean run\?/);

    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^error: choose a command: run, validate, schema(, [a-z-]+)*\nrun "govbuy --help" for usage\n$/);
  });
});
