import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir, XITUN } from './helpers.ts';

describe('govbuy compare', () => {
  const { dir } = tempDir();
  const small = ['--years', '4', '--set', 'region.population=6000', '--seeds', '4'];

  it('compares a place with a policy variant over the same seeds', async () => {
    const out = join(dir, 'cmp');
    const r = await cli('compare', XITUN, '--policy', 'advance:policies.payments.advanceShare=0.6;policies.payments.delayMonths=0', ...small, '--out', out);
    expect(r.code, r.err).toBe(0);
    for (const f of ['manifest.json', 'runs.csv', 'outcomes.csv', 'differences.csv', 'compare.json']) expect(existsSync(join(out, f))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.format).toBe('govbuy-compare');
    expect(manifest.arms.map((a: { name: string }) => a.name)).toEqual(['chifeng-xitun', 'chifeng-xitun:advance']);
    expect(manifest.arms[1].scenario.policies.payments.advanceShare).toBe(0.6);
    const runs = readFileSync(join(out, 'runs.csv'), 'utf8').trim().split('\n');
    expect(runs).toHaveLength(1 + 2 * 4);
    const diffs = readFileSync(join(out, 'differences.csv'), 'utf8');
    expect(diffs.split('\n')[0]).toBe('outcome,arm,reference,mean,lo,hi,n,clear');
    expect(diffs).toMatch(/^final\.orgs_per_10k,chifeng-xitun:advance,chifeng-xitun,/m);
  });

  it('accepts preset names and is reproducible', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    expect((await cli('compare', 'chifeng-xitun', '--policy', 'comp:policies.compensation.enabled=true', ...small, '--out', a)).code).toBe(0);
    expect((await cli('compare', 'chifeng-xitun', '--policy', 'comp:policies.compensation.enabled=true', ...small, '--out', b)).code).toBe(0);
    expect(readFileSync(join(a, 'compare.json'), 'utf8')).toBe(readFileSync(join(b, 'compare.json'), 'utf8'));
  });

  it.each([
    [['nowhere-city', 'chifeng-xitun'], /unknown place "nowhere-city"/],
    [['chifeng-xitun', '--policy', 'advance'], /--policy "advance": expected NAME:PATH=VALUE/],
    [["chifeng-xitun", "--policy", "x:policies.payments.advanceShare=2"], /--policy x: policies.payments.advanceShare=2: expected a number between 0 and 1, found 2/],
    [['chifeng-xitun', '--policy', 'x:policies.payments.advanceShare=0.5', '--outcomes', 'final.orgs_active,wellbeing'], /unknown outcome "wellbeing"/],
    [['chifeng-xitun'], /needs two arms/],
  ])('refuses bad input %j with exit 2 and writes nothing', async (args, message) => {
    const out = join(dir, `bad-${Math.random().toString(36).slice(2)}`);
    const r = await cli('compare', ...(args as string[]), '--seeds', '2', '--years', '1', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});
