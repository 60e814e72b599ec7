/**
 * engine/shapes.ts: the model keeps V8's optimized code across runs. Checked in a child Node
 * process with V8's own traces: after one whole Xitun run, building the second run's world must
 * not make V8 throw away the code it optimized for the first (before the rules in
 * engine/shapes.ts, about 30 functions were). The count of values, not a time, is asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { allAsDoubles, startAsDoubles } from '../../src/engine/shapes.ts';
import { ROOT } from '../helpers/scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'govbuy-shapes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startAsDoubles and allAsDoubles', () => {
  it('leave every value as it was', () => {
    const o = { a: 0, b: 3, c: 2.5, d: 'x', e: -7 };
    expect(startAsDoubles(o, ['a', 'b'])).toBe(o);
    expect(o).toEqual({ a: 0, b: 3, c: 2.5, d: 'x', e: -7 });
    expect(Object.is(allAsDoubles(o).a, 0)).toBe(true);
    expect(o).toEqual({ a: 0, b: 3, c: 2.5, d: 'x', e: -7 });
  });
});

describe('a second run in the same process', () => {
  it('keeps the code V8 optimized during the first', async () => {
    const entry = join(dir, 'entry.ts');
    // Bundled into a temporary folder, the helper cannot find scenarios/ by itself: the scenario is named by its path.
    writeFileSync(
      entry,
      `import { loadScenario } from ${JSON.stringify(join(ROOT, 'tests/helpers/scenario.ts'))};
import { simulate, startRun } from ${JSON.stringify(join(ROOT, 'src/model/run.ts'))};
const scenario = loadScenario(${JSON.stringify(join(ROOT, 'scenarios/chifeng-xitun.yaml'))});
simulate(scenario, 1);
console.log('=== second world');
startRun(scenario, 2);
console.log('=== built');
`,
    );
    const bundle = join(dir, 'entry.mjs');
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: bundle,
      logLevel: 'silent',
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    });
    const child = spawnSync(process.execPath, ['--trace-opt', '--trace-deopt', bundle], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
    expect(child.status, child.stderr).toBe(0);
    const lines = child.stdout.split('\n');
    const at = lines.indexOf('=== second world');
    const end = lines.indexOf('=== built');
    expect(at).toBeGreaterThan(0);
    // The first run did have optimized code to lose: the residents' delivery loop among it.
    expect(lines.slice(0, at).some((l) => /completed optimizing .*JSFunction deliver /.test(l))).toBe(true);
    const thrownAway = lines.slice(at, end).filter((l) => l.startsWith('[marking dependent code'));
    expect(thrownAway.length, thrownAway.join('\n')).toBeLessThanOrEqual(2);
  }, 60_000);
});
