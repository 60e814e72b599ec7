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
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { deserialize } from 'node:v8';
import { GovbuyError } from '../engine/errors.ts';
import { writeNewFile } from '../io/durable.ts';
import { reason } from '../io/fsErrors.ts';
import type { Checkpoint } from '../model/checkpoint.ts';
import type { RunRecord } from './job.ts';

export const CHECKPOINT_KIND = 'govbuy-classroom-checkpoint';
export const SESSION_FILE = 'session.json';
export const SCENARIO_FILE = 'scenario.txt';
const LOCK_FILE = 'server.lock';

export const runId = (key: string, seed: number) => `${key}-${seed}`;
export const checkpointPath = (dataDir: string, key: string, seed: number) => join(dataDir, 'checkpoints', `${runId(key, seed)}.bin`);
export const recordPath = (dataDir: string, key: string, seed: number) => join(dataDir, 'runs', `${runId(key, seed)}.json`);

/** Write `content` to `path` whole or not at all; `durable`: fsync before the rename. */
export async function writeAtomically(path: string, content: string | Uint8Array, durable = false): Promise<void> {
  const staging = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    if (durable) await writeNewFile(staging, content);
    else await writeFile(staging, content);
    await rename(staging, path);
  } catch (err) {
    await rm(staging, { force: true });
    throw err;
  }
}

/** What a session keeps in its data folder: a folder holding anything else and no session is refused. */
const SESSION_ENTRIES = [SESSION_FILE, SCENARIO_FILE, LOCK_FILE, 'runs', 'checkpoints', 'debrief'];

/**
 * Create the data folder and its subfolders (missing parents too). A folder that exists must
 * be empty or hold a session: the server writes into it and cleans up after itself there.
 */
export async function prepareDataDir(dataDir: string): Promise<void> {
  const entries = await readdir(dataDir).catch(() => null);
  const ours = new Set(SESSION_ENTRIES);
  if (entries && !entries.includes(SESSION_FILE) && entries.some((e) => !ours.has(e)))
    throw new GovbuyError('OUTPUT_EXISTS', `${dataDir} holds other files and no classroom session; choose a new or empty folder for --data`);
  try {
    for (const sub of ['runs', 'checkpoints']) await mkdir(join(dataDir, sub), { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new GovbuyError('OUTPUT_UNWRITABLE', `cannot keep the session in ${dataDir}: ${code === 'ENOTDIR' || code === 'EEXIST' ? 'it, or a folder above it, is a file' : reason(err)}; choose another --data`);
  }
}

/**
 * Remove a session that never started (its server could not listen): the entries a session keeps
 * (nothing else is there: prepareDataDir refused a folder with other files), and the folder itself
 * when it was made for it. So a failed start leaves --data as it was.
 */
export async function forgetNewSession(dataDir: string, madeForIt: boolean): Promise<void> {
  for (const entry of SESSION_ENTRIES) await rm(join(dataDir, entry), { recursive: true, force: true });
  if (madeForIt) await rm(dataDir, { recursive: true, force: true });
}


/** Data folders locked by this process. */
const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claim the data folder for this process: two servers on one session would overwrite each other.
 * A lock left by a process that no longer runs (killed) is taken over. Returns the release.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, LOCK_FILE);
  const key = resolve(path);
  const mine = `${process.pid}\n`;
  if (heldHere.has(key)) throw new GovbuyError('OUTPUT_EXISTS', `another session of this process is using ${dataDir}; choose another --data`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, mine, { flag: 'wx' });
      heldHere.add(key);
      return async () => {
        heldHere.delete(key);
        if ((await readFile(path, 'utf8').catch(() => '')) === mine) await rm(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A lock naming this very process was left by an earlier process with the same id (a
      // container restarted after a kill): stale, like one naming a process that is gone.
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
        throw new GovbuyError('OUTPUT_EXISTS', `another govbuy classroom server (process ${pid}) is using ${dataDir}; stop it first, or choose another --data`);
      await rm(path, { force: true }); // left by a server that was killed
    }
  }
  throw new GovbuyError('OUTPUT_EXISTS', `${dataDir} is being claimed by another server at the same moment; try again`);
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

/** Remove the temporary files (writeAtomically's) of runs and saves that were killed half-way (call before any run starts). */
export async function removeTemporaryFiles(dataDir: string): Promise<void> {
  for (const dir of [dataDir, join(dataDir, 'runs'), join(dataDir, 'checkpoints')]) {
    for (const name of await readdir(dir)) if (/\.[0-9a-f]{12}\.tmp$/.test(name)) await rm(join(dir, name), { force: true });
  }
}
