/**
 * The region presets in scenarios/: each one loads and runs, each numeric value says where it
 * comes from, and the places differ the way the sources say they do (Hong Kong's sector is far
 * denser than Guangzhou's; a dense market draws more bidders than Guangzhou's thin one).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulate, type RunResult } from '../../src/model/run.ts';
import { parseScenarioText } from '../../src/scenario/load.ts';
import type { Scenario } from '../../src/scenario/schema.ts';
import type { SeriesRow } from '../../src/metrics/series.ts';
import { mean, ROOT } from '../helpers/scenario.ts';

const DIR = `${ROOT}scenarios/`;
const FILES = readdirSync(DIR)
  .filter((f) => /\.(ya?ml|json)$/i.test(f))
  .sort();

function load(file: string, sets: string[] = []): Scenario {
  return parseScenarioText(readFileSync(DIR + file, 'utf8'), `scenarios/${file}`, sets);
}

/** Series columns that are shares or indices in [0, 1]. */
const SHARE_COLUMNS = [
  'contract_value_hhi',
  'purchase_share_of_budget',
  'resistance_mean',
  'functions_transferred_share',
  'insider_contract_share',
  'needs_met_share',
  'service_quality',
  'satisfaction',
  'trust_in_orgs',
] as const satisfies readonly (keyof SeriesRow)[];

describe('region presets', () => {
  it('ships the seven region presets', () => {
    for (const f of ['beijing', 'chifeng-xitun', 'guangzhou', 'hong-kong', 'qingyuan', 'shenzhen-luohu', 'yichang-yiling'])
      expect(FILES).toContain(`${f}.yaml`);
  });

  describe.each(FILES)('%s', (file) => {
    it('has a Chinese name and description, written in Chinese', () => {
      const scenario = load(file);
      expect(scenario.nameZh).toMatch(/^[\u4e00-\u9fff]+$/);
      expect(scenario.descriptionZh?.match(/[\u4e00-\u9fff]/g)?.length).toBeGreaterThan(40);
      expect(scenario.descriptionZh).not.toMatch(/[\u4e00-\u9fff] [\u4e00-\u9fff]/); // no space where a YAML line was folded
    });

    it('validates and runs two years with sane outputs', () => {
      const scenario = load(file, ['years=2']);
      const { series, summary } = simulate(scenario, 1);
      expect(series).toHaveLength(24);
      for (const row of series) {
        for (const [column, value] of Object.entries(row)) {
          expect(Number.isFinite(value), `${column} in month ${row.month}`).toBe(true);
        }
        for (const column of SHARE_COLUMNS) {
          expect(row[column], `${column} in month ${row.month}`).toBeGreaterThanOrEqual(0);
          expect(row[column], `${column} in month ${row.month}`).toBeLessThanOrEqual(1);
        }
        expect(row.orgs_active).toBeGreaterThanOrEqual(0);
        expect(row.year).toBe(scenario.startYear + Math.floor((row.month - 1) / 12));
      }
      expect(Number.isFinite(summary.totals.paid_contracts)).toBe(true);
    });

    it('marks every numeric value with a source or ASSUMPTION', () => {
      // A `key: number` line must carry, on itself or on the comment line directly above it,
      // either ASSUMPTION or a citation: a seed file (000–004), FACTS.md, or an outside source.
      // Exempt are the run's own settings, which describe the run, not the place: its length,
      // the seed, the scale and a schedule entry's run year.
      const exempt = new Set(['years', 'year', 'seed', 'peoplePerAgent']);
      const numeric = /^\s*(?:-\s+)?([A-Za-z_][\w.]*)\s*:\s*-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\s*(?:#.*)?$/i;
      const tagged = /ASSUMPTION|\b00[0-4]\b|FACTS\.md|\boutside\b/;
      const lines = readFileSync(DIR + file, 'utf8').split(/\r?\n/);
      const untagged: string[] = [];
      lines.forEach((line, i) => {
        const m = numeric.exec(line);
        if (!m || exempt.has(m[1])) return;
        const comment = line.includes('#') ? line.slice(line.indexOf('#')) : '';
        const above = i > 0 && /^\s*#/.test(lines[i - 1]) ? lines[i - 1] : '';
        if (!tagged.test(comment) && !tagged.test(above)) untagged.push(`${file}:${i + 1}: ${line.trim()}`);
      });
      expect(untagged).toEqual([]);
    });
  });

  describe('places differ as the sources say (3 seeds × 10 years)', () => {
    const SEEDS = [1, 2, 3];
    const runs = (file: string): RunResult[] => {
      const scenario = load(file, ['years=10']);
      return SEEDS.map((seed) => simulate(scenario, seed));
    };
    /** Mean of a column over the months from the first procurement round on. */
    const fromFirstRound = (r: RunResult, column: keyof SeriesRow) => {
      const first = r.series.findIndex((row) => row.tenders > 0);
      return first < 0 ? 0 : mean(r.series.slice(first).map((row) => row[column]));
    };
    const runMean = (r: RunResult, column: keyof SeriesRow) => mean(r.series.map((row) => row[column]));

    let hongKong: RunResult[];
    let guangzhou: RunResult[];
    beforeAll(() => {
      hongKong = runs('hong-kong.yaml');
      guangzhou = runs('guangzhou.yaml');
    });

    it('Hong Kong has more than five times Guangzhou’s organizations per 10,000 residents (000)', () => {
      const hk = mean(hongKong.map((r) => runMean(r, 'orgs_per_10k')));
      const gz = mean(guangzhou.map((r) => runMean(r, 'orgs_per_10k')));
      expect(gz).toBeGreaterThan(0);
      expect(hk).toBeGreaterThan(5 * gz);
    });

    it('a dense market (Hong Kong) draws more bidders per tender than a thin one (Guangzhou, 000)', () => {
      const hk = mean(hongKong.map((r) => fromFirstRound(r, 'bidders_per_tender')));
      const gz = mean(guangzhou.map((r) => fromFirstRound(r, 'bidders_per_tender')));
      expect(hk).toBeGreaterThan(0);
      expect(hk).toBeGreaterThan(gz);
    });
  });
});
