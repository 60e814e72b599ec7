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
 * A run is done when its journal line is on disk. A kill at any moment loses at most the runs
 * in flight; a torn last journal line is dropped on resume.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ColumnSource } from 'hyparquet-writer';
import { SERIES_COLUMNS } from '../metrics/series.ts';
import { stableJson, toCsv } from '../io/formats.ts';
import type { CodeVersion } from '../io/version.ts';
import { runColumns, runRow, type Cell } from './columns.ts';
import { runSpec, type ExpandedDesign, type Shard } from './design.ts';
import { ExperimentError } from './errors.ts';
import type { ResolvedExperiment, RunLimits } from './file.ts';
import type { RunResult } from './runOne.ts';

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

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

export async function writeManifest(dir: string, m: SweepManifest): Promise<void> {
  await writeAtomic(join(dir, 'manifest.json'), stableJson(m));
}

/** The manifest of a sweep folder, or null when the folder holds none. Throws SWEEP_STATE for another kind of results. */
export async function readManifest(dir: string): Promise<SweepManifest | null> {
  let text: string;
  try {
    text = await readFile(join(dir, 'manifest.json'), 'utf8');
  } catch {
    return null;
  }
  let m: Partial<SweepManifest>;
  try {
    m = JSON.parse(text) as Partial<SweepManifest>;
  } catch {
    throw new ExperimentError('SWEEP_STATE', `${dir}/manifest.json is not valid JSON; it is not a sweep folder govbuy can use`);
  }
  if (m.format !== SWEEP_FORMAT) throw new ExperimentError('SWEEP_STATE', `${dir} holds ${typeof m.format === 'string' ? `"${m.format}"` : 'other'} results, not a sweep (${SWEEP_FORMAT})`);
  if (m.formatVersion !== SWEEP_FORMAT_VERSION) throw new ExperimentError('SWEEP_STATE', `${dir} is a sweep of format version ${String(m.formatVersion)}; this govbuy reads version ${SWEEP_FORMAT_VERSION}`);
  return m as SweepManifest;
}

// ── Journal ─────────────────────────────────────────────────────────────────

interface JournalLine {
  run: number;
  seed: number;
  status: RunResult['status'];
  error?: string;
  outcomes: RunResult['outcomes'];
}

export interface JournalState {
  /** Latest result of each run. */
  results: Map<number, RunResult>;
  /** Bytes of complete lines (a torn last line lies beyond). */
  validBytes: number;
  size: number;
}

/** Read journal.ndjson: its runs, latest line per run. A torn last line (a kill mid-write) is ignored. */
export async function readJournal(dir: string, fingerprint: string): Promise<JournalState> {
  const path = join(dir, 'journal.ndjson');
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { results: new Map(), validBytes: 0, size: 0 };
    throw err;
  }
  const end = bytes.lastIndexOf(0x0a) + 1;
  const lines = bytes.subarray(0, end).toString('utf8').split('\n').slice(0, -1);
  const results = new Map<number, RunResult>();
  lines.forEach((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new ExperimentError('SWEEP_STATE', `${path}: line ${i + 1} is damaged; the folder cannot be resumed (start again with --force)`);
    }
    if (i === 0) {
      const h = value as { format?: string; fingerprint?: string };
      if (h.format !== JOURNAL_FORMAT) throw new ExperimentError('SWEEP_STATE', `${path} is not a govbuy sweep journal`);
      if (h.fingerprint !== fingerprint) throw new ExperimentError('SWEEP_STATE', `${path} belongs to another experiment (its fingerprint differs from the manifest's)`);
      return;
    }
    const l = value as JournalLine;
    results.set(l.run, { runIndex: l.run, seed: l.seed, status: l.status, ...(l.error !== undefined ? { error: l.error } : {}), outcomes: l.outcomes });
  });
  return { results, validBytes: end, size: bytes.length };
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

/** runs.parquet bytes for rows in run order. Deterministic: the same rows give the same bytes. */
export function parquetBytes(e: ResolvedExperiment, rows: readonly Record<string, Cell>[], createdBy: string): Uint8Array {
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

function seriesCsv(series: Float64Array): string {
  const width = SERIES_COLUMNS.length;
  const rows: Record<string, number>[] = [];
  for (let m = 0; m < series.length / width; m++) {
    const row: Record<string, number> = {};
    SERIES_COLUMNS.forEach((c, j) => (row[c] = series[m * width + j]));
    rows.push(row);
  }
  return toCsv(SERIES_COLUMNS, rows);
}

// ── The folder ──────────────────────────────────────────────────────────────

/**
 * Writes a sweep folder as results arrive, in any order: journal first (durable), then runs.csv
 * up to the first run still missing. `order` is the folder's run indices, ascending.
 */
export class SweepWriter {
  private next = 0;
  /** Records are written one after another, in the order they arrive. */
  private chain: Promise<void> = Promise.resolve();
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
   * done and kept). `journalBytes`: complete journal bytes to keep (a torn tail is cut off).
   */
  static async open(
    dir: string,
    e: ResolvedExperiment,
    design: ExpandedDesign,
    order: readonly number[],
    results: Map<number, RunResult>,
    fingerprint: string,
    journalBytes: number,
  ): Promise<SweepWriter> {
    await mkdir(dir, { recursive: true });
    if (e.outputs.series) await mkdir(join(dir, 'series'), { recursive: true });
    const journalPath = join(dir, 'journal.ndjson');
    const journal = await open(journalPath, 'a+');
    try {
      const { size } = await journal.stat();
      if (size > journalBytes) await journal.truncate(journalBytes);
      if (journalBytes === 0) {
        await journal.write(`${JSON.stringify({ format: JOURNAL_FORMAT, fingerprint })}\n`);
        await journal.datasync();
      }
    } catch (err) {
      await journal.close();
      throw err;
    }
    const columns = runColumns(e);
    await writeFile(join(dir, 'runs.csv'), header(columns));
    const runsCsv = await open(join(dir, 'runs.csv'), 'a');
    const w = new SweepWriter(dir, e, design, order, results, journal, runsCsv);
    await w.flush();
    return w;
  }

  get done(): number {
    return this.results.size;
  }

  /** Record a finished run: series file, then the journal line (fsync'd), then runs.csv if it is next. */
  record(result: RunResult): Promise<void> {
    const step = this.chain.then(() => this.write(result));
    this.chain = step.catch(() => undefined);
    return step;
  }

  private async write(result: RunResult): Promise<void> {
    if (result.series) {
      const path = join(this.dir, 'series', `${result.runIndex}.csv`);
      await writeAtomic(path, seriesCsv(result.series));
    }
    const line: JournalLine = { run: result.runIndex, seed: result.seed, status: result.status, ...(result.error !== undefined ? { error: result.error } : {}), outcomes: result.outcomes };
    await this.journal.write(`${JSON.stringify(line)}\n`);
    await this.journal.datasync();
    const { series: _series, ...kept } = result;
    this.results.set(result.runIndex, kept);
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
    if (rows.length > 0) await this.runsCsv.write(csvRows(columns, rows));
  }

  get complete(): boolean {
    return this.next === this.order.length;
  }

  /** Write runs.parquet (all runs must be done). */
  async finish(createdBy: string): Promise<void> {
    if (!this.complete) throw new Error('SweepWriter.finish before every run is done');
    const rows = this.order.map((i) => runRow(this.e, runSpec(this.e, this.design, i), this.results.get(i)!));
    await writeAtomic(join(this.dir, 'runs.parquet'), parquetBytes(this.e, rows, createdBy));
  }

  async close(): Promise<void> {
    await this.chain;
    await this.runsCsv.close().catch(() => undefined);
    await this.journal.close().catch(() => undefined);
  }
}

/** Whether a series file exists for a run (a run whose series went missing is run again). */
export async function hasSeries(dir: string, runIndex: number): Promise<boolean> {
  try {
    return (await stat(join(dir, 'series', `${runIndex}.csv`))).isFile();
  } catch {
    return false;
  }
}

/** Remove a results folder that checkOutputDir has confirmed holds govbuy results (--force). */
export async function removeFolder(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export { csvRows, header as csvHeader, seriesCsv };
