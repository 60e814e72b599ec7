import { appendFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTCOMES } from '../../src/experiments/outcomes.ts';
import { SERIES_COLUMNS } from '../../src/metrics/series.ts';
import { cli, tempDir } from '../cli/helpers.ts';
import { journalRuns, read, readBytes, snapshotXitun, tinyExperiment, writeExperiment } from './helpers.ts';

let dir: string;
let cleanup: () => void;
let tiny: string;
let tinySeries: string;
let TINY: string;
let XITUN: string;
beforeAll(() => {
  ({ dir, cleanup } = tempDir('govbuy-sweep-'));
  XITUN = snapshotXitun(dir);
  TINY = tinyExperiment(XITUN);
  tiny = writeExperiment(dir, 'tiny.yaml', TINY);
  tinySeries = writeExperiment(dir, 'tiny-series.yaml', `${TINY}outputs: { series: true }\n`);
});
afterAll(() => cleanup());

const out = (name: string) => join(dir, name);

async function sweep(...args: string[]) {
  return cli('sweep', ...args);
}

describe('govbuy sweep', () => {
  it('writes the same bytes with 1 and 2 workers: runs.csv in run order, runs.parquet, series/', async () => {
    const one = await sweep(tinySeries, '--workers', '1', '--out', out('w1'));
    expect(one.code, one.err).toBe(0);
    const two = await sweep(tinySeries, '--workers', '2', '--out', out('w2'));
    expect(two.code, two.err).toBe(0);
    expect(one.out).toMatch(/^tiny: 8 runs in .* on 1 thread: 8 ok, 0 failed\nwrote .*w1\/ runs\.csv, runs\.parquet, manifest\.json, journal\.ndjson, series\/\n$/);
    expect(two.out).toMatch(/on 2 worker threads: 8 ok, 0 failed/);

    const csv = read(out('w1'), 'runs.csv').split('\n');
    expect(csv[0]).toBe(['run_index', 'point', 'replicate', 'seed', 'advance', 'policies.payments.delayMonths', 'status', 'error', ...OUTCOMES].join(','));
    expect(csv.slice(1, -1).map((l) => l.split(',').slice(0, 6).join(','))).toEqual([
      expect.stringMatching(/^0,0,0,\d+,0,0$/),
      expect.stringMatching(/^1,0,1,\d+,0,0$/),
      expect.stringMatching(/^2,1,0,\d+,0,6$/),
      expect.stringMatching(/^3,1,1,\d+,0,6$/),
      expect.stringMatching(/^4,2,0,\d+,0\.5,0$/),
      expect.stringMatching(/^5,2,1,\d+,0\.5,0$/),
      expect.stringMatching(/^6,3,0,\d+,0\.5,6$/),
      expect.stringMatching(/^7,3,1,\d+,0\.5,6$/),
    ]);
    expect(read(out('w2'), 'runs.csv')).toBe(read(out('w1'), 'runs.csv'));
    expect(readBytes(out('w2'), 'runs.parquet').equals(readBytes(out('w1'), 'runs.parquet'))).toBe(true);
    const series = readdirSync(join(out('w1'), 'series')).sort();
    expect(series).toEqual(['0.csv', '1.csv', '2.csv', '3.csv', '4.csv', '5.csv', '6.csv', '7.csv']);
    for (const f of series) expect(read(join(out('w2'), 'series'), f)).toBe(read(join(out('w1'), 'series'), f));

    const m = JSON.parse(read(out('w2'), 'manifest.json'));
    expect(m).toMatchObject({ format: 'govbuy-sweep', formatVersion: 1, status: 'complete', shard: null, workers: 2, runs: { design: 8, folder: 8, done: 8, ok: 8, failed: 0 } });
    expect(m.codeVersion).toMatchObject({ package: expect.any(String) });
    expect(m.experiment.factors[0]).toMatchObject({ name: 'advance', path: 'policies.payments.advanceShare', values: [0, 0.5] });
    expect(m.scenarios[0]).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it("a run's series file is what govbuy run writes for its seed and settings", async () => {
    const line = read(out('w1'), 'runs.csv').split('\n')[7].split(',');
    const seed = line[3];
    const single = await cli('run', XITUN, '--seed', seed, '--years', '2', '--set', 'region.population=3000', '--set', 'policies.payments.advanceShare=0.5', '--set', 'policies.payments.delayMonths=6', '--out', out('single'));
    expect(single.code, single.err).toBe(0);
    expect(read(join(out('w1'), 'series'), '6.csv')).toBe(read(out('single'), 'series.csv'));
    expect(read(out('w1'), 'series/6.csv').split('\n')[0]).toBe(SERIES_COLUMNS.join(','));
  });

  it('runs.parquet reads back, through hyparquet and DuckDB, with the values of the journal', async () => {
    const rows = await parquetReadObjects({ file: new Uint8Array(readBytes(out('w1'), 'runs.parquet')).buffer });
    const journal = journalRuns(out('w1'));
    expect(rows).toHaveLength(8);
    rows.forEach((r, i) => {
      expect(r.run_index).toBe(i);
      expect(r.status).toBe('ok');
      expect(r.error).toBeNull();
      const j = journal.find((x) => x.run === i)!;
      for (const m of OUTCOMES) expect(r[m], m).toBe(j.outcomes![m]);
    });
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const file = join(out('w1'), 'runs.parquet').replace(/'/g, "''");
    const reader = await con.runAndReadAll(`SELECT run_index, seed, advance, status, "final.orgs_active" AS orgs FROM read_parquet('${file}') ORDER BY run_index`);
    const duck = reader.getRowObjects();
    expect(duck).toHaveLength(8);
    expect(duck.map((r) => Number(r.run_index))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    duck.forEach((r, i) => {
      expect(Number(r.seed)).toBe(rows[i].seed);
      expect(r.advance).toBe(rows[i].advance);
      expect(r.orgs).toBe(rows[i]['final.orgs_active']);
    });
    con.closeSync();
    db.closeSync();
  });

  it('records a run that throws with its factors, seed and error, goes on, exits 3; --retry-failed reruns only those', async () => {
    process.env.GOVBUY_TEST_FAIL_RUNS = '2,5';
    let r;
    try {
      r = await sweep(tinySeries, '--workers', '1', '--out', out('fail'));
    } finally {
      delete process.env.GOVBUY_TEST_FAIL_RUNS;
    }
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/6 ok, 2 failed/);
    expect(r.err).toMatch(/2 runs failed .*--retry-failed/);
    const rows = read(out('fail'), 'runs.csv').split('\n');
    expect(rows[3]).toMatch(/^2,1,0,\d+,0,6,failed,injected failure of run 2 \(GOVBUY_TEST_FAIL_RUNS\),,,/);
    expect(rows[6]).toMatch(/^5,2,1,\d+,0\.5,0,failed,/);
    expect(existsSync(join(out('fail'), 'runs.parquet'))).toBe(true);

    const retry = await sweep(tinySeries, '--workers', '1', '--out', out('fail'), '--retry-failed');
    expect(retry.code, retry.err).toBe(0);
    expect(retry.out).toMatch(/8 runs \(2 run now, 6 before\)/);
    expect(journalRuns(out('fail')).map((l) => l.run)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 2, 5]);
    expect(read(out('fail'), 'runs.csv')).toBe(read(out('w1'), 'runs.csv'));
    expect(readBytes(out('fail'), 'runs.parquet').equals(readBytes(out('w1'), 'runs.parquet'))).toBe(true);
  });

  it('continues a torn journal with --resume, and a finished folder runs nothing more', async () => {
    const o = out('torn');
    expect((await sweep(tiny, '--workers', '0', '--out', o)).code).toBe(0);
    // Keep the header and 3 runs, then half a line, as a kill in mid-write would leave it.
    const lines = read(o, 'journal.ndjson').split('\n');
    writeFileSync(join(o, 'journal.ndjson'), lines.slice(0, 4).join('\n') + '\n');
    appendFileSync(join(o, 'journal.ndjson'), lines[4].slice(0, 20));
    const r = await sweep(tiny, '--workers', '0', '--out', o, '--resume');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/torn line/);
    expect(r.out).toMatch(/8 runs \(5 run now, 3 before\)/);
    const again = await sweep(tiny, '--workers', '0', '--out', o, '--resume');
    expect(again.out).toMatch(/8 runs \(0 run now, 8 before\)/);
    const clean = await sweep(tiny, '--workers', '0', '--out', out('clean'));
    expect(clean.code).toBe(0);
    expect(read(o, 'runs.csv')).toBe(read(out('clean'), 'runs.csv'));
  });

  it('refuses to overwrite results without --force, and to resume a folder of another experiment', async () => {
    const r = await sweep(tiny, '--workers', '0', '--out', out('clean'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/already holds a sweep \(8 of 8 runs done\); continue it with --resume, choose another --out, or pass --force to start over/);
    const other = writeExperiment(dir, 'other.yaml', TINY.replace('seed: 7', 'seed: 8'));
    const resumed = await sweep(other, '--workers', '0', '--out', out('clean'), '--resume');
    expect(resumed.code).toBe(2);
    expect(resumed.err).toMatch(/was made from a different experiment/);
    const forced = await sweep(other, '--workers', '0', '--out', out('clean'), '--force');
    expect(forced.code, forced.err).toBe(0);
    expect((await sweep(tiny, '--resume', '--force')).code).toBe(2);
  });
});

describe('bad experiments: exit 2, nothing written', () => {
  const cases: [string, () => string, RegExp][] = [
    ['unknown factor path', () => TINY.replace('policies.payments.advanceShare', 'policies.payments.advnceShare'), /bad\.yaml factor advance \(policies\.payments\.advnceShare\) = 0: unknown key "advnceShare"/],
    ['empty range', () => `scenario: ${JSON.stringify(XITUN)}\nfactors: [{ path: labour.overheadRate, range: [0.4, 0.1] }]\ndesign: { type: lhs, samples: 4 }\n`, /empty range \[0\.4, 0\.1\]/],
    ['sample size too small', () => `scenario: ${JSON.stringify(XITUN)}\nfactors: [{ path: labour.overheadRate, range: [0.1, 0.4] }]\ndesign: { type: sobol, samples: 2 }\n`, /Sobol indices need at least 8 base samples/],
    ['missing scenario file', () => TINY.replace(JSON.stringify(XITUN), 'nowhere.yaml'), /bad\.yaml: cannot read its scenario "nowhere\.yaml"/],
    ['value out of range', () => TINY.replace('values: [0, 0.5]', 'values: [0, 1.5]'), /factor advance .* = 1\.5: expected a number between 0 and 1, found 1\.5/],
  ];
  it.each(cases)('%s', async (name, text, message) => {
    const file = writeExperiment(dir, 'bad.yaml', text());
    const o = out(`bad-${name.replace(/\W/g, '')}`);
    const r = await sweep(file, '--workers', '0', '--out', o);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
    expect(existsSync(o)).toBe(false);
  });

  it.runIf(existsSync('/proc/self/task'))('stops the worker threads it started early when the design then fails its check', async () => {
    // A fresh sweep starts its threads before checking the design (they load the code meanwhile).
    const bad = writeExperiment(dir, 'bad-set.yaml', TINY.replace('region.population: 3000', 'region.districts: -1'));
    const threads = () => readdirSync('/proc/self/task').length;
    const refuse = async (name: string) => {
      const r = await sweep(bad, '--workers', '2', '--out', out(name));
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(/set region\.districts: -1: expected a whole number between 1 and 1000/);
      expect(existsSync(out(name))).toBe(false);
    };
    await refuse('bad-1'); // the first pool may leave the process's shared helper threads behind
    const before = threads();
    await refuse('bad-2');
    await refuse('bad-3');
    // Each refused sweep started 2 threads: none may be left running.
    for (let waited = 0; threads() > before && waited < 2000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(threads()).toBeLessThanOrEqual(before);
  });

  it('more shards than runs', async () => {
    const r = await sweep(tiny, '--shard', '9/9', '--out', out('too-many'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--shard 9\/9: .* has only 8 runs, so at most 8 shards/);
    expect(existsSync(out('too-many'))).toBe(false);
    expect((await sweep(tiny, '--shard', '3/2')).err).toMatch(/--shard must be k\/n with 1 ≤ k ≤ n/);
  });
});

describe('shards and govbuy merge', () => {
  it('three shards merge into exactly what one machine writes', async () => {
    for (const k of [1, 2, 3]) {
      const r = await sweep(tinySeries, '--workers', '0', '--shard', `${k}/3`, '--out', out(`sh-shard-${k}`));
      expect(r.code, r.err).toBe(0);
    }
    expect(read(out('sh-shard-2'), 'runs.csv').split('\n').slice(1, -1).map((l) => l.split(',')[0])).toEqual(['1', '4', '7']);
    const missing = await cli('merge', out('sh-shard-1'), out('sh-shard-3'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/shard 2 of 3 is missing/);
    const m = await cli('merge', out('sh-shard-1'), out('sh-shard-2'), out('sh-shard-3'));
    expect(m.code, m.err).toBe(0);
    expect(m.out).toMatch(/merged 3 shards: 8 runs \(8 ok, 0 failed\)\nwrote .*\/sh\//);
    expect(read(out('sh'), 'runs.csv')).toBe(read(out('w1'), 'runs.csv'));
    expect(readBytes(out('sh'), 'runs.parquet').equals(readBytes(out('w1'), 'runs.parquet'))).toBe(true);
    for (let i = 0; i < 8; i++) expect(read(out('sh'), `series/${i}.csv`)).toBe(read(out('w1'), `series/${i}.csv`));
    expect(JSON.parse(read(out('sh'), 'manifest.json'))).toMatchObject({ status: 'complete', shard: null, mergedFrom: [{ shard: { k: 1, n: 3 } }, { shard: { k: 2, n: 3 } }, { shard: { k: 3, n: 3 } }] });
    const analyzed = await cli('analyze', out('sh'));
    expect(analyzed.code, analyzed.err).toBe(0);
  });
});

describe('govbuy analyze', () => {
  it('refuses a --bootstrap an experiment file could not have (0 was taken as the default)', async () => {
    const r = await cli('analyze', out('w1'), '--bootstrap', '0');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --bootstrap must be a whole number from 10 to 100000 \(as in an experiment file\), got "0"/);
  });

  it('grid: per-point means with CIs, main effects and interactions, as CSV and JSON', async () => {
    const r = await cli('analyze', out('w1'), '--outcomes', 'final.orgs_active,exits_by_cause.insolvency');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('');
    const a = join(out('w1'), 'analysis');
    expect(readdirSync(a).sort()).toEqual(['analysis.json', 'interactions.csv', 'main_effects.csv', 'points.csv']);
    const points = read(a, 'points.csv').split('\n');
    expect(points[0]).toBe('point,advance,policies.payments.delayMonths,metric,n,failed,mean,sd,ci_low,ci_high');
    expect(points).toHaveLength(1 + 4 * 2 + 1);
    expect(read(a, 'main_effects.csv').split('\n')[0]).toBe('metric,factor,level,n,mean,effect,ci_low,ci_high');
    // Each level mean carries its confidence interval (the one the report's charts draw).
    const effects = read(a, 'main_effects.csv').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    expect(effects.length).toBeGreaterThan(0);
    for (const [, , , , mean, , low, high] of effects) {
      expect(low).toBeLessThanOrEqual(mean);
      expect(high).toBeGreaterThanOrEqual(mean);
    }
    const json = JSON.parse(read(a, 'analysis.json'));
    expect(json).toMatchObject({ format: 'govbuy-analysis', metrics: ['final.orgs_active', 'exits_by_cause.insolvency'], runs: { total: 8, ok: 8, failed: 0 } });
  });

  it('morris and sobol designs: elementary effects and Sobol indices per factor', async () => {
    const head = `scenario: ${JSON.stringify(XITUN)}\nset: { years: 2, region.population: 2000 }\noutputs: { outcomes: [final.orgs_active, final.self_orgs, totals.complaints] }\n`;
    const factors = 'factors:\n  - { path: residents.complaintProbability, range: [0.1, 0.5] }\n  - { path: residents.patienceMonths, range: [1, 6], integer: true }\n';
    const morris = writeExperiment(dir, 'morris.yaml', `${head}${factors}design: { type: morris, trajectories: 3 }\n`);
    const sobol = writeExperiment(dir, 'sobol.yaml', `${head}${factors}design: { type: sobol, samples: 8 }\nanalysis: { bootstrap: 50 }\n`);
    for (const [file, name] of [[morris, 'morris'], [sobol, 'sobol']]) {
      const s = await sweep(file, '--workers', '0', '--out', out(name));
      expect(s.code, s.err).toBe(0);
      const r = await cli('analyze', out(name));
      expect(r.code, r.err).toBe(0);
      const table = read(join(out(name), 'analysis'), `${name}.csv`).split('\n');
      expect(table).toHaveLength(1 + 3 * 2 + 1);
      expect(table[0]).toBe(
        name === 'morris' ? 'metric,factor,n,mu,mu_star,sigma,mu_star_ci_low,mu_star_ci_high' : 'metric,factor,n,S1,S1_ci_low,S1_ci_high,ST,ST_ci_low,ST_ci_high',
      );
    }
    expect(read(out('morris'), 'runs.csv').split('\n')).toHaveLength(1 + 3 * 3 + 1);
    expect(read(out('sobol'), 'runs.csv').split('\n')).toHaveLength(1 + 8 * 4 + 1);
  });

  it('still takes --outputs, the old name of --outcomes, with a note; not both', async () => {
    const r = await cli('analyze', out('w1'), '--outputs', 'final.orgs_active');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('note: --outputs is now called --outcomes; the old name still works\n');
    const both = await cli('analyze', out('w1'), '--outputs', 'final.orgs_active', '--outcomes', 'final.orgs_active');
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/give --outcomes only \(--outputs is its old name\)/);
  });

  it('refuses an unfinished folder or a shard', async () => {
    const r = await cli('analyze', out('sh-shard-1'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/holds shard 1\/3 only; merge the shards first/);
    expect((await cli('analyze', join(dir, 'nothing'))).err).toMatch(/not a sweep folder/);
  });
});

describe('help', () => {
  it('govbuy experiment-schema prints the JSON Schema of experiment files', async () => {
    const r = await cli('experiment-schema');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ $id: 'urn:govbuy:experiment', title: 'govbuy experiment' });
  });

  it('sweep, merge and analyze document their options', async () => {
    const sweepHelp = await cli('sweep', '--help');
    for (const o of ['--workers', '--out', '--resume', '--retry-failed', '--shard', '--force']) expect(sweepHelp.out).toContain(o);
    expect((await cli('merge', '--help')).out).toMatch(/^govbuy merge <shards\.\.>/);
    const analyzeHelp = (await cli('analyze', '--help')).out;
    expect(analyzeHelp).toMatch(/--outcomes +Outcomes to analyse/);
    expect(analyzeHelp).not.toContain('--outputs');
    expect((await cli('--help')).out).toContain('govbuy sweep <experiment>');
  });
});
