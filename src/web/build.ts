/**
 * The browser sandbox as a static site, built in memory: `index.html` (styles and the embedded
 * fonts inline) and `app.js` (the page, with the simulation worker's code inside it). Nothing is
 * fetched from elsewhere, and it works opened from file:// as from any static host:
 *
 * - the page is a classic script (browsers refuse module scripts from file:// pages);
 * - the worker is started from a Blob URL made from its source (browsers refuse worker scripts
 *   from file:// URLs), so app.js carries the worker bundle as a string;
 * - fonts are inline data: URLs (browsers treat a file:// font as cross-origin and refuse it).
 *
 * esbuild bundles src/web/page/main.ts and src/web/page/worker.ts with the model core, which
 * imports nothing from Node and runs there as it is. The presets (scenarios/*.yaml) and the
 * govbuy version are compiled in. Fonts: subsets (report/pageFonts.ts) of every character the
 * page's code and presets hold, in both languages; text from a dropped file in characters
 * outside them falls back to the machine's fonts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml } from '../report/document.ts';
import { fontFaceCss, pageText } from '../report/pageFonts.ts';
import { packageVersion, PACKAGE_ROOT } from '../io/version.ts';
import type { PlaceFile } from './page/app.ts';
import { importPackage } from '../io/importPackage.ts';

export const PAGE_DIR = join(PACKAGE_ROOT, 'src', 'web', 'page');
export const SCENARIO_DIR = join(PACKAGE_ROOT, 'scenarios');

export interface Site {
  /** File name → content: index.html and app.js. */
  files: Record<string, string>;
  version: string;
}

/** The presets bundled with the page: every scenarios/*.yaml, by name. */
export function presetFiles(dir = SCENARIO_DIR): PlaceFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ id: f.replace(/\.yaml$/, ''), file: `scenarios/${f}`, text: readFileSync(join(dir, f), 'utf8'), preset: true }));
}

const COMMON = {
  bundle: true,
  format: 'iife' as const,
  platform: 'browser' as const,
  target: ['es2022', 'chrome100', 'firefox100', 'safari16'],
  minify: true,
  charset: 'utf8' as const,
  legalComments: 'eof' as const,
  write: false,
  logLevel: 'silent' as const,
};

async function bundle(entry: string, define: Record<string, string> = {}): Promise<string> {
  const esbuild = await importPackage<typeof import('esbuild')>('esbuild');
  const result = await esbuild.build({ ...COMMON, entryPoints: [entry], define });
  const [output] = result.outputFiles ?? [];
  if (!output) throw new Error(`esbuild wrote nothing for ${entry}`);
  return output.text;
}

function indexHtml(version: string, css: string, fontCss: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="govbuy ${escapeHtml(version)}">`,
    '<title>govbuy sandbox</title>',
    `<style>\n${fontCss}\n</style>`,
    `<style>\n${css}</style>`,
    '</head>',
    '<body>',
    '<div id="app"><noscript>The govbuy sandbox needs JavaScript. 本页需要 JavaScript。</noscript></div>',
    '<script src="app.js"></script>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * Of the characters in the page's code, those of the scripts its texts use: Latin, Greek,
 * punctuation and symbols, Chinese. The bundled libraries carry messages in many other scripts
 * (zod's locales, say) that the page never shows; embedding them would double the fonts.
 */
export function siteCharacters(chars: string): string {
  const shown = (code: number) =>
    code < 0x250 || (code >= 0x370 && code < 0x400) || (code >= 0x2000 && code < 0x2c00) || (code >= 0x3000 && code < 0x3040) || (code >= 0x3400 && code < 0xa000) || (code >= 0xff00 && code < 0xfff0);
  return [...chars].filter((c) => shown(c.codePointAt(0)!)).join('');
}

export async function buildSite(): Promise<Site> {
  const version = packageVersion();
  const workerSource = await bundle(join(PAGE_DIR, 'worker.ts'));
  const presets = presetFiles();
  const app = await bundle(join(PAGE_DIR, 'main.ts'), { GOVBUY_SITE: JSON.stringify({ version, presets, workerSource }) });
  const css = readFileSync(join(PAGE_DIR, 'page.css'), 'utf8');
  // Every character the page can show is in its code or its presets; no Chinese bold face
  // (browsers embolden the regular one), as it would double the fonts' size for headings only.
  const fontCss = await fontFaceCss({ all: siteCharacters(pageText(indexHtml(version, css, '') + app).all), bold: '' }, 'zh');
  return { files: { 'index.html': indexHtml(version, css, fontCss), 'app.js': app }, version };
}
