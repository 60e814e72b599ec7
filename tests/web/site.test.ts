/**
 * The sandbox as a visitor gets it: `govbuy web --out` writes the site, headless Chromium
 * (playwright-core, Debian's /usr/bin/chromium, no CJK fonts installed) opens it from file://.
 * Skipped, saying so, without Chromium. Timings are printed (docs/performance.md), never
 * asserted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARE_OUTCOMES } from '../../src/experiments/compare.ts';
import { collectParameters } from '../../src/scenario/parameters.ts';
import { parseScenarioText } from '../../src/scenario/load.ts';
import { serveSite } from '../../src/web/serve.ts';
import { cli, tempDir, XITUN } from '../cli/helpers.ts';
import { ARGS, CHROMIUM, fontsOf, hasChromium, SKIP_NOTE } from '../report/browser.ts';

let dir: string;
let cleanup: () => void;
let site: string;
let browser: Browser | undefined;
const timings: Record<string, number> = {};

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  site = join(dir, 'site');
  const t0 = performance.now();
  const r = await cli('web', '--out', site);
  timings.buildMs = performance.now() - t0;
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  if (hasChromium) {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }
});

afterAll(async () => {
  await browser?.close();
  cleanup();
  console.info(`sandbox timings (ms, Xitun 10 seeds × 8 years, this machine, noisy): ${JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])))}`);
});

interface Opened {
  page: Page;
  errors: string[];
  /** Requests to anything but the site's own files, blob: and data: URLs. */
  foreign: string[];
  downloads: string;
}

async function open(hash = '', viewport = { width: 1280, height: 900 }): Promise<Opened> {
  const page = await browser!.newPage({ viewport, acceptDownloads: true });
  const errors: string[] = [];
  const foreign: string[] = [];
  const own = pathToFileURL(site).href;
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(`${own}/`) && !url.startsWith('blob:') && !url.startsWith('data:')) foreign.push(url);
  });
  await page.goto(`${own}/index.html${hash}`, { waitUntil: 'load' });
  await page.waitForFunction(() => !!(window as never as { govbuy?: unknown }).govbuy && !!document.querySelector('[data-status]'));
  return { page, errors, foreign, downloads: join(dir, 'downloads') };
}

/** Wait until every seed of both arms is done, and the charts have been drawn. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const app = (window as never as { govbuy: { app: { seedCount: number; running: number; armRuns: { baseline: Map<number, unknown>; variant: Map<number, unknown> } } } }).govbuy.app;
      return app.running === 0 && app.armRuns.baseline.size === app.seedCount && app.armRuns.variant.size === app.seedCount;
    },
    null,
    { timeout: 90_000 },
  );
  await page.waitForTimeout(400); // the last render and chart drawing
  await page.waitForFunction(() => document.querySelectorAll('[data-chart^="series-"] svg.marks').length > 0);
}

const rowsOf = (page: Page, table: 'outcomes' | 'differences') => page.$$eval(`table[data-table="${table}"] tbody tr`, (rows) => rows.map((r) => r.textContent?.replace(/\s+/g, ' ').trim() ?? ''));
const timing = (page: Page) => page.evaluate(() => (window as never as { govbuy: { app: { timing: { firstSeedMs?: number; allSeedsMs?: number } } } }).govbuy.app.timing);

describe.skipIf(!hasChromium)(`the sandbox in Chromium${SKIP_NOTE}`, () => {
  let first: Opened;
  let before: string[];

  it('opens from file:// with every control, chart and table, no console error and no request outside its own files', async () => {
    const t0 = performance.now();
    first = await open('#set=years%3D8'); // 8 years instead of 20, to keep the suite short (npm run bench:web times the full runs)
    timings.interactiveMs = performance.now() - t0;
    const { page } = first;
    await settled(page);
    timings.baselineAllSeedsMs = performance.now() - t0;
    expect(first.errors).toEqual([]);
    expect(first.foreign).toEqual([]);
    // A control for every parameter, its native input carrying the dotted path, in schema units.
    const params = await page.$$eval('[data-param]', (els) => els.map((e) => ({ path: e.getAttribute('data-param')!, tag: e.tagName, labelled: !!(e.id && document.querySelector(`label[for="${e.id}"]`)) || !!e.closest('label') })));
    const paths = new Set(params.map((p) => p.path));
    const leaves = collectParameters().filter((p) => p.kind === 'leaf' && !p.path.includes('[]') && !['name', 'description', 'nameZh', 'descriptionZh', 'seed'].includes(p.path));
    for (const p of leaves) expect(paths.has(p.path), p.path).toBe(true);
    expect(params.every((p) => p.tag === 'INPUT' || p.tag === 'SELECT')).toBe(true);
    expect(params.filter((p) => !p.labelled).map((p) => p.path)).toEqual([]);
    const advance = page.locator('[data-param="policies.payments.advanceShare"]');
    expect(await advance.evaluate((e: HTMLInputElement) => [e.type, e.min, e.max, e.value])).toEqual(['number', '0', '1', '0.3']);
    // Charts and tables.
    for (const name of ['series-orgs_active', 'series-needs_met_share', 'survival', 'exits']) expect(await page.locator(`[data-chart="${name}"] svg.marks`).count(), name).toBe(1);
    expect(await page.locator('[data-chart="map"] canvas').count()).toBe(1);
    before = await rowsOf(page, 'differences');
    expect(before.length).toBe(COMPARE_OUTCOMES.length);
    expect((await rowsOf(page, 'outcomes')).length).toBe(COMPARE_OUTCOMES.length);
  });

  it('changing policies.payments.advanceShare changes the variant’s results and the differences table', async () => {
    const { page } = first;
    const t0 = performance.now();
    await page.locator('[data-param="policies.payments.advanceShare"]').fill('0.8');
    await page.waitForFunction(() => location.hash.includes('advanceShare%3D0.8'));
    await settled(page);
    timings.variantAllSeedsWallMs = performance.now() - t0;
    const t = await timing(page);
    timings.variantFirstSeedMs = t.firstSeedMs ?? NaN;
    timings.variantAllSeedsMs = t.allSeedsMs ?? NaN;
    expect(first.errors).toEqual([]);
    expect(page.url()).toContain('set=policies.payments.advanceShare%3D0.8');
    expect(await page.locator('[data-control-for="policies.payments.advanceShare"].changed').count()).toBe(1);
    const after = await rowsOf(page, 'differences');
    expect(after).not.toEqual(before);
    // The variant's own numbers differ from the baseline's somewhere (insolvencies, say).
    const outcomes = await page.$$eval('table[data-table="outcomes"] tbody tr', (rows) => rows.map((r) => [r.querySelector('[data-arm="baseline"]')?.textContent, r.querySelector('[data-arm="variant"]')?.textContent]));
    expect(outcomes.some(([b, v]) => b !== v)).toBe(true);
    const insolvency = await page.locator('table[data-table="differences"] tr[data-outcome="exits_by_cause.insolvency"] [data-difference]').textContent();
    expect(insolvency).toMatch(/^[−+]/);
  });

  it('keeps the settings in the address, and the link restores the same settings and numbers', async () => {
    const url = first.page.url();
    const again = await open(url.slice(url.indexOf('#')));
    await settled(again.page);
    expect(again.errors).toEqual([]);
    expect(await again.page.locator('[data-param="policies.payments.advanceShare"]').inputValue()).toBe('0.8');
    expect(await again.page.locator('[data-control="seeds"]').inputValue()).toBe('10');
    expect(await again.page.locator('[data-param="years"]').inputValue()).toBe('8');
    expect(await rowsOf(again.page, 'differences')).toEqual(await rowsOf(first.page, 'differences'));
    expect(await rowsOf(again.page, 'outcomes')).toEqual(await rowsOf(first.page, 'outcomes'));
    expect(again.page.url()).toBe(url);
    await again.page.close();
  });

  it('switches a mechanism off: its values go into the variant, the link and the command, and the differences show what it contributed', async () => {
    const { page, errors } = await open('#seeds=3&set=years%3D6');
    await settled(page);
    await page.locator('details[data-section="mechanisms"] > summary').click();
    await page.locator('[data-mechanism="resistance"]').check();
    await page.waitForFunction(() => location.hash.includes('committees.resistanceGain%3D0'));
    await settled(page);
    expect(errors).toEqual([]);
    expect(await page.locator('[data-mechanism="resistance"]').isChecked()).toBe(true);
    expect(await page.locator('[data-control-for="committees.resistanceGain"].changed').count()).toBe(1);
    const resistance = await page.locator('table[data-table="differences"] tr[data-outcome="mean_resistance"] [data-difference]').textContent();
    expect(resistance).toMatch(/^−/);
    expect(await page.locator('[data-command="compare"]').textContent()).toContain('committees.resistanceGain=0');
    // Back on: the variant is the place again.
    await page.locator('[data-mechanism="resistance"]').uncheck();
    await page.waitForFunction(() => !location.hash.includes('resistanceGain'));
    // The controls re-render after the address changes: wait for the mark to go (a frame or two when busy).
    await page.waitForFunction(() => document.querySelectorAll('[data-control-for="committees.resistanceGain"].changed').length === 0, undefined, { timeout: 10_000 });
    expect(await page.locator('[data-control-for="committees.resistanceGain"].changed').count()).toBe(0);
    await page.close();
  });

  it('gives the numbers of govbuy compare and govbuy run, byte for byte, and a variant file that loads as the variant', async () => {
    const { page } = await open('#seeds=3&first=5&set=years%3D3&set=policies.payments.advanceShare%3D0.6');
    await settled(page);
    const args = ['compare', XITUN, '--policy', 'variant:policies.payments.advanceShare=0.6', '--set', 'years=3', '--seeds', '3', '--first-seed', '5'];
    expect(await page.locator('[data-command="compare"]').textContent()).toBe(`govbuy ${args.join(' ')}`);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="download-csv"]').click()]);
    const compare = await cli(...args, '--out', join(dir, 'compare'));
    expect(compare.code).toBe(0);
    expect(readFileSync((await csv.path())!, 'utf8')).toBe(readFileSync(join(dir, 'compare', 'runs.csv'), 'utf8'));

    expect(await page.locator('[data-command="run"]').textContent()).toBe(`govbuy run ${XITUN} --seed 5 --set years=3 --set policies.payments.advanceShare=0.6`);
    const run = await cli('run', XITUN, '--seed', '5', '--set', 'years=3', '--set', 'policies.payments.advanceShare=0.6', '--out', join(dir, 'run'));
    expect(run.code).toBe(0);
    const summary = await page.evaluate(() => JSON.stringify((window as never as { govbuy: { app: { runs: { variant: Map<number, { summary: unknown }> } } } }).govbuy.app.runs.variant.get(5)!.summary));
    expect(JSON.parse(summary)).toEqual(JSON.parse(readFileSync(join(dir, 'run', 'summary.json'), 'utf8')));

    const [yaml] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="download-yaml"]').click()]);
    const variant = parseScenarioText(readFileSync((await yaml.path())!, 'utf8'), 'variant.yaml');
    expect(variant).toEqual(parseScenarioText(readFileSync(XITUN, 'utf8'), XITUN, ['years=3', 'policies.payments.advanceShare=0.6']));
    await page.close();
  });

  it('shows each problem of a dropped scenario file with its line and path, and runs a good one', async () => {
    const { page, errors } = await open('#seeds=2&set=years%3D2');
    await settled(page);
    const drop = (name: string, text: string) =>
      page.evaluate(
        ([n, t]) => {
          const data = new DataTransfer();
          data.items.add(new File([t], n, { type: 'text/yaml' }));
          document.querySelector('main')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
        },
        [name, text],
      );
    await drop('bad.yaml', 'name: bad\nyears: 2\npolicies:\n  payments:\n    advanceShare: 2\n  bidding: {mode: auction}\n');
    const problems = page.locator('[data-problems="file"]');
    await problems.waitFor();
    const text = (await problems.textContent())!;
    expect(text).toContain('bad.yaml:5:19 policies.payments.advanceShare');
    expect(text).toMatch(/bad\.yaml:6:\d+ policies\.bidding\.mode/);
    await drop('my-street.yaml', 'name: My street\nyears: 2\nregion: {population: 3000}\n');
    await page.waitForFunction(() => (document.querySelector('[data-control="place"]') as HTMLSelectElement).value === 'my-street.yaml');
    await settled(page);
    expect(await page.locator('[data-command="run"]').textContent()).toMatch(/^govbuy run my-street\.yaml --seed 1 --set years=2/);
    expect(page.url()).toContain('place=my-street.yaml');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows Chinese in the embedded font, on a machine without Chinese fonts', async () => {
    // The English page's one Chinese word, the language button, laid out as the page opens.
    const english = await open('#seeds=2&set=years%3D2');
    const button = await fontsOf(english.page, ['[data-control="lang"]']);
    expect(button.text['[data-control="lang"]']).toBe('中文');
    expect(button.used['[data-control="lang"]']).toEqual([expect.objectContaining({ familyName: expect.stringMatching(/^Noto Sans S Chinese/), isCustomFont: true })]);
    await english.page.close();

    const { page, errors } = await open('#lang=zh&seeds=2&set=years%3D2');
    await settled(page);
    expect(await page.locator('h1').textContent()).toBe('govbuy 政策沙盘');
    const doc = '[data-control-for="policies.payments.advanceShare"] .doc';
    const fonts = await fontsOf(page, ['h2#results-title', 'table[data-table="outcomes"] tbody th', doc]);
    expect(fonts.status).toBe('loaded');
    expect(fonts.faces).toContain('Noto Sans S Chinese 400 loaded');
    expect(fonts.text['h2#results-title']).toBe('结果：赤峰市红山区西屯街道');
    // Parameters are described in Chinese too (src/web/page/parameterDocsZh.ts).
    expect(fonts.text[doc]).toBe('合同开始时支付的合同金额比例（0 = 纯事后报销，即垫付）。');
    for (const [selector, used] of Object.entries(fonts.used)) {
      expect(used.length, selector).toBeGreaterThan(0);
      for (const f of used) expect(f, selector).toMatchObject({ familyName: expect.stringMatching(/^Noto Sans S Chinese/), isCustomFont: true });
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is usable from the keyboard, in large type and on a phone', async () => {
    const { page, errors } = await open('#seeds=2&set=years%3D2', { width: 390, height: 844 });
    await settled(page);
    // One column, nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const side = await page.locator('aside.side').boundingBox();
    const results = await page.locator('section.results').boundingBox();
    expect(results!.y).toBeGreaterThan(side!.y + side!.height - 1);
    // A lever moved with the keyboard alone.
    const input = page.locator('[data-param="policies.payments.advanceShare"]');
    await input.focus();
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction(() => location.hash.includes('policies.payments.advanceShare%3D0.31'));
    // The policy schedule: a lever from a given year.
    await page.locator('[data-section="schedule"] > summary').click();
    await page.locator('[data-schedule-add]').click();
    await page.locator('[data-param="schedule.0.year"]').fill('1');
    await page.locator('[data-param="schedule.0.year"]').dispatchEvent('change');
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('set=schedule=[{"year":1,"set":{"policies.bidding.fromYear":2}}]'));
    expect(await page.locator('[data-section="schedule"] .mark.changed').count()).toBe(1);
    await settled(page);
    // Large type.
    const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    const normal = await size();
    await page.locator('[data-control="large-type"]').check();
    // The page re-renders after the click; on a busy machine that can take a frame or two.
    await page.waitForFunction((n) => parseFloat(getComputedStyle(document.documentElement).fontSize) >= n * 1.4, normal, { timeout: 10_000 });
    expect(await size()).toBeGreaterThanOrEqual(normal * 1.4);
    await page.waitForFunction(() => location.href.includes('large=1'), undefined, { timeout: 10_000 });
    expect(page.url()).toContain('large=1');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('govbuy web', () => {
  it('serves the site over HTTP: its files with their types, nothing else', async () => {
    const files = { 'index.html': readFileSync(join(site, 'index.html'), 'utf8'), 'app.js': readFileSync(join(site, 'app.js'), 'utf8') };
    const { server, url } = await serveSite(files, '127.0.0.1', 0);
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const index = await fetch(url);
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await index.text()).toBe(files['index.html']);
      const app = await fetch(`${url}app.js`);
      expect(app.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect((await fetch(`${url}manifest.json`)).status).toBe(404);
      expect((await fetch(`${url}..%2Fpackage.json`)).status).toBe(404);
      expect((await fetch(url, { method: 'POST' })).status).toBe(405);
    } finally {
      server.close();
    }
  });

  it('writes index.html, app.js and a manifest, and refuses to overwrite without --force', async () => {
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toMatch(/@font-face \{ font-family: 'Noto Sans S Chinese'; [^}]*data:font\/woff2;base64,/);
    expect(readFileSync(join(site, 'index.html'), 'utf8')).not.toMatch(/(src|href)="(https?:)?\/\//);
    const manifest = JSON.parse(readFileSync(join(site, 'manifest.json'), 'utf8'));
    expect(manifest.format).toBe('govbuy-web');
    expect(Object.keys(manifest.files).sort()).toEqual(['app.js', 'index.html']);
    const again = await cli('web', '--out', site);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already holds results; choose another --out or pass --force/);
    const port = await cli('web', '--port', '70000');
    expect(port.code).toBe(2);
    expect(port.err).toMatch(/--port must be a whole number from 0 to 65535/);
  });
});
