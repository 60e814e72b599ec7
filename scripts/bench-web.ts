/**
 * `npm run bench:web`: how fast the browser sandbox is on this machine, measured in headless
 * Chromium (playwright-core, /usr/bin/chromium) on the site `govbuy web --out` builds, opened
 * from file://. Prints, for Xitun and for Guangzhou at its default agent scale (10 seeds, 20
 * years): time to an interactive page, to every baseline seed, and — after a lever moves
 * (policies.payments.advanceShare, from the input event, the 120 ms typing pause included) — to
 * the first and to every variant seed. Figures for docs/performance.md; never a test.
 *
 *   npm run bench:web                 # Xitun and Guangzhou
 *   npm run bench:web -- --skip-large # Xitun only
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { buildSite } from '../src/web/build.ts';

const CHROMIUM = '/usr/bin/chromium';
const skipLarge = process.argv.includes('--skip-large');

interface AppView {
  seedCount: number;
  running: number;
  timing: { changedAt: number; firstSeedMs?: number };
  changes: Map<string, unknown>;
  runs: { baseline: Map<number, unknown>; variant: Map<number, unknown> };
}
declare const window: { govbuy: { app: AppView } };

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function waitFor(page: Page, what: 'baseline-first' | 'baseline-all' | 'variant-first' | 'variant-all'): Promise<number> {
  const handle = await page.waitForFunction(
    (w) => {
      const app = window.govbuy?.app;
      if (!app) return false;
      const [arm, n] = w.split('-') as ['baseline' | 'variant', string];
      // The variant's own runs: until a lever moves (after the typing pause), it has none.
      const done = app.runs[arm].size;
      const ok = n === 'first' ? done >= 1 : done === app.seedCount && app.running === 0;
      return ok ? performance.now() : false;
    },
    what,
    { timeout: 600_000, polling: 20 },
  );
  return (await handle.jsonValue()) as number;
}

async function measure(page: Page, url: string, label: string): Promise<void> {
  const start = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  const interactive = await page.waitForFunction(() => (window.govbuy && document.querySelector('[data-status]') ? performance.now() : false), null, { polling: 10 });
  const interactiveMs = (await interactive.jsonValue()) as number; // from navigation start
  const baseFirst = await waitFor(page, 'baseline-first');
  const baseAll = await waitFor(page, 'baseline-all');
  const t0 = await page.evaluate(() => performance.now());
  await page.locator('[data-param="policies.payments.advanceShare"]').fill('0.8');
  const first = await waitFor(page, 'variant-first');
  const all = await waitFor(page, 'variant-all');
  const workers = await page.evaluate(() => navigator.hardwareConcurrency);
  console.log(
    [
      `${label} (${workers} workers; wall ${seconds(Date.now() - start)}):`,
      `  interactive ${seconds(interactiveMs)} after navigation; baseline first seed ${seconds(baseFirst)}, all seeds ${seconds(baseAll)}`,
      `  lever moved: first variant seed ${seconds(first - t0)}, all variant seeds ${seconds(all - t0)}`,
    ].join('\n'),
  );
}

const t0 = performance.now();
const site = await buildSite();
console.log(`site built in ${seconds(performance.now() - t0)}: ${Object.entries(site.files).map(([n, c]) => `${n} ${(Buffer.byteLength(c) / 1024).toFixed(0)} KiB`).join(', ')}`);
const dir = mkdtempSync(join(tmpdir(), 'govbuy-bench-web-'));
try {
  for (const [name, content] of Object.entries(site.files)) writeFileSync(join(dir, name), content);
  const index = pathToFileURL(join(dir, 'index.html')).href;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    for (const [place, label] of [['chifeng-xitun', 'Xitun, 10 seeds × 2 arms × 20 years'], ...(skipLarge ? [] : [['guangzhou', 'Guangzhou at 1:100, 10 seeds × 2 arms × 20 years']])]) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await measure(page, `${index}#place=${place}&seeds=10`, label);
      await page.close();
    }
  } finally {
    await browser.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
