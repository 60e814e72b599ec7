import { describe, expect, it } from 'vitest';
import { robustnessAnswer } from '../../src/cli/robustnessAnswer.ts';
import type { Robustness } from '../../src/experiments/robustness.ts';

/** A row of robustness.csv: two regions × three policies, one outcome with a threshold and one without. */
const row = (region: string, policy: string, outcome: string, mean: number, satisficing: number | null, regretMean: number, regretMax: number) => ({
  region,
  policy,
  outcome,
  direction: outcome === 'final.orgs_active' ? 'maximize' : 'minimize',
  threshold: satisficing === null ? null : '<= 5',
  n: 10,
  failed: 0,
  mean,
  p10: mean,
  p50: mean,
  p90: mean,
  satisficing,
  regret_worlds: 10,
  regret_mean: regretMean,
  regret_p90: regretMax,
  regret_max: regretMax,
});

const r: Robustness = {
  format: 'govbuy-robustness',
  formatVersion: 1,
  experiment: 'x',
  scenarioColumn: 'region',
  policyColumn: 'policy',
  policies: ['keep', 'advance', 'prompt'],
  outcomes: [
    { outcome: 'exits_by_cause.insolvency', direction: 'minimize', from: 'threshold', threshold: '<= 5' },
    { outcome: 'final.orgs_active', direction: 'maximize', from: 'default', threshold: null },
  ],
  worlds: 10,
  table: {
    columns: [],
    rows: [
      row('xitun', 'keep', 'exits_by_cause.insolvency', 6, 0.4, 2, 9),
      row('xitun', 'advance', 'exits_by_cause.insolvency', 4, 0.7, 1, 5),
      row('xitun', 'prompt', 'exits_by_cause.insolvency', 3, 0.9, 1.5, 6),
      row('yiling', 'keep', 'exits_by_cause.insolvency', 9, 0.1, 3, 8),
      row('yiling', 'advance', 'exits_by_cause.insolvency', 8, 0.2, 2, 8),
      row('yiling', 'prompt', 'exits_by_cause.insolvency', 8, 0.2, 2.5, 8),
      row('xitun', 'keep', 'final.orgs_active', 40, null, 1, 3),
      row('xitun', 'advance', 'final.orgs_active', 41, null, 0.5, 2),
      row('xitun', 'prompt', 'final.orgs_active', 39, null, 2, 4),
      row('yiling', 'keep', 'final.orgs_active', 20, null, 0, 0),
      row('yiling', 'advance', 'final.orgs_active', 20, null, 0, 0),
      row('yiling', 'prompt', 'final.orgs_active', 20, null, 0, 0),
    ],
  },
  satisficingAll: { columns: [], rows: [] },
};

describe('analyze on the screen, policies × futures', () => {
  it('a table per outcome of each policy’s robustness figures per region, and the most robust policy named', () => {
    const lines = robustnessAnswer(r, [], 'out/analysis/robustness.csv');
    expect(lines[0]).toBe('which policy holds up: 3 policies in the same 10 futures per region (out/analysis/robustness.csv)');
    expect(lines[1]).toBe('exits_by_cause.insolvency — lower is better; threshold <= 5:');
    expect(lines[2]).toMatch(/^ {2}region +policy +mean +meets threshold +regret mean +regret max$/);
    expect(lines[3]).toMatch(/^ {2}xitun +keep +6\.00 +40% +2\.00 +9\.00$/);
    expect(lines[6]).toMatch(/^ {2}yiling +keep /);
    // Least maximum regret (ties by mean regret); the threshold met most often may be another policy.
    expect(lines).toContain('  → most robust in xitun: advance (least maximum regret, 5.00); meets <= 5 most often: prompt (90% of futures)');
    expect(lines).toContain('  → most robust in yiling: advance (least maximum regret, 8.00); meets <= 5 most often: advance = prompt (20% of futures)');
    expect(lines).toContain('final.orgs_active — higher is better:');
    expect(lines).toContain('  → most robust in xitun: advance (least maximum regret, 2.00)');
    expect(lines).toContain('  → most robust in yiling: every policy alike (least maximum regret, 0)');
    expect(lines.at(-1)).toMatch(/^regret: .*most robust = least maximum regret/);
  });

  it('only the outcomes asked; every threshold at once when there are two or more', () => {
    const two: Robustness = {
      ...r,
      outcomes: r.outcomes.map((o) => ({ ...o, threshold: '<= 5' })),
      satisficingAll: { columns: [], rows: [{ region: 'xitun', policy: 'keep', satisficing_all: 0.3 }, { region: 'xitun', policy: 'advance', satisficing_all: 0.55 }, { region: 'xitun', policy: 'prompt', satisficing_all: 0.5 }] },
    };
    const lines = robustnessAnswer(two, ['final.orgs_active']);
    expect(lines.join('\n')).not.toContain('exits_by_cause.insolvency —');
    const at = lines.findIndex((l) => l.startsWith('every threshold at once'));
    expect(lines[at + 1]).toMatch(/^ {2}region +most often +keep +advance +prompt$/);
    expect(lines[at + 2]).toMatch(/^ {2}xitun +advance +30% +55% +50%$/);
  });
});
