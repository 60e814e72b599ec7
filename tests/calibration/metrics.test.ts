/** Target metrics: reading the expressions, evaluating them on a run, and the run-length rule they rely on. */
import { describe, expect, it } from 'vitest';
import { evaluateMetric, parseMetric, type Metric } from '../../src/calibration/metrics.ts';
import { simulate } from '../../src/model/run.ts';
import { loadScenario } from '../helpers/scenario.ts';

function metric(text: string): Metric {
  const parsed = parseMetric(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
}

function problem(text: string): string {
  const parsed = parseMetric(text);
  if (parsed.ok) throw new Error(`"${text}" parsed`);
  return parsed.problem;
}

describe('metric expressions', () => {
  const run = simulate(loadScenario('chifeng-xitun.yaml', { years: 4, 'region.population': 5000 }), 3);
  const rows2016 = run.series.filter((r) => r.year === 2016);

  it('series at a year is December; at a month, that month', () => {
    expect(evaluateMetric(metric('series.orgs_active@2016'), run, 2013)).toBe(rows2016[11].orgs_active);
    expect(evaluateMetric(metric('series.orgs_active@2016-03'), run, 2013)).toBe(rows2016[2].orgs_active);
  });

  it('aggregates over a year or a range', () => {
    const mean = rows2016.reduce((a, r) => a + r.satisfaction, 0) / 12;
    expect(evaluateMetric(metric('mean(series.satisfaction@2016)'), run, 2013)).toBeCloseTo(mean, 12);
    const entries = run.series.filter((r) => r.year >= 2015).reduce((a, r) => a + r.org_entries, 0);
    expect(evaluateMetric(metric('sum(series.org_entries@2015..2016)'), run, 2013)).toBe(entries);
    expect(evaluateMetric(metric('max(series.orgs_active@2013-01..2016-12)'), run, 2013)).toBe(Math.max(...run.series.map((r) => r.orgs_active)));
  });

  it('summary paths, survival counts and ratios', () => {
    expect(evaluateMetric(metric('final.orgs_active'), run, 2013)).toBe(run.summary.final.orgs_active);
    expect(evaluateMetric(metric('exits_by_cause.withered'), run, 2013)).toBe(run.summary.exits_by_cause.withered);
    const inc = run.summary.survival.by_origin.incubated;
    expect(evaluateMetric(metric('survival.by_origin.incubated.alive'), run, 2013)).toBe(inc ? inc.n - inc.events : 0);
    const ratio = rows2016[11].orgs_registered / rows2016[11].orgs_active;
    expect(evaluateMetric(metric('series.orgs_registered@2016 / series.orgs_active@2016'), run, 2013)).toBeCloseTo(ratio, 12);
    // Over zero: no tender is held in January (purchase rounds are in the funds month, July).
    expect(run.series[0].tenders).toBe(0);
    expect(evaluateMetric(metric('series.orgs_active@2013-01 / series.tenders@2013-01'), run, 2013)).toBeNaN();
  });

  it('names what is wrong', () => {
    expect(problem('series.orgs_activ@2016')).toMatch(/unknown series column "orgs_activ" \(did you mean "orgs_active"\?\)/);
    expect(problem('finall.orgs_active')).toMatch(/unknown metric "finall.orgs_active" \(did you mean "final.orgs_active"\?\)/);
    expect(problem('series.orgs_active@2015..2016')).toMatch(/a range of months needs an aggregate/);
    expect(problem('median(series.orgs_active@2016)')).toMatch(/unknown aggregate "median/);
    expect(problem('series.orgs_active@2016-13')).toMatch(/not a calendar year/);
    expect(problem('mean(series.orgs_active@2017..2016)')).toMatch(/ends before it starts/);
    expect(problem('a / b / c')).toMatch(/more than one "\/"/);
  });
});

describe('a shorter run is the start of a longer one', () => {
  // Calibration runs stop after the last year a series target reads; this must not change the months before.
  it('the first four years are the same in a 4-year and a 7-year run', () => {
    const short = simulate(loadScenario('chifeng-xitun.yaml', { years: 4, 'region.population': 5000 }), 11);
    const long = simulate(loadScenario('chifeng-xitun.yaml', { years: 7, 'region.population': 5000 }), 11);
    expect(long.series.slice(0, 48)).toEqual(short.series);
  });
});
