#!/usr/bin/env node
/**
 * The build: the TypeScript sources compiled by esbuild into the JavaScript that `govbuy` runs
 * (bin/govbuy.js loads it). `npm install` / `npm ci` run it (the `prepare` script); bin/govbuy.js
 * and the test suite's global setup run it again when the sources changed since.
 *
 *   node scripts/build.mjs            build if the sources changed since the last build
 *   node scripts/build.mjs --force    build even if they did not
 *   node scripts/build.mjs --check    only say whether the build is up to date (exit 1 if not)
 *
 * What it makes, in dist/build-<hash of its content>/:
 *   main.cjs          the command line, one CommonJS file (bin/govbuy.js runs it through
 *                     scripts/codeCache.mjs). The command table and yargs run as it loads; each
 *                     command's module, and the sources and bundled packages only it needs, are
 *                     set up only when that command runs (esbuild's lazy wrappers for what
 *                     src/cli/main.ts imports with import()); the packages left in node_modules
 *                     (vega, fonts, the pool, the parquet writer) load only in the commands that
 *                     use them.
 *   main.cjs.cache    V8's code cache for main.cjs, made by running the commands users run most
 *                     (scripts/codeCache.mjs). Not part of the directory's hash (scripts/codeCache.mjs,
 *                     which makes it, is).
 *   workers/*.cjs     the worker threads' modules (src/io/workerModule.ts), CommonJS.
 *   meta.json         esbuild's metafile: which source went into which file.
 * and dist/build.json, the stamp: which build directory is current, the Node version it was made
 * with, and the size and modification time of every input it was built from. The build is up to
 * date when every input still has the size and time it had and Node is the same; any change,
 * addition or removal under src/ (or of package.json, tsconfig.json,
 * node_modules/.package-lock.json, this file, scripts/codeCache.mjs) makes it stale.
 *
 * Safe with concurrent builds and running processes: a build directory is written under a
 * temporary name and renamed into place, and is never changed afterwards but for its code cache,
 * written (atomically) once, before the stamp names the directory; the stamp is replaced
 * atomically. Builds other than the current and the one it replaced are removed once they are a
 * day old (a process running an older build may still start worker threads from it).
 *
 * The npm packages every scenario-reading command loads at start-up are bundled in (BUNDLED),
 * the others load from node_modules; zod's translations of its messages are left out
 * (zodEnglishOnly). Not minified: stack traces (GOVBUY_DEBUG=1) stay readable; minifying saved
 * about 3% of a command's start-up (docs/performance.md, "Start-up").
 *
 * This file imports nothing outside node: at module level, so bin/govbuy.js can check the stamp
 * in about a millisecond; esbuild is loaded only to build.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMAND_LINE, makeCodeCache } from './codeCache.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = 'build.json';
const STAMP_FORMAT = 2;
/** Inputs besides the files under src/. */
const INPUT_FILES = ['package.json', 'tsconfig.json', 'scripts/build.mjs', 'scripts/codeCache.mjs', 'node_modules/.package-lock.json'];
/**
 * npm packages bundled into the build: those every command that reads a scenario loads at
 * start-up (one file loads faster than many resolved ones: about 30 ms less for yargs and zod
 * each), with what they import. Every other package stays external and loads from node_modules
 * as it would without a build: many load files of their own (native code, WebAssembly, worker
 * scripts, fonts) that bundling would break, and they load only in the commands that need them.
 */
const BUNDLED = ['yargs', 'zod', 'yaml', 'immer', 'seedrandom'];

/** Imports from our sources of packages not in BUNDLED are left external; what a bundled package imports is bundled with it. */
const bundleOnlyListed = {
  name: 'bundle-only-listed',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.importer.split(sep).includes('node_modules')) return undefined;
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      return BUNDLED.includes(name) ? undefined : { path: args.path, external: true };
    });
  },
};
/** The worker threads' entries (src/io/workerModule.ts names them the same way). */
export const WORKER_ENTRIES = ['experiments/worker', 'classroom/worker', 'threads/districtWorker'];
const KEEP_OLD_BUILDS_MS = 24 * 3600 * 1000;

/** A build that could not be made or found; `message` says what to do. */
export class BuildError extends Error {
  constructor(message) {
    super(message);
    this.name = 'BuildError';
  }
}

/** Input file (relative to root, '/'-separated) → [size, mtimeMs]. */
function inputs(root) {
  const found = {};
  const add = (rel) => {
    try {
      const s = statSync(join(root, rel));
      if (s.isFile()) found[rel.split(sep).join('/')] = [s.size, s.mtimeMs];
    } catch {
      // An optional input that is absent (node_modules/.package-lock.json before an install).
    }
  };
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else add(rel);
    }
  };
  walk('src');
  for (const file of INPUT_FILES) add(file);
  return found;
}

function readStamp(root) {
  try {
    const stamp = JSON.parse(readFileSync(join(root, 'dist', STAMP), 'utf8'));
    return stamp?.format === STAMP_FORMAT && typeof stamp.dir === 'string' ? stamp : null;
  } catch {
    return null;
  }
}

/** The first input that differs from the stamp's record of it ("src/x.ts changed since the last build"), or null. */
function firstChange(recorded, now) {
  const since = 'since the last build';
  for (const [file, [size, mtime]] of Object.entries(now)) {
    const was = recorded[file];
    if (!was) return `${file} was added ${since}`;
    if (was[0] !== size || was[1] !== mtime) return `${file} changed ${since}`;
  }
  for (const file of Object.keys(recorded)) if (!(file in now)) return `${file} was removed ${since}`;
  return null;
}

/**
 * Whether the current build is up to date. `dir`: its directory (absolute), when there is one;
 * `stale`: why it is not up to date ("src/x.ts changed since the last build"; null when it is).
 */
export function buildStatus(root = ROOT) {
  const stamp = readStamp(root);
  const dir = stamp ? join(root, 'dist', stamp.dir) : null;
  if (!stamp || !existsSync(join(dir, COMMAND_LINE))) return { dir: null, stale: 'there is no build yet' };
  // The code cache is valid for one V8 only.
  if (stamp.node !== process.version) return { dir, stale: `it was made with Node ${stamp.node}, this is ${process.version}` };
  return { dir, stale: firstChange(stamp.inputs ?? {}, inputs(root)) };
}

/**
 * zod's messages in English only: its translations into some forty other languages (half of
 * zod's code, 300 kB that every command that reads a scenario would load) are left out. govbuy
 * never switches zod's locale (zod's own default is English).
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({ contents: 'export { default as en } from "./en.js";\n', resolveDir: dirname(args.path), loader: 'js' }));
  },
};

/**
 * string-width (yargs' and cliui's, to lay out --help) sets up Unicode tables and an
 * Intl.Segmenter as it loads: about 20 ms of every command's start-up, help or not. In the build
 * the packages' imports of it resolve to a stand-in that loads the real one on its first call;
 * widths are the same.
 */
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData?.real) return undefined;
      const real = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { real: true } });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'lazy-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      contents: `let width;\nexport default function stringWidth(text, options) {\n  width ??= require(${JSON.stringify(args.path)}).default;\n  return width(text, options);\n}\n`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/** esbuild options shared by the command line's and the workers' builds. */
const COMMON = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  write: false,
  logLevel: 'silent',
  // esbuild renames a function or class only where two modules' names collide (about 160 of
  // them, e.g. `parse2`); keeping their original names costs a call per function as each module
  // sets up (2,500 in the command line: 6–10 ms of a run's start-up, docs/performance.md). govbuy
  // reads no function's or class's name, so only stack traces (GOVBUY_DEBUG=1) show the renamed
  // ones as renamed.
  keepNames: false,
};

/**
 * Build into dist/ and make it current; resolves to the build directory. Throws a BuildError
 * saying what failed (a compile error, an unwritable folder).
 */
export async function build(root = ROOT) {
  const t0 = performance.now();
  const seen = inputs(root);
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch (err) {
    throw new BuildError(`esbuild is not installed (${err.message}); run \`npm install\` in ${root}`);
  }
  const src = (entry) => join(root, 'src', `${entry}.ts`);
  let cli;
  let workers;
  try {
    [cli, ...workers] = await Promise.all([
      esbuild.build({
        ...COMMON,
        absWorkingDir: root,
        entryPoints: [src('cli/main')],
        // CommonJS, one file: Node 20 has a code cache only for scripts (scripts/codeCache.mjs).
        format: 'cjs',
        outfile: join(root, 'dist', 'out', COMMAND_LINE),
        // The sources' import.meta.url (finding the package, the fonts, the workers): the file's URL.
        banner: { js: "var __govbuyModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
        define: { GOVBUY_BUILT: 'true', 'import.meta.url': '__govbuyModuleUrl' },
        metafile: true,
        plugins: [bundleOnlyListed, zodEnglishOnly, lazyStringWidth],
      }),
      // Workers as src/io/workerModule.ts bundles them when running from the sources (the same
      // options, so the same bytes: tests/cli/bin.test.ts compares them).
      ...WORKER_ENTRIES.map((entry) =>
        esbuild.build({ ...COMMON, absWorkingDir: root, entryPoints: [src(entry)], format: 'cjs', packages: 'external', outfile: join(root, 'dist', 'out', 'workers', `${entry.replace('/', '-')}.cjs`) }),
      ),
    ]);
  } catch (err) {
    const first = err.errors?.[0];
    const where = first?.location ? `${first.location.file}:${first.location.line}:${first.location.column + 1}: ` : '';
    throw new BuildError(`the build failed: ${where}${first?.text ?? err.message}`);
  }
  const files = [...cli.outputFiles, ...workers.flatMap((w) => w.outputFiles)].map((f) => ({ path: relative(join(root, 'dist', 'out'), f.path).split(sep).join('/'), contents: f.contents }));
  const commandLine = files.find((f) => f.path === COMMAND_LINE);
  commandLine.contents = Buffer.from(asciiScript(esbuild, Buffer.from(commandLine.contents).toString('utf8')), 'utf8');
  files.push({ path: 'meta.json', contents: Buffer.from(JSON.stringify(cli.metafile)) });
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256');
  for (const f of files) hash.update(f.path).update('\0').update(f.contents).update('\0');
  // The code cache's maker (its V8 flags, its training) too: a build directory's cache is made once, with the directory.
  hash.update(readFileSync(fileURLToPath(new URL('./codeCache.mjs', import.meta.url))));
  const name = `build-${hash.digest('hex').slice(0, 16)}`;
  const dist = join(root, 'dist');
  const dir = join(dist, name);
  const previous = readStamp(root)?.dir;
  /** Why the build has no code cache, when it has none. */
  let cacheNote = null;
  try {
    if (!existsSync(dir)) {
      const temp = join(dist, `.${name}.${process.pid}.tmp`);
      for (const f of files) {
        mkdirSync(dirname(join(temp, f.path)), { recursive: true });
        writeFileSync(join(temp, f.path), f.contents);
      }
      let placed = true;
      try {
        renameSync(temp, dir);
      } catch (err) {
        // Another process built the same code at the same time: its copy is as good.
        rmSync(temp, { recursive: true, force: true });
        if (!existsSync(dir)) throw err;
        placed = false;
      }
      // Made in place, before the stamp names the build: V8 records the file's path in the cache,
      // and stack traces would name the temporary folder. Written atomically.
      if (placed) cacheNote = makeCodeCache(dir, root);
    }
    const stampTemp = join(dist, `.${STAMP}.${process.pid}.tmp`);
    writeFileSync(stampTemp, `${JSON.stringify({ format: STAMP_FORMAT, dir: name, node: process.version, builtAt: new Date().toISOString(), inputs: seen })}\n`);
    renameSync(stampTemp, join(dist, STAMP));
  } catch (err) {
    throw new BuildError(`cannot write the build into ${dist} (${err.code ?? err.message}); run \`npm run build\` in ${root} as a user who may write there`);
  }
  removeOldBuilds(dist, [name, previous]);
  return { dir, ms: performance.now() - t0, cacheNote };
}

/**
 * The command line in ASCII, when that changes nothing but comments. Node makes a script's text a
 * one-byte string only when it is ASCII (scripts/codeCache.mjs then reads it as Latin-1: well under
 * a millisecond, against about 8 ms to decode 2 MB of UTF-8 into a two-byte string), and V8 parses
 * the functions the code cache lacks from one-byte text faster: about 5 ms of `govbuy --version`,
 * 15 ms of a `govbuy run` (docs/performance.md, "Start-up").
 *
 * esbuild already writes strings, names and plain templates in ASCII (its default charset). What
 * it copies as they are: comments (the sources cite Chinese terms), regular-expression literals
 * and tagged templates (their raw text is seen by the tag). So `code` is checked with its comments
 * removed: if that is ASCII, every other character is in a comment, where a \uXXXX escape is
 * plain text, and each is written so. Otherwise (or with white space or a line break outside
 * ASCII) the code is returned unchanged and loads as UTF-8: correct, only slower; a test
 * (tests/cli/bin.test.ts) says where such a character is.
 */
export function asciiScript(esbuild, code) {
  const nonAscii = /[^\x00-\x7f]/;
  // Non-ASCII white space or line breaks (U+2028 ends a // comment) would not be comments' text.
  if (!nonAscii.test(code) || /[^\S \t\n\r\v\f]/.test(code)) return code;
  const withoutComments = esbuild.transformSync(code, { minifyWhitespace: true, legalComments: 'none', charset: 'ascii' }).code;
  if (nonAscii.test(withoutComments)) return code;
  return code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Remove build directories (and abandoned temporary ones) a day old, except those in `keep`. */
function removeOldBuilds(dist, keep) {
  for (const entry of readdirSync(dist)) {
    if (keep.includes(entry) || !/^\.?build-[0-9a-f]{16}/.test(entry)) continue;
    const path = join(dist, entry);
    try {
      if (Date.now() - statSync(path).mtimeMs > KEEP_OLD_BUILDS_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another process meanwhile.
    }
  }
}

/**
 * The current build's directory, building first if it is stale. `note` hears one line when it
 * builds. Throws a BuildError when it cannot build.
 */
export async function ensureBuilt({ root = ROOT, note = () => {} } = {}) {
  const status = buildStatus(root);
  if (status.stale === null) return status.dir;
  note(`govbuy: building (${status.stale})…`);
  const { dir, ms, cacheNote } = await build(root);
  note(`govbuy: built in ${(ms / 1000).toFixed(1)} s`);
  if (cacheNote) note(`govbuy: built without a code cache (${cacheNote}); commands start about 0.06 s slower`);
  return dir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  try {
    if (args.includes('--check')) {
      const { stale } = buildStatus();
      console.log(stale === null ? 'build: up to date' : `build: stale (${stale})`);
      process.exitCode = stale === null ? 0 : 1;
    } else if (args.includes('--force') || buildStatus().stale !== null) {
      const { dir, ms, cacheNote } = await build();
      console.log(`build: ${relative(ROOT, dir)} in ${(ms / 1000).toFixed(1)} s${cacheNote ? ` (without a code cache: ${cacheNote})` : ''}`);
    } else console.log('build: up to date');
  } catch (err) {
    console.error(err instanceof BuildError ? `build: ${err.message}` : err);
    process.exitCode = 1;
  }
}
