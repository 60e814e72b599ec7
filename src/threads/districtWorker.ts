/**
 * A worker thread of `govbuy run --threads N` (src/threads/districtThreads.ts): each time the main
 * thread raises the epoch (at the start of the run, then each month), it runs the job — set up
 * the residents, or their month — for districts it takes in turn from a shared counter until none
 * are left, on the world's shared memory, then counts itself done.
 * It blocks between months (Atomics.wait), so its event loop never runs: new arrays arrive as
 * messages it takes synchronously (receiveMessageOnPort).
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { DistrictArrays, MonthTable } from '../agents/residentDistrict.ts';
import { runDistrictJob } from '../model/districts.ts';
import { CONTROL, JOBS, type WorkerMessage } from './protocol.ts';

const { port, control } = workerData as { port: MessagePort; control: Int32Array };
let arrays: DistrictArrays | undefined;
let table: MonthTable | undefined;

function takeMessages(): void {
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
    const message = m.message as WorkerMessage;
    if (message.arrays) arrays = message.arrays;
    if (message.table) table = message.table;
  }
}

Atomics.add(control, CONTROL.ready, 1);
Atomics.notify(control, CONTROL.ready);
let seen = 0;
for (;;) {
  Atomics.wait(control, CONTROL.epoch, seen);
  seen = Atomics.load(control, CONTROL.epoch);
  if (Atomics.load(control, CONTROL.stop) === 1) break;
  // The month's arrays were posted before the epoch was raised; a message is queued on the port
  // by the time postMessage returns, but take care anyway: wait until the table's generation is in.
  takeMessages();
  const generation = Atomics.load(control, CONTROL.generation);
  while (table === undefined || arrays === undefined || table.generation !== generation) {
    Atomics.wait(control, CONTROL.stop, 0, 1);
    takeMessages();
  }
  try {
    const districts = Atomics.load(control, CONTROL.districts);
    const job = JOBS[Atomics.load(control, CONTROL.job)];
    for (let d = Atomics.add(control, CONTROL.next, 1); d < districts; d = Atomics.add(control, CONTROL.next, 1)) runDistrictJob(job, arrays, table, d);
  } catch (err) {
    port.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    Atomics.store(control, CONTROL.failed, 1);
  }
  Atomics.add(control, CONTROL.done, 1);
  Atomics.notify(control, CONTROL.done);
}
