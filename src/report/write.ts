/**
 * Turning charts and a document into files: every chart as charts/<name>.vl.json (the spec,
 * editable), .svg and .png, and the document as a self-contained HTML page (charts inline, fonts
 * embedded) and as Markdown that shows the PNGs.
 */
import type { FileContent } from '../io/files.ts';
import { stableJson } from '../io/formats.ts';
import type { Chart } from './charts/common.ts';
import { CHART_DIR, chartNames, toHtml, toMarkdown, type Document } from './document.ts';
import { embedFonts } from './pageFonts.ts';
import { renderChart, type RenderedChart } from './render.ts';

export interface RenderedCharts {
  /** charts/<name>.vl.json, .svg and .png. */
  files: Record<string, FileContent>;
  /** Chart name → SVG text, for inlining. */
  svgs: Map<string, string>;
  /** Warnings from vega-lite or vega, by chart (none for a correct chart). */
  warnings: string[];
}

export async function renderCharts(charts: readonly Chart[], scale = 2, chartDir = CHART_DIR): Promise<RenderedCharts> {
  const names = new Set<string>();
  for (const c of charts) {
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(c.name) || names.has(c.name)) throw new Error(`chart name "${c.name}" is not a unique plain file name`);
    names.add(c.name);
  }
  // One at a time: resvg reads the fonts for every text it draws, and parallel renders only
  // contend for the same memory.
  const rendered: RenderedChart[] = [];
  for (const c of charts) rendered.push(await renderChart(c.spec, { scale }));
  const files: Record<string, FileContent> = {};
  const svgs = new Map<string, string>();
  const warnings: string[] = [];
  charts.forEach((c, i) => {
    const r = rendered[i];
    files[`${chartDir}/${c.name}.vl.json`] = stableJson(c.spec);
    files[`${chartDir}/${c.name}.svg`] = r.svg;
    files[`${chartDir}/${c.name}.png`] = r.png;
    svgs.set(c.name, r.svg);
    for (const w of r.warnings) warnings.push(`${c.name}: ${w}`);
  });
  return { files, svgs, warnings };
}

/**
 * The files of one or more documents (name stem → document) with their charts: the charts
 * first, then each document's .md, then each .html, so that the pages, written last, mark
 * completion. `chartDir` is the charts' folder (charts/, or charts.zh/ beside an English report).
 */
export async function documentFiles(docs: Readonly<Record<string, Document>>, charts: readonly Chart[], chartDir = CHART_DIR): Promise<RenderedCharts> {
  const known = new Set(charts.map((c) => c.name));
  for (const [stem, doc] of Object.entries(docs)) {
    for (const name of chartNames(doc.blocks)) if (!known.has(name)) throw new Error(`${stem} shows chart "${name}", which is not among the charts`);
  }
  const rendered = await renderCharts(charts, 2, chartDir);
  const files: Record<string, FileContent> = { ...rendered.files };
  for (const [stem, doc] of Object.entries(docs)) files[`${stem}.md`] = toMarkdown(doc, chartDir);
  for (const [stem, doc] of Object.entries(docs)) files[`${stem}.html`] = await embedFonts(toHtml(doc, rendered.svgs), doc.lang);
  return { ...rendered, files };
}
