/**
 * The mechanism knock-outs (src/model/mechanisms.ts): each switches its mechanism off on every
 * preset without an error, and on the Xitun preset (10 years, 20 seeds, the same seeds for every
 * arm) moves each outcome it claims in the claimed direction, by a paired t of at least 2.5. A
 * mechanism whose code stops working, or stops mattering, fails here.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPARE_OUTCOMES, compareOutcomesOf } from '../../src/experiments/compare.ts';
import { knockOutSets, mechanismById, MECHANISMS } from '../../src/model/mechanisms.ts';
import { parseSet } from '../../src/scenario/load.ts';
import { arm, loadScenario, mean, pairedT, ROOT } from '../helpers/scenario.ts';

const SEEDS = 20;
const YEARS = 10;
/** Paired t over 20 seeds (19 degrees of freedom): 2.5 is p ≈ 0.02 two-sided. */
const MIN_T = 2.5;

const outcomesOf = (sets: Record<string, unknown>, outcomes: readonly string[]) =>
  arm('chifeng-xitun.yaml', { years: YEARS, ...sets }, SEEDS).map((r) => compareOutcomesOf(r.summary, r.series, outcomes));

describe('mechanism knock-outs', () => {
  it('have unique ids and claim only outcomes that compare reports', () => {
    expect(new Set(MECHANISMS.map((m) => m.id)).size).toBe(MECHANISMS.length);
    for (const m of MECHANISMS) {
      expect(m.id).toMatch(/^[a-z][a-z-]*$/);
      expect(mechanismById(m.id)).toBe(m);
      for (const move of m.moves) expect(COMPARE_OUTCOMES, `${m.id}: ${move.outcome}`).toContain(move.outcome);
    }
  });

  it('switch their mechanism off on every preset with valid values, as --set texts the loader reads back', () => {
    const presets = readdirSync(`${ROOT}scenarios`).filter((f) => f.endsWith('.yaml'));
    expect(presets.length).toBeGreaterThanOrEqual(5);
    for (const m of MECHANISMS) {
      for (const set of knockOutSets(m)) {
        const { path, value } = parseSet(set);
        expect(m.switchOff[path], set).toEqual(value);
      }
      for (const preset of presets) expect(() => loadScenario(preset, m.switchOff), `${m.id} on ${preset}`).not.toThrow();
    }
  });

  const baseline = () => outcomesOf({}, COMPARE_OUTCOMES);
  for (const m of MECHANISMS.filter((x) => x.moves.length > 0)) {
    it(`without ${m.id}: ${m.moves.map((x) => `${x.outcome} ${x.direction > 0 ? 'higher' : 'lower'}`).join(', ')} (Xitun, ${SEEDS} seeds)`, () => {
      const before = baseline();
      const after = outcomesOf(m.switchOff, COMPARE_OUTCOMES);
      for (const { outcome, direction } of m.moves) {
        const t = pairedT(
          before.map((r) => r[outcome] ?? NaN),
          after.map((r) => r[outcome] ?? NaN),
        );
        expect(direction * t, `${outcome}: paired t ${t.toFixed(2)} without ${m.id}`).toBeGreaterThanOrEqual(MIN_T);
      }
    });
  }

  it('silence what they switch off, in every run and month, not only on average', () => {
    const runs = (id: string) => arm('chifeng-xitun.yaml', { years: YEARS, ...mechanismById(id)!.switchOff }, SEEDS);
    for (const r of runs('withering')) expect(r.summary.exits_by_cause.withered).toBe(0);
    for (const r of runs('insolvency')) expect(r.summary.exits_by_cause.insolvency).toBe(0);
    for (const r of runs('staff-quits')) expect(r.series.every((m) => m.quit_rate === 0)).toBe(true);
    for (const r of runs('resistance')) expect(r.series.every((m) => m.resistance_mean === 0 && m.transfers_blocked === 0)).toBe(true);
    // Without learning from service, trust moves only toward the community's mean, which keeps the mean.
    for (const r of runs('trust-learning')) expect(Math.max(...r.series.map((m) => Math.abs(m.trust_in_orgs - r.series[0].trust_in_orgs)))).toBeLessThan(1e-9);
    // And with them on, each of these happens.
    const on = arm('chifeng-xitun.yaml', { years: YEARS }, SEEDS);
    expect(on.some((r) => r.summary.exits_by_cause.withered > 0 && r.summary.exits_by_cause.insolvency > 0)).toBe(true);
    expect(on.some((r) => r.series.some((m) => m.quit_rate > 0))).toBe(true);
    expect(on.some((r) => r.series.some((m) => m.transfers_blocked > 0))).toBe(true);
    expect(on.some((r) => r.series.some((m) => Math.abs(m.trust_in_orgs - r.series[0].trust_in_orgs) > 0.01))).toBe(true);
  });

  it('answer for the outcomes the mechanism drives, and barely touch what they reach only through others: withering drives self-organizations, not resistance', () => {
    // A control on the design: a knock-out changes what its mechanism feeds, not everything. (Since
    // committees feel the residents they lose, volunteer groups serving in transferred functions
    // reach resistance too, so the control asks for a small change there, not none.)
    const before = baseline();
    const after = outcomesOf(mechanismById('withering')!.switchOff, COMPARE_OUTCOMES);
    const values = (runs: typeof before, o: string) => runs.map((r) => r[o] ?? NaN);
    const t = (o: string) => pairedT(values(before, o), values(after, o));
    const relative = (o: string) => Math.abs(mean(values(after, o)) - mean(values(before, o))) / mean(values(before, o));
    expect(t('final.self_orgs')).toBeGreaterThan(10);
    expect(relative('final.self_orgs')).toBeGreaterThan(0.5);
    expect(relative('mean_resistance')).toBeLessThan(0.03);
  });
});
