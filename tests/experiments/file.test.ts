import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { expandDesign } from '../../src/experiments/design.ts';
import { ExperimentError } from '../../src/experiments/errors.ts';
import { parseExperimentText, runCount } from '../../src/experiments/file.ts';
import { OUTCOMES } from '../../src/experiments/outcomes.ts';
import { preflight, scenarioFor } from '../../src/experiments/runOne.ts';
import { experimentJsonSchema } from '../../src/experiments/schema.ts';
import { scenarioSchema } from '../../src/scenario/schema.ts';
import { ROOT } from '../helpers/scenario.ts';
import { TINY, XITUN_ABS } from './helpers.ts';

const xitunText = readFileSync(XITUN_ABS, 'utf8');

function problems(text: string): string[] {
  try {
    parseExperimentText(text, 'x.yaml');
  } catch (err) {
    if (err instanceof ExperimentError) return [err.message, ...err.details];
    throw err;
  }
  throw new Error('expected the experiment to be refused');
}

const base = (rest: string) => `scenario: ${JSON.stringify(XITUN_ABS)}\n${rest}`;

describe('experiment files', () => {
  it('take outputs.outcomes and analysis.outcomes, and the old names outputs.metrics and analysis.outputs with a note', () => {
    const now = parseExperimentText(base('outputs: { outcomes: [final.orgs_active, totals.complaints] }\nanalysis: { outcomes: [totals.complaints] }\n'), 'x.yaml');
    const notes: string[] = [];
    const old = parseExperimentText(base('outputs: { metrics: [final.orgs_active, totals.complaints] }\nanalysis: { outputs: [totals.complaints] }\n'), 'x.yaml', notes);
    expect(old).toEqual(now);
    expect(now.outputs.metrics).toEqual(['final.orgs_active', 'totals.complaints']);
    expect(now.analysis.outputs).toEqual(['totals.complaints']);
    expect(notes).toEqual([
      'x.yaml:2:12 outputs.metrics is now called outputs.outcomes; the old name still works',
      'x.yaml:3:13 analysis.outputs is now called analysis.outcomes; the old name still works',
    ]);
    expect(problems(base('outputs: { outcomes: [final.orgs_active], metrics: [final.orgs_active] }\n'))).toContainEqual(
      'x.yaml:2:43 outputs.metrics: the old name of outputs.outcomes; give outputs.outcomes only',
    );
    expect(problems(base('outputs: { outcomes: [final.orgs_active] }\nanalysis: { outcomes: [totals.complaints] }\n'))).toContainEqual(
      'x.yaml:3:24 analysis.outcomes[0]: "totals.complaints" is not among outputs.outcomes, so the runs do not keep it; add it there',
    );
  });


  it('knockOut: switches mechanisms off in every run, and refuses a knocked-out parameter that set:, a factor, an uncertainty or a policy also gives', () => {
    const e = parseExperimentText(base('set: { years: 2 }\nknockOut: [withering, resistance]\nfactors: [{ path: policies.payments.advanceShare, values: [0, 0.5] }]\n'), 'x.yaml');
    expect(e.knockOut).toEqual(['withering', 'resistance']);
    expect(e.set).toEqual({ years: 2, 'organizations.memberLeavePerMonth': 0, 'committees.initialResistance': 0, 'committees.resistanceGain': 0 });
    const ctx = { experiment: e, experimentFile: 'x.yaml', scenarios: [{ file: XITUN_ABS, text: xitunText }] };
    const scenario = scenarioFor(ctx, 0, { 'policies.payments.advanceShare': 0.5 });
    expect(scenario.organizations.memberLeavePerMonth).toBe(0);
    expect(scenario.committees.resistanceGain).toBe(0);
    expect(scenario.policies.payments.advanceShare).toBe(0.5);
    // Without knockOut: no key, so the fingerprint of older experiments stays.
    expect(Object.hasOwn(parseExperimentText(base('set: { years: 2 }\n'), 'x.yaml'), 'knockOut')).toBe(false);
    expect(problems(base('knockOut: [luck]\n')).join('\n')).toMatch(/knockOut\[0\]: .*founding.*resistance/);
    expect(problems(base('knockOut: [withering, withering]\n')).join('\n')).toMatch(/^x\.yaml:2:\d+ knockOut\[1\]: withering is listed twice$/m);
    expect(problems(base('set: { organizations.memberLeavePerMonth: 0.1 }\nknockOut: [withering]\n')).join('\n')).toMatch(/knockOut\[0\]: withering switches off organizations\.memberLeavePerMonth, which set: also fixes; remove one of them/);
    expect(problems(base('knockOut: [withering]\nfactors: [{ path: organizations.memberLeavePerMonth, values: [0.02, 0.1] }]\n')).join('\n')).toMatch(
      /factors\[0\]\.path: organizations\.memberLeavePerMonth is switched off by knockOut: withering, which fixes it in every run; a factor varies it, so remove one of them/,
    );
    expect(problems(base('knockOut: [resistance]\npolicies: [{ name: a, statusQuo: true }]\nuncertainties: [committees.resistanceGain]\ndesign: { type: lhs, samples: 10 }\n')).join('\n')).toMatch(
      /uncertainties\[0\]: committees\.resistanceGain is switched off by knockOut: resistance, .*an uncertainty is sampled/,
    );
    expect(problems(base('knockOut: [insider-favour]\npolicies: [{ name: a, levers: { policies.bidding.insiderSteering: 0.8 } }]\n')).join('\n')).toMatch(
      /policies: policies\.bidding\.insiderSteering is switched off by knockOut: insider-favour, .*a policy sets it \(lever policies\.bidding\.insiderSteering\)/,
    );
  });

  it('resolve defaults: grid design, one replication, every outcome, names from paths', () => {
    const e = parseExperimentText(TINY, 'experiments/tiny.yaml');
    expect(e.name).toBe('tiny');
    expect(e.design).toEqual({ type: 'grid' });
    expect(e.factors.map((f) => f.name)).toEqual(['advance', 'policies.payments.delayMonths']);
    expect(e.outputs.metrics).toEqual(OUTCOMES);
    expect(e.analysis.outputs).not.toContain('final.month');
    expect(e.scenarioColumn).toBeNull();
    expect(runCount(e)).toBe(8);
  });

  it('accept a scenario factor over files, labelled by file name', () => {
    const e = parseExperimentText(`scenario: { name: region, values: [a/one.yaml, b/two.yaml] }\nreplications: 3\n`, 'e.yaml');
    expect(e.scenarioColumn).toBe('region');
    expect(e.scenarios).toEqual([
      { file: 'a/one.yaml', label: 'one' },
      { file: 'b/two.yaml', label: 'two' },
    ]);
    expect(runCount(e)).toBe(6);
  });

  it('report an empty range, a range in a grid, values in a sampled design, and too small designs, each with line and column', () => {
    const lines = problems(
      base(`factors:
  - { path: policies.payments.advanceShare, range: [0.5, 0.5] }
  - { path: policies.payments.delayMonths, values: [0, 3] }
design: { type: lhs, samples: 1 }
`),
    );
    expect(lines[0]).toBe('x.yaml: 3 problems in the experiment');
    expect(lines).toContainEqual(expect.stringMatching(/^x\.yaml:3:\d+ factors\[0\]\.range: empty range \[0\.5, 0\.5\]/));
    expect(lines).toContainEqual(expect.stringMatching(/^x\.yaml:4:\d+ factors\[1\]: a lhs design samples each factor from a range.*values are for grid designs/));
    expect(lines).toContainEqual(expect.stringMatching(/^x\.yaml:5:\d+ design\.samples: a Latin hypercube needs at least 2 samples, found 1/));
    expect(problems(base('factors: [{ path: a.b, range: [0, 1] }]\n'))).toContainEqual(expect.stringMatching(/a grid design needs explicit values .*range is for lhs/));
    expect(problems(base('factors: [{ path: a.b, range: [0, 1] }]\ndesign: { type: sobol, samples: 4 }\n'))).toContainEqual(
      expect.stringMatching(/design\.samples: Sobol indices need at least 8 base samples/),
    );
    expect(problems(base('factors: [{ path: a.b, range: [0, 1] }]\ndesign: { type: morris, trajectories: 1, levels: 3 }\n'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/at least 2 trajectories/), expect.stringMatching(/levels must be an even number/)]),
    );
  });

  it('name unknown keys, design types and outcomes with suggestions', () => {
    expect(problems(base('replicatons: 3\n'))).toContainEqual(expect.stringMatching(/^x\.yaml:2:1 \(top level\): unknown key "replicatons" \(did you mean "replications"\?\)/));
    expect(problems(base('design: { type: latin }\n'))).toContainEqual(expect.stringMatching(/design\.type: expected one of: grid, lhs, sobol, morris, found "latin"/));
    expect(problems(base('design: { type: lhs, sample: 10 }\n'))).toContainEqual(expect.stringMatching(/unknown key "sample" \(did you mean "samples"\?\); a lhs design takes type, samples/));
    expect(problems(base('outputs: { metrics: [final.orgs_activ] }\n'))).toContainEqual(expect.stringMatching(/unknown outcome "final\.orgs_activ" \(did you mean "final\.orgs_active"\?\)/));
    expect(problems(base('factors: [{ path: seed, values: [1, 2] }]\n'))).toContainEqual(expect.stringMatching(/the run seed is set by the sweep/));
    expect(problems(base('factors: [{ path: a.b, values: [1] }, { path: a.b, values: [2] }]\n'))).toContainEqual(expect.stringMatching(/factors\[0\] already varies a\.b/));
    expect(problems('scenario: [1\n')[0]).toMatch(/x\.yaml: YAML syntax error/);
  });

  it('say when the file is a scenario, not an experiment, and how to run it', () => {
    const [message, ...advice] = problems(readFileSync(join(ROOT, 'scenarios', 'chifeng-xitun.yaml'), 'utf8'));
    expect(message).toBe('x.yaml is a scenario, not an experiment (it has "region:", "years:", "residents:" … and no "scenario:")');
    expect(advice[0]).toBe('to run the scenario once: govbuy run x.yaml');
    expect(advice[1]).toMatch(/^to sweep it, write an experiment that names it in "scenario:"/);
    // Every preset is recognised as a scenario; an experiment that lacks its scenario is not.
    for (const name of readdirSync(join(ROOT, 'scenarios')).filter((n) => /\.ya?ml$/.test(n)))
      expect(problems(readFileSync(join(ROOT, 'scenarios', name), 'utf8'))[0], name).toMatch(/^x\.yaml is a scenario, not an experiment/);
    expect(problems('factors: []\nreplications: 2\n')[0]).toMatch(/^x\.yaml: \d+ problems? in the experiment/);
  });

  it('catch a bad factor path before any run, naming the experiment file and the factor', () => {
    const e = parseExperimentText(base('factors: [{ path: policies.payments.advnceShare, values: [0.5] }]\n'), 'experiments/bad.yaml');
    const ctx = { experiment: e, experimentFile: 'experiments/bad.yaml', scenarios: [{ file: 'scenarios/chifeng-xitun.yaml', text: xitunText }] };
    let err: unknown;
    try {
      preflight(ctx, expandDesign(e));
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(ExperimentError);
    const text = (err as ExperimentError).describe();
    expect(text).toMatch(/^experiments\/bad\.yaml: design point 0 .* does not give a valid scenario from scenarios\/chifeng-xitun\.yaml; no run was started/);
    expect(text).toMatch(/experiments\/bad\.yaml factor policies\.payments\.advnceShare = 0\.5: unknown key "advnceShare" under policies\.payments \(did you mean "advanceShare"\?\)/);
  });

  it('export a JSON Schema that lists the designs', () => {
    const schema = experimentJsonSchema();
    expect(schema.$id).toBe('urn:govbuy:experiment');
    expect(JSON.stringify(schema)).toContain('"morris"');
    expect(Object.keys(schema.properties as object)).toEqual(expect.arrayContaining(['scenario', 'factors', 'design', 'replications', 'seed', 'outputs']));
  });
});

describe('shipped experiments', () => {
  const dir = join(ROOT, 'experiments');
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

  it('include the four of the issue', () => {
    expect(files).toEqual(expect.arrayContaining(['payments-vs-survival.yaml', 'incubator-and-seed-money.yaml', 'resistance.yaml', 'sensitivity.yaml']));
  });

  it.each(files)('%s parses, says what it asks in English and Chinese, stays a few hundred runs (1,600 for the policies × 200 futures × 2 regions of robust-payments), and every design point is a valid scenario', (file) => {
    const e = parseExperimentText(readFileSync(join(dir, file), 'utf8'), `experiments/${file}`);
    expect(e.description).toMatch(/^[A-Z]/);
    expect(e.descriptionZh).toMatch(/^[\u4e00-\u9fff]/);
    const design = expandDesign(e);
    expect(design.runs).toBeLessThanOrEqual(file === 'robust-payments.yaml' ? 1600 : 500);
    const scenarios = e.scenarios.map((s) => ({ file: s.file, text: readFileSync(join(dir, s.file), 'utf8') }));
    expect(() => preflight({ experiment: e, experimentFile: file, scenarios }, design)).not.toThrow();
  });

  it("sensitivity.yaml varies assumptions only, over the schema's ranges", () => {
    const js = z.toJSONSchema(scenarioSchema, { io: 'input' }) as Record<string, unknown>;
    const at = (path: string) => path.split('.').reduce<any>((node, key) => node?.properties?.[key], js);
    const e = parseExperimentText(readFileSync(join(dir, 'sensitivity.yaml'), 'utf8'), 'sensitivity.yaml');
    expect(e.factors.length).toBeGreaterThanOrEqual(10);
    for (const f of e.factors) {
      const node = at(f.path);
      expect(String(node?.source), f.path).toMatch(/^assumption/);
      expect(f.range, f.path).toEqual(node.range);
      expect(f.integer, f.path).toBe(node.type === 'integer');
    }
  });
});
