/**
 * `govbuy analyze <folder>`: read a finished sweep folder, analyse it (analysis.ts) and write
 * <folder>/analysis/: analysis.json (everything) and one CSV per table (points.csv, and
 * main_effects.csv (with intervals) + interactions.csv for grids, prcc.csv for Latin hypercubes,
 * morris.csv or sobol.csv for those designs; and
 * for policies × futures robustness.json and robustness.csv: robustness.ts).
 * The analysis folder is derived data: it is replaced as a whole each time (while it holds only
 * govbuy's files: replaceDerivedFolder). analyzeSweep does
 * the reading and analysing without writing (for `govbuy report`).
 */
import { join } from 'node:path';
import { writeIntoDir, writeOutputTree } from '../io/files.ts';
import { stableJson, toCsv } from '../io/formats.ts';
import { readOwnManifest } from '../io/ownership.ts';
import { analyze, type Analysis, type Table } from './analysis.ts';
import { expandDesign, shardRunIndices, type ExpandedDesign } from './design.ts';
import { ExperimentError } from './errors.ts';
import { OUTCOMES } from './outcomes.ts';
import { readJournal, readManifest, seedsOf, sweepManifestProblems, type SweepManifest } from './results.ts';
import { robustness, type Robustness } from './robustness.ts';
import type { RunResult } from './runOne.ts';
import type { Threshold } from './thresholds.ts';
import type { ResolvedExperiment } from './file.ts';

export interface AnalyzeFolderOptions {
  metrics?: string[];
  bootstrap?: number;
  /** Satisficing thresholds that replace the experiment file's, per outcome (policies × futures). */
  thresholds?: Record<string, Threshold>;
}

export interface AnalyzeFolderOutcome {
  out: string;
  /** The sweep's experiment, as its manifest records it. */
  experiment: ResolvedExperiment;
  files: string[];
  analysis: Analysis;
  /** Policies × futures sweeps: robustness of each policy (also in robustness.json and robustness.csv). */
  robustness?: Robustness;
}

/** A finished sweep read and analysed in memory: nothing is written. */
export interface SweepAnalysis {
  manifest: SweepManifest;
  design: ExpandedDesign;
  /** Every run of the design, by run index. */
  results: RunResult[];
  analysis: Analysis;
}

/**
 * Read a finished sweep folder (whole design, every run done) and analyse it, without writing
 * anything. analyzeFolder writes the result; `govbuy report` uses it directly for sweeps that
 * have no analysis/ yet.
 */
export async function analyzeSweep(dir: string, options: AnalyzeFolderOptions = {}): Promise<SweepAnalysis> {
  const m = await readSweepManifest(dir);
  const e = m.experiment;
  for (const metric of options.metrics ?? []) {
    if (!OUTCOMES.includes(metric)) throw new ExperimentError('SWEEP_STATE', `--outcomes: unknown outcome "${metric}"`);
    if (!e.outputs.metrics.includes(metric)) throw new ExperimentError('SWEEP_STATE', `--outcomes: the runs in ${dir} did not keep "${metric}" (not in the experiment's outputs.outcomes)`);
  }
  for (const outcome of Object.keys(options.thresholds ?? {})) {
    if (!e.policies) throw new ExperimentError('SWEEP_STATE', `--threshold: ${dir} is not a policies × futures sweep; thresholds judge policies across futures`);
    if (!(options.metrics?.length ? options.metrics : e.analysis.outputs).includes(outcome))
      throw new ExperimentError('SWEEP_STATE', `--threshold: "${outcome}" is not among the analysed outcomes${OUTCOMES.includes(outcome) ? ' (add it with --outcomes)' : ' (not an outcome)'}`);
  }
  const { design, results: all } = await readSweepRuns(dir, m);
  const analysis = analyze(e, design, all, { ...(options.metrics?.length ? { metrics: options.metrics } : {}), ...(options.bootstrap ? { bootstrap: options.bootstrap } : {}) });
  return { manifest: m, design, results: all, analysis };
}

/** The manifest of a whole sweep folder (not a shard); a clear error otherwise. */
export async function readSweepManifest(dir: string): Promise<SweepManifest> {
  const m = await readManifest(dir);
  if (!m) throw new ExperimentError('SWEEP_STATE', `${dir} is not a sweep folder (no govbuy-sweep manifest.json); run govbuy sweep first`);
  // What analyze and discover read of it must be there (sweep --resume and --force check the folder their own way).
  const problems = sweepManifestProblems(m as unknown as Record<string, unknown>);
  if (problems.length > 0) {
    const where = join(dir, 'manifest.json');
    throw new ExperimentError('SWEEP_STATE', `${where} is incomplete (edited by hand or damaged); run the sweep again into a new folder`, problems.map((p) => `${where}: ${p}`));
  }
  if (m.shard) throw new ExperimentError('SWEEP_STATE', `${dir} holds shard ${m.shard.k}/${m.shard.n} only; merge the shards first (govbuy merge …-shard-*)`);
  return m;
}

/** The design and every run of a finished sweep, by run index; a clear error while runs are missing. */
export async function readSweepRuns(dir: string, m: SweepManifest): Promise<{ design: ExpandedDesign; results: RunResult[] }> {
  const design = expandDesign(m.experiment);
  const { results } = await readJournal(dir, m.fingerprint, seedsOf(m.experiment, design));
  const missing = shardRunIndices(design.runs, null).filter((i) => !results.has(i)).length;
  if (missing > 0)
    throw new ExperimentError('SWEEP_STATE', `${dir} is not finished: ${missing} of ${design.runs} runs missing; finish it with govbuy sweep ${m.experimentFile} --out ${dir} --resume`);
  return { design, results: Array.from({ length: design.runs }, (_, i) => results.get(i)!) };
}

export async function analyzeFolder(dir: string, options: AnalyzeFolderOptions = {}): Promise<AnalyzeFolderOutcome> {
  const { manifest, design, results, analysis } = await analyzeSweep(dir, options);

  const files: Record<string, string> = { 'analysis.json': stableJson(analysis), 'points.csv': csv(analysis.points) };
  let robust: Robustness | undefined;
  if (manifest.experiment.policies) {
    robust = robustness(manifest.experiment, design, results, { outcomes: analysis.metrics, ...(options.thresholds ? { thresholds: options.thresholds } : {}) }).robustness;
    files['robustness.json'] = stableJson(robust);
    files['robustness.csv'] = csv(robust.table);
  }
  if (analysis.mainEffects) files['main_effects.csv'] = csv(analysis.mainEffects);
  if (analysis.interactions) files['interactions.csv'] = csv(analysis.interactions);
  if (analysis.prcc) files['prcc.csv'] = csv(analysis.prcc);
  if (analysis.morris) files['morris.csv'] = csv(analysis.morris);
  if (analysis.sobol) files['sobol.csv'] = csv(analysis.sobol);

  const out = join(dir, 'analysis');
  await replaceDerivedFolder(dir, 'analysis', files, 'analysis');
  return { out, experiment: manifest.experiment, files: Object.keys(files), analysis, ...(robust ? { robustness: robust } : {}) };
}

/**
 * Write `files` (relative path → text) as `<dir>/<name>/`, replacing what was there as a whole —
 * but only what govbuy wrote there (src/io/ownership.ts): a file of the user's in it, or one
 * changed by hand, makes this refuse, naming it. Inside a results folder (analysis/ or
 * discovery/ in a sweep folder) the folder's manifest lists the files; elsewhere (discover
 * --out) the derived folder is a results folder of its own, with a manifest.json of
 * `format` govbuy-<kind> (whatever the folder is called). Either way it appears whole or not at all.
 */
export async function replaceDerivedFolder(dir: string, name: string, files: Record<string, string>, kind: 'analysis' | 'discovery'): Promise<void> {
  if ((await readOwnManifest(dir)).manifest) {
    await writeIntoDir(dir, Object.fromEntries(Object.entries(files).map(([file, text]) => [`${name}/${file}`, text])), { force: true });
    return;
  }
  await writeOutputTree(join(dir, name), { ...files, 'manifest.json': stableJson({ format: `govbuy-${kind}`, formatVersion: 1 }) }, { force: true });
}

export function csv(t: Table): string {
  return toCsv(t.columns, t.rows);
}
