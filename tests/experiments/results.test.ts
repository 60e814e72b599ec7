/** The sweep folder writer: results arriving together are committed together, each still durable before its promise resolves. */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expandDesign, shardRunIndices } from '../../src/experiments/design.ts';
import { parseExperimentText } from '../../src/experiments/file.ts';
import { OUTCOMES } from '../../src/experiments/outcomes.ts';
import { SweepWriter } from '../../src/experiments/results.ts';
import { setFaultHook } from '../../src/io/faults.ts';
import type { RunResult } from '../../src/experiments/runOne.ts';
import { tempDir } from '../cli/helpers.ts';
import { journalRuns, read, XITUN_ABS } from './helpers.ts';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('govbuy-results-')));
afterAll(() => cleanup());

describe('SweepWriter', () => {
  it('writes results that arrive together with one journal sync, and resolves each once its line is synced', async () => {
    const e = parseExperimentText(`name: w\nscenario: ${JSON.stringify(XITUN_ABS)}\nreplications: 40\nseed: 1\noutputs: { series: true }\n`, 'w.yaml');
    const design = expandDesign(e);
    const order = shardRunIndices(design.runs, null);
    const out = join(dir, 'group');
    const writer = await SweepWriter.open(out, e, design, order, new Map(), 'fp', { bytes: 0 });
    const handle = await open(join(dir, 'probe'), 'w');
    const datasync = vi.spyOn(Object.getPrototypeOf(handle), 'datasync');
    await handle.close();
    const syncedBefore: number[] = [];
    let syncs = 0;
    const result = (i: number): RunResult => ({
      runIndex: i,
      seed: 100 + i,
      status: 'ok',
      outcomes: Object.fromEntries(e.outputs.metrics.map((m) => [m, i])),
      seriesCsv: `month\n${i}\n`,
    });
    try {
      // Arriving out of order, all at once, as from a pool.
      const recorded = [...order].reverse().map((i) => writer.record(result(i)).then(() => syncedBefore.push(datasync.mock.calls.length)));
      await Promise.all(recorded);
      await writer.close();
      syncs = datasync.mock.calls.length;
    } finally {
      datasync.mockRestore();
    }
    // The first result is written alone; the others, which arrived meanwhile, with one sync.
    expect(syncs).toBe(2);
    expect(syncedBefore.every((n) => n >= 1)).toBe(true);
    expect(journalRuns(out).map((l) => l.run)).toEqual([...order].reverse());
    const rows = read(out, 'runs.csv').trimEnd().split('\n');
    expect(rows).toHaveLength(41);
    expect(rows[0].split(',')).toEqual(['run_index', 'point', 'replicate', 'seed', 'status', 'error', ...OUTCOMES]);
    expect(rows.slice(1).map((r) => Number(r.split(',')[0]))).toEqual(order);
    expect(read(join(out, 'series'), '17.csv')).toBe('month\n17\n');
    expect(writer.complete).toBe(true);
  });

  it('after a failed write, later records fail at once and close() still returns', async () => {
    const e = parseExperimentText(`name: w\nscenario: ${JSON.stringify(XITUN_ABS)}\nreplications: 3\nseed: 1\n`, 'w.yaml');
    const design = expandDesign(e);
    const writer = await SweepWriter.open(join(dir, 'failed'), e, design, shardRunIndices(design.runs, null), new Map(), 'fp', { bytes: 0 });
    const result = (i: number): RunResult => ({ runIndex: i, seed: i, status: 'ok', outcomes: Object.fromEntries(e.outputs.metrics.map((m) => [m, i])) });
    setFaultHook((step) => {
      if (step === 'journal.append') throw Object.assign(new Error('ENOSPC: injected'), { code: 'ENOSPC' });
    });
    try {
      await expect(writer.record(result(0))).rejects.toThrow(/ENOSPC/);
    } finally {
      setFaultHook(null);
    }
    // The writer refuses further records, whether the disk came back or not.
    await expect(writer.record(result(1))).rejects.toThrow(/ENOSPC/);
    await expect(writer.record(result(2))).rejects.toThrow(/ENOSPC/);
    await writer.close();
    expect(writer.error).toBeInstanceOf(Error);
  });
});
