import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOutDir } from '../../src/cli/commands/run.ts';
import { SERIES_COLUMNS } from '../../src/metrics/series.ts';
import { cli, listing, SMALL, tempDir, XITUN } from './helpers.ts';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

const read = (out: string, name: string) => readFileSync(join(out, name), 'utf8');
const manifestOf = (out: string) => JSON.parse(read(out, 'manifest.json')) as Record<string, unknown> & { timings: unknown; scenario: any };

async function run(out: string, ...extra: string[]) {
  const r = await cli('run', XITUN, '--out', out, ...extra);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return r;
}

describe('govbuy run', () => {
  it('writes manifest.json, series.csv (12 rows a year) and summary.json, and says where', async () => {
    const out = join(dir, 'three');
    const r = await run(out, '--seed', '3', ...SMALL);
    expect(listing(out)).toEqual(['manifest.json', 'series.csv', 'summary.json']);
    const lines = r.out.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeLessThanOrEqual(6);
    expect(lines[0]).toMatch(/^Chifeng Xitun street: seed 3, 4 years \(2013–2016\), 48 months in/);
    expect(r.out).toContain(`wrote ${out}/`);

    const csv = read(out, 'series.csv').split('\n');
    expect(csv[0]).toBe(SERIES_COLUMNS.join(','));
    expect(csv.at(-1)).toBe('');
    const rows = csv.slice(1, -1);
    expect(rows).toHaveLength(48);
    for (const row of rows) {
      expect(row.split(',')).toHaveLength(SERIES_COLUMNS.length);
      expect(row).not.toMatch(/NaN|Infinity|e[+-]/);
    }
    expect(rows.map((row) => row.split(',')[0])).toEqual(Array.from({ length: 48 }, (_, i) => String(i + 1)));

    const m = manifestOf(out);
    expect(m).toMatchObject({ format: 'govbuy-run', formatVersion: 1, scenarioFile: XITUN, seed: 3, sets: ['region.population=3000', 'years=4'] });
    expect(m.scenarioSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.codeVersion).toMatchObject({ package: expect.any(String) });
    expect(m.scenario.years).toBe(4);
    expect(m.scenario.name).toBe('Chifeng Xitun street');
    expect(m.timings).toMatchObject({ startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), wallMs: expect.any(Number) });

    const summary = JSON.parse(read(out, 'summary.json'));
    expect(summary.final.month).toBe(48);
    expect(Object.keys(summary)).toEqual(expect.arrayContaining(['final', 'exits_by_cause', 'survival', 'totals']));
  });

  it('is deterministic: same seed, same bytes (timings aside); another seed differs', async () => {
    const [a, b, c] = ['det-a', 'det-b', 'det-c'].map((n) => join(dir, n));
    await run(a, '--seed', '11', ...SMALL);
    await run(b, '--seed', '11', ...SMALL);
    await run(c, '--seed', '12', ...SMALL);
    expect(read(b, 'series.csv')).toBe(read(a, 'series.csv'));
    expect(read(b, 'summary.json')).toBe(read(a, 'summary.json'));
    const { timings: ta, ...ma } = manifestOf(a);
    const { timings: tb, ...mb } = manifestOf(b);
    expect(mb).toEqual(ma);
    expect(ta).not.toBeUndefined();
    expect(tb).not.toBeUndefined();
    expect(read(c, 'series.csv')).not.toBe(read(a, 'series.csv'));
    expect(manifestOf(c).seed).toBe(12);
  });

  it("uses the scenario's seed by default", async () => {
    const out = join(dir, 'default-seed');
    await run(out, ...SMALL);
    expect(manifestOf(out).seed).toBe(manifestOf(out).scenario.seed);
  });

  it('records --set overrides in the resolved scenario', async () => {
    const out = join(dir, 'sets');
    await run(out, ...SMALL, '--set', 'policies.payments.advanceShare=0.5', '--set', 'policies.bidding.method=invitedTender', '--set', 'governments.street.catalogue=[elderCare]');
    const m = manifestOf(out);
    expect(m.sets).toEqual(['region.population=3000', 'policies.payments.advanceShare=0.5', 'policies.bidding.method=invitedTender', 'governments.street.catalogue=[elderCare]', 'years=4']);
    expect(m.scenario.policies.payments.advanceShare).toBe(0.5);
    expect(m.scenario.policies.bidding.method).toBe('invitedTender');
    expect(m.scenario.governments.street.catalogue).toEqual(['elderCare']);
    expect(m.scenario.region.population).toBe(3000);
  });

  it('refuses an existing results directory without --force and replaces it with --force', async () => {
    const out = join(dir, 'exists');
    await run(out, '--seed', '1', ...SMALL);
    const before = read(out, 'manifest.json');

    const refused = await cli('run', XITUN, '--out', out, '--seed', '2', ...SMALL);
    expect(refused.code).toBe(2);
    expect(refused.out).toBe('');
    expect(refused.err).toBe(`error: ${out} already holds results; choose another --out or pass --force\n`);
    expect(read(out, 'manifest.json')).toBe(before);

    await run(out, '--seed', '2', '--force', ...SMALL);
    expect(manifestOf(out).seed).toBe(2);
    expect(listing(out)).toEqual(['manifest.json', 'series.csv', 'summary.json']);
    expect(listing(dir).filter((n) => n.startsWith('.govbuy-'))).toEqual([]);
  });

  it('never replaces a directory that is not a results directory, even with --force', async () => {
    const out = join(dir, 'not-results');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const r = await cli('run', XITUN, '--out', out, '--force', ...SMALL);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/does not hold govbuy results/);
    expect(listing(out)).toEqual(['notes.txt']);
  });

  it('warns about schedule entries after the last simulated year', async () => {
    const out = join(dir, 'late');
    const r = await cli('run', XITUN, '--out', out, ...SMALL, '--set', 'schedule=[{year: 5, set: {policies.incubator.enabled: false}}]');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^warning: schedule\[0\] takes effect in run year 5 \(2018\), but the run lasts 4 years \(run years 0–3, 2013–2016\); it never acts/);
    expect(existsSync(join(out, 'series.csv'))).toBe(true);
  });

  it('warns about a lever that starts after the last simulated year, as about a schedule entry', async () => {
    const r = await cli('validate', XITUN, '--set', 'policies.incubator.fromYear=15', '--years', '10');
    expect(r.code).toBe(0);
    expect(r.err).toBe('warning: policies.incubator.fromYear is run year 15 (2028), but the run lasts 10 years (run years 0–9, 2013–2022); it never acts\n');
    // A lever that is off never acts anyway; the last year itself is inside the run.
    const off = await cli('validate', XITUN, '--set', 'policies.compensation.enabled=false', '--set', 'policies.compensation.fromYear=15', '--set', 'policies.incubator.fromYear=9', '--years', '10');
    expect(off.err).toBe('');
    const deadline = await cli('validate', XITUN, '--set', 'policies.transfer.enabled=true', '--set', 'policies.transfer.deadlineYear=12', '--years', '10');
    expect(deadline.err).toContain('warning: policies.transfer.deadlineYear is run year 12 (2025), but the run lasts 10 years (run years 0–9, 2013–2022); it never acts');
    // A run too short for the place's own levers says which of them never act, in one line.
    const short = await cli('validate', XITUN, '--years', '3');
    expect(short.err).toBe('warning: policies.seedFund.fromYear is run year 3 (2016), but the run lasts 3 years (run years 0–2, 2013–2015); it never acts\n');
    const calendar = await cli('validate', XITUN, '--set', 'policies.incubator.fromYear=2022');
    expect(calendar.code).toBe(2);
    expect(calendar.err).toContain('--set policies.incubator.fromYear=2022: expected a run year (0 = first year) between 0 and 200, found 2022; the scenario starts in 2013, so calendar year 2022 is run year 9');
  });

  it('validates an experiment too: its design and every design point, and how many runs it holds', async () => {
    const ok = await cli('validate', 'experiments/payments-vs-survival.yaml');
    expect(ok).toEqual({
      code: 0,
      out: 'ok: experiments/payments-vs-survival.yaml (payments-vs-survival: 270 runs, 27 design points over 3 scenario files × 10 replications; every design point gives a valid scenario)\n',
      err: '',
    });
    // A design point that does not give a valid scenario is refused as sweep refuses it.
    const bad = join(dir, 'bad-experiment.yaml');
    writeFileSync(bad, `scenario: ${JSON.stringify(resolve(XITUN))}\nfactors: [{ path: policies.payments.advanceShare, values: [0.5, 1.5] }]\n`);
    const refused = await cli('validate', bad);
    expect(refused.code).toBe(2);
    expect(refused.err).toBe(
      `error: ${bad}: design point 1 (policies.payments.advanceShare = 1.5) does not give a valid scenario from ${XITUN}; no run was started\n` +
        `  ✖ ${bad} factor policies.payments.advanceShare = 1.5: expected a number between 0 and 1, found 1.5\n`,
    );
    // --set and --years are a scenario's.
    const sets = await cli('validate', 'experiments/resistance.yaml', '--years', '3');
    expect(sets.code).toBe(2);
    expect(sets.err).toMatch(/^error: experiments\/resistance\.yaml is an experiment: --set and --years change a scenario/);
  });

  it('--threads 2 writes the bytes of --threads 1 (Guangzhou, 12 districts); timings aside', async () => {
    const [one, two] = ['threads-1', 'threads-2'].map((n) => join(dir, n));
    for (const [out, threads] of [[one, '1'], [two, '2']]) {
      const r = await cli('run', 'scenarios/guangzhou.yaml', '--years', '3', '--seed', '4', '--threads', threads, '--out', out);
      expect(r.err).not.toMatch(/note|error/); // only warnings about the schedule's later years
      expect(r.code).toBe(0);
      expect(r.out.split('\n')[0]).toMatch(threads === '2' ? /36 months in [\d.]+ s on 2 threads$/ : /36 months in [\d.]+ s$/);
    }
    expect(read(two, 'series.csv')).toBe(read(one, 'series.csv'));
    expect(read(two, 'summary.json')).toBe(read(one, 'summary.json'));
    const { timings: _a, ...m1 } = manifestOf(one);
    const { timings: _b, ...m2 } = manifestOf(two);
    expect(m2).toEqual(m1);
  });

  it('says when a scenario has fewer districts than --threads, and runs', async () => {
    const r = await cli('run', XITUN, '--out', join(dir, 'threads-xitun'), '--threads', '2', ...SMALL);
    expect(r.code).toBe(0);
    expect(r.err).toBe('note: Chifeng Xitun street has 1 district, so the run uses 1 thread, not 2\n');
  });

  it('refuses --threads 0, and --threads with checkpoints, saying what to do', async () => {
    const zero = await cli('run', XITUN, '--out', join(dir, 'threads-0'), '--threads', '0', ...SMALL);
    expect(zero.code).toBe(2);
    expect(zero.err).toMatch(/--threads must be a whole number from 1 to 256 \(1: the whole run in this thread\), got "0"/);
    const ckpt = await cli('run', 'scenarios/guangzhou.yaml', '--out', join(dir, 'threads-ckpt'), '--threads', '2', '--checkpoint-at', '1', '--checkpoint-out', join(dir, 'x.ckpt'), '--years', '2');
    expect(ckpt.code).toBe(2);
    expect(ckpt.err).toMatch(/--threads and --checkpoint-at do not go together.*--threads 1/);
    expect(existsSync(join(dir, 'threads-ckpt'))).toBe(false);
  });

  it('takes a preset by name, as compare does, and says which names there are when one is misspelt', async () => {
    const out = join(dir, 'by-name');
    const r = await cli('run', 'chifeng-xitun', ...SMALL, '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(manifestOf(out).scenarioFile).toBe(join('scenarios', 'chifeng-xitun.yaml'));
    for (const command of ['run', 'validate', 'classroom', 'calibrate']) {
      const bad = await cli(command, 'guangzhuo', ...(command === 'calibrate' ? ['--targets', 'x.yaml'] : []));
      expect(bad.code, command).toBe(2);
      expect(bad.err, command).toMatch(/^error: unknown place "guangzhuo" \(did you mean "guangzhou"\?\)\n.*known places: beijing, chifeng-xitun, guangzhou, hong-kong/);
    }
  });

  it('defaults --out to results/<scenario name>-seed<seed>', () => {
    expect(defaultOutDir('scenarios/chifeng-xitun.yaml', 7)).toBe(join('results', 'chifeng-xitun-seed7'));
    expect(defaultOutDir('/abs/path/x.json', 0)).toBe(join('results', 'x-seed0'));
  });
});
