#!/usr/bin/env node
/**
 * `npm test`: typecheck, then the vitest suite, then one closing summary line.
 *
 *   npm test                  # whole suite
 *   npm test -- tests/docs    # extra arguments go to `vitest run`
 *
 * The very last line printed is always `N passed, N failed` (plus `, N skipped` when some
 * tests were skipped or todo), counted from vitest's JSON report. A failed typecheck counts as
 * one failure, and so does a test file that failed without any failing test in it (an import
 * error, say) or a vitest run that failed without a report, so the line never reads
 * `0 failed` when the exit code is non-zero. Exit code: 0 only if the typecheck and every test
 * passed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const reportFile = join(root, 'results', '.vitest-report.json');
const forwarded = process.argv.slice(2);

/** Run a command with inherited stdio; resolve to its exit code (1 if it could not start or was killed). */
function run(command, args) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    child.on('error', (err) => {
      console.error(`test: could not start ${command}: ${err.message}`);
      done(1);
    });
    child.on('exit', (code, signal) => done(signal ? 1 : (code ?? 1)));
  });
}

/** A local binary from node_modules/.bin via npx, never installing anything. */
const npx = (bin, args) => run('npx', ['--no', '--', bin, ...args]);

console.log('== typecheck: tsc -p tsconfig.json --noEmit');
const tscCode = await npx('tsc', ['-p', 'tsconfig.json', '--noEmit']);
console.log(tscCode === 0 ? '== typecheck passed' : `== typecheck FAILED (exit ${tscCode})`);

mkdirSync(dirname(reportFile), { recursive: true });
rmSync(reportFile, { force: true });
console.log(`== tests: vitest run ${forwarded.join(' ')}`.trimEnd());
const vitestCode = await npx('vitest', [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${relative(root, reportFile)}`,
  ...forwarded,
]);

let passed = 0;
let failed = 0;
let skipped = 0;
let report = null;
if (existsSync(reportFile)) {
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8'));
  } catch (err) {
    console.error(`test: unreadable vitest report ${reportFile}: ${err.message}`);
  }
}
if (report) {
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that failed to load or crashed outside a test has no failed test in it: count it once.
  for (const file of report.testResults ?? []) {
    const failedInside = (file.assertionResults ?? []).some((t) => t.status === 'failed');
    if (file.status === 'failed' && !failedInside) failed += 1;
  }
} else {
  console.error('test: vitest wrote no report');
}
// Vitest failed for a reason the counts do not show (unhandled error, no test files found, ...).
if (vitestCode !== 0 && failed === 0) failed += 1;
if (tscCode !== 0) failed += 1;

const ok = tscCode === 0 && vitestCode === 0 && failed === 0;
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exitCode = ok ? 0 : 1;
