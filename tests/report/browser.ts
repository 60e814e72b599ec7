/**
 * Opening pages in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
 * what a reader would see — every chart drawn, no console error, no request leaving the
 * machine. Tests that use it are skipped, saying so, when Chromium is not installed.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SKIP_NOTE = hasChromium ? '' : ` — SKIPPED: ${CHROMIUM} is not installed (apt-get install chromium)`;

export const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface DrawnChart {
  name: string | null;
  width: number;
  height: number;
  /** Graphic elements (paths, rects, lines) in the chart. */
  marks: number;
  texts: number;
}

export interface PageCheck {
  file: string;
  title: string;
  charts: DrawnChart[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Requests to anything but the page itself. */
  requests: string[];
  /** Pages when printed to PDF (A4), if asked for. */
  printedPages?: number;
  /**
   * How many pixels the page is wider than a phone's window (390 px) when opened on one: 0 when
   * everything wide (tables, charts, code) fits or scrolls inside its own box.
   */
  overflowOnPhone: number;
  /** The drawn width of each chart on a phone (CSS pixels). */
  chartWidthsOnPhone: number[];
}

/** A phone's window width in CSS pixels (an iPhone 12–15 held upright). */
export const PHONE_WIDTH = 390;

/** A font a piece of text was actually drawn with (Chromium's CSS.getPlatformFontsForNode). */
export interface UsedFont {
  familyName: string;
  postScriptName: string;
  /** A web font (from @font-face), not one installed on the machine. */
  isCustomFont: boolean;
  glyphCount: number;
}

export interface FontCheck {
  /** document.fonts.status once the page has loaded and its fonts are ready. */
  status: string;
  /** Faces the page declares with @font-face, as "family weight status". */
  faces: string[];
  /** Fonts used for the text of the first element matching each selector. */
  used: Record<string, UsedFont[]>;
  /** The text of the first element matching each selector. */
  text: Record<string, string>;
}

/**
 * Which fonts a page's text is drawn with: for each selector, the fonts Chromium used for the
 * first matching element's own text (a web font shows isCustomFont: true; a machine without
 * Chinese fonts would fall back to a system font, or to boxes).
 */
export async function checkFonts(file: string, selectors: readonly string[]): Promise<FontCheck> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return await fontsOf(page, selectors);
  } finally {
    await browser.close();
  }
}

/** checkFonts on a page already open (its fonts awaited first). */
export async function fontsOf(page: Page, selectors: readonly string[]): Promise<FontCheck> {
  const { status, faces } = await page.evaluate(async () => {
    await document.fonts.ready;
    return { status: document.fonts.status, faces: [...document.fonts].map((f) => `${f.family.replace(/["']/g, '')} ${f.weight} ${f.status}`) };
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const used: Record<string, UsedFont[]> = {};
  const text: Record<string, string> = {};
  for (const selector of selectors) {
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (!nodeId) throw new Error(`${page.url()}: no element matches ${selector}`);
    used[selector] = (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts;
    text[selector] = (await page.locator(selector).first().textContent()) ?? '';
  }
  await cdp.detach();
  return { status, faces, used, text };
}

/** Open each file and report what was drawn; optionally print it to PDF and count the pages. */
export async function checkPages(files: readonly string[], options: { print?: boolean } = {}): Promise<PageCheck[]> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const out: PageCheck[] = [];
    for (const file of files) {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const url = pathToFileURL(file).href;
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => {
        if (r.url() !== url) requests.push(r.url());
      });
      await page.goto(url, { waitUntil: 'load' });
      const charts = await page.$$eval('figure svg', (svgs) =>
        svgs.map((s) => {
          const box = s.getBoundingClientRect();
          return { name: s.getAttribute('data-chart'), width: box.width, height: box.height, marks: s.querySelectorAll('path, rect, line').length, texts: s.querySelectorAll('text').length };
        }),
      );
      let printedPages: number | undefined;
      if (options.print) {
        const pdf = await page.pdf({ format: 'A4', printBackground: true });
        printedPages = (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      }
      await page.setViewportSize({ width: PHONE_WIDTH, height: 800 });
      const overflowOnPhone = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      const chartWidthsOnPhone = await page.$$eval('figure svg', (svgs) => svgs.map((svg) => svg.getBoundingClientRect().width));
      out.push({ file, title: await page.title(), charts, errors, requests, printedPages, overflowOnPhone, chartWidthsOnPhone });
      await page.close();
    }
    return out;
  } finally {
    await browser.close();
  }
}
