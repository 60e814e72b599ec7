/**
 * What every chart shares: the chart type, the texts a caller passes in (already translated),
 * the fonts and look, and rounding of the data embedded in a spec. Chart functions are pure:
 * result rows in, a Vega-Lite spec out (data inlined, so a saved .vl.json is self-contained).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Lang } from '../i18n.ts';

export type { TopLevelSpec };

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** A chart to be written: `name` is its file stem (charts/<name>.svg …). */
export interface Chart {
  name: string;
  spec: TopLevelSpec;
}

/** Texts of a chart, in the report's language. */
export interface ChartText {
  title: string;
  subtitle?: string;
  x?: string;
  y?: string;
  legend?: string;
}

export interface ChartOptions {
  lang: Lang;
  text: ChartText;
  /** Plot width and height in pixels (the whole chart for single views). */
  width?: number;
  height?: number;
}

/**
 * Family names declared by the font files govbuy ships (src/report/fonts.ts): the PNG renderer
 * loads them, and HTML pages embed subsets of them under these names (src/report/pageFonts.ts).
 */
export const LATIN_FAMILY = 'DejaVu Sans';
export const CJK_FAMILY = 'Noto Sans S Chinese';
export const MONO_FAMILY = 'DejaVu Sans Mono';

/**
 * Font families, first choice first: the shipped fonts (embedded in every page that shows the
 * chart), then what browsers showing a chart's SVG file on its own are likely to have. Chinese
 * text sets everything in the Chinese font first, so its punctuation and digits match.
 */
const CJK_FALLBACKS = "'Noto Sans SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei'";
export const FONT_FAMILIES: Record<Lang, string> = {
  en: `'${LATIN_FAMILY}', '${CJK_FAMILY}', 'Noto Sans', ${CJK_FALLBACKS}, sans-serif`,
  zh: `'${CJK_FAMILY}', '${LATIN_FAMILY}', ${CJK_FALLBACKS}, sans-serif`,
};
/** Monospaced text (code, parameter paths), with the Chinese font for any Chinese in it. */
export const MONO_FAMILIES = `'${MONO_FAMILY}', '${CJK_FAMILY}', ui-monospace, monospace`;

/** Colour-blind-safe categorical palette (Okabe–Ito, black last). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

/**
 * Width of a page's text column in CSS pixels (document.ts lays pages out to it). Charts are
 * drawn this wide, so that in report.html they span the page, and shrink with it on a narrow
 * screen or in print (the SVG scales to at most 100% of its column).
 */
export const PAGE_WIDTH = 924;
export const DEFAULT_WIDTH = PAGE_WIDTH;
export const DEFAULT_HEIGHT = 260;

/** Shared look: fonts, sizes, a white background. */
export function chartConfig(lang: Lang) {
  const font = FONT_FAMILIES[lang];
  return {
    font,
    background: 'white',
    padding: 8,
    view: { stroke: '#ddd' },
    title: { fontSize: 15, subtitleFontSize: 11, subtitleColor: '#555', anchor: 'start' as const, offset: 10 },
    axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' as const, gridColor: '#eee' },
    legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' as const, labelLimit: 260 },
    header: { labelFontSize: 12, titleFontSize: 12 },
  };
}

/** The title block of a spec. */
export function titleOf(text: ChartText) {
  return text.subtitle ? { text: text.title, subtitle: text.subtitle } : { text: text.title };
}

/** A number rounded to 6 significant digits, so embedded data stays small and readable. */
export function round6(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(6));
}

/** Rows with their numeric fields rounded (round6) and non-finite numbers refused. */
export function roundRows<T extends object>(rows: readonly T[]): T[] {
  return rows.map((row, i) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) {
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) throw new Error(`chart data row ${i + 1}: ${k} is ${v}`);
        out[k] = round6(v);
      } else out[k] = v;
    }
    return out as T;
  });
}

/**
 * The value domain for a series whose values are all equal, which vega would draw with a
 * single tick labelled "0.000000": a unit span around the value ([0, 1] for a constant zero on
 * a zero-based or non-negative axis, v ± 10% otherwise). Undefined when the values vary, or
 * when a zero-based axis already spans [0, v].
 */
export function flatDomain(values: Iterable<number>, options: { zero: boolean; nonNegative?: boolean }): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity || lo !== hi || (options.zero && lo !== 0)) return undefined;
  const pad = lo === 0 ? 1 : Math.abs(lo) / 10;
  return [lo === 0 && (options.zero || options.nonNegative) ? 0 : lo - pad, lo + pad];
}

/**
 * For faceted charts, whose panels cannot each be given a domain: rows `{ [key]: group, pad }`
 * for an invisible layer (flatPadLayer) that widens the scale of each panel whose values are all
 * equal to its flatDomain. When any panel is flat, every panel gets two rows (the others at their
 * own extremes, changing nothing) so that no panel has an empty `pad` field; none otherwise.
 */
export function flatPadRows<T>(rows: readonly T[], key: keyof T & string, values: (row: T) => number[], options: { zero: boolean; nonNegative?: boolean }): Record<string, unknown>[] {
  const groups = new Map<unknown, number[]>();
  for (const r of rows) {
    const finite = values(r).filter(Number.isFinite);
    const g = groups.get(r[key]);
    if (g) g.push(...finite);
    else groups.set(r[key], finite);
  }
  const spans = [...groups].filter(([, vs]) => vs.length > 0).map(([group, vs]) => ({ group, flat: flatDomain(vs, options), vs }));
  if (!spans.some((s) => s.flat)) return [];
  return spans.flatMap(({ group, flat, vs }) => (flat ?? [Math.min(...vs), Math.max(...vs)]).map((pad) => ({ [key]: group, pad })));
}

/** Transparent points at the pad rows' values on `channel`; the chart's other layers filter the pad rows out (NOT_PAD). */
export function flatPadLayer(channel: 'x' | 'y') {
  return { transform: [{ filter: 'isValid(datum.pad)' }], mark: { type: 'point' as const, opacity: 0 }, encoding: { [channel]: { field: 'pad', type: 'quantitative' as const } } };
}
export const NOT_PAD = { filter: '!isValid(datum.pad)' };

/** Distinct values in order of first appearance, with `preferred` (when given) first. */
export function orderOf<T>(values: Iterable<T>, preferred: readonly T[] = []): T[] {
  const seen = new Set<T>(values);
  return [...preferred.filter((v) => seen.has(v)), ...[...seen].filter((v) => !preferred.includes(v))];
}

/** Legend columns that fit `labels` side by side in `width` pixels (1 to 3). */
export function legendColumns(labels: readonly string[], width: number, fontSize = 11): number {
  const widest = Math.max(0, ...labels.map((l) => estimateTextWidth(l, fontSize))) + 40;
  return Math.max(1, Math.min(3, labels.length, Math.floor(width / widest)));
}

/** A colour scale over `domain`, in palette order. */
export function colorScale(domain: readonly string[]) {
  return { domain: [...domain], range: domain.map((_, i) => PALETTE[i % PALETTE.length]) };
}

/** Width of a character in ems, by class: CJK and full-width forms 1, Latin by letter shape. */
function charWidth(code: number, ch: string): number {
  if ((code >= 0x2e80 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || code >= 0x20000)
    return 1;
  if (ch >= '0' && ch <= '9') return 0.64;
  if ('il.,:;|!\'`'.includes(ch)) return 0.3;
  if ('fjrtI()[]{} '.includes(ch)) return 0.4;
  if ('mwMW%'.includes(ch)) return 0.92;
  if (ch >= 'A' && ch <= 'Z') return 0.7;
  if (ch >= 'a' && ch <= 'z') return 0.6;
  if ('–—…'.includes(ch)) return 0.9;
  return 0.62;
}

/** Estimated width in pixels of `text` at `fontSize`. */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += charWidth(ch.codePointAt(0) ?? 0, ch);
  return em * fontSize * (bold ? 1.08 : 1);
}
