import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_FORMAT, MANIFEST_FORMAT_VERSION } from '../../src/cli/commands/run.ts';
import { toHtml, toMarkdown } from '../../src/report/document.ts';
import { embedFonts } from '../../src/report/pageFonts.ts';
import { specToSvg } from '../../src/report/render.ts';
import { detectResults, loadRunResults, RUN_FORMAT, RUN_FORMAT_VERSION } from '../../src/report/results.ts';
import { buildRunReport, rerunExits } from '../../src/report/runReport.ts';
import { checkFonts, checkPages, hasChromium, PHONE_WIDTH, SKIP_NOTE } from '../report/browser.ts';
import { pngSize } from '../report/helpers.ts';
import { chartFolderProblems, schemaProblems } from '../report/vegaLiteSchema.ts';
import { cli, listing, tempDir, XITUN } from './helpers.ts';

let dir: string;
let cleanup: () => void;
let run: string;
/** The English report made by the first test, for the browser test. */
let reported: string | undefined;
/** The Chinese report, for the font test. */
let reportedZh: string | undefined;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  run = join(dir, 'run');
  const r = await cli('run', XITUN, '--seed', '3', '--years', '5', '--out', run);
  expect(r.code).toBe(0);
});
afterAll(() => cleanup());

/** A copy of the run folder to break. */
function copyOfRun(name: string): string {
  const to = join(dir, name);
  cpSync(run, to, { recursive: true });
  return to;
}

const read = (...p: string[]) => readFileSync(join(...p), 'utf8');

describe('govbuy report', () => {
  it('reads the format the run command writes', () => {
    expect(RUN_FORMAT).toBe(MANIFEST_FORMAT);
    expect(RUN_FORMAT_VERSION).toBe(MANIFEST_FORMAT_VERSION);
  });

  it('writes report.html, report.md and every chart as .vl.json, .svg and .png', async () => {
    const folder = copyOfRun('en');
    const r = await cli('report', folder);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`wrote ${join(folder, 'report.html')}`);
    expect(listing(folder)).toEqual(['charts', 'manifest.json', 'report.html', 'report.md', 'series.csv', 'summary.json']);

    const md = read(folder, 'report.md');
    const images = [...md.matchAll(/!\[[^\]]*\]\(charts\/([\w.-]+)\.png\)/g)].map((m) => m[1]);
    for (const expected of ['organizations', 'bidders-per-tender', 'failed-tenders', 'purchase-share', 'survival-by-origin', 'survival-by-cohort', 'exit-causes', 'resistance', 'functions-transferred', 'trust', 'satisfaction', 'needs-met'])
      expect(images).toContain(expected);
    const files = readdirSync(join(folder, 'charts')).sort();
    expect(files).toEqual(images.flatMap((n) => [`${n}.png`, `${n}.svg`, `${n}.vl.json`]).sort());
    for (const name of images) {
      const spec = JSON.parse(read(folder, 'charts', `${name}.vl.json`));
      expect(spec.$schema).toMatch(/vega-lite\/v6/);
      const size = pngSize(readFileSync(join(folder, 'charts', `${name}.png`)));
      const svg = read(folder, 'charts', `${name}.svg`);
      const [, w, h] = /<svg[^>]*width="([\d.]+)" height="([\d.]+)"/.exec(svg)!;
      expect(size).toEqual({ width: Math.round(2 * Number(w)), height: Math.round(2 * Number(h)) });
    }
    // Every spec is valid Vega-Lite by vega-lite's own JSON Schema, as editors check it.
    expect(chartFolderProblems(join(folder, 'charts'))).toEqual([]);

    const html = read(folder, 'report.html');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg role="img"/g)).toHaveLength(images.length);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/url\((['"])?https?:/);
    expect(html).not.toMatch(/<script/);
    // The scenario as run, the assumptions with their sources, and how to repeat the run.
    expect(html).toContain('Chifeng Xitun street');
    expect(html).toContain('policies.payments.advanceShare');
    expect(html).toContain('Assumptions and their sources');
    expect(html).toMatch(/Xitun: 27,000 residents \(003\)/);
    expect(md).toContain(`govbuy run ${XITUN} --seed 3 --set years=5`);
    expect(md).toContain('re-running the simulation');
    // Survival columns say when: years, as the heading does.
    expect(md).toContain('| Group | n | 1 year | 2 years | 3 years | 5 years | 10 years | Median (months) |');
    reported = folder;
  });

  (hasChromium ? it : it.skip)(`report.html opens offline in headless Chromium with every chart drawn and no console error${SKIP_NOTE}`, async () => {
    expect(reported, 'the first test made a report').toBeDefined();
    const [page] = await checkPages([join(reported!, 'report.html')]);
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([]);
    expect(page.overflowOnPhone, `${page.file} at ${PHONE_WIDTH} px`).toBe(0);
    // …while its charts keep a legible width there, scrolling sideways in their own boxes.
    expect(page.chartWidthsOnPhone).toHaveLength(12);
    for (const width of page.chartWidthsOnPhone) expect(width).toBeGreaterThanOrEqual(560);
    expect(page.title).toBe('Simulation report: Chifeng Xitun street');
    expect(page.charts.length).toBe(12);
    for (const c of page.charts) {
      expect(c.width, c.name ?? '').toBeGreaterThan(200);
      expect(c.height, c.name ?? '').toBeGreaterThan(100);
      expect(c.marks, c.name ?? '').toBeGreaterThan(5);
      expect(c.texts, c.name ?? '').toBeGreaterThan(3);
    }
  });

  it('refuses to overwrite a report without --force, and replaces it with --force', async () => {
    expect(reported, 'the first test made a report').toBeDefined();
    const folder = reported!;
    const before = statSync(join(folder, 'report.html')).mtimeMs;
    const again = await cli('report', folder);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already has report\.html, report\.md, charts; pass --force/);
    expect(statSync(join(folder, 'report.html')).mtimeMs).toBe(before);

    // A file govbuy did not write in charts/ stops --force, byte for byte intact.
    writeFileSync(join(folder, 'charts', 'mine.png'), 'my figure');
    const refused = await cli('report', folder, '--force');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/charts\/mine\.png: not written by govbuy/);
    expect(readFileSync(join(folder, 'charts', 'mine.png'), 'utf8')).toBe('my figure');
    expect(statSync(join(folder, 'report.html')).mtimeMs).toBe(before);

    rmSync(join(folder, 'charts', 'mine.png'));
    const forced = await cli('report', folder, '--force');
    expect(forced.code, forced.err).toBe(0);
    expect(listing(folder).filter((f) => f.startsWith('.'))).toEqual([]);
    // The manifest lists the new report's files, so a later --force replaces them again.
    const files = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')).files as Record<string, string>;
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['report.html', 'report.md', 'series.csv', 'summary.json']));
    expect(Object.keys(files).filter((f) => f.startsWith('charts/')).length).toBe(readdirSync(join(folder, 'charts')).length);
  });

  it('writes a Chinese report, naming the place only in Chinese (built here, charts as SVG without PNGs)', async () => {
    // The command's --lang zh path is the classroom test's; drawing 12 Chinese PNGs here would
    // only add time.
    const { manifest } = await detectResults(run);
    const results = await loadRunResults(run, manifest);
    const { charts, doc } = buildRunReport(results, 'zh', rerunExits(results, 'zh'), 'test');
    for (const c of charts) expect(schemaProblems(c.spec), c.name).toEqual([]);
    const svgs = new Map<string, string>();
    for (const c of charts) svgs.set(c.name, await specToSvg(c.spec));
    const html = await embedFonts(toHtml(doc, svgs), 'zh');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<title>模拟报告：赤峰市红山区西屯街道</title>');
    expect(html).toContain('2013 年居民成立了 132 个自组织');
    const md = toMarkdown(doc);
    // (The parameter table's sources and the scenario's YAML, further down, stay as written.)
    expect(md.split('## 假设及其来源')[0]).not.toMatch(/Chifeng|Xitun/);
    for (const heading of ['主要数字', '市场发育', '存活与退出', '假设及其来源', '实际运行的情景', '如何重复这次模拟']) expect(md).toContain(`## ${heading}`);
    expect(md).toMatch(/\| 1 年 \| 2 年 \| 3 年 \| 5 年 \| 10 年 \|/);
    expect(JSON.stringify(charts.map((c) => c.spec.title))).toContain('各类社会组织数量');
    // The assumptions are described in Chinese (src/scenario/parameterDocsZh.ts).
    expect(md).toMatch(/\| policies\.payments\.advanceShare \| 合同开始时支付的合同金额比例（0 = 纯事后报销，即垫付）。 \|/);
    mkdirSync(join(dir, 'zh'));
    writeFileSync(join(dir, 'zh', 'report.html'), html);
    reportedZh = join(dir, 'zh');
  });

  (hasChromium ? it : it.skip)(`the Chinese report renders its Chinese in the embedded font, on a machine without Chinese fonts${SKIP_NOTE}`, async () => {
    expect(reportedZh, 'the test before made a Chinese report').toBeDefined();
    const file = join(reportedZh!, 'report.html');
    const [page] = await checkPages([file]);
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([]);
    expect(page.overflowOnPhone, `${page.file} at ${PHONE_WIDTH} px`).toBe(0);
    const fonts = await checkFonts(file, ['h1', 'h2', 'figure svg text[font-weight="bold"]']);
    expect(fonts.status).toBe('loaded');
    expect(fonts.faces).toEqual(expect.arrayContaining(['Noto Sans S Chinese 400 loaded', 'Noto Sans S Chinese 700 loaded']));
    expect(fonts.text.h2).toBe('主要数字');
    for (const [selector, used] of Object.entries(fonts.used)) {
      expect(used.length, selector).toBeGreaterThan(0);
      for (const f of used) expect(f, selector).toMatchObject({ familyName: expect.stringMatching(/^Noto Sans S Chinese/), isCustomFont: true });
    }
  });

  it('rejects an unknown --lang', async () => {
    const r = await cli('report', run, '--lang', 'fr');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--lang must be one of en, zh, got "fr"/);
  });
});

describe('govbuy report on folders it cannot report on', () => {
  /** Each case: how to break a copy of the run, and what the error must say. */
  const cases: [string, (folder: string) => void, RegExp][] = [
    ['an empty folder', (f) => (rmSync(f, { recursive: true }), mkdirSync(f)), /is empty: there are no results to report on/],
    ['a folder without manifest.json', (f) => rmSync(join(f, 'manifest.json')), /has no manifest\.json: .* did not finish/],
    ['a half-written manifest', (f) => writeFileSync(join(f, 'manifest.json'), read(f, 'manifest.json').slice(0, 200)), /manifest\.json is unreadable: it is not valid JSON/],
    ['a manifest that is not govbuy’s', (f) => writeFileSync(join(f, 'manifest.json'), '{"name": "x"}'), /is not a govbuy manifest/],
    ['a series.csv cut off mid-line', (f) => writeFileSync(join(f, 'series.csv'), read(f, 'series.csv').slice(0, 5000)), /series\.csv is cut off/],
    [
      'a series.csv missing its last months',
      (f) => writeFileSync(join(f, 'series.csv'), read(f, 'series.csv').split('\n').slice(0, 30).join('\n') + '\n'),
      /series\.csv is incomplete: 29 months, but the run lasted 60/,
    ],
    ['a missing series.csv', (f) => rmSync(join(f, 'series.csv')), /series\.csv is missing/],
    ['a missing summary.json', (f) => rmSync(join(f, 'summary.json')), /summary\.json is missing/],
    ['an empty summary.json', (f) => writeFileSync(join(f, 'summary.json'), ''), /summary\.json is unreadable: it is empty/],
    ['a newer format version', (f) => patchManifest(f, { formatVersion: 2 }), /written by a newer govbuy \(run format version 2; this version reads up to 1\)/],
    ['a run manifest labelled as a sweep', (f) => patchManifest(f, { format: 'govbuy-sweep' }), /manifest\.json is incomplete\n.*"experiment" is missing/],
    ['a run manifest labelled as a comparison', (f) => patchManifest(f, { format: 'govbuy-compare' }), /manifest\.json is incomplete\n.*"arms" is not a list/],
    ['another govbuy format', (f) => patchManifest(f, { format: 'govbuy-analysis' }), /holds "govbuy-analysis" results; reports of "govbuy-analysis" results are not supported/],
    ['a manifest without its scenario', (f) => patchManifest(f, { scenario: undefined }), /manifest\.json is incomplete\n.*"scenario" is missing/],
  ];

  function patchManifest(folder: string, patch: Record<string, unknown>) {
    const m = JSON.parse(read(folder, 'manifest.json'));
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ ...m, ...patch }));
  }

  cases.forEach(([what, breakIt, message], i) => {
    it(`gives a clear error for ${what} and writes nothing`, async () => {
      const folder = copyOfRun(`broken-${i}`);
      breakIt(folder);
      const before = listing(folder);
      const r = await cli('report', folder);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^error: /);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
      expect(listing(folder)).toEqual(before);
    });
  });

  it('gives a clear error for a missing folder and for a file', async () => {
    const missing = await cli('report', join(dir, 'nope'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read .*nope: no such file or directory/);
    const file = await cli('report', join(run, 'series.csv'));
    expect(file.code).toBe(2);
    expect(file.err).toMatch(/is a file, not a results folder/);
    expect(existsSync(join(run, 'report.html'))).toBe(false);
  });
});
