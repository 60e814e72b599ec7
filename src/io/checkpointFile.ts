/**
 * Checkpoint files: a header (format, code identity, scenario, seed, month) and the checkpoint,
 * in V8's serialization format, which keeps typed arrays and Maps as they are. Written
 * atomically. A checkpoint written by other code is refused: continuing it would silently mix
 * two models.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { deserialize, serialize } from 'node:v8';
import { GovbuyError } from '../engine/errors.ts';
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

export async function writeCheckpoint(path: string, cp: Checkpoint, options: { force?: boolean } = {}): Promise<CheckpointHeader> {
  const exists = await stat(path).then(() => true, () => false);
  if (exists && !options.force)
    throw new GovbuyError('OUTPUT_EXISTS', `${path} already exists; choose another --checkpoint-out or pass --force`);
  const header: CheckpointHeader = {
    format: CHECKPOINT_FORMAT,
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    sourceHash: sourceHash(),
    codeVersion: codeVersion(),
    scenarioName: cp.world.scenario.name,
    seed: cp.world.seed,
    month: cp.month,
  };
  const staging = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(staging, serialize({ header, checkpoint: cp }));
    await rename(staging, path);
  } catch (err) {
    await rm(staging, { force: true });
    throw new GovbuyError('OUTPUT_UNWRITABLE', `cannot write checkpoint ${path}: ${(err as Error).message}`);
  }
  return header;
}

export async function readCheckpoint(path: string): Promise<{ header: CheckpointHeader; checkpoint: Checkpoint }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new GovbuyError('FILE_UNREADABLE', `cannot read checkpoint ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  let content: { header?: CheckpointHeader; checkpoint?: Checkpoint };
  try {
    content = deserialize(bytes) as typeof content;
  } catch {
    content = {};
  }
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
  return { header, checkpoint: content.checkpoint };
}
