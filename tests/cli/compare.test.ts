import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPARE_OUTCOMES } from '../../src/experiments/compare.ts';
import { MECHANISMS } from '../../src/model/mechanisms.ts';
import { fixture } from '../helpers/scenario.ts';
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

  it('leads the screen with the outcomes of the policy’s family, then every other clear difference', async () => {
    const out = join(dir, 'family');
    const r = await cli('compare', 'chifeng-xitun', '--policy', 'advance:policies.payments.advanceShare=0.6;policies.payments.delayMonths=0', ...small, '--out', out);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('chifeng-xitun:advance vs chifeng-xitun, paired over 4 seeds (1–4), 4 years:');
    expect(lines[1]).toBe('  asked — payments: insolvency and exits:');
    expect(lines[2]).toMatch(/^ {2}outcome +chifeng-xitun +chifeng-xitun:advance +difference \[95% CI\] +change$/);
    expect(lines[3]).toMatch(/^ {2}exits_by_cause\.insolvency /);
    // The rows shown are those of differences.csv, and every clear one is on the screen.
    const diffs = readFileSync(join(out, 'differences.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const clear = diffs.filter((d) => d[7] === '1').map((d) => d[0]);
    const shown = lines.filter((l) => / \* /.test(l)).map((l) => l.trim().split(/\s+/)[0]);
    expect(shown.sort()).toEqual(clear.sort());
    const insolvency = diffs.find((d) => d[0] === 'exits_by_cause.insolvency')!;
    const printed = Number(/ ([+-]?[\d.]+) \[/.exec(lines[3])![1]);
    expect(printed).toBeCloseTo(Number(insolvency[3]), 2);
  });

  it('says "1 year" of a one-year comparison, not "1 years"', async () => {
    const r = await cli('compare', 'chifeng-xitun', '--policy', 'advance:policies.payments.advanceShare=0.6', '--years', '1', '--set', 'region.population=6000', '--seeds', '2', '--outcomes', 'final.orgs_active', '--out', join(dir, 'one-year'));
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n')[0]).toBe('chifeng-xitun:advance vs chifeng-xitun, paired over 2 seeds (1–2), 1 year:');
  });

  it('--outcomes shows exactly the rows named, in that order', async () => {
    const one = await cli('compare', 'chifeng-xitun', '--policy', 'advance:policies.payments.advanceShare=0.6', ...small, '--outcomes', 'exits_by_cause.insolvency', '--out', join(dir, 'one'));
    expect(one.code, one.err).toBe(0);
    const rowsOf = (text: string) => text.split('\n').filter((l) => /^ {2}\S/.test(l) && !/^ {2}(outcome|asked|the outcomes|other|no other)/.test(l)).map((l) => l.trim().split(/\s+/)[0]);
    expect(rowsOf(one.out)).toEqual(['exits_by_cause.insolvency']);
    // A repeated name is one row.
    const two = await cli('compare', 'chifeng-xitun', '--policy', 'advance:policies.payments.advanceShare=0.6', ...small, '--outcomes', 'final.orgs_active,exits_by_cause.insolvency,final.orgs_active', '--out', join(dir, 'two'));
    expect(rowsOf(two.out)).toEqual(['final.orgs_active', 'exits_by_cause.insolvency']);
    expect(two.out).not.toContain('other clear differences');
  });

  it('accepts preset names and is reproducible', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    expect((await cli('compare', 'chifeng-xitun', '--policy', 'comp:policies.compensation.enabled=true', ...small, '--out', a)).code).toBe(0);
    expect((await cli('compare', 'chifeng-xitun', '--policy', 'comp:policies.compensation.enabled=true', ...small, '--out', b)).code).toBe(0);
    expect(readFileSync(join(a, 'compare.json'), 'utf8')).toBe(readFileSync(join(b, 'compare.json'), 'utf8'));
  });

  it('a policy may set a path declared with --lever, as an experiment\'s levers:', async () => {
    const out = join(dir, 'lever');
    const r = await cli('compare', 'chifeng-xitun', '--policy', 'fam:governments.street.catalogue=[family]', '--lever', 'governments.street.catalogue', '--seeds', '2', '--years', '1', '--set', 'region.population=1500', '--out', out);
    expect(r.code, r.err).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.arms[1].scenario.governments.street.catalogue).toEqual(['family']);
    expect(manifest.arms[0].scenario.governments.street.catalogue).not.toEqual(['family']);
  });

  it('--knock-out runs the place without a mechanism, leads with what it moves, and the report names it and repeats the command', async () => {
    const out = join(dir, 'knock');
    const r = await cli('compare', 'chifeng-xitun', '--knock-out', 'resistance', ...small, '--out', out);
    expect(r.code, r.err).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.arms.map((a: { name: string; knockOut: string | null }) => [a.name, a.knockOut])).toEqual([
      ['chifeng-xitun', null],
      ['chifeng-xitun:no-resistance', 'resistance'],
    ]);
    expect(manifest.arms[1].scenario.committees).toMatchObject({ resistanceGain: 0, initialResistance: 0 });
    expect(manifest.arms[0].scenario.committees.resistanceGain).toBeGreaterThan(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('chifeng-xitun:no-resistance vs chifeng-xitun, paired over 4 seeds (1–4), 4 years:');
    expect(lines[1]).toBe('  what incumbents’ resistance moves (docs/mechanisms.md):');
    expect(lines[3]).toMatch(/^ {2}mean_resistance .* -[\d.]+ \[/);
    expect((await cli('report', out)).code).toBe(0);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('| chifeng-xitun:no-resistance | incumbents’ resistance | §7.14, 7.5 | committees start without resistance');
    expect(report).toMatch(/govbuy compare scenarios\/chifeng-xitun\.yaml --knock-out resistance --seeds 4 /);
  });

  it('--policy with --knock-out also runs the policy without each mechanism, and says how much of its effect goes through it', async () => {
    const out = join(dir, 'through');
    const args = ['compare', fixture('neutral-city.yaml'), '--set', 'region.population=40000', '--set', 'policies.payments.advanceShare=0', '--set', 'policies.payments.delayMonths=6'];
    const r = await cli(...args, '--policy', 'advance:policies.payments.advanceShare=0.5;policies.payments.delayMonths=0', '--knock-out', 'insolvency,withering', '--seeds', '4', '--years', '4', '--out', out);
    expect(r.code, r.err).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.arms.map((a: { name: string }) => a.name)).toEqual([
      'neutral-city',
      'neutral-city:advance',
      'neutral-city:no-withering',
      'neutral-city:no-insolvency',
      'neutral-city:advance:no-withering',
      'neutral-city:advance:no-insolvency',
    ]);
    expect(manifest.arms[5].scenario.policies.payments.advanceShare).toBe(0.5);
    expect(manifest.arms[5].scenario.organizations.arrearsMonths).toBe(120);
    // Without closures for cash there are no insolvency exits in either arm: all of the policy's
    // effect on them goes through that mechanism.
    const rows = readFileSync(join(out, 'through.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    expect(rows[0]).toEqual(['place', 'policy', 'mechanism', 'outcome', 'with', 'with_lo', 'with_hi', 'without', 'without_lo', 'without_hi', 'through', 'through_lo', 'through_hi', 'n', 'clear']);
    const insolvency = rows.find((x) => x[2] === 'insolvency' && x[3] === 'exits_by_cause.insolvency')!;
    expect(Number(insolvency[7])).toBe(0);
    expect(Number(insolvency[10])).toBeCloseTo(Number(insolvency[4]), 10);
    expect(Number(insolvency[4])).toBeLessThan(0);
    expect(rows.length).toBe(1 + 2 * COMPARE_OUTCOMES.length);
    // The screen reads the policy arm without a mechanism against the policy, not on its own.
    expect(r.out).toContain('how neutral-city:advance works: its effect with each mechanism and without it');
    expect(r.out).not.toContain('neutral-city:advance:no-insolvency vs');
    expect((await cli('report', out)).code).toBe(0);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('## How each policy works');
    // The report lists the clear parts, for the outcomes the payment lever asks about (insolvency and exits).
    const section = report.slice(report.indexOf('## How each policy works'), report.indexOf('\n## ', report.indexOf('## How each policy works') + 3));
    const listed = [...section.matchAll(/^\| neutral-city:advance \| ([^|]+) \| ([^|]+) \|/gm)].map((m) => [m[1].trim(), m[2].trim()]);
    expect(listed.length).toBeGreaterThan(0);
    for (const [, outcome] of listed) expect(['Exits: Insolvency', 'Exits, total over the run', 'First-year mortality of formal organizations', 'Survival of formal organizations at 12 months', 'Formal organizations (last month)']).toContain(outcome);
    const command = /govbuy compare .*/.exec(report)![0];
    expect(command).toContain("--policy 'advance:policies.payments.advanceShare=0.5;policies.payments.delayMonths=0' --knock-out withering --knock-out insolvency --seeds 4");
  });

  it('--knock-out all runs one arm per mechanism, in the catalogue’s order, each once', async () => {
    const out = join(dir, 'knock-all');
    const r = await cli('compare', 'chifeng-xitun', '--knock-out', 'all', '--knock-out', 'withering', '--seeds', '2', '--years', '1', '--set', 'region.population=1500', '--out', out);
    expect(r.code, r.err).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.arms.slice(1).map((a: { knockOut: string }) => a.knockOut)).toEqual(MECHANISMS.map((m) => m.id));
  });

  it.each([
    [['nowhere-city', 'chifeng-xitun'], /unknown place "nowhere-city"/],
    [['chifeng-xitun', '--knock-out', 'luck'], /^error: --knock-out luck: no such mechanism; the mechanisms are founding, self-organizing, .*complaints-upward \(or all\)\n/],
    [['chifeng-xitun', '--knock-out', ' , '], /^error: --knock-out names no mechanism/],
    [['chifeng-xitun', '--policy', 'no-withering:policies.payments.advanceShare=0.5', '--knock-out', 'all'], /^error: --policy no-withering has the name of the arm that runs without withering \(--knock-out withering\); give the policy another name\n/],
    [['chifeng-xitun', '--policy', 'advance'], /--policy "advance": expected NAME:PATH=VALUE/],
    [["chifeng-xitun", "--policy", "x:policies.payments.advanceShare=2"], /--policy x: policies.payments.advanceShare=2: expected a number between 0 and 1, found 2/],
    [['chifeng-xitun', '--policy', 'x:policies.payments.advanceShare=0.5', '--outcomes', 'final.orgs_active,wellbeing'], /unknown outcome "wellbeing"/],
    [['chifeng-xitun'], /needs two arms/],
    [['chifeng-xitun', '--policy', 'x:policies.payments.advanceShare=0.5', '--outcomes', ' , '], /^error: --outcomes names no outcome: give a comma-separated list/],
    // A policy sets levers only (experiments/policies.ts): a run setting or a place's figure would differ from the reference in more than the policy.
    [['chifeng-xitun', '--policy', 'adv:years=2', '--set', 'years=1'], /^error: --policy adv: years=2: years is not a lever, and a policy sets only levers: paths under policies\. .*or a path you declare with --lever years .*To change years in every arm alike, the reference too, use --set years=2\n/],
    [['chifeng-xitun', '--policy', 'adv:policies.payments.advanceShare=0.5;region.population=5'], /--policy adv: region\.population=5: region\.population is not a lever/],
    [['chifeng-xitun', '--policy', 'fam:governments.street.catalogue=[family]', '--lever', 'policies.payments'], /--lever policies\.payments: policies\.payments is a lever already/],
    [['chifeng-xitun', '--policy', 'fam:governments.street.catalogue=[family]', '--lever', 'governments.street.catalog'], /--lever governments\.street\.catalog: unknown parameter/],
  ])('refuses bad input %j with exit 2 and writes nothing', async (args, message) => {
    const out = join(dir, `bad-${Math.random().toString(36).slice(2)}`);
    const r = await cli('compare', ...(args as string[]), '--seeds', '2', '--years', '1', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});
