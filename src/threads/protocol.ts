/** What the main thread and the district workers share (src/threads/). */
import type { DistrictArrays, MonthTable } from '../agents/residentDistrict.ts';
import type { DistrictJob } from '../model/districts.ts';

/** Slots of the control array (an Int32Array on shared memory). */
export const CONTROL = {
  /** Raised by the main thread for each month's work. */
  epoch: 0,
  /** Workers that finished this month's work. */
  done: 1,
  /** 1 once a worker failed (its error follows on its port). */
  failed: 2,
  /** 1: workers leave their loop. */
  stop: 3,
  /** The generation of the month table the workers must use. */
  generation: 4,
  /** Districts in the run. */
  districts: 5,
  /** Workers that started. */
  ready: 6,
  /** The job: its index in JOBS. */
  job: 7,
  /** The next district to take: each thread takes districts from it until none are left. */
  next: 8,
  length: 9,
} as const;

/** Jobs by their number in the control array. */
export const JOBS: readonly DistrictJob[] = ['month', 'start'];

/** A message to a worker: new arrays to work on (the same shared memory, not copies). */
export interface WorkerMessage {
  arrays?: DistrictArrays;
  table?: MonthTable;
}
