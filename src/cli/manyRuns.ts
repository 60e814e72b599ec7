/**
 * What the commands that run many simulations (compare, classroom, calibrate) share with each
 * other and with sweep: the --workers and per-run limit options, a progress bar with the ETA on a
 * terminal (nothing in pipes and CI logs), Ctrl-C, and their exit codes. The runs themselves go
 * through runJobs (src/experiments/jobRunner.ts).
 */
import type { Argv } from 'yargs';
import type { RunLimits } from '../experiments/file.ts';
import { JobsInterrupted, RunFailed, type RunJobsOptions } from '../experiments/jobRunner.ts';
import { createProgress } from '../experiments/progress.ts';
import { MAX_RUN_MEMORY_MB, MAX_RUN_SECONDS, MIN_RUN_MEMORY_MB } from '../experiments/schema.ts';
import { capWorkers } from '../io/cores.ts';
import { count, single, UsageError, wholeNumber, type Io } from './context.ts';

/** A run failed (it threw, or ended its worker thread); nothing was written. As for sweeps. */
export const EXIT_RUNS_FAILED = 3;
/** Stopped with Ctrl-C; nothing was written. */
export const EXIT_INTERRUPTED = 130;

/** --run-timeout: seconds, a positive number (decimals allowed). */
export function runTimeout(value: unknown): number | undefined {
  const text = single('run-timeout', value);
  if (text === undefined) return undefined;
  const t = text.trim();
  const n = /^(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : NaN;
  if (!(n > 0 && n <= MAX_RUN_SECONDS)) throw new UsageError(`--run-timeout must be a number of seconds above 0 and at most ${MAX_RUN_SECONDS} (a week), got ${t.length > 0 ? JSON.stringify(t) : 'nothing'}`);
  return n;
}

/** --run-memory: whole MB within the schema's bounds. */
export function runMemory(value: unknown): number | undefined {
  return wholeNumber('run-memory', value, MAX_RUN_MEMORY_MB, { min: MIN_RUN_MEMORY_MB, why: `MB; a worker thread needs at least ${MIN_RUN_MEMORY_MB} MB to load the code` });
}

/** The options: --workers, --run-timeout, --run-memory (the command's own, not its subcommands': global: false). */
export function manyRunsOptions(y: Argv): Argv {
  return y
    .option('workers', { global: false, type: 'number', requiresArg: true, describe: 'Worker threads for the runs (0 or 1: in this thread; default: all cores). The results do not depend on it' })
    .option('run-timeout', { global: false, type: 'number', requiresArg: true, describe: 'Per-run time limit in seconds; a run still going then stops the command (needs worker threads)' })
    .option('run-memory', { global: false, type: 'number', requiresArg: true, describe: `Heap limit of each worker thread in MB (${MIN_RUN_MEMORY_MB}–${MAX_RUN_MEMORY_MB}); a run that exceeds it stops the command` });
}

/** The values of manyRunsOptions: the worker count (undefined: the default) and the limits. */
export function readManyRunsOptions(args: Record<string, unknown>): { workers: number | undefined; limits: RunLimits } {
  return { workers: wholeNumber('workers', args.workers), limits: { runSeconds: runTimeout(args['run-timeout']) ?? null, memoryMB: runMemory(args['run-memory']) ?? null } };
}

/**
 * --workers as given, lowered to the machine's cores with a note on stderr, as sweep and
 * calibrate do (src/io/cores.ts); not given (undefined), it stays the default, one per core.
 * Called once the input is checked, so that a refused command prints only its error.
 */
export function capWorkersOption(workers: number | undefined, io: Io): number | undefined {
  return workers === undefined ? undefined : capWorkers(workers, (line) => io.err(`${line}\n`));
}

/**
 * Run `body` with the runJobs options every such command uses — the Ctrl-C signal, the progress
 * bar, notes on stderr — and turn its outcome into an exit code: a run that failed (3) or Ctrl-C
 * (130) is reported on stderr with the fact that nothing was written.
 */
export async function withManyRuns(io: Io, body: (run: Pick<RunJobsOptions, 'signal' | 'progress' | 'note'>) => Promise<number>): Promise<number> {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = () => {
    if (++signals === 1) io.err('\ninterrupted: stopping the runs…\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const tty = process.stderr.isTTY === true;
  try {
    return await body({
      signal: controller.signal,
      progress: tty ? (total) => createProgress({ write: (text) => io.err(text), tty, columns: process.stderr.columns, total, done: 0 }) : undefined,
      // On a terminal a note first clears the progress bar's line.
      note: (line) => io.err(`${tty ? '\r\x1b[K' : ''}${line}\n`),
    });
  } catch (err) {
    if (err instanceof JobsInterrupted || controller.signal.aborted) {
      io.err(`interrupted${err instanceof JobsInterrupted ? ` after ${err.done} of ${count(err.total, 'run')}` : ''}; nothing was written\n`);
      return EXIT_INTERRUPTED;
    }
    if (err instanceof RunFailed) {
      io.err(`error: ${err.message}; nothing was written\n`);
      return EXIT_RUNS_FAILED;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
