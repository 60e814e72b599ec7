/**
 * The pure half of src/experiments (design, samplers, runOne, analysis …) imports no Node
 * builtin, so it runs unchanged in a browser or a worker; only the files that touch the disk,
 * threads or the clock (listed below) may.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/scenario.ts';

const NODE_EDGE = new Set(['sweep.ts', 'pool.ts', 'worker.ts', 'results.ts', 'merge.ts', 'analyzeFolder.ts']);
const BUILTINS = new Set(builtinModules);
const dir = join(ROOT, 'src', 'experiments');

describe('src/experiments', () => {
  const pure = readdirSync(dir).filter((f) => f.endsWith('.ts') && !NODE_EDGE.has(f));

  it('has its pure modules', () => {
    expect(pure).toEqual(expect.arrayContaining(['design.ts', 'runOne.ts', 'samplers.ts', 'sobol.ts', 'schema.ts', 'file.ts', 'analysis.ts', 'sensitivity.ts']));
  });

  it.each(pure)('%s imports no Node builtin', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^'"\n]*?(?:from\s*)?['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    const bad = specifiers.filter((s) => s.startsWith('node:') || BUILTINS.has(s.split('/')[0]));
    expect(bad).toEqual([]);
  });
});
