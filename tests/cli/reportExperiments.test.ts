/**
 * `govbuy report` on sweeps and comparisons: tiny ones made here (a comparison of 2 arms × 3
 * seeds, a 2 × 2 grid × 2 replications with series, a Morris and a Sobol screening of two
 * factors; 2-year runs on 3,000 residents, a few outcomes each to keep the charts few), each detected and reported — files, charts (every spec compiles without a warning,
 * SVG and PNG of matching size), tables, the commands that repeat them — in headless Chromium
 * with every chart drawn, and clear errors (exit 2, nothing written) for folders that are
 * unfinished, half-written or newer.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARE_FORMAT, COMPARE_FORMAT_VERSION } from '../../src/cli/commands/compare.ts';
import { SWEEP_FORMAT, SWEEP_FORMAT_VERSION } from '../../src/experiments/results.ts';
import { buildCompareReport } from '../../src/report/compareReport.ts';
import type { Chart } from '../../src/report/charts/common.ts';
import { chartNames, reportFileNames, toMarkdown } from '../../src/report/document.ts';
import type { Lang } from '../../src/report/i18n.ts';
import { COMPARE_FORMAT as REPORT_COMPARE_FORMAT, COMPARE_FORMAT_VERSION as REPORT_COMPARE_VERSION, detectResults, loadCompareResults, SWEEP_FORMAT as REPORT_SWEEP_FORMAT } from '../../src/report/results.ts';
import { buildSweepReport } from '../../src/report/sweepReport.ts';
import { renderCharts } from '../../src/report/write.ts';
import { checkSweepManifest, loadSweepResults } from '../../src/report/sweepResults.ts';
import { snapshotXitun } from '../experiments/helpers.ts';
import { checkPages, hasChromium, PHONE_WIDTH, SKIP_NOTE } from '../report/browser.ts';
import { pngSize } from '../report/helpers.ts';
import { chartFolderProblems, schemaProblems } from '../report/vegaLiteSchema.ts';
import { cli, listing, tempDir } from './helpers.ts';

let dir: string;
let cleanup: () => void;
let cmp: string;
let grid: string;
let morris: string;
let sobol: string;
let regions: string;
let lhs: string;
/** Reports written by the tests below, for the browser test. */
const reported: { file: string; title: string; charts: number }[] = [];

const read = (...p: string[]) => readFileSync(join(...p), 'utf8');

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('govbuy-report-exp-'));
  const xitun = snapshotXitun(dir);
  cpSync(xitun, join(dir, 'xitun-copy.yaml'));
  const common = `scenario: ${JSON.stringify(xitun)}\nset:\n  years: 2\n  region.population: 3000\nseed: 7\n`;
  const experiments: Record<string, string> = {
    grid: `name: tiny-grid\n${common}factors:\n  - path: policies.payments.advanceShare\n    name: advance\n    values: [0, 0.5]\n  - path: policies.payments.delayMonths\n    values: [0, 6]\nreplications: 2\noutputs: { series: true }\nanalysis: { outcomes: [final.orgs_active, final.self_orgs, totals.mean_needs_met_share] }\n`,
    morris: `name: tiny-morris\ndescription: Which of two levers matters?\ndescriptionZh: 两个杠杆中哪个要紧？\n${common}factors:\n  - path: policies.payments.advanceShare\n    name: advance\n    range: [0, 1]\n  - path: policies.incubator.slots\n    name: slots\n    range: [0, 20]\n    integer: true\ndesign: { type: morris, trajectories: 3 }\nknockOut: [withering]\nanalysis: { bootstrap: 100, outcomes: [final.orgs_active, final.self_orgs] }\n`,
    regions: `name: tiny-regions\ndescription: Does paying in advance keep organizations alive, whatever the delay?\nscenario: { name: region, values: [xitun.yaml, xitun-copy.yaml] }\nset:\n  years: 2\n  region.population: 3000\nseed: 7\nfactors:\n  - path: policies.payments.advanceShare\n    name: advance\n    values: [0.6, 0]\n  - path: policies.payments.delayMonths\n    name: delay\n    values: [0, 6]\nanalysis: { outcomes: [final.orgs_active, exits_by_cause.insolvency] }\n`,
    lhs: `name: tiny-lhs\n${common}factors:\n  - path: policies.payments.advanceShare\n    name: advance\n    range: [0, 1]\n  - path: organizations.overheadPerMonth\n    name: overhead\n    range: [200, 3000]\n  - path: residents.complaintProbability\n    name: complaints\n    range: [0.1, 0.5]\ndesign: { type: lhs, samples: 12 }\nanalysis: { bootstrap: 100, outcomes: [totals.complaints, totals.org_exits] }\n`,
    sobol: `name: tiny-sobol\n${common.replace('years: 2', 'years: 1')}factors:\n  - path: policies.payments.advanceShare\n    name: advance\n    range: [0, 1]\n  - path: policies.incubator.slots\n    name: slots\n    range: [0, 20]\n    integer: true\ndesign: { type: sobol, samples: 8 }\nanalysis: { bootstrap: 100, outcomes: [final.self_orgs, totals.in_house_spending, final.orgs_active] }\n`,
  };
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(experiments)) {
    writeFileSync(join(dir, `${name}.yaml`), text);
    out[name] = join(dir, name);
    const r = await cli('sweep', join(dir, `${name}.yaml`), '--workers', '1', '--out', out[name]);
    expect(r.code, r.err).toBe(0);
  }
  ({ grid, morris, sobol, regions, lhs } = out);
  const analysed = copy(grid, 'grid-analysed');
  expect((await cli('analyze', analysed)).code).toBe(0);
  cmp = join(dir, 'cmp');
  const r = await cli('compare', 'chifeng-xitun', '--policy', 'a:policies.payments.advanceShare=0.5', '--seeds', '3', '--years', '2', '--set', 'region.population=3000', '--out', cmp);
  expect(r.code, r.err).toBe(0);
});
afterAll(() => cleanup());

/** A copy of a results folder to change. */
function copy(from: string, name: string): string {
  const to = join(dir, name);
  cpSync(from, to, { recursive: true });
  return to;
}

function compileWarnings(chart: Chart): string[] {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    warn: (...a: unknown[]) => (warnings.push(a.join(' ')), logger),
    error: (...a: unknown[]) => (warnings.push(a.join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  compile(chart.spec, { logger: logger as never });
  return warnings;
}

/** What every written report must be: its charts as .vl.json, .svg and a PNG twice the SVG's size; a self-contained page. */
function checkWritten(folder: string, expected: string[], lang: Lang = 'en'): string[] {
  const names = reportFileNames(lang);
  const md = read(folder, names.md);
  const images = [...md.matchAll(/!\[[^\]]*\]\(charts(?:\.zh)?\/([\w.-]+)\.png\)/g)].map((m) => m[1]);
  for (const name of expected) expect(images).toContain(name);
  expect(readdirSync(join(folder, names.charts)).sort()).toEqual(images.flatMap((n) => [`${n}.png`, `${n}.svg`, `${n}.vl.json`]).sort());
  for (const name of images) {
    expect(JSON.parse(read(folder, names.charts, `${name}.vl.json`)).$schema).toMatch(/vega-lite\/v6/);
    const svg = read(folder, names.charts, `${name}.svg`);
    const [, w, h] = /<svg[^>]*width="([\d.]+)" height="([\d.]+)"/.exec(svg)!;
    expect(pngSize(readFileSync(join(folder, names.charts, `${name}.png`))), name).toEqual({ width: Math.round(2 * Number(w)), height: Math.round(2 * Number(h)) });
  }
  // Every spec written is valid Vega-Lite, by vega-lite's own JSON Schema (editors check against it).
  expect(chartFolderProblems(join(folder, names.charts))).toEqual([]);
  const html = read(folder, names.html);
  expect(html.match(/<svg role="img"/g)).toHaveLength(images.length);
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  expect(html).not.toMatch(/<script/);
  expect(listing(folder).filter((f) => f.startsWith('.'))).toEqual([]);
  return images;
}

describe('govbuy report on a comparison', () => {
  it('reads the format govbuy compare writes', () => {
    expect(REPORT_COMPARE_FORMAT).toBe(COMPARE_FORMAT);
    expect(REPORT_COMPARE_VERSION).toBe(COMPARE_FORMAT_VERSION);
    expect(REPORT_SWEEP_FORMAT).toBe(SWEEP_FORMAT);
  });

  it('writes the arms, the key outcomes as charts, every outcome with CIs and differences, and the command', async () => {
    const folder = copy(cmp, 'cmp-en');
    const before = listing(folder);
    const r = await cli('report', folder);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(listing(folder)).toEqual([...before, 'charts', 'report.html', 'report.md'].sort());
    const images = checkWritten(folder, ['compare-levels', 'compare-differences']);
    const md = read(folder, 'report.md');
    expect(md).toMatch(/^# Comparison report: chifeng-xitun · chifeng-xitun:a\n/);
    expect(md).toMatch(/\| chifeng-xitun:a \| scenarios\/chifeng-xitun\.yaml \| a \| policies\.payments\.advanceShare=0\.5 \|/);
    expect(md).toContain('Overrides of every arm: region.population=3000; years=2.');
    const manifest = JSON.parse(read(folder, 'manifest.json'));
    const table = md.slice(md.indexOf('## Every outcome'));
    for (const o of manifest.outcomes) expect(table).toContain(`| ${o} |`);
    expect(table).toContain('| Outcome | Meaning | chifeng-xitun | chifeng-xitun:a | chifeng-xitun:a − chifeng-xitun |');
    expect(table).toMatch(/\| mean_trust_in_orgs \| Trust in social organizations \(mean over months\) \| [\d.]+ \[[\d.]+, [\d.]+\] \|/);
    expect(md).toContain("govbuy compare scenarios/chifeng-xitun.yaml --policy a:policies.payments.advanceShare=0.5 --seeds 3 --set region.population=3000 --set years=2\n");
    reported.push({ file: join(folder, 'report.html'), title: 'Comparison report: chifeng-xitun · chifeng-xitun:a', charts: images.length });
  });

  it('marks differences whose interval excludes 0, in both languages, and every chart compiles without a warning (and is valid Vega-Lite)', async () => {
    const { manifest } = await detectResults(cmp);
    const results = await loadCompareResults(cmp, manifest);
    // Make one difference clear to see the mark.
    const d = results.differences.find((x) => x.outcome === 'final.self_orgs')!;
    Object.assign(d, { mean: 2, lo: 1, hi: 3, clear: true });
    for (const lang of ['en', 'zh'] as Lang[]) {
      const { charts, doc } = buildCompareReport(results, lang, 'test');
      expect(chartNames(doc.blocks)).toEqual(charts.map((c) => c.name));
      for (const c of charts) expect(compileWarnings(c), c.name).toEqual([]);
      for (const c of charts) expect(schemaProblems(c.spec), c.name).toEqual([]);
      const md = toMarkdown(doc);
      expect(md).toMatch(/\| final\.self_orgs \|.*\| \*\*\+2 \[\+1, \+3\]\*\* ● \|$/m);
      if (lang === 'zh') {
        // The places by their Chinese names (the preset's nameZh), each beside the id the tables and charts use.
        expect(md).toContain('# 比较报告：赤峰市红山区西屯街道 · 赤峰市红山区西屯街道：a\n');
        expect(md).toContain('| **赤峰市红山区西屯街道（chifeng-xitun）** | ');
        expect(md).toContain('| 赤峰市红山区西屯街道（chifeng-xitun:a） | ');
        for (const h of ['比较组', '主要结果', '全部结果', '如何重复这次比较']) expect(md).toContain(`## ${h}`);
      } else expect(md).toContain('# Comparison report: chifeng-xitun · chifeng-xitun:a\n');
    }
    // A folder whose manifest holds no scenario names: the ids, as before.
    const bare = { ...results, manifest: { ...results.manifest, arms: results.manifest.arms.map(({ scenario: _scenario, ...a }) => a) } };
    expect(toMarkdown(buildCompareReport(bare, 'zh', 'test').doc)).toContain('# 比较报告：chifeng-xitun · chifeng-xitun:a\n');
  });
});

describe('govbuy report on a sweep', () => {
  it('reports a grid: experiment, runs, points with CIs, heat maps, main effects and series bands (analysis computed in memory)', async () => {
    const folder = copy(grid, 'grid-en');
    const r = await cli('report', folder);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/and 10 charts in .*\(analysis computed in memory; "govbuy analyze .*grid-en" writes it to analysis\/\)\n$/);
    expect(existsSync(join(folder, 'analysis'))).toBe(false);
    const images = checkWritten(folder, ['heatmap-advance-policies.payments.delayMonths-final.orgs_active', 'main-effects-final.orgs_active', 'series-orgs', 'series-resistance', 'series-trust', 'series-needs-met']);
    expect(images.filter((n) => n.startsWith('heatmap-'))).toHaveLength(3);
    expect(images.filter((n) => n.startsWith('main-effects-'))).toHaveLength(3);
    const md = read(folder, 'report.md');
    expect(md).toMatch(/^# Sweep report: tiny-grid\n/);
    expect(md).toContain('8 runs: 4 design points × 2 replications; 8 ok, 0 failed.');
    expect(md).toContain('| advance | policies.payments.advanceShare | 0 · 0.5 |');
    expect(md).toContain('All 8 runs finished without error.');
    expect(md).toContain('The folder has no analysis yet');
    const rows = md.split('\n').filter((l) => /^\| \d \| (0|0\.5) \| (0|6) \|/.test(l));
    expect(rows).toHaveLength(4);
    expect(md).toContain('### Over advance and policies.payments.delayMonths');
    expect(md).toContain(`govbuy sweep ${join(dir, 'grid.yaml')} --out ${folder}\ngovbuy analyze ${folder}\ngovbuy report ${folder}\n`);
    const legend = read(folder, 'charts', 'series-orgs.vl.json');
    expect(legend).toContain('advance = 0.5, delayMonths = 6');
    reported.push({ file: join(folder, 'report.html'), title: 'Sweep report: tiny-grid', charts: images.length });
  });

  it('reports a Morris screening in Chinese: μ* and σ bars per outcome, no series', async () => {
    const folder = copy(morris, 'morris-zh');
    const r = await cli('report', folder, '--lang', 'zh');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const images = checkWritten(folder, ['morris-final.orgs_active'], 'zh');
    expect(images.every((n) => n.startsWith('morris-'))).toBe(true);
    const md = read(folder, 'report.zh.md');
    expect(md).toContain('# 参数扫描报告：tiny-morris');
    // The experiment's description in Chinese, not in English.
    expect(md).toContain('\n两个杠杆中哪个要紧？\n');
    expect(md).not.toContain('Which of two levers matters?');
    for (const h of ['实验设计', '模拟运行', '各设计点的结果', '敏感性分析', '随时间的变化', '如何重复这次扫描']) expect(md).toContain(`## ${h}`);
    expect(md).toContain('Morris 筛选：3 条轨迹，4 个水平');
    // What the levers ask about, in Chinese too (not the English family names).
    expect(md).toContain('所变动的政策杠杆关注：付款条件：资金断裂与退出；孵化与登记改革：登记与进入。');
    expect(md).toContain('这些模拟没有保存月度序列');
    // A mechanism switched off in every run (knockOut:), named in Chinese beside the fixed settings it adds.
    expect(md).toContain('| 关闭的机制 | 去掉：无经费团体的成员流失 |');
    expect(md).toMatch(/\| 固定设置 \| .*organizations\.memberLeavePerMonth: 0 \|/);
    const spec = read(folder, 'charts.zh', 'morris-final.orgs_active.vl.json');
    expect(spec).toContain('μ*（重要性）');
    reported.push({ file: join(folder, 'report.zh.html'), title: '参数扫描报告：tiny-morris', charts: images.length });
  });

  it('uses the folder’s analysis/ when it is there and up to date, and every sweep chart compiles without a warning', async () => {
    const folder = join(dir, 'grid-analysed');
    const analysisBefore = read(folder, 'analysis', 'analysis.json');
    const fromFolder = await loadSweepResults(folder, checkSweepManifest(folder, (await detectResults(folder)).manifest));
    expect(fromFolder.analysisFrom).toBe('folder');
    expect(fromFolder.analysis.metrics).toEqual(['final.orgs_active', 'final.self_orgs', 'totals.mean_needs_met_share']);
    const md = toMarkdown(buildSweepReport(fromFolder, 'en', 'test').doc);
    expect(md).toContain('From the folder’s analysis');
    expect(read(folder, 'analysis', 'analysis.json')).toBe(analysisBefore);

    // An analysis that no longer matches the runs (the sweep changed after analyze) is recomputed.
    const stale = JSON.parse(analysisBefore);
    stale.runs.failed = 1;
    writeFileSync(join(folder, 'analysis', 'analysis.json'), JSON.stringify(stale));
    expect((await loadSweepResults(folder, checkSweepManifest(folder, (await detectResults(folder)).manifest))).analysisFrom).toBe('stale');

    for (const source of [grid, morris, sobol, regions, lhs]) {
      const s = await loadSweepResults(source, checkSweepManifest(source, (await detectResults(source)).manifest));
      for (const lang of ['en', 'zh'] as Lang[]) {
        const { charts, doc } = buildSweepReport(s, lang, 'test');
        expect(chartNames(doc.blocks)).toEqual(charts.map((c) => c.name));
        for (const c of charts) expect(compileWarnings(c), c.name).toEqual([]);
        for (const c of charts) expect(schemaProblems(c.spec), `${lang} ${c.name}`).toEqual([]);
        if (source === sobol) {
          expect(charts.map((c) => c.name)).toContain('sobol-final.self_orgs');
          expect(toMarkdown(doc)).toContain(lang === 'en' ? 'Sobol indices: S1' : 'Sobol 指数：S1');
          if (lang === 'en') {
            // Not written by a test above: draw these here, which must happen without a warning.
            const drawn = await renderCharts(charts);
            expect(drawn.warnings).toEqual([]);
            for (const c of charts) expect(drawn.svgs.get(c.name)).toMatch(/^<svg[^>]*width="[\d.]+" height="[\d.]+"/);
          }
        }
      }
    }
  });

  it('puts the question first, draws every factor pair of a grid (pairs of levers first), and lets --pairs choose', async () => {
    const folder = copy(regions, 'regions-en');
    const r = await cli('report', folder);
    expect(r.code, r.err).toBe(0);
    const images = checkWritten(folder, ['main-effects-exits_by_cause.insolvency']);
    const heatmaps = images.filter((n) => n.startsWith('heatmap-'));
    expect(heatmaps).toEqual(['advance-delay', 'region-advance', 'region-delay'].flatMap((pair) => [`heatmap-${pair}-exits_by_cause.insolvency`, `heatmap-${pair}-final.orgs_active`]));
    const md = read(folder, 'report.md');
    // The question, what its levers ask (insolvency first), then the answer, then the details.
    const at = (text: string) => {
      expect(md).toContain(text);
      return md.indexOf(text);
    };
    const order = [
      at('# Sweep report: tiny-regions\n\nDoes paying in advance keep organizations alive, whatever the delay?'),
      at('The levers varied ask about payments: insolvency and exits. Their outcomes come first: Exits: Insolvency; Formal organizations (last month).'),
      at('## Effects of the factors'),
      at('### Over advance and delay'),
      at('### Over region and advance'),
      at('## The experiment'),
      at('## Results by design point'),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The region factor (text) beside numeric factors: an ordinal axis of text levels, each factor's numbers ascending.
    const spec = JSON.parse(read(folder, 'charts', 'main-effects-final.orgs_active.vl.json'));
    expect(spec.spec.layer[0].encoding.x.sort).toEqual(['xitun', 'xitun-copy', '0', '0.6', '6']);

    const chosen = copy(regions, 'regions-pairs');
    const p = await cli('report', chosen, '--pairs', 'delay:region');
    expect(p.code, p.err).toBe(0);
    const drawn = readdirSync(join(chosen, 'charts')).filter((f) => f.startsWith('heatmap-') && f.endsWith('.vl.json'));
    expect(drawn.sort()).toEqual(['heatmap-delay-region-exits_by_cause.insolvency.vl.json', 'heatmap-delay-region-final.orgs_active.vl.json']);
    const swapped = JSON.parse(read(chosen, 'charts', 'heatmap-delay-region-final.orgs_active.vl.json'));
    expect(swapped.layer[0].encoding.x.title).toBe('delay');
    expect(new Set(swapped.data.values.map((v: { x: unknown }) => v.x))).toEqual(new Set([0, 6]));
    expect(read(chosen, 'report.md')).toContain('Heat maps are drawn for 1 of the 3 factor pairs');

    for (const [args, message] of [
      [['--pairs', 'advance:nowhere'], /--pairs advance:nowhere: the sweep has no factor "nowhere"; its factors with several levels are region, advance, delay/],
      [['--pairs', 'advance'], /--pairs takes two different factors as A:B/],
    ] as const) {
      const bad = copy(regions, `regions-bad-${args[1].replace(':', '-')}`);
      const e = await cli('report', bad, ...args);
      expect(e.code).toBe(2);
      expect(e.err).toMatch(message);
      expect(existsSync(join(bad, 'report.html'))).toBe(false);
    }
    expect((await cli('report', copy(morris, 'morris-pairs'), '--pairs', 'advance:slots')).err).toMatch(/--pairs chooses the heat maps of a grid sweep; .* is a morris design/);
  });

  it('reports a Latin hypercube with partial rank correlations and their intervals; an analysis written before PRCC is recomputed', async () => {
    const folder = copy(lhs, 'lhs-en');
    expect((await cli('analyze', folder)).code).toBe(0);
    const prcc = read(folder, 'analysis', 'prcc.csv').trim().split('\n');
    expect(prcc[0]).toBe('metric,factor,n,prcc,p_value,ci_low,ci_high');
    expect(prcc).toHaveLength(1 + 2 * 3);
    const r = await cli('report', folder);
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toContain('computed in memory');
    const images = checkWritten(folder, ['prcc-totals.complaints', 'prcc-totals.org_exits']);
    const md = read(folder, 'report.md');
    expect(md).toContain('## Partial rank correlations (PRCC)');
    expect(md).toContain('from the 12 design points’ means over 1 replications');
    // The complaint probability drives complaints: its PRCC is clearly positive.
    const complaints = prcc.map((l) => l.split(',')).find((c) => c[0] === 'totals.complaints' && c[1] === 'complaints')!;
    expect(Number(complaints[3])).toBeGreaterThan(0.5);
    expect(Number(complaints[5])).toBeGreaterThan(0);
    reported.push({ file: join(folder, 'report.html'), title: 'Sweep report: tiny-lhs', charts: images.length });

    const old = copy(folder, 'lhs-old-analysis');
    const json = JSON.parse(read(old, 'analysis', 'analysis.json'));
    delete json.prcc;
    writeFileSync(join(old, 'analysis', 'analysis.json'), JSON.stringify(json));
    const loaded = await loadSweepResults(old, checkSweepManifest(old, (await detectResults(old)).manifest));
    expect(loaded.analysisFrom).toBe('stale');
    expect(loaded.analysis.prcc?.rows.length).toBeGreaterThan(0);
  });

  it('keeps a Chinese report beside the English one: report.zh.html, report.zh.md, charts.zh/; --lang zh --force leaves the English report alone', async () => {
    const folder = copy(grid, 'grid-both');
    expect((await cli('report', folder)).code).toBe(0);
    const english = Object.fromEntries(['report.html', 'report.md'].map((f) => [f, read(folder, f)]));
    const englishCharts = readdirSync(join(folder, 'charts')).sort();
    const zh = await cli('report', folder, '--lang', 'zh');
    expect(zh.code, zh.err).toBe(0);
    expect(zh.out).toMatch(/^wrote .*report\.zh\.html, .*report\.zh\.md and 10 charts in .*charts\.zh\//);
    expect(listing(folder)).toEqual(expect.arrayContaining(['charts', 'charts.zh', 'report.html', 'report.md', 'report.zh.html', 'report.zh.md']));
    expect(read(folder, 'report.zh.md')).toContain('](charts.zh/heatmap-');
    expect(read(folder, 'report.zh.md')).toContain('charts.zh/ 中');
    expect(chartFolderProblems(join(folder, 'charts.zh'))).toEqual([]);
    // Again without --force: refused, naming the Chinese files only.
    const again = await cli('report', folder, '--lang', 'zh');
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already has report\.zh\.html, report\.zh\.md, charts\.zh; pass --force/);
    const forced = await cli('report', folder, '--lang', 'zh', '--force');
    expect(forced.code, forced.err).toBe(0);
    for (const [f, text] of Object.entries(english)) expect(read(folder, f), f).toBe(text);
    expect(readdirSync(join(folder, 'charts')).sort()).toEqual(englishCharts);
    // And the English one can be replaced without touching the Chinese.
    const zhText = read(folder, 'report.zh.md');
    expect((await cli('report', folder, '--force')).code).toBe(0);
    expect(read(folder, 'report.zh.md')).toBe(zhText);
  });
});

(hasChromium ? it : it.skip)(`sweep and comparison reports open offline in headless Chromium with every chart drawn and no console error${SKIP_NOTE}`, async () => {
  expect(reported.length, 'the tests above wrote four reports').toBe(4);
  const pages = await checkPages(reported.map((r) => r.file));
  pages.forEach((page, i) => {
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([]);
    expect(page.title).toBe(reported[i].title);
    expect(page.charts.length).toBe(reported[i].charts);
    // On a phone the wide tables (a sweep's factors, a comparison's arms) scroll in their own box.
    expect(page.overflowOnPhone, `${page.file} at ${PHONE_WIDTH} px`).toBe(0);
    for (const c of page.charts) {
      expect(c.width, c.name ?? '').toBeGreaterThan(200);
      expect(c.height, c.name ?? '').toBeGreaterThan(100);
      expect(c.marks, c.name ?? '').toBeGreaterThan(5);
      expect(c.texts, c.name ?? '').toBeGreaterThan(3);
    }
  });
});

describe('govbuy report on sweeps and comparisons it cannot report on', () => {
  const patchJson = (file: string, patch: (v: Record<string, unknown>) => void) => {
    const v = JSON.parse(readFileSync(file, 'utf8'));
    patch(v);
    writeFileSync(file, JSON.stringify(v));
  };
  /** Each case: which folder to copy, how to break the copy, and what the error must say. */
  const cases: [string, () => string, (folder: string) => void, RegExp][] = [
    ['a comparison of a newer format', () => cmp, (f) => patchJson(join(f, 'manifest.json'), (m) => (m.formatVersion = COMPARE_FORMAT_VERSION + 1)), /written by a newer govbuy \(comparison format version 2; this version reads up to 1\)/],
    ['a comparison without compare.json', () => cmp, (f) => rmSync(join(f, 'compare.json')), /compare\.json is missing: govbuy compare did not finish writing the folder/],
    ['a comparison with a cut compare.json', () => cmp, (f) => writeFileSync(join(f, 'compare.json'), read(f, 'compare.json').slice(0, 300)), /compare\.json is unreadable: it is not valid JSON/],
    [
      'a comparison whose compare.json lacks an arm',
      () => cmp,
      (f) => patchJson(join(f, 'compare.json'), (c) => (c.outcomes = (c.outcomes as { arm: string }[]).filter((o) => o.arm !== 'chifeng-xitun:a'))),
      /compare\.json is incomplete: no mean_bidders_per_tender for arm chifeng-xitun:a/,
    ],
    ['a comparison manifest without arms', () => cmp, (f) => patchJson(join(f, 'manifest.json'), (m) => delete m.arms), /manifest\.json is incomplete\n.*"arms" is not a list of at least two arms/],
    ['a sweep of a newer format', () => grid, (f) => patchJson(join(f, 'manifest.json'), (m) => (m.formatVersion = SWEEP_FORMAT_VERSION + 1)), /written by a newer govbuy \(sweep format version 2; this version reads up to 1\)/],
    [
      'an unfinished sweep',
      () => grid,
      (f) => patchJson(join(f, 'manifest.json'), (m) => ((m.status = 'running'), ((m.runs as Record<string, number>).done = 5))),
      /is not finished: the sweep is still running or was stopped \(its manifest last counted 5 of 8 runs done\); finish it with "govbuy sweep .*grid\.yaml --out .* --resume"/,
    ],
    ['a shard of a sweep', () => grid, (f) => patchJson(join(f, 'manifest.json'), (m) => (m.shard = { k: 1, n: 2 })), /holds shard 1\/2 of a sweep only; merge the shards first/],
    ['a sweep manifest without its experiment', () => grid, (f) => patchJson(join(f, 'manifest.json'), (m) => delete m.experiment), /manifest\.json is incomplete\n.*"experiment" is missing/],
    ['a sweep without its journal', () => grid, (f) => rmSync(join(f, 'journal.ndjson')), /journal\.ndjson is missing/],
    ['a sweep whose journal lost runs', () => grid, (f) => writeFileSync(join(f, 'journal.ndjson'), read(f, 'journal.ndjson').split('\n').slice(0, 6).join('\n') + '\n'), /is not finished: 3 of 8 runs missing/],
    ['a sweep without a series file', () => grid, (f) => rmSync(join(f, 'series', '3.csv')), /series\/3\.csv is missing: .*--resume" runs again every run whose series file is missing/],
    ['a sweep with a cut series file', () => grid, (f) => writeFileSync(join(f, 'series', '3.csv'), read(f, 'series', '3.csv').slice(0, -5)), /series\/3\.csv is cut off/],
    [
      'a sweep with a half-written analysis',
      () => grid,
      (f) => (cpSync(join(dir, 'grid-analysed', 'analysis'), join(f, 'analysis'), { recursive: true }), writeFileSync(join(f, 'analysis', 'analysis.json'), '{"format": "govbuy-anal')),
      /analysis\.json is unreadable: it is not valid JSON/,
    ],
    [
      'a sweep with an analysis of a newer format',
      () => grid,
      (f) => (cpSync(join(dir, 'grid-analysed', 'analysis'), join(f, 'analysis'), { recursive: true }), patchJson(join(f, 'analysis', 'analysis.json'), (a) => (a.formatVersion = 2))),
      /analysis\.json was written by a newer govbuy \(analysis format version 2/,
    ],
  ];

  cases.forEach(([what, source, breakIt, message], i) => {
    it(`gives a clear error for ${what} and writes nothing`, async () => {
      const folder = copy(source(), `broken-${i}`);
      breakIt(folder);
      const before = listing(folder);
      const r = await cli('report', folder);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^error: /);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(listing(folder)).toEqual(before);
    });
  });
});
