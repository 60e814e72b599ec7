/** Helpers for running the CLI in-process and checking what it left on disk. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { GovbuyError } from '../../src/engine/errors.ts';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Run `govbuy <args>` in this process, capturing what it writes to stdout and stderr. */
export async function cli(...args: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const capture = (sink: (s: string) => void) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      sink(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write;
  const o = vi.spyOn(process.stdout, 'write').mockImplementation(capture((s) => (out += s)));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation(capture((s) => (err += s)));
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'govbuy-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Write a fixture file and return its path. */
export function fixture(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Everything in `dir`, hidden entries included, sorted. */
export function listing(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** The default scenario, in the repository. */
export const XITUN = 'scenarios/chifeng-xitun.yaml';

/** Arguments that keep a run small and fast where the content does not matter (4 years: every lever of Xitun acts, so no timing warning). */
export const SMALL = ['--years', '4', '--set', 'region.population=3000'];

/** The GovbuyError a promise rejects with (any other outcome fails the test). */
export async function rejection(p: Promise<unknown>): Promise<GovbuyError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof GovbuyError) return err;
    throw err;
  }
  throw new Error('expected a GovbuyError');
}
