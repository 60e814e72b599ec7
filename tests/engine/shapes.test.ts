/**
 * engine/shapes.ts: the model keeps V8's optimized code across runs. Checked in child Node
 * processes with V8's own traces and intrinsics: after one whole Xitun run, building the second
 * run's world must not make V8 throw away the code it optimized for the first (before the rules in
 * engine/shapes.ts, about 30 functions were); and the worlds of two design points must hold their
 * whole numbers alike. Counts and hidden classes are asserted, not times.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { allAsDoubles, asSmallInteger, startAsDoubles } from '../../src/engine/shapes.ts';
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

describe('asSmallInteger', () => {
  it('leaves every value as it was', () => {
    for (const n of [0, 240, -3, 2 ** 30 - 1, 2 ** 31, 1e12, 0.5, -0.25, Number.NaN, Infinity]) expect(Object.is(asSmallInteger(n), n)).toBe(true);
    expect(Object.is(asSmallInteger(-0), 0)).toBe(true); // the one change: -0 is whole, and becomes 0
  });
});

/** Bundle `source` (TypeScript importing from the project by absolute path) and run it in a child Node with `flags`; its stdout. */
async function runBundled(name: string, source: string, flags: readonly string[]): Promise<string> {
  const entry = join(dir, `${name}.ts`);
  writeFileSync(entry, source);
  const bundle = join(dir, `${name}.mjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    logLevel: 'silent',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  const child = spawnSync(process.execPath, [...flags, bundle], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  expect(child.status, child.stderr).toBe(0);
  return child.stdout;
}

describe('worlds of different design points', () => {
  it('share one hidden class, though the scenarios hold their whole numbers differently', async () => {
    // In one process, the second variant's scenario objects hold their numbers as doubles (its
    // advance share is a fraction): its years come back as a heap number. V8's own intrinsics
    // say whether both worlds have the same hidden class.
    const out = await runBundled(
      'design-points',
      `import { readFileSync } from 'node:fs';
import { prepareScenarioText } from ${JSON.stringify(join(ROOT, 'src/scenario/load.ts'))};
import { startRun } from ${JSON.stringify(join(ROOT, 'src/model/run.ts'))};
const file = ${JSON.stringify(join(ROOT, 'scenarios/chifeng-xitun.yaml'))};
const variant = prepareScenarioText(readFileSync(file, 'utf8'), file);
const isSmi = new Function('x', 'return %IsSmi(x)');
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)');
const a = variant(['years=20', 'policies.payments.advanceShare=0']);
const b = variant(['years=20', 'policies.payments.advanceShare=0.5']);
const wa = startRun(a, 1).world;
const wb = startRun(b, 1).world;
console.log(JSON.stringify({ yearsHeapNumber: !isSmi(b.years), sameMap: sameMap(wa, wb), totalMonthsSmi: isSmi(wb.totalMonths) }));
`,
      ['--allow-natives-syntax'],
    );
    // The premise holds (else this test would check nothing), and the worlds agree.
    expect(JSON.parse(out)).toEqual({ yearsHeapNumber: true, sameMap: true, totalMonthsSmi: true });
  }, 60_000);
});

describe('a second run in the same process', () => {
  it('keeps the code V8 optimized during the first', async () => {
    // Bundled into a temporary folder, the helper cannot find scenarios/ by itself: the scenario is named by its path.
    const stdout = await runBundled(
      'second-run',
      `import { loadScenario } from ${JSON.stringify(join(ROOT, 'tests/helpers/scenario.ts'))};
import { simulate, startRun } from ${JSON.stringify(join(ROOT, 'src/model/run.ts'))};
const scenario = loadScenario(${JSON.stringify(join(ROOT, 'scenarios/chifeng-xitun.yaml'))});
simulate(scenario, 1);
console.log('=== second world');
startRun(scenario, 2);
console.log('=== built');
`,
      ['--trace-opt', '--trace-deopt'],
    );
    const lines = stdout.split('\n');
    const at = lines.indexOf('=== second world');
    const end = lines.indexOf('=== built');
    expect(at).toBeGreaterThan(0);
    // The first run did have optimized code to lose: the residents' delivery loop among it.
    expect(lines.slice(0, at).some((l) => /completed optimizing .*JSFunction deliver /.test(l))).toBe(true);
    const thrownAway = lines.slice(at, end).filter((l) => l.startsWith('[marking dependent code'));
    expect(thrownAway.length, thrownAway.join('\n')).toBeLessThanOrEqual(2);
  }, 60_000);
});
