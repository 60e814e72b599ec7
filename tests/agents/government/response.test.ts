/**
 * Responsive governments (src/agents/government/response.ts, budget.ts): will and next year's
 * purchase budget move with complaints, evaluations and savings; money arrives in the funds
 * month and contracts start then; and the budget year has no January gap in the presets.
 */
import { describe, expect, it } from 'vitest';
import { budgetYear } from '../../../src/agents/government/budget.ts';
import { complaintExcess, reviewYear } from '../../../src/agents/government/response.ts';
import { createWorld } from '../../../src/model/world.ts';
import type { Government } from '../../../src/state/government.ts';
import type { World } from '../../../src/state/world.ts';
import { arm, fixture, loadScenario, mean, welchT } from '../../helpers/scenario.ts';

const city = fixture('neutral-city.yaml');

function streetGovernment(sets: Record<string, unknown> = {}): { g: Government; review: (g: Government) => void; w: World } {
  const w = createWorld(loadScenario(city, sets), 1);
  const g = w.governments.find((x) => x.level === 'street')!;
  return { g, review: (x) => reviewYear(w, x, 12), w };
}

/** A year of complaints exactly at the norm (15 per 10,000 a month, the default): no pressure either way. */
function complaintsAtNorm(g: Government): void {
  g.yearComplaints = 15 * (g.people / 10000) * 12;
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

  // Schema defaults: κ_e = 0.2, κ_s = 0.02, λ = 0.3, g = 1, yearly cap 0.2, bounds 0.5–2.
  it('good evaluations raise will and next year’s purchase budget; poor ones lower them', () => {
    const { g, review, w } = streetGovernment();
    const W0 = g.willBase;
    complaintsAtNorm(g);
    g.yearScoreSum = 3 * 0.9; // three contracts evaluated at 0.9
    g.yearScores = 3;
    review(g);
    // κ_e × (0.9 − 0.5) = 0.08 above the scenario's will, and the budget 8% above what it sets.
    expect(g.politicalWill).toBeCloseTo(W0 + 0.08, 9);
    expect(g.budgetMultiplier).toBeCloseTo(1.08, 9);
    budgetYear(w); // the first round of a run: nothing more to review, the budget follows the multiplier
    expect(g.purchaseBudget).toBeCloseTo(150 * g.people * 0.05 * 1.08, 3);
    const { g: poor, review: reviewPoor } = streetGovernment();
    complaintsAtNorm(poor);
    poor.yearScoreSum = 0.2;
    poor.yearScores = 1;
    reviewPoor(poor);
    expect(poor.politicalWill).toBeCloseTo(W0 - 0.06, 9); // 0.2 × (0.2 − 0.5)
    expect(poor.budgetMultiplier).toBeCloseTo(0.94, 9);
  });

  it('measured savings raise will; a purchase that costs more than in-house service lowers it', () => {
    const { g, review } = streetGovernment();
    const W0 = g.willBase;
    complaintsAtNorm(g);
    g.yearPurchaseCost = 100000;
    g.yearInHouseValue = 260000; // savings (260,000 − 100,000) / 100,000 = 1.6
    review(g);
    expect(g.politicalWill).toBeCloseTo(W0 + 0.032, 9); // κ_s 0.02 × 1.6
    expect(g.budgetMultiplier).toBeGreaterThan(1);
    const { g: dear, review: reviewDear } = streetGovernment();
    complaintsAtNorm(dear);
    dear.yearPurchaseCost = 100000;
    dear.yearInHouseValue = 50000; // savings −0.5
    reviewDear(dear);
    expect(dear.politicalWill).toBeCloseTo(W0 - 0.01, 9);
    expect(dear.budgetMultiplier).toBeLessThan(1);
  });

  it('with no signal, will returns toward the scenario’s level by λ a year', () => {
    const { g, review } = streetGovernment();
    const W0 = g.willBase;
    g.politicalWill = W0 + 0.3;
    complaintsAtNorm(g);
    review(g);
    expect(g.politicalWill).toBeCloseTo(W0 + 0.21, 9); // 0.3 × (1 − 0.3)
    // The year's tallies are cleared for the next review.
    expect([g.yearComplaints, g.yearScores, g.yearScoreSum, g.yearPurchaseCost, g.yearInHouseValue]).toEqual([0, 0, 0, 0, 0]);
  });

  it('failing evaluations, losses and no complaints year after year: will stays ≥ 0 and the budget falls at most 0.2 a year, to its floor 0.5', () => {
    const { g, review } = streetGovernment({ 'governments.response.budgetResponse': 2 });
    const path = [g.budgetMultiplier];
    for (let year = 0; year < 10; year++) {
      g.yearScoreSum = 0;
      g.yearScores = 2;
      g.yearPurchaseCost = 100000;
      g.yearInHouseValue = 0;
      review(g);
      expect(g.politicalWill).toBeGreaterThanOrEqual(0);
      path.push(g.budgetMultiplier);
    }
    // 1 → 0.8 → 0.6 → 0.5, then held at the floor.
    expect(path.slice(0, 5).map((x) => Number(x.toFixed(9)))).toEqual([1, 0.8, 0.6, 0.5, 0.5]);
    expect(Math.min(...path)).toBe(0.5);
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

  it('measured savings raise will and the purchase budget: without the savings term both end lower', () => {
    // In the neutral city purchase costs about a third of in-house service, so the savings term
    // adds about 0.02 × 1.6 to will a year.
    const base = arm(city, {}, 6);
    const blind = arm(city, { 'governments.response.savingsWeight': 0 }, 6);
    const will = (runs: typeof base) => runs.map((r) => r.summary.final.political_will);
    const budget = (runs: typeof base) => runs.map((r) => r.summary.final.purchase_budget);
    expect(mean(will(base)) - mean(will(blind))).toBeGreaterThan(0.05);
    expect(welchT(will(base), will(blind))).toBeGreaterThan(3);
    expect(mean(budget(base))).toBeGreaterThan(1.05 * mean(budget(blind)));
  });

  it('evaluation scores move will their way: up where providers serve well, down where committees spoil every service', () => {
    // Committees at full resistance that withhold all cooperation make delivered quality, and
    // so evaluation scores, poor; they file no complaints, so only the evaluations differ
    // between the arms. The deadline makes sure functions are transferred and bought.
    const spoiled = { 'committees.initialResistance': 1, 'committees.resistanceDecay': 0, 'committees.withholdFactor': 1, 'committees.complaintsPerMonth': 0, 'policies.transfer.deadlineYear': 1 };
    const will = (sets: Record<string, unknown>, weight: number) => arm(city, { ...sets, 'governments.response.evaluationWeight': weight }, 6).map((r) => r.summary.final.political_will);
    const budget = (sets: Record<string, unknown>, weight: number) => arm(city, { ...sets, 'governments.response.evaluationWeight': weight }, 6).map((r) => r.summary.final.purchase_budget);
    expect(mean(will({}, 0.5)) - mean(will({}, 0))).toBeGreaterThan(0.05);
    expect(welchT(will({}, 0.5), will({}, 0))).toBeGreaterThan(2.5);
    expect(mean(will(spoiled, 0)) - mean(will(spoiled, 0.5))).toBeGreaterThan(0.2);
    expect(welchT(will(spoiled, 0), will(spoiled, 0.5))).toBeGreaterThan(3);
    expect(mean(budget(spoiled, 0.5))).toBeLessThan(0.8 * mean(budget(spoiled, 0)));
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
  const PRESETS = ['chifeng-xitun.yaml', 'guangzhou.yaml', 'hong-kong.yaml', 'shenzhen-luohu.yaml', 'beijing.yaml', 'qingyuan.yaml', 'yichang-yiling.yaml'];
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
