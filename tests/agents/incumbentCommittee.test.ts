/**
 * Incumbent committees (src/agents/incumbentCommittee.ts): what they lose — functions, money,
 * staff posts — drives resistance; compensation and relief offset it and are paid for; purchase
 * as new money lets reform add service rather than take it away.
 */
import { describe, expect, it } from 'vitest';
import { compensationCost, lossOf, resistanceDrive } from '../../src/agents/incumbentCommittee.ts';
import type { Committee } from '../../src/state/committee.ts';
import { compensationSchema } from '../../src/policies/compensation.ts';
import { reliefSchema } from '../../src/policies/relief.ts';
import { simulate } from '../../src/model/run.ts';
import { arm, fixture, loadScenario, mean, welchT } from '../helpers/scenario.ts';

const city = fixture('neutral-city.yaml');
const committee = (transferred: number, spending = 10000): Committee => ({ community: 0, street: 0, transferable: 10, transferred, transferredSpending: spending, resistance: 0, cooperation: 1 });

describe('what a committee loses', () => {
  it('new money takes no posts or money away; replacement takes both', () => {
    const newMoney = loadScenario(city, { 'policies.transfer.newMoneyShare': 1, 'policies.transfer.fundsFollowShare': 0.5 });
    const replacement = loadScenario(city, { 'policies.transfer.newMoneyShare': 0, 'policies.transfer.fundsFollowShare': 0.5 });
    expect(lossOf(committee(5), newMoney)).toEqual({ functions: 0.5, funds: 0, staff: 0 });
    expect(lossOf(committee(5), replacement)).toEqual({ functions: 0.5, funds: 0.25, staff: 0.5 });
    expect(resistanceDrive(lossOf(committee(5), replacement), replacement, null, null)).toBeGreaterThan(resistanceDrive(lossOf(committee(5), newMoney), newMoney, null, null));
  });

  it('compensation and relief offset the loss, never below zero', () => {
    const s = loadScenario(city, { 'policies.transfer.newMoneyShare': 0, 'policies.transfer.fundsFollowShare': 1 });
    const loss = lossOf(committee(8), s);
    const none = resistanceDrive(loss, s, null, null);
    const compensation = compensationSchema.parse({ enabled: true, share: 1, staffReassigned: 1, newRole: true });
    expect(resistanceDrive(loss, s, compensation, null)).toBeLessThan(none);
    expect(resistanceDrive(loss, s, null, reliefSchema.parse({ enabled: true, share: 0.5 }))).toBeLessThan(none);
    expect(resistanceDrive(loss, s, compensation, reliefSchema.parse({ enabled: true, share: 1, resistanceRelief: 1 }))).toBe(0);
  });

  it('compensation is paid for what it makes good: money kept and posts reassigned', () => {
    const s = loadScenario(city, { 'policies.transfer.newMoneyShare': 0.5, 'policies.transfer.fundsFollowShare': 0.4 });
    const p = compensationSchema.parse({ enabled: true, share: 0.5, staffReassigned: 0.25 });
    // 10,000 a month of service transferred, half of it replaced: 5,000 at stake.
    expect(compensationCost(committee(5), s, p)).toBeCloseTo(5000 * (0.5 * 0.4 + 0.25), 9);
    expect(compensationCost(committee(5), s, null)).toBe(0);
  });
});

describe('incumbents over many seeds (neutral city, 10 years, 6 seeds per arm)', () => {
  const SEEDS = 6;
  const resistance = (runs: ReturnType<typeof arm>) => runs.map((r) => r.summary.final.resistance_mean);

  it('relief (减负) lowers resistance and turns committees toward helping; its cost is on the relief line', () => {
    const base = arm(city, {}, SEEDS);
    const relief = arm(city, { 'policies.relief.enabled': true }, SEEDS);
    expect(mean(resistance(base)) - mean(resistance(relief))).toBeGreaterThan(0.05);
    expect(welchT(resistance(base), resistance(relief))).toBeGreaterThan(3);
    // 36 committees × 0.3 of ¥30,000 a year, for 10 years.
    expect(relief[0].summary.totals.spending_relief).toBeCloseTo(36 * 0.3 * 30000 * 10, -2);
  });

  it('compensation lowers resistance, which lets more transfers through, and costs exactly what it pays', () => {
    const weak = { 'governments.street.politicalWill': 0.2, 'governments.district.politicalWill': 0.2, 'policies.transfer.newMoneyShare': 0, 'policies.transfer.fundsFollowShare': 0.6 };
    const off = arm(city, weak, SEEDS);
    const on = arm(city, { ...weak, 'policies.compensation.enabled': true }, SEEDS);
    expect(mean(resistance(off)) - mean(resistance(on))).toBeGreaterThan(0.05);
    const blocked = (runs: typeof off) => runs.map((r) => r.series.reduce((a, row) => a + row.transfers_blocked, 0));
    expect(mean(blocked(on))).toBeLessThan(mean(blocked(off)));
    // What compensation paid, month by month, is what the committees' losses called for.
    let paid = 0;
    let expected = 0;
    const scenario = loadScenario(city, { ...weak, 'policies.compensation.enabled': true });
    const run = simulate(scenario, 1, {
      onMonth: (w) => {
        const p = w.scenario.policies.compensation;
        for (const c of w.committees) expected += compensationCost(c, w.scenario, p.enabled ? p : null);
        paid = w.ledger.spending.compensation;
      },
    });
    expect(paid).toBeGreaterThan(0);
    expect(paid).toBeCloseTo(expected, 3);
    expect(run.summary.totals.spending_compensation).toBeCloseTo(paid, 6);
  });

  it('with new money, reform raises the share of needs met; where purchase replaces committees’ work, it lowers it', () => {
    const noReform = arm(city, { 'policies.bidding.fromYear': 50, 'policies.transfer.fromYear': 50 }, SEEDS);
    const newMoney = arm(city, { 'policies.transfer.newMoneyShare': 1 }, SEEDS);
    const replacement = arm(city, { 'policies.transfer.newMoneyShare': 0 }, SEEDS);
    const lastYear = (runs: typeof noReform) => runs.map((r) => mean(r.series.slice(-12).map((row) => row.needs_met_share)));
    expect(mean(lastYear(newMoney)) - mean(lastYear(noReform))).toBeGreaterThan(0.02);
    expect(welchT(lastYear(newMoney), lastYear(noReform))).toBeGreaterThan(3);
    expect(mean(lastYear(replacement))).toBeLessThan(mean(lastYear(noReform)));
  });
});
