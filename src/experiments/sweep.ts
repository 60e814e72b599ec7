/**
 * Running a sweep: read and check the experiment and its scenarios, expand the design, check
 * every design point, prepare the results folder (fresh, forced or resumed), then run the
 * pending runs on the executor and record each as it finishes. Nothing is written before every
 * check has passed. A run that takes its worker thread down (a crash, the per-run time limit,
 * the memory limit: see pool.ts) is recorded as failed like a run that throws, with its seed and
 * factors; the pool replaces the thread and the sweep goes on.
 */
import { readdir, rm } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { GovbuyError } from '../engine/errors.ts';
import { capWorkers } from '../io/cores.ts';
import { readRegularFile, TMP_FILE } from '../io/durable.ts';
import { inspectOutputDir, mkdirs, readTextFile } from '../io/files.ts';
import { LOCK_INFO_FILE, lockFolder, lockHolder, type FolderLock } from '../io/folderLock.ts';
import { reason, writeAdvice, writeError } from '../io/fsErrors.ts';
import { checkMemory } from '../io/memory.ts';
import { MAX_JOURNAL_BYTES, removePlanned, replaceablePlan, sha256Hex } from '../io/ownership.ts';
import { codeVersionLater, PACKAGE_ROOT, packageVersion } from '../io/version.ts';
import { factorCells, runColumns, type Cell } from './columns.ts';
import { expandDesign, runSpec, shardRunIndices, type RunSpec, type Shard } from './design.ts';
import { ExperimentError } from './errors.ts';
import { parseExperimentText, type ResolvedExperiment, type RunLimits } from './file.ts';
import { createExecutor, defaultWorkers, hasLimits, threadsFor, WorkerFault, WorkerPoolError, type Executor, type FaultKind } from './pool.ts';
import type { Progress } from './progress.ts';
import {
  fingerprintOf,
  completeSeriesRenames,
  LIVE_FILES,
  readJournal,
  readManifest,
  removeStaleTemporaries,
  seedsOf,
  seriesProblem,
  sha256,
  SweepWriter,
  SWEEP_FORMAT,
  SWEEP_FORMAT_VERSION,
  treeSha256,
  writeManifest,
  type ScenarioRecord,
  type SweepManifest,
} from './results.ts';
import { effectiveLevers, errorLine, preflightInterruptible, type BaseScenario, type RunResult, type SweepContext } from './runOne.ts';

export interface LoadedExperiment {
  file: string;
  text: string;
  experiment: ResolvedExperiment;
  scenarios: BaseScenario[];
  records: ScenarioRecord[];
  fingerprint: string;
}

/** Read an experiment file and its scenario files (paths relative to the experiment file); `note` gets notes such as old key names. */
export async function loadExperiment(file: string, note?: (line: string) => void): Promise<LoadedExperiment> {
  const text = await readTextFile(file);
  const notes: string[] = [];
  const experiment = parseExperimentText(text, file, notes);
  for (const n of notes) note?.(`note: ${n}`);
  const scenarios: BaseScenario[] = [];
  const records: ScenarioRecord[] = [];
  for (const s of experiment.scenarios) {
    const path = relative(process.cwd(), resolve(dirname(file), s.file)) || s.file;
    let scenarioText: string;
    try {
      scenarioText = await readTextFile(path);
    } catch (err) {
      throw new ExperimentError('EXPERIMENT_INVALID', `${file}: cannot read its scenario "${s.file}" (${path}): ${(err as Error).message.replace(/^cannot read [^:]*: /, '')}`);
    }
    scenarios.push({ file: path, text: scenarioText });
    records.push({ file: s.file, path, sha256: sha256(scenarioText) });
  }
  // Policies × futures: every lever's value in effect, for the lever columns of runs.csv.
  if (experiment.policies) experiment.policies.effective = effectiveLevers({ experiment, experimentFile: file, scenarios });
  return { file, text, experiment, scenarios, records, fingerprint: fingerprintOf(experiment, records.map((r) => r.sha256)) };
}

/** results/<experiment file name>[-shard-<k>] */
export function defaultSweepDir(experimentFile: string, shard: Shard | null): string {
  const stem = basename(experimentFile, extname(experimentFile));
  // A name of dots ("...yaml" → "..") would point at results/ itself or above it.
  const name = stem === '' || /^\.+$/.test(stem) ? 'experiment' : stem;
  return join('results', shard ? `${name}-shard-${shard.k}` : name);
}

export interface SweepOptions {
  experimentFile: string;
  out?: string;
  /** Worker threads (0 or 1: in this thread). Default: the cores available. */
  workers?: number;
  resume?: boolean;
  retryFailed?: boolean;
  shard?: Shard | null;
  force?: boolean;
  /** Aborting stops the sweep: no new runs start, runs in flight are abandoned (they run again on resume). */
  signal?: AbortSignal;
  /** Progress display for `total` runs of which `done` were done before. */
  progress?: (total: number, done: number) => Progress;
  /** Warnings and notes (stderr). */
  note?: (line: string) => void;
  /** Test hook (GOVBUY_TEST_FAIL_RUNS): run indices that fail. */
  failRuns?: number[];
  /** Per-run limits that override the experiment file's `limits` (a null field keeps the file's). */
  limits?: Partial<RunLimits>;
}

/** A run that failed in this session, as reported on stderr: which run, its seed and factors, why. */
export interface RunFailure {
  runIndex: number;
  seed: number;
  /** The scenario factor (if any) and the factors, as in runs.csv. */
  factors: Record<string, Cell>;
  error: string;
  /** Set when the run ended its worker thread. */
  fault?: FaultKind;
}

export interface SweepOutcome {
  out: string;
  experiment: ResolvedExperiment;
  /** Runs of this folder (the shard's, or the whole design's). */
  runs: number;
  /** Runs already done when this session began (resume). */
  before: number;
  ranNow: number;
  ok: number;
  failed: number;
  interrupted: boolean;
  workers: number;
  wallMs: number;
  /** The limits in effect (the experiment file's, overridden by the options). */
  limits: RunLimits;
  /** Runs executed on worker threads (false: in the main thread, or nothing ran). */
  pooled: boolean;
  /** Runs that failed in this session, in the order they finished. */
  failures: RunFailure[];
}

/** "run 5 (seed 123; advance = 0.5, delay = 6)": a run as messages name it, from its runs.csv cells. */
export function runLabel(runIndex: number, seed: number, factors: Record<string, Cell>): string {
  const cells = Object.entries(factors).map(([k, v]) => `${k} = ${v === null ? '' : String(v)}`);
  return `run ${runIndex} (seed ${seed}${cells.length > 0 ? `; ${cells.join(', ')}` : ''})`;
}

export function describeRun(e: ResolvedExperiment, spec: Pick<RunSpec, 'runIndex' | 'seed' | 'scenario' | 'factors'>): string {
  return runLabel(spec.runIndex, spec.seed, factorCells(e, spec.scenario, spec.factors));
}

export async function runSweep(o: SweepOptions): Promise<SweepOutcome> {
  const out = o.out ?? defaultSweepDir(o.experimentFile, o.shard ?? null);
  // The folder's lock before anything else: a second sweep (or --resume) of the same folder
  // stops here, at once, before it reads or writes anything there.
  const lock = await lockFolder(out, { purpose: 'run a second sweep in it' });
  try {
    return await sweepLocked(o, out, lock);
  } finally {
    await lock.release();
  }
}

/** A folder that holds only what a sweep killed in its first milliseconds leaves: temporary files, a lock note, an empty series/. */
async function neverStarted(out: string): Promise<boolean> {
  let entries;
  try {
    entries = await readdir(out, { withFileTypes: true });
  } catch {
    return false;
  }
  if (entries.length === 0) return false;
  for (const entry of entries) {
    if (entry.isFile() && (TMP_FILE.test(entry.name) || entry.name === LOCK_INFO_FILE)) continue;
    if (entry.isDirectory() && entry.name === 'series' && (await readdir(join(out, 'series'))).length === 0) continue;
    return false;
  }
  return true;
}

/**
 * The tables (runs.csv, runs.parquet) as the last session left them? `changed`: their content is
 * no longer what the manifest recorded — a session rewrites them whole, so edits made by hand
 * would be lost; `missing`: not there (they are rebuilt from the journal). The journal is only
 * appended to, and a torn or damaged line in it is what resume repairs.
 */
async function tablesState(out: string, m: SweepManifest): Promise<{ changed: string[]; missing: string[] }> {
  const changed: string[] = [];
  const missing: string[] = [];
  for (const name of ['runs.csv', 'runs.parquet']) {
    let bytes: Buffer;
    try {
      bytes = await readRegularFile(join(out, name), { maxBytes: MAX_JOURNAL_BYTES, kind: 'sweep files' });
    } catch {
      missing.push(name);
      continue;
    }
    const hash = m.files?.[name];
    if (typeof hash === 'string' && sha256Hex(bytes) !== hash) changed.push(name);
  }
  return { changed, missing };
}

async function sweepLocked(o: SweepOptions, out: string, lock: FolderLock): Promise<SweepOutcome> {
  const startedAt = new Date();
  const t0 = performance.now();
  const note = o.note ?? (() => undefined);
  const shard = o.shard ?? null;

  // 1. Everything that can be wrong with the input, before anything is written.
  const loaded = await loadExperiment(o.experimentFile, o.note);
  const e = loaded.experiment;
  const design = expandDesign(e);
  if (shard && shard.n > design.runs)
    throw new ExperimentError('EXPERIMENT_INVALID', `--shard ${shard.k}/${shard.n}: ${o.experimentFile} has only ${design.runs} ${design.runs === 1 ? 'run' : 'runs'}, so at most ${design.runs} shards; use fewer shards`);
  const order = shardRunIndices(design.runs, shard);
  const ctx: SweepContext = { experiment: e, experimentFile: o.experimentFile, scenarios: loaded.scenarios, ...(o.failRuns?.length ? { failRuns: o.failRuns } : {}) };
  const workers = capWorkers(o.workers ?? defaultWorkers(), note);
  const threads = threadsFor(workers, order.length);
  const continuing = o.resume === true || o.retryFailed === true;
  const limits: RunLimits = { runSeconds: o.limits?.runSeconds ?? e.limits.runSeconds, memoryMB: o.limits?.memoryMB ?? e.limits.memoryMB };
  // A fresh sweep starts its worker threads now: they load the code while this thread checks the
  // design and prepares the folder, so the first runs start about 0.1 s sooner. (A continued
  // sweep may have nothing left to run: its threads start once that is known.)
  let early: Executor | null = !continuing && order.length > 0 ? createExecutor(ctx, workers, order.length, { limits, note }) : null;
  const versionLater = codeVersionLater(); // asked of git meanwhile
  try {
    await preflightInterruptible(ctx, design, o.signal, (scenario, label) => checkMemory(scenario, label, totalmem() / threads));

    // 2. The folder: fresh, replaced (--force) or continued (--resume / --retry-failed).
    const resumeCommand = `govbuy sweep ${o.experimentFile} --out ${out}${shard ? ` --shard ${shard.k}/${shard.n}` : ''} --resume`;
    let previous = await readManifest(out);
    if (!previous && (await neverStarted(out))) {
      note(`note: ${out} holds only what a sweep stopped in its first moments left (temporary files); starting the sweep afresh there`);
      await removeStaleTemporaries(out);
      await rm(join(out, LOCK_INFO_FILE), { force: true });
      await rm(join(out, 'series'), { recursive: false }).catch(() => undefined);
    }
    let results = new Map<number, RunResult>();
    let journalKeep: { bytes: number } | { rewrite: string[] } = { bytes: 0 };
    let manifest: SweepManifest;
    let repairs = 0;
    const version = await versionLater;
    const source = await treeSha256(join(PACKAGE_ROOT, 'src'));
    if (continuing && previous) {
      if (previous.fingerprint !== loaded.fingerprint)
        throw new ExperimentError(
          'SWEEP_STATE',
          `${out} was made from a different experiment or different scenario files than ${o.experimentFile} now holds; resuming would mix two experiments. Use another --out, or --force (without --resume) to start over`,
        );
      if (JSON.stringify(previous.shard) !== JSON.stringify(shard))
        throw new ExperimentError('SWEEP_STATE', `${out} holds ${previous.shard ? `shard ${previous.shard.k}/${previous.shard.n}` : 'the whole design'}; resume it with ${previous.shard ? `--shard ${previous.shard.k}/${previous.shard.n}` : 'no --shard'}`);
      const tables = await tablesState(out, previous);
      const changed = tables.changed;
      if (tables.missing.length > 0) repairs++;
      if (changed.length > 0)
        throw new ExperimentError('SWEEP_STATE', `${out}: ${changed.join(', ')} changed since the sweep wrote ${changed.length === 1 ? 'it' : 'them'}, and continuing would overwrite ${changed.length === 1 ? 'it' : 'them'}`, [
          `copy ${changed.length === 1 ? 'it' : 'them'} elsewhere if you need the changes (or delete ${changed.length === 1 ? 'it' : 'them'}), then run the command again`,
        ]);
      const journal = await readJournal(out, loaded.fingerprint, seedsOf(e, design));
      results = journal.results;
      if (journal.damaged.length > 0 || journal.headerDamaged) {
        journalKeep = { rewrite: journal.validLines };
        const lines = journal.damaged;
        if (lines.length > 0)
          note(`note: ${out}/journal.ndjson: ${lines.length === 1 ? `line ${lines[0]} is` : `lines ${lines.slice(0, 10).join(', ')}${lines.length > 10 ? ', …' : ''} are`} damaged (not a run of this experiment); skipped, and the journal rewritten without ${lines.length === 1 ? 'it' : 'them'}: any run ${lines.length === 1 ? 'it' : 'they'} recorded runs again`);
        if (journal.headerDamaged) note(`note: ${out}/journal.ndjson: its first line was damaged; rewritten (each run line was checked against the experiment's seeds)`);
        repairs++;
      } else journalKeep = { bytes: journal.validBytes };
      if (journal.size > journal.validBytes) {
        note(`note: ${out}/journal.ndjson ended in a torn line (a run was being recorded when the sweep stopped); that run will run again`);
        repairs++;
      }
      if (previous.sourceSha256 !== source)
        note(
          `warning: the simulation code changed since ${out} was started (then ${describeVersion(previous.codeVersion)}, now ${describeVersion(version)}); runs from both versions end up in one table. Use --force to start over if that matters`,
        );
      // A finished run counts only if its series file is what its journal line recorded.
      if (e.outputs.series) {
        if ((await completeSeriesRenames(out, journal.seriesHashes)).length > 0) repairs++;
        const bad: string[] = [];
        for (const [i, r] of [...results]) {
          if (r.status !== 'ok') continue;
          const problem = await seriesProblem(out, i, journal.seriesHashes.get(i));
          if (problem) {
            results.delete(i);
            if (problem !== 'missing' || !journal.seriesHashes.has(i)) bad.push(`series/${i}.csv (${problem})`);
          }
        }
        if (bad.length > 0) {
          note(`note: ${out}: ${bad.length} series ${bad.length === 1 ? 'file does' : 'files do'} not match the journal — ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', …' : ''}; ${bad.length === 1 ? 'its run runs' : 'their runs run'} again`);
          repairs++;
        }
      }
      manifest = previous;
    } else {
      if (previous && !continuing && o.force !== true)
        throw new ExperimentError(
          'SWEEP_STATE',
          `${out} already holds a sweep (${previous.runs.done} of ${previous.runs.folder} runs done); continue it with --resume, choose another --out, or pass --force to start over`,
        );
      if (previous) {
        // --force: remove exactly what govbuy wrote there (refused if anything else is there).
        const plan = await replaceablePlan(out, out);
        await removePlanned(out, plan);
        previous = null;
      } else await inspectOutputDir(out, { force: false });
      manifest = {
        format: SWEEP_FORMAT,
        formatVersion: SWEEP_FORMAT_VERSION,
        status: 'running',
        experimentFile: o.experimentFile,
        experimentSha256: sha256(loaded.text),
        fingerprint: loaded.fingerprint,
        experiment: e,
        scenarios: loaded.records,
        shard,
        columns: [],
        runs: { design: design.runs, folder: order.length, done: 0, ok: 0, failed: 0 },
        codeVersion: version,
        sourceSha256: source,
        workers: 0,
        timings: { startedAt: startedAt.toISOString(), finishedAt: null, wallMs: 0, sessions: [] },
      };
    }
    const inFolder = new Set(order);
    for (const i of [...results.keys()]) if (!inFolder.has(i)) results.delete(i);
    if (o.retryFailed) for (const [i, r] of [...results]) if (r.status === 'failed') results.delete(i);
    const pending = order.filter((i) => !results.has(i));
    const before = results.size;

    // 3. Run.
    const concurrency = pending.length > 0 ? threadsFor(workers, pending.length) : 0;
    const finished = manifest.status === 'complete' && LIVE_FILES.every((f) => typeof manifest.files?.[f] === 'string');
    if (continuing && pending.length === 0 && repairs === 0 && finished) {
      // Nothing to run and nothing to repair: write nothing (the folder may be on a read-only
      // disk) but remove the note of a holder that was killed, where that is possible.
      if (await lockHolder(out) === null) await rm(join(out, LOCK_INFO_FILE), { force: true }).catch(() => undefined);
      const all = [...results.values()];
      const failed = all.filter((r) => r.status === 'failed').length;
      return { out, experiment: e, runs: order.length, before, ranNow: 0, ok: all.length - failed, failed, interrupted: false, workers: 0, wallMs: Math.round(performance.now() - t0), limits, pooled: false, failures: [] };
    }
    // Limits need worker threads (the main thread cannot stop its own busy loop or survive its own OOM).
    if (pending.length > 0 && hasLimits(limits) && o.workers !== undefined && o.workers <= 1)
      note(`note: run limits apply on worker threads only, so this sweep runs on 1 worker thread rather than in the main thread`);
    const startFailed = (err: unknown) => writeError(out, err, `then run the command again${continuing ? '' : ' (add --resume to keep what is there)'}`);
    let writer: SweepWriter;
    try {
      await mkdirs(out);
      await lock.announce();
      await removeStaleTemporaries(out);
      // The manifest first: a folder with a journal but no manifest could not be resumed.
      manifest.columns = runColumns(e);
      manifest.status = 'running';
      manifest.workers = concurrency;
      await writeManifest(out, manifest);
      writer = await SweepWriter.open(out, e, design, order, results, loaded.fingerprint, journalKeep);
    } catch (err) {
      throw startFailed(err);
    }

    const progress = o.progress?.(order.length, before);
    let ranNow = 0;
    let interrupted = false;
    let executor: Executor | null = null;
    const failures: RunFailure[] = [];
    /** Set when no worker thread can start any more: the sweep stops (the runs not done stay pending). */
    let poolError: WorkerPoolError | null = null;
    const stopped = () => o.signal?.aborted === true || poolError !== null || writer.error !== null;
    let pooled = false;
    try {
      executor = early ?? (pending.length > 0 ? createExecutor(ctx, workers, pending.length, { limits, note }) : null);
      early = null; // closed below with the runs, like any executor
      pooled = executor !== null && executor.pooled;
      let cursor = 0;
      /** Runs being recorded: a lane goes on to its next run while the last one's journal line is written. */
      const recording = new Set<Promise<void>>();
      const lane = async () => {
        while (!stopped() && cursor < pending.length) {
          const spec = runSpec(e, design, pending[cursor++]);
          let result: RunResult;
          let fault: FaultKind | undefined;
          try {
            result = await executor!.run(spec, o.signal);
          } catch (err) {
            if (o.signal?.aborted) return;
            if (err instanceof WorkerPoolError) {
              poolError ??= err;
              return;
            }
            // The run ended its worker thread (time limit, memory, crash); the pool has replaced
            // the thread, the run is recorded as failed, and the sweep goes on.
            fault = err instanceof WorkerFault ? err.kind : 'crash';
            result = { runIndex: spec.runIndex, seed: spec.seed, status: 'failed', error: err instanceof WorkerFault ? err.message : `worker crashed: ${errorLine(err)}`, outcomes: null };
            note(`${describeRun(e, spec)}: ${result.error}; its worker thread was replaced and the sweep goes on`);
          }
          // The lane goes on to its next run while this one is recorded (group commit: results.ts).
          const recorded = writer.record(result).then(
            () => {
              ranNow++;
              if (result.status === 'failed')
                failures.push({ runIndex: spec.runIndex, seed: spec.seed, factors: factorCells(e, spec.scenario, spec.factors), error: result.error ?? '', ...(fault ? { fault } : {}) });
              progress?.tick(result.status === 'failed');
            },
            () => undefined, // writer.error is set: every lane stops, and the error is reported below
          );
          recording.add(recorded);
          void recorded.finally(() => recording.delete(recorded));
        }
      };
      // Twice as many lanes as worker threads: each thread's next run waits in the pool's queue, so
      // a thread starts it the moment it finishes one, not after the main thread has handled the
      // result (see pool.ts: a run's time limit counts from when its thread starts it).
      await Promise.all(Array.from({ length: pooled ? 2 * concurrency : concurrency }, lane));
      await Promise.all(recording);
      interrupted = o.signal?.aborted === true && !writer.complete;
      if (writer.complete && writer.error === null) await writer.finish(`govbuy ${packageVersion()}`).catch(() => undefined); // the error is writer.error
    } finally {
      progress?.end();
      await executor?.close();
      await writer.close();
    }
    const all = [...results.values()];
    const failed = all.filter((r) => r.status === 'failed').length;
    const writeFailure = writer.error;
    if (writeFailure !== null) throw stoppedByWrite(out, writeFailure, all.length, resumeCommand);

    // 4. The manifest, with counts, timings and the hashes of what this session left.
    const wallMs = Math.round(performance.now() - t0);
    manifest.status = writer.complete ? 'complete' : 'running';
    manifest.runs = { design: design.runs, folder: order.length, done: all.length, ok: all.length - failed, failed };
    manifest.timings.sessions.push({ startedAt: startedAt.toISOString(), wallMs, runs: ranNow, workers: concurrency, ...(hasLimits(limits) ? { limits } : {}) });
    manifest.timings.wallMs = manifest.timings.sessions.reduce((s, x) => s + x.wallMs, 0);
    manifest.timings.finishedAt = writer.complete ? new Date().toISOString() : null;
    try {
      await writeManifest(out, manifest, true);
    } catch (err) {
      throw stoppedByWrite(out, err, all.length, resumeCommand);
    }
    if (poolError !== null)
      throw new ExperimentError('SWEEP_STATE', `${out}: the sweep stopped after ${all.length} of ${order.length} runs: ${(poolError as WorkerPoolError).message}. The runs recorded so far are kept: continue with --resume, or with --retry-failed to rerun the failed runs too`);
    return { out, experiment: e, runs: order.length, before, ranNow, ok: all.length - failed, failed, interrupted, workers: concurrency, wallMs, limits, pooled, failures };
  } finally {
    await early?.close(); // the sweep stopped before its runs
  }
}

/** A write that failed mid-sweep: what happened, that the recorded runs are kept, and how to continue once it is fixed. */
function stoppedByWrite(out: string, err: unknown, recorded: number, resumeCommand: string): Error {
  if (err instanceof GovbuyError) return err;
  const advice = writeAdvice(err, false);
  return new ExperimentError(
    'SWEEP_STATE',
    `cannot write ${out}: ${reason(err)}. The sweep stopped; the ${recorded} ${recorded === 1 ? 'run' : 'runs'} recorded so far ${recorded === 1 ? 'is' : 'are'} kept`,
    [`${advice ? `${advice}, then ` : ''}continue with: ${resumeCommand}`],
  );
}

function describeVersion(v: { package: string; git: string; dirty: boolean | null }): string {
  return `${v.package}, commit ${v.git}${v.dirty ? ' with changes' : ''}`;
}
