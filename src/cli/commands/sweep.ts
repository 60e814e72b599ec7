/**
 * `govbuy sweep <experiment>`: run every run of an experiment (or one shard of it) on a pool of
 * worker threads, streaming results to a folder that can be resumed after any interruption.
 * Exit codes: 0 all runs ok, 2 bad input (nothing written), 3 some runs failed (the others
 * went on), 130 interrupted (continue with --resume).
 */
import type { Argv } from 'yargs';
import { parseShard } from '../../experiments/design.ts';
import { createProgress } from '../../experiments/progress.ts';
import { PreflightInterrupted } from '../../experiments/runOne.ts';
import { MIN_RUN_MEMORY_MB } from '../../experiments/schema.ts';
import { runLabel, runSweep } from '../../experiments/sweep.ts';
import { count, pathOption, single, UsageError, wholeNumber, type Io } from '../context.ts';
import { EXIT_INTERRUPTED, EXIT_RUNS_FAILED, runMemory, runTimeout } from '../manyRuns.ts';

export function builder(y: Argv): Argv {
  return y
    .positional('experiment', { type: 'string', describe: 'Experiment file (experiments/*.yaml)' })
    .option('workers', { type: 'number', requiresArg: true, describe: 'Worker threads (0 or 1: run in this thread, or on one worker thread when a run limit is set; default: all cores)' })
    .option('out', { type: 'string', requiresArg: true, describe: 'Results folder (default: results/<experiment file name without extension>, with -shard-<k> for a shard; the name: inside the file does not change it)' })
    .option('resume', { type: 'boolean', default: false, describe: 'Continue an interrupted sweep in --out: run only what is missing' })
    .option('retry-failed', { type: 'boolean', default: false, describe: 'Like --resume, and also rerun the runs that failed' })
    .option('shard', { type: 'string', requiresArg: true, describe: 'Run shard k of n (1-based): the runs whose index i has i mod n = k − 1' })
    .option('force', { type: 'boolean', default: false, describe: 'Replace --out if it already holds results (not with --resume)' })
    .option('run-timeout', {
      type: 'number',
      requiresArg: true,
      describe: 'Per-run time limit in seconds: a run still going then is recorded as failed and its worker thread replaced (overrides limits.runSeconds; needs worker threads)',
    })
    .option('run-memory', {
      type: 'number',
      requiresArg: true,
      describe: `Heap limit of each worker thread in MB (at least ${MIN_RUN_MEMORY_MB}): a run that exceeds it is recorded as failed and its worker thread replaced (overrides limits.memoryMB)`,
    })
    .example('$0 sweep experiments/payments-vs-survival.yaml --workers 2', '')
    .example('$0 sweep experiments/sensitivity.yaml --out results/sens --resume', '')
    .example('$0 sweep experiments/sensitivity.yaml --shard 3/8', '')
    .example('$0 sweep experiments/sensitivity.yaml --run-timeout 600 --run-memory 2048', '');
}

/** GOVBUY_TEST_FAIL_RUNS=3,5: make those run indices fail (tests of failure handling only). */
function testFailRuns(): number[] {
  const text = process.env.GOVBUY_TEST_FAIL_RUNS;
  if (!text) return [];
  return text.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n >= 0);
}

/** Failed runs listed on stderr at the end of a session; the rest are in runs.csv. */
const FAILURES_LISTED = 20;

export async function handler(args: Record<string, unknown>, io: Io): Promise<number> {
  const experimentFile = String(args.experiment);
  const workers = wholeNumber('workers', args.workers);
  const out = pathOption('out', args.out);
  const shardText = single('shard', args.shard);
  const shard = shardText === undefined ? null : parseShard(shardText);
  if (shardText !== undefined && !shard) throw new UsageError(`--shard must be k/n with 1 ≤ k ≤ n (e.g. --shard 2/8), got ${JSON.stringify(shardText)}`);
  const resume = args.resume === true;
  const retryFailed = args['retry-failed'] === true;
  const force = args.force === true;
  const runSeconds = runTimeout(args['run-timeout']);
  const memoryMB = runMemory(args['run-memory']);
  if (force && (resume || retryFailed)) throw new UsageError('--force starts over and --resume/--retry-failed continue; choose one');

  const controller = new AbortController();
  let signals = 0;
  const onSignal = () => {
    signals++;
    if (signals === 1) io.err('\ninterrupted: stopping (runs in flight are dropped and will run again on --resume)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const tty = process.stderr.isTTY === true;
    // On a terminal a note first clears the progress bar's line (the bar is redrawn on the next run).
    const note = (line: string) => io.err(`${tty ? '\r\x1b[K' : ''}${line}\n`);
    const outcome = await runSweep({
      experimentFile,
      out,
      workers,
      resume,
      retryFailed,
      shard,
      force,
      signal: controller.signal,
      failRuns: testFailRuns(),
      limits: { runSeconds: runSeconds ?? null, memoryMB: memoryMB ?? null },
      note,
      progress: (total, done) => createProgress({ write: (t) => io.err(t), tty, columns: process.stderr.columns, total, done }),
    });
    const { experiment: e } = outcome;
    const done = outcome.before + outcome.ranNow;
    const secs = outcome.wallMs / 1000;
    const rate = outcome.ranNow > 0 && secs > 0 ? ` (${Math.round((outcome.ranNow / secs) * 60)} runs/min)` : '';
    const shardNote = shard ? ` (shard ${shard.k}/${shard.n})` : '';
    const resumeCommand = `govbuy sweep ${experimentFile} --out ${outcome.out}${shard ? ` --shard ${shard.k}/${shard.n}` : ''}`;
    if (outcome.interrupted) {
      io.err(`${e.name}: ${done} of ${count(outcome.runs, 'run')} done; continue with: ${resumeCommand} --resume\n`);
      return EXIT_INTERRUPTED;
    }
    const ran = outcome.before > 0 ? ` (${outcome.ranNow} run now, ${outcome.before} before)` : '';
    io.out(
      `${e.name}: ${count(outcome.runs, 'run')}${ran} in ${secs.toFixed(1)} s${rate} on ${!outcome.pooled ? '1 thread' : outcome.workers === 1 ? '1 worker thread' : `${outcome.workers} worker threads`}: ${outcome.ok} ok, ${outcome.failed} failed\n` +
        `wrote ${outcome.out}/ runs.csv, runs.parquet, manifest.json, journal.ndjson${e.outputs.series ? ', series/' : ''}${shardNote}\n`,
    );
    if (outcome.failed > 0) {
      io.err(`${count(outcome.failed, 'run')} failed (see the status and error columns of runs.csv); rerun only those with: ${resumeCommand} --retry-failed\n`);
      const listed = outcome.failures.slice(0, FAILURES_LISTED);
      for (const f of listed) io.err(`  ${runLabel(f.runIndex, f.seed, f.factors)}: ${f.error}\n`);
      if (outcome.failures.length > listed.length) io.err(`  … and ${outcome.failures.length - listed.length} more in runs.csv\n`);
      const limited = outcome.failures.filter((f) => f.fault === 'timeout' || f.fault === 'memory').length;
      if (limited > 0)
        io.err(
          `${limited} of them hit a limit (${describeLimits(outcome.limits)}); if that was too tight, raise it with --run-timeout / --run-memory (or limits: in the experiment file) when you retry\n`,
        );
      return EXIT_RUNS_FAILED;
    }
    return 0;
  } catch (err) {
    if (!(err instanceof PreflightInterrupted)) throw err;
    io.err(`${err.message}; no run was started and nothing was written\n`);
    return EXIT_INTERRUPTED;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function describeLimits(l: { runSeconds: number | null; memoryMB: number | null }): string {
  return [l.runSeconds !== null ? `${l.runSeconds} s per run` : null, l.memoryMB !== null ? `${l.memoryMB} MB per worker thread` : null].filter((x) => x !== null).join(', ') || 'none set';
}
