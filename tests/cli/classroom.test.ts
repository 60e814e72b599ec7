import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMarkdown } from '../../src/report/document.ts';
import { buildPack } from '../../src/report/classroom/pack.ts';
import { OPTIONS } from '../../src/report/classroom/options.ts';
import { optionScenarios, simulateOptions } from '../../src/report/classroom/simulate.ts';
import { OUTCOME_IDS } from '../../src/report/classroom/outcomes.ts';
import { ROLE_IDS, TEXTS } from '../../src/report/classroom/texts.ts';
import { checkFonts, checkPages, hasChromium, PHONE_WIDTH, SKIP_NOTE } from '../report/browser.ts';
import { pngSize } from '../report/helpers.ts';
import { chartFolderProblems } from '../report/vegaLiteSchema.ts';
import { cli, listing, tempDir, XITUN } from './helpers.ts';

let dir: string;
let cleanup: () => void;
let zh: string;
let zhOut: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  zh = join(dir, 'class-zh');
  const a = await cli('classroom', XITUN, '--lang', 'zh', '--years', '5', '--seeds', '3', '--first-seed', '11', '--out', zh);
  expect(a.err).toBe('');
  expect(a.code).toBe(0);
  zhOut = a.out;
});
afterAll(() => cleanup());

const read = (...p: string[]) => readFileSync(join(...p), 'utf8');

describe('govbuy classroom', () => {
  it('writes the participants’ pack, the teacher’s debrief, charts, outcomes.csv and a manifest', () => {
    expect(listing(zh)).toEqual(['charts', 'debrief.html', 'debrief.md', 'index.html', 'index.md', 'manifest.json', 'outcomes.csv']);
    // The screen is in Chinese too, the place by its Chinese name.
    expect(zhOut).toMatch(/^赤峰市红山区西屯街道：3 个方案 × 3 个种子（11–13），每次 5 年，用时 [\d.]+ 秒\n/);
    // The answer on the screen: each option against the status quo, its levers' outcomes first.
    expect(zhOut).toContain('B. 预付款 + 孵化 与 A. 维持现状 相比，按 3 个种子配对：\n  政策杠杆关注的结果——付款条件（资金断裂与退出）；孵化与登记改革（登记与进入）：\n');
    expect(zhOut).toMatch(/——对既有机构的补偿（阻力）；评估方式（服务质量与关停）；竞争性购买（合同竞争）：\n {2}结果 +A\. 维持现状 +C\. 补偿 \+ 第三方评估 +差异 \[95% 置信区间\] +变化\n {2}居委会的阻力（0–1）/);
    expect(zhOut).toContain('\n  其他明显的差异，从大到小：\n');
    expect(zhOut).toContain(`\n已写入 ${join(zh, 'index.html')}（参与者材料）、${join(zh, 'debrief.html')}（教师复盘单）`);
    // No English word is left on it: only paths, file names and the option letters.
    const words = zhOut.replaceAll(zh, '').replace(/[\w-]*\.(html|md|csv)\b|\/charts\//g, '').match(/[A-Za-z]{2,}/g);
    expect(words).toBeNull();
    const manifest = JSON.parse(read(zh, 'manifest.json'));
    expect(manifest).toMatchObject({ format: 'govbuy-classroom', formatVersion: 1, scenarioFile: XITUN, seeds: [11, 12, 13], lang: 'zh', sets: ['years=5'] });
    expect(manifest.options.map((o: { id: string }) => o.id)).toEqual(['statusQuo', 'advanceIncubator', 'compensationEvaluation']);

    const csv = read(zh, 'outcomes.csv').trimEnd().split('\n');
    expect(csv[0]).toBe(['option', 'seed', ...OUTCOME_IDS].join(','));
    expect(csv).toHaveLength(1 + 3 * 3);
    expect(csv[1]).toMatch(/^statusQuo,11,/);

    for (const stem of ['index', 'debrief']) {
      const md = read(zh, `${stem}.md`);
      const images = [...md.matchAll(/\]\(charts\/([\w.-]+)\.png\)/g)].map((m) => m[1]);
      expect(images.length).toBeGreaterThan(0);
      for (const name of images) {
        expect(pngSize(readFileSync(join(zh, 'charts', `${name}.png`))).width).toBeGreaterThan(300);
        expect(existsSync(join(zh, 'charts', `${name}.vl.json`))).toBe(true);
      }
      const html = read(zh, `${stem}.html`);
      expect(html.match(/<svg role="img"/g)).toHaveLength(images.length);
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
      expect(html).toContain('@media print');
    }
    expect(readdirSync(join(zh, 'charts'))).toHaveLength(6 * 3);
    // Every spec is valid Vega-Lite by vega-lite's own JSON Schema, as editors check it.
    expect(chartFolderProblems(join(zh, 'charts'))).toEqual([]);
  });

  it('gives the briefing, three options, four role briefs and questions in Chinese', () => {
    const index = read(zh, 'index.md');
    const tx = TEXTS.zh;
    for (const heading of [tx.packTitle('赤峰市红山区西屯街道'), tx.briefing, tx.theProblem, tx.options, tx.roles, tx.questions]) expect(index).toContain(heading);
    for (const id of ROLE_IDS) expect(index).toContain(`### ${tx.role[id].title}`);
    for (const o of OPTIONS) expect(index).toContain(`### ${tx.option[o.id].name}`);
    expect(index).toContain('无领导小组讨论');
    // The place is named only in Chinese, and described in Chinese.
    expect(index).not.toContain('Chifeng');
    expect(index).not.toContain('Xitun');
    expect(index).toContain('2013 年居民成立了 132 个自组织');
    expect(read(zh, 'debrief.md')).toContain('# 教师复盘单：赤峰市红山区西屯街道');
    expect(index).toContain('27,000');
    // What each option changes, in words, before → after.
    expect(index).toContain('合同预付比例：0.3 → 0.6');
    expect(index).toContain('由谁评估服务机构：购买方自评 → 第三方');
    // The teacher's sheet is separate.
    expect(index).not.toContain(tx.whatHappened);
    const debrief = read(zh, 'debrief.md');
    expect(debrief).toContain(tx.whatHappened);
    expect(debrief).toContain('charts/options-differences.png');
    expect(debrief).toMatch(/95% 置信区间/);
  });

  it('makes the same pack in English (built here without drawing the charts)', () => {
    const text = readFileSync(XITUN, 'utf8');
    const results = simulateOptions({ text, file: XITUN, sets: [], years: 3, seeds: [4, 5] });
    const pack = buildPack(results, 'en', { version: 'test', scenarioFile: XITUN });
    const index = toMarkdown(pack.student);
    expect(index).toContain('# Discussion pack: Chifeng Xitun street');
    for (const id of ROLE_IDS) expect(index).toContain(`### ${TEXTS.en.role[id].title}`);
    expect(index).toContain('share of a contract paid up front: 0.3 → 0.6');
    expect(index).toContain('who evaluates providers: the buyer itself → a third party');
    const debrief = toMarkdown(pack.teacher);
    expect(debrief).toContain('seeds 4–5');
    expect(debrief).toContain('## What the simulation says happened');
    expect(pack.outcomesCsv.split('\n')[1]).toMatch(/^statusQuo,4,/);
    expect(pack.charts.map((c) => c.name)).toEqual(['options-organizations', 'options-needs-met', 'options-resistance', 'options-trust', 'options-exits', 'options-differences']);
  });

  (hasChromium ? it : it.skip)(`the pack and the debrief load in headless Chromium, charts drawn, printable${SKIP_NOTE}`, async () => {
    const pages = await checkPages([join(zh, 'index.html'), join(zh, 'debrief.html')], { print: true });
    const [index, debrief] = pages;
    for (const page of pages) {
      expect(page.errors, page.file).toEqual([]);
      expect(page.requests, page.file).toEqual([]);
      expect(page.overflowOnPhone, `${page.file} at ${PHONE_WIDTH} px`).toBe(0);
      for (const c of page.charts) {
        expect(c.width, `${page.file} ${c.name}`).toBeGreaterThan(200);
        expect(c.height, `${page.file} ${c.name}`).toBeGreaterThan(100);
        expect(c.marks, `${page.file} ${c.name}`).toBeGreaterThan(5);
      }
    }
    expect(index.charts.map((c) => c.name)).toEqual(['options-organizations', 'options-needs-met', 'options-resistance', 'options-trust', 'options-exits']);
    expect(debrief.charts.map((c) => c.name)).toEqual(['options-differences']);
    expect(index.title).toBe('讨论材料：赤峰市红山区西屯街道');
    // Each role brief starts a printed page, and so do the questions.
    expect(index.printedPages).toBeGreaterThanOrEqual(7);
  });

  (hasChromium ? it : it.skip)(`the Chinese pack renders its Chinese in the embedded font, on a machine without Chinese fonts${SKIP_NOTE}`, async () => {
    const html = read(zh, 'index.html');
    expect(html).toMatch(/@font-face \{ font-family: 'Noto Sans S Chinese'; font-style: normal; font-weight: 400; [^}]*src: url\(data:font\/woff2;base64,/);
    const fonts = await checkFonts(join(zh, 'index.html'), ['h1', 'main > p:not(.meta)']);
    expect(fonts.status).toBe('loaded');
    expect(fonts.faces).toEqual(expect.arrayContaining(['Noto Sans S Chinese 400 loaded', 'Noto Sans S Chinese 700 loaded']));
    expect(fonts.text.h1).toBe('讨论材料：赤峰市红山区西屯街道');
    for (const selector of ['h1', 'main > p:not(.meta)']) {
      const used = fonts.used[selector];
      expect(used.length, selector).toBeGreaterThan(0);
      // Every glyph of the Chinese heading and paragraph comes from the embedded Noto subset.
      for (const f of used) expect(f, selector).toMatchObject({ familyName: expect.stringMatching(/^Noto Sans S Chinese/), isCustomFont: true });
    }
  });

  it('refuses an existing folder without --force', async () => {
    const before = read(zh, 'manifest.json');
    const r = await cli('classroom', XITUN, '--years', '2', '--seeds', '2', '--out', zh);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/already holds results; choose another --out or pass --force/);
    expect(read(zh, 'manifest.json')).toBe(before);
  });

  it('refuses bad input before simulating, writing nothing', async () => {
    const out = join(dir, 'never');
    const one = await cli('classroom', XITUN, '--seeds', '1', '--out', out);
    expect(one.code).toBe(2);
    expect(one.err).toMatch(/--seeds must be a whole number from 2 to 200 \(confidence intervals need two runs\), got "1"/);
    const bad = await cli('classroom', XITUN, '--set', 'policies.payments.advanceShare=2', '--out', out);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/policies\.payments\.advanceShare/);
    const lang = await cli('classroom', XITUN, '--lang', 'de', '--out', out);
    expect(lang.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('is not something `govbuy report` reports on', async () => {
    const r = await cli('report', zh);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is a classroom pack; it already has its pages/);
  });
});

describe('classroom options', () => {
  it('every option is a valid change of the scenario, described in both languages', () => {
    const text = readFileSync(XITUN, 'utf8');
    const scenarios = optionScenarios({ text, file: XITUN, sets: [], seeds: [] });
    expect(scenarios.map((s) => s.option.id)).toEqual(OPTIONS.map((o) => o.id));
    for (const o of OPTIONS) {
      for (const path of Object.keys(o.sets)) {
        expect(TEXTS.en.path[path], path).toBeDefined();
        expect(TEXTS.zh.path[path], path).toBeDefined();
      }
    }
    expect(scenarios[1].scenario.policies.payments.advanceShare).toBe(0.6);
    expect(scenarios[2].scenario.policies.evaluation.mode).toBe('thirdParty');
  });

  it('the two languages have the same number of items everywhere', () => {
    for (const id of ROLE_IDS) {
      for (const key of ['interests', 'constraints', 'push'] as const) expect(TEXTS.zh.role[id][key].length).toBe(TEXTS.en.role[id][key].length);
    }
    expect(TEXTS.zh.problem.length).toBe(TEXTS.en.problem.length);
    expect(TEXTS.zh.steps.length).toBe(TEXTS.en.steps.length);
  });
});
