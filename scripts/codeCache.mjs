#!/usr/bin/env node
/**
 * Loading the build's command line (dist/build-…/main.cjs) with V8's code cache, and making that
 * cache when the build is made.
 *
 * Why: a command's start-up is mostly V8 compiling JavaScript — the 1–3 MB of the command line
 * and the model it runs — before the first useful line runs. A code cache holds the compiled
 * bytecode of every function a typical command ran, so the next process deserializes it instead
 * of compiling (about 60 ms of a 20-year Xitun `govbuy run`; docs/performance.md, "Start-up").
 * Node 20 has no code cache for ES modules, hence the CommonJS build and vm.Script here.
 *
 * The cache (main.cjs.cache beside main.cjs) is made by the build (scripts/build.mjs), which runs
 * this file as `node scripts/codeCache.mjs train <build dir>`: one process runs the commands users
 * run most (`run` and `validate` on the Xitun preset, into a temporary folder) and writes the
 * bytecode V8 then holds. V8 checks a cache before it uses it — the same V8 version, the same
 * flags, the same source — and ignores one that does not match, so a mismatch costs time, never
 * correctness (GOVBUY_DEBUG=1 says whether the cache was used). The build stamp records the Node
 * version, so after an upgrade of Node the build, cache included, is made again.
 *
 * Like scripts/build.mjs, this file imports only node: modules, so bin/govbuy.js stays quick.
 */
import { isAscii } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';

/** The build's command line: one CommonJS file (scripts/build.mjs). */
export const COMMAND_LINE = 'main.cjs';
const CACHE_SUFFIX = '.cache';

/**
 * V8 optimizes a function once it has run a certain amount of bytecode (its interrupt budget,
 * 66 KB by default). govbuy's monthly functions are called once a month, so at that budget V8
 * optimizes many of them before it has seen their usual paths, then throws the code away and
 * compiles again. At 250 KB a 20-year Xitun run from a cold start takes about 200 ms instead of
 * 245, and a process compiles half as much over its first runs (docs/performance.md, "Warm-up").
 * V8's flags hold for the worker threads too.
 */
const INTERRUPT_BUDGET = '--interrupt-budget=250000';

/**
 * Set govbuy's V8 flags, before any of its code loads. A budget given on node's own command line
 * is kept. The training process sets the same flags: V8 uses a code cache only under the flags it
 * was made with.
 */
export function setV8Flags() {
  if (!process.execArgv.some((a) => a.startsWith('--interrupt-budget'))) setFlagsFromString(INTERRUPT_BUDGET);
}

/**
 * Run the build's command line in this process and return its exports (`main`). `status` says
 * what became of the code cache: 'used', 'rejected' (made by another V8 or under other flags) or
 * 'absent'. `script` is kept for training (createCachedData).
 */
export function loadCommandLine(buildDir) {
  const file = join(buildDir, COMMAND_LINE);
  // The build is ASCII (scripts/build.mjs, asciiScript), which Latin-1 reads as UTF-8 would, only
  // much faster, into a one-byte string. Any other text is read as UTF-8.
  const bytes = readFileSync(file);
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  let cachedData;
  try {
    cachedData = readFileSync(file + CACHE_SUFFIX);
  } catch {
    // No cache (it could not be made): V8 compiles as it goes.
  }
  // Code loaded from a code cache cannot call import() in Node 20; the build's imports of packages
  // go through src/io/importPackage.ts, which uses this one (resolved from the package's node_modules).
  globalThis[Symbol.for('govbuy.importPackage')] = (name) => import(name);
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  const status = cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
  return { exports: module.exports, status, script };
}

/** A folder for the training run's output, removed afterwards. */
function trainingFolder() {
  return mkdtempSync(join(tmpdir(), 'govbuy-code-cache-'));
}

/** The commands the cache is trained on, as a user would type them. */
function trainingCommands(root, out) {
  const xitun = join(root, 'scenarios', 'chifeng-xitun.yaml');
  return [
    ['validate', xitun],
    ['run', xitun, '--seed', '1', '--out', join(out, 'run'), '--force'],
  ];
}

/**
 * In a process of its own (`node scripts/codeCache.mjs train <build dir> <package root>`): run
 * the training commands with govbuy's V8 flags and write the cache, atomically. Exits 1 with the
 * reason on stderr when a command fails.
 */
async function train(buildDir, root) {
  setV8Flags();
  const { exports, script } = loadCommandLine(buildDir);
  const out = trainingFolder();
  const errors = [];
  const quiet = { out: () => {}, err: (text) => errors.push(text) };
  try {
    for (const command of trainingCommands(root, out)) {
      const code = await exports.main(command, quiet);
      if (code !== 0) throw new Error(`govbuy ${command[0]} exited with ${code}: ${errors.join('').trim().split('\n')[0]}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const file = join(buildDir, COMMAND_LINE + CACHE_SUFFIX);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, script.createCachedData());
  renameSync(temp, file);
}

/**
 * Make the build's code cache: runs the training in a child process (its own V8, with govbuy's
 * flags and none inherited from this process). Returns null when done, else why not (the build
 * then runs without a cache, only slower).
 */
export function makeCodeCache(buildDir, root) {
  const env = { ...process.env };
  // Flags for this process (a test runner's, a profiler's) would make the cache V8's flags' and not the user's.
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'train', buildDir, root], { cwd: root, env, encoding: 'utf8' });
  if (r.error) return r.error.message;
  if (r.status !== 0) return (r.stderr || `exit ${r.status}`).trim().split('\n')[0];
  return null;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2] === 'train') {
  try {
    await train(resolve(process.argv[3]), resolve(process.argv[4]));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  // The run's pending work (asking git for the code version) is not waited for.
  process.exit(0);
}
