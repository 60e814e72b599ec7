/**
 * Worker threads are capped at the machine's cores: more threads than cores run no faster, and
 * each holds its own heap and a copy of the code (about 35 MB at rest, far more while it runs a
 * large scenario), so `--workers 60` once took 2.2 GB and `--workers 999` would have asked for
 * 37 GB. A larger number is lowered, with a note saying so.
 */
import { availableParallelism } from 'node:os';

export function capWorkers(asked: number, note: (line: string) => void, cores = availableParallelism()): number {
  if (asked <= cores) return asked;
  note(`note: --workers ${asked} is more than the ${cores} ${cores === 1 ? 'core' : 'cores'} of this machine; using ${cores} (more threads than cores run no faster and only take memory)`);
  return cores;
}
