/**
 * Experiment files with policies × futures: how they resolve (schema ranges by default, levers
 * kept apart from uncertainties, every policy in every future with one seed per future), the
 * errors that name file, line and path (exit 2, nothing written), and one real sweep.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandDesign, runSpec } from '../../src/experiments/design.ts';
import { ExperimentError } from '../../src/experiments/errors.ts';
import { parseExperimentText } from '../../src/experiments/file.ts';
import { parameterAt } from '../../src/experiments/parameterPaths.ts';
import { experimentJsonSchema } from '../../src/experiments/schema.ts';
import { cli, tempDir } from '../cli/helpers.ts';
import { XITUN_ABS, writeExperiment } from './helpers.ts';

const base = (body: string) => `scenario: ${JSON.stringify(XITUN_ABS)}\nset: { years: 2, region.population: 3000 }\n${body}`;

function problems(text: string): string[] {
  try {
    parseExperimentText(text, 'x.yaml');
  } catch (err) {
    if (err instanceof ExperimentError) return err.details;
    throw err;
  }
  return [];
}

describe('policies × futures: resolving the file', () => {
  const e = parseExperimentText(
    base(`
policies:
  - { name: keep, statusQuo: true }
  - name: early
    levers: { policies.payments.advanceShare: 0.6, policies.payments.delayMonths: 0 }
uncertainties:
  - labour.wagePerMonth
  - { path: organizations.foundingPer10kPerYear, range: [0.2, 0.8], name: founding }
  - residents.patienceMonths
design: { type: lhs, samples: 4 }
replications: 2
`),
    'x.yaml',
  );

  it("takes an uncertainty's range from the scenario schema unless the file narrows it, and whole numbers from its type", () => {
    const [wage, founding, patience] = e.factors;
    expect(wage).toMatchObject({ name: 'labour.wagePerMonth', range: (parameterAt('labour.wagePerMonth') as { range: number[] }).range, rangeFrom: 'schema', integer: false });
    expect(founding).toMatchObject({ name: 'founding', range: [0.2, 0.8], rangeFrom: 'file' });
    expect(patience).toMatchObject({ integer: true, rangeFrom: 'schema' });
  });

  it('runs every policy in every future; the policies of a future share its seed, futures and replicates differ', () => {
    const design = expandDesign(e);
    expect(design.runs).toBe(4 * 2 * 2);
    expect(design.futures).toEqual({ count: 4, policies: 2 });
    const specs = Array.from({ length: design.runs }, (_, i) => ({ spec: runSpec(e, design, i), point: design.points[runSpec(e, design, i).point] }));
    const seedOf = (future: number, policy: number, replicate: number) => specs.find((s) => s.point.future === future && s.point.policy === policy && s.spec.replicate === replicate)!.spec.seed;
    for (let f = 0; f < 4; f++) for (let r = 0; r < 2; r++) expect(seedOf(f, 0, r)).toBe(seedOf(f, 1, r));
    expect(new Set(specs.map((s) => s.spec.seed)).size).toBe(8);
    // Both policies see the same uncertainty values in a future.
    for (let f = 0; f < 4; f++) {
      const [a, b] = design.points.filter((p) => p.future === f);
      expect(a.factors['labour.wagePerMonth']).toBe(b.factors['labour.wagePerMonth']);
      expect([a.factors.policy, b.factors.policy]).toEqual(['keep', 'early']);
    }
  });

  it('names grid policies by their lever values', () => {
    const g = parseExperimentText(base(`policies:\n  grid:\n    - { path: policies.payments.advanceShare, values: [0, 0.5] }\n    - { path: policies.payments.delayMonths, values: [0, 6] }\n`), 'g.yaml');
    expect(g.policies!.list.map((p) => p.name)).toEqual(['advanceShare=0, delayMonths=0', 'advanceShare=0, delayMonths=6', 'advanceShare=0.5, delayMonths=0', 'advanceShare=0.5, delayMonths=6']);
    expect(expandDesign(g).runs).toBe(4);
  });

  it('the JSON Schema documents policies, uncertainties and levers', () => {
    const props = Object.keys(experimentJsonSchema().properties as object);
    expect(props).toEqual(expect.arrayContaining(['policies', 'uncertainties', 'levers']));
  });
});

describe('policies × futures: errors name the file, line and path', () => {
  it('an unknown parameter, with a guess', () => {
    const p = problems(base('policies: [{ name: a, statusQuo: true }]\nuncertainties:\n  - labour.wagePerMnth\ndesign: { type: lhs, samples: 4 }\n'));
    expect(p).toEqual([expect.stringMatching(/^x\.yaml:5:5 uncertainties\[0\]: unknown parameter: no "wagePerMnth" under labour \(did you mean "labour\.wagePerMonth"\?\)/)]);
  });

  it('a lever listed as an uncertainty, and a declared lever too', () => {
    const p = problems(base('levers: [governments.street.purchaseShare]\npolicies: [{ name: a, statusQuo: true }]\nuncertainties:\n  - policies.payments.advanceShare\n  - { path: governments.street.purchaseShare }\ndesign: { type: lhs, samples: 4 }\n'));
    expect(p).toEqual([
      expect.stringMatching(/^x\.yaml:6:5 uncertainties\[0\]: policies\.payments\.advanceShare is a lever .*vary it in policies: instead/),
      expect.stringMatching(/^x\.yaml:7:13 uncertainties\[1\]\.path: governments\.street\.purchaseShare is a lever/),
    ]);
  });

  it('an empty policy, an unknown lever path and a non-lever in a policy', () => {
    const p = problems(base('policies:\n  - name: nothing\n  - name: typo\n    levers: { policies.payments.advnceShare: 0.5 }\n  - name: wages\n    levers: { labour.wagePerMonth: 4000 }\n'));
    expect(p).toEqual([
      expect.stringMatching(/^x\.yaml:4:5 policies\[0\]: policy "nothing" sets no lever: .*statusQuo: true/),
      expect.stringMatching(/^x\.yaml:6:15 policies\[1\]\.levers\["policies\.payments\.advnceShare"\]: unknown parameter/),
      expect.stringMatching(/^x\.yaml:8:15 policies\[2\]\.levers\["labour\.wagePerMonth"\]: labour\.wagePerMonth is not a lever/),
    ]);
  });

  it('a range beyond what the parameter accepts, a text parameter, factors beside uncertainties, a grid design', () => {
    const p = problems(
      base('factors: [{ path: years, values: [1, 2] }]\npolicies: [{ name: a, statusQuo: true }]\nuncertainties:\n  - { path: residents.trustInCommittee, range: [0.5, 1.5] }\n  - policies.evaluation.mode\n'),
    );
    expect(p.join('\n')).toMatch(/x\.yaml:3:\d+ factors: an experiment has either factors: or policies:/);
    expect(p.join('\n')).toMatch(/x\.yaml:6:\d+ uncertainties\[0\]\.range: the range \[0\.5, 1\.5\] goes beyond what residents\.trustInCommittee accepts \(0 to 1\)/);
    expect(p.join('\n')).toMatch(/uncertainties\[1\]: policies\.evaluation\.mode is a lever/);
    expect(p.join('\n')).toMatch(/design: uncertainties are sampled: give a sampled design/);
  });

  it('thresholds: a bad comparison, an outcome not analysed', () => {
    const p = problems(base('policies: [{ name: a, statusQuo: true }]\nanalysis:\n  outputs: [final.orgs_active]\n  thresholds: { final.orgs_active: "about 5", exits_by_cause.insolvency: "<= 1" }\n'));
    expect(p.join('\n')).toMatch(/x\.yaml:6:\d+ analysis\.thresholds\["final\.orgs_active"\]: expected a comparison such as "<= 5"/);
    expect(p.join('\n')).toMatch(/analysis\.thresholds\["exits_by_cause\.insolvency"\]: "exits_by_cause\.insolvency" is not among the analysed outcomes/);
  });

  it('govbuy sweep exits 2 with the file, line and path, and writes nothing', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = writeExperiment(dir, 'bad.yaml', base('policies:\n  - name: empty\nuncertainties: [policies.payments.delayMonths]\ndesign: { type: lhs, samples: 3 }\n'));
      const r = await cli('sweep', file, '--out', join(dir, 'out'), '--workers', '0');
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${file}:4:5 policies[0]: policy "empty" sets no lever`);
      expect(r.err).toContain(`${file}:5:17 uncertainties[0]: policies.payments.delayMonths is a lever`);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    } finally {
      cleanup();
    }
  });
});

describe('a policies × futures sweep, end to end', () => {
  const { dir, cleanup } = tempDir();
  let out = '';
  let screen = '';
  beforeAll(async () => {
    const file = writeExperiment(
      dir,
      'dmdu.yaml',
      base(`
policies:
  - { name: keep, statusQuo: true }
  - name: early-incubated
    levers: { policies.payments.advanceShare: 0.6, policies.incubator: { enabled: true, fromYear: 0 } }
uncertainties:
  - labour.wagePerMonth
  - residents.patienceMonths
design: { type: lhs, samples: 3 }
analysis:
  outputs: [final.orgs_active, totals.org_entries]
  thresholds: { final.orgs_active: ">= 1" }
`),
    );
    out = join(dir, 'out');
    const r = await cli('sweep', file, '--out', out, '--workers', '0');
    expect(r.code, r.err).toBe(0);
    const a = await cli('analyze', out);
    expect(a.code, a.err).toBe(0);
    screen = a.out;
  }, 60_000);
  afterAll(() => cleanup());

  it('runs.csv shows the future, the policy, every lever in effect and the uncertainties', () => {
    const lines = readFileSync(join(out, 'runs.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^run_index,point,replicate,seed,future,policy,policies\.payments\.advanceShare,policies\.incubator,labour\.wagePerMonth,residents\.patienceMonths,status,error,/);
    expect(lines).toHaveLength(1 + 6);
    const row = (i: number) => lines[1 + i].split(',');
    // keep: the scenario's own advance share (Xitun: 0.3) and incubator (a whole section, as JSON).
    expect(row(0).slice(4, 7)).toEqual(['0', 'keep', '0.3']);
    expect(row(1).slice(4, 7)).toEqual(['0', 'early-incubated', '0.6']);
    expect(row(0)[3]).toBe(row(1)[3]); // same seed in a future
    expect(row(0)[3]).not.toBe(row(2)[3]);
  });

  it('analyze leads on the screen with which policy holds up, then the PRCC digest pointing at prcc.csv', () => {
    const lines = screen.split('\n');
    const at = lines.findIndex((l) => l.startsWith('which policy holds up: 2 policies in the same 3 futures'));
    expect(at, screen).toBeGreaterThan(0);
    expect(lines[at]).toContain(join(out, 'analysis', 'robustness.csv'));
    expect(lines[at + 1]).toBe('final.orgs_active — higher is better; threshold >= 1:');
    expect(lines[at + 2]).toMatch(/^ {2}policy +mean +meets threshold +regret mean +regret max$/);
    expect(lines[at + 3]).toMatch(/^ {2}keep +\S+ +\d+(\.\d)?% +\S+ +\S+$/);
    expect(screen).toMatch(/\n {2}→ most robust: (keep|early-incubated|every policy alike) \(least maximum regret, [^)]+\); meets >= 1 most often: /);
    expect(screen).toContain('totals.org_entries — higher is better:');
    // PRCC comes after, shortened, and says where every row is.
    expect(screen.indexOf('what moves each outcome')).toBeGreaterThan(screen.indexOf('which policy holds up'));
    expect(screen).toContain(`every row, with its interval and p-value: ${join(out, 'analysis', 'prcc.csv')}`);
    expect(lines.length).toBeLessThan(40);
  });

  it('analyze writes robustness.csv and robustness.json', () => {
    const csv = readFileSync(join(out, 'analysis', 'robustness.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('policy,outcome,direction,threshold,n,failed,mean,p10,p50,p90,satisficing,regret_worlds,regret_mean,regret_p90,regret_max');
    expect(csv).toHaveLength(1 + 2 * 2);
    const json = JSON.parse(readFileSync(join(out, 'analysis', 'robustness.json'), 'utf8'));
    expect(json).toMatchObject({ format: 'govbuy-robustness', policies: ['keep', 'early-incubated'], worlds: 3 });
  });
});
