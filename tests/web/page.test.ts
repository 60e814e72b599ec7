/**
 * The sandbox page's pure parts, in Node: controls generated from the schema, the link, the
 * numbers and files it shares, and a worker's job — which must give exactly `govbuy run`'s
 * numbers. What the page does in a browser is in site.test.ts.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COMPARE_OUTCOMES, compareArms, compareOutcomesOf } from '../../src/experiments/compare.ts';
import { SERIES_COLUMNS } from '../../src/metrics/series.ts';
import { simulate } from '../../src/model/run.ts';
import { parseScenarioText } from '../../src/scenario/load.ts';
import { collectParameters, scenarioJsonSchema, type JsonSchema } from '../../src/scenario/parameters.ts';
import { scenarioSchema, type Scenario } from '../../src/scenario/schema.ts';
import { bySection, controlsFor } from '../../src/web/page/controls.ts';
import { sectionTitle } from '../../src/web/page/leversView.ts';
import { fromFragment, toFragment, type LinkState } from '../../src/web/page/link.ts';
import { mapLayout, mapMonth, monthStats } from '../../src/web/page/mapModel.ts';
import { App } from '../../src/web/page/app.ts';
import { mechanismById } from '../../src/model/mechanisms.ts';
import { isKnockedOut, knockOutChanges } from '../../src/web/page/mechanismsView.ts';
import type { SimulationPool } from '../../src/web/page/pool.ts';
import type { Job, RunOutput } from '../../src/web/page/protocol.ts';
import { meanExitRows, meanSurvivalRows, outcomeTables, pairedSeeds } from '../../src/web/page/results.ts';
import { armNames, compareCommand, runCommand, runsCsv, variantYaml } from '../../src/web/page/share.ts';
import { runJob } from '../../src/web/page/simulate.ts';
import { XITUN } from '../cli/helpers.ts';

const TEXT = readFileSync(XITUN, 'utf8');
const SHORT = ['years=3'];
const xitun = (sets: string[] = []) => parseScenarioText(TEXT, XITUN, [...SHORT, ...sets]);

describe('controls from the schema', () => {
  const preset = xitun();
  const controls = controlsFor(collectParameters(), preset, new Map());
  const byPath = new Map(controls.map((c) => [c.path, c]));

  it('gives every leaf parameter a control of the right kind, in the schema’s units', () => {
    expect(byPath.get('policies.payments.advanceShare')).toMatchObject({ kind: 'number', min: 0, max: 1, preset: preset.policies.payments.advanceShare, changed: false });
    expect(byPath.get('policies.incubator.enabled')?.kind).toBe('switch');
    expect(byPath.get('policies.bidding.mode')).toMatchObject({ kind: 'choice', options: expect.arrayContaining(['contract', 'voucher']) });
    expect(byPath.get('governments.street.catalogue')?.kind).toBe('choices');
    expect(byPath.get('policies.transfer.deadlineYear')).toMatchObject({ kind: 'number', nullable: true, integer: true });
    expect(byPath.get('years')?.section).toBe('');
    // Names, texts, the seed and lists of entries are not levers.
    for (const path of ['name', 'nameZh', 'seed', 'schedule', 'organizations.initial']) expect(byPath.has(path), path).toBe(false);
    expect(controls.some((c) => c.path.includes('[]'))).toBe(false);
    const leaves = collectParameters().filter((p) => p.kind === 'leaf' && !p.path.includes('[]'));
    const texts = ['name', 'description', 'nameZh', 'descriptionZh', 'seed'];
    expect(controls.map((c) => c.path).sort()).toEqual(leaves.map((p) => p.path).filter((p) => !texts.includes(p)).sort());
  });

  it('names every section of levers in both languages, with its key in the scenario file', () => {
    const sections = bySection(controls).map(([section]) => section);
    expect(sections).toEqual(expect.arrayContaining(['', 'policies.relief', 'labour', 'domains']));
    for (const section of sections.filter((x) => x !== ''))
      for (const lang of ['en', 'zh'] as const) {
        const title = sectionTitle(lang, section);
        if (title.toLowerCase() !== section) expect(title, `${lang}: ${section}`).toMatch(new RegExp(`^\\S.* \\(${section.replace('.', '\\.')}\\)$`));
        else expect(title, `${lang}: ${section}`).not.toBe(section);
      }
    expect(sectionTitle('en', 'region')).toBe('Region');
    expect(sectionTitle('zh', 'labour')).toBe('劳动力市场 (labour)');
    expect(sectionTitle('zh', 'policies.relief')).toBe('居委会减负 (policies.relief)');
    expect(sectionTitle('en', 'policies.newLever')).toBe('policies.newLever');
  });

  it('marks a changed value, and slides over the plausible range widened to the values in play', () => {
    const changed = controlsFor(collectParameters(), preset, new Map([['policies.payments.advanceShare', 0.9]]));
    const c = changed.find((x) => x.path === 'policies.payments.advanceShare')!;
    expect(c).toMatchObject({ value: 0.9, changed: true, assumption: true });
    expect(c.slider!.min).toBeLessThanOrEqual(Math.min(c.range![0], 0.9));
    expect(c.slider!.max).toBeGreaterThanOrEqual(Math.max(c.range![1], 0.9));
  });

  it('gives a field added to the schema a control, with no page code', () => {
    const extended = scenarioSchema.extend({
      policies: (scenarioSchema.shape.policies.unwrap() as z.ZodObject).extend({
        vouchersForAll: z.strictObject({ reach: z.number().min(0).max(1).default(0.2).meta({ description: 'A new lever.', source: 'assumption', range: [0, 0.5] }) }).prefault({}),
      }).prefault({}),
    });
    const params = collectParameters(z.toJSONSchema(extended, { io: 'input' }) as JsonSchema);
    const fresh = controlsFor(params, preset, new Map()).find((c) => c.path === 'policies.vouchersForAll.reach');
    expect(fresh).toMatchObject({ kind: 'number', section: 'policies.vouchersForAll', doc: 'A new lever.', default: 0.2, range: [0, 0.5] });
    expect(scenarioJsonSchema().properties?.policies).toBeDefined();
  });
});

describe('the link', () => {
  const state: LinkState = {
    place: 'chifeng-xitun',
    changes: [
      ['policies.payments.advanceShare', 0.55],
      ['governments.street.catalogue', ['elderCare', 'family']],
      ['schedule', [{ year: 2, set: { 'policies.incubator.enabled': true }, note: 'a = b & c; #1' }]],
    ],
    seeds: 12,
    firstSeed: 7,
    lang: 'zh',
    large: true,
    version: '0.1.0',
  };

  it('holds every setting and gives them back exactly', () => {
    const { state: back, problems } = fromFragment(toFragment(state));
    expect(problems).toEqual([]);
    expect(back).toEqual(state);
    const file = { ...state, place: 'my place.yaml', fileText: 'name: 测试\nyears: 3\n' };
    expect(fromFragment(toFragment(file)).state).toEqual(file);
  });

  it('leaves out, and names, what it cannot read', () => {
    const { state: back, problems } = fromFragment('#place=x&seeds=1&lang=fr&set=nope&set=a%3D%7B&first=12');
    expect(back).toEqual({ place: 'x', firstSeed: 12 });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/seeds=1: expected a whole number from 2/);
  });
});

/** One job through the worker's code. */
async function job(scenario: Scenario, seed: number, arm: 'baseline' | 'variant', map = false): Promise<RunOutput> {
  const out = await runJob({ id: seed, arm, scenario, seed, map });
  if (!out) throw new Error('cancelled');
  return out;
}

describe('a worker’s job', () => {
  const base = xitun();
  let out: RunOutput;
  beforeAll(async () => {
    out = await job(base, 4, 'baseline', true);
  });

  it('gives exactly the numbers of govbuy run, and the outcomes govbuy compare writes', () => {
    const direct = simulate(base, 4);
    expect(out.summary).toEqual(direct.summary);
    expect(Array.from(out.series)).toEqual(direct.series.flatMap((row) => SERIES_COLUMNS.map((c) => row[c])));
    expect(out.outcomes).toEqual(compareOutcomesOf(direct.summary, direct.series, COMPARE_OUTCOMES));
    expect(out.exits.reduce((a, [, , n]) => a + n, 0)).toBe(Object.values(direct.summary.exits_by_cause).reduce((a, b) => a + b, 0));
  });

  it('records the region month by month for the map', () => {
    const map = out.map!;
    expect(map.months).toBe(36);
    expect(map.needsMet).toHaveLength(36 * map.communities);
    const last = monthStats(map, -1);
    expect(last.orgs).toBe(Number(out.summary.final.orgs_active) + Number(out.summary.final.self_orgs));
    expect(last.formal).toBe(out.summary.final.orgs_active);
    expect(last.meanResistance).toBeCloseTo(out.summary.final.resistance_mean, 6);
    const layout = mapLayout(map.streetOfCommunity, map.streets, 600);
    const month = mapMonth(map, layout, 20);
    expect(month.dots.length).toBe(monthStats(map, 20).orgs);
    for (const d of month.dots) expect(d.x).toBeLessThanOrEqual(600);
  });

  it('stops at a year boundary when cancelled', async () => {
    let asked = 0;
    expect(await runJob({ id: 1, arm: 'variant', scenario: base, seed: 1, map: false }, () => ++asked > 2)).toBeNull();
    expect(asked).toBe(3);
  });
});

describe('results and what the page shares', () => {
  const base = xitun();
  const variant = xitun(['policies.payments.advanceShare=0.8']);
  const seeds = [1, 2, 3];
  let runs: { baseline: Map<number, RunOutput>; variant: Map<number, RunOutput> };
  beforeAll(async () => {
    runs = { baseline: new Map(), variant: new Map() };
    for (const s of seeds) {
      runs.baseline.set(s, await job(base, s, 'baseline'));
      if (s < 3) runs.variant.set(s, await job(variant, s, 'variant'));
    }
  });

  it('compares only seeds done in both arms, as govbuy compare does', () => {
    expect(pairedSeeds(seeds, runs)).toEqual([1, 2]);
    const tables = outcomeTables(seeds, runs);
    const expected = compareArms(
      (['baseline', 'variant'] as const).map((a) => ({ arm: a, runs: [1, 2].map((s) => runs[a].get(s)!.outcomes) })),
      COMPARE_OUTCOMES,
    );
    expect(tables.differences).toEqual(expected.differences);
    expect(tables.seeds).toEqual([1, 2]);
    expect(meanSurvivalRows(seeds, runs, { baseline: 'B', variant: 'V' }, 36).some((r) => r.group === 'V')).toBe(true);
    expect(meanExitRows(seeds, runs, { baseline: 'B', variant: 'V' }, String).every((r) => r.panel === 'B' || r.panel === 'V')).toBe(true);
  });

  it('writes runs.csv as govbuy compare does, and the commands that repeat it', () => {
    const names = armNames(XITUN);
    expect(names).toEqual({ baseline: 'chifeng-xitun', variant: 'chifeng-xitun:variant' });
    const csv = runsCsv(names, seeds, runs).split('\n');
    expect(csv[0]).toBe(['arm', 'seed', ...COMPARE_OUTCOMES].join(','));
    expect(csv.slice(1, -1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['chifeng-xitun,1', 'chifeng-xitun,2', 'chifeng-xitun,3', 'chifeng-xitun:variant,1', 'chifeng-xitun:variant,2']);
    const reproduce = { file: XITUN, common: [['years', 3]] as [string, unknown][], variant: [['policies.payments.advanceShare', 0.8], ['governments.street.catalogue', ['family']]] as [string, unknown][], seeds };
    expect(compareCommand(reproduce)).toBe(
      `govbuy compare ${XITUN} --policy 'variant:policies.payments.advanceShare=0.8;governments.street.catalogue=["family"]' --lever governments.street.catalogue --set years=3 --seeds 3 --first-seed 1`,
    );
    expect(runCommand(reproduce, 2)).toBe(`govbuy run ${XITUN} --seed 2 --set years=3 --set policies.payments.advanceShare=0.8 --set 'governments.street.catalogue=["family"]'`);
    expect(compareCommand({ ...reproduce, variant: [] })).toBeNull();
  });

  it('downloads a variant file that loads as the variant, comments kept and changes marked', () => {
    const changes: [string, unknown][] = [
      ['years', 3],
      ['policies.payments.advanceShare', 0.8],
      ['policies.compensation.share', 0.7],
      ['schedule', [{ year: 1, set: { 'policies.training.enabled': true } }]],
    ];
    const text = variantYaml(TEXT, XITUN, changes, (p) => (p === 'policies.payments.advanceShare' ? 0.3 : undefined), '0.1.0');
    expect(text).toMatch(/^# A variant of scenarios\/chifeng-xitun.yaml, made in the govbuy sandbox/);
    expect(text).toContain('# 003: 27,000 residents'); // the preset's own comments stay
    expect(text).toMatch(/advanceShare: 0.8 # changed in the govbuy sandbox \(scenarios\/chifeng-xitun.yaml: 0.3\)/);
    const loaded = parseScenarioText(text, 'variant.yaml');
    const expected = parseScenarioText(TEXT, XITUN, ['years=3', 'policies.payments.advanceShare=0.8', 'policies.compensation.share=0.7', 'schedule=[{"year":1,"set":{"policies.training.enabled":true}}]']);
    expect(loaded).toEqual(expected);
  });
});

describe('the page’s state', () => {
  /** A pool that records what it is asked and runs nothing by itself. */
  class FakePool {
    submitted: Job[] = [];
    cancelled: Job[] = [];
    submit(jobs: readonly Job[]): void {
      this.submitted.push(...jobs);
    }
    cancel(stale: (job: Job) => boolean): void {
      this.cancelled.push(...this.submitted.filter(stale));
      this.submitted = this.submitted.filter((j) => !stale(j));
    }
  }
  const preset = { id: 'chifeng-xitun', file: XITUN, text: TEXT.replace(/^years: 20/m, 'years: 2'), preset: true };

  function make() {
    const pool = new FakePool();
    const app = new App('test', [preset], pool as unknown as SimulationPool, () => {});
    app.seedCount = 2;
    app.setPlace(App.readPlace(preset));
    return { app, pool };
  }
  const answer = async (app: App, j: Job) => app.receive((await runJob(j))!);

  it('runs the baseline only until a lever moves, then the variant; a result made stale by a later move is ignored', async () => {
    const { app, pool } = make();
    expect(pool.submitted.map((j) => `${j.arm}:${j.seed}:${j.map}`)).toEqual(['baseline:1:true', 'baseline:2:false']);
    for (const j of pool.submitted) await answer(app, j);
    expect(app.same).toBe(true);
    expect(app.armRuns.variant).toBe(app.runs.baseline);

    app.setChange('policies.payments.advanceShare', 0.7);
    const stale = pool.submitted.filter((j) => j.arm === 'variant');
    expect(stale.map((j) => j.seed)).toEqual([1, 2]);
    app.setChange('policies.payments.advanceShare', 0.9);
    expect(pool.cancelled.map((j) => j.id)).toEqual(stale.map((j) => j.id));
    await answer(app, stale[0]); // arrives late: ignored
    expect(app.runs.variant.size).toBe(0);
    const fresh = pool.submitted.filter((j) => j.arm === 'variant');
    expect(fresh.every((j) => j.scenario.policies.payments.advanceShare === 0.9)).toBe(true);
    for (const j of fresh) await answer(app, j);
    expect(app.runs.variant.size).toBe(2);
    expect(app.running).toBe(0);
    expect(app.fragment()).toContain('set=policies.payments.advanceShare%3D0.9');
    // Back to the place's value: no change, nothing more to run.
    app.setChange('policies.payments.advanceShare', app.presetValue('policies.payments.advanceShare'));
    expect(app.changes.size).toBe(0);
    expect(app.same).toBe(true);
  });

  it('stops on an invalid lever, naming it, and keeps the baseline', async () => {
    const { app, pool } = make();
    app.setChange('policies.payments.advanceShare', 2);
    expect(app.variant).toBeNull();
    expect(app.variantProblems.join('\n')).toMatch(/policies\.payments\.advanceShare=2: .*1/);
    expect(pool.submitted.every((j) => j.arm === 'baseline')).toBe(true);
    app.setChange('years', 0);
    expect(app.baseline).toBeNull();
    expect(app.variantProblems.join('\n')).toMatch(/years=0/);
  });

  it('switches a mechanism off in the variant with its knock-out values, run once, and back on to the place’s values', () => {
    const { app, pool } = make();
    const resistance = mechanismById('resistance')!;
    const value = (path: string) => app.variantValue(path);
    expect(isKnockedOut(resistance, value)).toBe(false);
    const before = pool.submitted.length;
    app.setChanges(knockOutChanges(resistance, true));
    // One run per seed for both values at once, not one per value.
    expect(pool.submitted.slice(before).map((j) => `${j.arm}:${j.seed}`)).toEqual(['variant:1', 'variant:2']);
    expect(pool.submitted.at(-1)!.scenario.committees).toMatchObject({ resistanceGain: 0, initialResistance: 0 });
    expect(isKnockedOut(resistance, value)).toBe(true);
    expect(app.fragment()).toContain('committees.resistanceGain%3D0');
    // Only one of its values in the variant: not switched off.
    app.setChange('committees.initialResistance', 0.2);
    expect(isKnockedOut(resistance, value)).toBe(false);
    app.setChanges(knockOutChanges(resistance, false));
    expect(app.changes.size).toBe(0);
    expect(app.same).toBe(true);
  });

  it('loads a dropped file, or lists its problems with their lines', () => {
    const { app } = make();
    expect(app.loadFile('bad.yaml', 'years: 2\npolicies:\n  payments:\n    advanceShare: 3\n')).toBe(false);
    expect(app.messages.fileProblems?.lines.join('\n')).toMatch(/bad\.yaml:4:19 policies\.payments\.advanceShare/);
    expect(app.place.id).toBe('chifeng-xitun');
    expect(app.loadFile('mine.yaml', 'name: mine\nyears: 2\n')).toBe(true);
    expect(app.place).toMatchObject({ id: 'mine.yaml', file: 'mine.yaml', preset: false });
    expect(app.linkState().fileText).toBe('name: mine\nyears: 2\n');
  });
});
