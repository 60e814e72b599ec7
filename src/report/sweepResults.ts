/**
 * Reading a sweep folder for a report: the manifest (checked: format version, finished, whole
 * design), the journal's runs, the analysis — the folder's analysis/analysis.json when it is
 * there and up to date, else the same analysis computed in memory (analyzeSweep; nothing is
 * written) — and the monthly series of the runs the series charts show. An unfinished, sharded,
 * half-written or newer folder gets a clear error.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GovbuyError } from '../engine/errors.ts';
import type { Analysis } from '../experiments/analysis.ts';
import { analyzeSweep } from '../experiments/analyzeFolder.ts';
import { expandDesign, type ExpandedDesign } from '../experiments/design.ts';
import { readJournal, seedsOf, SWEEP_FORMAT_VERSION, sweepManifestProblems, type SweepManifest } from '../experiments/results.ts';
import type { ResolvedExperiment } from '../experiments/file.ts';
import type { RunResult } from '../experiments/runOne.ts';
import { checkFormatVersion, invalid, isObject, isStringList, parseJson, parseSeries, readText } from './results.ts';
import type { LabelledRun } from './runData.ts';
import { askedOf, mainOutcomes, planSeries, type SeriesPlan } from './sweepData.ts';

/** The newest analysis format version this code reads (govbuy analyze writes it). */
export const ANALYSIS_FORMAT_VERSION = 1;

export interface SweepSeries {
  plan: SeriesPlan;
  /** The runs read, labelled with their line. */
  runs: LabelledRun[];
  /** Calendar year of the first month. */
  startYear: number;
}

export interface SweepResults {
  dir: string;
  manifest: SweepManifest;
  design: ExpandedDesign;
  /** Every run of the design, by run index. */
  results: RunResult[];
  analysis: Analysis;
  /**
   * Where the analysis comes from: the folder's analysis/ ("folder"), computed here because the
   * folder has none ("memory"), or computed here because the folder's is out of date ("stale").
   */
  analysisFrom: 'folder' | 'memory' | 'stale';
  /** The outcomes the report shows in its table and per-outcome charts. */
  outcomes: string[];
  series: SweepSeries | null;
}


/** The manifest of a finished, whole sweep; anything else is a clear error. Cheap: reads nothing else. */
export function checkSweepManifest(dir: string, value: Record<string, unknown>): SweepManifest {
  const where = join(dir, 'manifest.json');
  checkFormatVersion(dir, value, 'sweep', SWEEP_FORMAT_VERSION);
  const problems = sweepManifestProblems(value);
  if (problems.length > 0) throw invalid(`${where} is incomplete`, problems.map((p) => `${where}: ${p}`));
  const m = value as unknown as SweepManifest;
  if (m.shard) throw invalid(`${dir} holds shard ${m.shard.k}/${m.shard.n} of a sweep only; merge the shards first (govbuy merge …-shard-*) and report on the merged folder`);
  if (m.status !== 'complete' || m.runs.done < m.runs.folder)
    // A sweep still running, or killed, has done more than its manifest last counted (its journal
    // has them): the count is the manifest's only when the sweep stopped and wrote it.
    throw invalid(
      `${dir} is not finished: ${m.status === 'running' ? `the sweep is still running or was stopped (its manifest last counted ${m.runs.done} of ${m.runs.folder} runs done)` : `${m.runs.done} of ${m.runs.folder} runs done`}; finish it with "govbuy sweep ${m.experimentFile} --out ${dir} --resume", then report on it`,
    );
  return m;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new GovbuyError('FILE_UNREADABLE', `cannot read ${path}: ${(err as Error).message}`);
  }
}

/** analysis/analysis.json, checked; null when the folder has none. */
async function folderAnalysis(dir: string): Promise<Analysis | null> {
  const sub = join(dir, 'analysis');
  if (!(await exists(join(sub, 'analysis.json')))) return null;
  const file = join(sub, 'analysis.json');
  const value = parseJson(sub, 'analysis.json', await readText(sub, 'analysis.json', ''));
  if (!isObject(value) || value.format !== 'govbuy-analysis') throw invalid(`${file} is not a govbuy analysis; run govbuy analyze ${dir} again`);
  const version = value.formatVersion;
  if (typeof version === 'number' && version > ANALYSIS_FORMAT_VERSION)
    throw new GovbuyError('RESULTS_UNSUPPORTED', `${file} was written by a newer govbuy (analysis format version ${version}; this version reads up to ${ANALYSIS_FORMAT_VERSION}); update govbuy, or run govbuy analyze ${dir} again`);
  const table = (t: unknown) => isObject(t) && isStringList(t.columns) && Array.isArray(t.rows);
  const runs = value.runs;
  if (
    !isStringList(value.metrics) ||
    !table(value.points) ||
    !isObject(runs) ||
    typeof runs.total !== 'number' ||
    typeof value.confidence !== 'number' ||
    !['mainEffects', 'interactions', 'morris', 'sobol'].every((k) => value[k] === null || table(value[k]))
  )
    throw invalid(`${file} is incomplete; run govbuy analyze ${dir} again`);
  return value as unknown as Analysis;
}

/** The sweep in `dir` (its manifest already checked by checkSweepManifest). */
export async function loadSweepResults(dir: string, manifest: SweepManifest): Promise<SweepResults> {
  if (!(await exists(join(dir, 'journal.ndjson'))))
    throw invalid(`${join(dir, 'journal.ndjson')} is missing: the record of the sweep's runs was deleted or never written; run the sweep again`);
  const e = manifest.experiment;
  let design: ExpandedDesign;
  try {
    design = expandDesign(e);
  } catch (err) {
    throw invalid(`${join(dir, 'manifest.json')}: its experiment cannot be expanded into runs (${(err as Error).message}); run the sweep again`);
  }
  const fromFolder = await folderAnalysis(dir);
  let results: RunResult[];
  let analysis: Analysis;
  let analysisFrom: SweepResults['analysisFrom'];
  // Only the outcomes the report shows: the bootstrap of big sampled designs takes a while per outcome.
  const asked = (metrics: readonly string[]) => {
    const a = askedOf(e, metrics);
    return a.label !== null ? a.outcomes : [];
  };
  const inMemory = () => analyzeSweep(dir, { metrics: mainOutcomes(e.analysis.outputs, undefined, asked(e.analysis.outputs)) });
  if (fromFolder) {
    const journal = await readJournal(dir, manifest.fingerprint, seedsOf(e as ResolvedExperiment, design));
    const missing = design.runs - [...journal.results.keys()].filter((i) => i < design.runs).length;
    if (missing > 0) throw invalid(`${dir} is not finished: ${missing} of ${design.runs} runs missing; finish it with "govbuy sweep ${manifest.experimentFile} --out ${dir} --resume", then report on it`);
    results = Array.from({ length: design.runs }, (_, i) => journal.results.get(i)!);
    const ok = results.filter((r) => r.status === 'ok').length;
    const r = fromFolder.runs;
    // An analysis written before PRCC existed lacks it: a Latin hypercube's report needs it.
    const complete = e.design.type !== 'lhs' || fromFolder.prcc !== undefined;
    if (complete && r.total === results.length && r.ok === ok && r.failed === results.length - ok) {
      analysis = fromFolder;
      analysisFrom = 'folder';
    } else {
      ({ results, analysis } = await inMemory());
      analysisFrom = 'stale';
    }
  } else {
    ({ results, analysis } = await inMemory());
    analysisFrom = 'memory';
  }
  return { dir, manifest, design, results, analysis, analysisFrom, outcomes: mainOutcomes(analysis.metrics, undefined, asked(analysis.metrics)), series: await readSeries(dir, manifest, design, results) };
}

/** The series of the runs planSeries picks, labelled by line. */
async function readSeries(dir: string, manifest: SweepManifest, design: ExpandedDesign, results: readonly RunResult[]): Promise<SweepSeries | null> {
  const plan = planSeries(manifest.experiment, design, results);
  if (!plan) return null;
  const folder = join(dir, 'series');
  const missing = `the sweep did not finish writing it, or it was deleted; "govbuy sweep ${manifest.experimentFile} --out ${dir} --resume" runs again every run whose series file is missing`;
  const runs: LabelledRun[] = [];
  let startYear: number | undefined;
  for (const g of plan.groups) {
    for (const i of g.runs) {
      const text = await readText(folder, `${i}.csv`, missing);
      const months = results[i].outcomes?.['final.month'];
      const expected = typeof months === 'number' ? months : text.split('\n').length - 2;
      const table = parseSeries(join(folder, `${i}.csv`), text, expected);
      startYear ??= table.rows[0]?.year;
      runs.push({ series: g.label, run: i, rows: table.rows });
    }
  }
  return { plan, runs, startYear: startYear ?? 0 };
}
