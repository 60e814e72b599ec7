/**
 * Where a calibration's proposals are evaluated: in this thread, or on a piscina pool of worker
 * threads (`--workers N`). A proposal's distance depends only on its parameters and its
 * evaluation number, so the result is the same whatever runs it.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { cpuPoolOptions } from '../io/workerModule.ts';
import type { Proposal } from './abc.ts';
import { evaluateProposal, type CalibrationModel } from './simulator.ts';

export interface Evaluator {
  evaluate(batch: readonly Proposal[]): Promise<number[]>;
  close(): Promise<void>;
}

/** Default worker count: the cores this process may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** The worker's TypeScript entry under src/; threads load it bundled into plain JavaScript (src/io/workerModule.ts). */
const WORKER_ENTRY = 'calibration/worker';

/**
 * An evaluator for `model`: in this thread for 0 or 1 workers, else a pool of `workers` threads.
 * Once `signal` aborts (Ctrl-C), evaluate rejects and no further proposal starts.
 */
export function createEvaluator(model: CalibrationModel, workers: number, signal?: AbortSignal): Evaluator {
  if (workers <= 1) {
    return {
      async evaluate(batch) {
        // Yield between batches so that Ctrl-C is heard.
        await new Promise((resolve) => setImmediate(resolve));
        signal?.throwIfAborted();
        return batch.map((p) => evaluateProposal(model, p.theta, p.index));
      },
      async close() {},
    };
  }
  const pool = new Piscina(cpuPoolOptions(WORKER_ENTRY, workers, model));
  return {
    evaluate: (batch) => Promise.all(batch.map((p) => pool.run(p, signal ? { signal } : {}) as Promise<number>)),
    close: () => pool.close({ force: true }),
  };
}
