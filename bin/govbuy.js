#!/usr/bin/env node
// govbuy command line. Runs the build of the TypeScript sources (scripts/build.mjs: made by
// `npm install`, kept in dist/) with its code cache (scripts/codeCache.mjs). If the sources
// changed since that build, it builds again first (a second or two, said on stderr) rather than
// run code older than the sources; if it cannot (esbuild missing, dist/ not writable), it says
// how to rebuild and exits 1.
import { BuildError, ensureBuilt } from '../scripts/build.mjs';
import { loadCommandLine, setV8Flags } from '../scripts/codeCache.mjs';

// Before any of govbuy's code loads.
setV8Flags();

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

const { exports, status } = loadCommandLine(build);
if (process.env.GOVBUY_DEBUG === '1') process.stderr.write(`govbuy: running ${build} (code cache ${status})\n`);
const code = await exports.main(process.argv.slice(2));
process.exitCode = code;
// Let piped output drain before exiting.
await new Promise((resolve) => process.stdout.write('', resolve));
await new Promise((resolve) => process.stderr.write('', resolve));
process.exit(code);
