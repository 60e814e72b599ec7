/**
 * `govbuy calibrate` end to end on the Xitun preset with a tiny budget, and every kind of bad
 * input: exit code 2, a message naming the file, the path, what was expected and what was
 * found, and nothing written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/scenario/load.ts';
import { cli, fixture, listing, tempDir, XITUN } from '../cli/helpers.ts';

const TARGETS = 'scenarios/targets/chifeng-xitun.targets.yaml';
/** A tiny calibration: 8 particles, one run per draw, three generations at most. */
const TINY = ['--particles', '8', '--replications', '1', '--budget', '32', '--check-seeds', '2', '--seed', '5'];
/** TINY without the budget. */
const TINY_NO_BUDGET = TINY.filter((a, i) => a !== '--budget' && TINY[i - 1] !== '--budget');

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const withoutTimings = (text: string) => {
  const json = JSON.parse(text) as Record<string, unknown>;
  delete json.timings;
  return JSON.stringify(json);
};

describe('govbuy calibrate on the Xitun preset', () => {
  it('writes calibration.json, posterior.csv and manifest.json, and a calibrated scenario', async () => {
    const out = join(dir, 'cal');
    const scenarioOut = join(dir, 'xitun-calibrated.yaml');
    const preset = readFileSync(XITUN, 'utf8');
    const r = await cli('calibrate', XITUN, '--targets', TARGETS, ...TINY, '--workers', '1', '--out', out, '--write-scenario', scenarioOut);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    // One run per draw is "1 run", not "1 runs".
    expect(r.out).toContain(', 8 particles, 1 run per draw, budget 32 runs of 4 years, seed 5\n');
    expect(r.out).toMatch(/generation 0: tolerance ∞, 8 particles from 8 draws/);
    expect(r.out).toContain(`wrote ${out}/ calibration.json, posterior.csv, manifest.json`);
    expect(listing(out)).toEqual(['calibration.json', 'manifest.json', 'posterior.csv']);

    const json = JSON.parse(readFileSync(join(out, 'calibration.json'), 'utf8'));
    expect(json.format).toBe('govbuy-calibration');
    expect(json.method).toBe('abc-smc');
    expect(json.settings).toMatchObject({ replications: 1, particles: 8, budget: 32, seed: 5, runYears: 4, runYearsFrom: 'targets file' });
    expect(json.runs.fit).toBeLessThanOrEqual(32);
    expect(json.runs.check).toBe(6);
    expect(json.tolerances[0].epsilon).toBeNull();
    expect(json.parameters).toHaveLength(9);
    for (const p of json.parameters) {
      const { lower, upper } = p.posterior.credibleInterval;
      expect(lower).toBeLessThanOrEqual(p.posterior.median);
      expect(upper).toBeGreaterThanOrEqual(p.posterior.median);
      expect(lower).toBeGreaterThanOrEqual(p.prior.lo);
      expect(upper).toBeLessThanOrEqual(p.prior.hi);
    }
    expect(json.targets.map((t: { name: string }) => t.name)).toContain('orgs_2016');
    for (const t of json.targets) for (const point of ['posteriorMean', 'posteriorMedian', 'map']) expect(typeof t[point].withinTolerance).toBe('boolean');
    const weights = json.particles.map((p: { weight: number }) => p.weight);
    expect(weights.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 12);
    expect(json.codeVersion.package).toMatch(/^\d+\.\d+\.\d+/);

    const csv = readFileSync(join(out, 'posterior.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe(['particle', 'weight', 'distance', ...json.parameters.map((p: { name: string }) => p.name)].join(','));
    expect(csv).toHaveLength(json.particles.length + 1);

    const text = readFileSync(scenarioOut, 'utf8');
    const calibrated = parseScenarioText(text, scenarioOut);
    const slots = json.parameters.find((p: { path: string }) => p.path === 'policies.incubator.slots');
    expect(calibrated.policies.incubator.slots).toBe(slots.fitted);
    expect(text).toMatch(/slots: \d+ # calibrated: median \(90% CI \d+–\d+\), ABC-SMC fit to chifeng-xitun.targets.yaml \(calibration seed 5\); was \d+, /);
    // Everything else as in the preset: same lines once the calibrated ones are set aside.
    const untouched = (s: string) => s.split('\n').filter((l) => !l.includes('# calibrated:'));
    const fitted = new RegExp(`^\\s+(${json.parameters.map((p: { path: string }) => p.path.split('.').pop()).join('|')}):`);
    expect(untouched(text)).toEqual(untouched(preset).filter((l) => !fitted.test(l)));
  });

  it('the same --seed gives a byte-identical calibration.json (but for timings), with or without worker threads', async () => {
    const a = await cli('calibrate', XITUN, '--targets', TARGETS, ...TINY, '--workers', '1', '--out', join(dir, 'a'));
    const b = await cli('calibrate', XITUN, '--targets', TARGETS, ...TINY, '--workers', '2', '--out', join(dir, 'b'));
    expect(a.err + b.err).toBe('');
    expect([a.code, b.code]).toEqual([0, 0]);
    const read = (d: string, f: string) => readFileSync(join(dir, d, f), 'utf8');
    expect(withoutTimings(read('b', 'calibration.json'))).toBe(withoutTimings(read('a', 'calibration.json')));
    expect(read('b', 'posterior.csv')).toBe(read('a', 'posterior.csv'));
  });

  it('rejection ABC spends the whole budget on prior draws', async () => {
    const r = await cli('calibrate', XITUN, '--targets', TARGETS, ...TINY, '--method', 'abc-rejection', '--workers', '1', '--out', join(dir, 'r'));
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'r', 'calibration.json'), 'utf8'));
    expect(json.method).toBe('abc-rejection');
    expect(json.runs.fit).toBe(32);
    expect(json.particles).toHaveLength(8);
    expect(json.tolerances).toHaveLength(1);
  });

  it('refuses existing results without --force, replaces them with it', async () => {
    const out = join(dir, 'cal');
    expect((await cli('calibrate', XITUN, '--targets', TARGETS, ...TINY, '--workers', '1', '--out', out)).code).toBe(0);
    const again = await cli('calibrate', XITUN, '--targets', TARGETS, ...TINY, '--workers', '1', '--out', out);
    expect(again.code).toBe(2);
    expect(again.err).toContain('already holds results');
    expect((await cli('calibrate', XITUN, '--targets', TARGETS, ...TINY, '--workers', '1', '--out', out, '--force')).code).toBe(0);
  });
});

const GOOD_TARGETS = `years: 2
parameters:
  - path: policies.incubator.slots
targets:
  - metric: series.orgs_active@2014
    value: 10
    sd: 2
    source: test
`;

describe('bad input writes nothing and exits with 2', () => {
  async function refused(targets: string | null, ...extra: string[]): Promise<string> {
    const file = targets === null ? join(dir, 'missing.targets.yaml') : fixture(dir, 'bad.targets.yaml', targets);
    const before = listing(dir);
    const tiny = extra.includes('--budget') ? TINY_NO_BUDGET : TINY;
    const r = await cli('calibrate', XITUN, '--targets', file, '--out', join(dir, 'out'), '--write-scenario', join(dir, 'cal.yaml'), ...tiny, ...extra);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^error: /);
    expect(listing(dir)).toEqual(before);
    return r.err.replaceAll(file, 'T');
  }

  it('an unknown metric', async () => {
    const err = await refused(GOOD_TARGETS.replace('series.orgs_active@2014', 'series.orgs_activ@2014'));
    expect(err).toContain('error: T: 1 problem in the targets file');
    expect(err).toContain('T:5:13 targets[0].metric: unknown series column "orgs_activ" (did you mean "orgs_active"?)');
    const err2 = await refused(GOOD_TARGETS.replace('series.orgs_active@2014', 'totals.complaint'));
    expect(err2).toContain('T:5:13 targets[0].metric: unknown metric "totals.complaint" (did you mean "totals.complaints"?)');
  });

  it('a metric outside the calibration runs', async () => {
    const err = await refused(GOOD_TARGETS.replace('@2014', '@2016'));
    expect(err).toContain('T:5:13 targets[0].metric: expected a metric within the calibration runs (2013–2014, years: 2 in this file), found year 2016');
  });

  it('an unknown parameter path', async () => {
    const err = await refused(GOOD_TARGETS.replace('policies.incubator.slots', 'policies.incubator.slotz'));
    expect(err).toContain('T:3:11 parameters[0].path: unknown scenario parameter "policies.incubator.slotz" (did you mean "policies.incubator.slots"?)');
  });

  it('a parameter that is not an assumption', async () => {
    const err = await refused(GOOD_TARGETS.replace('policies.incubator.slots', 'governments.inHouseCostRatio'));
    expect(err).toContain('T:3:11 parameters[0].path: governments.inHouseCostRatio is not marked as an assumption (its source is "Xitun: 480,000 vs 153,600 a year for ~64 elders (003)")');
  });

  it('a negative tolerance or sd', async () => {
    const err = await refused(GOOD_TARGETS.replace('sd: 2', 'tolerance: -1'));
    expect(err).toContain('T:7:16 targets[0].tolerance: expected a number above 0, found -1');
  });

  it('a prior with low ≥ high, or outside the parameter’s bounds', async () => {
    const err = await refused(GOOD_TARGETS.replace('  - path: policies.incubator.slots', '  - path: policies.incubator.slots\n    prior: [12, 8]'));
    expect(err).toContain('T:4:12 parameters[0].prior: expected a prior [low, high] with low below high, found [12, 8]');
    const err2 = await refused(GOOD_TARGETS.replace('  - path: policies.incubator.slots', '  - path: residents.satisfyingQuality\n    prior: [0.5, 1.5]'));
    expect(err2).toMatch(/parameters\[0\]\.prior: expected a prior within the parameter's bounds \[[\d.]+, 1\], found \[0\.5, 1\.5\]/);
  });

  it('a target without sd or tolerance, a missing source, an unknown key', async () => {
    const err = await refused(GOOD_TARGETS.replace('    sd: 2\n', '').replace('    source: test\n', '    sorce: test\n'));
    expect(err).toContain('targets[0]: unknown key "sorce" (did you mean "source"?)');
  });

  it('a JSON targets file, with positions', async () => {
    const json = JSON.stringify({ parameters: [{ path: 'policies.incubator.slots', prior: [4, 4] }], targets: [{ metric: 'series.orgs_active@2014', value: 1, sd: 1, source: 's' }] }, null, 2);
    const file = fixture(dir, 'bad.targets.json', json);
    const before = listing(dir);
    const r = await cli('calibrate', XITUN, '--targets', file, '--out', join(dir, 'out'), ...TINY);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:5:16 parameters[0].prior: expected a prior [low, high] with low below high, found [4, 4]`);
    expect(listing(dir)).toEqual(before);
  });

  it('a YAML syntax error', async () => {
    const err = await refused('parameters: [\n');
    expect(err).toMatch(/^error: T: YAML syntax error/);
  });

  it('a missing targets file or scenario', async () => {
    const err = await refused(null);
    expect(err).toContain('error: cannot read T: no such file or directory');
    const file = fixture(dir, 'ok.targets.yaml', GOOD_TARGETS);
    const before = listing(dir);
    const r = await cli('calibrate', join(dir, 'nope.yaml'), '--targets', file, '--out', join(dir, 'out'), ...TINY);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`error: cannot read ${join(dir, 'nope.yaml')}: no such file or directory`);
    expect(listing(dir)).toEqual(before);
  });

  it('a budget too small for the particles, or an unknown method', async () => {
    const err = await refused(GOOD_TARGETS, '--budget', '7');
    expect(err).toContain('--budget 7 allows 7 parameter draws of 1 run each, fewer than the 8 particles');
    const err2 = await refused(GOOD_TARGETS, '--method', 'mcmc');
    expect(err2).toContain('--method must be one of abc-smc, abc-rejection, got "mcmc"');
  });

  it('a --write-scenario file that could not be written: refused before the first run', async () => {
    const file = fixture(dir, 'ok.targets.yaml', GOOD_TARGETS);
    const before = listing(dir);
    const attempt = (target: string) => cli('calibrate', XITUN, '--targets', file, '--out', join(dir, 'out'), '--write-scenario', target, ...TINY);
    const missingFolder = await attempt(join(dir, 'nofolder', 'cal.yaml'));
    expect(missingFolder.code).toBe(2);
    expect(missingFolder.out).toBe('');
    expect(missingFolder.err).toBe(`error: cannot write ${join(dir, 'nofolder', 'cal.yaml')}: no such file or directory; its folder does not exist: make it first, or choose a --write-scenario file in a folder you may write to\n`);
    // The copy keeps the scenario's YAML text: a .json name would not load.
    const json = await attempt(join(dir, 'cal.json'));
    expect(json.code).toBe(2);
    expect(json.err).toMatch(/^error: --write-scenario \S+cal\.json: the calibrated copy keeps the scenario's own text, which is YAML; give a \.yaml or \.yml file name\n/);
    expect(listing(dir)).toEqual(before);
  });

  it('40,000 unknown keys, or 40,000 repeated keys, are refused in seconds listing the first 50', { timeout: 60_000 }, async () => {
    // Before the fix (the yaml package's quadratic duplicate-key check, every problem placed by a
    // walk of the file): 49 s for the unknown keys.
    const keys = Array.from({ length: 40_000 }, (_, i) => `k${i}: 1`).join('\n');
    const t0 = performance.now();
    const err = await refused(`${GOOD_TARGETS}${keys}\n`);
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(err).toContain('error: T: 40000 problems in the targets file');
    expect(err).toContain('T:9:1 (top level): unknown key "k0"');
    expect(err).toContain('… and 39950 more (only the first 50 are listed)');
    expect(err.split('\n').filter((l) => l.startsWith('  ✖ '))).toHaveLength(51);

    const repeated = Array.from({ length: 40_000 }, () => 'note: x').join('\n');
    const t1 = performance.now();
    const err2 = await refused(`${GOOD_TARGETS}${repeated}\n`);
    expect(performance.now() - t1).toBeLessThan(15_000);
    expect(err2).toContain('error: T: YAML syntax errors');
    expect(err2).toMatch(/T:10:1 Map keys must be unique/);
    expect(err2).toContain('… and 39949 more (only the first 50 are listed)');
  });
});
