/**
 * Responsive governments (src/agents/government/response.ts, budget.ts): will and next year's
 * purchase budget move with complaints, evaluations and savings; money arrives in the funds
 * month and contracts start then; and the budget year has no January gap in the presets.
 */
import { describe, expect, it } from 'vitest';
import { complaintExcess, reviewYear } from '../../../src/agents/government/response.ts';
import { createWorld } from '../../../src/model/world.ts';
import type { Government } from '../../../src/state/government.ts';
import { arm, fixture, loadScenario, mean, welchT } from '../../helpers/scenario.ts';

const city = fixture('neutral-city.yaml');

function streetGovernment(sets: Record<string, unknown> = {}): { g: Government; review: (g: Government) => void } {
  const w = createWorld(loadScenario(city, sets), 1);
  const g = w.governments.find((x) => x.level === 'street')!;
  return { g, review: (x) => reviewYear(w, x, 12) };
}

describe('a government’s yearly review', () => {
  it('raises will when complaints exceed the norm, and lowers it when they are below', () => {
    const { g, review } = streetGovernment();
    const before = g.politicalWill;
    const norm = 15; // the schema default, per 10,000 residents a month
    g.yearComplaints = 2 * norm * (g.people / 10000) * 12;
    expect(complaintExcess(g, norm, 12)).toBeCloseTo(1, 9);
    review(g);
    expect(g.politicalWill).toBeGreaterThan(before);
    expect(g.petitionPressure).toBeCloseTo(1, 9);
    const { g: quiet, review: reviewQuiet } = streetGovernment();
    reviewQuiet(quiet); // no complaints at all: half the norm's excess below
    expect(quiet.politicalWill).toBeLessThan(before);
  });

  it('moves next year’s purchase budget with will, by at most the yearly cap, within bounds', () => {
    const { g, review } = streetGovernment();
    for (let year = 0; year < 30; year++) {
      const before = g.budgetMultiplier;
      g.yearComplaints = 1e9; // overwhelming pressure every year
      g.yearScoreSum = g.yearScores = 1;
      review(g);
      expect(Math.abs(g.budgetMultiplier - before)).toBeLessThanOrEqual(0.2 + 1e-12);
      expect(g.budgetMultiplier).toBeLessThanOrEqual(2);
      expect(g.politicalWill).toBeLessThanOrEqual(1);
    }
    expect(g.budgetMultiplier).toBeGreaterThan(1.1);
  });

  it('does not react when the response is switched off', () => {
    const { g, review } = streetGovernment({ 'governments.response.enabled': false });
    const will = g.politicalWill;
    g.yearComplaints = 1e9;
    review(g);
    expect(g.politicalWill).toBe(will);
    expect(g.budgetMultiplier).toBe(1);
  });
});

describe('governments over many seeds (neutral city, 10 years, 6 seeds per arm)', () => {
  it('more complaints raise next years’ will and purchase budget', () => {
    const base = arm(city, {}, 6);
    const petitions = arm(city, { 'residents.complaintProbability': 0.5 }, 6);
    const will = (runs: typeof base) => runs.map((r) => r.summary.final.political_will);
    const budget = (runs: typeof base) => runs.map((r) => r.summary.final.purchase_budget);
    expect(mean(will(petitions)) - mean(will(base))).toBeGreaterThan(0.03);
    expect(welchT(will(petitions), will(base))).toBeGreaterThan(3);
    expect(mean(budget(petitions))).toBeGreaterThan(1.03 * mean(budget(base)));
  });

  it('money arrives in the funds month: the first contracts start then', () => {
    for (const fundsMonth of [1, 7]) {
      const [run] = arm(city, { years: 2, 'governments.fundsMonth': fundsMonth }, 1);
      const first = Math.min(...run.world.contracts.map((c) => c.startMonth));
      expect(first).toBe(fundsMonth - 1);
    }
  });
});

describe('the budget year has no gap at its boundaries', () => {
  // Before, contracts ended in December and restarted in January: purchase share and registered
  // organizations dropped for a month at every year boundary. Averaged by calendar month over the
  // years and seeds (so one organization more or less is not a dip), neither January nor the
  // month the money arrives may fall below both its neighbours. (Other months may: providers that
  // fronted a year's wages fail in the last months of their contracts, 004 risk 4.)
  const PRESETS = ['chifeng-xitun.yaml', 'guangzhou.yaml', 'hong-kong.yaml', 'shenzhen-luohu.yaml'];
  for (const preset of PRESETS)
    it(`${preset}: no dip in purchase share or registered organizations at the year boundary or when the money arrives (12 years, 2 seeds)`, () => {
      for (const column of ['purchase_share_of_budget', 'orgs_registered'] as const) {
        const byMonth = Array.from({ length: 12 }, () => [] as number[]);
        for (const r of arm(preset, { years: 12 }, 2)) r.series.slice(24).forEach((row) => byMonth[(row.month - 1) % 12].push(row[column]));
        const means = byMonth.map(mean);
        const fundsMonth = arm(preset, { years: 12 }, 2)[0].world.scenario.governments.fundsMonth;
        for (const m of [0, fundsMonth - 1]) {
          const [before, now, after] = [means[(m + 11) % 12], means[m], means[(m + 1) % 12]];
          expect(now, `${column}: calendar month ${m + 1} (${before} → ${now} → ${after})`).toBeGreaterThanOrEqual(0.97 * Math.min(before, after));
        }
      }
    });
});
