/**
 * `govbuy discover` on sweep folders written directly (syntheticSweep.ts): a policies × futures
 * sweep of 4,000 runs whose cases of interest lie in a known box of two uncertainties, and a plain
 * factors sweep. Checks box.json's shape, the files and charts (Vega-Lite specs valid against
 * vega-lite's JSON Schema), and the command's errors.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../cli/helpers.ts';
import { vegaLiteValidator } from '../report/vegaLiteSchema.ts';
import { writeSyntheticSweep } from './syntheticSweep.ts';

const DMDU = `
name: synthetic-dmdu
scenario: x.yaml
policies:
  - { name: keep, levers: { policies.payments.advanceShare: 0.3 } }
  - { name: early, levers: { policies.payments.advanceShare: 0.6 } }
uncertainties:
  - labour.wagePerMonth                 # [1500, 8000]
  - organizations.arrearsMonths         # [0.5, 3]
  - residents.learningRate              # does not matter
  - residents.patienceMonths            # whole numbers, does not matter
design: { type: lhs, samples: 2000 }
seed: 5
outputs: { metrics: [exits_by_cause.insolvency, final.orgs_active] }
`;

describe('govbuy discover on 4,000 synthetic runs', () => {
  const { dir, cleanup } = tempDir();
  const sweep = join(dir, 'sweep');
  let r: Awaited<ReturnType<typeof cli>>;
  let ms = 0;
  beforeAll(async () => {
    // Insolvencies: 12 when wages ≥ 5,000 and arrears tolerance ≤ 1.5 months (for "keep"; "early" halves them), else 1.
    writeSyntheticSweep(sweep, DMDU, (c) => {
      const inBox = (c['labour.wagePerMonth'] as number) >= 5000 && (c['organizations.arrearsMonths'] as number) <= 1.5;
      return { 'exits_by_cause.insolvency': (inBox ? 12 : 1) / (c.policy === 'early' ? 2 : 1), 'final.orgs_active': 40 };
    });
    const t0 = performance.now();
    r = await cli('discover', sweep, '--outcome', 'exits_by_cause.insolvency', '--where', '> 10', '--subset', 'policy=keep');
    ms = performance.now() - t0;
  }, 60_000);
  afterAll(() => cleanup());

  it('finds the box and writes box.json with only the restricted dimensions', () => {
    expect(r.code, r.err).toBe(0);
    const box = JSON.parse(readFileSync(join(sweep, 'discovery', 'box.json'), 'utf8'));
    expect(Object.keys(box).sort()).toEqual(['coverage', 'density', 'restrictions']);
    expect(box.coverage).toBeGreaterThan(0.9);
    expect(box.density).toBeGreaterThan(0.9);
    expect(box.restrictions.map((x: { name: string }) => x.name)).toEqual(['labour.wagePerMonth', 'organizations.arrearsMonths']);
    const [wage, arrears] = box.restrictions;
    // The unrestricted side is the uncertainty's own bound (the schema's range), always a number.
    expect(wage).toMatchObject({ path: 'labour.wagePerMonth', max: 8000 });
    expect(Math.abs(wage.min - 5000)).toBeLessThan(150);
    expect(arrears).toMatchObject({ min: 0.5 });
    expect(Math.abs(arrears.max - 1.5)).toBeLessThan(0.06);
    for (const x of box.restrictions) {
      expect(Object.keys(x).sort()).toEqual(['max', 'min', 'name', 'path', 'qp']);
      expect(typeof x.min).toBe('number');
      expect(typeof x.max).toBe('number');
      expect(x.qp).toBeLessThan(1e-6);
    }
  });

  it('writes the trajectory, stability, CART and points; says what it did', () => {
    const files = ['discovery.json', 'trajectory.csv', 'box.csv', 'stability.csv', 'cart_nodes.csv', 'cart_leaves.csv', 'points.csv'];
    for (const f of files) expect(existsSync(join(sweep, 'discovery', f)), f).toBe(true);
    const d = JSON.parse(readFileSync(join(sweep, 'discovery', 'discovery.json'), 'utf8'));
    expect(d).toMatchObject({ format: 'govbuy-discovery', runs: { total: 4000, used: 2000, outsideSubset: 2000 } });
    expect(d.cart.splitOn.slice(0, 2).sort()).toEqual(['labour.wagePerMonth', 'organizations.arrearsMonths']);
    const stability = Object.fromEntries(d.stability.map((s: { name: string; reproduce_coverage: number }) => [s.name, s.reproduce_coverage]));
    expect(stability['labour.wagePerMonth']).toBeGreaterThanOrEqual(0.8);
    expect(stability['residents.learningRate']).toBeLessThanOrEqual(0.3);
    expect(r.out).toMatch(/exits_by_cause\.insolvency > 10: \d+ of 2000 runs are cases of interest/);
    expect(r.out).toMatch(/labour\.wagePerMonth +\d+ – 8000/);
  });

  it('draws the trade-off, the box limits and the pairwise scatter as valid Vega-Lite', () => {
    const validate = vegaLiteValidator();
    for (const name of ['tradeoff', 'box-limits', 'pairs']) {
      const spec = JSON.parse(readFileSync(join(sweep, 'discovery', 'charts', `${name}.vl.json`), 'utf8'));
      expect(validate(spec), `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });

  it('takes well under 5 s for 4,000 runs (generous bound on a shared machine: 20 s)', () => {
    expect(ms).toBeLessThan(20_000);
  });

  it('searches the levers too with --levers, and refuses what it cannot do', async () => {
    const levers = await cli('discover', sweep, '--outcome', 'exits_by_cause.insolvency', '--quantile', '> 0.9', '--levers', '--resamples', '0', '--out', join(dir, 'd2'));
    expect(levers.code, levers.err).toBe(0);
    const d = JSON.parse(readFileSync(join(dir, 'd2', 'discovery.json'), 'utf8'));
    expect(d.dimensions.map((x: { name: string }) => x.name)).toContain('policies.payments.advanceShare');
    const bad = [
      await cli('discover', sweep, '--outcome', 'exits_by_cause.insolvency'),
      await cli('discover', sweep, '--outcome', 'final.nothing', '--where', '> 1'),
      await cli('discover', sweep, '--outcome', 'exits_by_cause.insolvency', '--where', '> 100'),
      await cli('discover', sweep, '--outcome', 'exits_by_cause.insolvency', '--where', 'big'),
      await cli('discover', sweep, '--outcome', 'exits_by_cause.insolvency', '--where', '> 1', '--subset', 'colour=red'),
      await cli('discover', sweep, '--outcome', 'exits_by_cause.insolvency', '--where', '> 10', '--box', '9999', '--resamples', '0'),
      await cli('discover', sweep, '--outcome', 'exits_by_cause.insolvency', '--where', '> 10', '--cart-depth', '0'),
      await cli('discover', sweep, '--outcome', 'exits_by_cause.insolvncy', '--where', '> 10'),
      await cli('discover', sweep, '--outcome', 'exits_by_cause.insolvency', '--where', '> 10', '--subset', 'policy=earyl'),
      await cli('discover', sweep, '--outcome', 'exits_by_cause.insolvency', '--where', '> 10', '--subset', 'policy=advance-60'),
    ];
    expect(bad.map((b) => b.code)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    // A misspelt outcome: the closest one, and the sweep's outcomes.
    expect(bad[7].err).toBe(
      `error: --outcome: ${sweep} has no outcome "exits_by_cause.insolvncy" (did you mean "exits_by_cause.insolvency"?); give one of its outcomes (the columns of runs.csv after "error")\n  ✖ its outcomes: exits_by_cause.insolvency, final.orgs_active\n`,
    );
    // A value no run has: named, with a close one if any, and the column's values.
    expect(bad[8].err).toBe(`error: ${sweep}: --subset policy=earyl: no run has policy "earyl" (did you mean "early"?); its values: keep, early\n`);
    expect(bad[9].err).toBe(`error: ${sweep}: --subset policy=advance-60: no run has policy "advance-60"; its values: keep, early\n`);
    expect(bad[5].err).toMatch(/^error: \S+: --box 9999: the peeling trajectory has boxes 0–\d+; choose one of them/);
    expect(bad[6].err).toMatch(/^error: --cart-depth must be a whole number from 1 to 12, got "0"/);
    expect(bad[0].err).toMatch(/give one of --where/);
    expect(bad[1].err).toMatch(/has no outcome "final\.nothing"/);
    expect(bad[2].err).toMatch(/no run of the 4000 used has exits_by_cause\.insolvency > 100: there is nothing to tell apart/);
    expect(bad[3].err).toMatch(/--where takes a comparison/);
    expect(bad[4].err).toMatch(/no column "colour"/);
    for (const b of bad) expect(b.err).not.toMatch(/\n\s+at /);
  });

  it('refuses a sweep whose manifest lacks what it reads (edited or damaged), as analyze does', async () => {
    const damaged = join(dir, 'damaged');
    cpSync(sweep, damaged, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(damaged, 'manifest.json'), 'utf8'));
    delete manifest.experiment.factors;
    writeFileSync(join(damaged, 'manifest.json'), JSON.stringify(manifest));
    for (const args of [['discover', damaged, '--outcome', 'exits_by_cause.insolvency', '--where', '> 10'], ['analyze', damaged]]) {
      const r = await cli(...args);
      expect(r.code, args[0]).toBe(2);
      expect(r.err, args[0]).toBe(
        `error: ${join(damaged, 'manifest.json')} is incomplete (edited by hand or damaged); run the sweep again into a new folder\n  ✖ ${join(damaged, 'manifest.json')}: "experiment.factors" is not a list of factors with a name and a path\n`,
      );
    }
  });

  it('never replaces a folder that is not an earlier discovery', async () => {
    const mine = join(dir, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), 'keep me');
    const x = await cli('discover', sweep, '--outcome', 'exits_by_cause.insolvency', '--where', '> 10', '--out', mine);
    expect(x.code).toBe(2);
    expect(readFileSync(join(mine, 'notes.txt'), 'utf8')).toBe('keep me');
  });
});

describe('govbuy discover on a plain factors sweep', () => {
  const { dir, cleanup } = tempDir();
  afterAll(() => cleanup());

  it('searches every numeric factor and leaves text factors out, saying why', async () => {
    const sweep = join(dir, 'plain');
    writeSyntheticSweep(
      sweep,
      `
scenario: x.yaml
factors:
  - { path: policies.payments.advanceShare, values: [0, 0.25, 0.5, 0.75, 1] }
  - { path: policies.payments.delayMonths, values: [0, 2, 4, 6, 8, 10] }
  - { path: policies.evaluation.mode, values: [self, thirdParty] }
replications: 20
outputs: { metrics: [exits_by_cause.insolvency] }
`,
      (c, run) => ({ 'exits_by_cause.insolvency': (c['policies.payments.delayMonths'] as number) >= 6 && (c['policies.payments.advanceShare'] as number) <= 0.25 ? 5 + (run.seed % 3) : run.seed % 2 }),
    );
    const r = await cli('discover', sweep, '--outcome', 'exits_by_cause.insolvency', '--where', '>= 5');
    expect(r.code, r.err).toBe(0);
    const box = JSON.parse(readFileSync(join(sweep, 'discovery', 'box.json'), 'utf8'));
    expect(box.density).toBe(1);
    expect(box.coverage).toBe(1);
    expect(box.restrictions).toEqual([
      expect.objectContaining({ name: 'policies.payments.advanceShare', min: 0 }),
      expect.objectContaining({ name: 'policies.payments.delayMonths', max: 10 }),
    ]);
    expect(box.restrictions[0].max).toBeGreaterThanOrEqual(0.25);
    expect(box.restrictions[0].max).toBeLessThan(0.5);
    expect(box.restrictions[1].min).toBeGreaterThan(4);
    expect(box.restrictions[1].min).toBeLessThanOrEqual(6);
    expect(r.out).toMatch(/note: policies\.evaluation\.mode is not a dimension: its values are not numbers/);
  });
});

describe('the robustness charts', () => {
  it('regret box plots and satisficing heat maps are valid Vega-Lite', async () => {
    const { regretChart } = await import('../../src/report/charts/robustness.ts');
    const { compile } = await import('vega-lite');
    const spec = regretChart(
      ['a', 'b'].flatMap((policy) => ['x', 'y'].flatMap((outcome) => [0, 1, 3].map((regret) => ({ policy, outcome, panel: 'region 1', regret })))),
      { lang: 'en', text: { title: 'Regret' } },
    );
    const validate = vegaLiteValidator();
    expect(validate(spec), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(() => compile(spec)).not.toThrow();
  });
});
