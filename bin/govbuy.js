#!/usr/bin/env node
// govbuy command line. Runs the build of the TypeScript sources (scripts/build.mjs: made by
// `npm install`, kept in dist/). If the sources changed since that build, it builds again first
// (a second or two, said on stderr) rather than run code older than the sources; if it cannot
// (esbuild missing, dist/ not writable), it says how to rebuild and exits 1.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { BuildError, ensureBuilt } from '../scripts/build.mjs';

// V8 optimizes a function once it has run a certain amount of bytecode (its interrupt budget,
// 66 KB by default). govbuy's monthly functions are called once a month, so at that budget V8
// optimizes many of them before it has seen their usual paths, then throws the code away and
// compiles again. At 250 KB a 20-year Xitun run from a cold start takes about 200 ms instead of
// 245, and a process compiles half as much over its first runs (docs/performance.md, "Warm-up").
// Set before any of govbuy's code loads; V8's flags hold for the worker threads too. A budget
// given on node's own command line is kept.
if (!process.execArgv.some((a) => a.startsWith('--interrupt-budget'))) setFlagsFromString('--interrupt-budget=250000');

// `govbuy schema | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

let build;
try {
  build = await ensureBuilt({ note: (line) => process.stderr.write(`${line}\n`) });
} catch (err) {
  if (!(err instanceof BuildError)) throw err;
  process.stderr.write(`error: govbuy cannot run: ${err.message}\n`);
  process.exit(1);
}
if (process.env.GOVBUY_DEBUG === '1') process.stderr.write(`govbuy: running ${build}\n`);

const { main } = await import(pathToFileURL(join(build, 'main.js')).href);
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Let piped output drain before exiting.
await new Promise((resolve) => process.stdout.write('', resolve));
await new Promise((resolve) => process.stderr.write('', resolve));
process.exit(code);
