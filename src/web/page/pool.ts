/**
 * Simulation workers for the page: as many as the machine has cores, each running one job at a
 * time, fed from a queue in order. Jobs that become stale (a lever moved) are dropped from the
 * queue, and running ones are told to stop at their next year boundary.
 *
 * Workers are made from the worker bundle's text through a Blob URL: browsers refuse to start a
 * worker from a file:// script URL, and the site must work opened from disk.
 */
import * as Comlink from 'comlink';
import type { Job, RunOutput, SimulationWorker } from './protocol.ts';

interface Lane {
  worker: Worker;
  api: Comlink.Remote<SimulationWorker>;
  running: Job | null;
}

export interface PoolEvents {
  onResult(out: RunOutput): void;
  onError(job: Job, message: string): void;
}

export class SimulationPool {
  private readonly lanes: Lane[] = [];
  private queue: Job[] = [];
  private readonly url: string;

  constructor(workerSource: string, size: number, private readonly events: PoolEvents) {
    this.url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    for (let i = 0; i < Math.max(1, size); i++) this.lanes.push(this.lane(i));
  }

  /**
   * A worker and its lane. A worker that dies (out of memory, say) leaves its call unanswered:
   * its job is reported as failed and the lane gets a fresh worker.
   */
  private lane(i: number): Lane {
    const worker = new Worker(this.url, { name: `govbuy-sim-${i + 1}` });
    const lane: Lane = { worker, api: Comlink.wrap<SimulationWorker>(worker), running: null };
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      const job = lane.running;
      worker.terminate();
      this.lanes[this.lanes.indexOf(lane)] = this.lane(i);
      if (job) this.events.onError(job, `the simulation worker stopped (${e.message || 'out of memory?'})`);
      this.pump();
    });
    return lane;
  }

  get size(): number {
    return this.lanes.length;
  }

  /** Jobs waiting or running. */
  get busy(): number {
    return this.queue.length + this.lanes.filter((l) => l.running).length;
  }

  /** Add jobs at the end of the queue. */
  submit(jobs: readonly Job[]): void {
    this.queue.push(...jobs);
    this.pump();
  }

  /** Drop queued jobs and stop running ones for which `stale(job)` holds. */
  cancel(stale: (job: Job) => boolean): void {
    this.queue = this.queue.filter((j) => !stale(j));
    for (const lane of this.lanes) if (lane.running && stale(lane.running)) void lane.api.cancel(lane.running.id);
  }

  private pump(): void {
    for (const lane of this.lanes) {
      if (lane.running || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      lane.running = job;
      lane.api.run(job).then(
        (out) => {
          if (lane.running !== job) return; // the worker was replaced meanwhile
          lane.running = null;
          if (out) this.events.onResult(out);
          this.pump();
        },
        (err: unknown) => {
          if (lane.running !== job) return;
          lane.running = null;
          this.events.onError(job, err instanceof Error ? err.message : String(err));
          this.pump();
        },
      );
    }
  }

  dispose(): void {
    for (const lane of this.lanes) lane.worker.terminate();
    URL.revokeObjectURL(this.url);
  }
}
