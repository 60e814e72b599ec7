/**
 * bin/govbuy.js runs the build (scripts/build.mjs), never the TypeScript sources, and a command
 * loads only the modules it needs. The modules a process loads are recorded by a module resolve
 * hook (node --import) and mapped through the build's metafile to the sources and npm packages
 * bundled into them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStatus } from '../../scripts/build.mjs';
import { workerModule } from '../../src/io/workerModule.ts';
import { cli, tempDir, XITUN } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;
let cleanup: () => void;
let hook: string;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.GOVBUY_TEST_MODULE_LOG, result.url + '\\n');
  return result;
}
`,
  );
  hook = join(dir, 'register.mjs');
  writeFileSync(hook, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
});
afterAll(() => cleanup());

/** Run `govbuy <args>` as a user would (node bin/govbuy.js), recording every module it loads. */
function govbuy(args: string[], root = ROOT) {
  const log = join(dir, `modules-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(hook).href, join(root, 'bin', 'govbuy.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GOVBUY_TEST_MODULE_LOG: log },
  });
  const urls = readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith('file:'));
  return { code: r.status, out: r.stdout, err: r.stderr, files: urls.map((u) => relative(root, fileURLToPath(u)).split('\\').join('/')) };
}

/** Every source file and npm package file a process loaded: its files, and what the build bundled into them. */
function loadedInputs(files: string[]): string[] {
  const build = buildStatus(ROOT).dir!;
  const meta = JSON.parse(readFileSync(join(build, 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const byFile = new Map(Object.entries(meta.outputs).map(([out, o]) => [relative(ROOT, join(ROOT, out.replace(/^dist\/out\//, `${relative(ROOT, build)}/`))).split('\\').join('/'), Object.keys(o.inputs)]));
  return files.flatMap((f) => byFile.get(f) ?? [f]);
}

/** npm packages only some commands need. */
const HEAVY = ['vega', 'vega-lite', '@resvg/resvg-js', 'piscina', 'hyparquet-writer', 'dejavu-fonts-ttf', '@embedpdf/fonts-sc', 'ml-matrix', '@stdlib/stats-base-dists-t-quantile', 'esbuild', 'tsx'];
const packagesIn = (inputs: string[]) => new Set(inputs.flatMap((i) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(i)?.[1] ?? []));

describe('bin/govbuy.js', () => {
  it('runs the current build, not the TypeScript sources', () => {
    expect(buildStatus(ROOT).stale).toBeNull();
    const r = govbuy(['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
    const build = relative(ROOT, buildStatus(ROOT).dir!);
    const ours = r.files.filter((f) => !f.startsWith('node_modules/'));
    expect(ours).toContain(`${build}/main.js`);
    expect(ours.filter((f) => !f.startsWith(`${build}/`)).sort()).toEqual(['bin/govbuy.js', 'scripts/build.mjs']);
    expect(r.files.some((f) => f.endsWith('.ts'))).toBe(false);
  });

  it.each([
    ['--version', ['--version']],
    ['validate', ['validate', XITUN]],
    ['run --help', ['run', '--help']],
  ])('govbuy %s loads none of the heavy packages (vega, resvg, piscina, parquet, fonts)', (_name, args) => {
    const r = govbuy(args);
    expect(r.code).toBe(0);
    const inputs = loadedInputs(r.files);
    expect(inputs.length).toBeGreaterThan(10);
    expect([...packagesIn(inputs)].filter((p) => HEAVY.includes(p))).toEqual([]);
  });

  it('govbuy --version loads no scenario code (zod, yaml); sweep and calibrate do load the pool and the matrix library', () => {
    const version = packagesIn(loadedInputs(govbuy(['--version']).files));
    expect(version.has('yargs')).toBe(true);
    expect(version.has('zod')).toBe(false);
    expect(version.has('yaml')).toBe(false);
    // The controls: the same detection sees heavy packages where a command needs them, whether
    // loaded from node_modules (piscina) or bundled into the build (ml-matrix).
    const sweep = govbuy(['sweep', '--help']);
    expect(sweep.code).toBe(0);
    expect(packagesIn(loadedInputs(sweep.files)).has('piscina')).toBe(true);
    const calibrate = govbuy(['calibrate', '--help']);
    expect(calibrate.code).toBe(0);
    expect(packagesIn(loadedInputs(calibrate.files)).has('ml-matrix')).toBe(true);
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

  it('the workers in the build are the bytes the sources bundle into (src/io/workerModule.ts)', () => {
    const build = buildStatus(ROOT).dir!;
    for (const entry of ['experiments/worker', 'classroom/worker', 'threads/districtWorker']) {
      const bundled = readFileSync(fileURLToPath(workerModule(entry).filename));
      expect(readFileSync(join(build, 'workers', `${entry.replace('/', '-')}.cjs`)).equals(bundled)).toBe(true);
    }
  });
});

describe('a build older than the sources', () => {
  /** A copy of the package (sources, bin, build script) sharing this one's node_modules. */
  function copyPackage(): string {
    const root = join(dir, 'package');
    for (const path of ['package.json', 'tsconfig.json', 'bin', 'src', 'scripts/build.mjs']) cpSync(join(ROOT, path), join(root, path), { recursive: true });
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
    // The build it replaced stays (a running process may still load chunks from it).
    expect(existsSync(builtFirst)).toBe(true);
    expect(readdirSync(join(root, 'dist')).filter((d) => d.startsWith('.'))).toEqual([]);
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
