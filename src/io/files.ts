/**
 * Reading scenario files and writing result directories: the only place (with src/cli) that
 * touches the file system. Reads fail with a message that names the path and the reason;
 * writes are all-or-nothing (a staging directory renamed into place), so a failed or
 * interrupted run never leaves a half-written results directory.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { GovbuyError } from '../engine/errors.ts';

/** Largest scenario file read (a scenario is a few kilobytes; anything near this is a mistake). */
export const MAX_SCENARIO_BYTES = 5 * 1024 * 1024;

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

function reason(err: unknown): string {
  switch (code(err)) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return (err as Error)?.message ?? String(err);
  }
}

/** Offset of the first byte that is not valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i; // truncated sequence at the end
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Read a UTF-8 text file (a scenario). Fails with FILE_UNREADABLE naming the path and why:
 * missing, a directory, not a regular file, too large, permission denied, not UTF-8.
 */
export async function readTextFile(path: string): Promise<string> {
  const fail = (why: string) => new GovbuyError('FILE_UNREADABLE', `cannot read ${path}: ${why}`);
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw fail(reason(err));
  }
  if (info.isDirectory()) throw fail('it is a directory, not a file');
  if (!info.isFile()) throw fail('it is not a regular file');
  if (info.size > MAX_SCENARIO_BYTES)
    throw fail(`it is ${(info.size / 1024 / 1024).toFixed(1)} MB; scenario files are limited to ${MAX_SCENARIO_BYTES / 1024 / 1024} MB`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw fail(reason(err));
  }
  if (bytes.length > MAX_SCENARIO_BYTES) throw fail(`it is larger than ${MAX_SCENARIO_BYTES / 1024 / 1024} MB`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    let where = '';
    if (at >= 0) {
      let line = 1;
      for (let k = 0; k < at; k++) if (bytes[k] === 0x0a) line++;
      where = ` (line ${line}, byte 0x${bytes[at].toString(16).padStart(2, '0')} at offset ${at})`;
    }
    throw fail(`it is not UTF-8 text${where}; save it as UTF-8`);
  }
}

export interface WriteOptions {
  /** Replace an existing results directory. */
  force?: boolean;
}

/** Whether a directory holds a previous run's results (its manifest says so). */
async function holdsGovbuyResults(dir: string): Promise<boolean> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { format?: unknown };
    return typeof manifest.format === 'string' && manifest.format.startsWith('govbuy-');
  } catch {
    return false;
  }
}

type Existing = 'none' | 'empty' | 'results';

/**
 * What is at `outDir` now, refusing what may not be replaced: a file or symbolic link, a
 * non-empty directory that does not hold govbuy results, and results unless `force`. Commands
 * call this before a long run so that a refusal comes first; writeOutputDir checks again.
 */
export async function checkOutputDir(outDir: string, options: WriteOptions = {}): Promise<Existing> {
  const target = resolve(outDir);
  let info;
  try {
    info = await lstat(target);
  } catch (err) {
    if (code(err) === 'ENOENT') return 'none';
    throw new GovbuyError('OUTPUT_UNWRITABLE', `cannot write ${outDir}: ${reason(err)}`);
  }
  if (info.isSymbolicLink()) throw new GovbuyError('OUTPUT_EXISTS', `${outDir} is a symbolic link; choose another --out`);
  if (!info.isDirectory()) throw new GovbuyError('OUTPUT_EXISTS', `${outDir} exists and is not a directory; choose another --out`);
  let entries: string[];
  try {
    entries = await readdir(target);
  } catch (err) {
    throw new GovbuyError('OUTPUT_UNWRITABLE', `cannot write ${outDir}: ${reason(err)}`);
  }
  if (entries.length === 0) return 'empty';
  if (!(await holdsGovbuyResults(target)))
    throw new GovbuyError(
      'OUTPUT_EXISTS',
      `${outDir} is not empty and does not hold govbuy results (no govbuy manifest.json); choose another --out (--force only replaces earlier results)`,
    );
  if (!options.force) throw new GovbuyError('OUTPUT_EXISTS', `${outDir} already holds results; choose another --out or pass --force`);
  return 'results';
}

/**
 * Write `files` (name → content) as the directory `outDir`, all at once: into a fresh staging
 * directory beside it, then renamed into place. An existing non-empty `outDir` is refused
 * (OUTPUT_EXISTS) unless `force`, and even then only when it holds govbuy results, so --force
 * never deletes anything else. On failure nothing is left behind. Creates parent directories.
 */
export async function writeOutputDir(outDir: string, files: Record<string, string>, options: WriteOptions = {}): Promise<void> {
  for (const name of Object.keys(files)) {
    if (name !== basename(name) || name === '.' || name === '..' || name.length === 0)
      throw new Error(`writeOutputDir: "${name}" is not a plain file name`);
  }
  await writeStagedDir(outDir, files, relativeParts('writeOutputDir', files), options);
}

/** File contents: text (written as UTF-8) or bytes. */
export type FileContent = string | Uint8Array;

/**
 * The relative paths of `files` split into parts, refusing anything that is not a plain
 * relative path made of plain names ("charts/a.png" is fine; "../a", "/a", "a//b" are not).
 */
function relativeParts(caller: string, files: Record<string, FileContent>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const path of Object.keys(files)) {
    const parts = path.split('/');
    if (parts.some((p) => p.length === 0 || p === '.' || p === '..' || p !== basename(p)))
      throw new Error(`${caller}: "${path}" is not a relative path of plain names`);
    out.set(path, parts);
  }
  return out;
}

/** Write every file under `root`, creating its subfolders; refuses to overwrite. */
async function writeTree(root: string, files: Record<string, FileContent>, parts: Map<string, string[]>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const p = parts.get(path)!;
    if (p.length > 1) await mkdir(join(root, ...p.slice(0, -1)), { recursive: true });
    await writeFile(join(root, ...p), content, { flag: 'wx' });
  }
}

/**
 * writeOutputDir for a tree: `files` maps relative paths ("report.html", "charts/a.png") to
 * text or bytes. Same guarantees: the directory appears all at once or not at all, and
 * --force replaces only a directory that holds govbuy results.
 */
export async function writeOutputTree(outDir: string, files: Record<string, FileContent>, options: WriteOptions = {}): Promise<void> {
  await writeStagedDir(outDir, files, relativeParts('writeOutputTree', files), options);
}

async function writeStagedDir(outDir: string, files: Record<string, FileContent>, parts: Map<string, string[]>, options: WriteOptions): Promise<void> {
  const target = resolve(outDir);
  const parent = dirname(target);
  const unwritable = (why: string) => new GovbuyError('OUTPUT_UNWRITABLE', `cannot write ${outDir}: ${why}`);
  const existing = await checkOutputDir(outDir, options);

  try {
    await mkdir(parent, { recursive: true });
  } catch (err) {
    throw unwritable(`cannot create ${parent}: ${reason(err)}`);
  }
  // Not mkdtemp: its 0700 mode would become the results directory's; mkdir follows the umask.
  const staging = join(parent, `.govbuy-staging-${randomBytes(8).toString('hex')}`);
  try {
    await mkdir(staging);
  } catch (err) {
    throw unwritable(reason(err));
  }
  try {
    await writeTree(staging, files, parts);
    if (existing === 'none') {
      await rename(staging, target);
    } else if (existing === 'empty') {
      await rmdir(target);
      await rename(staging, target);
    } else {
      const aside = join(parent, `.govbuy-old-${randomBytes(6).toString('hex')}`);
      await rename(target, aside);
      try {
        await rename(staging, target);
      } catch (err) {
        await rename(aside, target).catch(() => undefined);
        throw err;
      }
      await rm(aside, { recursive: true, force: true }).catch(() => undefined);
    }
  } catch (err) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    if (code(err) === 'EEXIST' || code(err) === 'ENOTEMPTY')
      throw new GovbuyError('OUTPUT_EXISTS', `${outDir} appeared while writing (another run?); choose another --out or pass --force`);
    throw unwritable(reason(err));
  }
}

/**
 * Which of the entries `names` already exist in the directory `dir`, refusing (OUTPUT_EXISTS)
 * if any does and not `force`. Commands call this before long work; writeIntoDir checks again.
 */
export async function checkIntoDir(dir: string, names: readonly string[], options: WriteOptions = {}): Promise<string[]> {
  const target = resolve(dir);
  const unwritable = (why: string) => new GovbuyError('OUTPUT_UNWRITABLE', `cannot write into ${dir}: ${why}`);
  let info;
  try {
    info = await stat(target);
  } catch (err) {
    throw unwritable(reason(err));
  }
  if (!info.isDirectory()) throw unwritable('it is not a directory');
  const present: string[] = [];
  for (const name of names) {
    try {
      await lstat(join(target, name));
      present.push(name);
    } catch (err) {
      if (code(err) !== 'ENOENT') throw unwritable(reason(err));
    }
  }
  if (present.length > 0 && !options.force)
    throw new GovbuyError('OUTPUT_EXISTS', `${dir} already has ${present.join(', ')}; pass --force to replace ${present.length === 1 ? 'it' : 'them'}`);
  return present;
}

/**
 * Add `files` (relative path → content) to the existing directory `dir`, e.g. a report into a
 * results folder. Each top-level entry ("report.html", the folder "charts") appears whole or
 * not at all: everything is written to a hidden staging folder inside `dir` first, then each
 * entry is renamed into place, in the order given (so put the file that marks completion
 * last). Entries that already exist are refused (OUTPUT_EXISTS) unless `force`, which replaces
 * them; nothing else in `dir` is touched. On a failure before the renames nothing changes.
 */
export async function writeIntoDir(dir: string, files: Record<string, FileContent>, options: WriteOptions = {}): Promise<void> {
  const parts = relativeParts('writeIntoDir', files);
  const target = resolve(dir);
  const unwritable = (why: string) => new GovbuyError('OUTPUT_UNWRITABLE', `cannot write into ${dir}: ${why}`);
  const tops = [...new Set([...parts.values()].map((p) => p[0]))];
  const present = await checkIntoDir(dir, tops, options);

  const staging = join(target, `.govbuy-staging-${randomBytes(8).toString('hex')}`);
  const aside = join(target, `.govbuy-old-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(staging);
    await writeTree(staging, files, parts);
    if (present.length > 0) await mkdir(aside);
    for (const name of tops) {
      if (present.includes(name)) await rename(join(target, name), join(aside, name));
      await rename(join(staging, name), join(target, name));
    }
  } catch (err) {
    // Put back whatever was moved aside and not yet replaced.
    for (const name of present) {
      await lstat(join(target, name)).catch(async () => rename(join(aside, name), join(target, name)).catch(() => undefined));
    }
    throw unwritable(reason(err));
  } finally {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    await rm(aside, { recursive: true, force: true }).catch(() => undefined);
  }
}
