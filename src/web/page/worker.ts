/**
 * The simulation worker: runs jobs (simulate.ts) for the page, through comlink. A cancel request
 * is seen at the next year boundary of a running job, or before a queued one starts.
 */
import * as Comlink from 'comlink';
import { runJob } from './simulate.ts';
import type { Job, RunOutput, SimulationWorker } from './protocol.ts';

const cancelled = new Set<number>();

const api: SimulationWorker = {
  async run(job: Job): Promise<RunOutput | null> {
    try {
      const out = await runJob(job, () => cancelled.has(job.id));
      if (!out) return null;
      const buffers: ArrayBuffer[] = [out.series.buffer as ArrayBuffer];
      if (out.map) for (const a of [out.map.needsMet, out.map.resistance, out.map.orgStart, out.map.orgs, out.map.streetOfCommunity]) buffers.push(a.buffer as ArrayBuffer);
      return Comlink.transfer(out, buffers);
    } finally {
      cancelled.delete(job.id);
    }
  },
  cancel(jobId: number): void {
    cancelled.add(jobId);
  },
};

Comlink.expose(api);
