/**
 * Rendering a Vega-Lite spec without a browser: vega-lite compiles it to Vega, a headless Vega
 * view (renderer 'none') draws the SVG, and resvg rasterises that SVG to PNG with the fonts
 * that ship with govbuy (fonts.ts). Text widths are estimated per character class
 * (estimateTextWidth: there is no canvas to measure them), so labels are not clipped.
 */
import { renderAsync } from '@resvg/resvg-js';
import { estimateTextWidth, LATIN_FAMILY, type TopLevelSpec } from './charts/common.ts';
import { fontFilesFor } from './fonts.ts';
import { importPackage } from '../io/importPackage.ts';

export interface RenderedChart {
  svg: string;
  png: Uint8Array;
  /** Size of the SVG, in CSS pixels. */
  width: number;
  height: number;
  /** Pixels per CSS pixel in the PNG. */
  scale: number;
  /** Warnings vega-lite or vega logged (a correct chart has none). */
  warnings: string[];
}

export interface RenderOptions {
  /** PNG pixels per SVG pixel (default 2, sharp enough for print). */
  scale?: number;
}

interface TextItem {
  text?: unknown;
  fontSize?: number;
  fontWeight?: string | number;
}

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');
let libraries: Promise<{ vega: Vega; vegaLite: VegaLite }> | undefined;

/**
 * vega and vega-lite, loaded on the first chart. They are ES modules with top-level await, which
 * only import() can load: in the build govbuy runs (CommonJS, scripts/build.mjs) a static import
 * would become a require().
 */
function chartLibraries(): Promise<{ vega: Vega; vegaLite: VegaLite }> {
  libraries ??= Promise.all([importPackage<Vega>('vega'), importPackage<VegaLite>('vega-lite')]).then(([vega, vegaLite]) => {
    installTextMetrics(vega);
    return { vega, vegaLite };
  });
  return libraries;
}

/** Replace vega's flat 0.8-em estimate with the per-character one (vega's documented hook). */
function installTextMetrics(vega: Vega): void {
  const metrics = (vega as unknown as { textMetrics?: { width: (item: TextItem, text?: unknown) => number } }).textMetrics;
  if (!metrics) return;
  metrics.width = (item: TextItem, text?: unknown) => {
    const value = text === undefined ? item.text : text;
    const lines = Array.isArray(value) ? value.map(String) : value == null ? [] : [String(value)];
    const size = typeof item.fontSize === 'number' ? item.fontSize : 11;
    const bold = item.fontWeight === 'bold' || (typeof item.fontWeight === 'number' && item.fontWeight >= 600);
    return Math.max(0, ...lines.map((l) => estimateTextWidth(l, size, bold)));
  };
}

function collectingLogger(warnings: string[]) {
  let level = 0;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) {
      warnings.push(`error: ${args.map(String).join(' ')}`);
      return logger;
    },
    warn(...args: unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

function svgSize(svg: string): { width: number; height: number } {
  const head = svg.slice(0, svg.indexOf('>'));
  const width = Number(/\bwidth="([\d.]+)"/.exec(head)?.[1]);
  const height = Number(/\bheight="([\d.]+)"/.exec(head)?.[1]);
  if (!(width > 0 && height > 0)) throw new Error('vega produced an SVG without a size');
  return { width, height };
}

function resvgOptions(svg: string, scale: number) {
  return {
    fitTo: { mode: 'zoom' as const, value: scale },
    background: 'white',
    font: { loadSystemFonts: false, fontFiles: fontFilesFor(svg), defaultFontFamily: LATIN_FAMILY, sansSerifFamily: LATIN_FAMILY },
    languages: ['en', 'zh-CN'],
  };
}

/** The SVG of a Vega-Lite spec, drawn by a headless vega view. */
export async function specToSvg(spec: TopLevelSpec, warnings: string[] = []): Promise<string> {
  const { vega, vegaLite } = await chartLibraries();
  const logger = collectingLogger(warnings);
  const compiled = vegaLite.compile(spec, { logger: logger as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger: logger as never, logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** SVG to PNG at `scale` pixels per SVG pixel. */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const image = await renderAsync(svg, resvgOptions(svg, scale));
  return image.asPng();
}

/** Spec → SVG and PNG. */
export async function renderChart(spec: TopLevelSpec, options: RenderOptions = {}): Promise<RenderedChart> {
  const scale = options.scale ?? 2;
  const warnings: string[] = [];
  const svg = await specToSvg(spec, warnings);
  return { svg, png: await svgToPng(svg, scale), ...svgSize(svg), scale, warnings };
}
