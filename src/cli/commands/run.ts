/**
 * `govbuy run <scenario>`: one simulation run, written as a results directory:
 * manifest.json (what was run, by which code), series.csv (one row per month) and
 * summary.json (the run summary). Everything but manifest.timings is a pure function of the
 * scenario file, the overrides, the seed and the code.
 */
import { createHash } from 'node:crypto';
import { basename, extname, join } from 'node:path';
import type { Argv } from 'yargs';
import YAML from 'yaml';
import { z } from 'zod';
import { SERIES_COLUMNS } from '../../metrics/series.ts';
import type { RunSummary } from '../../metrics/summary.ts';
import { advance, finish, startRun, type RunResult, type RunState } from '../../model/run.ts';
import type { DistrictExecutor } from '../../model/districts.ts';
import { resumeRun, takeCheckpoint } from '../../model/checkpoint.ts';
import { checkCheckpointOut, readCheckpoint, writeCheckpoint } from '../../io/checkpointFile.ts';
import { GovbuyError } from '../../engine/errors.ts';
import { scenarioSchema, type Scenario } from '../../scenario/schema.ts';
import { describeSome, formatPath } from '../../scenario/issues.ts';
import { MAX_PROBLEMS } from '../../scenario/load.ts';
import { checkOutputDir, writeOutputDir } from '../../io/files.ts';
import { stableJson, toCsv } from '../../io/formats.ts';
import { codeVersion, codeVersionLater, type CodeVersion } from '../../io/version.ts';
import { createMonthProgress } from '../../experiments/progress.ts';
import { count, pathOption, list, single, UsageError, wholeNumber, type Io } from '../context.ts';
import { loadScenario, resolvePlace, warnAboutTiming } from '../scenarioInput.ts';

/** Largest seed (the scenario schema's bound for `seed`). */
export const MAX_SEED = 2 ** 31 - 1;

export const MANIFEST_FORMAT = 'govbuy-run';
export const MANIFEST_FORMAT_VERSION = 1;

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: typeof MANIFEST_FORMAT_VERSION;
  /** The scenario file as given on the command line. */
  scenarioFile: string;
  /** SHA-256 of the scenario file's text. */
  scenarioSha256: string;
  seed: number;
  /** Overrides applied, in order (`--years N` appears as `years=N`). */
  sets: string[];
  codeVersion: CodeVersion;
  /** The scenario as run: file, overrides and defaults resolved. */
  scenario: Scenario;
  /** Set when the run continued from a checkpoint: the file, its SHA-256 and the month it resumed at. */
  fromCheckpoint?: { file: string; sha256: string; month: number };
  /** The only part that differs between identical runs. */
  timings: { startedAt: string; wallMs: number };
}

export function builder(y: Argv): Argv {
  return y
    .positional('scenario', { type: 'string', describe: 'Scenario file (.yaml, .yml or .json), or a preset name from scenarios/ (e.g. guangzhou)' })
    .option('seed', { type: 'number', describe: "Random seed, 0–2147483647 (default: the scenario's seed)" })
    .option('years', { type: 'number', describe: 'Years to simulate (shorthand for --set years=N)' })
    .option('set', {
      type: 'string',
      array: true,
      requiresArg: true,
      describe: 'Override a parameter: path=value, value in YAML (repeatable), e.g. --set policies.payments.advanceShare=0.5',
    })
    .option('out', { type: 'string', requiresArg: true, describe: 'Results directory (default: results/<scenario file name without extension>-seed<seed>)' })
    .option('force', { type: 'boolean', default: false, describe: 'Replace an existing results directory (and checkpoint file)' })
    .option('checkpoint-at', { type: 'number', requiresArg: true, describe: 'Save the full state at the start of this run year (with --checkpoint-out)' })
    .option('checkpoint-out', { type: 'string', requiresArg: true, describe: 'Checkpoint file to write' })
    .option('threads', {
      type: 'number',
      requiresArg: true,
      describe: "Threads for this one run (default 1): its districts are spread over them, with the same results byte for byte; more threads than districts are not used",
    })
    .option('from-checkpoint', {
      type: 'string',
      requiresArg: true,
      describe: 'Continue a run from a checkpoint instead of a scenario; --set then changes policies from that point on (a branch)',
    })
    .example('$0 run scenarios/chifeng-xitun.yaml --seed 7 --years 20 --out results/xitun', '')
    .example('$0 run scenarios/chifeng-xitun.yaml --set policies.payments.advanceShare=0.5', '')
    .example('$0 run scenarios/guangzhou.yaml --set region.peoplePerAgent=1 --threads 2', '')
    .example('$0 run scenarios/chifeng-xitun.yaml --checkpoint-at 5 --checkpoint-out results/xitun-y5.ckpt', '')
    .example('$0 run --from-checkpoint results/xitun-y5.ckpt --set policies.payments.advanceShare=0.5 --out results/branch-advance', '');
}

export interface RunOptions {
  scenario?: string;
  seed?: number;
  years?: number;
  sets: string[];
  out?: string;
  force: boolean;
  checkpointAt?: number;
  checkpointOut?: string;
  fromCheckpoint?: string;
  threads: number;
}

/** Most threads one run may ask for. */
export const MAX_THREADS = 256;

export function readOptions(args: Record<string, unknown>): RunOptions {
  return {
    scenario: args.scenario === undefined ? undefined : resolvePlace(String(args.scenario)),
    seed: wholeNumber('seed', args.seed, MAX_SEED),
    years: wholeNumber('years', args.years),
    sets: list(args.set),
    out: pathOption('out', args.out),
    force: args.force === true,
    checkpointAt: wholeNumber('checkpoint-at', args['checkpoint-at'], 200),
    checkpointOut: pathOption('checkpoint-out', args['checkpoint-out']),
    fromCheckpoint: single('from-checkpoint', args['from-checkpoint']),
    threads: readThreads(args.threads),
  };
}

function readThreads(value: unknown): number {
  return wholeNumber('threads', value, MAX_THREADS, { min: 1, why: '1: the whole run in this thread' }) ?? 1;
}

/** results/<scenario file name without extension>-seed<seed> */
export function defaultOutDir(scenarioFile: string, seed: number): string {
  const name = basename(scenarioFile, extname(scenarioFile)) || 'scenario';
  return join('results', `${name}-seed${seed}`);
}

export async function handler(args: Record<string, unknown>, io: Io): Promise<number> {
  const options = readOptions(args);
  if (options.fromCheckpoint !== undefined) return continueFromCheckpoint(options, io);
  if (options.scenario === undefined) throw new UsageError('give a scenario file, or --from-checkpoint FILE');
  if ((options.checkpointAt === undefined) !== (options.checkpointOut === undefined))
    throw new UsageError('--checkpoint-at and --checkpoint-out go together');
  if (options.threads > 1 && options.checkpointAt !== undefined)
    throw new UsageError('--threads and --checkpoint-at do not go together: a run split over threads keeps its residents on shared memory, which a checkpoint does not copy; take the checkpoint with --threads 1 (the results are the same)');
  const startedAt = new Date();
  const t0 = performance.now();
  const version = codeVersionLater(); // asked of git while the run goes on
  const input = await loadScenario(options.scenario, options.sets, options.years);
  const { scenario } = input;
  warnAboutTiming(scenario, io);
  if (options.checkpointAt !== undefined && options.checkpointAt >= scenario.years)
    throw new UsageError(`--checkpoint-at ${options.checkpointAt} is not a run year of this ${scenario.years}-year scenario (0–${scenario.years - 1})`);
  const seed = options.seed ?? scenario.seed;
  const out = options.out ?? defaultOutDir(options.scenario, seed);
  await checkOutputDir(out, { force: options.force }); // refuse before a long run, not after
  if (options.checkpointOut !== undefined) await checkCheckpointOut(options.checkpointOut, { force: options.force });

  const threads = Math.min(options.threads, scenario.region.districts);
  if (threads < options.threads)
    io.err(`note: ${scenario.name} has ${count(scenario.region.districts, 'district', 'districts')}, so the run uses ${count(threads, 'thread', 'threads')}, not ${options.threads}\n`);
  const districts = threads > 1 ? new (await import('../../threads/districtThreads.ts')).DistrictThreads(threads) : undefined;
  let result: RunResult;
  try {
    const state = startRun(scenario, seed, { shared: districts !== undefined, districts });
    if (options.checkpointAt !== undefined && options.checkpointOut !== undefined) {
      advance(state, { stopBefore: 12 * options.checkpointAt });
      await writeCheckpoint(options.checkpointOut, takeCheckpoint(state), { force: options.force });
      io.out(`checkpoint at the start of run year ${options.checkpointAt} written to ${options.checkpointOut}\n`);
    }
    result = finish(advanceShowingProgress(state, io, districts));
  } finally {
    districts?.close();
  }
  const series = toCsv(SERIES_COLUMNS, result.series);
  const summary = stableJson(result.summary);
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_FORMAT_VERSION,
    scenarioFile: options.scenario,
    scenarioSha256: createHash('sha256').update(input.text).digest('hex'),
    seed,
    sets: input.sets,
    codeVersion: await version,
    scenario,
    timings: { startedAt: startedAt.toISOString(), wallMs: Math.round(performance.now() - t0) },
  };
  await writeOutputDir(out, { 'manifest.json': stableJson(manifest), 'series.csv': series, 'summary.json': summary }, { force: options.force });
  io.out(report(scenario, seed, result.summary, result.series.length, manifest.timings.wallMs, out, threads));
  return 0;
}

/** Advance to the end, with the months simulated and the time left on a terminal's stderr once the run passes 2 s. */
function advanceShowingProgress(state: RunState, io: Io, districts?: DistrictExecutor): RunState {
  const w = state.world;
  const progress = createMonthProgress({ write: (t) => io.err(t), tty: process.stderr.isTTY === true, columns: process.stderr.columns, total: w.totalMonths, done: w.month });
  try {
    return advance(state, { onMonth: () => progress.month(w.month + 1), districts });
  } finally {
    progress.end();
  }
}

/** `run --from-checkpoint FILE [--set …]`: continue a saved run, optionally as a policy branch. */
async function continueFromCheckpoint(options: RunOptions, io: Io): Promise<number> {
  const file = options.fromCheckpoint!;
  if (options.scenario !== undefined) throw new UsageError('give either a scenario file or --from-checkpoint, not both');
  if (options.threads > 1) throw new UsageError('--threads and --from-checkpoint do not go together: continue a checkpoint with --threads 1');
  if (options.seed !== undefined || options.years !== undefined || options.checkpointAt !== undefined)
    throw new UsageError('--seed, --years and --checkpoint-at cannot change a run continued from a checkpoint');
  const startedAt = new Date();
  const t0 = performance.now();
  const { header, checkpoint, sha256 } = await readCheckpoint(file);
  const out = options.out ?? join('results', `${basename(file, extname(file))}-continued`);
  await checkOutputDir(out, { force: options.force });
  const changes: Record<string, unknown> = {};
  for (const set of options.sets) {
    const eq = set.indexOf('=');
    if (eq <= 0) throw new GovbuyError('SET_INVALID', `--set ${set}: expected path=value`);
    changes[set.slice(0, eq)] = parseYamlValue(set.slice(eq + 1));
  }
  let state: RunState;
  try {
    state = resumeRun(checkpoint, changes);
  } catch (err) {
    // The scenario's own wording ("expected a number between 0 and 1, found 5", "did you mean …"), as for a scenario file.
    const details = err instanceof z.ZodError ? describeSome(err.issues, scenarioSchema, MAX_PROBLEMS).problems.map((p) => `${formatPath(p.path)}: ${p.text}`) : [(err as Error).message];
    throw new GovbuyError('SET_INVALID', `cannot apply ${options.sets.map((s) => `--set ${s}`).join(' ')} to the checkpoint`, details);
  }
  const result = finish(advanceShowingProgress(state, io));
  const scenario = result.world.scenario;
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_FORMAT_VERSION,
    scenarioFile: checkpoint.world.scenario.name,
    scenarioSha256: '',
    seed: header.seed,
    sets: options.sets,
    codeVersion: codeVersion(),
    scenario,
    fromCheckpoint: { file, sha256, month: header.month },
    timings: { startedAt: startedAt.toISOString(), wallMs: Math.round(performance.now() - t0) },
  };
  await writeOutputDir(
    out,
    { 'manifest.json': stableJson(manifest), 'series.csv': toCsv(SERIES_COLUMNS, result.series), 'summary.json': stableJson(result.summary) },
    { force: options.force },
  );
  io.out(report(scenario, header.seed, result.summary, result.series.length, manifest.timings.wallMs, out));
  return 0;
}

/** A --set value, read as YAML like everywhere else. */
function parseYamlValue(text: string): unknown {
  try {
    return YAML.parse(text);
  } catch {
    return text;
  }
}

function money(yuan: number): string {
  if (Math.abs(yuan) >= 1e6) return `¥${(yuan / 1e6).toFixed(2)}M`;
  if (Math.abs(yuan) >= 1e3) return `¥${(yuan / 1e3).toFixed(0)}k`;
  return `¥${yuan.toFixed(0)}`;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(0)}%`;
}

/** The few lines a person reads after a run. */
function report(s: Scenario, seed: number, summary: RunSummary, months: number, wallMs: number, out: string, threads = 1): string {
  const f = summary.final;
  const t = summary.totals;
  const lastYear = s.startYear + s.years - 1;
  return [
    `${s.name}: seed ${seed}, ${count(s.years, 'year', 'years')} (${s.startYear}–${lastYear}), ${months} months in ${(wallMs / 1000).toFixed(2)} s${threads > 1 ? ` on ${threads} threads` : ''}`,
    `end of ${lastYear}: ${count(f.orgs_active, 'organization', 'organizations')} (${f.orgs_registered} registered, ${f.orgs_filed} filed), ${count(f.self_orgs, 'self-organization', 'self-organizations')}; ${count(t.org_entries, 'entry', 'entries')}, ${count(t.org_exits, 'exit', 'exits')} over the run`,
    `needs met ${pct(f.needs_met_share)} (run mean ${pct(t.mean_needs_met_share)}), satisfaction ${f.satisfaction.toFixed(2)}, trust in organizations ${f.trust_in_orgs.toFixed(2)}, ${count(t.complaints, 'complaint', 'complaints')} over the run`,
    `paid: ${money(t.paid_contracts)} contracts, ${money(t.paid_pilots)} pilots, ${money(t.paid_incubator_grants)} incubator grants, ${money(t.paid_package_grants)} package grants`,
    `wrote ${out}/ manifest.json, series.csv, summary.json`,
    '',
  ].join('\n');
}
