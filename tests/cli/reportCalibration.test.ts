/**
 * `govbuy report` on a calibration folder: a tiny ABC-SMC fit of the Xitun preset (8 particles,
 * one run per draw), reported in English and Chinese side by side — posteriors against their
 * priors, the fit of each target, the tolerance schedule, the command that repeats it — with valid
 * Vega-Lite specs, pages that open offline in headless Chromium with every chart drawn, a
 * format-1 folder (settings.seeds) read as well, and clear errors for broken folders.
 */
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALIBRATION_FORMAT as WRITTEN_FORMAT, CALIBRATION_FORMAT_VERSION as WRITTEN_VERSION } from '../../src/calibration/results.ts';
import { CALIBRATION_FORMAT_VERSION } from '../../src/report/calibrationResults.ts';
import { CALIBRATION_FORMAT } from '../../src/report/results.ts';
import { checkPages, hasChromium, PHONE_WIDTH, SKIP_NOTE } from '../report/browser.ts';
import { chartFolderProblems } from '../report/vegaLiteSchema.ts';
import { cli, listing, tempDir, XITUN } from './helpers.ts';

const TARGETS = 'scenarios/targets/chifeng-xitun.targets.yaml';
let dir: string;
let cleanup: () => void;
let cal: string;
const read = (...p: string[]) => readFileSync(join(...p), 'utf8');

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('govbuy-report-cal-'));
  cal = join(dir, 'cal');
  const r = await cli('calibrate', XITUN, '--targets', TARGETS, '--particles', '8', '--replications', '1', '--budget', '40', '--check-seeds', '2', '--seed', '5', '--workers', '1', '--out', cal);
  expect(r.code, r.err).toBe(0);
});
afterAll(() => cleanup());

function copy(name: string): string {
  const to = join(dir, name);
  cpSync(cal, to, { recursive: true });
  return to;
}

describe('govbuy report on a calibration', () => {
  it('reads the format govbuy calibrate writes', () => {
    expect(CALIBRATION_FORMAT).toBe(WRITTEN_FORMAT);
    expect(CALIBRATION_FORMAT_VERSION).toBe(WRITTEN_VERSION);
  });

  it('draws the posteriors, the fit of each target and the tolerance schedule, in English and Chinese in one folder', async () => {
    const folder = copy('both');
    const en = await cli('report', folder);
    expect(en.err).toBe('');
    expect(en.out).toBe(`wrote ${join(folder, 'report.html')}, ${join(folder, 'report.md')} and 3 charts in ${join(folder, 'charts')}/\n`);
    const zh = await cli('report', folder, '--lang', 'zh');
    expect(zh.code, zh.err).toBe(0);
    expect(listing(folder)).toEqual(['calibration.json', 'charts', 'charts.zh', 'manifest.json', 'posterior.csv', 'report.html', 'report.md', 'report.zh.html', 'report.zh.md']);
    for (const charts of ['charts', 'charts.zh']) {
      expect(readdirSync(join(folder, charts)).sort()).toEqual(['posteriors', 'target-fit', 'tolerances'].flatMap((n) => [`${n}.png`, `${n}.svg`, `${n}.vl.json`]));
      expect(chartFolderProblems(join(folder, charts))).toEqual([]);
    }
    const json = JSON.parse(read(folder, 'calibration.json'));
    const md = read(folder, 'report.md');
    expect(md).toMatch(/^# Calibration report: chifeng-xitun\.yaml fitted to chifeng-xitun\.targets\.yaml\n/);
    for (const h of ['Posteriors', 'Fit of each target', 'Tolerance schedule', 'How to repeat this calibration']) expect(md).toContain(`\n## ${h}\n`);
    expect(md).toContain(`ABC-SMC over ${json.parameters.length} free parameters and ${json.targets.filter((t: { fit: boolean }) => t.fit).length} fitted targets: 8 particles, 1 run averaged per draw, ${json.runs.fit} runs for the fit (budget 40)`);
    // Every parameter with its prior and median; every target with its fit at the median.
    for (const p of json.parameters) expect(md).toMatch(new RegExp(`\\| ${p.name.replace(/\./g, '\\.')} \\| ${p.prior.lo}–${p.prior.hi}`));
    for (const t of json.targets) expect(md).toContain(`| ${t.fit ? t.name : `${t.name} (check)`} | ${t.metric} |`);
    expect(md).toContain(`govbuy calibrate ${XITUN} --targets ${TARGETS} --method abc-smc --particles 8 --replications 1 --budget 40 --kernel multivariate --check-seeds 2 --seed 5\n`);
    // The posterior chart holds every particle's weight: each parameter's bins sum to 1.
    const spec = JSON.parse(read(folder, 'charts', 'posteriors.vl.json'));
    for (const p of json.parameters) {
      const bins = spec.data.values.filter((v: { parameter: string; weight?: number }) => v.parameter === p.name && v.weight !== undefined);
      expect(bins).toHaveLength(20);
      expect(bins.reduce((s: number, b: { weight: number }) => s + b.weight, 0)).toBeCloseTo(1, 4);
    }
    const zhMd = read(folder, 'report.zh.md');
    expect(zhMd).toContain('# 校准报告：');
    for (const h of ['后验分布', '各目标的拟合', '容差序列', '如何重复这次校准']) expect(zhMd).toContain(`## ${h}`);
    expect(zhMd).toContain('](charts.zh/posteriors.png)');
    // Each report gives the targets file's description in its language (calibration.json keeps both).
    expect(json.descriptionZh).toMatch(/^拟合西屯头四年/);
    expect(md).toContain(`\n${json.description}\n`);
    expect(zhMd).toContain(`\n${json.descriptionZh}\n`);
    expect(zhMd).not.toContain(json.description);
  });

  it('reads a calibration of format 1, whose runs per draw were settings.seeds', async () => {
    const folder = copy('v1');
    for (const file of ['calibration.json', 'manifest.json']) {
      const v = JSON.parse(read(folder, file));
      v.formatVersion = 1;
      if (file === 'calibration.json') {
        v.settings.seeds = v.settings.replications;
        delete v.settings.replications;
      }
      writeFileSync(join(folder, file), JSON.stringify(v));
    }
    const r = await cli('report', folder);
    expect(r.code, r.err).toBe(0);
    expect(read(folder, 'report.md')).toContain('--replications 1');
  });

  it.each([
    ['a calibration of a newer format', (f: string) => patch(join(f, 'manifest.json'), (m) => (m.formatVersion = 3)), /written by a newer govbuy \(calibration format version 3; this version reads up to 2\)/],
    ['no calibration.json', (f: string) => rmSync(join(f, 'calibration.json')), /calibration\.json is missing: govbuy calibrate did not finish/],
    ['a cut calibration.json', (f: string) => writeFileSync(join(f, 'calibration.json'), read(f, 'calibration.json').slice(0, 500)), /calibration\.json is unreadable: it is not valid JSON/],
    ['a calibration.json without particles', (f: string) => patch(join(f, 'calibration.json'), (c) => delete c.particles), /calibration\.json is incomplete\n.*"particles" is not a list of weighted particles/],
  ])('gives a clear error for %s and writes nothing', async (what, breakIt, message) => {
    const folder = copy(`broken-${what.replace(/\W+/g, '-')}`);
    breakIt(folder);
    const before = listing(folder);
    const r = await cli('report', folder);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(listing(folder)).toEqual(before);
  });

  (hasChromium ? it : it.skip)(`the reports open offline in headless Chromium with every chart drawn and no console error${SKIP_NOTE}`, async () => {
    const folder = join(dir, 'both');
    const pages = await checkPages([join(folder, 'report.html'), join(folder, 'report.zh.html')]);
    for (const page of pages) {
      expect(page.errors).toEqual([]);
      expect(page.requests).toEqual([]);
      expect(page.overflowOnPhone, `${page.file} at ${PHONE_WIDTH} px`).toBe(0);
      expect(page.charts).toHaveLength(3);
      for (const c of page.charts) {
        expect(c.width, c.name ?? '').toBeGreaterThan(200);
        expect(c.height, c.name ?? '').toBeGreaterThan(100);
        expect(c.marks, c.name ?? '').toBeGreaterThan(5);
      }
    }
    expect(pages[0].title).toBe('Calibration report: chifeng-xitun.yaml fitted to chifeng-xitun.targets.yaml');
  });
});

function patch(file: string, change: (v: Record<string, unknown>) => void): void {
  const v = JSON.parse(readFileSync(file, 'utf8'));
  change(v);
  writeFileSync(file, JSON.stringify(v));
}
