/**
 * A sweep folder is locked while a sweep writes it (issue 13, item 2): a second sweep or
 * --resume on the same folder exits 2 at once, naming the process that holds it, and the lock
 * dies with its process — kill -9 never leaves a stale lock (src/io/folderLock.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockFolder, type LockMode } from '../../src/io/folderLock.ts';
import { cli, rejection, tempDir, type CliResult } from '../cli/helpers.ts';
import { read, snapshotXitun } from '../experiments/helpers.ts';
import { ROOT } from '../helpers/scenario.ts';

let dir: string;
let cleanup: () => void;
let experiment: string;

beforeAll(() => {
  ({ dir, cleanup } = tempDir('govbuy-lock-'));
  experiment = join(dir, 'lock.yaml');
  writeFileSync(
    experiment,
    `name: lock
scenario: ${JSON.stringify(snapshotXitun(dir))}
set: { years: 1, region.population: 1500 }
factors: [{ path: policies.payments.advanceShare, values: [0, 0.25, 0.5, 0.75] }]
replications: 2
seed: 9
`,
  );
});
afterAll(() => cleanup());

/** A separate process that takes the lock of `folder` (and announces itself there), then waits to be killed. */
async function holder(folder: string, mode?: LockMode): Promise<ChildProcess> {
  const code = `
    const { lockFolder } = await import(${JSON.stringify(join(ROOT, 'src/io/folderLock.ts'))});
    const lock = await lockFolder(${JSON.stringify(folder)}, ${JSON.stringify(mode ? { mode } : {})});
    await lock.announce();
    process.stdout.write('held\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('held') && resolve());
    child.on('exit', (c) => reject(new Error(`the lock holder exited with ${c}`)));
  });
  return child;
}

async function kill9(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('the sweep folder lock', () => {
  it('two --resume of one folder started together: one runs, the other exits 2 at once naming the process; the folder is whole', async () => {
    const out = join(dir, 'twice');
    const t0 = performance.now();
    // Either may take the lock first (both run in this process, and which one reaches the lock
    // first is up to the event loop); the other is refused. The two share the captured output.
    const timed = (run: Promise<CliResult>) => run.then((r) => ({ ...r, after: performance.now() - t0 }));
    const both = await Promise.all([
      timed(cli('sweep', experiment, '--workers', '0', '--out', out, '--resume')),
      timed(cli('sweep', experiment, '--workers', '0', '--out', out, '--resume')),
    ]);
    const said = both.map((r) => r.err).join('');
    expect(both.map((r) => r.code).sort(), said).toEqual([0, 2]);
    expect(said).toMatch(new RegExp(`is in use by process ${process.pid} \\("govbuy[^"]*", started `));
    expect(said).toMatch(/wait until that command has finished/);
    expect(both.find((r) => r.code === 2)!.after).toBeLessThan(3000);
    // Every run once: 8 rows, and the folder a second sweep may now continue.
    expect(read(out, 'runs.csv').trimEnd().split('\n')).toHaveLength(1 + 8);
    const again = await cli('sweep', experiment, '--workers', '0', '--out', out, '--resume');
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(/8 runs \(0 run now, 8 before\)/);
    expect(readdirSync(out)).not.toContain('.govbuy-lock');
  });

  it('held by another process: sweep --resume, sweep --force, run --force and analyze exit 2 naming it; after kill -9 the folder is free at once', async () => {
    const out = join(dir, 'held');
    expect((await cli('sweep', experiment, '--workers', '0', '--out', out)).code).toBe(0);
    const child = await holder(out);
    try {
      for (const args of [
        ['sweep', experiment, '--workers', '0', '--out', out, '--resume'],
        ['sweep', experiment, '--workers', '0', '--out', out, '--force'],
        ['run', join(dir, 'xitun.yaml'), '--years', '1', '--set', 'region.population=1500', '--out', out, '--force'],
        ['analyze', out],
      ]) {
        const r = await cli(...args);
        expect(r.code, `${args[0]}: ${r.err}`).toBe(2);
        expect(r.err).toMatch(new RegExp(`is in use by process ${child.pid} `));
      }
    } finally {
      await kill9(child);
    }
    // The kernel released the lock with the process: no stale lock, no waiting.
    const r = await cli('sweep', experiment, '--workers', '0', '--out', out, '--resume');
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(out, '.govbuy-lock'))).toBe(false);
  });

  it('a symbolic link to the folder is the same folder', async () => {
    const out = join(dir, 'linked-target');
    mkdirSync(out);
    symlinkSync(out, join(dir, 'linked'));
    const lock = await lockFolder(out);
    try {
      const err = await rejection(lockFolder(join(dir, 'linked')));
      expect(err.code).toBe('OUTPUT_LOCKED');
    } finally {
      await lock.release();
    }
    await (await lockFolder(join(dir, 'linked'))).release();
  });

  it('the socket-file mode (macOS and other systems): refused while held, and a socket left by kill -9 is taken over', async () => {
    const out = join(dir, 'file-mode');
    mkdirSync(out);
    const child = await holder(out, 'file');
    const err = await rejection(lockFolder(out, { mode: 'file' }));
    expect(err.message).toMatch(new RegExp(`in use by process ${child.pid}`));
    await kill9(child);
    const lock = await lockFolder(out, { mode: 'file' });
    await lock.release();
  });
});
