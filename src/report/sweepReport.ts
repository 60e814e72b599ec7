/**
 * The report of a sweep (`govbuy sweep`, analysed by `govbuy analyze` or here in memory): the
 * experiment (factors, design, replications, seeds), the runs done and failed, the main
 * outcomes per design point with their confidence intervals, the charts that fit the design —
 * heat maps over factor pairs and main-effect plots for grids, partial rank correlations for Latin
 * hypercubes, Morris μ* and σ or Sobol S1 and ST bars for sensitivity designs — monthly series
 * with bands over replications when the runs kept them, and the commands that repeat the sweep.
 * The question comes first: the experiment's description, the outcome families of the levers it
 * varies (shown first), and the charts that answer it, before the experiment's details. Pure: the
 * loaded sweep in, charts and a document out. Big sweeps get a bounded report: at most
 * MAX_MAIN_OUTCOMES outcomes, MAX_HEATMAP_PAIRS factor pairs for heat maps, MAX_POINT_ROWS table
 * rows, a few series lines; the report says what it left out and where the rest is.
 */
import type { Cell } from '../experiments/columns.ts';
import { mainEffectIntervals, type Table } from '../experiments/analysis.ts';
import { factorColumns } from '../experiments/columns.ts';
import { robustness } from '../experiments/robustness.ts';
import { formatValue } from './assumptions.ts';
import { DEFAULT_WIDTH, legendColumns, type Chart } from './charts/common.ts';
import { heatmapChart, type HeatmapRow } from './charts/heatmap.ts';
import { mainEffectsChart, type MainEffectRow } from './charts/mainEffects.ts';
import { regretChart, type RegretRow } from './charts/robustness.ts';
import { morrisChart, prccChart, sobolChart, type MorrisRow, type PrccRow, type SobolRow } from './charts/sensitivity.ts';
import type { Block, Document } from './document.ts';
import { LEVER_OUTCOMES } from '../policies/outcomeFamilies.ts';
import { mechanismName } from '../model/mechanisms.ts';
import { descriptionIn, listSeparator, t, wordLabel, type Lang } from './i18n.ts';
import { AXIS_FORMAT, intervalText, outcomeLabel } from './outcomeText.ts';
import { chartTitle, seriesChart, shellQuote, type SeriesKind } from './runReport.ts';
import { askedOf, cellText, panelOf } from './sweepData.ts';
import type { SweepResults } from './sweepResults.ts';

/** Most design points in the table (points.csv has them all). */
export const MAX_POINT_ROWS = 50;
/** Most factors in the main-effect plot. */
export const MAX_EFFECT_FACTORS = 6;
/** Height of a legend row in a series chart, in pixels. */
const LEGEND_ROW = 20;
/** Most failed runs listed. */
const MAX_FAILURES_LISTED = 10;

/** Series charts of a sweep: a line per design point or factor level. */
const SWEEP_SERIES: { name: string; column: string; kind: SeriesKind }[] = [
  { name: 'series-orgs', column: 'orgs_active', kind: 'count' },
  { name: 'series-resistance', column: 'resistance_mean', kind: 'share' },
  { name: 'series-trust', column: 'trust_in_orgs', kind: 'share' },
  { name: 'series-needs-met', column: 'needs_met_share', kind: 'share' },
];

interface Built {
  charts: Chart[];
  doc: Document;
}

const num = (v: Cell | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const slug = (outcome: string) => outcome.replace(/[^a-z0-9._-]/gi, '-');
/** A factor level for a chart axis: numbers stay numbers, everything else becomes text. */
const levelValue = (v: Cell | undefined): number | string => (typeof v === 'number' ? v : cellText(v ?? null));

function designText(lang: Lang, s: SweepResults): string {
  const d = s.manifest.experiment.design;
  const points = s.design.pointsPerScenario;
  switch (d.type) {
    case 'grid':
      return t(lang, 'sweep.design.grid', { points });
    case 'lhs':
      return t(lang, 'sweep.design.lhs', { samples: d.samples });
    case 'sobol':
      return t(lang, 'sweep.design.sobol', { samples: d.samples, points });
    case 'morris':
      return t(lang, 'sweep.design.morris', { trajectories: d.trajectories, levels: d.levels, points });
  }
}

/** The commands that make the same folder again. */
export function sweepCommands(s: SweepResults): string {
  const m = s.manifest;
  return [
    ['govbuy', 'sweep', m.experimentFile, '--out', s.dir],
    ['govbuy', 'analyze', s.dir],
    ['govbuy', 'report', s.dir],
  ]
    .map((c) => c.map(shellQuote).join(' '))
    .join('\n');
}

export interface SweepReportOptions {
  /** Grids: the factor pairs to draw heat maps for (default: every pair, lever pairs first). */
  pairs?: readonly (readonly [string, string])[];
}

export function buildSweepReport(s: SweepResults, lang: Lang, version: string, options: SweepReportOptions = {}): Built {
  const m = s.manifest;
  const e = m.experiment;
  const a = s.analysis;
  const R = e.replications;
  const cv = m.codeVersion;
  const level = Math.round(a.confidence * 1000) / 10;
  const charts: Chart[] = [];
  const blocks: Block[] = [];
  const chartBlock = (chart: Chart) => {
    charts.push(chart);
    blocks.push({ kind: 'chart', name: chart.name, alt: chartTitle(chart) });
  };
  const ok = s.results.filter((r) => r.status === 'ok').length;
  const failed = s.results.length - ok;
  const label = (o: string) => outcomeLabel(lang, o);
  const title = t(lang, 'sweep.title', { name: e.name });

  // The question first: the experiment's description, and what its levers ask (their outcome families).
  blocks.push({ kind: 'heading', level: 1, text: title });
  const description = descriptionIn(e, lang);
  if (description) blocks.push({ kind: 'paragraph', text: description });
  const asked = askedOf(e, a.metrics);
  if (asked.label !== null) {
    const shown = asked.outcomes.filter((o) => s.outcomes.includes(o));
    // English keeps the levers' names as the experiment writes them; Chinese names them in Chinese.
    const levers = lang === 'zh' ? asked.levers.map((l) => `${wordLabel(lang, 'lever', l)}：${LEVER_OUTCOMES[l].familyZh}`).join('；') : asked.label;
    blocks.push({ kind: 'paragraph', text: t(lang, 'sweep.asked', { levers, outcomes: shown.map(label).join(listSeparator(lang)) || t(lang, 'report.none') }) });
  }
  blocks.push(
    {
      kind: 'paragraph',
      className: 'meta',
      text: t(lang, 'sweep.meta', { runs: s.results.length, points: s.design.points.length, replications: R, ok, failed }),
    },
    { kind: 'paragraph', className: 'meta', text: t(lang, 'sweep.file', { file: m.experimentFile, sha: (m.experimentSha256 ?? '').slice(0, 12) }) },
    { kind: 'paragraph', className: 'meta', text: t(lang, 'report.code', { package: cv.package ?? '?', git: cv.git ?? 'unknown', dirty: cv.dirty ? t(lang, 'report.dirty') : '' }) },
    { kind: 'paragraph', className: 'meta', text: t(lang, 'report.generated', { version, folder: s.dir }) },
  );

  // The answer: the charts that fit the design, before the details of the experiment.
  if (e.policies) robustnessSection(s, lang, blocks, chartBlock);
  if (e.design.type === 'grid') gridCharts(s, lang, blocks, chartBlock, options.pairs);
  else if (e.design.type === 'morris' || e.design.type === 'sobol') sensitivityCharts(s, lang, blocks, chartBlock);
  else if (e.design.type === 'lhs') prccCharts(s, lang, blocks, chartBlock);

  // The experiment.
  const settings: string[][] = [
    [t(lang, 'sweep.design'), designText(lang, s)],
    [t(lang, 'sweep.replications'), String(R)],
    [t(lang, 'sweep.seeds'), t(lang, 'sweep.seedsText', { seed: e.seed, crn: e.commonRandomNumbers ? t(lang, 'sweep.crn') : t(lang, 'sweep.noCrn') })],
    [t(lang, 'sweep.scenarios'), e.scenarios.map((x) => (e.scenarioColumn !== null ? `${x.label}: ${x.file}` : x.file)).join('; ')],
    [t(lang, 'sweep.fixed'), Object.entries(e.set).map(([k, v]) => `${k}: ${formatValue(v)}`).join('; ') || t(lang, 'report.none')],
  ];
  if (e.knockOut && e.knockOut.length > 0)
    settings.push([t(lang, 'compare.mechanisms'), e.knockOut.map((id) => t(lang, 'compare.knockOut', { name: mechanismName(id, lang) })).join(listSeparator(lang))]);
  if (e.branchAt !== null && e.branchAt !== undefined) settings.push([t(lang, 'sweep.branch'), t(lang, 'sweep.branchText', { year: e.branchAt })]);
  settings.push(
    [t(lang, 'sweep.outputs'), t(lang, 'sweep.outputsText', { n: e.outputs.metrics.length, series: e.outputs.series ? t(lang, 'report.yes') : t(lang, 'report.no') })],
    [t(lang, 'sweep.analysisSettings'), t(lang, 'sweep.analysisText', { level, bootstrap: a.bootstrap })],
  );
  blocks.push({ kind: 'heading', level: 2, text: t(lang, 'sweep.experiment') }, { kind: 'table', head: [t(lang, 'sweep.setting'), t(lang, 'report.value')], rows: settings });
  if (e.factors.length > 0) {
    const values = (f: (typeof e.factors)[number]) => {
      if (f.values) return f.values.map(formatValue).join(' · ');
      const [lo, hi] = f.range ?? [NaN, NaN];
      return [`[${lo}, ${hi}]`, ...(f.integer ? [t(lang, 'sweep.integer')] : []), ...(f.log ? [t(lang, 'sweep.log')] : [])].join(', ');
    };
    blocks.push({
      kind: 'table',
      head: [t(lang, 'sweep.factor'), t(lang, 'report.parameter'), valuesHeading(lang, e.design.type)],
      rows: e.factors.map((f) => [f.name, f.path, values(f)]),
    });
  } else blocks.push({ kind: 'paragraph', text: t(lang, 'sweep.noFactors') });

  // Runs.
  blocks.push({ kind: 'heading', level: 2, text: t(lang, 'sweep.runs') }, { kind: 'paragraph', text: t(lang, failed > 0 ? 'sweep.runsFailed' : 'sweep.runsOk', { runs: s.results.length, ok, failed }) });
  if (failed > 0) {
    const failures = s.results.filter((r) => r.status === 'failed');
    blocks.push({
      kind: 'list',
      items: failures.slice(0, MAX_FAILURES_LISTED).map((r) => t(lang, 'sweep.failure', { run: r.runIndex, point: Math.floor(r.runIndex / R), seed: r.seed, error: r.error ?? '' })),
    });
    if (failures.length > MAX_FAILURES_LISTED) blocks.push({ kind: 'paragraph', className: 'meta', text: t(lang, 'sweep.moreFailures', { n: failures.length - MAX_FAILURES_LISTED }) });
    blocks.push({ kind: 'paragraph', className: 'meta', text: t(lang, 'sweep.retry', { command: ['govbuy', 'sweep', m.experimentFile, '--out', s.dir, '--retry-failed'].map(shellQuote).join(' ') }) });
  }

  // Results by design point.
  const outcomes = s.outcomes;
  const fcols = a.factors;
  const points = new Map<string, Record<string, Cell>>();
  for (const row of a.points.rows) points.set(`${row.point}\u0000${row.metric}`, row);
  const shownPoints = s.design.points.slice(0, MAX_POINT_ROWS);
  blocks.push(
    { kind: 'heading', level: 2, text: t(lang, 'sweep.points') },
    { kind: 'paragraph', text: R > 1 ? t(lang, 'sweep.pointsNote', { level, n: R }) : t(lang, 'sweep.pointsNoteOne') },
    {
      kind: 'paragraph',
      className: 'meta',
      text: t(lang, s.analysisFrom === 'folder' ? 'sweep.analysis.folder' : s.analysisFrom === 'stale' ? 'sweep.analysis.stale' : 'sweep.analysis.memory', { dir: s.dir }),
    },
    {
      kind: 'table',
      className: 'wide',
      head: [t(lang, 'sweep.point'), ...fcols, ...outcomes.map(label)],
      numeric: [true, ...fcols.map(() => false), ...outcomes.map(() => true)],
      rows: shownPoints.map((p) => {
        const first = points.get(`${p.index}\u0000${outcomes[0]}`);
        return [
          String(p.index),
          ...fcols.map((c) => cellText(first?.[c] ?? null)),
          ...outcomes.map((o) => {
            const r = points.get(`${p.index}\u0000${o}`);
            return r ? intervalText(lang, o, num(r.mean), num(r.ci_low), num(r.ci_high)) : '–';
          }),
        ];
      }),
    },
  );
  if (s.design.points.length > shownPoints.length) blocks.push({ kind: 'paragraph', className: 'meta', text: t(lang, 'sweep.pointsCapped', { shown: shownPoints.length, n: s.design.points.length }) });
  if (a.metrics.length > outcomes.length) blocks.push({ kind: 'paragraph', className: 'meta', text: t(lang, 'sweep.outcomesCapped', { shown: outcomes.length, n: a.metrics.length }) });

  // Over time.
  blocks.push({ kind: 'heading', level: 2, text: t(lang, 'sweep.overTime') });
  if (s.series) {
    const { plan, runs, startYear } = s.series;
    const many = plan.groups.length > 1;
    const banded = plan.groups.some((g) => g.runs.length > 1);
    const what =
      plan.by === 'level'
        ? t(lang, 'sweep.series.levels', { factor: plan.factorLabel ?? '' })
        : plan.by === 'sample'
          ? t(lang, 'sweep.series.sample', { shown: plan.groups.length, n: plan.available })
          : t(lang, 'sweep.series.points');
    const subtitle = `${what}${banded ? t(lang, 'sweep.series.band') : ''}`;
    blocks.push({
      kind: 'paragraph',
      text:
        plan.by === 'level'
          ? t(lang, 'sweep.series.aboutLevels', { factor: plan.factor ?? '' })
          : plan.by === 'sample'
            ? t(lang, 'sweep.series.aboutSample', { shown: plan.groups.length, n: plan.available })
            : t(lang, 'sweep.series.aboutPoints'),
    });
    const defs = many ? SWEEP_SERIES : [{ name: 'organizations', column: '', kind: 'count' as const }, ...SWEEP_SERIES.slice(1)];
    for (const def of defs) {
      const columns = def.name === 'organizations' ? ['orgs_registered', 'orgs_filed', 'self_orgs'] : [def.column];
      const chart = seriesChart(def.name, runs, columns, def.kind, lang, startYear, subtitle);
      // The legend sits inside the chart's fixed size: make room for its rows so the plot keeps its height.
      const spec = chart.spec as { height?: number; width?: number };
      const labels = many ? plan.groups.map((g) => g.label) : [];
      if (labels.length > 0 && typeof spec.height === 'number') spec.height += LEGEND_ROW * Math.ceil(labels.length / legendColumns(labels, spec.width ?? DEFAULT_WIDTH));
      chartBlock(chart);
    }
    if (plan.by === 'level' && plan.available > plan.groups.length)
      blocks.push({ kind: 'paragraph', className: 'meta', text: t(lang, 'sweep.series.capLevels', { shown: plan.groups.length, n: plan.available }) });
    if (plan.runsCapped) blocks.push({ kind: 'paragraph', className: 'meta', text: t(lang, 'sweep.series.capRuns', { read: runs.length, ok }) });
  } else blocks.push({ kind: 'paragraph', text: t(lang, e.outputs.series ? 'sweep.series.none' : 'sweep.series.notKept') });

  blocks.push(
    { kind: 'paragraph', className: 'meta', text: t(lang, 'report.chartFiles') },
    { kind: 'heading', level: 2, text: t(lang, 'sweep.reproduce') },
    { kind: 'paragraph', text: t(lang, 'sweep.reproduceNote', { git: cv.git ?? 'unknown', sha: m.experimentSha256 ?? '?' }) },
    { kind: 'code', language: 'sh', text: sweepCommands(s) },
  );
  return { charts, doc: { lang, title, blocks } };
}

function valuesHeading(lang: Lang, design: string): string {
  return t(lang, design === 'grid' ? 'sweep.values' : 'sweep.range');
}

type AddChart = (chart: Chart) => void;

/** Most factor pairs drawn as heat maps when --pairs does not choose (interactions.csv has them all). */
export const MAX_HEATMAP_PAIRS = 6;

/**
 * The factor pairs of a grid to draw: those asked for, else every pair of factors with several
 * levels, pairs of two levers first, then pairs with one lever (the experiment's question is about
 * its levers; a region factor is context), in factor order; at most MAX_HEATMAP_PAIRS unless asked.
 */
export function heatmapPairs(varied: readonly string[], levers: ReadonlySet<string>, asked?: readonly (readonly [string, string])[]): { pairs: [string, string][]; of: number } {
  const all: [string, string][] = [];
  for (let i = 0; i < varied.length; i++) for (let j = i + 1; j < varied.length; j++) all.push([varied[i], varied[j]]);
  if (asked && asked.length > 0) return { pairs: asked.map(([a, b]) => [a, b]), of: all.length };
  const score = ([a, b]: [string, string]) => Number(levers.has(a)) + Number(levers.has(b));
  const ordered = all.map((p, i) => ({ p, i })).sort((x, y) => score(y.p) - score(x.p) || x.i - y.i).map((x) => x.p);
  return { pairs: ordered.slice(0, MAX_HEATMAP_PAIRS), of: all.length };
}

/** Grids: heat maps over factor pairs (every pair, or those asked for), main effects with intervals. */
function gridCharts(s: SweepResults, lang: Lang, blocks: Block[], chartBlock: AddChart, askedPairs?: readonly (readonly [string, string])[]): void {
  const a = s.analysis;
  const e = s.manifest.experiment;
  const outcomes = s.outcomes;
  const R = e.replications;
  const label = (o: string) => outcomeLabel(lang, o);
  const effects = mainEffectIntervals(a);
  const varied = factorColumnsOf(s).filter((c) => (a.mainEffects?.rows ?? []).some((r) => String(r.factor) === c));
  if (varied.length === 0) return;
  blocks.push({ kind: 'heading', level: 2, text: t(lang, 'sweep.effects') });

  const inter = a.interactions?.rows ?? [];
  const levers = new Set(e.factors.filter((f) => f.path.startsWith('policies.')).map((f) => f.name));
  const { pairs, of } = heatmapPairs(varied, levers, askedPairs);
  const others = varied.length > 2;
  for (const [fa, fb] of pairs) {
    blocks.push({ kind: 'heading', level: 3, text: t(lang, 'sweep.heatmaps', { a: fa, b: fb }) });
    for (const o of outcomes) {
      // interactions.csv holds each pair once, in factor order; a pair asked the other way round swaps the axes.
      const rows: HeatmapRow[] = inter
        .filter((r) => r.metric === o && num(r.mean) !== null && ((r.factor_a === fa && r.factor_b === fb) || (r.factor_a === fb && r.factor_b === fa)))
        .map((r) => (r.factor_a === fa ? { x: levelValue(r.level_a), y: levelValue(r.level_b), value: num(r.mean)! } : { x: levelValue(r.level_b), y: levelValue(r.level_a), value: num(r.mean)! }));
      if (rows.length === 0) continue;
      chartBlock({
        name: `heatmap-${slug(fa)}-${slug(fb)}-${slug(o)}`,
        spec: heatmapChart(rows, { lang, text: { title: label(o), subtitle: t(lang, others ? 'sweep.heat.others' : 'sweep.heat.note', { n: R }), x: fa, y: fb } }),
      });
    }
  }
  if (pairs.length < of) blocks.push({ kind: 'paragraph', className: 'meta', text: t(lang, 'sweep.heat.pairs', { shown: pairs.length, n: of }) });

  const factors = factorColumnsOf(s).filter((c) => varied.includes(c));
  const shownFactors = factors.slice(0, MAX_EFFECT_FACTORS);
  const rows: MainEffectRow[] = (effects?.rows ?? [])
    .filter((r) => outcomes.includes(String(r.metric)) && shownFactors.includes(String(r.factor)) && num(r.mean) !== null)
    .map((r) => {
      const mean = num(r.mean)!;
      return { factor: String(r.factor), level: levelValue(r.level), outcome: label(String(r.metric)), mean, lo: num(r.ci_low) ?? mean, hi: num(r.ci_high) ?? mean };
    });
  if (rows.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: t(lang, 'sweep.mainEffects') }, { kind: 'paragraph', text: t(lang, 'sweep.mainEffects.about', { level: Math.round(a.confidence * 100) }) });
    for (const o of outcomes) {
      const own = rows.filter((r) => r.outcome === label(o));
      if (own.length === 0) continue;
      chartBlock({
        name: `main-effects-${slug(o)}`,
        spec: mainEffectsChart(own, { lang, text: { title: label(o), subtitle: t(lang, 'sweep.mainEffects.note') }, factorOrder: shownFactors, format: AXIS_FORMAT }),
      });
    }
    if (factors.length > shownFactors.length) blocks.push({ kind: 'paragraph', className: 'meta', text: t(lang, 'sweep.mainEffects.capped', { shown: shownFactors.length, n: factors.length }) });
    if (R < 2) blocks.push({ kind: 'paragraph', className: 'meta', text: t(lang, 'sweep.oneReplication') });
  }
}

/** Policies × futures: a policy × outcome table per scenario file, satisficing shares and regret distributions. */
function robustnessSection(s: SweepResults, lang: Lang, blocks: Block[], chartBlock: AddChart): void {
  const e = s.manifest.experiment;
  const label = (o: string) => outcomeLabel(lang, o);
  const { robustness: r, regrets } = robustness(e, s.design, s.results, { outcomes: s.outcomes });
  blocks.push({ kind: 'heading', level: 2, text: t(lang, 'sweep.robustness') }, { kind: 'paragraph', text: t(lang, 'sweep.robustness.about', { worlds: r.worlds }) });
  const directions = r.outcomes.map((o) => `${label(o.outcome)}: ${t(lang, o.direction === 'minimize' ? 'sweep.robustness.lower' : 'sweep.robustness.higher')}`).join(listSeparator(lang));
  const thresholds = r.outcomes.filter((o) => o.threshold !== null).map((o) => `${label(o.outcome)} ${o.threshold}`).join(listSeparator(lang)) || t(lang, 'report.none');
  blocks.push({ kind: 'paragraph', className: 'meta', text: t(lang, 'sweep.robustness.directions', { list: directions, thresholds }) });
  const fmt = (x: Cell | undefined) => (typeof x === 'number' ? formatValue(Number(x.toPrecision(3))) : '–');
  e.scenarios.forEach((sc, si) => {
    const own = r.table.rows.filter((row) => e.scenarioColumn === null || row[e.scenarioColumn] === sc.label);
    blocks.push({ kind: 'heading', level: 3, text: t(lang, 'sweep.robustness.table', { panel: e.scenarioColumn !== null ? `: ${sc.label}` : '' }) });
    blocks.push({
      kind: 'table',
      className: 'wide',
      head: [t(lang, 'sweep.robustness.policy'), ...r.outcomes.map((o) => label(o.outcome))],
      rows: r.policies.map((policy) => [
        policy,
        ...r.outcomes.map((o) => {
          const row = own.find((x) => x[r.policyColumn] === policy && x.outcome === o.outcome);
          if (!row) return '–';
          const sat = typeof row.satisficing === 'number' ? t(lang, 'sweep.robustness.sat', { share: `${Math.round(row.satisficing * 100)}%` }) : '';
          return t(lang, 'sweep.robustness.cell', { mean: fmt(row.mean), p10: fmt(row.p10), p90: fmt(row.p90), sat, regret: fmt(row.regret_mean), max: fmt(row.regret_max) });
        }),
      ]),
    });
    const sat: HeatmapRow[] = own.filter((x) => typeof x.satisficing === 'number').map((x) => ({ x: label(String(x.outcome)), y: String(x[r.policyColumn]), value: x.satisficing as number }));
    if (sat.length > 0)
      chartBlock({ name: `satisficing-${si}`, spec: heatmapChart(sat, { lang, text: { title: `${t(lang, 'sweep.robustness.satisficing')}${e.scenarioColumn !== null ? `: ${sc.label}` : ''}` }, format: '.0%' }) });
  });
  const rows: RegretRow[] = regrets.flatMap((g) =>
    g.regret.flatMap((values, pi) => values.map((regret) => ({ policy: r.policies[pi], outcome: label(g.outcome), regret, ...(e.scenarioColumn !== null ? { panel: e.scenarios[g.scenario].label } : {}) }))),
  );
  if (rows.length > 0)
    chartBlock({
      name: 'regret',
      spec: regretChart(rows, { lang, text: { title: t(lang, 'sweep.robustness.regret'), subtitle: t(lang, 'sweep.robustness.regretNote') }, policyOrder: r.policies, outcomeOrder: s.outcomes.map(label) }),
    });
  blocks.push({ kind: 'paragraph', className: 'meta', text: t(lang, 'sweep.robustness.files') });
}

function factorColumnsOf(s: SweepResults): string[] {
  return factorColumns(s.manifest.experiment);
}

/** Latin hypercubes: PRCC bars with bootstrap intervals per main outcome, a panel per scenario file (and policy). */
function prccCharts(s: SweepResults, lang: Lang, blocks: Block[], chartBlock: AddChart): void {
  const a = s.analysis;
  const e = s.manifest.experiment;
  const label = (o: string) => outcomeLabel(lang, o);
  const panel = (r: Record<string, Cell>, o: string) => panelOf(e, r) || label(o);
  const level = Math.round(a.confidence * 100);
  blocks.push(
    { kind: 'heading', level: 2, text: t(lang, 'sweep.prcc') },
    { kind: 'paragraph', text: t(lang, 'sweep.prcc.about', { points: s.design.pointsPerScenario, n: e.replications, level, bootstrap: a.bootstrap }) },
  );
  const empty: string[] = [];
  for (const o of s.outcomes) {
    const rows: PrccRow[] = (a.prcc?.rows ?? [])
      .filter((r) => r.metric === o && num(r.prcc) !== null)
      .map((r) => {
        const prcc = num(r.prcc)!;
        const lo = num(r.ci_low) ?? prcc;
        const hi = num(r.ci_high) ?? prcc;
        return { factor: String(r.factor), outcome: panel(r, o), prcc, lo, hi, clear: lo > 0 || hi < 0 };
      });
    if (rows.length === 0) {
      empty.push(label(o));
      continue;
    }
    chartBlock({
      name: `prcc-${slug(o)}`,
      spec: prccChart(rows, {
        lang,
        text: { title: label(o), subtitle: t(lang, 'sweep.prcc.note', { level }), x: t(lang, 'sweep.prcc.x') },
        clearLabels: [t(lang, 'sweep.prcc.clear'), t(lang, 'sweep.prcc.unclear')],
      }),
    });
  }
  if (empty.length > 0) blocks.push({ kind: 'paragraph', className: 'meta', text: t(lang, 'sweep.prcc.none', { outcomes: empty.join(listSeparator(lang)) }) });
}

/** Morris or Sobol designs: one bar chart per main outcome, a panel per scenario file. */
function sensitivityCharts(s: SweepResults, lang: Lang, blocks: Block[], chartBlock: AddChart): void {
  const a = s.analysis;
  const e = s.manifest.experiment;
  const label = (o: string) => outcomeLabel(lang, o);
  const panel = (r: Record<string, Cell>, o: string) => panelOf(e, r) || label(o);
  const morris = e.design.type === 'morris';
  const table: Table | null = morris ? a.morris : a.sobol;
  blocks.push({ kind: 'heading', level: 2, text: t(lang, 'sweep.sensitivity') }, { kind: 'paragraph', text: t(lang, morris ? 'sweep.morris.about' : 'sweep.sobol.about', { n: e.replications }) });
  const empty: string[] = [];
  for (const o of s.outcomes) {
    const own = (table?.rows ?? []).filter((r) => r.metric === o);
    if (morris) {
      const rows: MorrisRow[] = own
        .filter((r) => num(r.mu_star) !== null && num(r.sigma) !== null)
        .map((r) => {
          const lo = num(r.mu_star_ci_low);
          const hi = num(r.mu_star_ci_high);
          return { factor: String(r.factor), outcome: panel(r, o), muStar: num(r.mu_star)!, sigma: num(r.sigma)!, ...(lo !== null && hi !== null ? { muStarLo: lo, muStarHi: hi } : {}) };
        });
      if (rows.length === 0) {
        empty.push(label(o));
        continue;
      }
      chartBlock({
        name: `morris-${slug(o)}`,
        spec: morrisChart(rows, { lang, text: { title: label(o), subtitle: t(lang, 'sweep.morris.note'), x: t(lang, 'sweep.morris.x') }, measureLabels: [t(lang, 'sweep.morris.mu'), t(lang, 'sweep.morris.sigma')], format: AXIS_FORMAT }),
      });
    } else {
      const rows: SobolRow[] = own.flatMap((r) =>
        (['S1', 'ST'] as const).flatMap((index) => {
          const value = num(r[index]);
          if (value === null) return [];
          return [{ factor: String(r.factor), outcome: panel(r, o), index, value, lo: num(r[`${index}_ci_low`]) ?? value, hi: num(r[`${index}_ci_high`]) ?? value }];
        }),
      );
      if (rows.length === 0) {
        empty.push(label(o));
        continue;
      }
      chartBlock({
        name: `sobol-${slug(o)}`,
        spec: sobolChart(rows, { lang, text: { title: label(o), subtitle: t(lang, 'sweep.sobol.note'), x: t(lang, 'sweep.sobol.x') }, measureLabels: [t(lang, 'sweep.sobol.s1'), t(lang, 'sweep.sobol.st')] }),
      });
    }
  }
  if (empty.length > 0) blocks.push({ kind: 'paragraph', className: 'meta', text: t(lang, 'sweep.noIndices', { outcomes: empty.join(listSeparator(lang)) }) });
}

