/**
 * Reading a results folder for a report: which kind it is (its manifest's `format`), and for a
 * run, its manifest, monthly series and summary; for a comparison, its manifest and tables
 * (compare.json). Each is checked well enough that an empty, half-written or newer folder gets
 * a clear error instead of a broken report. Sweeps are read by sweepResults.ts.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GovbuyError } from '../engine/errors.ts';
import { isRecord, isStringList } from '../experiments/results.ts';
import { readRegularFile } from '../io/durable.ts';
import type { RunSummary } from '../metrics/summary.ts';
import type { Scenario } from '../scenario/schema.ts';

/** Formats a results folder's manifest.json may declare (the `format` field). */
export const RUN_FORMAT = 'govbuy-run';
export const SWEEP_FORMAT = 'govbuy-sweep';
export const COMPARE_FORMAT = 'govbuy-compare';
export const CLASSROOM_FORMAT = 'govbuy-classroom';
export const CALIBRATION_FORMAT = 'govbuy-calibration';
/** The newest run format version this code reads. */
export const RUN_FORMAT_VERSION = 1;
/** The newest comparison format version this code reads (govbuy compare writes it). */
export const COMPARE_FORMAT_VERSION = 1;

/** What a folder holds; `other` is any other govbuy format (analysis, calibration, …). */
export type ResultsKind = 'run' | 'sweep' | 'compare' | 'classroom' | 'calibration' | 'other';

const KINDS: Record<string, ResultsKind> = {
  [RUN_FORMAT]: 'run',
  [SWEEP_FORMAT]: 'sweep',
  [COMPARE_FORMAT]: 'compare',
  [CLASSROOM_FORMAT]: 'classroom',
  [CALIBRATION_FORMAT]: 'calibration',
};

export interface RunManifest {
  format: typeof RUN_FORMAT;
  formatVersion: number;
  scenarioFile: string;
  scenarioSha256?: string;
  seed: number;
  sets: string[];
  codeVersion: { package?: string; git?: string; dirty?: boolean | null };
  scenario: Scenario;
  /** Set when the run continued from a checkpoint. */
  fromCheckpoint?: { file: string; sha256?: string; month: number };
  timings?: { startedAt?: string; wallMs?: number };
}

export interface SeriesTable {
  columns: string[];
  rows: Record<string, number>[];
  /** The file's text, byte for byte. */
  text: string;
}

export interface RunResults {
  dir: string;
  manifest: RunManifest;
  series: SeriesTable;
  summary: RunSummary;
}

export const invalid = (message: string, details: string[] = []) => new GovbuyError('RESULTS_INVALID', message, details);

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/** Largest results file a report reads (a manifest, a series, compare.json: a few MB at most). */
const MAX_RESULTS_FILE_BYTES = 256 * 1024 * 1024;

/** A text file of a results folder: a regular file (a FIFO would block forever), at most 256 MB. */
export async function readText(dir: string, name: string, missing: string): Promise<string> {
  const path = join(dir, name);
  try {
    await stat(path);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') throw invalid(`${path} is missing: ${missing}`);
  }
  return (await readRegularFile(path, { maxBytes: MAX_RESULTS_FILE_BYTES, kind: 'results files' })).toString('utf8');
}

export function parseJson(dir: string, name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const truncated = text.trim().length === 0 ? 'it is empty' : `it is not valid JSON (${(err as Error).message})`;
    throw invalid(`${join(dir, name)} is unreadable: ${truncated}; the folder may be half-written — run the command that made it again`);
  }
}

export const isObject = isRecord;
export { isStringList };

/** The folder's manifest and kind; fails clearly for anything that is not govbuy results. */
export async function detectResults(dir: string): Promise<{ kind: ResultsKind; format: string; manifest: Record<string, unknown> }> {
  let info;
  try {
    info = await stat(dir);
  } catch (err) {
    const why = errnoCode(err) === 'ENOENT' ? 'no such file or directory' : (err as Error).message;
    throw new GovbuyError('FILE_UNREADABLE', `cannot read ${dir}: ${why}`);
  }
  if (!info.isDirectory()) throw invalid(`${dir} is a file, not a results folder; give the folder that holds manifest.json`);
  const entries = (await readdir(dir)).filter((e) => !e.startsWith('.'));
  if (entries.length === 0) throw invalid(`${dir} is empty: there are no results to report on; make some with "govbuy run <scenario> --out ${dir}"`);
  if (!entries.includes('manifest.json'))
    throw invalid(`${dir} has no manifest.json: it is not a govbuy results folder, or the command that made it did not finish; run it again`);
  const manifest = parseJson(dir, 'manifest.json', await readText(dir, 'manifest.json', ''));
  if (!isObject(manifest) || typeof manifest.format !== 'string' || !manifest.format.startsWith('govbuy-'))
    throw invalid(`${join(dir, 'manifest.json')} is not a govbuy manifest (no "format": "govbuy-…" field)`);
  return { kind: KINDS[manifest.format] ?? 'other', format: manifest.format, manifest };
}

/** The manifest's formatVersion, checked: a whole number from 1, at most `newest` (else written by a newer govbuy). */
export function checkFormatVersion(dir: string, manifestValue: Record<string, unknown>, what: string, newest: number): number {
  const version = manifestValue.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw invalid(`${join(dir, 'manifest.json')}: "formatVersion" must be a whole number from 1, found ${JSON.stringify(version)}`);
  if (version > newest)
    throw new GovbuyError('RESULTS_UNSUPPORTED', `${dir} was written by a newer govbuy (${what} format version ${version}; this version reads up to ${newest}); update govbuy to report on it`);
  return version;
}

/** The run in `dir`, checked: manifest, series.csv (complete) and summary.json. */
export async function loadRunResults(dir: string, manifestValue: Record<string, unknown>): Promise<RunResults> {
  const where = join(dir, 'manifest.json');
  checkFormatVersion(dir, manifestValue, 'run', RUN_FORMAT_VERSION);
  const problems: string[] = [];
  const scenario = manifestValue.scenario;
  if (!isObject(scenario)) problems.push('"scenario" is missing');
  else {
    for (const key of ['years', 'startYear']) if (typeof scenario[key] !== 'number') problems.push(`"scenario.${key}" is not a number`);
    if (typeof scenario.name !== 'string') problems.push('"scenario.name" is not text');
  }
  if (typeof manifestValue.seed !== 'number') problems.push('"seed" is not a number');
  if (typeof manifestValue.scenarioFile !== 'string') problems.push('"scenarioFile" is not text');
  if (manifestValue.sets !== undefined && !(Array.isArray(manifestValue.sets) && manifestValue.sets.every((s) => typeof s === 'string')))
    problems.push('"sets" is not a list of texts');
  if (problems.length > 0) throw invalid(`${where} is incomplete`, problems.map((p) => `${where}: ${p}`));
  const manifest = { sets: [], codeVersion: {}, ...manifestValue } as unknown as RunManifest;

  const seriesText = await readText(dir, 'series.csv', 'the run did not finish writing it, or it was deleted; run it again');
  const series = parseSeries(join(dir, 'series.csv'), seriesText, manifest.scenario.years * 12);

  const summaryValue = parseJson(dir, 'summary.json', await readText(dir, 'summary.json', 'the run did not finish writing it, or it was deleted; run it again'));
  if (!isObject(summaryValue) || !isObject(summaryValue.final) || !isObject(summaryValue.totals) || !isObject(summaryValue.exits_by_cause) || !isObject(summaryValue.survival))
    throw invalid(`${join(dir, 'summary.json')} lacks final, totals, exits_by_cause or survival; run it again`);
  return { dir, manifest, series, summary: summaryValue as unknown as RunSummary };
}

/** series.csv → columns and numeric rows; refuses truncated or malformed files. */
export function parseSeries(where: string, text: string, expectedRows: number): SeriesTable {
  const fail = (why: string) => invalid(`${where} is ${why}; the run may not have finished writing it — run it again`);
  if (text.length === 0) throw fail('empty');
  if (!text.endsWith('\n')) throw fail('cut off (its last line is incomplete)');
  const lines = text.slice(0, -1).split('\n');
  const columns = lines[0].split(',');
  if (!columns.includes('month') || !columns.includes('year')) throw fail('not a govbuy series (no month and year columns)');
  const rows: Record<string, number>[] = [];
  for (let i = 1; i < lines.length; i++) {
    const fields = lines[i].split(',');
    if (fields.length !== columns.length) throw fail(`malformed at line ${i + 1} (${fields.length} fields, the header has ${columns.length})`);
    const row: Record<string, number> = {};
    for (let c = 0; c < columns.length; c++) {
      const value = Number(fields[c]);
      if (fields[c] === '' || !Number.isFinite(value)) throw fail(`malformed at line ${i + 1}, column ${columns[c]} (${JSON.stringify(fields[c])} is not a number)`);
      row[columns[c]] = value;
    }
    if (row.month !== i) throw fail(`out of order at line ${i + 1} (month ${row.month}, expected ${i})`);
    rows.push(row);
  }
  if (rows.length !== expectedRows) throw fail(`incomplete: ${rows.length} months, but the run lasted ${expectedRows}`);
  return { columns, rows, text };
}

// ── Comparisons ────────────────────────────────────────────────────────────

export interface CompareArm {
  name: string;
  scenarioFile: string;
  /** The policy variant's name; null for a place as it is. */
  policy: string | null;
  /** The mechanism a knock-out arm runs without (src/model/mechanisms.ts); null or absent otherwise (folders before it). */
  knockOut?: string | null;
  /** Every override of the arm, in the order applied (common ones, the policy's, years=N). */
  sets: string[];
  /** The scenario as run (in every comparison's manifest); the report reads the place's names from it. */
  scenario?: { name?: unknown; nameZh?: unknown };
}

export interface CompareManifest {
  format: typeof COMPARE_FORMAT;
  formatVersion: number;
  arms: CompareArm[];
  reference: string;
  seeds: number[];
  outcomes: string[];
  derivedOutcomes: Record<string, string>;
  codeVersion: { package?: string; git?: string; dirty?: boolean | null };
  timings?: { startedAt?: string; wallMs?: number };
}

/** One outcome of one arm: mean and 95% interval over the seeds (null where undefined in every run). */
export interface CompareStat {
  outcome: string;
  arm: string;
  mean: number | null;
  lo: number | null;
  hi: number | null;
  n: number;
}

/** An arm's paired difference from the reference arm. */
export interface CompareDifference extends CompareStat {
  reference: string;
  /** Whether the 95% interval excludes 0. */
  clear: boolean;
}

/**
 * How much of a policy's effect on an outcome goes through a mechanism (`compare --policy …
 * --knock-out …`): its paired effect with the mechanism, without it, and their difference.
 */
export interface CompareThrough {
  place: string;
  policy: string;
  mechanism: string;
  outcome: string;
  with: number | null;
  with_lo: number | null;
  with_hi: number | null;
  without: number | null;
  without_lo: number | null;
  without_hi: number | null;
  through: number | null;
  through_lo: number | null;
  through_hi: number | null;
  n: number;
  clear: boolean;
}

export interface CompareResults {
  dir: string;
  manifest: CompareManifest;
  outcomes: CompareStat[];
  differences: CompareDifference[];
  /** Empty unless the comparison ran policies with knock-outs (comparisons before it have none). */
  through: CompareThrough[];
}

const isNumberOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));

/** The comparison in `dir`, checked: manifest (arms, reference, seeds, outcomes) and compare.json (every arm's every outcome). */
export async function loadCompareResults(dir: string, manifestValue: Record<string, unknown>): Promise<CompareResults> {
  const where = join(dir, 'manifest.json');
  checkFormatVersion(dir, manifestValue, 'comparison', COMPARE_FORMAT_VERSION);
  const problems: string[] = [];
  const arms = manifestValue.arms;
  if (!Array.isArray(arms) || arms.length < 2) problems.push('"arms" is not a list of at least two arms');
  else
    arms.forEach((a, i) => {
      if (!isObject(a) || typeof a.name !== 'string' || typeof a.scenarioFile !== 'string' || !(a.policy === null || typeof a.policy === 'string') || !isStringList(a.sets))
        problems.push(`"arms[${i}]" lacks its name, scenarioFile, policy or sets`);
    });
  if (typeof manifestValue.reference !== 'string') problems.push('"reference" is not text');
  else if (Array.isArray(arms) && isObject(arms[0]) && arms[0].name !== manifestValue.reference) problems.push('"reference" is not the first arm');
  const seeds = manifestValue.seeds;
  if (!Array.isArray(seeds) || seeds.length === 0 || !seeds.every((s) => Number.isInteger(s))) problems.push('"seeds" is not a list of seeds');
  if (!isStringList(manifestValue.outcomes) || manifestValue.outcomes.length === 0) problems.push('"outcomes" is not a list of outcome names');
  if (problems.length > 0) throw invalid(`${where} is incomplete`, problems.map((p) => `${where}: ${p}`));
  const manifest = { derivedOutcomes: {}, codeVersion: {}, ...manifestValue } as unknown as CompareManifest;

  const file = join(dir, 'compare.json');
  const value = parseJson(dir, 'compare.json', await readText(dir, 'compare.json', 'govbuy compare did not finish writing the folder, or the file was deleted; run the comparison again'));
  const bad = (why: string) => invalid(`${file} ${why}; run the comparison again`);
  if (!isObject(value) || !Array.isArray(value.outcomes) || !Array.isArray(value.differences)) throw bad('lacks its outcomes or differences');
  const stat = (r: unknown): r is CompareStat =>
    isObject(r) && typeof r.outcome === 'string' && typeof r.arm === 'string' && isNumberOrNull(r.mean) && isNumberOrNull(r.lo) && isNumberOrNull(r.hi) && typeof r.n === 'number';
  value.outcomes.forEach((r, i) => {
    if (!stat(r)) throw bad(`is malformed at outcomes[${i}] (an outcome, an arm, mean, lo, hi and n expected)`);
  });
  value.differences.forEach((r, i) => {
    if (!stat(r) || typeof (r as unknown as Record<string, unknown>).clear !== 'boolean') throw bad(`is malformed at differences[${i}] (an outcome, an arm, mean, lo, hi, n and clear expected)`);
  });
  const outcomes = value.outcomes as CompareStat[];
  const differences = value.differences as CompareDifference[];
  const has = (rows: readonly CompareStat[], outcome: string, arm: string) => rows.some((r) => r.outcome === outcome && r.arm === arm);
  for (const outcome of manifest.outcomes) {
    for (const [i, arm] of manifest.arms.entries()) {
      if (!has(outcomes, outcome, arm.name)) throw bad(`is incomplete: no ${outcome} for arm ${arm.name}`);
      if (i > 0 && !has(differences, outcome, arm.name)) throw bad(`is incomplete: no difference in ${outcome} for arm ${arm.name}`);
    }
  }
  const through = value.through === undefined ? [] : value.through;
  if (!Array.isArray(through)) throw bad('has a "through" that is not a list');
  through.forEach((r, i) => {
    const ok =
      isObject(r) &&
      ['place', 'policy', 'mechanism', 'outcome'].every((k) => typeof r[k] === 'string') &&
      ['with', 'with_lo', 'with_hi', 'without', 'without_lo', 'without_hi', 'through', 'through_lo', 'through_hi'].every((k) => isNumberOrNull(r[k])) &&
      typeof r.n === 'number' &&
      typeof r.clear === 'boolean';
    if (!ok) throw bad(`is malformed at through[${i}] (a place, policy, mechanism and outcome, the effects with and without it and through it, n and clear expected)`);
  });
  return { dir, manifest, outcomes, differences, through: through as CompareThrough[] };
}
