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

// `govbuy schema | head` closes the pipe early: that is not an error. Any other failed write to
// stdout (`govbuy schema > /dev/full`: the disk is full) is one line on stderr and exit 1, not a
// stack trace; a failed write to stderr leaves nowhere to say so, and exits 1 as well.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  try {
    process.stderr.write(`error: cannot write the output: ${errorText(err)}\n`);
  } finally {
    process.exit(1);
  }
});
process.stderr.on('error', (err) => process.exit(err.code === 'EPIPE' ? (process.exitCode ?? 0) : 1));

/** "no space left on device (ENOSPC)" from Node's "ENOSPC: no space left on device, write". */
function errorText(err) {
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const words = String(err?.message ?? err)
    .replace(/^[A-Z][A-Z0-9_]*: /, '')
    .replace(/, (write|writev)$/, '');
  return code ? `${words} (${code})` : words;
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
