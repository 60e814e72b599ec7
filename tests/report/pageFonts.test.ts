/**
 * Fonts embedded in pages: which characters a page needs (all, and bold), which faces it gets,
 * and that each face is a WOFF2 subset inline in the page. That a browser draws the page's
 * Chinese with them is checked in Chromium by the report and classroom tests.
 */
import { describe, expect, it } from 'vitest';
import { embedFonts, fontFaceCss, pageText } from '../../src/report/pageFonts.ts';

/** family weight → decoded font bytes, for every @font-face rule of a page. */
function faces(css: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const m of css.matchAll(/@font-face \{ font-family: '([^']+)'; font-style: normal; font-weight: (\d+); [^}]*src: url\(data:font\/woff2;base64,([A-Za-z0-9+/=]+)\) format\('woff2'\); \}/g)) {
    out.set(`${m[1]} ${m[2]}`, Buffer.from(m[3], 'base64'));
  }
  return out;
}

const page = (lang: string, body: string) => `<!doctype html>\n<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n<title>t</title>\n</head>\n<body>${body}</body>\n</html>\n`;

describe('fonts embedded in pages', () => {
  it('finds every character of a page, and those set in bold', () => {
    const html = page('zh', '<h1>模拟报告</h1><p>需求&amp;满足 &#x8D64;</p><table><tr><th>指标</th></tr></table><svg><text font-weight="bold">标题</text><text font-weight="normal">年份</text></svg><p>**<strong>粗</strong></p>');
    const text = pageText(html);
    for (const c of '模拟报告需求满足&赤指标标题年份粗') expect(text.all).toContain(c);
    expect(text.bold).toBe([...new Set('模拟报告指标标题粗')].sort().join(''));
  });

  it('gives an English page without Chinese only the Latin faces, and a Chinese page both Chinese weights', async () => {
    const en = faces(await fontFaceCss(pageText(page('en', '<h1>Report</h1><p>Needs met: 54%</p>')), 'en'));
    expect([...en.keys()]).toEqual(['DejaVu Sans 400', 'DejaVu Sans 700', 'DejaVu Sans Mono 400']);
    const zh = faces(await fontFaceCss(pageText(page('zh', '<h1>模拟报告</h1><p>需求满足率 54%</p>')), 'zh'));
    expect([...zh.keys()]).toEqual(['DejaVu Sans 400', 'DejaVu Sans 700', 'DejaVu Sans Mono 400', 'Noto Sans S Chinese 400', 'Noto Sans S Chinese 700']);
    for (const [face, bytes] of [...en, ...zh]) expect(bytes.subarray(0, 4).toString('latin1'), face).toBe('wOF2');
    // A subset, not the 8 MB font: a few Chinese characters take a few kilobytes.
    expect(zh.get('Noto Sans S Chinese 400')!.length).toBeLessThan(20_000);
  });

  it('embeds only the glyphs on the page: more characters, a larger face', async () => {
    const size = async (body: string) => faces(await fontFaceCss(pageText(page('zh', body)), 'zh')).get('Noto Sans S Chinese 400')!.length;
    const few = await size('<p>社会组织</p>');
    const many = await size('<p>社会组织的存活与退出，居委会的阻力，居民的需求满足率与满意度，政府购买服务的预算</p>');
    expect(many).toBeGreaterThan(few + 2000);
  });

  it('puts the fonts last in the head, keeping the charset first, and gives the same bytes for the same page', async () => {
    const html = page('zh', '<h1>讨论材料</h1>');
    const embedded = await embedFonts(html, 'zh');
    expect(embedded.indexOf('<meta charset="utf-8">')).toBeLessThan(1024);
    expect(embedded.indexOf('@font-face')).toBeLessThan(embedded.indexOf('</head>'));
    expect(embedded.indexOf('@font-face')).toBeGreaterThan(embedded.indexOf('<title>'));
    expect(embedded.replace(/<style>[\s\S]*<\/style>\n/, '')).toBe(html);
    expect(await embedFonts(html, 'zh')).toBe(embedded);
  });
});
