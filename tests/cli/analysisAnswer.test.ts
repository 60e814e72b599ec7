import { describe, expect, it } from 'vitest';
import { analysisAnswer } from '../../src/cli/analysisAnswer.ts';
import type { Analysis } from '../../src/experiments/analysis.ts';
import { parseExperimentText } from '../../src/experiments/file.ts';
import type { Robustness } from '../../src/experiments/robustness.ts';

const scenario = 'scenario: x.yaml\n';
const grid = parseExperimentText(
  `${scenario}description: Does advance payment keep organizations alive? More text.\nfactors:\n  - { path: policies.payments.advanceShare, name: advance, values: [0, 0.6] }\n  - { path: residents.patienceMonths, name: patience, values: [1, 6] }\n`,
  'g.yaml',
);
const lhs = parseExperimentText(`${scenario}factors:\n  - { path: policies.incubator.slots, name: slots, range: [0, 20] }\n  - { path: labour.wagePerMonth, name: wage, range: [1500, 8000] }\ndesign: { type: lhs, samples: 10 }\n`, 'l.yaml');

const base: Omit<Analysis, 'design' | 'metrics' | 'mainEffects'> = {
  format: 'govbuy-analysis',
  formatVersion: 1,
  experiment: 'x',
  confidence: 0.95,
  bootstrap: 100,
  factors: [],
  runs: { total: 8, ok: 8, failed: 0 },
  points: { columns: [], rows: [] },
  interactions: null,
  morris: null,
  sobol: null,
};

/** A level row of main_effects.csv. */
const level = (metric: string, factor: string, lvl: number, mean: number, half: number) => ({ metric, factor, level: lvl, n: 2, mean, effect: 0, ci_low: mean - half, ci_high: mean + half });

const gridAnalysis: Analysis = {
  ...base,
  design: grid.design,
  metrics: ['exits_by_cause.insolvency', 'totals.complaints', 'final.jobs'],
  mainEffects: {
    columns: ['metric', 'factor', 'level', 'n', 'mean', 'effect', 'ci_low', 'ci_high'],
    rows: [
      level('exits_by_cause.insolvency', 'advance', 0, 6, 1),
      level('exits_by_cause.insolvency', 'advance', 0.6, 2.5, 1),
      level('exits_by_cause.insolvency', 'patience', 1, 4, 1),
      level('exits_by_cause.insolvency', 'patience', 6, 4.2, 1),
      level('totals.complaints', 'patience', 6, 300, 10),
      level('totals.complaints', 'patience', 1, 100, 10),
      level('totals.complaints', 'advance', 0, 200, 10),
      level('totals.complaints', 'advance', 0.6, 190, 10),
      level('final.jobs', 'patience', 1, 40, 1),
      level('final.jobs', 'patience', 6, 44, 1),
    ],
  },
};

describe('analyze on the screen', () => {
  it('grids: the question, the asked outcomes’ level means, then the other clear effects by relative size', () => {
    const lines = analysisAnswer(gridAnalysis, grid, []);
    expect(lines[0]).toBe('question: Does advance payment keep organizations alive?');
    expect(lines[1]).toBe('asked — payments: insolvency and exits:');
    expect(lines[3]).toMatch(/^ {2}exits_by_cause\.insolvency +advance +0: 6\.00 \[5\.00, 7\.00\] · 0\.6: 2\.50 \[1\.50, 3\.50\] +-3\.50 \*$/);
    expect(lines[4]).toMatch(/^ {2}exits_by_cause\.insolvency +patience .* \+0\.200$/);
    const others = lines.slice(lines.indexOf('other clear effects, largest first:') + 1, -1);
    // Complaints rise threefold with patience (levels sorted: 1 before 6); jobs by a tenth; complaints' advance effect is not clear.
    expect(others.map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual(['totals.complaints patience', 'final.jobs patience']);
    expect(others[0]).toMatch(/1: 100 \[90\.0, 110\] · 6: 300 \[290, 310\] +\+200 \*$/);
  });

  it('--outcomes: exactly the rows named, no others', () => {
    const lines = analysisAnswer(gridAnalysis, grid, ['final.jobs']);
    expect(lines[1]).toBe('the outcomes asked for (--outcomes):');
    expect(lines.slice(3).filter((l) => l.startsWith('  ')).map((l) => l.trim().split(/\s+/)[0])).toEqual(['final.jobs']);
    expect(lines.join('\n')).not.toContain('other clear');
  });

  it('Latin hypercubes: partial rank correlations with their intervals; clear ones of other outcomes by |PRCC|', () => {
    const prcc = (metric: string, factor: string, v: number, lo: number, hi: number) => ({ metric, factor, n: 10, prcc: v, p_value: 0.01, ci_low: lo, ci_high: hi });
    const a: Analysis = {
      ...base,
      design: lhs.design,
      metrics: ['final.orgs_registered', 'totals.complaints', 'final.jobs'],
      mainEffects: null,
      prcc: {
        columns: ['metric', 'factor', 'n', 'prcc', 'p_value', 'ci_low', 'ci_high'],
        rows: [prcc('final.orgs_registered', 'slots', 0.8, 0.6, 0.9), prcc('final.orgs_registered', 'wage', -0.1, -0.5, 0.3), prcc('totals.complaints', 'wage', 0.5, 0.2, 0.7), prcc('final.jobs', 'wage', -0.7, -0.9, -0.4), prcc('final.jobs', 'slots', 0.1, -0.3, 0.4)],
      },
    };
    const lines = analysisAnswer(a, lhs, []);
    expect(lines[0]).toBe('asked — incubator: registrations and entries:');
    expect(lines[2]).toMatch(/^ {2}final\.orgs_registered +slots +\+0\.800 \[0\.600, 0\.900\] \* +p = 0\.010$/);
    const others = lines.slice(lines.indexOf('other clear effects, largest first:') + 1, -1).map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '));
    expect(others).toEqual(['final.jobs wage', 'totals.complaints wage']);
  });

  it('Latin hypercubes: * only when the bootstrap interval and the p-value agree; ? when they disagree; a legend names both methods', () => {
    const prcc = (factor: string, v: number, p: number, lo: number, hi: number) => ({ metric: 'final.orgs_registered', factor, n: 200, prcc: v, p_value: p, ci_low: lo, ci_high: hi });
    const a: Analysis = {
      ...base,
      design: lhs.design,
      metrics: ['final.orgs_registered'],
      mainEffects: null,
      prcc: { columns: [], rows: [prcc('slots', -0.143, 0.048, -0.271, 0.005), prcc('wage', 0.139, 0.054, 0.001, 0.287)] },
    };
    const lines = analysisAnswer(a, lhs, [], { out: 'res/analysis' });
    expect(lines[2]).toMatch(/^ {2}final\.orgs_registered +slots +-0\.143 \[-0\.271, 0\.005\] \? +p = 0\.048$/);
    expect(lines[3]).toMatch(/^ {2}final\.orgs_registered +wage +\+0\.139 \[0\.001, 0\.287\] \? +p = 0\.054$/);
    expect(lines).toContain('no other clear effect');
    expect(lines.at(-1)).toBe(
      '* the 95% bootstrap percentile interval of the PRCC (100 resamples of the design points) excludes 0 and the t test of the partial correlation gives p < 0.05; ? only one of the two does (borderline) (res/analysis/prcc.csv)',
    );
  });

  it('policies × futures: robustness first, then per outcome the uncertainties marked * in the most panels, with their PRCC range', () => {
    const dmdu = parseExperimentText(
      `${scenario}policies:\n  - { name: keep, levers: { policies.payments.advanceShare: 0.3 } }\n  - { name: early, levers: { policies.payments.advanceShare: 0.6 } }\nuncertainties: [labour.wagePerMonth, residents.patienceMonths, residents.learningRate]\ndesign: { type: lhs, samples: 20 }\n`,
      'd.yaml',
    );
    const prcc = (policy: string, factor: string, v: number, p: number, lo: number, hi: number) => ({ policy, metric: 'final.jobs', factor, n: 20, prcc: v, p_value: p, ci_low: lo, ci_high: hi });
    const a: Analysis = {
      ...base,
      design: dmdu.design,
      metrics: ['final.jobs'],
      mainEffects: null,
      prcc: {
        columns: [],
        rows: [
          prcc('keep', 'labour.wagePerMonth', -0.3, 0.01, -0.5, -0.1),
          prcc('early', 'labour.wagePerMonth', -0.6, 0.001, -0.8, -0.4),
          prcc('keep', 'residents.patienceMonths', 0.9, 0.001, 0.8, 0.95),
          prcc('early', 'residents.patienceMonths', 0.1, 0.6, -0.2, 0.4),
          prcc('keep', 'residents.learningRate', 0.2, 0.04, -0.01, 0.4),
          prcc('early', 'residents.learningRate', 0.1, 0.5, -0.2, 0.3),
        ],
      },
    };
    const robustness: Robustness = { format: 'govbuy-robustness', formatVersion: 1, experiment: 'x', scenarioColumn: null, policyColumn: 'policy', policies: ['keep', 'early'], outcomes: [], worlds: 20, table: { columns: [], rows: [] }, satisficingAll: { columns: [], rows: [] } };
    const lines = analysisAnswer(a, dmdu, [], { robustness, out: 'res/analysis' });
    expect(lines[0]).toBe('which policy holds up: 2 policies in the same 20 futures (res/analysis/robustness.csv)');
    const at = lines.findIndex((l) => l.startsWith('what moves each outcome'));
    expect(lines[at]).toBe('what moves each outcome across the futures: partial rank correlation (PRCC) per policy panel, the 3 uncertainties marked * in the most panels per outcome:');
    expect(lines[at + 1]).toMatch(/^ {2}outcome +uncertainty +PRCC over the panels +\* in \(of 2\)$/);
    // Wage: * in both panels; patience: in one, though stronger; learning rate: borderline only, so not listed.
    expect(lines[at + 2]).toMatch(/^ {2}final\.jobs +labour\.wagePerMonth +-0\.600 to -0\.300 +2$/);
    expect(lines[at + 3]).toMatch(/^ {2}final\.jobs +residents\.patienceMonths +\+0\.100 to \+0\.900 +1$/);
    expect(lines[at + 4]).toBe('every row, with its interval and p-value: res/analysis/prcc.csv');
    expect(lines[at + 5]).toMatch(/^\* the 95% bootstrap percentile interval .* p < 0\.05$/);
  });
});
