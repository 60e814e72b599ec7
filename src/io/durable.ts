/**
 * Reading and writing single files safely.
 *
 * Reads are bounded: only regular files are opened (a FIFO would block forever, /dev/zero
 * never ends, a directory is a mistake), and never more than a cap, checked before and while
 * reading.
 *
 * Writes are atomic and durable: the content goes to `<file>.<8 hex digits>.tmp` beside the
 * file, is fsync'd, renamed over the file, and the folder is fsync'd so that the rename itself
 * survives a power cut. A crash at any step leaves the old file or the new one, plus at most a
 * temporary file of that exact form, which any later command may delete (TMP_FILE).
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { GovbuyError } from '../engine/errors.ts';
import { faultPoint } from './faults.ts';
import { errnoCode, reason } from './fsErrors.ts';

/** A temporary file left by an interrupted atomic write: `<file>.<8 hex digits>.tmp`. */
export const TMP_FILE = /^.+\.[0-9a-f]{8}\.tmp$/;

export function tmpPathFor(path: string): string {
  return `${path}.${randomBytes(4).toString('hex')}.tmp`;
}

const MB = 1024 * 1024;

function sizeText(bytes: number): string {
  return bytes >= 1024 * MB ? `${(bytes / 1024 / MB).toFixed(1)} GB` : `${(bytes / MB).toFixed(1)} MB`;
}

/** A limit: "5 MB", "2 GB" (whole numbers without decimals). */
function limitText(bytes: number): string {
  const [value, unit] = bytes >= 1024 * MB ? [bytes / 1024 / MB, 'GB'] : [bytes / MB, 'MB'];
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}

export interface ReadBounds {
  /** Largest file read, in bytes. */
  maxBytes: number;
  /** What kind of file it is, for the message ("scenario files", "checkpoints"). */
  kind: string;
}

/** Why `info` is not a regular file, or null when it is. */
export function notAFile(info: { isFile(): boolean; isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string | null {
  if (info.isFile()) return null;
  if (info.isDirectory()) return 'it is a directory, not a file';
  if (info.isFIFO()) return 'it is a named pipe (FIFO), not a file';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'it is a device, not a file';
  if (info.isSocket()) return 'it is a socket, not a file';
  return 'it is not a regular file';
}

/**
 * The bytes of the regular file at `path` (symbolic links followed), at most `bounds.maxBytes`.
 * Anything else fails with FILE_UNREADABLE naming the path and the reason.
 */
export async function readRegularFile(path: string, bounds: ReadBounds): Promise<Buffer> {
  const fail = (why: string) => new GovbuyError('FILE_UNREADABLE', `cannot read ${path}: ${why}`);
  const tooLarge = (size: number | null) =>
    fail(size === null ? `it is larger than ${limitText(bounds.maxBytes)}, the limit for ${bounds.kind}` : `it is ${sizeText(size)}; ${bounds.kind} are limited to ${limitText(bounds.maxBytes)}`);
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw fail(reason(err));
  }
  const why = notAFile(info);
  if (why) throw fail(why);
  if (info.size > bounds.maxBytes) throw tooLarge(info.size);
  let handle: FileHandle;
  try {
    // O_NONBLOCK: should the path have become a FIFO since the stat, opening it must not hang.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw fail(reason(err));
  }
  try {
    const again = await handle.stat();
    const whyNow = notAFile(again);
    if (whyNow) throw fail(whyNow);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(Math.max(again.size - total, 64 * 1024), bounds.maxBytes + 1 - total);
      if (want <= 0) throw tooLarge(null);
      const buffer = Buffer.allocUnsafe(want);
      const { bytesRead } = await handle.read(buffer, 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === want ? buffer : buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > bounds.maxBytes) throw tooLarge(null);
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } catch (err) {
    if (err instanceof GovbuyError) throw err;
    throw fail(reason(err));
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** fsync a folder, so that renames and new files in it survive a power cut (a no-op where folders cannot be opened). */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(dir, 'r');
  } catch (err) {
    if (['EISDIR', 'EPERM', 'EACCES', 'ENOTSUP'].includes(errnoCode(err) ?? '')) return; // Windows
    throw err;
  }
  try {
    await handle.sync();
  } catch (err) {
    if (!['EINVAL', 'ENOTSUP', 'EPERM', 'EBADF'].includes(errnoCode(err) ?? '')) throw err;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Create `path` (refusing to overwrite) with `data`, fsync'd: for the files of a staging folder,
 * which is fsync'd and renamed into place after them, so that a power cut cannot leave a folder in
 * place whose files' contents never reached the disk.
 */
export async function writeNewFile(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A file written to its temporary name and fsync'd, not yet in place. */
export interface StagedFile {
  readonly path: string;
  readonly tmp: string;
  /** Rename it into place and fsync the folder. */
  commit(): Promise<void>;
  /** Remove the temporary file (after a failure). */
  discard(): Promise<void>;
}

/**
 * Write `data` to a temporary file beside `path` and fsync it. `step` names the write for fault
 * injection (`<step>.write`, then `<step>.rename` before commit renames it).
 */
export async function stageFile(path: string, data: string | Uint8Array, step: string): Promise<StagedFile> {
  const tmp = tmpPathFor(path);
  faultPoint(`${step}.write`, tmp);
  try {
    await writeNewFile(tmp, data);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  return {
    path,
    tmp,
    async commit() {
      faultPoint(`${step}.rename`, path);
      await rename(tmp, path);
      await fsyncDir(dirname(path));
    },
    discard: () => rm(tmp, { force: true }).catch(() => undefined),
  };
}

/** Replace `path` by `data` atomically and durably (stageFile, then commit). Leaves no temporary file on failure. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, step: string): Promise<void> {
  const staged = await stageFile(path, data, step);
  try {
    await staged.commit();
  } catch (err) {
    await staged.discard();
    throw err;
  }
}
