/**
 * The pure choices behind sweep and comparison reports: main outcomes, short factor names,
 * which runs become which series line (capped for big sweeps), the main-effect intervals,
 * outcome labels and numbers, and the command that repeats a comparison.
 */
import { describe, expect, it } from 'vitest';
import { mainEffectIntervals, type Analysis } from '../../src/experiments/analysis.ts';
import { COMPARE_OUTCOMES } from '../../src/experiments/compare.ts';
import { expandDesign } from '../../src/experiments/design.ts';
import { parseExperimentText } from '../../src/experiments/file.ts';
import { OUTCOMES } from '../../src/experiments/outcomes.ts';
import type { RunResult } from '../../src/experiments/runOne.ts';
import { commonSets, compareCommand } from '../../src/report/compareReport.ts';
import { formatOutcome, formatQuantity, intervalText, outcomeLabel } from '../../src/report/outcomeText.ts';
import type { CompareResults } from '../../src/report/results.ts';
import { mainOutcomes, planSeries, shortNames } from '../../src/report/sweepData.ts';

const ok = (runIndex: number): RunResult => ({ runIndex, seed: runIndex, status: 'ok', outcomes: {} });

function experiment(factors: string, design = '{ type: grid }', replications = 2) {
  const e = parseExperimentText(`scenario: x.yaml\nfactors:\n${factors}\ndesign: ${design}\nreplications: ${replications}\noutputs: { series: true }\n`, 'e.yaml');
  const d = expandDesign(e);
  return { e, d, results: Array.from({ length: d.runs }, (_, i) => ok(i)) };
}

describe('sweep report choices', () => {
  it('takes every outcome when there are few, else the key ones, at most six', () => {
    expect(mainOutcomes(['totals.complaints', 'final.jobs'])).toEqual(['totals.complaints', 'final.jobs']);
    const many = ['final.month', 'final.jobs', 'final.trust_in_orgs', 'final.orgs_active', 'totals.complaints', 'totals.tenders', 'first_year_mortality', 'final.self_orgs'];
    expect(mainOutcomes(many)).toEqual(['final.orgs_active', 'first_year_mortality', 'final.trust_in_orgs']);
    expect(mainOutcomes(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('shortens dotted factor names in legends unless two would clash', () => {
    expect([...shortNames(['advance', 'policies.payments.delayMonths', 'policies.incubator.enabled'])]).toEqual([
      ['advance', 'advance'],
      ['policies.payments.delayMonths', 'delayMonths'],
      ['policies.incubator.enabled', 'enabled'],
    ]);
    expect([...shortNames(['a.enabled', 'b.enabled'])]).toEqual([
      ['a.enabled', 'a.enabled'],
      ['b.enabled', 'b.enabled'],
    ]);
  });

  it('draws a line per design point when there are few, leaving failed runs out', () => {
    const { e, d, results } = experiment('  - { path: p.a, name: a, values: [1, 2] }\n  - { path: p.b, values: [x, y] }');
    results[1] = { ...results[1], status: 'failed', outcomes: null };
    const plan = planSeries(e, d, results)!;
    expect(plan.by).toBe('point');
    expect(plan.groups.map((g) => g.label)).toEqual(['a = 1, b = x', 'a = 1, b = y', 'a = 2, b = x', 'a = 2, b = y']);
    expect(plan.groups[0].runs).toEqual([0]);
    expect(plan.groups[3].runs).toEqual([6, 7]);
    expect(plan.runsCapped).toBe(false);
  });

  it('draws a line per level of the first factor for a big grid, capping levels and runs read', () => {
    const levels = Array.from({ length: 12 }, (_, i) => i).join(', ');
    const { e, d, results } = experiment(`  - { path: p.a, name: a, values: [${levels}] }\n  - { path: p.b, name: b, values: [1, 2, 3] }`, '{ type: grid }', 20);
    const plan = planSeries(e, d, results, { points: 6, levels: 8, runs: 100 })!;
    expect(plan.by).toBe('level');
    expect(plan.factor).toBe('a');
    expect(plan.available).toBe(12);
    expect(plan.groups).toHaveLength(8);
    expect(plan.groups[0].label).toBe('a = 0');
    expect(plan.groups.at(-1)!.label).toBe('a = 11');
    expect(plan.groups.every((g) => g.okRuns === 60 && g.runs.length === 12)).toBe(true);
    expect(plan.runsCapped).toBe(true);
  });

  it('draws evenly spaced design points for a big sampled design, and nothing without series', () => {
    const { e, d, results } = experiment('  - { path: p.a, name: a, range: [0, 1] }\n  - { path: p.b, name: b, range: [0, 1] }', '{ type: morris, trajectories: 4 }', 1);
    const plan = planSeries(e, d, results)!;
    expect(plan.by).toBe('sample');
    expect(plan.available).toBe(12);
    expect(plan.groups).toHaveLength(6);
    expect(planSeries({ ...e, outputs: { ...e.outputs, series: false } }, d, results)).toBeNull();
  });

  it('gives main effects Welch–Satterthwaite intervals from the points’ spreads', () => {
    const a: Pick<Analysis, 'points' | 'mainEffects' | 'confidence'> = {
      confidence: 0.95,
      points: {
        columns: [],
        rows: [
          { point: 0, f: 0, metric: 'm', n: 4, mean: 1, sd: 2 },
          { point: 1, f: 0, metric: 'm', n: 4, mean: 3, sd: 2 },
          { point: 2, f: 1, metric: 'm', n: 1, mean: 5, sd: null },
        ],
      },
      mainEffects: {
        columns: [],
        rows: [
          { metric: 'm', factor: 'f', level: 0, n: 2, mean: 2, effect: -1 },
          { metric: 'm', factor: 'f', level: 1, n: 1, mean: 5, effect: 2 },
        ],
      },
    };
    const t = mainEffectIntervals(a)!;
    // var = (4/4 + 4/4) / 2² = 0.5; df = 2² / (1/3 + 1/3) = 6; t(0.975, 6) = 2.446912
    const half = 2.446912 * Math.sqrt(0.5);
    expect(t.rows[0].ci_low).toBeCloseTo(2 - half, 5);
    expect(t.rows[0].ci_high).toBeCloseTo(2 + half, 5);
    expect(t.rows[1]).toMatchObject({ mean: 5, ci_low: null, ci_high: null });
    expect(mainEffectIntervals({ ...a, mainEffects: null })).toBeNull();
  });
});

describe('outcomes in words and numbers', () => {
  it('labels every kind of outcome in both languages', () => {
    expect(outcomeLabel('en', 'final.orgs_active')).toBe('Formal organizations (last month)');
    expect(outcomeLabel('zh', 'final.orgs_active')).toBe('正式社会组织（最后一个月）');
    expect(outcomeLabel('en', 'exits_by_cause.insolvency')).toBe('Exits: Insolvency');
    expect(outcomeLabel('en', 'totals.paid_contracts')).toBe('Paid for contracts');
    expect(outcomeLabel('en', 'totals.tenders')).toBe('Tenders, total over the run');
    expect(outcomeLabel('en', 'survival_12m')).toBe('Survival of formal organizations at 12 months');
    expect(outcomeLabel('en', 'first_year_mortality')).toBe('First-year mortality of formal organizations');
    expect(outcomeLabel('en', 'something.else')).toBe('something.else');
  });

  it('names every outcome a run, a sweep or a comparison has, in both languages (not by its column name)', () => {
    const outcomes = [...new Set([...OUTCOMES, ...COMPARE_OUTCOMES])];
    expect(outcomes.length).toBeGreaterThan(60);
    for (const o of outcomes) {
      expect(outcomeLabel('en', o), o).not.toBe(o);
      expect(outcomeLabel('zh', o), o).toMatch(/[\u4e00-\u9fff]/);
      // Not by a column name inside a template either ("staff_turnover at the end").
      for (const lang of ['en', 'zh'] as const) expect(outcomeLabel(lang, o), o).not.toMatch(/[a-z0-9]_[a-z0-9]/);
    }
    expect(outcomeLabel('zh', 'totals.spending_training')).toBe('社工培训支出');
  });

  it('formats values by size, money in yuan, differences signed', () => {
    expect([0, 0.05605, 5.3, 53.24, 532.4, 12345.6].map(formatQuantity)).toEqual(['0', '0.0561', '5.3', '53.2', '532', '12,346']);
    expect(formatOutcome('en', 'totals.paid_contracts', 1234567)).toBe('¥1.23M');
    expect(formatOutcome('zh', 'totals.paid_contracts', 1234567)).toBe('123.5万元');
    expect(formatOutcome('en', 'final.jobs', -2.5, true)).toBe('−2.5');
    expect(formatOutcome('en', 'totals.paid_contracts', 45000, true)).toBe('+¥45k');
    expect(intervalText('en', 'final.jobs', 3, 2, 4)).toBe('3 [2, 4]');
    expect(intervalText('en', 'final.jobs', 3, 3, 3)).toBe('3');
    expect(intervalText('en', 'final.jobs', null, null, null)).toBe('–');
  });
});

describe('the command that repeats a comparison', () => {
  const arm = (name: string, policy: string | null, sets: string[], scenarioFile = 'scenarios/a.yaml') => ({ name, scenarioFile, policy, sets });
  const results = (arms: ReturnType<typeof arm>[], outcomes: string[]): CompareResults => ({
    dir: 'results/x',
    manifest: { format: 'govbuy-compare', formatVersion: 1, arms, reference: arms[0].name, seeds: [5, 6, 7], outcomes, derivedOutcomes: {}, codeVersion: {} },
    outcomes: [],
    differences: [],
    through: [],
  });

  it('gives places, policies, seeds and common overrides back', () => {
    const arms = [
      arm('a', null, ['region.population=3000', 'years=2']),
      arm('a:p', 'p', ['region.population=3000', 'policies.payments.advanceShare=0.5', 'policies.payments.delayMonths=0', 'years=2']),
      arm('b', null, ['region.population=3000', 'years=2'], 'scenarios/b.yaml'),
      arm('b:p', 'p', ['region.population=3000', 'policies.payments.advanceShare=0.5', 'policies.payments.delayMonths=0', 'years=2'], 'scenarios/b.yaml'),
    ];
    expect(commonSets(arms)).toEqual(['region.population=3000', 'years=2']);
    expect(compareCommand(results(arms, ['final.jobs']))).toBe(
      "govbuy compare scenarios/a.yaml scenarios/b.yaml --policy 'p:policies.payments.advanceShare=0.5;policies.payments.delayMonths=0' --seeds 3 --first-seed 5 --set region.population=3000 --set years=2 --outcomes final.jobs",
    );
  });
});
