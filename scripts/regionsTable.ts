/**
 * What the region presets produce (docs/regions.md, "What they produce"): every preset in
 * scenarios/ run over seeds 1–3 for its own years, summarized per place — formal organizations
 * per 10,000 residents, bidders per tender, purchase share of budget, and what else tells the
 * places apart — with the comparison of Hong Kong, Guangzhou and Xitun that
 * tests/scenarios/presets.test.ts checks. Yearly means of the monthly values, averaged over the
 * seeds. Run by `npm run docs -- --only regions`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeriesRow } from '../src/metrics/series.ts';
import { simulate } from '../src/model/run.ts';
import { parseScenarioText } from '../src/scenario/load.ts';

export const SEEDS = [1, 2, 3];

interface Place {
  file: string;
  name: string;
  startYear: number;
  years: number;
  /** Per run year: the mean over the seeds of the yearly mean of each column. */
  yearly: Record<string, number>[];
  /** Per run year, the mean over the seeds of the bidders in that year's round (null before any round). */
  bidders: (number | null)[];
  insolvencies: number;
  exits: number;
  paidPerYear: number;
  /** Hazard of closing in age years 1, 2 and 3–10, pooled over seeds (formal providers founded in the run). */
  hazard: [number | null, number | null, number | null];
  providersPer10k: number;
}

function yearlyMeans(series: readonly SeriesRow[], years: number): Record<string, number>[] {
  return Array.from({ length: years }, (_, y) => {
    const rows = series.slice(12 * y, 12 * (y + 1)) as unknown as Record<string, number>[];
    const out: Record<string, number> = {};
    for (const c of Object.keys(rows[0])) out[c] = rows.reduce((s, r) => s + r[c], 0) / rows.length;
    return out;
  });
}

export function runPlace(root: string, file: string): Place {
  const s = parseScenarioText(readFileSync(join(root, 'scenarios', file), 'utf8'), `scenarios/${file}`);
  const runs = SEEDS.map((seed) => simulate(s, seed));
  const perRun = runs.map((r) => yearlyMeans(r.series, s.years));
  const yearly = Array.from({ length: s.years }, (_, y) => {
    const out: Record<string, number> = {};
    for (const c of Object.keys(perRun[0][y])) out[c] = perRun.reduce((a, r) => a + r[y][c], 0) / perRun.length;
    return out;
  });
  const bidders = Array.from({ length: s.years }, (_, y) => {
    const rounds = runs.map((r) => r.series.slice(12 * y, 12 * (y + 1)).find((row) => row.tenders > 0)?.bidders_per_tender).filter((v): v is number => v !== undefined);
    return rounds.length > 0 ? rounds.reduce((a, b) => a + b, 0) / rounds.length : null;
  });
  const mean = (f: (r: (typeof runs)[number]) => number) => runs.reduce((a, r) => a + f(r), 0) / runs.length;
  return {
    file,
    name: s.name,
    startYear: s.startYear,
    years: s.years,
    yearly,
    bidders,
    insolvencies: mean((r) => r.summary.exits_by_cause.insolvency ?? 0),
    exits: mean((r) => r.summary.totals.org_exits),
    paidPerYear: mean((r) => (r.summary.totals.paid_contracts + r.summary.totals.paid_pilots) / s.years),
    hazard: [hazardOver(runs, 0, 0), hazardOver(runs, 1, 1), hazardOver(runs, 2, 9)],
    providersPer10k: mean((r) => r.summary.final.providers_per_10k),
  };
}

/** Mean over runs and over age years [from, to] (0-based entries of hazard_by_age_year) where anyone was at risk. */
function hazardOver(runs: readonly { summary: { survival: { hazard_by_age_year: (number | null)[] } } }[], from: number, to: number): number | null {
  const values = runs.flatMap((r) => r.summary.survival.hazard_by_age_year.slice(from, to + 1)).filter((h): h is number => h !== null);
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** Three significant digits, thousands separated. */
function f(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '–';
  const r = Number(x.toPrecision(3));
  return Math.abs(r) >= 1000 ? r.toLocaleString('en-US') : String(r);
}

function money(yuan: number): string {
  return yuan >= 1e6 ? `¥${f(yuan / 1e6)}M` : `¥${f(yuan / 1e3)}k`;
}

/** "a (2009) → b (2013) → c (2028)": first year, fifth year, last year. */
function path(p: Place, column: string): string {
  const at = (y: number) => `${f(p.yearly[y][column])} (${p.startYear + y})`;
  return [0, Math.min(4, p.years - 1), p.years - 1].filter((y, i, a) => a.indexOf(y) === i).map(at).join(' → ');
}

function meanOf(xs: readonly (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null);
  return v.length > 0 ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

export function regionsMarkdown(places: readonly Place[]): string {
  const rows = places.map((p) => {
    const last = p.yearly[p.years - 1];
    const firstRound = p.bidders.findIndex((b) => b !== null);
    const bidders = firstRound < 0 ? 'no tender' : `${f(p.bidders[firstRound])} (${p.startYear + firstRound}) → ${f(meanOf(p.bidders.slice(-5)))} (last 5 years)`;
    const other = [
      `formal providers ${path(p, 'orgs_active')}`,
      `providers that served someone in the last year ${f(p.providersPer10k)} per 10,000 at the end`,
      `insolvencies ${f(p.insolvencies)} and exits ${f(p.exits)} over the run`,
      `hazard of closing by age ${f(p.hazard[0])} (year 1), ${f(p.hazard[1])} (year 2), ${f(p.hazard[2])} (years 3–10)`,
      `${money(p.paidPerYear)} contracts and pilots a year`,
      `functions transferred ${f(last.functions_transferred_share)}`,
      `insiders' share ${f(last.insider_contract_share)}`,
      `needs met ${path(p, 'needs_met_share')}`,
      `trust ${f(p.yearly[0].trust_in_orgs)} → ${f(last.trust_in_orgs)}`,
    ].join('; ');
    return `| ${p.name} (\`${p.file}\`) | ${path(p, 'orgs_per_10k')} | ${bidders} | ${path(p, 'purchase_share_of_budget')} | ${other} |`;
  });
  const by = (file: string) => places.find((p) => p.file === file);
  const gz = by('guangzhou.yaml');
  const hk = by('hong-kong.yaml');
  const xt = by('chifeng-xitun.yaml');
  const firstTen = (p: Place, c: string) => p.yearly.slice(0, 10).reduce((a, y) => a + y[c], 0) / Math.min(10, p.years);
  const comparison =
    gz && hk && xt
      ? `Over the first ten years Hong Kong has ${f(firstTen(hk, 'orgs_per_10k'))} formal organizations per 10,000 residents against Guangzhou's ${f(firstTen(gz, 'orgs_per_10k'))}; ` +
        `bidders per tender average ${f(meanOf(hk.bidders.slice(0, 10)))} in Hong Kong, ${f(meanOf(gz.bidders.slice(0, 10)))} in Guangzhou and ${f(meanOf(xt.bidders.slice(0, 10)))} in Xitun (rounds held). ` +
        '`tests/scenarios/presets.test.ts` checks the two comparisons with Guangzhou (3 seeds × 10 years).'
      : '';
  return [
    `Means over seeds ${SEEDS.join(', ')} of each preset's own run (${places.map((p) => p.years).every((y) => y === places[0].years) ? `${places[0].years} years` : 'its years'}); state columns are yearly means, shown in the first, fifth and last year; bidders per tender is the first round's and the mean of the last five rounds; the hazard of closing is exits per organization-year at risk by age since filing or registration (\`survival.hazard_by_age_year\`), for providers founded in the run.`,
    '',
    '| place | formal organizations per 10,000 | bidders per tender | purchase share of budget | other figures |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    comparison,
  ].join('\n');
}

export function regions(root: string, log: (line: string) => void = () => {}): string {
  const files = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort();
  const places = files.map((file) => {
    log(`regions: ${file}…`);
    return runPlace(root, file);
  });
  return regionsMarkdown(places);
}
