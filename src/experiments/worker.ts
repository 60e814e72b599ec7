/**
 * The piscina worker: runs one spec per task with the same pure runOne as the in-process loop.
 * The sweep context (experiment and base scenario texts) arrives once, as workerData. A run's
 * monthly series, when kept, travels back as a transferred buffer rather than a copy.
 */
import { Piscina } from 'piscina';
import type { RunSpec } from './design.ts';
import { runOne, type RunResult, type SweepContext } from './runOne.ts';

const context = Piscina.workerData as SweepContext;

export default function run(spec: RunSpec): RunResult | unknown {
  const result = runOne(spec, context);
  if (!result.series) return result;
  return Piscina.move({ [Piscina.transferableSymbol]: [result.series.buffer], [Piscina.valueSymbol]: result } as never);
}
