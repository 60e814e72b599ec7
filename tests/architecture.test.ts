/**
 * Layering rules for src/, checked on the runtime import graph (`import type` / `export type`
 * statements are erased at compile time and ignored; `import { type A }` is not, because with
 * verbatimModuleSyntax the import statement itself is kept):
 *
 * - the simulation core (engine, agents, policies, scenario, state, metrics, model) touches no
 *   Node API, so it can run in a browser or a worker unchanged; nor does the browser page (web/page);
 * - the core's imports run one way through its layers (CORE_LAYERS below), type imports
 *   included, so it has no cycles of meaning either;
 * - src/engine is the bottom layer: it imports nothing from the rest of src/;
 * - only src/cli (and bin/) may depend on src/cli;
 * - no import cycles among src files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');

const CORE_DIRS = ['engine', 'agents', 'policies', 'scenario', 'state', 'metrics', 'model'];
const CORE_FILES = ['scenario/load.ts'];

const NODE_BUILTINS = new Set([
  ...builtinModules,
  'fs',
  'path',
  'child_process',
  'os',
  'worker_threads',
  'url',
  'process',
]);

interface ImportRef {
  specifier: string;
  line: number;
  /** `import type` / `export type`: erased at compile time, but still a dependency of meaning. */
  typeOnly: boolean;
  /** Resolved src-relative path ('model/run.ts') for relative imports that resolve to a file. */
  target?: string;
}

function listSourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listSourceFiles(full));
    else if (/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry) && !/\.d\.[mc]?ts$/.test(entry)) out.push(full);
  }
  return out;
}

const toKey = (absolute: string) => relative(SRC, absolute).split(sep).join('/');

function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [
    base,
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.mjs$/, '.mts'),
    base.replace(/\.cjs$/, '.cts'),
    `${base}.ts`,
    join(base, 'index.ts'),
  ];
  for (const c of candidates) {
    try {
      if (statSync(c).isFile()) return c;
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}

/**
 * Runtime imports of one file: static `import … from`, side-effect `import '…'`,
 * `export … from`, and dynamic `import('…')`. Statements must start a line, which keeps
 * comments (` * import …`, `// import …`) out; specifier lists may span lines.
 */
const STATEMENT = /^[ \t]*(import|export)\s+(type\s+)?(?:[\w$*{}\s,]*?\s*from\s*)?(['"])([^'"\n]+)\3/gm;
const DYNAMIC = /\bimport\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g;

function parseImports(file: string): ImportRef[] {
  const text = readFileSync(file, 'utf8');
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  const refs: ImportRef[] = [];
  for (const m of text.matchAll(STATEMENT)) {
    const [, , typeOnly, , specifier] = m;
    refs.push({ specifier, line: lineOf(m.index), typeOnly: !!typeOnly });
  }
  for (const m of text.matchAll(DYNAMIC)) refs.push({ specifier: m[2], line: lineOf(m.index), typeOnly: false });
  for (const ref of refs) {
    if (ref.specifier.startsWith('.')) {
      const target = resolveRelative(file, ref.specifier);
      if (target && target.startsWith(SRC + sep)) ref.target = toKey(target);
    }
  }
  return refs;
}

const files = listSourceFiles(SRC);
const graph = new Map<string, ImportRef[]>(files.map((f) => [toKey(f), parseImports(f)]));

const topDir = (key: string) => key.split('/')[0];
const isCore = (key: string) => CORE_DIRS.includes(topDir(key)) || CORE_FILES.includes(key);
const isNodeBuiltin = (specifier: string) => specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0]);

function violations(check: (from: string, ref: ImportRef) => boolean, withTypes = false): string[] {
  const out: string[] = [];
  for (const [from, refs] of graph) {
    for (const ref of refs) if ((withTypes || !ref.typeOnly) && check(from, ref)) out.push(`src/${from}:${ref.line} imports '${ref.specifier}'`);
  }
  return out;
}

/**
 * Every elementary cycle reachable in the graph, one per strongly connected component: over
 * runtime imports only, or over type imports too among the files `keep` selects.
 */
function findCycles(withTypes = false, keep: (file: string) => boolean = () => true): string[][] {
  const edges = new Map<string, string[]>();
  for (const [from, refs] of graph) {
    if (!keep(from)) continue;
    const targets = refs.filter((r) => withTypes || !r.typeOnly).map((r) => r.target);
    edges.set(from, [...new Set(targets.filter((t): t is string => !!t && graph.has(t) && keep(t)))].sort());
  }
  // Tarjan's strongly connected components.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const strongConnect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) components.push(component.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) strongConnect(v);

  // One concrete cycle per component: breadth-first shortest path from its first file back to itself.
  return components.map((component) => {
    const members = new Set(component);
    const start = component[0];
    const previous = new Map<string, string>();
    const queue = [start];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const v = queue.shift()!;
      for (const w of edges.get(v) ?? []) {
        if (!members.has(w)) continue;
        if (w === start) {
          const path = [start];
          for (let at: string | undefined = v; at !== undefined && at !== start; at = previous.get(at)) path.splice(1, 0, at);
          return [...path, start];
        }
        if (!seen.has(w)) {
          seen.add(w);
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    return [...component, component[0]];
  });
}

/**
 * The core's layers, bottom up; a core file may import (types included) only from its own layer
 * or below, so the model reads one way: vocabulary and policies (pure lever rules) know nothing
 * of agents; the state types know no behaviour; agents act on the state; the model schedules
 * the agents. A file named here overrides its folder's layer.
 */
const CORE_LAYERS: Record<string, number> = {
  engine: 0,
  'agents/domains.ts': 1,
  'agents/vocabulary.ts': 1,
  'scenario/param.ts': 1,
  policies: 2,
  scenario: 3,
  state: 4,
  agents: 5,
  metrics: 6,
  model: 7,
  'scenario/load.ts': 8,
};
const layerOf = (key: string): number | undefined => CORE_LAYERS[key] ?? CORE_LAYERS[topDir(key)];

function listing(title: string, lines: string[]): string {
  return `${title} (${lines.length}):\n  ${lines.join('\n  ')}`;
}

describe('architecture of src/', () => {
  test('the import scanner sees the source tree', () => {
    expect(graph.size).toBeGreaterThan(0);
    expect([...graph.values()].some((refs) => refs.some((r) => r.target))).toBe(true);
  });

  test('the simulation core imports no Node builtin', () => {
    const bad = violations((from, ref) => isCore(from) && isNodeBuiltin(ref.specifier));
    expect(bad, listing('Node builtins imported by core files', bad)).toEqual([]);
  });

  test('the browser page (src/web/page) imports no Node builtin', () => {
    const bad = violations((from, ref) => from.startsWith('web/page/') && isNodeBuiltin(ref.specifier));
    expect(bad, listing('Node builtins imported by the page', bad)).toEqual([]);
  });

  test('src/engine imports nothing from the rest of src/', () => {
    const bad = violations((from, ref) => topDir(from) === 'engine' && !!ref.target && topDir(ref.target) !== 'engine');
    expect(bad, listing('imports from src/engine into other src/ folders', bad)).toEqual([]);
  });

  test('nothing outside src/cli imports src/cli', () => {
    const bad = violations((from, ref) => topDir(from) !== 'cli' && !!ref.target && topDir(ref.target) === 'cli');
    expect(bad, listing('imports of src/cli from outside it', bad)).toEqual([]);
  });

  test('the core imports run one way through its layers, type imports included', () => {
    const bad = violations((from, ref) => {
      const own = layerOf(from);
      const target = ref.target === undefined ? undefined : layerOf(ref.target);
      return isCore(from) && own !== undefined && target !== undefined && target > own;
    }, true);
    expect(bad, listing('core imports that reach up a layer', bad)).toEqual([]);
  });

  test('there are no import cycles among core files, type imports included', () => {
    const cycles = findCycles(true, isCore).map((cycle) => cycle.map((k) => `src/${k}`).join(' → '));
    expect(cycles, listing('import cycles in the core', cycles)).toEqual([]);
  });

  test('there are no runtime import cycles among src files', () => {
    const cycles = findCycles().map((cycle) => cycle.map((k) => `src/${k}`).join(' → '));
    expect(cycles, listing('import cycles', cycles)).toEqual([]);
  });
});
