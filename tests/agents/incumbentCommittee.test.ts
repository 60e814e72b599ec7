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
import { mechanismById } from '../../src/model/mechanisms.ts';
import { arm, fixture, loadScenario, mean, pairedT, welchT } from '../helpers/scenario.ts';

const city = fixture('neutral-city.yaml');
/** A committee whose residents in the transferred functions have all gone over to organizations (visitorsLost 1), unless told otherwise. */
const committee = (transferred: number, spending = 10000, visitorsLost = 1): Committee => ({ community: 0, street: 0, transferable: 10, transferred, transferredSpending: spending, visitorsLost, resistance: 0, cooperation: 1 });

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

describe('the residents a committee loses', () => {
  const s = loadScenario(city, { 'policies.transfer.newMoneyShare': 0, 'policies.transfer.fundsFollowShare': 0.5 });
  const v = s.committees.lossVisitorsWeight;

  it('weigh a transferred function by how many of its residents have gone over to organizations; money and posts are lost on paper', () => {
    // Half the functions gone; none of their residents left yet, then all of them.
    expect(lossOf(committee(5, 10000, 0), s)).toEqual({ functions: 0.5 * (1 - v), funds: 0.25, staff: 0.5 });
    expect(lossOf(committee(5, 10000, 1), s).functions).toBeCloseTo(0.5, 12);
    // Without the mechanism (knock-out lost-visitors) the function counts in full at once.
    expect(lossOf(committee(5, 10000, 0), { ...s, committees: { ...s.committees, lossVisitorsWeight: 0 } }).functions).toBe(0.5);
  });

  it('are a running average of each month’s share of the transferred functions’ residents served by organizations', () => {
    const rng = createWorld(s, 1).streams.resistance;
    const c = committee(5, 10000, 0);
    committeeMonth(c, s, null, null, 0.5, 30, 10, rng);
    expect(c.visitorsLost).toBeCloseTo(0.75 / s.committees.visitorsMemoryMonths, 12);
    // A month with no need in those functions says nothing new.
    const before = c.visitorsLost;
    committeeMonth(c, s, null, null, 0.5, 0, 0, rng);
    expect(c.visitorsLost).toBe(before);
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
    committeeMonth(c, s, null, null, will, 0, 0, rng);
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

  it('a committee that sends its residents on to providers loses them, and resists more for it: without referrals resistance is lower, and only through the residents lost', () => {
    const noReferral = { 'committees.referralProbability': 0 };
    const paperOnly = mechanismById('lost-visitors')!.switchOff;
    const effect = (sets: Record<string, unknown>) => {
      const withReferrals = resistance(arm(city, sets, SEEDS));
      const without = resistance(arm(city, { ...sets, ...noReferral }, SEEDS));
      return { diff: mean(withReferrals) - mean(without), t: pairedT(without, withReferrals) };
    };
    const felt = effect({});
    expect(felt.diff).toBeGreaterThan(0.008);
    expect(felt.t).toBeGreaterThan(3);
    // With losses counted on paper, referrals no longer reach resistance.
    expect(Math.abs(effect(paperOnly).diff)).toBeLessThan(0.004);
  });

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
