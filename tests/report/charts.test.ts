/**
 * Every chart family, fed synthetic rows: the spec compiles with vega-lite without a warning,
 * a headless vega view draws it to SVG, and the PNG is an image of the SVG's size times the
 * scale. Chinese labels must reach the PNG as glyphs, not as nothing.
 */
import { describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import { estimateTextWidth, legendColumns, type Chart } from '../../src/report/charts/common.ts';
import { comparisonChart } from '../../src/report/charts/comparison.ts';
import { exitCausesChart } from '../../src/report/charts/exitCauses.ts';
import { heatmapChart } from '../../src/report/charts/heatmap.ts';
import { mainEffectsChart } from '../../src/report/charts/mainEffects.ts';
import { morrisChart, prccChart, sobolChart } from '../../src/report/charts/sensitivity.ts';
import { posteriorBins, posteriorChart, targetFitChart, toleranceChart } from '../../src/report/charts/calibration.ts';
import { schemaProblems } from './vegaLiteSchema.ts';
import { stepRows, survivalChart } from '../../src/report/charts/survival.ts';
import { bands, timeSeriesChart, type SeriesPoint } from '../../src/report/charts/timeSeries.ts';
import type { Lang } from '../../src/report/i18n.ts';
import { renderChart, specToSvg, svgToPng } from '../../src/report/render.ts';
import { pngSize } from './helpers.ts';

function series(runs: number, lines: string[]): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  lines.forEach((line, l) => {
    for (let run = 1; run <= runs; run++) for (let m = 1; m <= 36; m++) out.push({ x: 2013 + m / 12, series: line, run, value: 10 + l * 5 + m / 4 + Math.sin(run * 7 + m) });
  });
  return out;
}

/** One chart of every family, in the given language. */
function allCharts(lang: Lang): Chart[] {
  const zh = lang === 'zh';
  const label = (en: string, cn: string) => (zh ? cn : en);
  return [
    { name: 'ts-one-run', spec: timeSeriesChart(series(1, ['a']), { lang, text: { title: label('Needs met', '需求满足率'), x: label('Year', '年份'), y: label('Share', '比例') }, yFormat: '.0%' }) },
    {
      name: 'ts-bands',
      spec: timeSeriesChart(series(5, [label('Registered', '已登记'), label('Filed', '已备案')]), { lang, text: { title: label('Organizations', '社会组织'), subtitle: 'mean of 5 runs', legend: label('Status', '状态') } }),
    },
    {
      name: 'survival',
      spec: survivalChart(
        [
          { group: label('Incubated', '孵化培育'), month: 5, survival: 0.9 },
          { group: label('Incubated', '孵化培育'), month: 30, survival: 0.6 },
          { group: label('Grassroots', '草根组织'), month: 12, survival: 0.5 },
        ],
        { lang, text: { title: label('Survival', '存活率'), x: 'months', y: 'alive' }, until: { [label('Incubated', '孵化培育')]: 100, [label('Grassroots', '草根组织')]: 80 } },
      ),
    },
    {
      name: 'exits',
      spec: exitCausesChart(
        [2013, 2014, 2015].flatMap((period) => ['insolvency', 'withered'].map((cause, i) => ({ period, cause: label(cause, ['资金断裂', '萎缩'][i]), exits: period - 2010 + i }))),
        { lang, text: { title: label('Exits by cause', '退出原因'), y: 'exits' } },
      ),
    },
    {
      name: 'exits-panels',
      spec: exitCausesChart(
        ['A', 'B'].flatMap((panel) => [2013, 2014].map((period) => ({ period, cause: 'insolvency', exits: period - 2012, panel }))),
        { lang, text: { title: 'Exits' } },
      ),
    },
    {
      name: 'comparison',
      spec: comparisonChart(
        ['needs', 'insolvencies'].flatMap((outcome) =>
          [label('Advance payment', '预付款'), label('Compensation', '补偿')].map((arm, i) => ({ outcome, arm, estimate: i - 0.5, lo: i - 1, hi: i + 0.2 })),
        ),
        { lang, text: { title: label('Difference from the status quo', '与现状相比'), x: 'difference' } },
      ),
    },
    {
      name: 'heatmap',
      spec: heatmapChart([0, 0.5, 1].flatMap((x) => [2, 10, 20].map((y) => ({ x, y, value: x * y }))), { lang, text: { title: label('Organizations', '组织数量'), x: 'advanceShare', y: 'slots', legend: 'orgs' }, format: '.1f' }),
    },
    {
      name: 'main-effects',
      spec: mainEffectsChart(
        ['advanceShare', 'slots'].flatMap((factor) => ['orgs', 'needs'].flatMap((outcome) => [0, 0.5, 1].map((level) => ({ factor, outcome, level, mean: level * 3, lo: level * 3 - 1, hi: level * 3 + 1 })))),
        { lang, text: { title: label('Main effects', '主效应'), y: 'mean' } },
      ),
    },
    {
      name: 'main-effects-categorical',
      spec: mainEffectsChart([{ factor: 'method', level: 'openTender', outcome: 'orgs', mean: 3, lo: 2, hi: 4 }, { factor: 'method', level: 'singleSource', outcome: 'orgs', mean: 2, lo: 1, hi: 3 }], { lang, text: { title: 'Main effects' } }),
    },
    {
      name: 'morris',
      spec: morrisChart(
        ['orgs', 'needs'].flatMap((outcome) => [
          { factor: 'advanceShare', outcome, muStar: 3, sigma: 1, muStarLo: 2, muStarHi: 4 },
          { factor: 'slots', outcome, muStar: 5, sigma: 4, muStarLo: 4, muStarHi: 6 },
        ]),
        { lang, text: { title: 'Morris', x: 'effect' } },
      ),
    },
    { name: 'morris-no-ci', spec: morrisChart([{ factor: 'a', outcome: 'o', muStar: 1, sigma: 0.5 }], { lang, text: { title: 'Morris' } }) },
    {
      name: 'sobol',
      spec: sobolChart(
        ['advanceShare', 'slots'].flatMap((factor, f) =>
          (['S1', 'ST'] as const).map((index, i) => ({ factor, outcome: 'orgs', index, value: 0.2 + 0.2 * i + 0.1 * f, lo: 0.1 + 0.2 * i, hi: 0.35 + 0.2 * i + 0.1 * f })),
        ),
        { lang, text: { title: 'Sobol', x: 'index' } },
      ),
    },
    {
      // A region factor (text levels) beside numeric ones, as in the payments sweep.
      name: 'main-effects-mixed',
      spec: mainEffectsChart(
        [
          ...['xitun', 'luohu', 'yiling'].map((level, i) => ({ factor: 'region', level, outcome: 'orgs', mean: i, lo: i - 1, hi: i + 1 })),
          ...[0.6, 0, 0.3].map((level) => ({ factor: 'advance', level, outcome: 'orgs', mean: level * 3, lo: level * 3 - 1, hi: level * 3 + 1 })),
        ],
        { lang, text: { title: 'Main effects' } },
      ),
    },
    { name: 'heatmap-mixed', spec: heatmapChart([{ x: 'xitun', y: 0, value: 1 }, { x: 2, y: 'a', value: 2 }], { lang, text: { title: 'Mixed' } }) },
    {
      name: 'prcc',
      spec: prccChart(
        ['orgs', 'needs'].flatMap((outcome) => [
          { factor: 'advance', outcome, prcc: 0.7, lo: 0.5, hi: 0.85, clear: true },
          { factor: 'overhead', outcome, prcc: -0.1, lo: -0.4, hi: 0.2, clear: false },
        ]),
        { lang, text: { title: 'PRCC', x: 'PRCC' }, clearLabels: ['clear', 'not clear'] },
      ),
    },
    {
      name: 'posteriors',
      spec: posteriorChart(
        [...posteriorBins('slots', [{ weight: 0.5, value: 10 }, { weight: 0.5, value: 12 }], { lo: 6, hi: 20, log: false }), ...posteriorBins('founding', [{ weight: 1, value: 0.4 }], { lo: 0.1, hi: 1.5, log: true })],
        [
          { parameter: 'slots', median: 11, lower: 10, upper: 12, was: 10 },
          { parameter: 'founding', median: 0.4, lower: 0.3, upper: 0.5, was: null },
        ],
        { lang, text: { title: 'Posteriors', y: 'weight' }, labels: { interval: '90% interval', was: 'before' } },
      ),
    },
    {
      name: 'target-fit',
      spec: targetFitChart(
        ['orgs_2016', 'satisfaction_2016'].flatMap((target, t) => ['median', 'mean', 'mode'].map((point, p) => ({ target, point, z: t * 3 - 1 + p / 2, fitted: true }))),
        { lang, text: { title: 'Fit', x: 'z' } },
      ),
    },
    {
      name: 'tolerances',
      spec: toleranceChart(
        [1, 2, 3].map((generation) => ({ generation, epsilon: 10 / generation, acceptanceRate: 0.5 / generation })),
        { lang, text: { title: 'Tolerance', x: 'generation', y: 'ε' } },
      ),
    },
    {
      name: 'sobol-panels',
      spec: sobolChart(
        ['orgs', 'needs'].flatMap((outcome) => (['S1', 'ST'] as const).map((index, i) => ({ factor: 'slots', outcome, index, value: 0.3 + 0.2 * i, lo: 0.2, hi: 0.6 + 0.2 * i }))),
        { lang, text: { title: 'Sobol' } },
      ),
    },
  ];
}

function compileWarnings(spec: Chart['spec']): string[] {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    warn: (...a: unknown[]) => (warnings.push(a.join(' ')), logger),
    error: (...a: unknown[]) => (warnings.push(a.join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  compile(spec, { logger: logger as never });
  return warnings;
}

describe('chart specs', () => {
  it('every family validates against vega-lite’s JSON Schema (its .vl.json opens in any editor), in both languages', () => {
    for (const lang of ['en', 'zh'] as Lang[]) for (const chart of allCharts(lang)) expect(schemaProblems(chart.spec), `${lang} ${chart.name}`).toEqual([]);
    // The schema check can fail: a sort list mixing text and numbers (what main-effect plots
    // of a sweep with a region factor once wrote) is invalid.
    const mixed = mainEffectsChart([{ factor: 'f', level: 'a', outcome: 'o', mean: 1, lo: 0, hi: 2 }], { lang: 'en', text: { title: 't' } }) as unknown as { spec: { layer: { encoding: { x: { sort?: unknown[] } } }[] } };
    mixed.spec.layer[0].encoding.x.sort = ['a', 1];
    expect(schemaProblems(mixed)).not.toEqual([]);
  });

  it('posterior histograms bin weights over the prior range, equal on a log scale for log priors', () => {
    const linear = posteriorBins('p', [{ weight: 1, value: 6 }, { weight: 3, value: 19.9 }, { weight: 1, value: 25 }], { lo: 6, hi: 20, log: false }, 7);
    expect(linear.map((b) => b.lo)).toEqual([6, 8, 10, 12, 14, 16, 18]);
    expect(linear.map((b) => b.weight)).toEqual([0.2, 0, 0, 0, 0, 0, 0.8]);
    const log = posteriorBins('p', [{ weight: 1, value: 2 }], { lo: 0.1, hi: 10, log: true }, 2);
    expect(log.map((b) => Number(b.hi.toFixed(6)))).toEqual([1, 10]);
    expect(log.map((b) => b.weight)).toEqual([0, 1]);
  });

  it('every family compiles with vega-lite without warnings and renders to SVG and PNG', async () => {
    for (const chart of allCharts('en')) {
      expect(compileWarnings(chart.spec), chart.name).toEqual([]);
      expect(JSON.parse(JSON.stringify(chart.spec)), `${chart.name} is plain JSON`).toEqual(chart.spec);
      const r = await renderChart(chart.spec);
      expect(r.warnings, chart.name).toEqual([]);
      expect(r.svg, chart.name).toMatch(/^<svg[^>]*width="[\d.]+" height="[\d.]+"/);
      expect(r.svg, chart.name).toMatch(/<path|<rect/);
      expect(r.png.length, chart.name).toBeGreaterThan(2000);
      expect(pngSize(r.png), chart.name).toEqual({ width: Math.round(r.width * 2), height: Math.round(r.height * 2) });
    }
  });

  it('every family does the same with Chinese labels (PNGs of three: the CJK font makes them slow)', async () => {
    const charts = allCharts('zh');
    for (const chart of charts) {
      expect(compileWarnings(chart.spec), chart.name).toEqual([]);
      const warnings: string[] = [];
      expect(await specToSvg(chart.spec, warnings), chart.name).toMatch(/<text[^>]*font-family="'Noto Sans S Chinese'/);
      expect(warnings, chart.name).toEqual([]);
    }
    for (const chart of [charts[1], charts[2], charts[5]]) {
      const r = await renderChart(chart.spec);
      expect(pngSize(r.png), chart.name).toEqual({ width: Math.round(r.width * 2), height: Math.round(r.height * 2) });
    }
  });

  it('single views take exactly the size asked for', async () => {
    const spec = timeSeriesChart(series(1, ['a']), { lang: 'en', text: { title: 'x' }, width: 400, height: 200 });
    const r = await renderChart(spec, { scale: 1 });
    expect([r.width, r.height]).toEqual([400, 200]);
    expect(pngSize(r.png)).toEqual({ width: 400, height: 200 });
  });

  it('keeps wide bands from few runs inside the plot, which keeps its size', async () => {
    const noisy: SeriesPoint[] = [];
    for (let m = 1; m <= 24; m++) for (const run of [1, 2]) noisy.push({ x: 2013 + m / 12, series: 's', run, value: run === 1 ? 0.05 : 0.95 });
    const spec = timeSeriesChart(noisy, { lang: 'en', text: { title: 'x' }, yDomain: [0, 1], yFormat: '.0%', width: 400, height: 200 });
    const data = (spec as { data: { values: { lo: number; hi: number }[] } }).data.values;
    expect(Math.min(...data.map((d) => d.lo))).toBe(0);
    expect(Math.max(...data.map((d) => d.hi))).toBe(1);
    const svg = await specToSvg(spec);
    const plotHeight = Number(/class="background"[^>]*d="M[\d.]+,[\d.]+h[\d.]+v([\d.]+)/.exec(svg)?.[1]);
    expect(plotHeight).toBeGreaterThan(120);
  });

  it('gives a constant series a readable axis, not one tick labelled "0.000000"', async () => {
    const ticks = (svg: string) => [...svg.matchAll(/<g class="mark-text role-axis-label"[^>]*>([\s\S]*?)<\/g>/g)].flatMap((g) => [...g[1].matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]));
    const flat = (value: number) => [1, 2, 3].flatMap((run) => Array.from({ length: 24 }, (_, m) => ({ x: 2013 + m / 12, series: 's', run, value })));
    const zero = ticks(await specToSvg(timeSeriesChart(flat(0), { lang: 'en', text: { title: 'Failed tenders' } })));
    expect(zero).toContain('0.0');
    expect(zero).toContain('1.0');
    expect(zero.join(' ')).not.toMatch(/\.\d{3,}/);
    // A constant non-zero count already has an axis from 0 to its value.
    expect(ticks(await specToSvg(timeSeriesChart(flat(7), { lang: 'en', text: { title: 'x' } })))).toContain('7');
    // Panels of a faceted chart: an outcome no arm changes gets [-1, 1] around its zero difference; the others keep their own scales.
    const warnings: string[] = [];
    const rows = [
      { outcome: 'unchanged', arm: 'A', estimate: 0, lo: 0, hi: 0 },
      { outcome: 'unchanged', arm: 'B', estimate: 0, lo: 0, hi: 0 },
      { outcome: 'moved', arm: 'A', estimate: 30, lo: 10, hi: 50 },
      { outcome: 'moved', arm: 'B', estimate: 20, lo: 15, hi: 25 },
    ];
    const facets = ticks(await specToSvg(comparisonChart(rows, { lang: 'en', text: { title: 'x' } }), warnings));
    expect(warnings).toEqual([]);
    expect(facets).toEqual(expect.arrayContaining(['−1.0', '1.0', '0', '50']));
    expect(facets.join(' ')).not.toMatch(/\.\d{3,}/);
    const effects = ticks(await specToSvg(mainEffectsChart([1, 2].map((level) => ({ factor: 'f', level, outcome: 'o', mean: 4, lo: 4, hi: 4 })), { lang: 'en', text: { title: 'x' } }), warnings));
    expect(warnings).toEqual([]);
    expect(effects).toEqual(expect.arrayContaining(['3.6', '4.4']));
  });

  it('draws one line for one run and a band over several', () => {
    const one = timeSeriesChart(series(1, ['a']), { lang: 'en', text: { title: 'x' } }) as { layer: { mark: { type: string } }[] };
    const many = timeSeriesChart(series(4, ['a']), { lang: 'en', text: { title: 'x' } }) as { layer: { mark: { type: string } }[] };
    expect(one.layer.map((l) => l.mark.type)).toEqual(['line']);
    expect(many.layer.map((l) => l.mark.type)).toEqual(['area', 'line']);
  });

  it('Chinese text reaches the PNG (a CJK font is loaded) and differs from a blank label', async () => {
    const make = (title: string) => timeSeriesChart(series(1, ['a']), { lang: 'zh', text: { title }, width: 300, height: 120 });
    const withText = (await renderChart(make('组织数量与退出原因'))).png;
    const blank = (await renderChart(make('　'))).png;
    expect(Buffer.compare(Buffer.from(withText), Buffer.from(blank))).not.toBe(0);
    // Glyphs add ink: the PNG of the titled chart compresses to more bytes.
    expect(withText.length).toBeGreaterThan(blank.length + 500);
  });

  it('renders a standalone SVG with the shipped fonts only', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="5" y="25" font-family="sans-serif" font-size="16">赤峰 Xitun</text></svg>';
    const png = await svgToPng(svg, 1);
    expect(pngSize(png)).toEqual({ width: 120, height: 40 });
  });
});

describe('chart data helpers', () => {
  it('bands give the mean and a t interval over runs, a single run its own value', () => {
    const b = bands([
      { x: 1, series: 's', run: 1, value: 1 },
      { x: 1, series: 's', run: 2, value: 3 },
      { x: 2, series: 's', run: 1, value: 5 },
    ]);
    expect(b[0].mean).toBe(2);
    expect(b[0].n).toBe(2);
    expect(b[0].hi - b[0].mean).toBeCloseTo(12.706, 3); // sd √2, se 1, t quantile with 1 df 12.706
    expect(b[1]).toEqual({ x: 2, series: 's', mean: 5, lo: 5, hi: 5, n: 1 });
  });

  it('survival rows start at (0, 1), keep the steps and run on to the end of observation', () => {
    const rows = stepRows([{ group: 'g', month: 10, survival: 0.5 }], { g: 40, h: 20 });
    expect(rows).toEqual([
      { group: 'g', month: 0, survival: 1 },
      { group: 'g', month: 10, survival: 0.5 },
      { group: 'g', month: 40, survival: 0.5 },
      { group: 'h', month: 0, survival: 1 },
      { group: 'h', month: 20, survival: 1 },
    ]);
  });

  it('estimates CJK text a full em wide and Latin text narrower', () => {
    expect(estimateTextWidth('组织', 10)).toBe(20);
    expect(estimateTextWidth('ab', 10)).toBeLessThan(14);
    expect(estimateTextWidth('ab', 10, true)).toBeGreaterThan(estimateTextWidth('ab', 10));
  });

  it('puts legend entries side by side only when they fit', () => {
    expect(legendColumns(['a', 'b', 'c'], 560)).toBe(3);
    expect(legendColumns(['A. Status quo', 'B. Advance payment + incubator', 'C. Compensation + third-party evaluation'], 560)).toBe(2);
    expect(legendColumns(['A much longer label that takes half of the width or more', 'b'], 560)).toBe(1);
    expect(legendColumns(['已登记（民非）', '已备案', '自组织'], 560)).toBe(3);
  });

  it('refuses non-finite data rather than drawing it', () => {
    expect(() => timeSeriesChart([{ x: 1, series: 's', run: 1, value: NaN }], { lang: 'en', text: { title: 'x' } })).toThrow(/NaN/);
  });
});
