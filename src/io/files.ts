/**
 * Reading scenario files and writing result directories: the only place (with src/cli) that
 * touches the file system. Reads fail with a message that names the path and the reason;
 * writes are all-or-nothing (a staging directory renamed into place), so a failed or
 * interrupted run never leaves a half-written results directory. Every results folder's
 * manifest.json lists the files written with it (ownership.ts), and --force replaces a folder
 * only when it holds nothing else.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { GovbuyError } from '../engine/errors.ts';
import { fsyncDir, readRegularFile, writeFileAtomic, writeNewFile } from './durable.ts';
import { faultPoint } from './faults.ts';
import { lockFolder } from './folderLock.ts';
import { errnoCode as code, reason, writeAdvice, writeError } from './fsErrors.ts';
import { countOf, fileListOf, listed, MANIFEST_FILE, problemLines, readFileList, readOwnManifest, removePlanned, replaceablePlan, surveyFolder, withFileList, type FileList, type RemovalPlan } from './ownership.ts';

/** Largest scenario file read (a scenario is a few kilobytes; anything near this is a mistake). */
export const MAX_SCENARIO_BYTES = 5 * 1024 * 1024;

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
  const bytes = await readRegularFile(path, { maxBytes: MAX_SCENARIO_BYTES, kind: 'scenario files' });
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
  /** Replace an existing results directory (only the files govbuy wrote, see ownership.ts). */
  force?: boolean;
}

type Existing = 'none' | 'empty' | 'results';

/**
 * What is at `outDir` now, refusing what may not be replaced: a file or symbolic link, a
 * non-empty directory that does not hold govbuy results, results unless `force`, and with
 * `force`, results that hold anything govbuy did not write (or a file changed since) or that
 * another govbuy command is writing. Commands call this before a long run so that a refusal
 * comes first; the writers check again.
 */
export async function checkOutputDir(outDir: string, options: WriteOptions = {}): Promise<Existing> {
  const existing = await inspectOutputDir(outDir, options);
  // A folder another command is writing (a sweep) cannot be replaced now.
  if (existing === 'results') await (await lockFolder(outDir, { purpose: 'replace it' })).release();
  return existing;
}

/** checkOutputDir without the look at the folder's lock (for callers that hold it). */
export async function inspectOutputDir(outDir: string, options: WriteOptions): Promise<Existing> {
  return (await surveyOutputDir(outDir, options)).existing;
}

/**
 * inspectOutputDir, and for results to be replaced the plan of what may be removed: exactly the
 * files and folders govbuy wrote, as they are at this look.
 */
async function surveyOutputDir(outDir: string, options: WriteOptions): Promise<{ existing: 'none'; plan: null } | { existing: 'empty'; plan: null } | { existing: 'results'; plan: RemovalPlan }> {
  if (outDir.trim().length === 0) throw new GovbuyError('OUTPUT_UNWRITABLE', 'the output folder name is empty; give a folder, e.g. --out results/my-run');
  const target = resolve(outDir);
  let info;
  try {
    info = await lstat(target);
  } catch (err) {
    if (code(err) === 'ENOENT') return { existing: 'none', plan: null };
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
  if (entries.length === 0) return { existing: 'empty', plan: null };
  if (!options.force) {
    const { manifest, problem } = await readOwnManifest(target);
    if (!manifest) {
      const why = problem ? `its manifest.json does not count: ${problem}` : 'no govbuy manifest.json';
      throw new GovbuyError('OUTPUT_EXISTS', `${outDir} is not empty and does not hold govbuy results (${why}); choose another --out (--force only replaces results govbuy wrote)`);
    }
    throw new GovbuyError('OUTPUT_EXISTS', `${outDir} already holds results; choose another --out or pass --force`);
  }
  // Results are replaced by renaming the folder aside, which a mount point does not allow: say so before the run.
  if (info.dev !== (await stat(dirname(target)).catch(() => info)).dev) throw mountPointError(outDir, 'EBUSY');
  return { existing: 'results', plan: await replaceablePlan(target, outDir) };
}

function mountPointError(outDir: string, errno: string): GovbuyError {
  return new GovbuyError(
    'OUTPUT_UNWRITABLE',
    `cannot put the results in place as ${outDir}: it is a mount point or in use (${errno}), and govbuy replaces a folder by renaming; nothing was written. Choose a folder inside it, e.g. --out ${join(outDir, 'results')}`,
  );
}

/**
 * Write `files` (name → content) as the directory `outDir`, all at once: into a fresh staging
 * directory beside it, then renamed into place. An existing non-empty `outDir` is refused
 * (OUTPUT_EXISTS) unless `force`, and even then only when it holds nothing but the files govbuy
 * wrote, so --force never deletes anything else. On failure nothing is left behind. Creates
 * parent directories. A `manifest.json` among the files gets the file list (ownership.ts).
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

/** `files` with manifest.json (if any) carrying the list of the others. */
function withManifestList(files: Record<string, FileContent>): Record<string, FileContent> {
  const manifest = files[MANIFEST_FILE];
  if (typeof manifest !== 'string') return files;
  return { ...files, [MANIFEST_FILE]: withFileList(manifest, fileListOf(files)) };
}

/** Write every file under `root`, creating its subfolders, each fsync'd; refuses to overwrite. */
async function writeTree(root: string, files: Record<string, FileContent>, parts: Map<string, string[]>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const p = parts.get(path)!;
    if (p.length > 1) await mkdir(join(root, ...p.slice(0, -1)), { recursive: true });
    faultPoint('staged.write', join(root, ...p));
    await writeNewFile(join(root, ...p), content);
  }
}

/**
 * writeOutputDir for a tree: `files` maps relative paths ("report.html", "charts/a.png") to
 * text or bytes. Same guarantees: the directory appears all at once or not at all, and
 * --force replaces only a directory that holds nothing but govbuy's files.
 */
export async function writeOutputTree(outDir: string, files: Record<string, FileContent>, options: WriteOptions = {}): Promise<void> {
  await writeStagedDir(outDir, files, relativeParts('writeOutputTree', files), options);
}

/**
 * mkdir -p that reports the real cause: Node's recursive mkdir says "no such file or directory"
 * on a read-only file system, so on failure the missing folders are created one by one, and the
 * first one that cannot be created tells why.
 */
export async function mkdirs(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    return;
  } catch (err) {
    if (code(err) !== 'ENOENT') throw err;
  }
  const missing: string[] = [];
  let head = resolve(dir);
  while (!(await stat(head).then(() => true, () => false))) {
    missing.unshift(head);
    if (dirname(head) === head) break;
    head = dirname(head);
  }
  for (const d of missing) {
    try {
      await mkdir(d);
    } catch (err) {
      if (code(err) !== 'EEXIST') throw err;
    }
  }
}

/** mkdirs, failing with OUTPUT_UNWRITABLE that names `shown` and the cause. */
export async function makeParent(dir: string, shown: string): Promise<void> {
  try {
    await mkdirs(dir);
  } catch (err) {
    throw new GovbuyError('OUTPUT_UNWRITABLE', `cannot create ${shown}: ${reason(err)}${code(err) === 'EROFS' ? '; choose an --out on a writable disk' : ''}`);
  }
}

async function writeStagedDir(outDir: string, input: Record<string, FileContent>, parts: Map<string, string[]>, options: WriteOptions): Promise<void> {
  const files = withManifestList(input);
  // Not checked here: the commands check the folder before their long work, and commitStaging
  // again, under its lock, before anything is moved (a refusal then removes the staging folder).
  const staging = await createStaging(outDir);
  try {
    await writeTree(staging, files, parts);
  } catch (err) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw stagingError(outDir, err);
  }
  await commitStaging(outDir, staging, options);
}

function stagingError(outDir: string, err: unknown): GovbuyError {
  return writeError(outDir, err, writeAdvice(err) ? 'run the command again (nothing was written)' : undefined);
}

/**
 * A fresh hidden staging folder beside `outDir` (parents created), for a results folder to be
 * written whole and then put in place by commitStaging.
 */
export async function createStaging(outDir: string): Promise<string> {
  const target = resolve(outDir);
  const parent = dirname(target);
  await makeParent(parent, parent);
  // An empty folder that is a mount point (a container's volume, a mounted disk) can be neither
  // removed nor renamed onto: stage inside it, and commitStaging moves the files in.
  const home = (await isEmptyMountPoint(target, parent)) ? target : parent;
  // Not mkdtemp: its 0700 mode would become the results directory's; mkdir follows the umask.
  const staging = join(home, `.govbuy-staging-${randomBytes(8).toString('hex')}`);
  try {
    await mkdir(staging);
  } catch (err) {
    throw stagingError(outDir, err);
  }
  return staging;
}

/** Whether `dir` is an empty directory (not a link) on another device than its parent: a mount point. */
async function isEmptyMountPoint(dir: string, parent: string): Promise<boolean> {
  try {
    const [info, above] = await Promise.all([lstat(dir), stat(parent)]);
    return info.isDirectory() && info.dev !== above.dev && (await readdir(dir)).length === 0;
  } catch {
    return false;
  }
}

/**
 * Put the results staged inside an empty mount point (createStaging) in place: each entry is
 * renamed into the folder, the manifest last (a folder without it is not taken for results),
 * then the staging folder goes. On failure the entries moved are removed again.
 */
async function moveInFromInside(outDir: string, target: string, staging: string): Promise<void> {
  if ((await readdir(target)).length !== 1)
    throw new GovbuyError('OUTPUT_EXISTS', `${outDir} is no longer empty (another run writing there?); choose another --out`);
  const names = (await readdir(staging)).sort((a, b) => Number(a === 'manifest.json') - Number(b === 'manifest.json'));
  const moved: string[] = [];
  try {
    for (const name of names) {
      await rename(join(staging, name), join(target, name));
      moved.push(name);
    }
    await rmdir(staging);
    await fsyncDir(target);
  } catch (err) {
    for (const name of moved) await rm(join(target, name), { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
}

/** Whether `dir` is a directory (not a link to one) with anything in it; false for anything else, which surveyOutputDir then judges. */
async function holdsEntries(dir: string): Promise<boolean> {
  try {
    return (await lstat(dir)).isDirectory() && (await readdir(dir)).length > 0;
  } catch {
    return false;
  }
}

/**
 * Put the staging folder in place as `outDir`: renamed there when nothing (or an empty folder)
 * is in the way; with `force`, earlier results are moved aside first — checked again, under
 * the folder's lock, to hold only govbuy's files — and then exactly those files are removed.
 * On failure the staging folder is removed and `outDir` is as it was. An empty mount point has
 * its staging folder inside it (createStaging), whose entries are renamed in (moveInFromInside).
 *
 * One look at the folder, taken under the lock when there is something in the way to replace
 * (the folder may have changed during the long run before): the files removed are the ones that
 * look found govbuy wrote.
 */
export async function commitStaging(outDir: string, staging: string, options: WriteOptions): Promise<void> {
  const target = resolve(outDir);
  const parent = dirname(target);
  let lock: Awaited<ReturnType<typeof lockFolder>> | null = null;
  try {
    await fsyncDir(staging);
    if (dirname(resolve(staging)) === target) return await moveInFromInside(outDir, target, staging);
    if (options.force && (await holdsEntries(target))) lock = await lockFolder(outDir, { purpose: 'replace it' });
    const found = await surveyOutputDir(outDir, options);
    faultPoint('staged.rename', target);
    if (found.existing === 'none') {
      await rename(staging, target);
    } else if (found.existing === 'empty') {
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
      // Only what the plan names is removed; whatever appeared meanwhile stays in `aside`.
      const left = await removePlanned(aside, found.plan).catch(() => ['?']);
      if (left.length === 0) await rmdir(aside).catch(() => undefined);
    }
    await fsyncDir(parent);
  } catch (err) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    if (err instanceof GovbuyError) throw err;
    if (code(err) === 'EEXIST' || code(err) === 'ENOTEMPTY')
      throw new GovbuyError('OUTPUT_EXISTS', `${outDir} appeared while writing (another run?); choose another --out or pass --force`);
    if (code(err) === 'EBUSY' || code(err) === 'EXDEV') throw mountPointError(outDir, String(code(err)));
    throw stagingError(outDir, err);
  } finally {
    await lock?.release();
  }
}

/**
 * Which of the entries `names` already exist in the directory `dir`, refusing (OUTPUT_EXISTS)
 * if any does and not `force`, and with `force` if any of them holds something govbuy did not
 * write or that changed since. Commands call this before long work; writeIntoDir checks again.
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
  if (present.length > 0) await replaceableEntries(target, dir, present);
  return present;
}

const topOf = (path: string) => path.split('/')[0];

/** Refuse to replace `present` entries of `dir` unless each holds only files govbuy wrote there, unchanged. */
async function replaceableEntries(target: string, dir: string, present: readonly string[]): Promise<void> {
  const survey = await surveyFolder(target);
  const mine = (p: string) => present.includes(topOf(p));
  if (!survey.manifest || !survey.list)
    throw new GovbuyError('OUTPUT_EXISTS', `${dir} was written by an older govbuy, which did not record the files it wrote, so --force cannot tell its ${present.join(', ')} from yours`, [
      `move out anything of yours you want to keep, delete ${present.join(', ')} yourself and run the command again`,
    ]);
  const problems = problemLines(survey.changed.filter(mine), survey.foreign.filter((p) => mine(p.replace(/\/$/, ''))));
  if (problems.length > 0)
    throw new GovbuyError('OUTPUT_EXISTS', `--force replaces only the files govbuy wrote, but ${present.join(', ')} in ${dir} ${present.length === 1 ? 'holds' : 'hold'} ${countOf(problems)} that govbuy did not write or that changed since; nothing was replaced`, [
      ...listed(problems),
      'move them out of the folder (or delete them) and run the command again',
    ]);
}

/**
 * Add `files` (relative path → content) to the existing results directory `dir`, e.g. a report
 * into a results folder. Each top-level entry ("report.html", the folder "charts") appears
 * whole or not at all: everything is written to a hidden staging folder inside `dir` first,
 * then each entry is renamed into place, in the order given (so put the file that marks
 * completion last); then the folder's manifest lists the new files. Entries that already exist
 * are refused (OUTPUT_EXISTS) unless `force`, which replaces them when they hold only files
 * govbuy wrote there; nothing else in `dir` is touched. Holds the folder's lock meanwhile (a
 * sweep writing there makes it refuse). On a failure before the renames nothing changes.
 */
export async function writeIntoDir(dir: string, files: Record<string, FileContent>, options: WriteOptions = {}): Promise<void> {
  const parts = relativeParts('writeIntoDir', files);
  const target = resolve(dir);
  const unwritable = (err: unknown) => writeError(`into ${dir}`, err, writeAdvice(err) ? 'run the command again' : undefined);
  const tops = [...new Set([...parts.values()].map((p) => p[0]))];
  const lock = await lockFolder(dir, { purpose: 'write into it' });
  try {
    const present = await checkIntoDir(dir, tops, options);
    const { manifest } = await readOwnManifest(target);
    const list = manifest ? readFileList(manifest) : null;

    const staging = join(target, `.govbuy-staging-${randomBytes(8).toString('hex')}`);
    const aside = join(target, `.govbuy-old-${randomBytes(6).toString('hex')}`);
    try {
      await mkdir(staging);
      await writeTree(staging, files, parts);
      await fsyncDir(staging);
      if (present.length > 0) await mkdir(aside);
      for (const name of tops) {
        faultPoint('into.rename', join(target, name));
        if (present.includes(name)) await rename(join(target, name), join(aside, name));
        await rename(join(staging, name), join(target, name));
      }
      await fsyncDir(target);
    } catch (err) {
      // Put back whatever was moved aside and not yet replaced.
      for (const name of present) {
        await lstat(join(target, name)).catch(async () => rename(join(aside, name), join(target, name)).catch(() => undefined));
      }
      throw unwritable(err);
    } finally {
      await rm(staging, { recursive: true, force: true }).catch(() => undefined);
      await rm(aside, { recursive: true, force: true }).catch(() => undefined);
    }
    // The new files join the manifest's list (an older manifest without a list is left as it is).
    if (manifest && list) {
      const kept: FileList = Object.fromEntries(Object.entries(list).filter(([p]) => !tops.includes(topOf(p))));
      const text = withFileList(JSON.stringify(manifest), { ...kept, ...fileListOf(files) });
      try {
        await writeFileAtomic(join(target, MANIFEST_FILE), text, 'manifest');
      } catch (err) {
        throw unwritable(err);
      }
    }
  } finally {
    await lock.release();
  }
}
