/**
 * The social-worker labour market (src/agents/socialWorker.ts): the quit rule itself, then its
 * effects over many seeds in the neutral test city — pay keeps workers, owed wages drive them
 * out — and the Shenzhen calibration point (28.7% quit within a year at about ¥3,000 a month).
 */
import { describe, expect, it } from 'vitest';
import { capability, labourMonth, quitProbability, sectorExitProbability, workersInSector, type QuitConditions } from '../../src/agents/socialWorker.ts';
import { createWorld } from '../../src/model/world.ts';
import { resetCounters } from '../../src/state/counters.ts';
import { scenarioSchema } from '../../src/scenario/schema.ts';
import { arm, fixture, loadScenario, mean, welchT } from '../helpers/scenario.ts';

const labour = scenarioSchema.parse({}).labour;
const base: QuitConditions = { valuedPay: 3600, goingRate: 3600, owedMonths: 0, overload: 0, stability: 0 };

describe('what a team’s experience adds to quality', () => {
  it('is experienceWeight of the gap between its experience (full at experienceYearsForFullQuality) and the organization’s skill; nothing without staff or weight', () => {
    const org = (staff: number, years: number) => ({ staff, experienceSum: staff * years, skill: 0.4 }) as Parameters<typeof capability>[0];
    const w = labour.experienceWeight;
    expect(capability(org(3, 3), labour)).toBeCloseTo((1 - w) * 0.4 + w * 1, 12);
    expect(capability(org(3, 0), labour)).toBeCloseTo((1 - w) * 0.4, 12);
    expect(capability(org(3, 3), labour)).toBeGreaterThan(capability(org(3, 1), labour));
    expect(capability(org(0, 0), labour)).toBe(0.4);
    expect(capability(org(3, 3), { ...labour, experienceWeight: 0 })).toBe(0.4);
  });
});

describe('a worker’s decision to quit', () => {
  it('is q0 for a new worker paid the outside option and the going rate, with no owed wages, normal workload and no secured funding', () => {
    expect(quitProbability(labour, base, 0)).toBeCloseTo(labour.turnoverPerMonth, 12);
  });

  it('falls with pay above the outside option and rises with pay below it', () => {
    expect(quitProbability(labour, { ...base, valuedPay: 4500, goingRate: 4500 }, 0)).toBeLessThan(quitProbability(labour, base, 0));
    expect(quitProbability(labour, { ...base, valuedPay: 2500, goingRate: 2500 }, 0)).toBeGreaterThan(quitProbability(labour, base, 0));
  });

  it('rises when a provider pays below what the others pay', () => {
    expect(quitProbability(labour, { ...base, goingRate: 4000 }, 0)).toBeGreaterThan(quitProbability(labour, base, 0));
  });

  it('rises with months of owed wages and with workload, and falls with experience and secured funding', () => {
    const q = quitProbability(labour, base, 0);
    expect(quitProbability(labour, { ...base, owedMonths: 2 }, 0)).toBeCloseTo(q * (1 + 2 * labour.quitOwedWagesFactor), 12);
    expect(quitProbability(labour, { ...base, overload: 0.5 }, 0)).toBeGreaterThan(q);
    expect(quitProbability(labour, base, 8)).toBeCloseTo(q * (1 - labour.quitExperienceRelief), 12);
    expect(quitProbability(labour, { ...base, stability: 1 }, 0)).toBeCloseTo(q * (1 - labour.quitStabilityRelief), 12);
  });

  it('counts seniority up to seniorityYears, overload up to overloadCap and secured funding up to stabilityHorizonMonths, as set', () => {
    const q = quitProbability(labour, base, 0);
    // A worker of 5 years is fully senior at the default 5 years, half so when it takes 10.
    expect(quitProbability({ ...labour, seniorityYears: 10 }, base, 5)).toBeCloseTo(q * (1 - labour.quitExperienceRelief / 2), 12);
    expect(quitProbability({ ...labour, seniorityYears: 10 }, base, 12)).toBeCloseTo(q * (1 - labour.quitExperienceRelief), 12);
    // Overload beyond the cap adds nothing; a higher cap lets it count.
    expect(quitProbability(labour, { ...base, overload: 3 }, 0)).toBeCloseTo(q * (1 + labour.overloadCap * labour.quitWorkloadFactor), 12);
    expect(quitProbability({ ...labour, overloadCap: 4 }, { ...base, overload: 3 }, 0)).toBeCloseTo(q * (1 + 3 * labour.quitWorkloadFactor), 12);
  });

  it('sends more quitters out of the sector the further pay falls below the outside option', () => {
    expect(sectorExitProbability(labour, labour.outsideWagePerMonth)).toBeCloseTo(labour.sectorExitShare, 12);
    expect(sectorExitProbability(labour, 2000)).toBeGreaterThan(sectorExitProbability(labour, 3000));
  });
});

describe('entry to the sector', () => {
  /**
   * Workers who entered the sector over ten years of the labour market alone in the neutral city
   * (200,000 people, no provider employing anyone yet, so the going rate is labour.wagePerMonth):
   * each month's entrants are the change in workers in the sector plus those who left it.
   */
  function entrantsOverTenYears(sets: Record<string, unknown>, seed: number): number {
    const w = createWorld(loadScenario(fixture('neutral-city.yaml'), sets), seed);
    let entrants = 0;
    for (let month = 0; month < 120; month++) {
      w.month = month;
      resetCounters(w.counters);
      const before = workersInSector(w.labour);
      labourMonth(w);
      entrants += workersInSector(w.labour) - before + w.counters.sectorExits;
    }
    return entrants;
  }
  const seeds = [1, 2, 3];

  it('is graduatesPer10kPerYear when the sector pays the outside option: 2 per 10,000 a year, 400 in ten years', () => {
    const atOutside = seeds.map((seed) => entrantsOverTenYears({ 'labour.wagePerMonth': 3600, 'labour.outsideWagePerMonth': 3600 }, seed));
    expect(mean(atOutside)).toBeGreaterThan(360);
    expect(mean(atOutside)).toBeLessThan(440);
  });

  it('rises with pay against the outside option: ¥4,200 draws about (4,200 / 3,000)^1.5 ≈ 1.66 times the entrants of ¥3,000', () => {
    const low = seeds.map((seed) => entrantsOverTenYears({ 'labour.wagePerMonth': 3000 }, seed));
    const high = seeds.map((seed) => entrantsOverTenYears({ 'labour.wagePerMonth': 4200 }, seed));
    expect(mean(high) / mean(low)).toBeGreaterThan(1.45);
    expect(mean(high) / mean(low)).toBeLessThan(1.9);
    // A lower outside option does the same at the same pay.
    const poorOutside = seeds.map((seed) => entrantsOverTenYears({ 'labour.wagePerMonth': 3000, 'labour.outsideWagePerMonth': 2500 }, seed));
    expect(mean(poorOutside)).toBeGreaterThan(1.2 * mean(low));
  });

  it('stops rising beyond entryPayCap times the outside option: pay of twice it draws no more than 1.5 times it with the cap at 1.5', () => {
    const sets = { 'labour.wagePerMonth': 7200, 'labour.outsideWagePerMonth': 3600 };
    const uncapped = seeds.map((seed) => entrantsOverTenYears(sets, seed));
    const capped = seeds.map((seed) => entrantsOverTenYears({ ...sets, 'labour.entryPayCap': 1.5 }, seed));
    // (2 / 1.5)^1.5 ≈ 1.54 times as many entrants without the lower cap.
    expect(mean(uncapped) / mean(capped)).toBeGreaterThan(1.35);
    expect(mean(uncapped) / mean(capped)).toBeLessThan(1.75);
  });
});

describe('the labour market over many seeds (neutral city, 10 years, 8 seeds per arm)', () => {
  const city = fixture('neutral-city.yaml');
  const SEEDS = 8;
  const meanOf = (runs: ReturnType<typeof arm>, column: 'staff_turnover' | 'quit_rate' | 'service_quality' | 'sector_exits') =>
    runs.map((r) => r.series.reduce((a, row) => a + row[column], 0) / r.series.length);
  const baseline = () => arm(city, {}, SEEDS);

  it('a pay standard for purchased posts lowers turnover and raises the quality delivered', () => {
    const standard = arm(city, { 'policies.payStandard.enabled': true, 'policies.payStandard.minimumPerMonth': 4500 }, SEEDS);
    expect(mean(meanOf(baseline(), 'staff_turnover')) - mean(meanOf(standard, 'staff_turnover'))).toBeGreaterThan(0.01);
    expect(welchT(meanOf(baseline(), 'staff_turnover'), meanOf(standard, 'staff_turnover'))).toBeGreaterThan(3);
    expect(mean(meanOf(standard, 'service_quality')) - mean(meanOf(baseline(), 'service_quality'))).toBeGreaterThan(0.02);
  });

  it('owed wages — no advance, instalments six months late — raise turnover', () => {
    const late = arm(city, { 'policies.payments.advanceShare': 0, 'policies.payments.delayMonths': 6 }, SEEDS);
    const prompt = arm(city, { 'policies.payments.advanceShare': 0.5, 'policies.payments.delayMonths': 0 }, SEEDS);
    expect(mean(meanOf(late, 'staff_turnover'))).toBeGreaterThan(1.3 * mean(meanOf(prompt, 'staff_turnover')));
    expect(welchT(meanOf(late, 'staff_turnover'), meanOf(prompt, 'staff_turnover'))).toBeGreaterThan(3);
  });

  it('raising the pay providers offer (labour.wagePerMonth) lowers turnover and first-year quits', () => {
    const better = arm(city, { 'labour.wagePerMonth': 4200 }, SEEDS);
    expect(mean(meanOf(baseline(), 'staff_turnover'))).toBeGreaterThan(mean(meanOf(better, 'staff_turnover')) * 1.05);
    expect(welchT(meanOf(baseline(), 'staff_turnover'), meanOf(better, 'staff_turnover'))).toBeGreaterThan(2.5);
    const firstYearQuits = (runs: ReturnType<typeof arm>) => runs.map((r) => r.summary.totals.first_year_quit_share ?? 0);
    expect(mean(firstYearQuits(baseline()))).toBeGreaterThan(mean(firstYearQuits(better)) + 0.01);
    expect(welchT(firstYearQuits(baseline()), firstYearQuits(better))).toBeGreaterThan(2.5);
  });

  it('splits turnover: quits are part of it, both over the staff at the month\'s start, and better pay lowers quits', () => {
    const runs = baseline();
    for (const r of runs)
      for (const row of r.series) {
        expect(row.quit_rate).toBeLessThanOrEqual(row.staff_turnover);
        // Every worker who left was staff at the month's start (closures at step C included).
        expect(row.staff_turnover).toBeLessThanOrEqual(1);
      }
    // Layoffs and closures make up the rest: turnover is clearly more than quits.
    expect(mean(meanOf(runs, 'staff_turnover'))).toBeGreaterThan(mean(meanOf(runs, 'quit_rate')) + 0.005);
    const better = arm(city, { 'labour.wagePerMonth': 4200 }, SEEDS);
    expect(welchT(meanOf(runs, 'quit_rate'), meanOf(better, 'quit_rate'))).toBeGreaterThan(3);
  });

  it('better pay grows the sector: more social workers employed or looking for work after ten years', () => {
    const better = arm(city, { 'labour.wagePerMonth': 4200 }, SEEDS);
    const sector = (runs: ReturnType<typeof arm>) => runs.map((r) => workersInSector(r.world.labour));
    expect(mean(sector(better))).toBeGreaterThan(1.3 * mean(sector(baseline())));
    expect(welchT(sector(better), sector(baseline()))).toBeGreaterThan(3);
    expect(mean(better.map((r) => r.world.labour.poolCount))).toBeGreaterThan(mean(baseline().map((r) => r.world.labour.poolCount)));
  });

  it('reports its state in the series: mean pay follows the pay offered, a scarce pool leaves posts vacant and bids pay up, and sector exits scale with the sector', () => {
    const better = arm(city, { 'labour.wagePerMonth': 4200 }, SEEDS);
    const scarce = arm(city, { 'labour.poolPer10k': 3, 'labour.graduatesPer10kPerYear': 0.5 }, SEEDS);
    const column = (runs: ReturnType<typeof arm>, c: 'mean_wage' | 'vacancies' | 'sector_exits') => runs.map((r) => r.series.reduce((a, row) => a + row[c], 0) / r.series.length);
    // The neutral city offers ¥3,000; ¥4,200 is 1.4 times that, and mean pay (premiums included) follows.
    const ratio = mean(column(better, 'mean_wage')) / mean(column(baseline(), 'mean_wage'));
    expect(ratio).toBeGreaterThan(1.3);
    expect(ratio).toBeLessThan(1.5);
    // Few workers: posts contracts fund stay empty, and providers competing for workers pay more.
    expect(mean(column(scarce, 'vacancies'))).toBeGreaterThan(5);
    expect(mean(column(scarce, 'vacancies'))).toBeGreaterThan(5 * mean(column(baseline(), 'vacancies')));
    expect(welchT(column(scarce, 'mean_wage'), column(baseline(), 'mean_wage'))).toBeGreaterThan(3);
    // Exits from the sector come from the people in it: a third of the pool, well under half the exits.
    expect(mean(column(baseline(), 'sector_exits'))).toBeGreaterThan(0);
    expect(mean(column(scarce, 'sector_exits'))).toBeLessThan(0.5 * mean(column(baseline(), 'sector_exits')));
  });

  it('reproduces Shenzhen’s turnover: about 28.7% of new social workers quit within a year, tenure under two years (Luohu preset, 6 years, 4 seeds)', () => {
    const runs = arm('shenzhen-luohu.yaml', { years: 6 }, 4);
    const quits = mean(runs.map((r) => r.summary.totals.first_year_quit_share ?? 0));
    expect(quits).toBeGreaterThan(0.2);
    expect(quits).toBeLessThan(0.37);
    expect(mean(runs.map((r) => r.summary.totals.mean_quit_tenure_months ?? 99))).toBeLessThan(24);
  });
});
