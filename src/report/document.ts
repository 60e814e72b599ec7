/**
 * A small document model shared by reports and the classroom pack, and its two renderings:
 * a self-contained HTML page (charts inlined as SVG, styles inlined, print CSS, no external
 * URL) and Markdown (charts as PNG images in charts/). Pure.
 *
 * Inline text is plain text; `**bold**` is the only markup, in both renderings.
 */
import { FONT_FAMILIES, MONO_FAMILIES, PAGE_WIDTH } from './charts/common.ts';
import type { Lang } from './i18n.ts';

/** Folder, beside the pages, that holds every chart as .vl.json, .svg and .png. */
export const CHART_DIR = 'charts';

/**
 * The files of a report in `lang`: English keeps report.html, report.md and charts/; another
 * language writes beside it (report.zh.html, report.zh.md, charts.zh/), so both can sit in one
 * folder and neither --force replaces the other.
 */
export function reportFileNames(lang: string): { stem: string; html: string; md: string; charts: string } {
  const suffix = lang === 'en' ? '' : `.${lang}`;
  return { stem: `report${suffix}`, html: `report${suffix}.html`, md: `report${suffix}.md`, charts: `${CHART_DIR}${suffix}` };
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string; className?: string }
  | { kind: 'list'; items: string[]; ordered?: boolean }
  | { kind: 'table'; head: string[]; rows: string[][]; numeric?: boolean[]; className?: string }
  | { kind: 'chart'; name: string; alt: string }
  | { kind: 'code'; text: string; language?: string }
  /** A framed group (a role card, a note) that print keeps on one page when it can. */
  | { kind: 'box'; blocks: Block[]; className?: string }
  /** Starts a new printed page. */
  | { kind: 'pageBreak' };

export interface Document {
  lang: Lang;
  title: string;
  blocks: Block[];
}

// ── HTML ───────────────────────────────────────────────────────────────────

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function inlineHtml(text: string): string {
  return escapeHtml(text).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
}

/**
 * Make the ids inside one SVG unique in a page that inlines several (vega numbers its clip
 * paths and gradients from 1 in every SVG, and a page resolves url(#id) to the first match).
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}-${id})`)
    .replace(/\bhref="#([^"]+)"/g, (_, id: string) => `href="#${prefix}-${id}"`);
}

/** The SVG as an inline element that scales down to the page width. */
function inlineSvg(svg: string, name: string, alt: string): string {
  const body = prefixSvgIds(svg.replace(/^<\?xml[^>]*>\s*/, ''), `chart-${name}`);
  return body.replace(/^<svg\b/, `<svg role="img" aria-label="${escapeHtml(alt)}" data-chart="${escapeHtml(name)}" style="max-width:100%;height:auto"`);
}

/** The page's styles; text is set in the fonts the page embeds (pageFonts.ts), as its charts are. */
const css = (lang: Lang) => `
:root { color-scheme: light; }
body { font-family: ${FONT_FAMILIES[lang]};
  line-height: 1.55; color: #1a1a1a; background: #fff; margin: 0;
  /* A long path or hash in a sentence wraps at the window's edge rather than widen the page. */
  overflow-wrap: break-word; }
main { max-width: ${PAGE_WIDTH + 56}px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 1.7em; margin: 0.2em 0 0.4em; }
h2 { font-size: 1.3em; margin: 1.6em 0 0.5em; padding-bottom: 0.2em; border-bottom: 1px solid #ddd; }
h3 { font-size: 1.08em; margin: 1.2em 0 0.4em; }
p.meta { color: #555; font-size: 0.92em; margin: 0.2em 0; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.9em; width: auto; max-width: 100%; }
th, td { border: 1px solid #ddd; padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: #f4f4f4; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
/* A table wider than the window (many columns, figures that do not wrap, a phone) scrolls
   sideways inside its box rather than running off the page's edge. */
.table-scroll { max-width: 100%; overflow-x: auto; margin: 0.6em 0 1.2em; }
.table-scroll > table { margin: 0; }
table.wide { font-size: 0.8em; }
table.wide td:first-child { white-space: nowrap; font-family: ${MONO_FAMILIES}; }
figure { margin: 1em 0 1.6em; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; }
/* On a phone a chart drawn for the page's 924-px column would shrink to a third, its labels to
   4 px: below 640 px it keeps at least 560 px and scrolls sideways in its own box instead. */
@media screen and (max-width: 640px) { figure { overflow-x: auto; } figure svg { min-width: 560px; } }
pre { background: #f6f6f6; border: 1px solid #e4e4e4; padding: 10px 12px; overflow-x: auto; font-size: 0.82em; line-height: 1.4; }
code { font-family: ${MONO_FAMILIES}; }
.box { border: 1px solid #ccc; border-radius: 6px; padding: 4px 16px 8px; margin: 1em 0; break-inside: avoid; page-break-inside: avoid; }
.box.role { border-left: 6px solid #0072B2; }
.box.teacher { border-left: 6px solid #D55E00; background: #fffaf5; }
.box.question { border-left: 6px solid #009E73; }
.page-break { height: 0; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .page-break { break-before: page; page-break-before: always; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; }
  pre { white-space: pre-wrap; }
  .table-scroll { overflow: visible; }
}
`;

function blockHtml(block: Block, svgs: ReadonlyMap<string, string>): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${inlineHtml(block.text)}</h${block.level}>`;
    case 'paragraph':
      return `<p${block.className ? ` class="${block.className}"` : ''}>${inlineHtml(block.text)}</p>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      return `<${tag}>${block.items.map((i) => `<li>${inlineHtml(i)}</li>`).join('')}</${tag}>`;
    }
    case 'table': {
      const cls = (c: number) => (block.numeric?.[c] ? ' class="num"' : '');
      const head = `<thead><tr>${block.head.map((h, c) => `<th${cls(c)}>${inlineHtml(h)}</th>`).join('')}</tr></thead>`;
      const body = block.rows.map((r) => `<tr>${r.map((v, c) => `<td${cls(c)}>${inlineHtml(v)}</td>`).join('')}</tr>`).join('\n');
      return `<div class="table-scroll"><table${block.className ? ` class="${block.className}"` : ''}>${head}<tbody>\n${body}\n</tbody></table></div>`;
    }
    case 'chart': {
      const svg = svgs.get(block.name);
      if (svg === undefined) throw new Error(`chart "${block.name}" was not rendered`);
      return `<figure>${inlineSvg(svg, block.name, block.alt)}</figure>`;
    }
    case 'code':
      return `<pre><code>${escapeHtml(block.text)}</code></pre>`;
    case 'box':
      return `<section class="box${block.className ? ` ${block.className}` : ''}">\n${block.blocks.map((b) => blockHtml(b, svgs)).join('\n')}\n</section>`;
    case 'pageBreak':
      return '<div class="page-break"></div>';
  }
}

/** A self-contained page: every chart inlined from `svgs` (chart name → SVG text). */
export function toHtml(doc: Document, svgs: ReadonlyMap<string, string>): string {
  const lang = doc.lang === 'zh' ? 'zh-CN' : 'en';
  return [
    '<!doctype html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${css(doc.lang)}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...doc.blocks.map((b) => blockHtml(b, svgs)),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

// ── Markdown ───────────────────────────────────────────────────────────────

/** Text safe in a Markdown table cell or paragraph (no HTML, no stray table pipes). */
function inlineMd(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cellMd(text: string): string {
  return inlineMd(text).replace(/\|/g, '\\|');
}

function blockMd(block: Block, chartDir: string): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${inlineMd(block.text)}`;
    case 'paragraph':
      return inlineMd(block.text);
    case 'list':
      return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${inlineMd(item)}`).join('\n');
    case 'table': {
      const align = block.head.map((_, c) => (block.numeric?.[c] ? '---:' : '---'));
      return [`| ${block.head.map(cellMd).join(' | ')} |`, `| ${align.join(' | ')} |`, ...block.rows.map((r) => `| ${r.map(cellMd).join(' | ')} |`)].join('\n');
    }
    case 'chart':
      return `![${inlineMd(block.alt).replace(/[[\]]/g, '')}](${chartDir}/${block.name}.png)`;
    case 'code': {
      const fence = block.text.includes('```') ? '~~~~' : '```';
      return `${fence}${block.language ?? ''}\n${block.text.replace(/\n$/, '')}\n${fence}`;
    }
    case 'box':
      return block.blocks.map((b) => blockMd(b, chartDir)).join('\n\n');
    case 'pageBreak':
      return '---';
  }
}

/** Markdown with charts as images `<chartDir>/<name>.png`. */
export function toMarkdown(doc: Document, chartDir = CHART_DIR): string {
  return `${doc.blocks.map((b) => blockMd(b, chartDir)).join('\n\n')}\n`;
}

/** Names of the charts a document shows, in order. */
export function chartNames(blocks: readonly Block[]): string[] {
  return blocks.flatMap((b) => (b.kind === 'chart' ? [b.name] : b.kind === 'box' ? chartNames(b.blocks) : []));
}
