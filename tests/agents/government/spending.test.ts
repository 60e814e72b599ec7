/**
 * Spending on levers (src/agents/government/spending.ts): every lever that costs money pays
 * from the budget line it names, only while it is on; the series' lever_spending is the month's
 * spending on all lines, so over a run it adds up to the summary's spending totals.
 */
import { describe, expect, it } from 'vitest';
import { SPENDING_LINES, type SpendingLine } from '../../../src/state/counters.ts';
import type { RunResult } from '../../../src/model/run.ts';
import { arm, fixture } from '../../helpers/scenario.ts';

const city = fixture('neutral-city.yaml');
const YEARS = 4; // four purchase rounds (July of each year)

const spending = (r: RunResult, line: SpendingLine) => r.summary.totals[`spending_${line}`];

/** Each line and the lever switch that pays from it (the package is seed money with a package budget). */
const LEVERS: Record<SpendingLine, Record<string, unknown>> = {
  compensation: { 'policies.compensation.enabled': true },
  relief: { 'policies.relief.enabled': true },
  training: { 'policies.training.enabled': true },
  publicity: { 'policies.publicity.enabled': true },
  incubator: { 'policies.incubator.enabled': true },
  pilots: { 'policies.seedFund.enabled': true },
  package: { 'policies.seedFund.enabled': true, 'policies.seedFund.lotteryFundPerYear': 0, 'policies.seedFund.packageBudget': 100000 },
};

describe('lever spending by budget line (neutral city, 4 years)', () => {
  it('nothing is spent on any line when every lever is off', () => {
    for (const r of arm(city, { years: YEARS }, 2)) {
      for (const line of SPENDING_LINES) expect(spending(r, line), line).toBe(0);
      expect(r.series.every((row) => row.lever_spending === 0)).toBe(true);
    }
  });

  for (const line of SPENDING_LINES)
    it(`${line}: spent when its lever is on, and nothing on any other line`, () => {
      const [r] = arm(city, { years: YEARS, ...LEVERS[line] }, 1);
      expect(spending(r, line)).toBeGreaterThan(0);
      for (const other of SPENDING_LINES) if (other !== line) expect(spending(r, other), other).toBe(0);
    });

  it('costs what the levers’ parameters say: training, publicity and relief exactly, the incubator and seed money within their means', () => {
    const [training] = arm(city, { years: YEARS, ...LEVERS.training }, 1);
    // 1 trainee per 10,000 residents a year × 20 × ¥10,000, four years.
    expect(spending(training, 'training')).toBe(4 * 20 * 10000);
    const [publicity] = arm(city, { years: YEARS, ...LEVERS.publicity }, 1);
    // ¥0.5 per resident a year × 200,000, four years.
    expect(spending(publicity, 'publicity')).toBeCloseTo(4 * 0.5 * 200000, 3);
    const [relief] = arm(city, { years: YEARS, ...LEVERS.relief }, 1);
    expect(spending(relief, 'relief')).toBeCloseTo(4 * 36 * 0.3 * 30000, 3);
    const [incubator] = arm(city, { years: YEARS, ...LEVERS.incubator }, 1);
    // At most 10 places × (¥1,500 grant + ¥1,000 running cost) a month; grants are part of it.
    expect(spending(incubator, 'incubator')).toBeLessThanOrEqual(10 * 2500 * 12 * YEARS);
    expect(spending(incubator, 'incubator')).toBeGreaterThan(incubator.summary.totals.paid_incubator_grants);
    const [pilots] = arm(city, { years: YEARS, ...LEVERS.pilots }, 1);
    // ¥1M lottery fund × 10% buys one ¥80,000 pilot a year; the line is what the pilots were paid.
    expect(spending(pilots, 'pilots')).toBeCloseTo(pilots.summary.totals.paid_pilots, 6);
    expect(spending(pilots, 'pilots')).toBeLessThanOrEqual(4 * 80000);
    const [pkg] = arm(city, { years: YEARS, ...LEVERS.package }, 1);
    expect(spending(pkg, 'package')).toBeCloseTo(pkg.summary.totals.paid_package_grants, 6);
    expect(spending(pkg, 'package')).toBeLessThanOrEqual(4 * 100000 + 1e-6);
  });

  it('the series’ lever_spending over the run adds up to the summary’s spending on every line', () => {
    const all = Object.assign({ years: YEARS }, ...Object.values(LEVERS), { 'policies.seedFund.lotteryFundPerYear': 1e6 });
    const runs = arm(city, all, 2);
    for (const r of runs) {
      const fromSeries = r.series.reduce((a, row) => a + row.lever_spending, 0);
      const fromTotals = SPENDING_LINES.reduce((a, line) => a + spending(r, line), 0);
      for (const line of SPENDING_LINES) expect(spending(r, line), line).toBeGreaterThan(0);
      expect(fromSeries).toBeGreaterThan(0);
      expect(Math.abs(fromSeries - fromTotals)).toBeLessThan(1e-9 * fromTotals);
    }
  });
});
