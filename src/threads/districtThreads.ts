/**
 * One run over several threads (`govbuy run --threads N`): the residents' districts of each month
 * (model/districts.ts) are spread over this thread and N − 1 worker threads, which work on the
 * world's shared memory. Each thread takes the next district not yet taken until none are left
 * (so a slow thread takes fewer). Every district draws from its own streams and writes only its
 * own part of the world, and what districts share is read back in a fixed order after all have
 * run, so the result is byte-identical to `--threads 1` whichever thread ran which district.
 * Everything else in the month — tenders, budgets, the labour market, organizations, word of
 * mouth — runs in this thread between two months: that is the monthly synchronisation point.
 *
 * The simulation stays synchronous: this thread blocks (Atomics.wait) while the workers finish.
 */
import { Worker, MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { isShared } from '../engine/buffers.ts';
import type { DistrictArrays, MonthTable } from '../agents/residentDistrict.ts';
import { runDistrictJob, type DistrictExecutor, type DistrictJob } from '../model/districts.ts';
import { workerModule } from '../io/workerModule.ts';
import { CONTROL, JOBS, type WorkerMessage } from './protocol.ts';

/** How long a month's districts may take before a silent worker counts as lost. */
const MONTH_TIMEOUT_MS = 10 * 60 * 1000;
/** How long workers may take to start. */
const START_TIMEOUT_MS = 60 * 1000;

/** The DistrictArrays the districts write: they must be on shared memory, or the workers' writes would be lost. */
const WRITTEN: (keyof DistrictArrays)[] = [
  'f64',
  'f32',
  'u16',
  'open',
  'queue',
  'queueInfo',
  'queued',
  'streamStates',
  'trustStoredSum',
  'experience',
  'orgServed',
  'communityNeeds',
  'communityServed',
  'lostVisits',
  'keptVisits',
  'complaintsByStreet',
  'cellFull',
  'groupCursor',
];

export class DistrictThreads implements DistrictExecutor {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL.length * 4));
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private arrays: DistrictArrays | undefined;
  private tableSent: MonthTable | undefined;
  private generationSent = -1;
  private closed = false;

  /** `threads` threads in all: this one and threads − 1 workers (threads ≥ 2). */
  constructor(readonly threads: number) {
    if (!Number.isInteger(threads) || threads < 2) throw new RangeError(`DistrictThreads needs 2 or more threads, not ${threads}`);
    const module = workerModule('threads/districtWorker');
    for (let k = 1; k < threads; k++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(new URL(module.filename), {
        execArgv: module.execArgv,
        workerData: { port: port2, control: this.control },
        transferList: [port2],
      });
      worker.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    }
    const started = Date.now();
    for (;;) {
      const ready = Atomics.load(this.control, CONTROL.ready);
      if (ready === threads - 1) break;
      if (Date.now() - started > START_TIMEOUT_MS) {
        this.close();
        throw new Error(`the run's worker threads did not start within ${START_TIMEOUT_MS / 1000} s`);
      }
      Atomics.wait(this.control, CONTROL.ready, ready, 100);
    }
  }

  runDistricts(arrays: DistrictArrays, table: MonthTable, districts: number, job: DistrictJob = 'month'): void {
    if (this.closed) throw new Error('the run threads were closed');
    if (arrays !== this.arrays) {
      for (const key of WRITTEN)
        if (!isShared(arrays[key])) throw new Error(`a run over threads needs the world on shared memory (${key} is not): create it with { shared: true }`);
      this.post({ arrays });
      this.arrays = arrays;
    }
    if (table !== this.tableSent || table.generation !== this.generationSent) {
      if (!table.shared) throw new Error('a run over threads needs the month table on shared memory');
      this.post({ table });
      this.tableSent = table;
      this.generationSent = table.generation;
    }
    const c = this.control;
    Atomics.store(c, CONTROL.done, 0);
    Atomics.store(c, CONTROL.generation, table.generation);
    Atomics.store(c, CONTROL.districts, districts);
    Atomics.store(c, CONTROL.job, JOBS.indexOf(job));
    Atomics.store(c, CONTROL.next, 0);
    Atomics.add(c, CONTROL.epoch, 1);
    Atomics.notify(c, CONTROL.epoch);
    // This thread's share while the workers run theirs.
    let failure: unknown;
    try {
      for (let d = Atomics.add(c, CONTROL.next, 1); d < districts; d = Atomics.add(c, CONTROL.next, 1)) runDistrictJob(job, arrays, table, d);
    } catch (err) {
      failure = err;
    }
    const started = Date.now();
    for (;;) {
      const done = Atomics.load(c, CONTROL.done);
      if (done === this.threads - 1) break;
      if (Date.now() - started > MONTH_TIMEOUT_MS) {
        this.close();
        throw new Error(`a worker thread of the run stopped responding (no answer in ${MONTH_TIMEOUT_MS / 60000} minutes)`);
      }
      Atomics.wait(c, CONTROL.done, done, 1000);
    }
    if (failure !== undefined) throw failure;
    if (Atomics.load(c, CONTROL.failed) === 1) {
      const message = this.ports.map((p) => (receiveMessageOnPort(p)?.message as { error?: string } | undefined)?.error).find((e) => e !== undefined);
      throw new Error(`a worker thread of the run failed: ${message ?? 'no message'}`);
    }
  }

  private post(message: WorkerMessage): void {
    for (const port of this.ports) port.postMessage(message);
  }

  /** Stop the workers (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.control, CONTROL.stop, 1);
    Atomics.add(this.control, CONTROL.epoch, 1);
    Atomics.notify(this.control, CONTROL.epoch);
    for (const port of this.ports) port.close();
    for (const worker of this.workers) void worker.terminate();
  }
}
