import { createHash } from 'node:crypto';
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
    // The file is a SHA-256 of the rest, then the serialized header and checkpoint.
    const content = deserialize(readFileSync(p('y3.ckpt')).subarray(32)) as { header: { sourceHash: string } };
    content.header.sourceHash = '0'.repeat(64);
    const other = serialize(content);
    writeFileSync(p('other.ckpt'), Buffer.concat([createHash('sha256').update(other).digest(), other]));
    // A checkpoint of the format before the checksum, whatever its code.
    writeFileSync(p('older.ckpt'), other);
    for (const file of ['other.ckpt', 'older.ckpt']) {
      const r = await cli('run', '--from-checkpoint', p(file), '--out', p('nope'));
      expect(r.code, file).toBe(2);
      expect(r.err, file).toMatch(/written by other code/);
      expect(r.err, file).toMatch(/rerun the baseline/);
    }
  });

  it('says a checkpoint changed or cut short after it was written is damaged', async () => {
    const bytes = readFileSync(p('y3.ckpt'));
    const changed = Buffer.from(bytes);
    changed.fill(0, 5000, 5004);
    writeFileSync(p('changed.ckpt'), changed);
    writeFileSync(p('cut.ckpt'), bytes.subarray(0, bytes.length >> 1));
    for (const file of ['changed.ckpt', 'cut.ckpt']) {
      const r = await cli('run', '--from-checkpoint', p(file), '--out', p('nope'));
      expect(r.code, file).toBe(2);
      expect(r.err, file).toBe(`error: ${p(file)} is a damaged govbuy checkpoint: its checksum does not match (the file was changed or cut short after it was written)\n  ✖ write it again: govbuy run <scenario> --checkpoint-at YEAR --checkpoint-out FILE\n`);
    }
  });

  it('rejects bad branch values, files that are not checkpoints, and contradictory options', async () => {
    const bad = await cli('run', '--from-checkpoint', p('y3.ckpt'), '--set', 'policies.payments.advanceShare=9', '--out', p('bad'));
    expect(bad.code).toBe(2);
    // In the scenario's own words, as for a scenario file.
    expect(bad.err).toBe('error: cannot apply --set policies.payments.advanceShare=9 to the checkpoint\n  ✖ policies.payments.advanceShare: expected a number between 0 and 1, found 9\n');
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
