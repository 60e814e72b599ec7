/**
 * The report of a calibration (`govbuy calibrate`): what was fitted to what and how, each free
 * parameter's posterior against its prior (chart and table), the fit of each target at the
 * posterior median, mean and approximate mode (chart and table), the ABC-SMC tolerance schedule,
 * warnings, and the command that repeats the calibration. Pure: calibration.json in, charts and a
 * document out.
 */
import type { CalibrationJson } from '../calibration/results.ts';
import { formatValue } from './assumptions.ts';
import type { Chart } from './charts/common.ts';
import { posteriorBins, posteriorChart, targetFitChart, toleranceChart, type PosteriorMarker, type TargetFitRow } from './charts/calibration.ts';
import type { Block, Document } from './document.ts';
import { descriptionIn, sourceText, t, type Lang } from './i18n.ts';
import type { CalibrationResults } from './calibrationResults.ts';
import { chartTitle, shellQuote } from './runReport.ts';

interface Built {
  charts: Chart[];
  doc: Document;
}

const CHECK_POINTS = ['posteriorMedian', 'posteriorMean', 'map'] as const;
type CheckPoint = (typeof CHECK_POINTS)[number];

/** A number for a table: up to 4 significant digits. */
function fmt(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : formatValue(Number(x.toPrecision(4)));
}

/** The file name of a path, for the title. */
const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/** The command that repeats the calibration (the same settings and seed, into its default folder). */
export function calibrationCommand(c: CalibrationJson): string {
  const s = c.settings;
  return [
    'govbuy',
    'calibrate',
    c.scenarioFile,
    '--targets',
    c.targetsFile,
    '--method',
    s.method,
    '--particles',
    String(s.particles),
    '--replications',
    String(s.replications),
    '--budget',
    String(s.budget),
    '--kernel',
    s.kernel,
    '--check-seeds',
    String(s.checkSeeds),
    '--seed',
    String(s.seed),
  ]
    .map(shellQuote)
    .join(' ');
}

export function buildCalibrationReport(r: CalibrationResults, lang: Lang, version: string): Built {
  const c = r.calibration;
  const s = c.settings;
  const level = Math.round(s.level * 100);
  const charts: Chart[] = [];
  const blocks: Block[] = [];
  const chartBlock = (chart: Chart) => {
    charts.push(chart);
    blocks.push({ kind: 'chart', name: chart.name, alt: chartTitle(chart) });
  };
  const cv = c.codeVersion ?? {};
  const title = t(lang, 'cal.title', { scenario: fileName(c.scenarioFile), targets: fileName(c.targetsFile) });
  const pointLabel = (p: CheckPoint) => t(lang, `cal.point.${p}`);

  blocks.push({ kind: 'heading', level: 1, text: title });
  const description = descriptionIn(c, lang);
  if (description) blocks.push({ kind: 'paragraph', text: description });
  blocks.push(
    {
      kind: 'paragraph',
      className: 'meta',
      text: t(lang, 'cal.meta', {
        method: c.method === 'abc-smc' ? 'ABC-SMC' : t(lang, 'cal.rejection'),
        parameters: c.parameters.length,
        targets: c.targets.filter((x) => x.fit).length,
        particles: s.particles,
        replications: s.replications,
        // English counts ("1 run", "5 runs"); the Chinese text has no plural and ignores these.
        runsWord: s.replications === 1 ? 'run' : 'runs',
        fit: c.runs.fit,
        check: c.runs.check,
        budget: s.budget,
        years: s.runYears,
        yearsWord: s.runYears === 1 ? 'year' : 'years',
        seed: s.seed,
        stop: c.stopReason,
      }),
    },
    { kind: 'paragraph', className: 'meta', text: t(lang, 'cal.files', { scenario: c.scenarioFile, targets: c.targetsFile }) },
    { kind: 'paragraph', className: 'meta', text: t(lang, 'report.code', { package: cv.package ?? '?', git: cv.git ?? 'unknown', dirty: cv.dirty ? t(lang, 'report.dirty') : '' }) },
    { kind: 'paragraph', className: 'meta', text: t(lang, 'report.generated', { version, folder: r.dir }) },
  );

  // Posteriors.
  blocks.push({ kind: 'heading', level: 2, text: t(lang, 'cal.posteriors') }, { kind: 'paragraph', text: t(lang, 'cal.posteriors.about', { level }) });
  const bins = c.parameters.flatMap((p) =>
    posteriorBins(
      p.name,
      c.particles.map((x) => ({ weight: x.weight, value: x.values[p.name] })),
      p.prior,
    ),
  );
  const markers: PosteriorMarker[] = c.parameters.map((p) => ({
    parameter: p.name,
    median: p.posterior.median,
    lower: p.posterior.credibleInterval.lower,
    upper: p.posterior.credibleInterval.upper,
    was: p.scenarioValue,
  }));
  chartBlock({
    name: 'posteriors',
    spec: posteriorChart(bins, markers, {
      lang,
      text: { title: t(lang, 'cal.posteriors.title'), subtitle: t(lang, 'cal.posteriors.note', { level, n: c.particles.length }), y: t(lang, 'cal.posteriors.y') },
      labels: { interval: t(lang, 'cal.posteriors.interval', { level }), was: t(lang, 'cal.posteriors.was') },
      parameterOrder: c.parameters.map((p) => p.name),
    }),
  });
  blocks.push({
    kind: 'table',
    className: 'wide',
    head: [t(lang, 'report.parameter'), t(lang, 'cal.prior'), t(lang, 'cal.was'), t(lang, 'cal.median'), t(lang, 'cal.interval', { level }), t(lang, 'cal.meanSd'), t(lang, 'cal.fitted'), t(lang, 'cal.source')],
    numeric: [false, false, true, true, true, true, true, false],
    rows: c.parameters.map((p) => [
      p.name,
      `${fmt(p.prior.lo)}–${fmt(p.prior.hi)}${p.prior.log ? ` (${t(lang, 'cal.log')})` : ''}`,
      fmt(p.scenarioValue),
      fmt(p.posterior.median),
      `${fmt(p.posterior.credibleInterval.lower)}–${fmt(p.posterior.credibleInterval.upper)}`,
      `${fmt(p.posterior.mean)} ± ${fmt(p.posterior.sd)}`,
      fmt(p.fitted),
      sourceText(p.source, lang),
    ]),
  });

  // Fit of each target.
  blocks.push({ kind: 'heading', level: 2, text: t(lang, 'cal.fit') }, { kind: 'paragraph', text: t(lang, 'cal.fit.about', { n: s.checkSeeds }) });
  const fitRows: TargetFitRow[] = c.targets.flatMap((x) =>
    CHECK_POINTS.flatMap((p) => {
      const z = x[p]?.standardizedError;
      return typeof z === 'number' && Number.isFinite(z) ? [{ target: x.fit ? x.name : `${x.name} (${t(lang, 'cal.checkOnly')})`, point: pointLabel(p), z, fitted: x.fit }] : [];
    }),
  );
  if (fitRows.length > 0)
    chartBlock({
      name: 'target-fit',
      spec: targetFitChart(fitRows, {
        lang,
        text: { title: t(lang, 'cal.fit.title'), subtitle: t(lang, 'cal.fit.note'), x: t(lang, 'cal.fit.x') },
        pointOrder: CHECK_POINTS.map(pointLabel),
      }),
    });
  blocks.push({
    kind: 'table',
    className: 'wide',
    head: [t(lang, 'cal.target'), t(lang, 'cal.metric'), t(lang, 'cal.observed'), t(lang, 'cal.atMedian'), t(lang, 'cal.z'), t(lang, 'cal.within'), t(lang, 'cal.source')],
    numeric: [false, false, true, true, true, false, false],
    rows: c.targets.map((x) => {
      const m = x.posteriorMedian;
      const spread = x.sd ?? x.tolerance;
      return [
        x.fit ? x.name : `${x.name} (${t(lang, 'cal.checkOnly')})`,
        x.metric,
        `${fmt(x.value)} ± ${fmt(spread)}${x.sd !== undefined ? ` ${t(lang, 'cal.sd')}` : ''}`,
        `${fmt(m.mean)} ± ${fmt(m.sd)}`,
        fmt(m.standardizedError),
        m.withinTolerance ? t(lang, 'report.yes') : t(lang, 'report.no'),
        x.source,
      ];
    }),
  });

  // Tolerance schedule.
  blocks.push({ kind: 'heading', level: 2, text: t(lang, 'cal.tolerances') }, { kind: 'paragraph', text: t(lang, c.method === 'abc-smc' ? 'cal.tolerances.about' : 'cal.tolerances.rejection', { stop: c.stopReason }) });
  const finite = c.tolerances.filter((g) => typeof g.epsilon === 'number' && g.epsilon > 0);
  if (finite.length > 0)
    chartBlock({
      name: 'tolerances',
      spec: toleranceChart(
        finite.map((g) => ({ generation: g.generation, epsilon: g.epsilon as number, acceptanceRate: g.acceptanceRate })),
        { lang, text: { title: t(lang, 'cal.tolerances.title'), subtitle: t(lang, 'cal.tolerances.note'), x: t(lang, 'cal.generation'), y: t(lang, 'cal.epsilon') } },
      ),
    });
  blocks.push({
    kind: 'table',
    head: [t(lang, 'cal.generation'), t(lang, 'cal.epsilon'), t(lang, 'cal.particles'), t(lang, 'cal.draws'), t(lang, 'cal.accepted'), 'ESS'],
    numeric: [true, true, true, true, true, true],
    rows: c.tolerances.map((g) => [String(g.generation), g.epsilon === null ? '∞' : fmt(g.epsilon), String(g.particles), String(g.proposals), `${Math.round(100 * g.acceptanceRate)}%`, fmt(g.ess)]),
  });

  if (c.warnings.length > 0) blocks.push({ kind: 'heading', level: 2, text: t(lang, 'cal.warnings') }, { kind: 'list', items: [...c.warnings] });

  blocks.push(
    { kind: 'paragraph', className: 'meta', text: t(lang, 'report.chartFiles') },
    { kind: 'heading', level: 2, text: t(lang, 'cal.reproduce') },
    { kind: 'paragraph', text: t(lang, 'cal.reproduceNote', { git: cv.git ?? 'unknown' }) },
    { kind: 'code', language: 'sh', text: calibrationCommand(c) },
  );
  return { charts, doc: { lang, title, blocks } };
}
