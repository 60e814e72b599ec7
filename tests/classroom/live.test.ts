/**
 * A live classroom session end to end: `govbuy classroom serve` in its own process, the teacher
 * and the groups in separate Chromium contexts (as on separate phones), clients that misbehave
 * on raw WebSockets, and the server killed with SIGKILL mid-round and started again.
 * Skipped, saying so, where /usr/bin/chromium is missing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, fontsOf, hasChromium, PHONE_WIDTH, SKIP_NOTE, type UsedFont } from '../report/browser.ts';
import { tempDir, XITUN } from '../cli/helpers.ts';
import { Peer, socketUrl, startServer, type Server } from './helpers.ts';

// Xitun at a ninth of its size, after a two-year warm-up (purchase starts in its third year).
const PLACE = [XITUN, '--port', '0', '--set', 'region.population=3000', '--warmup', '2', '--workers', '1'];
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

let browser: Browser;
let dir: string;
let cleanup: () => void;
const servers: Server[] = [];

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('govbuy-classroom-'));
  if (hasChromium) {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }
});

afterAll(async () => {
  for (const s of servers) s.proc.kill('SIGKILL');
  await browser?.close();
  cleanup();
});

async function serve(args: string[], env?: Record<string, string>): Promise<Server> {
  const s = await startServer(args, env);
  servers.push(s);
  return s;
}

/** Chinese-only text drawn wholly in the font the server serves: no system font, no boxes. */
function expectServedFont(used: Record<string, UsedFont[]>): void {
  for (const [selector, fonts] of Object.entries(used)) {
    expect(fonts.length, selector).toBeGreaterThan(0);
    for (const f of fonts) expect(f, selector).toMatchObject({ familyName: expect.stringMatching(/^Noto Sans S Chinese/), isCustomFont: true });
  }
}

/** A page whose console errors fail the test. */
async function open(ctx: BrowserContext, url: string): Promise<Page> {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(url);
  return page;
}

async function joinGroup(url: string, name: string, team: number, role?: string): Promise<Page> {
  const page = await open(await browser.newContext({ viewport: { width: 420, height: 900 } }), url);
  await page.fill('#me input[name=name]', name);
  await page.selectOption('#me select[name=team]', String(team));
  if (role) await page.selectOption('#me select[name=role]', role);
  await page.click('#me button[type=submit]');
  await page.waitForSelector('#editor fieldset');
  return page;
}

async function setLever(page: Page, path: string, value: number | boolean): Promise<void> {
  const control = page.locator(`[data-path="${path}"]`);
  if (typeof value === 'boolean') await control.setChecked(value);
  else
    await control.evaluate((el, v) => {
      (el as HTMLInputElement).value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, value);
}

async function submit(page: Page): Promise<void> {
  await page.click('#submit');
  await page.waitForSelector('#pkg-actions .badge.ok');
}

/**
 * Wait until the board shows round `round` with `arms` rows, every run in and every criterion with
 * its interval. If it does not, the error says what the board shows instead and, given the
 * server, what the server last said on stderr (a failed run, say).
 */
async function waitForBoard(page: Page, round: number, arms: number, server?: Server): Promise<void> {
  try {
    await page.waitForFunction(
      ([round, arms]) => {
        const title = document.querySelector('#board .board-head h2')?.textContent ?? '';
        const rows = [...document.querySelectorAll('#board .board-head table.board tbody tr')];
        return title.includes(`Round ${round}:`) && rows.length === arms && rows.every((r) => !r.querySelector('td .badge') && r.querySelectorAll('td[data-criterion] .ci').length >= 5);
      },
      [round, arms],
      { timeout: 40_000 },
    );
  } catch (err) {
    const board = await page
      .locator('#board .board-head')
      .textContent({ timeout: 1000 })
      .catch(() => '(no board)');
    const said = server ? `\nthe server's stderr ends: ${server.stderr().slice(-2000) || '(nothing)'}` : '';
    throw new Error(`${(err as Error).message}\nthe board shows: ${board}${said}`);
  }
}

async function teacherAction(page: Page, button: string): Promise<void> {
  await page.waitForSelector(`#rounds ${button}`);
  await page.click(`#rounds ${button}`);
}

/** How far the page runs past a phone's width, in CSS pixels (0: it fits), at the size it then has. */
async function overflowOnPhone(page: Page): Promise<number> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: PHONE_WIDTH, height: 800 });
  // Two frames: the charts redraw for the new width.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (size) await page.setViewportSize(size);
  return overflow;
}

const records = (data: string) =>
  readdirSync(join(data, 'runs'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: f, mtime: statSync(join(data, 'runs', f)).mtimeMs, ...(JSON.parse(readFileSync(join(data, 'runs', f), 'utf8')) as { round: number; startMonth: number }) }));

describe.skipIf(!hasChromium)(`a live classroom session in package mode${SKIP_NOTE}`, () => {
  let server: Server;
  let data: string;
  let teacher: Page;
  let groups: Page[];

  beforeAll(async () => {
    data = join(dir, 'package');
    // Runs of round 3 on take half a second each, so that the server is killed while they go.
    server = await serve([...PLACE, '--data', data], { GOVBUY_TEST_SLOW_RUNS: '3:500' });
    teacher = await open(await browser.newContext({ viewport: { width: 1200, height: 1000 } }), server.teacher);
    await teacher.waitForSelector('#join-url');
    await teacher.fill('#settings input[name=groups]', '4');
    await teacher.fill('#settings input[name=seeds]', '3');
    await teacher.fill('#settings input[name=years]', '2');
    await teacher.click('#settings button[type=submit]');
    await teacher.waitForFunction(() => document.querySelectorAll('#people tr').length === 4);
  });

  it('prints the teacher’s and the join URL, each alone on its line, and a QR code', () => {
    const urls = server.stdout.split('\n').filter((l) => /https?:\/\//.test(l));
    expect(urls).toEqual([server.teacher, server.join]);
    expect(server.teacher).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/teacher\?token=[0-9a-f]{32}$/);
    expect(server.join).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/join\/[A-Z2-9]{5}$/);
    expect(server.stdout).toMatch(/▄/); // the QR code, drawn in blocks
  });

  it('joins four groups by code, takes their packages, and shows every group with intervals on the board; a second round continues the first', async () => {
    groups = await Promise.all([1, 2, 3, 4].map((n) => joinGroup(server.join, `Student ${n}`, n)));
    await teacherAction(teacher, '#start');
    await setLever(groups[0], 'policies.incubator.slots', 15);
    await setLever(groups[1], 'policies.payments.advanceShare', 0.9);
    await setLever(groups[2], 'policies.transfer.perYear', 0.5);
    await setLever(groups[3], 'policies.compensation.enabled', true);
    await Promise.all(groups.map(submit));
    await teacherAction(teacher, '#close');
    await waitForBoard(teacher, 1, 5);
    const row = (arm: number) => teacher.locator(`#board table.board tr[data-arm="${arm}"]`);
    await expect(row(1).textContent()).resolves.toMatch(/Incubator places: \d+ → 15/);
    // A chart per criterion, each fitting its cell, with a point for every group and the status quo.
    await teacher.waitForFunction(() => document.querySelectorAll('#board [data-chart] svg .mark-symbol path').length === 5 * 5);
    const cells = await teacher.$$eval('#board [data-chart]', (els) => els.map((el) => ({ chart: el.querySelector('svg')!.getBoundingClientRect().width, cell: el.clientWidth })));
    expect(cells).toHaveLength(5);
    for (const c of cells) expect(c.chart).toBeLessThanOrEqual(c.cell + 1);
    // Everyone sees the same board, live.
    await waitForBoard(groups[2], 1, 5);
    // On a phone, the teacher's page (settings, rounds, board, participants) and a group's fit its width.
    expect(await overflowOnPhone(teacher), `the teacher's page at ${PHONE_WIDTH} px`).toBe(0);
    expect(await overflowOnPhone(groups[2]), `a group's page at ${PHONE_WIDTH} px`).toBe(0);

    await teacherAction(teacher, '#start');
    await setLever(groups[1], 'policies.payments.delayMonths', 0);
    await submit(groups[1]);
    await teacherAction(teacher, '#close');
    await waitForBoard(teacher, 2, 5);
    await expect(teacher.locator('#board .board-rest details').count()).resolves.toBe(1); // round 1, folded
    // Round 2 went on from each world where round 1 left it: after the warm-up's 24 months and round 1's 24.
    const round2 = records(data).filter((r) => r.round === 2);
    expect(round2.length).toBeGreaterThan(0);
    for (const r of round2) expect(r.startMonth).toBe(48);
  });

  it('shows its Chinese in the font it serves, on a machine without Chinese fonts (this Chromium has none)', async () => {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 800 } })).newPage();
    const fonts: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('.woff2')) fonts.push(new URL(r.url()).pathname);
    });
    await page.goto(server.join);
    await page.waitForSelector('#me form');
    // The English page's one Chinese word, the language button, is laid out before its font has
    // arrived: it must be drawn in the served font all the same, not as two boxes. Its face is
    // a small one of its own: the whole font is not downloaded for two characters.
    const english = await fontsOf(page, ['#lang']);
    expect(english.text['#lang']).toBe('中文');
    expectServedFont(english.used);
    expect(fonts).toEqual(['/assets/cjk-label.woff2']);
    // Marked as Chinese, so that a screen reader reads it as Chinese.
    expect(await page.getAttribute('#lang', 'lang')).toBe('zh-CN');
    // The join page fits a phone's width.
    expect(await overflowOnPhone(page), `the join page at ${PHONE_WIDTH} px`).toBe(0);
    // Switched to Chinese, the page downloads the whole font and draws its Chinese with it,
    // the header's included.
    await page.click('#lang');
    await page.waitForFunction(() => /[\u4e00-\u9fff]/.test(document.querySelector('#me label')?.textContent ?? ''));
    const switched = await fontsOf(page, ['#title', '#status', '#lang']);
    expect(switched.text).toEqual({ '#title': '课堂', '#status': '已连接', '#lang': 'English' });
    expectServedFont({ '#title': switched.used['#title'], '#status': switched.used['#status'] });
    expect(await page.title()).toBe('课堂 · govbuy');
    expect(await page.getAttribute('#lang', 'lang')).toBe('en');
    await expect(page.locator('#me label').first().textContent()).resolves.toMatch(/^你的名字/);
    expect(fonts).toEqual(['/assets/cjk-label.woff2', '/assets/cjk.woff2']);
    const woff2 = await fetch(new URL('/assets/cjk.woff2', server.join));
    expect(woff2.headers.get('content-type')).toBe('font/woff2');
    expect((await woff2.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    await page.context().close();

    // A session in Chinese: its header is in the HTML, laid out before the font has arrived too.
    const zh = await serve([...PLACE, '--lang', 'zh', '--data', join(dir, 'zh')]);
    const zhPage = await open(await browser.newContext({ viewport: { width: 390, height: 800 } }), zh.join);
    // Its join form (drawn from the session's first views, so after the socket opened): #me alone is
    // in the page's shell before any connection, and the status would still say "connecting".
    await zhPage.waitForSelector('#me form');
    const chinese = await fontsOf(zhPage, ['#title', '#status']);
    expect(chinese.text).toEqual({ '#title': '课堂', '#status': '已连接' });
    expectServedFont(chinese.used);
    await zhPage.context().close();
    zh.proc.kill('SIGTERM');
  });

  it('refuses the teacher’s page with a wrong token, showing nothing of the session', async () => {
    const wrong = server.teacher.replace(/token=\w+/, 'token=0123456789abcdef0123456789abcdef');
    const res = await fetch(wrong);
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('Forbidden\n');
    await expect(Peer.open(socketUrl(wrong))).rejects.toThrow(/403/);
    expect((await fetch(server.teacher)).status).toBe(200);
  });

  it('refuses a group editing another group’s package or acting as teacher, and bad or oversized messages', async () => {
    const eve = await Peer.open(socketUrl(server.join));
    expect(await eve.request({ type: 'submit', team: 1, values: {} })).toMatchObject({ type: 'error', reason: 'join a group first' });
    expect(await eve.request({ type: 'join', name: 'Eve', team: 3 })).toMatchObject({ type: 'joined', team: 3 });
    expect(await eve.request({ type: 'submit', team: 4, values: { 'policies.payments.advanceShare': 1 } })).toMatchObject({ type: 'error', reason: "you are in group 3: you can change only group 3's package" });
    for (const type of ['startRound', 'closeRound', 'endSession', 'export'])
      expect(await eve.request({ type })).toMatchObject({ type: 'error', reason: expect.stringMatching(/^only the teacher can /) });
    expect(await eve.request({ type: 'configure', settings: { budget: 1e9 } })).toMatchObject({ type: 'error', reason: 'only the teacher can change the settings' });
    expect(await eve.request({ type: 'submit', team: 3, values: { 'policies.payments.advanceShare': 'all' } })).toMatchObject({ type: 'error', reason: expect.stringMatching(/advanceShare/) });
    expect(await eve.request({ type: 'submit', team: 3, values: { 'governments.street.purchaseShare': 0.15, 'policies.incubator.slots': 40 } })).toMatchObject({ type: 'error', reason: expect.stringMatching(/^over budget: this package costs about ¥[\d,]+ a year and the budget is ¥[\d,]+/) });
    eve.ws.send('{"type":"submit",');
    eve.ws.send(JSON.stringify({ type: 'join', name: 'x'.repeat(20_000), team: 1 }));
    expect(await eve.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
    const refusals = eve.messages.filter((m) => m.type === 'error' && m.ref === undefined).map((m) => m.reason);
    expect(refusals).toEqual(['message refused: it is not JSON', expect.stringMatching(/^message refused: \d+ bytes, at most 16384$/)]);
    // A frame far beyond any message closes the connection.
    eve.ws.send('x'.repeat(2 * 1024 * 1024));
    await expect.poll(() => eve.closed?.code, { timeout: 5000 }).toBe(1009);
  });

  it('throttles a client flooding messages without slowing the others', async () => {
    const flood = await Peer.open(socketUrl(server.join));
    const calm = await Peer.open(socketUrl(server.join));
    for (let i = 0; i < 600; i++) flood.ws.send('{"type":"ping"}');
    const t0 = performance.now();
    expect(await calm.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
    expect(performance.now() - t0).toBeLessThan(2000);
    await expect.poll(() => flood.closed?.code, { timeout: 5000 }).toBe(1008);
    const pongs = flood.messages.filter((m) => m.type === 'pong').length;
    expect(pongs).toBeGreaterThanOrEqual(30); // the burst went through
    expect(pongs).toBeLessThan(60);
    expect(flood.messages.some((m) => m.type === 'error' && /too many messages/.test(m.reason ?? ''))).toBe(true);
    calm.close();
  });

  it('restores the session, its URLs and the board after a SIGKILL mid-round, rerunning only what had not finished', async () => {
    // A longer round this time.
    await teacher.fill('#settings input[name=years]', '4');
    await teacher.click('#settings button[type=submit]');
    await teacher.waitForFunction(() => (document.querySelector('#settings input[name=years]') as HTMLInputElement).value === '4');
    await teacherAction(teacher, '#start');
    await setLever(groups[0], 'policies.payments.advanceShare', 1);
    await setLever(groups[2], 'policies.contracts.lengthYears', 3);
    await Promise.all([submit(groups[0]), submit(groups[2])]);
    await teacherAction(teacher, '#close');
    // The round is closed (the server has saved it and said so); its last runs are going.
    await teacher.waitForSelector('#rounds #start');
    server.proc.kill('SIGKILL');
    expect(await server.exited).toBe('SIGKILL');
    const before = records(data);
    expect(before.filter((r) => r.round === 3).length, 'runs of round 3 finished before the kill').toBeLessThan(5 * 3);

    const again = await serve(PLACE.filter((a, i) => a !== '--port' && PLACE[i - 1] !== '--port').concat(['--data', data]));
    expect([again.teacher, again.join]).toEqual([server.teacher, server.join]);
    await teacher.reload();
    await waitForBoard(teacher, 3, 5, again);
    const after = records(data);
    for (const r of after.filter((x) => x.round === 3)) expect(r.startMonth).toBe(12 * (2 + 2 + 2));
    // What had finished was kept, untouched; the rest ran after the restart.
    for (const r of before) expect(after.find((a) => a.file === r.file)?.mtime, r.file).toBe(r.mtime);
    expect(after.length).toBeGreaterThanOrEqual(before.length);
    // The groups' pages come back by themselves (same URLs, same membership).
    await waitForBoard(groups[0], 3, 5);
    await expect(groups[0].locator('#me').textContent()).resolves.toMatch(/Student 1/);
    server = again;
  });
});

describe.skipIf(!hasChromium)(`a live classroom session in role mode${SKIP_NOTE}`, () => {
  it('passes a table’s package when the four roles agree, each seeing its own side’s figures', async () => {
    const data = join(dir, 'role');
    const server = await serve([...PLACE, '--data', data]);
    const teacher = await open(await browser.newContext({ viewport: { width: 1200, height: 1000 } }), server.teacher);
    await teacher.waitForSelector('#settings select[name=mode]');
    await teacher.selectOption('#settings select[name=mode]', 'role');
    await teacher.fill('#settings input[name=groups]', '1');
    await teacher.fill('#settings input[name=seeds]', '2');
    await teacher.fill('#settings input[name=years]', '2');
    await teacher.click('#settings button[type=submit]');
    await teacher.waitForFunction(() => document.querySelectorAll('#people tr').length === 1);
    const roles = ['official', 'organization', 'committee', 'resident'];
    const [official, ...others] = await Promise.all(roles.map((role, i) => joinGroup(server.join, `Role ${i}`, 1, role)));
    await teacherAction(teacher, '#start');
    await official.waitForSelector('#propose');
    await setLever(official, 'policies.compensation.enabled', true);
    await official.click('#propose:not([disabled])');
    // Another role's agreement redraws who agreed, never the buttons: the last role's Agree button
    // is the same element after the other two agreed (a redraw between a press and its release
    // would lose the click, as it once did under load).
    const lastAgree = await others[2].waitForSelector('#agree:not([disabled])');
    for (const page of others.slice(0, 2)) {
      await page.waitForSelector('#agree:not([disabled])');
      await page.click('#agree');
    }
    await others[2].waitForFunction(() => document.querySelectorAll('#pkg-actions .badge.ok').length === 3);
    expect(await lastAgree.evaluate((button) => button.isConnected)).toBe(true);
    await lastAgree.click();
    await teacher.waitForFunction(() => /Submitted/.test(document.querySelector('#people')?.textContent ?? ''));
    await official.waitForSelector('#pkg-actions .clear-up'); // all four agreed
    // Each role sees the figures of its own brief for the table's package.
    await official.waitForFunction(() => /\(2 of 2 runs\)/.test(document.querySelector('#figures')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const figures = async (page: Page) => {
      await page.waitForSelector('#figures table');
      return page.locator('#figures table').textContent();
    };
    const officialFigures = await figures(official);
    const organizationFigures = await figures(others[0]);
    expect(officialFigures).toMatch(/Residents’ needs met/);
    expect(officialFigures).not.toMatch(/Formal organizations/);
    expect(organizationFigures).toMatch(/Formal organizations/);
    expect(organizationFigures).not.toMatch(/Residents’ needs met/);
    await teacherAction(teacher, '#close');
    await waitForBoard(teacher, 1, 2);
    await expect(teacher.locator('#board table.board tr[data-arm="1"]').textContent()).resolves.toMatch(/Compensate committees that lose functions: no → yes/);

    // The debrief: HTML, Markdown and CSV, in English and Chinese, served to the teacher only.
    await teacherAction(teacher, '#export');
    await teacher.waitForSelector('#rounds a[href*="/export/en/debrief.html"]', { timeout: 60_000 });
    const files = readdirSync(join(data, 'debrief'), { recursive: true }).map(String);
    for (const f of ['en/debrief.html', 'en/debrief.md', 'zh/debrief.html', 'zh/debrief.md', 'outcomes.csv', 'packages.csv', 'manifest.json']) expect(files).toContain(f);
    const csv = readFileSync(join(data, 'debrief', 'outcomes.csv'), 'utf8').trim().split('\n');
    expect(csv).toEqual(['round,arm,seed,growth,survival,resistance,needsMet,cost', ...['statusQuo', '1'].flatMap((arm) => [1, 2].map((seed) => expect.stringMatching(new RegExp(`^1,${arm},${seed},`))))]);
    expect(readFileSync(join(data, 'debrief', 'packages.csv'), 'utf8')).toMatch(/^1,1,policies\.compensation\.enabled,yes,true$/m);
    const zh = readFileSync(join(data, 'debrief', 'zh', 'debrief.html'), 'utf8');
    expect(zh).toContain('第 1 轮');
    expect(zh).toContain('补偿失去职能的居委会');
    expect(zh.match(/<svg role="img"/g)).toHaveLength(5);
    const link = await teacher.locator('#rounds a[href*="/export/en/debrief.html"]').getAttribute('href');
    const page = await fetch(new URL(link!, server.teacher));
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/Session debrief: Chifeng Xitun street/);
    expect((await fetch(new URL(link!.replace(/token=\w+/, 'token=x'), server.teacher))).status).toBe(403);
  }, 240_000); // about 15 s; generous for a busy shared machine
});
