/**
 * The session's pages as HTML shells: a heading, an empty main element and the scripts that
 * fill it (src/classroom/web/, served from /assets). Nothing of the session is in the HTML
 * itself — not even on the teacher's page: what a page shows comes over its WebSocket, after
 * the server has checked who is asking. Pure.
 */
import { escapeHtml } from '../report/document.ts';
import type { Lang } from '../report/i18n.ts';
import { CJK_FAMILY } from '../report/charts/common.ts';
import { htmlLang, otherLang, PAGE_TITLES, w, type PageKind } from './web/texts.ts';

export type { PageKind };

/*
 * The served Chinese font comes first in the family list; its unicode-range keeps it to Chinese,
 * so Latin text still takes the system's fonts. Listed after them, it lost a race in Chromium:
 * Chinese laid out before the font had arrived (the header's title, the English page's "中文"
 * button) was drawn as boxes and stayed so after the font loaded, even when laid out again
 * (tests/classroom/live.test.ts checks the fonts each is drawn with).
 */
const CSS = `
:root { color-scheme: light; --accent: #0072B2; --warn: #D55E00; --ok: #009E73; --line: #ddd; }
* { box-sizing: border-box; }
@font-face { font-family: '${CJK_FAMILY}'; src: url(/assets/cjk.woff2) format('woff2'); font-display: swap; unicode-range: U+2E80-9FFF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF; }
body { font-family: '${CJK_FAMILY}', system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', 'Noto Sans', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif;
  margin: 0; color: #1a1a1a; background: #fafafa; line-height: 1.45; }
header { background: #fff; border-bottom: 1px solid var(--line); padding: 10px 16px; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
header h1 { font-size: 1.15em; margin: 0; }
header .meta { color: #555; font-size: 0.9em; }
header .spacer { flex: 1; }
main { max-width: 1200px; margin: 0 auto; padding: 12px 16px 64px; }
section.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 12px 0; }
h2 { font-size: 1.1em; margin: 0.2em 0 0.6em; }
h3 { font-size: 1em; margin: 1em 0 0.4em; }
button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid #888; background: #fff; cursor: pointer; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button:disabled { opacity: 0.45; cursor: default; }
input, select { font: inherit; padding: 4px 6px; max-width: 100%; }
input[type=range] { width: 100%; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; padding: 6px 12px 10px; }
legend { font-weight: 600; padding: 0 4px; }
.lever { display: grid; grid-template-columns: minmax(10em, 1fr) minmax(8em, 14em) 6em; gap: 4px 10px; align-items: center; margin: 4px 0; }
.lever.off { opacity: 0.45; }
.lever .value { text-align: right; font-variant-numeric: tabular-nums; }
.lever.changed label { font-weight: 600; }
@media (max-width: 640px) { .lever { grid-template-columns: 1fr 6em; } .lever .control { grid-column: 1 / -1; } }
table { border-collapse: collapse; font-size: 0.9em; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.scroll { overflow-x: auto; }
.ci { color: #666; font-size: 0.85em; }
.clear-up { color: var(--ok); } .clear-down { color: var(--warn); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; background: #eee; font-size: 0.85em; }
.badge.ok { background: #d9f2e9; } .badge.warn { background: #fbe3d3; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 430px), 1fr)); gap: 8px; }
.charts > div { min-height: 120px; overflow-x: auto; }
.budget { height: 10px; background: #eee; border-radius: 5px; overflow: hidden; margin: 4px 0; }
.budget > div { height: 100%; background: var(--accent); }
.budget.over > div { background: var(--warn); }
#toast { position: fixed; left: 50%; bottom: 18px; transform: translateX(-50%); background: #333; color: #fff; padding: 8px 14px; border-radius: 6px; max-width: 90%; display: none; z-index: 10; }
#toast.error { background: var(--warn); }
.qr svg { width: 220px; height: 220px; }
.big { font-size: 1.3em; font-weight: 600; word-break: break-all; }
.row { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.grow { flex: 1; min-width: 260px; }
.muted { color: #666; }
.sticky { position: sticky; bottom: 0; background: #fff; border-top: 1px solid var(--line); padding: 2px 0; z-index: 5; }
.sticky p { margin: 6px 0; }
body.projector { font-size: 19px; }
body.projector main { max-width: none; }
`;

/**
 * An English page's language button, "中文", drawn from a small face of its own characters
 * (src/classroom/cjkFont.ts). Declared after the whole font, so it wins for them; the whole font
 * is then downloaded only if the page shows other Chinese.
 */
const LANGUAGE_BUTTON_FACE = `@font-face { font-family: '${CJK_FAMILY}'; src: url(/assets/cjk-label.woff2) format('woff2'); font-display: swap; unicode-range: ${[
  ...w('en', 'otherLanguage'),
]
  .map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase()}`)
  .join(', ')}; }`;

export function pageHtml(kind: PageKind, lang: Lang, code?: string): string {
  const withCharts = kind !== 'enter';
  const title = escapeHtml(w(lang, PAGE_TITLES[kind]));
  const scripts = [...(withCharts ? ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js'] : []), 'classroom.js'];
  return [
    '<!doctype html>',
    `<html lang="${htmlLang(lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title} · govbuy</title>`,
    `<style>${CSS}${lang === 'en' ? LANGUAGE_BUTTON_FACE : ''}</style>`,
    '</head>',
    `<body data-page="${kind}" data-lang="${lang}"${code ? ` data-code="${escapeHtml(code)}"` : ''}${kind === 'board' ? ' class="projector"' : ''}>`,
    `<header><h1>govbuy</h1><span class="meta" id="title">${title}</span><span class="spacer"></span><span class="meta" id="status"></span><button id="lang" type="button" lang="${htmlLang(otherLang(lang))}" title="${w(lang, 'language')}">${w(lang, 'otherLanguage')}</button></header>`,
    '<main id="app"></main>',
    '<div id="toast" role="status"></div>',
    ...scripts.map((s) => `<script src="/assets/${s}"></script>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
