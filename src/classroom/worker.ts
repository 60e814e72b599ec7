/**
 * The piscina worker of a classroom session: runs one round of one world (job.ts) and stores
 * it in the session's data folder — the checkpoint first, then the record, each written to a
 * temporary name and renamed (store.ts). Doing the file work here keeps the server's thread
 * free for the participants.
 *
 * The session's context (scenario text, data folder, the code's source hash) arrives once as
 * workerData: the bundled worker cannot locate the sources itself (src/io/workerModule.ts).
 *
 * Tests only: GOVBUY_TEST_SLOW_RUNS="ROUND:MS" makes every run of round ROUND and later wait MS
 * milliseconds first, so that a test can kill the server while a round's runs are going.
 * Without the variable nothing here changes a run.
 */
import { serialize } from 'node:v8';
import { Piscina } from 'piscina';
import { parseScenarioText } from '../scenario/load.ts';
import type { Scenario } from '../scenario/schema.ts';
import { runRound, type RoundJob, type RunRecord } from './job.ts';
import { CHECKPOINT_KIND, checkpointPath, readParent, recordPath, writeAtomically } from './store.ts';

export interface WorkerContext {
  scenarioText: string;
  fileName: string;
  /** Overrides of the place (`--set`), applied before any package. */
  sets: string[];
  dataDir: string;
  /** The code's source hash: checkpoints of other code are refused. */
  sourceHash: string;
}

const context = Piscina.workerData as WorkerContext;
let base: Scenario | undefined;
const [slowFrom, slowMs] = (process.env.GOVBUY_TEST_SLOW_RUNS ?? '').split(':').map(Number);

export default async function run(job: RoundJob): Promise<RunRecord> {
  if (job.round >= slowFrom && slowMs > 0) await new Promise((resolve) => setTimeout(resolve, slowMs));
  base ??= parseScenarioText(context.scenarioText, context.fileName, context.sets);
  const parent = job.parent === null ? null : await readParent(context.dataDir, job.parent, job.seed, context.sourceHash);
  const { record, checkpoint } = runRound(job, base, parent);
  await writeAtomically(checkpointPath(context.dataDir, job.key, job.seed), serialize({ kind: CHECKPOINT_KIND, sourceHash: context.sourceHash, checkpoint }));
  await writeAtomically(recordPath(context.dataDir, job.key, job.seed), `${JSON.stringify(record)}\n`);
  return record;
}
