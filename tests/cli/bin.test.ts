/**
 * bin/govbuy.js runs the build (scripts/build.mjs) with its code cache (scripts/codeCache.mjs),
 * never the TypeScript sources, and a command sets up only the modules it needs. What a process
 * loaded and ran is read from V8's own coverage (NODE_V8_COVERAGE): every script it compiled (the
 * packages loaded from node_modules among them) and, inside the build's one file, which modules'
 * set-up functions ran (esbuild names each lazily set-up module's function by its path, e.g.
 * "node_modules/zod/v4/core/core.js").
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as esbuild from 'esbuild';
import { asciiScript, buildStatus } from '../../scripts/build.mjs';
import { workerModule } from '../../src/io/workerModule.ts';
import { cli, tempDir, XITUN } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
});
afterAll(() => cleanup());

interface Coverage {
  url: string;
  functions: { functionName: string; ranges: { count: number }[] }[];
}

/** A script's path relative to `root` ('/'-separated), from a coverage URL or path. */
function scriptPath(url: string, root: string): string {
  return relative(root, url.startsWith('file:') ? fileURLToPath(url) : url).split('\\').join('/');
}

/**
 * Run `govbuy <args>` as a user would (node bin/govbuy.js). `files`: every script the process
 * compiled, relative to `root`; `ran`: the modules inside the build whose set-up ran; `evaluated`:
 * how many scripts it compiled from strings (new Function, eval).
 */
function govbuy(args: string[], root = ROOT, env: Record<string, string> = {}) {
  const coverage = mkdtempSync(join(dir, 'coverage-'));
  const r = spawnSync(process.execPath, [join(root, 'bin', 'govbuy.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_V8_COVERAGE: coverage, ...env },
  });
  const scripts = readdirSync(coverage).flatMap((f) => (JSON.parse(readFileSync(join(coverage, f), 'utf8')) as { result: Coverage[] }).result);
  const ours = scripts.filter((s) => !s.url.startsWith('node:') && s.url !== '');
  const build = ours.filter((s) => s.url.endsWith('/main.cjs'));
  const ran = build.flatMap((s) => s.functions.filter((f) => /^(src|node_modules)\//.test(f.functionName) && f.ranges[0].count > 0).map((f) => f.functionName));
  // Code made at run time (new Function, eval) has no URL.
  const evaluated = scripts.filter((s) => s.url === '').length;
  return { code: r.status, out: r.stdout, err: r.stderr, files: ours.map((s) => scriptPath(s.url, root)), ran, evaluated };
}

/** npm packages only some commands need. */
const HEAVY = ['vega', 'vega-lite', '@resvg/resvg-js', 'piscina', 'hyparquet-writer', 'dejavu-fonts-ttf', '@embedpdf/fonts-sc', 'ml-matrix', '@stdlib/stats-base-dists-t-quantile', 'esbuild', 'tsx'];
const packageOf = (path: string) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];
/** The npm packages a process loaded from node_modules or set up inside the build. */
const packagesIn = (r: { files: string[]; ran: string[] }) => new Set([...r.files, ...r.ran].flatMap((p) => packageOf(p) ?? []));

describe('bin/govbuy.js', () => {
  it('runs the current build with its code cache, not the TypeScript sources', () => {
    expect(buildStatus(ROOT).stale).toBeNull();
    const r = govbuy(['--version'], ROOT, { GOVBUY_DEBUG: '1' });
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
    const build = relative(ROOT, buildStatus(ROOT).dir!);
    expect(r.err).toBe(`govbuy: running ${join(ROOT, build)} (code cache used)\n`);
    const ours = r.files.filter((f) => !f.startsWith('node_modules/'));
    expect(ours).toContain(`${build}/main.cjs`);
    expect(ours.filter((f) => !f.startsWith(`${build}/`)).sort()).toEqual(['bin/govbuy.js', 'scripts/build.mjs', 'scripts/codeCache.mjs']);
    expect(r.files.some((f) => f.endsWith('.ts'))).toBe(false);
  });

  it.each([
    ['--version', ['--version']],
    ['validate', ['validate', XITUN]],
    ['run --help', ['run', '--help']],
  ])('govbuy %s sets up none of the heavy packages (vega, resvg, piscina, parquet, fonts)', (_name, args) => {
    const r = govbuy(args);
    expect(r.code).toBe(0);
    expect(r.ran.length).toBeGreaterThan(3);
    expect([...packagesIn(r)].filter((p) => HEAVY.includes(p))).toEqual([]);
  });

  it('govbuy --version sets up no scenario code (zod, yaml); validate does, and sweep and calibrate the pool and the matrix library', () => {
    const version = packagesIn(govbuy(['--version']));
    expect(version.has('zod')).toBe(false);
    expect(version.has('yaml')).toBe(false);
    // The controls: the same detection sees packages where a command needs them, whether set up
    // inside the build (zod, yaml, ml-matrix) or loaded from node_modules (piscina).
    const validate = packagesIn(govbuy(['validate', XITUN]));
    expect(validate.has('zod') && validate.has('yaml')).toBe(true);
    const sweep = govbuy(['sweep', '--help']);
    expect(sweep.code).toBe(0);
    expect(packagesIn(sweep).has('piscina')).toBe(true);
    const calibrate = govbuy(['calibrate', '--help']);
    expect(calibrate.code).toBe(0);
    expect(packagesIn(calibrate).has('ml-matrix')).toBe(true);
  });

  it('run and validate compile no code from strings: zod parses without its compiled fast path, from the first parse on', () => {
    // zod compiles a function per object schema on its first parse unless told not to
    // (src/cli/zodSetup.ts): 31 of them in a run, which the code cache cannot hold.
    for (const args of [['validate', XITUN], ['run', XITUN, '--out', join(dir, 'no-eval'), '--force']]) {
      const r = govbuy(args);
      expect(r.code).toBe(0);
      expect(r.ran).toContain('src/policies/registry.ts'); // DEFAULT_POLICIES is parsed as it sets up
      expect(r.evaluated).toBe(0);
    }
  });

  it('sets up string-width (Unicode tables for laying out help) only to print help, which reads as from the sources', async () => {
    const run = govbuy(['run', XITUN, '--years', '1', '--out', join(dir, 'quick'), '--force']);
    expect(run.code).toBe(0);
    expect(packagesIn(run).has('string-width')).toBe(false);
    for (const args of [['--help'], ['run', '--help']]) {
      const help = govbuy(args);
      expect(packagesIn(help).has('string-width')).toBe(true);
      const sources = await cli(...args);
      expect({ code: help.code, out: help.out }).toEqual({ code: sources.code, out: sources.out });
    }
    // Where Chinese is measured (two columns a character), by the real string-width.
    expect(govbuy(['--help']).out).toContain('(政府购买公共服务)');
  });

  it('loads the packages some commands import (vega, the parquet writer) from the code-cached build', () => {
    const out = join(dir, 'report-run');
    expect(govbuy(['run', XITUN, '--years', '2', '--out', out]).code).toBe(0);
    const r = govbuy(['report', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(packagesIn(r).has('vega')).toBe(true);
    expect(existsSync(join(out, 'report.html'))).toBe(true);

    const experiment = join(dir, 'tiny.yaml');
    writeFileSync(experiment, `name: tiny\nscenario: ${join(ROOT, XITUN)}\nset: { years: 1 }\nreplications: 2\nseed: 1\n`);
    const sweep = govbuy(['sweep', experiment, '--workers', '1', '--out', join(dir, 'tiny-sweep')]);
    expect(sweep.code).toBe(0);
    expect(packagesIn(sweep).has('hyparquet-writer')).toBe(true);
    expect(readFileSync(join(dir, 'tiny-sweep', 'runs.parquet')).subarray(0, 4).toString()).toBe('PAR1');
  });

  it('reports bad input exactly as the sources do (the bundled zod and yaml included)', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: [1, 2]\nyears: 0\nseed: "x"\nregion: { population: -5, foo: 1 }\nschedule: [{ year: "a" }]\n');
    const built = govbuy(['validate', file]);
    const sources = await cli('validate', file);
    expect(built.code).toBe(2);
    expect(sources.err.split('\n').length).toBeGreaterThan(5);
    expect({ code: built.code, out: built.out, err: built.err }).toEqual(sources);
  });

  it('runs a run split over threads with the build\'s district workers, giving the sources\' bytes', async () => {
    const built = join(dir, 'threads-built');
    const r = govbuy(['run', 'scenarios/guangzhou.yaml', '--years', '2', '--threads', '2', '--out', built]);
    expect(r.err).not.toMatch(/note|error/); // only warnings about the schedule's later years
    expect(r.code).toBe(0);
    const sources = join(dir, 'threads-sources');
    expect((await cli('run', 'scenarios/guangzhou.yaml', '--years', '2', '--out', sources)).code).toBe(0);
    expect(readFileSync(join(built, 'series.csv'), 'utf8')).toBe(readFileSync(join(sources, 'series.csv'), 'utf8'));
  });

  it('the command line\'s build is ASCII, so that it loads as one-byte text (scripts/build.mjs, asciiScript)', () => {
    const text = readFileSync(join(buildStatus(ROOT).dir!, 'main.cjs'), 'utf8');
    const at = text.search(/[^\x00-\x7f]/);
    const line = at < 0 ? '' : text.slice(text.lastIndexOf('\n', at) + 1, text.indexOf('\n', at));
    // A non-ASCII character outside a comment: in a regular-expression literal or a tagged
    // template, which esbuild copies as they are. Build that expression from a string instead
    // (as src/experiments/thresholds.ts does with ≤ and ≥), or escape the character.
    expect(line, 'a non-ASCII character outside the comments of the build').toBe('');
  });

  it('asciiScript escapes what is in comments, and leaves code whose other text is not ASCII as it is', () => {
    const run = (code: string) => new Function(`${code}; return f();`)() as unknown;
    // As esbuild writes it: the string in ASCII, the comments as they were.
    const built = 'function f() {\n  // 居家养老 (elder care) – “quoted”\n  /** ≤ 5 */\n  return "\\xE9\\u2264" + `${1}\\u2026`;\n}';
    const ascii = asciiScript(esbuild, built);
    expect(ascii).toMatch(/^[\x00-\x7f]*$/);
    expect(ascii).toContain('// \\u5c45\\u5bb6\\u517b\\u8001 (elder care) \\u2013');
    expect(run(ascii)).toBe('é≤1…');
    // Text a tag reads raw, a regular-expression literal, a line break outside ASCII: unchanged.
    for (const code of ['function f() { return String.raw`≤`; }', 'function f() { return /≤/.source; } // ≥', 'function f() { return 1; } // a\u2028b']) {
      expect(asciiScript(esbuild, code)).toBe(code);
    }
  });

  it('the workers in the build are the bytes the sources bundle into (src/io/workerModule.ts)', () => {
    const build = buildStatus(ROOT).dir!;
    for (const entry of ['experiments/worker', 'classroom/worker', 'threads/districtWorker']) {
      const bundled = readFileSync(fileURLToPath(workerModule(entry).filename));
      expect(readFileSync(join(build, 'workers', `${entry.replace('/', '-')}.cjs`)).equals(bundled)).toBe(true);
    }
  });
});

describe('a build older than the sources', () => {
  /** A copy of the package (sources, bin, build scripts, the presets the code cache is made with) sharing this one's node_modules. */
  function copyPackage(): string {
    const root = join(dir, 'package');
    for (const path of ['package.json', 'tsconfig.json', 'bin', 'src', 'scripts/build.mjs', 'scripts/codeCache.mjs', 'scenarios']) cpSync(join(ROOT, path), join(root, path), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    return root;
  }

  it('is rebuilt before it runs, saying so on stderr; an up-to-date build runs silently', () => {
    const root = copyPackage();
    const first = govbuy(['--version'], root);
    expect(first.code).toBe(0);
    expect(first.err).toMatch(/^govbuy: building \(there is no build yet\)…\ngovbuy: built in \d+\.\d s\n$/);
    const builtFirst = buildStatus(root).dir!;

    const again = govbuy(['--version'], root);
    expect(again).toMatchObject({ code: 0, err: '' });

    // An edit that changes what runs: the new text must be what the command prints.
    const version = join(root, 'src', 'io', 'version.ts');
    writeFileSync(version, readFileSync(version, 'utf8').replace("return typeof pkg.version === 'string' ? pkg.version : '0.0.0';", "return 'edited';"));
    const edited = govbuy(['--version'], root);
    expect(edited.err).toMatch(/^govbuy: building \(src\/io\/version\.ts changed since the last build\)…\n/);
    expect(edited.out).toBe('edited\n');
    expect(buildStatus(root).dir).not.toBe(builtFirst);
    // The build it replaced stays (a running process may still start worker threads from it).
    expect(existsSync(builtFirst)).toBe(true);
    expect(readdirSync(join(root, 'dist')).filter((d) => d.startsWith('.'))).toEqual([]);
  });

  it('made with another version of Node is made again (its code cache is for one V8 only)', () => {
    const root = join(dir, 'package');
    const stampFile = join(root, 'dist', 'build.json');
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as { node: string };
    expect(stamp.node).toBe(process.version);
    writeFileSync(stampFile, JSON.stringify({ ...stamp, node: 'v0.0.1' }));
    const r = govbuy(['--version'], root, { GOVBUY_DEBUG: '1' });
    expect(r.code).toBe(0);
    expect(r.err).toContain(`govbuy: building (it was made with Node v0.0.1, this is ${process.version})…\n`);
    expect(r.err).toMatch(/\(code cache used\)\n$/);
  });

  it('with a damaged code cache, or under other V8 flags, runs without it, the same', () => {
    const root = join(dir, 'package');
    const cacheFile = join(buildStatus(root).dir!, 'main.cjs.cache');
    const good = readFileSync(cacheFile);
    const expected = govbuy(['validate', XITUN], root);
    expect(expected.code).toBe(0);
    try {
      writeFileSync(cacheFile, good.subarray(0, good.length >> 1));
      const damaged = govbuy(['validate', XITUN], root, { GOVBUY_DEBUG: '1' });
      expect(damaged.err).toMatch(/\(code cache rejected\)\n$/);
      expect({ code: damaged.code, out: damaged.out }).toEqual({ code: 0, out: expected.out });
    } finally {
      writeFileSync(cacheFile, good);
    }
    // A V8 flag on node's command line (as for a large run) changes V8's flags: the cache is not used.
    const r = spawnSync(process.execPath, ['--max-old-space-size=3000', join(root, 'bin', 'govbuy.js'), 'validate', XITUN], { cwd: root, encoding: 'utf8', env: { ...process.env, GOVBUY_DEBUG: '1' } });
    expect(r.stderr).toMatch(/\(code cache rejected\)\n$/);
    expect({ code: r.status, out: r.stdout }).toEqual({ code: 0, out: expected.out });
    expect(govbuy(['validate', XITUN], root, { GOVBUY_DEBUG: '1' }).err).toMatch(/\(code cache used\)\n$/);
  });

  it('whose code cache cannot be made still runs, saying so once', () => {
    const root = join(dir, 'package');
    const preset = join(root, 'scenarios', 'chifeng-xitun.yaml');
    const text = readFileSync(preset, 'utf8');
    rmSync(preset);
    const version = join(root, 'src', 'io', 'version.ts');
    writeFileSync(version, `${readFileSync(version, 'utf8')}\n`);
    try {
      const first = govbuy(['--version'], root, { GOVBUY_DEBUG: '1' });
      expect(first.code).toBe(0);
      expect(first.out).toBe('edited\n');
      expect(first.err).toMatch(/\ngovbuy: built without a code cache \(govbuy validate exited with 2: error: .*chifeng-xitun\.yaml.*\); commands start about 0\.06 s slower\n/);
      expect(first.err).toMatch(/\(code cache absent\)\n$/);
      expect(govbuy(['--version'], root)).toMatchObject({ code: 0, err: '' });
    } finally {
      writeFileSync(preset, text);
    }
  });

  it('whose sources do not compile stops with the place of the error, exit 1', () => {
    const root = join(dir, 'package');
    const version = join(root, 'src', 'io', 'version.ts');
    const text = readFileSync(version, 'utf8');
    writeFileSync(version, `${text}\nexport const broken = ;\n`);
    try {
      const r = govbuy(['--version'], root);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/error: govbuy cannot run: the build failed: src\/io\/version\.ts:\d+:\d+: /);
      expect(r.out).toBe('');
    } finally {
      writeFileSync(version, text);
    }
  });

  it('that cannot be rebuilt stops with what to do, exit 1, and runs nothing', () => {
    const root = join(dir, 'package');
    rmSync(join(root, 'dist'), { recursive: true, force: true });
    writeFileSync(join(root, 'dist'), 'not a folder');
    const r = govbuy(['run', XITUN, '--out', join(dir, 'never')], root);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/error: govbuy cannot run: cannot write the build into .*dist \(ENOTDIR\); run `npm run build` in /);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});

describe('output that cannot be written', () => {
  /** `node bin/govbuy.js <args>` with stdout going to `stdout` (a file descriptor or 'pipe'). */
  const spawnWith = (args: string[], stdout: number | 'pipe') => spawnSync(process.execPath, [join(ROOT, 'bin', 'govbuy.js'), ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', stdout, 'pipe'] });

  it.runIf(existsSync('/dev/full'))('stdout on a full disk (/dev/full) is one line on stderr and exit 1, not a stack trace', () => {
    const full = openSync('/dev/full', 'w');
    try {
      for (const args of [['schema'], ['validate', XITUN], ['experiment-schema']]) {
        const r = spawnWith(args, full);
        expect({ args, status: r.status, err: r.stderr }).toEqual({ args, status: 1, err: 'error: cannot write the output: no space left on device (ENOSPC)\n' });
      }
    } finally {
      closeSync(full);
    }
  });

  it('a pipe closed early (govbuy schema | head) is not an error: exit 0, nothing on stderr', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'govbuy.js'), 'schema'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect({ code, err }).toEqual({ code: 0, err: '' });
  });
});
