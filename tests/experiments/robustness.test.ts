/**
 * Robustness of policies across futures, checked against a small table worked out by hand:
 * two policies, three futures, one outcome each way.
 */
import { describe, expect, it } from 'vitest';
import { expandDesign, runSpec } from '../../src/experiments/design.ts';
import { parseExperimentText } from '../../src/experiments/file.ts';
import { regretOf, robustness } from '../../src/experiments/robustness.ts';
import type { RunResult } from '../../src/experiments/runOne.ts';

const TEXT = `
scenario: x.yaml
policies:
  - { name: keep, statusQuo: true }
  - { name: pay-early, levers: { policies.payments.advanceShare: 0.6 } }
uncertainties: [labour.wagePerMonth]
design: { type: lhs, samples: 3 }
analysis:
  outputs: [exits_by_cause.insolvency, final.orgs_active]
  thresholds: { exits_by_cause.insolvency: "<= 2", final.orgs_active: 10 }
`;

// Future:                 f0   f1   f2
// insolvency, keep:        1    4    3      (lower is better)
// insolvency, pay-early:   2    1    0
// orgs_active, keep:      12    8   10      (higher is better; bare threshold 10 → at least 10)
// orgs_active, pay-early: 10   11    9
const INSOLVENCY = [
  [1, 4, 3],
  [2, 1, 0],
];
const ORGS = [
  [12, 8, 10],
  [10, 11, 9],
];

describe('robustness on a hand-worked table', () => {
  const e = parseExperimentText(TEXT, 'hand.yaml');
  const design = expandDesign(e);
  const results: RunResult[] = Array.from({ length: design.runs }, (_, i) => {
    const p = design.points[runSpec(e, design, i).point];
    return { runIndex: i, seed: 0, status: 'ok', outcomes: { 'exits_by_cause.insolvency': INSOLVENCY[p.policy!][p.future!], 'final.orgs_active': ORGS[p.policy!][p.future!] } };
  });
  const { robustness: r } = robustness(e, design, results);
  const row = (policy: string, outcome: string) => r.table.rows.find((x) => x.policy === policy && x.outcome === outcome)!;

  it('lays every policy in every future, futures outer', () => {
    expect(design.points.map((p) => [p.future, p.policy])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [2, 0],
      [2, 1],
    ]);
  });

  it('mean and percentiles per policy', () => {
    expect(row('keep', 'exits_by_cause.insolvency')).toMatchObject({ n: 3, failed: 0, mean: 8 / 3, p50: 3 });
    // Type-7 quantiles of 1, 3, 4: p10 = 1 + 0.2·2 = 1.4, p90 = 3 + 0.8·1 = 3.8.
    expect(row('keep', 'exits_by_cause.insolvency').p10).toBeCloseTo(1.4, 12);
    expect(row('keep', 'exits_by_cause.insolvency').p90).toBeCloseTo(3.8, 12);
  });

  it('satisficing: the share of futures that meet the threshold', () => {
    // "<= 2": keep meets it in f0 only; pay-early in all three.
    expect(row('keep', 'exits_by_cause.insolvency').satisficing).toBeCloseTo(1 / 3, 12);
    expect(row('pay-early', 'exits_by_cause.insolvency').satisficing).toBe(1);
    // Bare 10 with a maximised outcome: at least 10. keep: 12, 10 → 2/3; pay-early: 10, 11 → 2/3.
    expect(row('keep', 'final.orgs_active')).toMatchObject({ threshold: '>= 10', direction: 'maximize' });
    expect(row('keep', 'final.orgs_active').satisficing).toBeCloseTo(2 / 3, 12);
    expect(row('pay-early', 'final.orgs_active').satisficing).toBeCloseTo(2 / 3, 12);
  });

  it('regret against the best policy in each future', () => {
    // Insolvency (minimize): best per future 1, 1, 0 → keep regrets 0, 3, 3; pay-early 1, 0, 0.
    expect(row('keep', 'exits_by_cause.insolvency')).toMatchObject({ regret_worlds: 3, regret_mean: 2, regret_max: 3 });
    expect(row('pay-early', 'exits_by_cause.insolvency')).toMatchObject({ regret_mean: 1 / 3, regret_max: 1 });
    // Orgs (maximize): best 12, 11, 10 → keep 0, 3, 0; pay-early 2, 0, 1.
    expect(row('keep', 'final.orgs_active')).toMatchObject({ regret_mean: 1, regret_max: 3 });
    expect(row('pay-early', 'final.orgs_active')).toMatchObject({ regret_mean: 1, regret_max: 2 });
  });

  it('every threshold at once', () => {
    // keep: f0 (1 ≤ 2, 12 ≥ 10) only → 1/3; pay-early: f0 (2, 10) and f1 (1, 11) → 2/3.
    const all = (policy: string) => r.satisficingAll.rows.find((x) => x.policy === policy)!.satisficing_all;
    expect(all('keep')).toBeCloseTo(1 / 3, 12);
    expect(all('pay-early')).toBeCloseTo(2 / 3, 12);
  });

  it('says where each direction comes from', () => {
    expect(r.outcomes).toEqual([
      { outcome: 'exits_by_cause.insolvency', direction: 'minimize', from: 'threshold', threshold: '<= 2' },
      { outcome: 'final.orgs_active', direction: 'maximize', from: 'threshold', threshold: '>= 10' }, // the bare 10 took the default direction's comparison
    ]);
  });

  it('leaves failed runs out of the means and a future with a failure out of regret', () => {
    const broken = results.map((x, i) => (i === 2 ? { ...x, status: 'failed' as const, outcomes: null } : x)); // keep in f1
    const { robustness: b } = robustness(e, design, broken);
    const k = b.table.rows.find((x) => x.policy === 'keep' && x.outcome === 'exits_by_cause.insolvency')!;
    expect(k).toMatchObject({ n: 2, failed: 1, mean: 2, regret_worlds: 2, regret_mean: 1.5, regret_max: 3 });
  });

  it('regretOf skips worlds where a policy has no value', () => {
    expect(regretOf([[1, null, 3], [2, 5, 1]], 'maximize')).toEqual([[1, 0], [0, 2]]);
  });
});
