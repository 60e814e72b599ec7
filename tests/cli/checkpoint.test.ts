import { readFileSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir, XITUN } from './helpers.ts';

describe('govbuy run with checkpoints', () => {
  const { dir, cleanup } = tempDir();
  const p = (name: string) => join(dir, name);
  const base = ['--years', '6', '--set', 'region.population=6000', '--seed', '4'];

  it('writes a checkpoint and continues from it to exactly the same results', async () => {
    const a = await cli('run', XITUN, ...base, '--checkpoint-at', '3', '--checkpoint-out', p('y3.ckpt'), '--out', p('whole'));
    expect(a.code, a.err).toBe(0);
    const b = await cli('run', '--from-checkpoint', p('y3.ckpt'), '--out', p('continued'));
    expect(b.code, b.err).toBe(0);
    expect(readFileSync(p('continued/series.csv'), 'utf8')).toBe(readFileSync(p('whole/series.csv'), 'utf8'));
    expect(readFileSync(p('continued/summary.json'), 'utf8')).toBe(readFileSync(p('whole/summary.json'), 'utf8'));
    const manifest = JSON.parse(readFileSync(p('continued/manifest.json'), 'utf8'));
    expect(manifest.fromCheckpoint.month).toBe(36);
    expect(manifest.seed).toBe(4);
  });

  it('branches a policy variant from the checkpoint, sharing the history before it', async () => {
    const r = await cli('run', '--from-checkpoint', p('y3.ckpt'), '--set', 'policies.payments.advanceShare=0.9', '--out', p('branch'));
    expect(r.code, r.err).toBe(0);
    const whole = readFileSync(p('whole/series.csv'), 'utf8').split('\n');
    const branch = readFileSync(p('branch/series.csv'), 'utf8').split('\n');
    expect(branch.slice(0, 37)).toEqual(whole.slice(0, 37)); // header + 36 months
    expect(JSON.parse(readFileSync(p('branch/manifest.json'), 'utf8')).scenario.policies.payments.advanceShare).toBe(0.9);
  });

  it('refuses a checkpoint written by other code, with a clear message', async () => {
    const content = deserialize(readFileSync(p('y3.ckpt'))) as { header: { sourceHash: string } };
    content.header.sourceHash = '0'.repeat(64);
    writeFileSync(p('other.ckpt'), serialize(content));
    const r = await cli('run', '--from-checkpoint', p('other.ckpt'), '--out', p('nope'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/written by other code/);
    expect(r.err).toMatch(/rerun the baseline/);
  });

  it('rejects bad branch values, files that are not checkpoints, and contradictory options', async () => {
    const bad = await cli('run', '--from-checkpoint', p('y3.ckpt'), '--set', 'policies.payments.advanceShare=9', '--out', p('bad'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/policies\.payments\.advanceShare/);
    const notCkpt = await cli('run', '--from-checkpoint', p('whole/series.csv'), '--out', p('bad2'));
    expect(notCkpt.code).toBe(2);
    expect(notCkpt.err).toMatch(/not a govbuy checkpoint/);
    const seed = await cli('run', '--from-checkpoint', p('y3.ckpt'), '--seed', '3', '--out', p('bad3'));
    expect(seed.code).toBe(2);
    const half = await cli('run', XITUN, ...base, '--checkpoint-at', '3', '--out', p('bad4'));
    expect(half.code).toBe(2);
    expect(half.err).toMatch(/go together/);
    const late = await cli('run', XITUN, ...base, '--checkpoint-at', '6', '--checkpoint-out', p('late.ckpt'), '--out', p('bad5'));
    expect(late.code).toBe(2);
    cleanup();
  });
});
