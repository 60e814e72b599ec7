/**
 * The piscina worker: runs one spec per task with the same pure runOne as the in-process loop.
 * The sweep context (experiment and base scenario texts) arrives once, as workerData. A run's
 * monthly series, when kept, travels back as its CSV text, formatted here rather than in the
 * main thread. A pool of simulation jobs (jobRunner.ts) gets `{ jobs: true }` as workerData
 * instead, and each task is a self-contained job for runJob.
 *
 * Before each run the worker tells the pool it started it (RUN_STARTED): the pool's per-run
 * time limit counts from then, not from when the task was queued or the thread was starting.
 *
 * Tests only: GOVBUY_TEST_FAULTS="3:crash,5:hang,7:oom" makes those run indices misbehave the
 * way a buggy or runaway run would, to exercise the pool's fault handling. Without the variable
 * nothing here changes a run.
 *   crash  throw from a timer (an uncaught exception ends the thread)
 *   exit   process.exit(70) (in a worker thread it ends the thread)
 *   hang   a busy loop that never yields (only the time limit ends it)
 *   oom    keep allocating until the heap limit ends the thread
 */
import { parentPort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { RunSpec } from './design.ts';
import { runJob, type JobTask } from './jobs.ts';
import { RUN_STARTED } from './runStarted.ts';
import { runOne, type RunResult, type SweepContext } from './runOne.ts';

const data = Piscina.workerData as SweepContext | { jobs: true };

const FAULT_KINDS = ['crash', 'exit', 'hang', 'oom'] as const;
type FaultKind = (typeof FAULT_KINDS)[number];

/** "3:crash,5:hang" → run index → fault. Malformed entries are kept as their text, and the run fails saying so. */
export function parseTestFaults(text: string | undefined): Map<number, FaultKind | string> {
  const faults = new Map<number, FaultKind | string>();
  for (const entry of (text ?? '').split(',')) {
    const m = /^\s*(\d+)\s*:\s*(\S+)\s*$/.exec(entry);
    if (m) faults.set(Number(m[1]), m[2]);
  }
  return faults;
}

const faults = parseTestFaults(process.env.GOVBUY_TEST_FAULTS);

function injectFault(kind: string, spec: RunSpec | JobTask): RunResult | Promise<never> {
  const what = `injected ${kind} of run ${spec.runIndex} (GOVBUY_TEST_FAULTS)`;
  switch (kind) {
    case 'crash':
      setTimeout(() => {
        throw new Error(what);
      }, 0);
      return new Promise<never>(() => undefined);
    case 'exit':
      process.exit(70);
    // falls through (process.exit does not return)
    case 'hang':
      for (;;) {
        // A busy loop: no await, no timer, nothing the thread itself could interrupt.
      }
    case 'oom': {
      const hoard: number[][] = [];
      for (let i = 0; ; i++) hoard.push(new Array<number>(65_536).fill(i + 0.5));
    }
    default:
      return { runIndex: spec.runIndex, seed: spec.seed, status: 'failed', error: `GOVBUY_TEST_FAULTS: unknown fault "${kind}" (${FAULT_KINDS.join(', ')})`, outcomes: null };
  }
}

export default function run(task: RunSpec | JobTask): unknown {
  parentPort?.postMessage({ [RUN_STARTED]: task.runIndex });
  const fault = faults.get(task.runIndex);
  if (fault !== undefined) return injectFault(fault, task);
  return 'jobs' in data ? runJob(task as JobTask) : runOne(task as RunSpec, data);
}
