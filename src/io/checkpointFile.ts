/**
 * Checkpoint files: the SHA-256 of what follows (32 bytes), then a header (format, code
 * identity, scenario, seed, month) and the checkpoint, in V8's serialization format, which keeps
 * typed arrays and Maps as they are. The checksum tells a damaged file (changed or cut short
 * after it was written) from one of other code, rather than let V8 read garbage. Written
 * atomically; read only from a regular file no larger than the heap (a FIFO or /dev/zero is
 * refused, not read forever). A checkpoint written by other code is refused: continuing it would silently mix
 * two models.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, getHeapStatistics, serialize } from 'node:v8';
import { GovbuyError } from '../engine/errors.ts';
import { readRegularFile, writeFileAtomic } from './durable.ts';
import { errnoCode, reason, writeError } from './fsErrors.ts';
import { CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_VERSION, type Checkpoint } from '../model/checkpoint.ts';
import { codeVersion, sourceHash, type CodeVersion } from './version.ts';

export interface CheckpointHeader {
  format: typeof CHECKPOINT_FORMAT;
  formatVersion: number;
  sourceHash: string;
  codeVersion: CodeVersion;
  scenarioName: string;
  seed: number;
  /** Next month to simulate (0-based). */
  month: number;
}

/** Bytes of the SHA-256 a checkpoint file starts with. */
const CHECKSUM_BYTES = 32;

/** The largest checkpoint read: one larger than the JavaScript heap could not be deserialized anyway. */
export function maxCheckpointBytes(): number {
  return Math.min(getHeapStatistics().heap_size_limit, 2 * 1024 * 1024 * 1024 - 1);
}

/** Whether the regular file at `path` starts like a govbuy checkpoint (its header names the format). */
async function looksLikeCheckpoint(path: string): Promise<boolean> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).includes(CHECKPOINT_FORMAT);
  } finally {
    await handle.close();
  }
}

/**
 * Refuse a --checkpoint-out that may not be written: a directory, a link or another special
 * file, an existing file without `force`, and with `force` a file that is not a govbuy
 * checkpoint (--force replaces only files govbuy wrote). Commands call this before the run.
 */
export async function checkCheckpointOut(path: string, options: { force?: boolean } = {}): Promise<void> {
  let info;
  try {
    info = await lstat(path);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return;
    throw new GovbuyError('OUTPUT_UNWRITABLE', `cannot write checkpoint ${path}: ${reason(err)}`);
  }
  if (info.isDirectory()) throw new GovbuyError('OUTPUT_EXISTS', `--checkpoint-out ${path} is a directory; give a file name, e.g. ${join(path, 'year5.ckpt')}`);
  if (info.isSymbolicLink()) throw new GovbuyError('OUTPUT_EXISTS', `--checkpoint-out ${path} is a symbolic link; choose another file name`);
  if (!info.isFile()) throw new GovbuyError('OUTPUT_EXISTS', `--checkpoint-out ${path} exists and is not a regular file; choose another file name`);
  if (!options.force) throw new GovbuyError('OUTPUT_EXISTS', `${path} already exists; choose another --checkpoint-out or pass --force`);
  if (!(await looksLikeCheckpoint(path).catch(() => false)))
    throw new GovbuyError('OUTPUT_EXISTS', `${path} is not a govbuy checkpoint, and --force replaces only files govbuy wrote; choose another --checkpoint-out`);
}

export async function writeCheckpoint(path: string, cp: Checkpoint, options: { force?: boolean } = {}): Promise<CheckpointHeader> {
  await checkCheckpointOut(path, options);
  const header: CheckpointHeader = {
    format: CHECKPOINT_FORMAT,
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    sourceHash: sourceHash(),
    codeVersion: codeVersion(),
    scenarioName: cp.world.scenario.name,
    seed: cp.world.seed,
    month: cp.month,
  };
  const content = serialize({ header, checkpoint: cp });
  try {
    await writeFileAtomic(path, Buffer.concat([createHash('sha256').update(content).digest(), content]), 'checkpoint');
  } catch (err) {
    throw writeError(`checkpoint ${path}`, err);
  }
  return header;
}

export async function readCheckpoint(path: string): Promise<{ header: CheckpointHeader; checkpoint: Checkpoint; sha256: string }> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(path, { maxBytes: maxCheckpointBytes(), kind: 'checkpoints (at most the JavaScript heap)' });
  } catch (err) {
    throw new GovbuyError('FILE_UNREADABLE', (err as Error).message.replace(/^cannot read /, 'cannot read checkpoint '));
  }
  const checksum = bytes.subarray(0, CHECKSUM_BYTES);
  const serialized = bytes.subarray(CHECKSUM_BYTES);
  const intact = bytes.length > CHECKSUM_BYTES && createHash('sha256').update(serialized).digest().equals(checksum);
  let content: { header?: CheckpointHeader; checkpoint?: Checkpoint };
  try {
    // A file without the checksum may be a checkpoint of an older format: read its header to say so.
    content = deserialize(intact ? serialized : bytes) as typeof content;
  } catch {
    content = {};
  }
  if (!intact && content?.header?.format !== CHECKPOINT_FORMAT && serialized.subarray(0, 4096).includes(CHECKPOINT_FORMAT))
    throw new GovbuyError('CHECKPOINT_INVALID', `${path} is a damaged govbuy checkpoint: its checksum does not match (the file was changed or cut short after it was written)`, [
      'write it again: govbuy run <scenario> --checkpoint-at YEAR --checkpoint-out FILE',
    ]);
  const header = content?.header;
  if (!header || header.format !== CHECKPOINT_FORMAT || !content.checkpoint)
    throw new GovbuyError('CHECKPOINT_INVALID', `${path} is not a govbuy checkpoint (write one with govbuy run … --checkpoint-at YEAR --checkpoint-out FILE)`);
  if (header.formatVersion !== CHECKPOINT_FORMAT_VERSION || header.sourceHash !== sourceHash()) {
    const here = codeVersion();
    throw new GovbuyError(
      'CHECKPOINT_INVALID',
      `${path} was written by other code (govbuy ${header.codeVersion.package}, commit ${header.codeVersion.git}); this is govbuy ${here.package}, commit ${here.git}`,
      ['a checkpoint can only be continued by the exact code that wrote it (its source hash differs)', 'rerun the baseline with this code to write a new checkpoint'],
    );
  }
  return { header, checkpoint: content.checkpoint, sha256: createHash('sha256').update(bytes).digest('hex') };
}
