import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { WORKER_CACHE_DIR, workerModule } from '../../src/io/workerModule.ts';

const SWEEP_WORKER = 'experiments/worker';

describe('workerModule', () => {
  it('bundles a worker into one CommonJS module in the cache, named by its content hash', () => {
    const m = workerModule(SWEEP_WORKER);
    expect(m.kind).toBe('bundle');
    expect(m.execArgv).toEqual([]);
    const path = fileURLToPath(m.filename);
    expect(path.startsWith(WORKER_CACHE_DIR)).toBe(true);
    const code = readFileSync(path);
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
    expect(path.endsWith(`experiments-worker-${hash}.cjs`)).toBe(true);
    // Sources are inlined (no .ts import is left); npm packages stay external.
    const text = code.toString('utf8');
    expect(text).not.toMatch(/["'][^"']+\.ts["']\)/);
    expect(text).toMatch(/require\(["']piscina["']\)/);
    // A bundled module that located files relative to itself would look in the cache folder.
    expect(text).not.toContain('import.meta');
    // Once per process: the same module again.
    expect(workerModule(SWEEP_WORKER)).toBe(m);
  });

  it('the bundle loads in a bare worker thread (no TypeScript loader)', async () => {
    // It reads piscina's workerData only when a task comes, so loading it must simply succeed.
    const m = workerModule('experiments/worker');
    expect(m.kind).toBe('bundle');
    const worker = new Worker(new URL(m.filename), { execArgv: [] });
    const exitCode = await new Promise<number>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('exit', resolve);
    });
    expect(exitCode).toBe(0);
  });

  it('falls back to compiling with tsx in the worker when it cannot bundle', () => {
    const m = workerModule('experiments/no-such-worker');
    expect(m.kind).toBe('tsx');
    expect(m.filename).toBe(new URL('../../src/experiments/no-such-worker.ts', import.meta.url).href);
    expect(m.execArgv[0]).toBe('--import');
    expect(m.execArgv[1]).toMatch(/^file:.*tsx/);
  });
});
