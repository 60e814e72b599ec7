import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GovbuyError } from '../../src/engine/errors.ts';
import { parseScenarioText, parseSet, pathProblem } from '../../src/scenario/load.ts';
import { formatPath } from '../../src/scenario/issues.ts';
import { scanJson } from '../../src/scenario/jsonScan.ts';
import { ROOT } from '../helpers/scenario.ts';

/** The GovbuyError a parse throws (fails the test if it does not throw one). */
function failure(text: string, file = 'x.yaml', sets: string[] = []): GovbuyError {
  try {
    parseScenarioText(text, file, sets);
  } catch (err) {
    if (err instanceof GovbuyError) return err;
    throw err;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('parseScenarioText: valid input', () => {
  it('fills defaults for a minimal file', () => {
    const s = parseScenarioText('name: tiny\n', 'tiny.yaml');
    expect(s.name).toBe('tiny');
    expect(s.years).toBe(20);
    expect(s.policies.payments.delayMonths).toBeTypeOf('number');
  });

  it('reads JSON by extension, and a BOM does not matter', () => {
    const s = parseScenarioText('\uFEFF{"name": "j", "years": 3}', 'j.json');
    expect([s.name, s.years]).toEqual(['j', 3]);
  });

  it('applies --set values read as YAML scalars and flow collections', () => {
    const s = parseScenarioText('name: x\n', 'x.yaml', [
      'policies.payments.advanceShare=0.5',
      'policies.incubator.enabled=true',
      'policies.bidding.method=invitedTender',
      'governments.street.catalogue=[elderCare, culture]',
      'name="quoted: text"',
    ]);
    expect(s.policies.payments.advanceShare).toBe(0.5);
    expect(s.policies.incubator.enabled).toBe(true);
    expect(s.policies.bidding.method).toBe('invitedTender');
    expect(s.governments.street.catalogue).toEqual(['elderCare', 'culture']);
    expect(s.name).toBe('quoted: text');
  });

  it('later --set wins over earlier ones and over the file', () => {
    const s = parseScenarioText('years: 5\n', 'x.yaml', ['years=6', 'years=7']);
    expect(s.years).toBe(7);
  });

  it('accepts a valid schedule', () => {
    const s = parseScenarioText(
      'schedule:\n  - year: 3\n    set:\n      policies.payments.advanceShare: 0.8\n  - year: 1\n    set: {policies.incubator.enabled: true}\n',
      'x.yaml',
    );
    expect(s.schedule).toHaveLength(2);
  });
});

describe('parseScenarioText: problems', () => {
  it('reports every schema problem with file:line:col, path, expected and found', () => {
    const err = failure(
      [
        'name: x', //                                   1
        'years: "twenty"', //                           2
        'policies:', //                                 3
        '  payments:', //                               4
        '    advanceShare: 1.5', //                     5
        '    advnceShare: 0.5', //                      6
        '  bidding:', //                                7
        '    method: lottery', //                       8
        'organizations:', //                            9
        '  initial:', //                               10
        '    - count: 2.5', //                         11
      ].join('\n'),
      'scenarios/x.yaml',
    );
    expect(err.code).toBe('SCENARIO_INVALID');
    expect(err.message).toBe('scenarios/x.yaml: 5 problems in the scenario');
    expect(err.details).toEqual([
      'scenarios/x.yaml:2:8 years: expected a whole number between 1 and 200, found "twenty"',
      'scenarios/x.yaml:5:19 policies.payments.advanceShare: expected a number between 0 and 1, found 1.5',
      expect.stringMatching(/^scenarios\/x\.yaml:6:5 policies\.payments: unknown key "advnceShare" \(did you mean "advanceShare"\?\); known keys: .*advanceShare.*delayMonths/),
      expect.stringMatching(/^scenarios\/x\.yaml:8:13 policies\.bidding\.method: expected one of: openTender, .*, found "lottery"$/),
      expect.stringMatching(/^scenarios\/x\.yaml:11:14 organizations\.initial\[0\]\.count: expected a whole number between 0 and .*, found 2\.5$/),
    ]);
  });

  it('points at line and column in JSON files too', () => {
    const err = failure('{\n  "policies": {\n    "payments": {"advanceShare": -1}\n  }\n}\n', 'x.json');
    expect(err.details).toEqual(['x.json:3:34 policies.payments.advanceShare: expected a number between 0 and 1, found -1']);
  });

  it('says when an empty section is left in the file', () => {
    const err = failure('residents:\n', 'x.yaml');
    expect(err.details[0]).toMatch(/^x\.yaml:1:1 residents: expected a section .*found an empty value/);
  });

  it('rejects an empty file, saying so', () => {
    for (const text of ['', '   \n', '# only a comment\n']) {
      const err = failure(text);
      expect(err.code).toBe('SCENARIO_INVALID');
      expect(err.message).toBe('x.yaml: the file is empty');
    }
  });

  it('says when the file is an experiment, not a scenario, and how to run it', () => {
    const err = failure('name: resistance\nscenario: ../scenarios/chifeng-xitun.yaml\nfactors: []\nreplications: 3\n', 'experiments/e.yaml');
    expect(err.code).toBe('SCENARIO_INVALID');
    expect(err.message).toBe('experiments/e.yaml is an experiment, not a scenario (it has "scenario:", "factors:", "replications:")');
    expect(err.details).toEqual([
      'to run the experiment: govbuy sweep experiments/e.yaml',
      'to run its scenario once: govbuy run with the file its "scenario:" names, ../scenarios/chifeng-xitun.yaml (relative to the experiment\'s folder)',
    ]);
    // Every experiment shipped is recognised as one.
    for (const name of readdirSync(join(ROOT, 'experiments')).filter((n) => /\.ya?ml$/.test(n)))
      expect(failure(readFileSync(join(ROOT, 'experiments', name), 'utf8'), name).message, name).toMatch(/ is an experiment, not a scenario \(it has "scenario:"/);
    // A scenario with a key only experiments have is a scenario with a problem, not an experiment.
    expect(failure('years: 20\nfactors: []\n').message).toBe('x.yaml: 1 problem in the scenario');
  });

  it('requires a mapping at the top level', () => {
    expect(failure('- a\n- b\n').details[0]).toMatch(/^x\.yaml:1:1 expected a mapping of sections .*found a list/);
    expect(failure('42\n').details[0]).toMatch(/found a single value \(42\)/);
  });

  it('reports YAML syntax errors with file:line:col', () => {
    const err = failure('name: x\nregion:\n  population: [1, 2\nyears: 3\n');
    expect(err.code).toBe('SCENARIO_PARSE');
    expect(err.message).toMatch(/^x\.yaml: YAML syntax error \(line \d+\)$/);
    expect(err.details[0]).toMatch(/^x\.yaml:\d+:\d+ /);
  });

  it('rejects duplicate keys and tabs', () => {
    expect(failure('name: a\nname: b\n').details[0]).toMatch(/^x\.yaml:2:1 Map keys must be unique/);
    expect(failure('region:\n\tpopulation: 5\n').code).toBe('SCENARIO_PARSE');
  });

  it('stops YAML alias bombs', () => {
    const bomb = [
      'a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    const err = failure(bomb);
    expect(err.code).toBe('SCENARIO_PARSE');
    expect(err.message).toMatch(/alias/);
  });

  it('rejects collections used as keys', () => {
    expect(failure('? [a, b]\n: 1\n').details[0]).toMatch(/^x\.yaml:1:3 a key must be a plain name/);
  });

  it('reports JSON syntax errors with line and column', () => {
    const trailing = failure('{\n  "name": "x",\n}\n', 'x.json');
    expect(trailing.code).toBe('SCENARIO_PARSE');
    expect(trailing.message).toBe('x.json:3:1: not valid JSON: trailing comma before }');
    expect(failure('{"name": "x", "name": "y"}', 'x.json').message).toBe('x.json:1:15: not valid JSON: duplicate key "name"');
    expect(failure("{'name': 1}", 'x.json').message).toMatch(/^x\.json:1:2: not valid JSON: expected a quoted key/);
    expect(failure('{"years": 2', 'x.json').message).toMatch(/^x\.json:1:12: not valid JSON: expected ',' or '}'/);
  });

  it('treats __proto__ as an unknown key, never as the prototype', () => {
    const err = failure('__proto__: {years: 5}\n');
    expect(err.details[0]).toMatch(/unknown key "__proto__"/);
    expect(({} as Record<string, unknown>).years).toBeUndefined();
  });
});

describe('--set overrides', () => {
  it('names the --set in form errors', () => {
    const cases: [string, RegExp][] = [
      ['noequals', /^--set noequals: expected path=value/],
      ['=5', /^--set =5: no parameter path/],
      ['a..b=1', /^--set a\.\.b=1: "a\.\.b" is not a dotted path/],
      ['constructor.x=1', /^--set constructor\.x=1: .*reserved name "constructor"/],
      ['policies.__proto__.x=1', /reserved name "__proto__"/],
      ['years=', /^--set years=: no value after "="/],
      ['years=[1,', /^--set years=\[1,: the value is not valid YAML/],
      ['name.first=1', /^--set name\.first=1: "name" is a value/],
      ['governments.street.catalogue.first=x', /"governments\.street\.catalogue" is a list; address its entries by index/],
    ];
    for (const [arg, pattern] of cases) {
      const err = failure('name: x\ngovernments:\n  street:\n    catalogue: [culture]\n', 'x.yaml', [arg]);
      expect(err.code, arg).toBe('SET_INVALID');
      expect(err.message, arg).toMatch(pattern);
    }
  });

  it('blames validation failures on the --set that caused them', () => {
    const err = failure('name: x\n', 'x.yaml', ['policies.payments.advnceShare=0.5', 'years=abc']);
    expect(err.code).toBe('SCENARIO_INVALID');
    expect(err.details).toEqual([
      expect.stringMatching(/^--set policies\.payments\.advnceShare=0\.5: unknown key "advnceShare" under policies\.payments \(did you mean "advanceShare"\?\)/),
      '--set years=abc: expected a whole number between 1 and 200, found "abc"',
    ]);
  });

  it('uses the given label (the CLI names --years this way)', () => {
    expect(() => parseScenarioText('name: x\n', 'x.yaml', ['years=0'], { setLabels: ['--years 0'] })).toThrow(GovbuyError);
    try {
      parseScenarioText('name: x\n', 'x.yaml', ['years=0'], { setLabels: ['--years 0'] });
    } catch (err) {
      expect((err as GovbuyError).details).toEqual(['--years 0: expected a whole number between 1 and 200, found 0']);
    }
  });

  it('refuses a region without people, or with fewer resident agents than communities, saying how to fix it', () => {
    expect(failure('name: x\n', 'x.yaml', ['region.population=0']).details).toEqual(['--set region.population=0: expected a whole number between 1 and 100,000,000, found 0']);
    expect(failure('name: x\n', 'x.yaml', ['region.population=5']).details).toEqual([
      '--set region.population=5: expected at least 6 people: one resident agent (peoplePerAgent 1) for each of the 6 communities (or lower region.peoplePerAgent or the number of communities), found 5',
    ]);
    expect(failure('name: x\n', 'x.yaml', ['region.population=5000', 'region.peoplePerAgent=1000']).details[0]).toMatch(/expected at least 6,000 people: one resident agent \(peoplePerAgent 1000\) for each of the 6 communities/);
  });

  it('parseSet reads the value as YAML', () => {
    expect(parseSet('a.b=0.5').value).toBe(0.5);
    expect(parseSet('a.b=true').value).toBe(true);
    expect(parseSet('a.b=open').value).toBe('open');
    expect(parseSet('a.b=[a, b]').value).toEqual(['a', 'b']);
    expect(parseSet('a.b={x: 1}').value).toEqual({ x: 1 });
    expect(parseSet('a.b=null').value).toBeNull();
    expect(parseSet(' a.b = 2 ').path).toBe('a.b');
    expect(parseSet('a.b=x=y').value).toBe('x=y');
  });

  it('pathProblem allows list indices up to the length only', () => {
    const root = { list: [{ a: 1 }] };
    expect(pathProblem(root, ['list', '0', 'a'])).toBeNull();
    expect(pathProblem(root, ['list', '1', 'a'])).toBeNull();
    expect(pathProblem(root, ['list', '5', 'a'])).toMatch(/has 1 entry/);
    expect(pathProblem(root, ['list', '01'])).toMatch(/is a list/);
  });
});

describe('schedule checks', () => {
  it('applies entries cumulatively before any run and names each bad key', () => {
    const text = [
      'schedule:', //                                                1
      '  - year: 4', //                                              2
      '    set:', //                                                 3
      '      policies.payments.advanceShare: 1.5', //                4
      '  - year: 1', //                                              5
      '    set:', //                                                 6
      '      region.population: 5', //                               7
      '      policies.payments.advnceShare: 0.1', //                 8
      '  - year: 2', //                                              9
      '    set:', //                                                10
      '      policies.bidding.method: lottery', //                  11
      '      policies..x: 1', //                                    12
    ].join('\n');
    const err = failure(text, 's.yaml');
    expect(err.code).toBe('SCENARIO_INVALID');
    expect(err.details).toEqual([
      's.yaml:4:7 schedule[0].set["policies.payments.advanceShare"]: expected a number between 0 and 1, found 1.5',
      expect.stringMatching(/^s\.yaml:7:7 schedule\[1\]\.set\["region\.population"\]: "region" cannot change during a run; a schedule may change policies, /),
      expect.stringMatching(/^s\.yaml:8:7 schedule\[1\]\.set\["policies\.payments\.advnceShare"\]: unknown key "advnceShare" under policies\.payments/),
      expect.stringMatching(/^s\.yaml:11:7 schedule\[2\]\.set\["policies\.bidding\.method"\]: expected one of: .*found "lottery"$/),
      expect.stringMatching(/^s\.yaml:12:7 schedule\[2\]\.set\["policies\.\.x"\]: "policies\.\.x" is not a dotted path/),
    ]);
  });

  it('names the --set that wrote a bad schedule entry, not the line of the file it replaced', () => {
    const file = 'schedule:\n  - year: 1\n    set: {policies.payments.advanceShare: 0.5}\n';
    const err = failure(file, 's.yaml', ['schedule.0.set={policies.payments.advanceShare: 5}']);
    expect(err.details).toEqual(['--set schedule.0.set={policies.payments.advanceShare: 5}: schedule[0].set["policies.payments.advanceShare"]: expected a number between 0 and 1, found 5']);
    // An override elsewhere leaves the file's own schedule problems at their lines.
    expect(failure('schedule:\n  - year: 1\n    set: {policies.payments.advanceShare: 5}\n', 's.yaml', ['years=5']).details).toEqual([
      's.yaml:3:11 schedule[0].set["policies.payments.advanceShare"]: expected a number between 0 and 1, found 5',
    ]);
  });

  it('reports unknown keys and bad values set by the schedule', () => {
    const err = failure('schedule:\n  - year: 1\n    set: {policies.payments.advnceShare: 0.1, policies.bidding.method: lottery}\n', 's.yaml');
    expect(err.details).toEqual([
      expect.stringMatching(/^s\.yaml:3:11 schedule\[0\]\.set\["policies\.payments\.advnceShare"\]: unknown key "advnceShare" under policies\.payments/),
      expect.stringMatching(/^s\.yaml:3:47 schedule\[0\]\.set\["policies\.bidding\.method"\]: expected one of: openTender, .*found "lottery"/),
    ]);
  });

  it('rejects a malformed entry through the schema', () => {
    const err = failure('schedule:\n  - year: -1\n    set: 5\n', 's.yaml');
    expect(err.details).toEqual([
      's.yaml:2:11 schedule[0].year: expected a run year (0 = first year) between 0 and 200, found -1; the scenario starts in 2013',
      's.yaml:3:10 schedule[0].set: expected a mapping of keys to values, found 5',
    ]);
  });
});

describe('run years', () => {
  it('say they count from the first year of the run, and convert a calendar year given by mistake', () => {
    expect(failure('policies:\n  incubator: { fromYear: 2022 }\n', 's.yaml').details).toEqual([
      's.yaml:2:26 policies.incubator.fromYear: expected a run year (0 = first year) between 0 and 200, found 2022; the scenario starts in 2013, so calendar year 2022 is run year 9',
    ]);
    expect(failure('startYear: 2009\nschedule:\n  - year: 2012\n    set: { policies.payments.advanceShare: 0.5 }\n', 's.yaml').details).toEqual([
      's.yaml:3:11 schedule[0].year: expected a run year (0 = first year) between 0 and 200, found 2012; the scenario starts in 2009, so calendar year 2012 is run year 3',
    ]);
    // A nullable run year (a deadline) says so; other year fields (startYear) are calendar years.
    expect(failure('policies:\n  transfer: { deadlineYear: -2 }\n', 's.yaml').details[0]).toMatch(/deadlineYear: expected a run year \(0 = first year\) between 0 and 200, or null, found -2; the scenario starts in 2013$/);
    expect(failure('startYear: 20\n', 's.yaml').details[0]).toBe('s.yaml:1:12 startYear: expected a whole number between 1900 and 2200, found 20');
  });
});

describe('helpers', () => {
  it('formatPath', () => {
    expect(formatPath(['policies', 'payments', 'advanceShare'])).toBe('policies.payments.advanceShare');
    expect(formatPath(['organizations', 'initial', 0, 'count'])).toBe('organizations.initial[0].count');
    expect(formatPath(['schedule', 0, 'set', 'a.b'])).toBe('schedule[0].set["a.b"]');
    expect(formatPath([])).toBe('(top level)');
  });

  it('scanJson finds key and value offsets', () => {
    const scan = scanJson('{"a": {"b": [1, 2]}}');
    expect(scan.ok).toBe(true);
    if (scan.ok) {
      expect(scan.positions.get('a\u0000b')).toEqual({ key: 7, value: 12 });
      expect(scan.positions.get('a\u0000b\u00001')).toEqual({ value: 16 });
    }
    expect(scanJson('[' .repeat(500)).ok).toBe(false);
  });
});
