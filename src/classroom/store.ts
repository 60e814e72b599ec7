/**
 * The session's data folder (`--data`), where nothing is lost:
 *
 *   session.json              the session: tokens, join code, settings, participants, rounds and
 *                             packages; rewritten atomically (temporary file, fsync, rename)
 *                             after every change
 *   scenario.txt              the scenario text the session was created from
 *   runs/<key>-<seed>.json    one finished run of one round (job.ts RunRecord)
 *   checkpoints/<key>-<seed>.bin   the world after it, for the next round
 *   debrief/                  the exported debrief pack
 *
 * A run's checkpoint is written before its record, so a record always has its checkpoint until
 * the checkpoint is no longer needed (collectGarbage); a run killed half-way left only a
 * temporary file, and is run again.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import type { Checkpoint } from '../model/checkpoint.ts';
import type { RunRecord } from './job.ts';

export const CHECKPOINT_KIND = 'govbuy-classroom-checkpoint';
export const SESSION_FILE = 'session.json';
export const SCENARIO_FILE = 'scenario.txt';

export const runId = (key: string, seed: number) => `${key}-${seed}`;
export const checkpointPath = (dataDir: string, key: string, seed: number) => join(dataDir, 'checkpoints', `${runId(key, seed)}.bin`);
export const recordPath = (dataDir: string, key: string, seed: number) => join(dataDir, 'runs', `${runId(key, seed)}.json`);

/** Write `content` to `path` whole or not at all; `durable`: fsync before the rename. */
export async function writeAtomically(path: string, content: string | Uint8Array, durable = false): Promise<void> {
  const staging = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    if (durable) {
      const handle = await open(staging, 'w');
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
    } else await writeFile(staging, content);
    await rename(staging, path);
  } catch (err) {
    await rm(staging, { force: true });
    throw err;
  }
}

/** Create the data folder and its subfolders (missing parents too). */
export async function prepareDataDir(dataDir: string): Promise<void> {
  for (const sub of ['runs', 'checkpoints']) await mkdir(join(dataDir, sub), { recursive: true });
}

/** The parent run a job continues: its checkpoint and record. */
export async function readParent(dataDir: string, key: string, seed: number, sourceHash: string): Promise<{ checkpoint: Checkpoint; record: RunRecord }> {
  const path = checkpointPath(dataDir, key, seed);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new MissingParentError(key, seed, `${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const content = deserialize(bytes) as { kind?: string; sourceHash?: string; checkpoint?: Checkpoint };
  if (content?.kind !== CHECKPOINT_KIND || !content.checkpoint) throw new MissingParentError(key, seed, `${path} is not a classroom checkpoint`);
  if (content.sourceHash !== sourceHash) throw new MissingParentError(key, seed, `${path} was written by other code`);
  const record = JSON.parse(await readFile(recordPath(dataDir, key, seed), 'utf8')) as RunRecord;
  return { checkpoint: content.checkpoint, record };
}

/** A run's parent cannot be continued (its checkpoint is gone or unusable): the parent must run again. */
export class MissingParentError extends Error {
  readonly code = 'MISSING_PARENT';
  constructor(
    readonly key: string,
    readonly seed: number,
    why: string,
  ) {
    super(`the world this run continues is not on disk (${why})`);
    this.name = 'MissingParentError';
  }
}

/** Every finished run's record in the data folder (unreadable or torn files are skipped: they run again). */
export async function readRecords(dataDir: string): Promise<RunRecord[]> {
  const dir = join(dataDir, 'runs');
  const out: RunRecord[] = [];
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.json')) continue;
    try {
      const r = JSON.parse(await readFile(join(dir, name), 'utf8')) as RunRecord;
      if (typeof r.key === 'string' && typeof r.seed === 'number' && name === `${runId(r.key, r.seed)}.json`) out.push(r);
    } catch {
      // A damaged record: the run is simply done again.
    }
  }
  return out;
}

/** Forget a run (its record and checkpoint), so that it runs again. */
export async function forgetRun(dataDir: string, key: string, seed: number): Promise<void> {
  await rm(recordPath(dataDir, key, seed), { force: true });
  await rm(checkpointPath(dataDir, key, seed), { force: true });
}

/** Remove the checkpoints no future round can need: all but those of `keep` (run ids). */
export async function collectGarbage(dataDir: string, keep: ReadonlySet<string>): Promise<number> {
  const dir = join(dataDir, 'checkpoints');
  let removed = 0;
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.bin') || keep.has(name.slice(0, -4))) continue;
    await rm(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

/** Remove the temporary files of runs and saves that were killed half-way (call before any run starts). */
export async function removeTemporaryFiles(dataDir: string): Promise<void> {
  for (const dir of [dataDir, join(dataDir, 'runs'), join(dataDir, 'checkpoints')]) {
    for (const name of await readdir(dir)) if (name.endsWith('.tmp')) await rm(join(dir, name), { force: true });
  }
}
