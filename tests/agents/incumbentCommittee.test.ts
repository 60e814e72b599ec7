/**
 * Incumbent committees (src/agents/incumbentCommittee.ts): what they lose — functions, money,
 * staff posts — drives resistance; compensation and relief offset it and are paid for; purchase
 * as new money lets reform add service rather than take it away.
 */
import { describe, expect, it } from 'vitest';
import { committeeMonth, compensationCost, lossOf, resistanceDrive } from '../../src/agents/incumbentCommittee.ts';
import { createWorld } from '../../src/model/world.ts';
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

describe('allies and resisters', () => {
  // Schema defaults: allyThreshold 0.2, helpBonus 0.1, withholdFactor 0.5, resistance decay 0.05 a month.
  const s = loadScenario(city);
  const rng = createWorld(s, 1).streams.resistance;
  /** A committee that has lost nothing, with resistance `r` after this month's decay, at street will `will`. */
  const cooperationAt = (r: number, will: number) => {
    const c = committee(0);
    c.resistance = r / 0.95;
    committeeMonth(c, s, null, null, will, rng);
    expect(c.resistance).toBeCloseTo(r, 12);
    return c.cooperation;
  };

  it('a committee with no resistance helps providers deliver: quality × 1.1; the help fades to nothing at the ally threshold', () => {
    expect(cooperationAt(0, 0.5)).toBeCloseTo(1.1, 12);
    // Half-way to the threshold: half the help, less what it withholds (0.5 × 0.1 × (1 − 0.5)).
    expect(cooperationAt(0.1, 0.5)).toBeCloseTo(1 + 0.05 - 0.025, 12);
    expect(cooperationAt(0.2, 1)).toBeCloseTo(1, 12);
  });

  it('a resisting committee withholds instead, the more the less will its street government has', () => {
    expect(cooperationAt(0.5, 0.5)).toBeCloseTo(1 - 0.5 * 0.5 * 0.5, 12);
    expect(cooperationAt(0.5, 0)).toBeLessThan(cooperationAt(0.5, 0.5));
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

  it('allied committees’ help raises the quality providers deliver; resisting committees’ obstruction lowers it (5 years)', () => {
    // Committees that never resist (resistance 0, no gain) are allies throughout; resisting ones
    // hold resistance 0.8 throughout.
    const allied = { years: 5, 'committees.initialResistance': 0, 'committees.resistanceGain': 0 };
    const resisting = { years: 5, 'committees.initialResistance': 0.8, 'committees.resistanceGain': 0, 'committees.resistanceDecay': 0 };
    // Mean quality of providers' services from the third year on (months with any service).
    const quality = (runs: ReturnType<typeof arm>) => runs.map((r) => mean(r.series.slice(24).filter((row) => row.service_quality > 0).map((row) => row.service_quality)));
    const helped = quality(arm(city, { ...allied, 'committees.helpBonus': 0.3 }, SEEDS));
    const unhelped = quality(arm(city, { ...allied, 'committees.helpBonus': 0 }, SEEDS));
    const obstructed = quality(arm(city, { ...resisting, 'committees.helpBonus': 0.3 }, SEEDS));
    // A 30% bonus, less where quality reaches its cap of 1.
    expect(mean(helped)).toBeGreaterThan(1.2 * mean(unhelped));
    expect(welchT(helped, unhelped)).toBeGreaterThan(3);
    expect(mean(unhelped) - mean(obstructed)).toBeGreaterThan(0.1);
    expect(welchT(unhelped, obstructed)).toBeGreaterThan(3);
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
