/**
 * Running a session's rounds on the worker pool: the server says which runs it wants (in
 * order, parents first) whenever the session changes, and the runner keeps the pool busy with
 * the first ones whose parent has finished, at most one a thread, so a later change (a group
 * submitting again) can still drop or reorder what has not started.
 *
 * A small local queue on piscina: the sweep's executor (src/experiments/pool.ts) runs the
 * sweep worker's specs, not these jobs; the pool options are shared (cpuPoolOptions).
 */
import { Piscina } from 'piscina';
import { cpuPoolOptions } from '../io/workerModule.ts';
import type { RoundJob, RunRecord } from './job.ts';
import { runId } from './store.ts';
import type { WorkerContext } from './worker.ts';

/** The worker's TypeScript entry; threads load it bundled (src/io/workerModule.ts). */
const WORKER_ENTRY = new URL('./worker.ts', import.meta.url);

export interface RunnerEvents {
  /** A run finished and is on disk. */
  finished(record: RunRecord, wallMs: number): void;
  /** A run failed; `message` says why. */
  failed(job: RoundJob, message: string): void;
}

export class Runner {
  private readonly pool: Piscina;
  private wanted: RoundJob[] = [];
  private readonly running = new Map<string, RoundJob>();
  private isDone: (id: string) => boolean = () => false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly threads: number,
    context: WorkerContext,
    private readonly events: RunnerEvents,
  ) {
    this.pool = new Piscina(cpuPoolOptions(WORKER_ENTRY, threads, context));
  }

  /**
   * The runs the session needs now, parents before children. Runs `isDone` says are finished,
   * and runs already on a thread, are left out; the rest replace what was queued before.
   */
  want(jobs: readonly RoundJob[], isDone: (id: string) => boolean): void {
    this.isDone = isDone;
    this.wanted = jobs.filter((j) => !isDone(runId(j.key, j.seed)) && !this.running.has(runId(j.key, j.seed)));
    this.pump();
  }

  /** Runs queued or running. */
  get pending(): number {
    return this.wanted.length + this.running.size;
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private ready(job: RoundJob): boolean {
    return job.parent === null || this.isDone(runId(job.parent, job.seed));
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.threads) {
      const index = this.wanted.findIndex((j) => this.ready(j));
      if (index < 0) break;
      const [job] = this.wanted.splice(index, 1);
      this.start(job);
    }
    if (this.pending === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private start(job: RoundJob): void {
    const id = runId(job.key, job.seed);
    this.running.set(id, job);
    const t0 = performance.now();
    this.pool.run(job).then(
      (record: RunRecord) => {
        this.running.delete(id);
        if (!this.closed) this.events.finished(record, performance.now() - t0);
        this.pump();
      },
      (err: unknown) => {
        this.running.delete(id);
        if (!this.closed) this.events.failed(job, err instanceof Error ? err.message : String(err));
        this.pump();
      },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wanted = [];
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    await this.pool.close({ force: true });
  }
}
