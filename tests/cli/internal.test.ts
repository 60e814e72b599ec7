/** A bug (any error that is not a GovbuyError) is exit code 1 with a request to report it. */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cli, listing, SMALL, tempDir, XITUN } from './helpers.ts';

vi.mock('../../src/model/run.ts', () => {
  const boom = () => {
    throw new TypeError('boom in the model');
  };
  return { simulate: boom, startRun: boom, advance: boom, finish: boom };
});

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());
afterEach(() => vi.unstubAllEnvs());

describe('internal errors', () => {
  it('exit 1, no stack trace, nothing written', async () => {
    vi.stubEnv('GOVBUY_DEBUG', '');
    const r = await cli('run', XITUN, '--out', join(dir, 'out'), ...SMALL);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe('internal error: boom in the model\nplease report this with the command you ran\n');
    expect(listing(dir)).toEqual([]);
  });

  it('GOVBUY_DEBUG=1 adds the stack trace', async () => {
    vi.stubEnv('GOVBUY_DEBUG', '1');
    const r = await cli('run', XITUN, '--out', join(dir, 'out'), ...SMALL);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^internal error: boom in the model\nplease report this with the command you ran\nTypeError: boom in the model\n\s+at /);
  });
});
