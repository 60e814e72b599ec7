/**
 * Packages: which levers a place offers (from the schema, skipping what it lacks), what a
 * package may hold (zod, bounds), what putting it into effect changes, what it costs, and how
 * messages carrying it are refused.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packageCost, defaultBudget } from '../../src/classroom/cost.ts';
import { baselineValues, discoverLevers, mergePackage, packageEdit, packageSchema } from '../../src/classroom/levers.ts';
import { MAX_MESSAGE_BYTES, messageSchema, parseMessage } from '../../src/classroom/messages.ts';
import { CHOICE_LABELS, describeChanges, SECTIONS } from '../../src/classroom/packageText.ts';
import { collectParameters } from '../../src/scenario/parameters.ts';
import { parseScenarioText } from '../../src/scenario/load.ts';

const XITUN = parseScenarioText(readFileSync('scenarios/chifeng-xitun.yaml', 'utf8'), 'chifeng-xitun.yaml');
const levers = discoverLevers(XITUN);
const paths = levers.map((l) => l.path);
const baseline = baselineValues(XITUN, levers);

describe('the levers a place offers', () => {
  it('are the curated ones the schema has, with kinds and bounds from it', () => {
    expect(paths).toContain('policies.payments.advanceShare');
    expect(paths).toContain('policies.evaluation.mode');
    expect(paths).toContain('governments.street.purchaseShare');
    // Xitun's city buys nothing (empty catalogue): its share is no lever there.
    expect(paths).not.toContain('governments.city.purchaseShare');
    const slots = levers.find((l) => l.path === 'policies.incubator.slots')!;
    expect(slots).toMatchObject({ kind: 'integer', min: 2, max: 40, step: 1, requires: 'policies.incubator.enabled' });
    expect(levers.find((l) => l.path === 'policies.evaluation.mode')).toMatchObject({ kind: 'choice', options: ['self', 'thirdParty'] });
    expect(levers.find((l) => l.path === 'policies.compensation.enabled')).toMatchObject({ kind: 'boolean' });
    // Described in both languages (the Chinese from src/scenario/parameterDocsZh.ts).
    for (const l of levers) expect(l.description.zh, l.path).toMatch(/[\u4e00-\u9fff]/);
    expect(levers.find((l) => l.path === 'policies.payments.advanceShare')!.description).toEqual({
      en: 'Share of the contract value paid at contract start (0 = pure reimbursement, 垫付).',
      zh: '合同开始时支付的合同金额比例（0 = 纯事后报销，即垫付）。',
    });
  });

  it('skip a curated path the schema lacks, and offer it once the schema has it', () => {
    const params = collectParameters().filter((p) => !p.path.startsWith('policies.compensation.'));
    expect(discoverLevers(XITUN, params).map((l) => l.path).filter((p) => p.includes('compensation'))).toEqual([]);
    const relief = { path: 'policies.relief.enabled', section: 'policies.relief', kind: 'leaf' as const, schema: { type: 'boolean', default: false }, hasDefault: true, default: false, required: false, numeric: false };
    expect(discoverLevers(XITUN, [...collectParameters(), relief]).map((l) => l.path)).toContain('policies.relief.enabled');
  });

  it('include how and where providers are chosen, with words for every choice in both languages, and a heading for every section', () => {
    expect(levers.find((l) => l.path === 'policies.bidding.method')).toMatchObject({ kind: 'choice', section: 'bidding' });
    expect(levers.find((l) => l.path === 'policies.bidding.scope')).toMatchObject({ kind: 'choice', options: ['district', 'city'] });
    expect(paths).toEqual(expect.arrayContaining(['policies.contracts.maxRenewals', 'policies.transfer.newMoneyShare']));
    for (const lever of levers) {
      expect(SECTIONS[lever.section], lever.section).toBeDefined();
      for (const option of lever.options ?? []) for (const lang of ['en', 'zh'] as const) expect(CHOICE_LABELS[option]?.[lang], `${lever.path}: ${option} (${lang})`).toBeTruthy();
    }
  });

  it('widen a plausible range to include the place’s own value', () => {
    const sc = parseScenarioText(readFileSync('scenarios/chifeng-xitun.yaml', 'utf8'), 'x.yaml', ['policies.incubator.slots=60']);
    expect(discoverLevers(sc).find((l) => l.path === 'policies.incubator.slots')).toMatchObject({ min: 2, max: 60 });
  });
});

describe('a package', () => {
  const schema = packageSchema(levers);
  it('holds any subset of the levers, each of its type and within its bounds', () => {
    expect(schema.safeParse({ 'policies.payments.advanceShare': 0.6 }).success).toBe(true);
    expect(schema.safeParse({ 'policies.payments.advanceShare': 1.2 }).success).toBe(false);
    expect(schema.safeParse({ 'policies.incubator.slots': 10.5 }).success).toBe(false);
    expect(schema.safeParse({ 'policies.evaluation.mode': 'friends' }).success).toBe(false);
    expect(schema.safeParse({ 'region.population': 5 }).success).toBe(false);
  });

  it('is merged over the team’s current package, numbers tidied so equal choices compare equal', () => {
    const merged = mergePackage(levers, baseline, { 'policies.payments.advanceShare': 0.6000000000001 });
    expect(merged['policies.payments.advanceShare']).toBe(0.6);
    expect(Object.keys(merged)).toEqual(paths);
    expect(describeChanges('en', levers, merged, baseline)).toEqual(['Share of a contract paid up front: 30% → 60%']);
  });

  it('takes effect from the round it starts: a lever whose section starts later is brought forward', () => {
    // Xitun's incubator acts from run year 2; a group enlarging it in year 0 means now.
    expect(packageEdit({ 'policies.incubator.slots': 20 }, XITUN, 0)).toEqual({ 'policies.incubator.slots': 20, 'policies.incubator.fromYear': 0 });
    expect(packageEdit({ 'policies.incubator.slots': 20 }, XITUN, 5)).toEqual({ 'policies.incubator.slots': 20 });
    // Values equal to the world's are no change at all.
    expect(packageEdit(baseline, XITUN, 0)).toEqual({});
  });
});

describe('what a package costs a year', () => {
  it('is the purchase budget plus each switched-on lever, against a budget of the status quo plus a quarter', () => {
    const base = packageCost(XITUN, baseline);
    // Street: 150 yuan × 27,000 × 6.6%; the incubator's places × 12 months × (grant + running
    // cost of a place); micro-venture 175,000.
    const inc = XITUN.policies.incubator;
    const incubator = inc.slots * 12 * (inc.grantPerMonth + inc.operatingCostPerSlotPerMonth);
    expect(base.items.map((i) => [i.id, Math.round(i.yearly)])).toEqual(
      [
        ['purchase', 267300],
        ['incubator', Math.round(incubator)],
        ['seedFund', 175000],
      ].sort((a, b) => (b[1] as number) - (a[1] as number)),
    );
    const total = 267300 + incubator + 175000;
    expect(defaultBudget(XITUN, baseline)).toBeGreaterThanOrEqual(total * 1.25);
    expect(defaultBudget(XITUN, baseline)).toBeLessThan(total * 1.25 * 1.1); // rounded up to two significant digits
  });

  it('grows with what the package buys, and counts nothing for levers that only change terms', () => {
    const more = packageCost(XITUN, { ...baseline, 'governments.street.purchaseShare': 0.1, 'policies.incubator.slots': 20 });
    const inc = XITUN.policies.incubator;
    expect(more.total - packageCost(XITUN, baseline).total).toBeCloseTo(150 * 27000 * 0.034 + (20 - inc.slots) * 12 * (inc.grantPerMonth + inc.operatingCostPerSlotPerMonth), 6);
    expect(packageCost(XITUN, { ...baseline, 'policies.payments.advanceShare': 1, 'policies.evaluation.mode': 'thirdParty' }).total).toBe(packageCost(XITUN, baseline).total);
    const off = packageCost(XITUN, { ...baseline, 'policies.incubator.enabled': false });
    expect(off.items.map((i) => i.id)).not.toContain('incubator');
  });
});

describe('a message', () => {
  const schema = messageSchema(levers);
  const parse = (m: unknown) => {
    const text = typeof m === 'string' ? m : JSON.stringify(m);
    return parseMessage(schema, text, Buffer.byteLength(text));
  };
  it('is accepted when it is a known type with valid fields', () => {
    expect(parse({ type: 'submit', ref: 3, team: 2, values: { 'policies.payments.delayMonths': 1 } })).toMatchObject({ ok: true, message: { type: 'submit', team: 2 } });
    expect(parse({ type: 'configure', settings: { weights: { cost: 3 } } }).ok).toBe(true);
  });
  it('is refused, saying why and where, when it is not JSON, of no known type, or out of range', () => {
    expect(parse('{"type":')).toEqual({ ok: false, reason: 'message refused: it is not JSON' });
    expect(parse({ type: 'hack', ref: 4 })).toMatchObject({ ok: false, ref: 4, reason: expect.stringMatching(/unknown message type "hack"; expected one of ping, configure/) });
    expect(parse({ type: 'submit', team: 1, values: { 'policies.payments.advanceShare': 2 } })).toMatchObject({ ok: false, reason: expect.stringMatching(/values\.policies\.payments\.advanceShare: Too big/) });
    expect(parse({ type: 'submit', team: 1, values: { 'region.population': 1 } })).toMatchObject({ ok: false, reason: expect.stringMatching(/Unrecognized key/) });
    expect(parse({ type: 'join', name: 'x'.repeat(41), team: 1 })).toMatchObject({ ok: false, reason: expect.stringMatching(/name: Too big/) });
    expect(parse({ type: 'configure', settings: { groups: 500 } })).toMatchObject({ ok: false, reason: expect.stringMatching(/settings\.groups/) });
  });
  it('is refused unread when it is larger than the limit', () => {
    const big = JSON.stringify({ type: 'join', name: 'x'.repeat(MAX_MESSAGE_BYTES), team: 1 });
    expect(parse(big)).toEqual({ ok: false, reason: `message refused: ${Buffer.byteLength(big)} bytes, at most ${MAX_MESSAGE_BYTES}` });
  });
});
