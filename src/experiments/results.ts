/**
 * A sweep's results folder, written as runs finish:
 *
 *   manifest.json    what was run (experiment as resolved, scenario hashes, shard), by which
 *                    code, status and timings; rewritten atomically at start and end
 *   journal.ndjson   append-only, fsync'd: a header line, then one line per finished run
 *                    (index, seed, status, error, outcomes). The source of truth for resume,
 *                    retry, merge and analyze; a later line for the same run replaces an earlier one
 *   runs.csv         one row per run in run-index order, appended as soon as every earlier run
 *                    of the folder has finished (rebuilt from the journal on resume)
 *   runs.parquet     the same table, written when every run has finished
 *   series/<i>.csv   each run's monthly series, when the experiment keeps series
 *
 * A run is done when its journal line is on disk (and, with series, its series file matches the
 * hash the line records). A kill at any moment loses at most the runs in flight; a torn last
 * journal line is dropped on resume, damaged lines are skipped and their runs run again.
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ColumnSource } from 'hyparquet-writer';
import { fsyncDir, readRegularFile, stageFile, TMP_FILE, writeFileAtomic } from '../io/durable.ts';
import { faultPoint } from '../io/faults.ts';
import { stableJson, toCsv } from '../io/formats.ts';
import { errnoCode, reason } from '../io/fsErrors.ts';
import { MAX_JOURNAL_BYTES, MAX_MANIFEST_BYTES, sha256Hex, sortedList, type FileList } from '../io/ownership.ts';
import type { CodeVersion } from '../io/version.ts';
import { runColumns, runRow, type Cell } from './columns.ts';
import { runSpec, type ExpandedDesign, type Shard } from './design.ts';
import { ExperimentError } from './errors.ts';
import type { ResolvedExperiment, RunLimits } from './file.ts';
import type { RunResult } from './runOne.ts';
import { importPackage } from '../io/importPackage.ts';

export const SWEEP_FORMAT = 'govbuy-sweep';
export const SWEEP_FORMAT_VERSION = 1;
const JOURNAL_FORMAT = 'govbuy-sweep-journal';

export interface ScenarioRecord {
  /** As written in the experiment file. */
  file: string;
  /** The path read, relative to the current directory at the start of the sweep. */
  path: string;
  sha256: string;
}

export interface SweepManifest {
  format: typeof SWEEP_FORMAT;
  formatVersion: typeof SWEEP_FORMAT_VERSION;
  /** running: runs remain (interrupted or in progress); complete: every run of the folder finished (some may have failed). */
  status: 'running' | 'complete';
  experimentFile: string;
  experimentSha256: string;
  /** SHA-256 of the resolved experiment and the scenario texts: what resume and merge compare. */
  fingerprint: string;
  experiment: ResolvedExperiment;
  scenarios: ScenarioRecord[];
  /** The slice of the design this folder holds; null for the whole design. */
  shard: Shard | null;
  /** Shard folders this one was merged from. */
  mergedFrom?: { dir: string; shard: Shard | null; codeVersion: CodeVersion }[];
  columns: string[];
  runs: { design: number; folder: number; done: number; ok: number; failed: number };
  codeVersion: CodeVersion;
  /** SHA-256 of the simulation's source files (src/), to notice code that changed between a sweep's sessions. */
  sourceSha256: string;
  /**
   * The files of the folder that --force may remove (io/ownership.ts): the live files
   * (LIVE_FILES; hashed once a session ends cleanly) and what report and analyze added.
   * Series files are vouched for by their journal lines. Absent in folders of older govbuy.
   */
  files?: FileList;
  /** Everything below changes between identical sweeps. */
  workers: number;
  timings: { startedAt: string; finishedAt: string | null; wallMs: number; sessions: SweepSession[] };
}

/** One session of a sweep (a start, or a --resume / --retry-failed). */
export interface SweepSession {
  startedAt: string;
  wallMs: number;
  runs: number;
  workers: number;
  /** The run limits in effect (absent in sessions without any). */
  limits?: RunLimits;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** SHA-256 over the paths and contents of every file under `root` (sorted), e.g. the package's src/. */
export async function treeSha256(root: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (dir: string, rel: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(join(dir, entry.name), path);
      else if (entry.isFile()) hash.update(`${path}\0`).update(await readFile(join(dir, entry.name))).update('\0');
    }
  };
  await walk(root, '');
  return hash.digest('hex');
}

/**
 * What identifies an experiment's runs: the resolved experiment and the scenario texts. The run
 * limits are left out: they decide whether a run may finish, never what it computes, so a sweep
 * may be resumed or retried with other limits (e.g. more memory for --retry-failed).
 */
export function fingerprintOf(e: ResolvedExperiment, scenarioSha256: readonly string[]): string {
  const { limits: _limits, ...identity } = e;
  return sha256(stableJson({ experiment: identity, scenarios: scenarioSha256 }));
}

/** Files a sweep writes continuously; the manifest lists them with a null hash while the sweep is unfinished. */
export const LIVE_FILES = ['journal.ndjson', 'runs.csv', 'runs.parquet'] as const;

/**
 * Write the manifest atomically and durably. Its file list keeps what other commands added
 * (analysis/, a report) and lists the live files: with `final`, with the hashes of what is on
 * disk now (a session that ended cleanly); else with null (the sweep is writing them).
 */
export async function writeManifest(dir: string, m: SweepManifest, final = false): Promise<void> {
  const files: FileList = { ...(m.files ?? {}) };
  for (const name of LIVE_FILES) {
    delete files[name];
    if (!final) files[name] = null;
    else {
      try {
        files[name] = sha256Hex(await readRegularFile(join(dir, name), { maxBytes: MAX_JOURNAL_BYTES, kind: 'sweep files' }));
      } catch {
        // Not there (runs.parquet of an unfinished sweep): nothing to list.
      }
    }
  }
  m.files = sortedList(files);
  await writeFileAtomic(join(dir, 'manifest.json'), stableJson(m), 'manifest');
}

/** The manifest of a sweep folder, or null when the folder holds none. Throws SWEEP_STATE for another kind of results. */
export async function readManifest(dir: string): Promise<SweepManifest | null> {
  const path = join(dir, 'manifest.json');
  let info;
  try {
    info = await lstat(path);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return null;
    throw new ExperimentError('SWEEP_STATE', `cannot read ${path}: ${reason(err)}`);
  }
  if (info.isSymbolicLink()) throw new ExperimentError('SWEEP_STATE', `${path} is a symbolic link, not the manifest of a sweep written in ${dir}; it is not a sweep folder govbuy can use`);
  let text: string;
  try {
    text = (await readRegularFile(path, { maxBytes: MAX_MANIFEST_BYTES, kind: 'manifests' })).toString('utf8');
  } catch (err) {
    throw new ExperimentError('SWEEP_STATE', `${(err as Error).message}; it is not a sweep folder govbuy can use`);
  }
  let m: Partial<SweepManifest>;
  try {
    m = JSON.parse(text) as Partial<SweepManifest>;
  } catch {
    throw new ExperimentError('SWEEP_STATE', `${dir}/manifest.json is not valid JSON; it is not a sweep folder govbuy can use`);
  }
  if (m === null || typeof m !== 'object') throw new ExperimentError('SWEEP_STATE', `${dir}/manifest.json is not a govbuy manifest; it is not a sweep folder govbuy can use`);
  if (m.format !== SWEEP_FORMAT) throw new ExperimentError('SWEEP_STATE', `${dir} holds ${typeof m.format === 'string' ? `"${m.format}"` : 'other'} results, not a sweep (${SWEEP_FORMAT})`);
  if (m.formatVersion !== SWEEP_FORMAT_VERSION) throw new ExperimentError('SWEEP_STATE', `${dir} is a sweep of format version ${String(m.formatVersion)}; this govbuy reads version ${SWEEP_FORMAT_VERSION}`);
  return m as SweepManifest;
}

/** A JSON object (not an array, not null): what the readers of results files check values with. */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/**
 * What a sweep manifest lacks of what the commands that read it use (the experiment's factors,
 * design, scenarios, seeds and outputs; the run counts); empty when whole. A manifest is written
 * by govbuy, so a problem here means it was edited or damaged.
 */
export function sweepManifestProblems(value: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const e = value.experiment;
  if (!isRecord(e)) problems.push('"experiment" is missing');
  else {
    if (typeof e.name !== 'string') problems.push('"experiment.name" is not text');
    if (!Array.isArray(e.factors) || !e.factors.every((f) => isRecord(f) && typeof f.name === 'string' && typeof f.path === 'string'))
      problems.push('"experiment.factors" is not a list of factors with a name and a path');
    if (!isRecord(e.design) || typeof e.design.type !== 'string') problems.push('"experiment.design" has no type');
    if (!Array.isArray(e.scenarios) || e.scenarios.length === 0) problems.push('"experiment.scenarios" is not a list of scenario files');
    for (const key of ['replications', 'seed']) if (typeof e[key] !== 'number') problems.push(`"experiment.${key}" is not a number`);
    if (!isRecord(e.outputs) || typeof e.outputs.series !== 'boolean' || !isStringList(e.outputs.metrics)) problems.push('"experiment.outputs" lacks series or metrics');
    if (!isRecord(e.analysis) || !isStringList(e.analysis.outputs) || typeof e.analysis.confidence !== 'number') problems.push('"experiment.analysis" lacks outputs or confidence');
  }
  if (typeof value.experimentFile !== 'string') problems.push('"experimentFile" is not text');
  if (typeof value.fingerprint !== 'string') problems.push('"fingerprint" is not text');
  const runs = value.runs;
  if (!isRecord(runs) || !['design', 'folder', 'done', 'ok', 'failed'].every((k) => typeof runs[k] === 'number')) problems.push('"runs" lacks its counts');
  return problems;
}

// ── Journal ─────────────────────────────────────────────────────────────────

interface JournalLine {
  run: number;
  seed: number;
  status: RunResult['status'];
  error?: string;
  outcomes: RunResult['outcomes'];
  /** SHA-256 of series/<run>.csv (when the experiment keeps series; absent in journals of older govbuy). */
  series?: string;
}

export interface JournalState {
  /** Latest result of each run. */
  results: Map<number, RunResult>;
  /** SHA-256 of each run's series file, as its latest line records it. */
  seriesHashes: Map<number, string>;
  /** Bytes of complete lines (a torn last line lies beyond). */
  validBytes: number;
  size: number;
  /** Line numbers (1-based) that were damaged and skipped: their runs count as not done. */
  damaged: number[];
  /** Whether the header line was damaged (the run lines are still checked against the design's seeds). */
  headerDamaged: boolean;
  /** The valid lines, header first (each without its newline): what a repaired journal holds. */
  validLines: string[];
}

/** The seed run `run` has in the design, or undefined for a run outside it. */
export type SeedOf = (run: number) => number | undefined;

export function seedsOf(e: ResolvedExperiment, design: ExpandedDesign): SeedOf {
  return (run) => (Number.isSafeInteger(run) && run >= 0 && run < design.runs ? runSpec(e, design, run).seed : undefined);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A journal line as a run record, or null when it is not one of this design's runs. */
function runRecord(value: unknown, seedOf: SeedOf): JournalLine | null {
  if (!isObject(value)) return null;
  const { run, seed, status, error, outcomes, series } = value;
  if (typeof run !== 'number' || seedOf(run) === undefined || seed !== seedOf(run)) return null;
  if (status !== 'ok' && status !== 'failed') return null;
  if (error !== undefined && typeof error !== 'string') return null;
  if (series !== undefined && !(typeof series === 'string' && /^[0-9a-f]{64}$/.test(series))) return null;
  if (status === 'ok' && !(isObject(outcomes) && Object.values(outcomes).every((v) => v === null || typeof v === 'number'))) return null;
  if (status === 'failed' && outcomes !== null) return null;
  return value as unknown as JournalLine;
}

/**
 * Read journal.ndjson: its runs, latest line per run. A torn last line (a kill mid-write) is
 * ignored; a damaged line (not JSON, not a run of this design with its seed — what a disk
 * error or an editor can leave) is skipped and listed in `damaged`: its run counts as not done
 * and runs again. A journal of another experiment, or one that is not a file, is refused.
 */
export async function readJournal(dir: string, fingerprint: string, seedOf: SeedOf): Promise<JournalState> {
  const path = join(dir, 'journal.ndjson');
  const empty: JournalState = { results: new Map(), seriesHashes: new Map(), validBytes: 0, size: 0, damaged: [], headerDamaged: false, validLines: [] };
  let info;
  try {
    info = await lstat(path);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return empty;
    throw new ExperimentError('SWEEP_STATE', `cannot read ${path}: ${reason(err)}`);
  }
  if (!info.isFile())
    throw new ExperimentError('SWEEP_STATE', `${path} is ${info.isDirectory() ? 'a directory' : info.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}, where govbuy keeps the sweep's journal (a file)`, [
      `move it out of the way, then run the command again (with --resume, the runs it does not record run again), or choose another --out`,
    ]);
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(path, { maxBytes: MAX_JOURNAL_BYTES, kind: 'sweep journals' });
  } catch (err) {
    throw new ExperimentError('SWEEP_STATE', (err as Error).message);
  }
  const end = bytes.lastIndexOf(0x0a) + 1;
  const lines = bytes.subarray(0, end).toString('utf8').split('\n').slice(0, -1);
  const state: JournalState = { ...empty, results: new Map(), seriesHashes: new Map(), damaged: [], validLines: [], validBytes: end, size: bytes.length };
  const header = JSON.stringify({ format: JOURNAL_FORMAT, fingerprint });
  lines.forEach((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (i === 0) {
      const h = isObject(value) ? value : {};
      if (h.format === JOURNAL_FORMAT && typeof h.fingerprint === 'string') {
        if (h.fingerprint !== fingerprint) throw new ExperimentError('SWEEP_STATE', `${path} belongs to another experiment (its fingerprint differs from the manifest's)`);
        state.validLines.push(line);
        return;
      }
      state.headerDamaged = true;
      state.validLines.push(header);
      if (runRecord(value, seedOf) === null) return;
    }
    const l = runRecord(value, seedOf);
    if (l === null) {
      state.damaged.push(i + 1);
      return;
    }
    state.validLines.push(line);
    state.results.set(l.run, { runIndex: l.run, seed: l.seed, status: l.status, ...(l.error !== undefined ? { error: l.error } : {}), outcomes: l.outcomes });
    if (l.series !== undefined) state.seriesHashes.set(l.run, l.series);
    else state.seriesHashes.delete(l.run);
  });
  return state;
}

// ── Tables ──────────────────────────────────────────────────────────────────

function header(columns: readonly string[]): string {
  return toCsv(columns, []);
}

/** CSV lines (each ending in \n) of rows, without the header. */
function csvRows(columns: readonly string[], rows: readonly Record<string, Cell>[]): string {
  return toCsv(columns, rows).slice(header(columns).length);
}

/** The parquet type of each runs.csv column, from the experiment (never from the data, so shards and merges agree). */
function parquetColumns(e: ResolvedExperiment): { name: string; type: 'INT32' | 'DOUBLE' | 'STRING' | 'BOOLEAN'; text: boolean }[] {
  const out: { name: string; type: 'INT32' | 'DOUBLE' | 'STRING' | 'BOOLEAN'; text: boolean }[] = [
    { name: 'run_index', type: 'INT32', text: false },
    { name: 'point', type: 'INT32', text: false },
    { name: 'replicate', type: 'INT32', text: false },
    { name: 'seed', type: 'INT32', text: false },
  ];
  if (e.scenarioColumn !== null) out.push({ name: e.scenarioColumn, type: 'STRING', text: false });
  const p = e.policies;
  const typed = (name: string, values: readonly unknown[]) => {
    if (values.every((v) => typeof v === 'number')) out.push({ name, type: 'DOUBLE', text: false });
    else if (values.every((v) => typeof v === 'boolean')) out.push({ name, type: 'BOOLEAN', text: false });
    else out.push({ name, type: 'STRING', text: true });
  };
  if (p) {
    out.push({ name: p.futureColumn, type: 'INT32', text: false }, { name: p.column, type: 'STRING', text: false });
    // A lever's type from every value it can take: the policies' own and those in effect in each scenario.
    p.levers.forEach((l, i) => {
      const values = [...p.list.flatMap((x) => (Object.hasOwn(x.set, l.path) ? [x.set[l.path]] : [])), ...(p.effective ?? []).flatMap((s) => s.map((x) => x[i]))].filter((v) => v !== null);
      typed(l.name, values);
    });
  }
  for (const f of e.factors) typed(f.name, f.values ?? [0]);
  out.push({ name: 'status', type: 'STRING', text: false }, { name: 'error', type: 'STRING', text: false });
  for (const m of e.outputs.metrics) out.push({ name: m, type: 'DOUBLE', text: false });
  return out;
}

/**
 * runs.parquet bytes for rows in run order. Deterministic: the same rows give the same bytes.
 * The parquet writer is loaded here, when a folder is finished, not by every command that reads
 * sweep folders.
 */
export async function parquetBytes(e: ResolvedExperiment, rows: readonly Record<string, Cell>[], createdBy: string): Promise<Uint8Array> {
  const { parquetWriteBuffer } = await importPackage<typeof import('hyparquet-writer')>('hyparquet-writer');
  const columnData: ColumnSource[] = parquetColumns(e).map((c) => ({
    name: c.name,
    type: c.type,
    data: rows.map((r) => {
      const v = r[c.name];
      return c.text && v !== null && typeof v !== 'string' ? String(v) : v;
    }),
  }));
  return new Uint8Array(parquetWriteBuffer({ columnData, createdBy }));
}

// ── The folder ──────────────────────────────────────────────────────────────

/**
 * Writes a sweep folder as results arrive, in any order: journal first (durable), then runs.csv
 * up to the first run still missing. `order` is the folder's run indices, ascending. After a
 * write fails (a full disk), every later record fails too: nothing is appended after a line
 * that may be torn.
 *
 * Group commit: results that arrive while a write is under way wait and are written together,
 * with one journal sync for all of them (a sync takes milliseconds; with several worker
 * threads, one sync per run made each wait for the others'). Each caller's promise still
 * resolves only once its run's line is on disk.
 */
export class SweepWriter {
  private next = 0;
  /** Results waiting for the next write, with their callers' promises. */
  private waiting: { result: RunResult; done: () => void; fail: (err: unknown) => void }[] = [];
  /** Whether the writing loop runs (it may finish within the call that starts it, when the writer has failed). */
  private busy = false;
  /** The writing loop last started. */
  private writing: Promise<void> = Promise.resolve();
  /** The first write error; set, the writer refuses further records. */
  private failure: unknown = null;
  private constructor(
    readonly dir: string,
    private readonly e: ResolvedExperiment,
    private readonly design: ExpandedDesign,
    private readonly order: readonly number[],
    private readonly results: Map<number, RunResult>,
    private readonly journal: FileHandle,
    private readonly runsCsv: FileHandle,
  ) {}

  /**
   * Open (or create) the folder's journal and rewrite runs.csv from `results` (the runs already
   * done and kept). `journal`: what to keep of the existing journal — its complete bytes (a
   * torn tail is cut off), or, when it had damaged lines, the valid lines to rewrite it with.
   */
  static async open(
    dir: string,
    e: ResolvedExperiment,
    design: ExpandedDesign,
    order: readonly number[],
    results: Map<number, RunResult>,
    fingerprint: string,
    journal: { bytes: number } | { rewrite: string[] },
  ): Promise<SweepWriter> {
    await mkdir(dir, { recursive: true });
    if (e.outputs.series) await mkdir(join(dir, 'series'), { recursive: true });
    const journalPath = join(dir, 'journal.ndjson');
    let journalBytes: number;
    if ('rewrite' in journal) {
      const text = journal.rewrite.map((l) => `${l}\n`).join('');
      await writeFileAtomic(journalPath, text, 'journal.repair');
      journalBytes = Buffer.byteLength(text);
    } else journalBytes = journal.bytes;
    faultPoint('journal.open', journalPath);
    const handle = await open(journalPath, 'a+');
    try {
      const { size } = await handle.stat();
      if (size > journalBytes) await handle.truncate(journalBytes);
      if (journalBytes === 0) {
        faultPoint('journal.header', journalPath);
        await handle.write(`${JSON.stringify({ format: JOURNAL_FORMAT, fingerprint })}\n`);
        await handle.datasync();
      }
    } catch (err) {
      await handle.close();
      throw err;
    }
    const columns = runColumns(e);
    let runsCsv: FileHandle;
    try {
      await writeFileAtomic(join(dir, 'runs.csv'), header(columns), 'runs.header');
      runsCsv = await open(join(dir, 'runs.csv'), 'a');
    } catch (err) {
      await handle.close();
      throw err;
    }
    const w = new SweepWriter(dir, e, design, order, results, handle, runsCsv);
    await w.flush();
    return w;
  }

  get done(): number {
    return this.results.size;
  }

  /** The first write error, if a record failed. */
  get error(): unknown {
    return this.failure;
  }

  /** Record a finished run: series file, then the journal line (fsync'd), then runs.csv if it is next. */
  record(result: RunResult): Promise<void> {
    return new Promise<void>((done, fail) => {
      this.waiting.push({ result, done, fail });
      if (!this.busy) {
        this.busy = true;
        this.writing = this.writeWaiting();
      }
    });
  }

  /** Write what waits, batch after batch, until nothing does. */
  private async writeWaiting(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0);
      try {
        if (this.failure !== null) throw this.failure;
        await this.write(batch.map((b) => b.result));
        for (const b of batch) b.done();
      } catch (err) {
        this.failure ??= err;
        for (const b of batch) b.fail(err);
      }
    }
    // In the same step as the loop's last look at `waiting`: a record() after it starts a new loop.
    this.busy = false;
  }

  /**
   * A batch of results. The series go to temporary files first (fsync'd); the journal lines,
   * which record their hashes, are written and fsync'd next; only then are the series renamed
   * into place. So every series file in the folder has a journal line that vouches for it, and a
   * crash between the two leaves runs whose series are missing: resume runs them again.
   */
  private async write(results: readonly RunResult[]): Promise<void> {
    const hashes = new Map<number, string>();
    const staging = results.flatMap((r) => {
      if (r.seriesCsv === undefined) return [];
      hashes.set(r.runIndex, sha256Hex(r.seriesCsv));
      return [stageFile(join(this.dir, 'series', `${r.runIndex}.csv`), r.seriesCsv, 'series')];
    });
    const settled = await Promise.allSettled(staging);
    const staged = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    try {
      const failed = settled.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      const lines = results.map((r) => {
        const hash = hashes.get(r.runIndex);
        const line: JournalLine = {
          run: r.runIndex,
          seed: r.seed,
          status: r.status,
          ...(r.error !== undefined ? { error: r.error } : {}),
          outcomes: r.outcomes,
          ...(hash !== undefined ? { series: hash } : {}),
        };
        return `${JSON.stringify(line)}\n`;
      });
      faultPoint('journal.append', join(this.dir, 'journal.ndjson'));
      await this.journal.write(lines.join(''));
      await this.journal.datasync();
      for (const file of staged) await file.commit();
    } catch (err) {
      for (const file of staged) await file.discard();
      throw err;
    }
    for (const { seriesCsv: _series, ...kept } of results) this.results.set(kept.runIndex, kept);
    await this.flush();
  }

  /** Append to runs.csv every run that is now next in order. */
  private async flush(): Promise<void> {
    const columns = runColumns(this.e);
    const rows: Record<string, Cell>[] = [];
    while (this.next < this.order.length && this.results.has(this.order[this.next])) {
      const i = this.order[this.next];
      rows.push(runRow(this.e, runSpec(this.e, this.design, i), this.results.get(i)!));
      this.next++;
    }
    if (rows.length > 0) {
      faultPoint('runs.append', join(this.dir, 'runs.csv'));
      await this.runsCsv.write(csvRows(columns, rows));
    }
  }

  get complete(): boolean {
    return this.next === this.order.length;
  }

  /** Write runs.parquet (all runs must be done). A write error is also kept as `error`. */
  async finish(createdBy: string): Promise<void> {
    if (!this.complete) throw new Error('SweepWriter.finish before every run is done');
    const rows = this.order.map((i) => runRow(this.e, runSpec(this.e, this.design, i), this.results.get(i)!));
    try {
      await this.runsCsv.sync();
      await writeFileAtomic(join(this.dir, 'runs.parquet'), await parquetBytes(this.e, rows, createdBy), 'parquet');
    } catch (err) {
      this.failure ??= err;
      throw err;
    }
  }

  async close(): Promise<void> {
    while (this.busy) await this.writing;
    await this.runsCsv.close().catch(() => undefined);
    await this.journal.close().catch(() => undefined);
  }
}

/**
 * Why run `runIndex`'s series file cannot be trusted, or null when it can: it must be a regular
 * file with the hash the journal records (lines of older govbuy record none: then it must at
 * least look whole — a header and rows as wide, ending in a newline). A power cut can leave a
 * file empty or cut short.
 */
export async function seriesProblem(dir: string, runIndex: number, hash: string | undefined): Promise<string | null> {
  const path = join(dir, 'series', `${runIndex}.csv`);
  let info;
  try {
    info = await lstat(path);
  } catch (err) {
    return errnoCode(err) === 'ENOENT' ? 'missing' : reason(err);
  }
  if (!info.isFile()) return 'not a regular file';
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(path, { maxBytes: MAX_MANIFEST_BYTES, kind: 'series files' });
  } catch (err) {
    return (err as Error).message;
  }
  if (bytes.length === 0) return 'empty';
  if (hash !== undefined) return sha256Hex(bytes) === hash ? null : 'its content differs from what the journal recorded';
  const lines = bytes.toString('utf8').split('\n');
  const width = (line: string) => line.split(',').length;
  return lines.length >= 3 && lines.at(-1) === '' && width(lines.at(-2)!) === width(lines[0]) ? null : 'incomplete';
}

/**
 * Finish the renames a crash interrupted: a run whose journal line records a series hash but
 * whose series file is missing or different, while a temporary `series/<i>.csv.<hex>.tmp`
 * with exactly that hash is there (it was fsync'd before the line was written), gets that file
 * renamed into place — the run is done and need not run again. Returns the runs completed so.
 */
export async function completeSeriesRenames(dir: string, hashes: ReadonlyMap<number, string>): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(join(dir, 'series'));
  } catch {
    return [];
  }
  const done: number[] = [];
  for (const name of names) {
    const m = /^(\d+)\.csv\.[0-9a-f]{8}\.tmp$/.exec(name);
    if (!m) continue;
    const run = Number(m[1]);
    const hash = hashes.get(run);
    if (hash === undefined || (await seriesProblem(dir, run, hash)) === null) continue;
    const tmp = join(dir, 'series', name);
    try {
      if (sha256Hex(await readRegularFile(tmp, { maxBytes: MAX_MANIFEST_BYTES, kind: 'series files' })) !== hash) continue;
      await rename(tmp, join(dir, 'series', `${run}.csv`));
      done.push(run);
    } catch {
      // Leave it: the run is checked below and runs again if its series is not right.
    }
  }
  if (done.length > 0) await fsyncDir(join(dir, 'series'));
  return done;
}

/** Remove temporary files (`<file>.<8 hex>.tmp`) that interrupted writes left in the folder and series/. Returns how many. */
export async function removeStaleTemporaries(dir: string): Promise<number> {
  let removed = 0;
  for (const sub of ['', 'series']) {
    let entries;
    try {
      entries = await readdir(join(dir, sub), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isFile() && TMP_FILE.test(entry.name)) {
        await rm(join(dir, sub, entry.name), { force: true });
        removed++;
      }
    }
  }
  return removed;
}

export { csvRows, header as csvHeader };
