/**
 * Which files in a results folder govbuy wrote — and so which ones `--force` may remove.
 *
 * Every results folder's manifest.json lists the files written with it and their SHA-256
 * (`"files": {"series.csv": "<hex>", …}`); commands that add files later (report, analyze)
 * add theirs. A folder may be replaced only when everything in it is accounted for:
 *
 *   - a file listed in the manifest, still a regular file, its content unchanged (a listed
 *     file whose hash is null is written continuously — a sweep's journal.ndjson, runs.csv and
 *     runs.parquet while the sweep is unfinished — and is accepted by name);
 *   - in a sweep folder, series/<i>.csv with the hash its run's journal line records;
 *   - what an interrupted govbuy command leaves: temporary files `<file>.<8 hex>.tmp`, hidden
 *     staging folders (`.govbuy-staging-…`, `.govbuy-old-…`; `.analysis-…` and `.discovery-…` of
 *     older govbuy) and `.govbuy-lock`;
 *   - folders that hold nothing but the above.
 *
 * Anything else — a user's notes, a figure, a file edited by hand, a symbolic link, a FIFO —
 * makes --force refuse, naming it. The manifest itself must be a regular file (not a symbolic
 * link) with a govbuy format and a file list: a forged `{"format": "govbuy-x"}` or a link to
 * another folder's manifest lists nothing, so nothing would be removed but the user's files.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GovbuyError } from '../engine/errors.ts';
import { readRegularFile, TMP_FILE } from './durable.ts';
import type { FileContent } from './files.ts';
import { LOCK_INFO_FILE } from './folderLock.ts';
import { stableJson } from './formats.ts';
import { errnoCode, reason } from './fsErrors.ts';

export const MANIFEST_FILE = 'manifest.json';
/** The manifest field that lists the folder's files. */
export const FILE_LIST = 'files';
/** Largest manifest read (a run's manifest holds its scenario: a few MB at most). */
export const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;
/** Largest sweep journal read (about 1 KB a run). */
export const MAX_JOURNAL_BYTES = 2 * 1024 * 1024 * 1024 - 1;

/** What interrupted govbuy commands leave inside a folder, besides TMP_FILE: hidden staging folders and the lock note. */
const STAGING_DIR = /^\.(govbuy-staging|govbuy-old|analysis|discovery)-[0-9a-f]{8,32}$/;

/** path → SHA-256 (hex) or null (a file written continuously, accepted by name). */
export type FileList = Record<string, string | null>;

export function sha256Hex(content: FileContent): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The file list of `files` (relative path → content), manifest.json left out, sorted by path. */
export function fileListOf(files: Readonly<Record<string, FileContent>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of Object.keys(files).sort()) if (path !== MANIFEST_FILE) out[path] = sha256Hex(files[path]);
  return out;
}

/** A manifest's JSON text with its file list set to `list`. */
export function withFileList(manifestText: string, list: FileList): string {
  const manifest = JSON.parse(manifestText) as Record<string, unknown>;
  return stableJson({ ...manifest, [FILE_LIST]: sortedList(list) });
}

export function sortedList(list: FileList): FileList {
  return Object.fromEntries(Object.keys(list).sort().map((k) => [k, list[k]]));
}

const isPlainRelative = (path: string) => path.split('/').every((p) => p.length > 0 && p !== '.' && p !== '..' && !p.includes('\\'));

/** The manifest's file list, or null when it has none or it is malformed. */
export function readFileList(manifest: Record<string, unknown>): FileList | null {
  const list = manifest[FILE_LIST];
  if (list === null || typeof list !== 'object' || Array.isArray(list)) return null;
  const out: FileList = {};
  for (const [path, hash] of Object.entries(list)) {
    if (!isPlainRelative(path) || path === MANIFEST_FILE) return null;
    if (hash !== null && !(typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash))) return null;
    out[path] = hash;
  }
  return out;
}

export interface ManifestRead {
  /** The parsed manifest when it is a regular file holding a govbuy format. */
  manifest: Record<string, unknown> | null;
  /** Why it does not count, when `manifest` is null and there is a manifest.json. */
  problem: string | null;
}

/** The folder's manifest.json, if it is a regular file (not a link) whose `format` starts with govbuy-. */
export async function readOwnManifest(dir: string): Promise<ManifestRead> {
  const path = join(dir, MANIFEST_FILE);
  let info;
  try {
    info = await lstat(path);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return { manifest: null, problem: null };
    return { manifest: null, problem: `cannot read it: ${reason(err)}` };
  }
  if (info.isSymbolicLink()) return { manifest: null, problem: 'it is a symbolic link, not a manifest govbuy wrote there' };
  if (!info.isFile()) return { manifest: null, problem: 'it is not a regular file' };
  let value: unknown;
  try {
    value = JSON.parse((await readRegularFile(path, { maxBytes: MAX_MANIFEST_BYTES, kind: 'manifests' })).toString('utf8'));
  } catch (err) {
    return { manifest: null, problem: err instanceof GovbuyError ? err.message : 'it is not valid JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { manifest: null, problem: 'it is not a govbuy manifest' };
  const format = (value as Record<string, unknown>).format;
  if (typeof format !== 'string' || !format.startsWith('govbuy-')) return { manifest: null, problem: 'it is not a govbuy manifest (no "format": "govbuy-…")' };
  return { manifest: value as Record<string, unknown>, problem: null };
}

/** SHA-256 of a regular file, read without following a symbolic link. */
async function hashFile(path: string): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

/**
 * Series files a sweep's journal records: series/<i>.csv → the hash on run i's latest "ok"
 * line (null on lines written before hashes were recorded). The journal's format is
 * experiments/results.ts's; only `run`, `status` and `series` are read here.
 */
async function journalSeries(dir: string): Promise<FileList> {
  const out: FileList = {};
  let text: string;
  try {
    const info = await lstat(join(dir, 'journal.ndjson'));
    if (!info.isFile()) return out;
    text = (await readRegularFile(join(dir, 'journal.ndjson'), { maxBytes: MAX_JOURNAL_BYTES, kind: 'sweep journals' })).toString('utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const { run, status, series } = value as { run?: unknown; status?: unknown; series?: unknown };
    if (typeof run !== 'number' || !Number.isSafeInteger(run) || run < 0 || status !== 'ok') continue;
    out[`series/${run}.csv`] = typeof series === 'string' && /^[0-9a-f]{64}$/.test(series) ? series : null;
  }
  return out;
}

export interface RemovalPlan {
  /** Files govbuy wrote (relative paths), to remove. */
  files: string[];
  /** Folders to remove once empty, deepest first. */
  dirs: string[];
}

export interface FolderSurvey {
  manifest: Record<string, unknown> | null;
  /** Why manifest.json does not count (a link, not JSON, not govbuy's…), when there is one. */
  manifestProblem: string | null;
  /** The manifest's file list (null: an older govbuy wrote it without one). */
  list: FileList | null;
  plan: RemovalPlan;
  /** Entries govbuy did not write ("notes.md", "my-figures/"). */
  foreign: string[];
  /** Listed files whose content is no longer what govbuy wrote. */
  changed: string[];
}

/** Everything in `dir` sorted into govbuy's files (the plan), files it did not write, and listed files changed since. */
export async function surveyFolder(dir: string): Promise<FolderSurvey> {
  const { manifest, problem } = await readOwnManifest(dir);
  const list = manifest ? readFileList(manifest) : null;
  const expected = new Map<string, string | null>(Object.entries(list ?? {}));
  if (list && manifest?.format === 'govbuy-sweep') for (const [path, hash] of Object.entries(await journalSeries(dir))) if (!expected.has(path)) expected.set(path, hash);
  const knownDirs = new Set<string>();
  for (const path of expected.keys()) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) knownDirs.add(parts.slice(0, i).join('/'));
  }
  if (list && manifest?.format === 'govbuy-sweep') knownDirs.add('series');

  const plan: RemovalPlan = { files: [], dirs: [] };
  const foreign: string[] = [];
  const changed: string[] = [];
  const walk = async (rel: string, staging: boolean): Promise<void> => {
    const entries = (await readdir(rel ? join(dir, rel) : dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        const isStaging = staging || STAGING_DIR.test(entry.name);
        if (isStaging || (list && knownDirs.has(path))) {
          await walk(path, isStaging);
          plan.dirs.push(path);
        } else foreign.push(`${path}/`);
        continue;
      }
      if (!entry.isFile()) {
        foreign.push(path);
        continue;
      }
      if (staging || TMP_FILE.test(entry.name) || (!rel && entry.name === LOCK_INFO_FILE) || (!rel && entry.name === MANIFEST_FILE && manifest)) {
        plan.files.push(path);
      } else if (list && expected.has(path)) {
        const hash = expected.get(path)!;
        if (hash !== null && (await hashFile(join(dir, path))) !== hash) changed.push(path);
        else plan.files.push(path);
      } else foreign.push(path);
    }
  };
  await walk('', false);
  plan.dirs.sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? -1 : 1));
  return { manifest, manifestProblem: problem, list, plan, foreign, changed };
}

/** Problems listed by name in a refusal; the rest are counted. */
const LISTED = 20;

/** One line per entry that stops --force: "notes.md: not written by govbuy". */
export function problemLines(changed: readonly string[], foreign: readonly string[]): string[] {
  return [...changed.map((p) => `${p}: changed since govbuy wrote it`), ...foreign.map((p) => `${p}: not written by govbuy`)];
}

/** "a file or folder", "3 files or folders". */
export function countOf(problems: readonly string[]): string {
  return problems.length === 1 ? 'a file or folder' : `${problems.length} files or folders`;
}

/** The first LISTED problems, and how many more. */
export function listed(problems: readonly string[]): string[] {
  return problems.length > LISTED ? [...problems.slice(0, LISTED), `… and ${problems.length - LISTED} more`] : [...problems];
}

/**
 * The removal plan for replacing the results folder `dir` (shown as `shown`), or OUTPUT_EXISTS
 * explaining why it may not be replaced: no govbuy manifest, a manifest without a file list
 * (written by an older govbuy), or files govbuy did not write or that were changed since.
 */
export async function replaceablePlan(dir: string, shown: string): Promise<RemovalPlan> {
  const survey = await surveyFolder(dir);
  if (!survey.manifest) {
    const why = survey.manifestProblem ? `its manifest.json does not count: ${survey.manifestProblem}` : 'no govbuy manifest.json';
    throw new GovbuyError('OUTPUT_EXISTS', `${shown} is not empty and does not hold govbuy results (${why}); choose another --out (--force only replaces results govbuy wrote)`);
  }
  if (!survey.list)
    throw new GovbuyError('OUTPUT_EXISTS', `${shown} holds results of an older govbuy, which did not record the files it wrote, so --force cannot tell them from yours`, [
      `move out anything of yours you want to keep, delete ${shown} yourself and run the command again — or choose another --out`,
    ]);
  const problems = problemLines(survey.changed, survey.foreign);
  if (problems.length > 0)
    throw new GovbuyError('OUTPUT_EXISTS', `--force replaces only the files govbuy wrote, but ${shown} also holds ${countOf(problems)} that govbuy did not write or that changed since; nothing was removed`, [
      ...listed(problems),
      'move them out of the folder (or delete them) and run the command again, or choose another --out',
    ]);
  return survey.plan;
}

/**
 * Remove the planned files and then the planned folders that are empty. Returns the folders
 * left because something appeared in them meanwhile (never removed).
 */
export async function removePlanned(dir: string, plan: RemovalPlan): Promise<string[]> {
  for (const file of plan.files) await rm(join(dir, file), { force: true });
  const left: string[] = [];
  for (const d of plan.dirs) {
    try {
      await rmdir(join(dir, d));
    } catch (err) {
      if (errnoCode(err) === 'ENOTEMPTY' || errnoCode(err) === 'EEXIST') left.push(d);
      else if (errnoCode(err) !== 'ENOENT') throw err;
    }
  }
  return left;
}
