/**
 * The report of one run: its charts and its document (key figures, charts by outcome family,
 * survival tables, the scenario and policies as run, the assumptions and their sources, and
 * how to repeat the run). Pure. Exits by cause and year are not in the results files: rerunExits
 * recovers them by running the simulation again, and uses the re-run only if it reproduces
 * series.csv byte for byte.
 */
import { stringify } from 'yaml';
import { EXIT_CAUSES, ORIGINS } from '../agents/vocabulary.ts';
import { SERIES_COLUMNS } from '../metrics/series.ts';
import { simulate } from '../model/run.ts';
import { toCsv } from '../io/formats.ts';
import { scenarioSchema } from '../scenario/schema.ts';
import { assumptionRows, formatValue } from './assumptions.ts';
import type { Chart } from './charts/common.ts';
import { exitCausesChart } from './charts/exitCauses.ts';
import { survivalChart } from './charts/survival.ts';
import { timeSeriesChart, type SeriesPoint } from './charts/timeSeries.ts';
import type { Block, Document } from './document.ts';
import { columnLabel, formatMoney, formatNumber, formatPercent, descriptionIn, placeName, sourceText, t, wordLabel, type Lang, type MessageKey } from './i18n.ts';
import type { RunResults } from './results.ts';
import { evenlySpaced, exitsByYear, meanExitRows, monthlyPoints, survivalRows, yearlySums, type LabelledRun } from './runData.ts';
import { parameterDoc } from '../scenario/parameterDocsZh.ts';

/** Re-runs longer than this (the original run's wall time) are not attempted. */
const MAX_RERUN_MS = 60_000;

export type ExitsByYear = Map<number, Map<string, number>>;

export type Rerun = { ok: true; exits: ExitsByYear } | { ok: false; why: string };

/** Exits by cause and year, by re-running the simulation; only if it reproduces series.csv. */
export function rerunExits(results: RunResults, lang: Lang): Rerun {
  const { manifest, series } = results;
  if (manifest.fromCheckpoint) return { ok: false, why: t(lang, 'report.exitsWhy.checkpoint') };
  if ((manifest.timings?.wallMs ?? 0) > MAX_RERUN_MS) return { ok: false, why: t(lang, 'report.exitsWhy.slow') };
  try {
    const scenario = scenarioSchema.parse(manifest.scenario);
    const run = simulate(scenario, manifest.seed);
    if (toCsv(SERIES_COLUMNS, run.series) !== series.text) return { ok: false, why: t(lang, 'report.exitsWhy.mismatch') };
    return { ok: true, exits: exitsByYear(run.world.orgs, scenario.startYear, scenario.years) };
  } catch (err) {
    return { ok: false, why: t(lang, 'report.exitsWhy.failed', { message: (err as Error).message }) };
  }
}

interface Built {
  charts: Chart[];
  doc: Document;
}

/**
 * How a column is drawn: a count or level (axis from 0), a share on a fixed 0–100% axis, a
 * fraction in percent on a fitted axis, or a monthly count summed per year.
 */
export type SeriesKind = 'count' | 'level' | 'share' | 'fraction' | 'yearly';

/** Time-series charts of a run, by outcome family; each entry: name, columns, kind. */
export const SERIES_CHARTS: { family: MessageKey; name: string; columns: string[]; kind: SeriesKind }[] = [
  { family: 'report.market', name: 'organizations', columns: ['orgs_registered', 'orgs_filed', 'self_orgs'], kind: 'count' },
  { family: 'report.market', name: 'bidders-per-tender', columns: ['bidders_per_tender'], kind: 'level' },
  { family: 'report.market', name: 'failed-tenders', columns: ['failed_tenders'], kind: 'yearly' },
  { family: 'report.market', name: 'purchase-share', columns: ['purchase_share_of_budget'], kind: 'fraction' },
  { family: 'report.resistance', name: 'resistance', columns: ['resistance_mean'], kind: 'share' },
  { family: 'report.resistance', name: 'functions-transferred', columns: ['functions_transferred_share'], kind: 'share' },
  { family: 'report.service', name: 'trust', columns: ['trust_in_orgs'], kind: 'share' },
  { family: 'report.service', name: 'satisfaction', columns: ['satisfaction'], kind: 'share' },
  { family: 'report.service', name: 'needs-met', columns: ['needs_met_share'], kind: 'share' },
];

/** A time-series chart of `columns` over `runs` (lines by column, or by run label for one column). */
export function seriesChart(
  name: string,
  runs: readonly LabelledRun[],
  columns: readonly string[],
  kind: SeriesKind,
  lang: Lang,
  startYear: number,
  subtitle: string,
): Chart {
  const points: SeriesPoint[] = columns.flatMap((column) => {
    const relabelled = columns.length > 1 ? runs.map((r) => ({ ...r, series: columnLabel(lang, column) })) : runs;
    return kind === 'yearly' ? yearlySums(relabelled, column) : monthlyPoints(relabelled, column, startYear);
  });
  const title = name === 'organizations' ? t(lang, 'chart.orgs.title') : kind === 'yearly' ? t(lang, 'chart.perYear', { what: columnLabel(lang, columns[0]) }) : columnLabel(lang, columns[0]);
  return {
    name,
    spec: timeSeriesChart(points, {
      lang,
      text: { title, subtitle, x: t(lang, 'chart.time'), y: kind === 'share' || kind === 'fraction' ? t(lang, 'chart.share') : t(lang, 'chart.count') },
      yFormat: kind === 'share' || kind === 'fraction' ? '.0%' : undefined,
      yDomain: kind === 'share' ? [0, 1] : undefined,
    }),
  };
}

function survivalCharts(results: RunResults, lang: Lang): Chart[] {
  const { summary, manifest } = results;
  const total = manifest.scenario.years * 12;
  const start = manifest.scenario.startYear;
  const note = t(lang, 'chart.survival.note');
  const originLabel = (o: string) => wordLabel(lang, 'origin', o);
  const origins = ORIGINS.filter((o) => summary.survival.by_origin[o]);
  const cohorts = evenlySpaced(Object.keys(summary.survival.by_cohort).sort(), 8);
  const cohortCurves = Object.fromEntries(cohorts.map((c) => [c, summary.survival.by_cohort[c]]));
  return [
    {
      name: 'survival-by-origin',
      spec: survivalChart(survivalRows(summary.survival.by_origin, originLabel), {
        lang,
        text: { title: t(lang, 'chart.survival.origin'), subtitle: note, x: t(lang, 'chart.survival.x'), y: t(lang, 'chart.survival.y'), legend: t(lang, 'chart.survival.group.origin') },
        groupOrder: origins.map(originLabel),
        until: Object.fromEntries(origins.map((o) => [originLabel(o), total])),
      }),
    },
    {
      name: 'survival-by-cohort',
      spec: survivalChart(survivalRows(cohortCurves, String), {
        lang,
        text: { title: t(lang, 'chart.survival.cohort'), subtitle: note, x: t(lang, 'chart.survival.x'), y: t(lang, 'chart.survival.y'), legend: t(lang, 'chart.survival.group.cohort') },
        groupOrder: cohorts,
        until: Object.fromEntries(cohorts.map((c) => [c, total - 12 * (Number(c) - start)])),
      }),
    },
  ];
}

function exitChart(exits: ExitsByYear, lang: Lang): Chart {
  const label = (c: string) => wordLabel(lang, 'cause', c);
  return {
    name: 'exit-causes',
    spec: exitCausesChart(meanExitRows([exits], label), {
      lang,
      text: { title: t(lang, 'chart.exits.title'), x: t(lang, 'chart.time'), y: t(lang, 'chart.exits.y'), legend: t(lang, 'chart.exits.cause') },
      causeOrder: EXIT_CAUSES.map(label),
    }),
  };
}

/** The title text of a chart's spec. */
export function chartTitle(chart: Chart): string {
  const title = chart.spec.title;
  return typeof title === 'string' ? title : typeof title === 'object' && title !== null && 'text' in title ? String(title.text) : chart.name;
}

/** Shell-safe form of one command-line argument. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Settings of a lever as `key: value` pairs, nested keys dotted. */
export function settingsText(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${prefix}: ${formatValue(value)}`];
  return Object.entries(value).flatMap(([k, v]) => settingsText(v, prefix ? `${prefix}.${k}` : k));
}

export function policyTable(lang: Lang, policies: Readonly<Record<string, unknown>>): Block {
  return {
    kind: 'table',
    head: [t(lang, 'report.lever'), t(lang, 'report.settings')],
    rows: Object.entries(policies).map(([lever, settings]) => [`${wordLabel(lang, 'lever', lever)} (${lever})`, settingsText(settings).join('; ')]),
  };
}

function keyFigures(results: RunResults, lang: Lang): Block {
  const { summary, manifest } = results;
  const f = summary.final as unknown as Record<string, number>;
  const tt = summary.totals as unknown as Record<string, number>;
  const lastYear = manifest.scenario.startYear + manifest.scenario.years - 1;
  const end = t(lang, 'report.atEnd', { year: lastYear });
  const over = t(lang, 'report.overRun');
  const rows: [string, string, string][] = [];
  const col = (c: string, fmt: (x: number) => string) => {
    if (typeof f[c] === 'number') rows.push([columnLabel(lang, c), fmt(f[c]), end]);
  };
  const total = (key: string, label: string, fmt: (x: number) => string) => {
    if (typeof tt[key] === 'number') rows.push([label, fmt(tt[key]), over]);
  };
  const n = (x: number) => formatNumber(x, 0);
  const d2 = (x: number) => formatNumber(x, 2);
  const pct = (x: number) => formatPercent(x, 0);
  const money = (x: number) => formatMoney(lang, x);
  col('orgs_active', n);
  col('orgs_registered', n);
  col('orgs_filed', n);
  col('self_orgs', n);
  col('orgs_per_10k', d2);
  total('org_entries', columnLabel(lang, 'org_entries'), n);
  total('org_exits', columnLabel(lang, 'org_exits'), n);
  if (summary.survival.first_year_mortality !== null) rows.push([t(lang, 'report.firstYearMortality'), pct(summary.survival.first_year_mortality), over]);
  total('tenders', columnLabel(lang, 'tenders'), n);
  total('failed_tenders', columnLabel(lang, 'failed_tenders'), n);
  col('bidders_per_tender', d2);
  col('contract_value_hhi', d2);
  col('purchase_share_of_budget', (x) => formatPercent(x, 1));
  col('professional_staff', n);
  col('resistance_mean', d2);
  col('functions_transferred_share', pct);
  col('insider_contract_share', pct);
  col('needs_met_share', pct);
  total('mean_needs_met_share', t(lang, 'report.totals.mean_needs_met_share'), pct);
  col('satisfaction', d2);
  col('trust_in_orgs', d2);
  total('complaints', columnLabel(lang, 'complaints'), n);
  for (const key of ['paid_contracts', 'paid_pilots', 'paid_incubator_grants', 'paid_package_grants', 'in_house_spending'])
    total(key, t(lang, `report.totals.${key}` as MessageKey), money);
  col('fiscal_savings', money);
  col('cost_ratio_vs_inhouse', d2);
  col('jobs', n);
  return { kind: 'table', head: [t(lang, 'report.figure'), t(lang, 'report.value'), t(lang, 'report.when')], rows, numeric: [false, true, false] };
}

function survivalTable(results: RunResults, lang: Lang): Block {
  const s = results.summary.survival;
  const rows: string[][] = [];
  const add = (label: string, curve: (typeof s.by_origin)[string] | undefined) => {
    if (!curve) return;
    const at = (v: number | null) => (v === null ? '–' : formatPercent(v, 0));
    rows.push([label, String(curve.n), at(curve.at.m12), at(curve.at.m24), at(curve.at.m36), at(curve.at.m60), at(curve.at.m120), curve.medianMonths === null ? '–' : String(curve.medianMonths)]);
  };
  for (const o of ORIGINS) add(wordLabel(lang, 'origin', o), s.by_origin[o]);
  for (const c of Object.keys(s.by_cohort).sort()) add(c, s.by_cohort[c]);
  // The columns are the summary's survival at 12, 24, 36, 60 and 120 months, headed in years.
  const years = [1, 2, 3, 5, 10].map((n) => (n === 1 ? t(lang, 'report.atYear') : t(lang, 'report.atYears', { n })));
  const head = [t(lang, 'report.group'), t(lang, 'report.n'), ...years, t(lang, 'report.median')];
  return { kind: 'table', head, rows, numeric: head.map((_, i) => i > 0) };
}

function exitsTable(results: RunResults, lang: Lang): Block {
  const rows = Object.entries(results.summary.exits_by_cause).map(([cause, n]) => [wordLabel(lang, 'cause', cause), formatNumber(n, 0)]);
  return { kind: 'table', head: [t(lang, 'report.cause'), t(lang, 'report.exits')], rows, numeric: [false, true] };
}

function assumptionsBlocks(results: RunResults, lang: Lang): Block[] {
  const rows = assumptionRows(results.manifest.scenario);
  return [
    { kind: 'heading', level: 2, text: t(lang, 'report.assumptions') },
    { kind: 'paragraph', text: t(lang, 'report.assumptionsNote', { n: rows.length, assumed: rows.filter((r) => r.assumed).length }) },
    {
      kind: 'table',
      className: 'wide',
      head: [t(lang, 'report.parameter'), t(lang, 'report.meaning'), t(lang, 'report.used'), t(lang, 'report.default'), t(lang, 'report.range'), t(lang, 'report.source')],
      rows: rows.map((r) => [r.path, parameterDoc(r.path, r.meaning, lang), `${r.changed ? '● ' : ''}${r.used}`, r.default, r.range, sourceText(r.source, lang)]),
    },
  ];
}

/** The command that repeats the run. */
export function reproduceCommand(results: RunResults): string {
  const m = results.manifest;
  const from = m.fromCheckpoint ? ['--from-checkpoint', m.fromCheckpoint.file] : [m.scenarioFile, '--seed', String(m.seed)];
  const args = ['govbuy', 'run', ...from, ...m.sets.flatMap((s) => ['--set', s])];
  return args.map(shellQuote).join(' ');
}

/** Charts and document of a run report. `rerun` supplies exits by cause and year, if known. */
export function buildRunReport(results: RunResults, lang: Lang, rerun: Rerun, version: string): Built {
  const { manifest, series } = results;
  const sc = manifest.scenario;
  const name = placeName(sc, lang);
  const runs: LabelledRun[] = [{ series: name, run: manifest.seed, rows: series.rows }];
  const subtitle = t(lang, 'chart.oneRun', { seed: manifest.seed });
  const charts: Chart[] = [];
  const blocks: Block[] = [];
  const cv = manifest.codeVersion;

  blocks.push(
    { kind: 'heading', level: 1, text: t(lang, 'report.title', { name }) },
    { kind: 'paragraph', className: 'meta', text: t(lang, 'report.run', { seed: manifest.seed, years: sc.years, first: sc.startYear, last: sc.startYear + sc.years - 1, months: series.rows.length }) },
    { kind: 'paragraph', className: 'meta', text: t(lang, 'report.sets', { sets: manifest.sets.length > 0 ? manifest.sets.join(', ') : t(lang, 'report.none') }) },
    { kind: 'paragraph', className: 'meta', text: t(lang, 'report.code', { package: cv.package ?? '?', git: cv.git ?? 'unknown', dirty: cv.dirty ? t(lang, 'report.dirty') : '' }) },
    { kind: 'paragraph', className: 'meta', text: t(lang, 'report.generated', { version, folder: results.dir }) },
  );
  const description = descriptionIn(sc, lang);
  if (description) blocks.push({ kind: 'paragraph', text: description });
  blocks.push({ kind: 'heading', level: 2, text: t(lang, 'report.keyFigures') }, keyFigures(results, lang));

  const available = new Set(series.columns);
  const seriesSection = (family: MessageKey) => {
    blocks.push({ kind: 'heading', level: 2, text: t(lang, family) });
    for (const def of SERIES_CHARTS) {
      if (def.family !== family || !def.columns.every((c) => available.has(c))) continue;
      const chart = seriesChart(def.name, runs, def.columns, def.kind, lang, sc.startYear, subtitle);
      charts.push(chart);
      blocks.push({ kind: 'chart', name: chart.name, alt: chartTitle(chart) });
    }
  };
  seriesSection('report.market');
  blocks.push({ kind: 'heading', level: 2, text: t(lang, 'report.survival') });
  for (const chart of survivalCharts(results, lang)) {
    charts.push(chart);
    blocks.push({ kind: 'chart', name: chart.name, alt: chartTitle(chart) });
  }
  blocks.push({ kind: 'heading', level: 3, text: t(lang, 'report.survivalTable') }, survivalTable(results, lang));
  blocks.push({ kind: 'heading', level: 3, text: t(lang, 'report.exitsByCause') }, exitsTable(results, lang));
  if (rerun.ok) {
    const chart = exitChart(rerun.exits, lang);
    charts.push(chart);
    blocks.push({ kind: 'chart', name: chart.name, alt: chartTitle(chart) }, { kind: 'paragraph', className: 'meta', text: t(lang, 'report.exitsNote') });
  } else {
    blocks.push({ kind: 'paragraph', className: 'meta', text: t(lang, 'report.exitsMissing', { why: rerun.why }) });
  }
  seriesSection('report.resistance');
  seriesSection('report.service');

  blocks.push(
    { kind: 'paragraph', className: 'meta', text: t(lang, 'report.chartFiles') },
    { kind: 'heading', level: 2, text: t(lang, 'report.policies') },
    policyTable(lang, sc.policies as unknown as Record<string, unknown>),
  );
  if (Array.isArray(sc.schedule) && sc.schedule.length > 0) {
    blocks.push(
      { kind: 'heading', level: 3, text: t(lang, 'report.schedule') },
      {
        kind: 'table',
        head: [t(lang, 'report.scheduleYear'), t(lang, 'report.scheduleSet'), t(lang, 'report.scheduleNote')],
        rows: sc.schedule.map((e) => [String(e.year), Object.entries(e.set).map(([k, v]) => `${k} = ${formatValue(v)}`).join('; '), e.note ?? '']),
      },
    );
  }
  blocks.push(...assumptionsBlocks(results, lang));
  blocks.push(
    { kind: 'heading', level: 2, text: t(lang, 'report.scenario') },
    { kind: 'paragraph', text: t(lang, 'report.scenarioNote') },
    { kind: 'code', language: 'yaml', text: stringify(sc, { lineWidth: 0 }) },
    { kind: 'heading', level: 2, text: t(lang, 'report.reproduce') },
    { kind: 'paragraph', text: t(lang, 'report.reproduceNote', { git: cv.git ?? 'unknown' }) },
    { kind: 'code', language: 'sh', text: reproduceCommand(results) },
  );
  return { charts, doc: { lang, title: t(lang, 'report.title', { name }), blocks } };
}
