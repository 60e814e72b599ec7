/**
 * `govbuy calibrate <scenario> --targets <file>`: fit a scenario's free parameters (assumptions)
 * to figures from the sources by approximate Bayesian computation (docs/calibration.md), and
 * write calibration.json, posterior.csv and manifest.json into a results directory; with
 * --write-scenario, also a copy of the scenario with the fitted values. Every input is checked
 * before the first run, and a bad one writes nothing (exit code 2).
 */
import { createHash } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Argv } from 'yargs';
import { calibrate, calibrationModel, DEFAULT_SETTINGS, type CalibrationSettings } from '../../calibration/calibrate.ts';
import { defaultWorkers, evaluateOn } from '../../calibration/pool.ts';
import { CALIBRATION_FORMAT, calibrationJson, posteriorCsv, type CalibrationJson } from '../../calibration/results.ts';
import { editScenarioText } from '../../calibration/scenarioWriter.ts';
import { parseTargetsText, type Targets } from '../../calibration/targets.ts';
import type { AbcMethod, Kernel } from '../../calibration/abc.ts';
import { GovbuyError } from '../../engine/errors.ts';
import { capWorkers } from '../../io/cores.ts';
import { stageFile, type StagedFile } from '../../io/durable.ts';
import { checkOutputDir, readTextFile, writeOutputDir } from '../../io/files.ts';
import { errnoCode, reason, writeError } from '../../io/fsErrors.ts';
import { formatNumber, stableJson } from '../../io/formats.ts';
import { codeVersion } from '../../io/version.ts';
import { parseScenarioText } from '../../scenario/load.ts';
import { openJobPool, type RunJobsOptions } from '../../experiments/jobRunner.ts';
import { count, pathOption, renamedOption, single, UsageError, wholeNumber, type Io } from '../context.ts';
import { withManyRuns } from '../manyRuns.ts';
import { loadScenario, resolvePlace, warnAboutTiming } from '../scenarioInput.ts';
import { MAX_SEED } from './run.ts';

const METHODS: readonly AbcMethod[] = ['abc-smc', 'abc-rejection'];
const KERNELS: readonly Kernel[] = ['multivariate', 'componentwise'];

export function builder(y: Argv): Argv {
  return y
    .positional('scenario', { type: 'string', describe: 'Scenario file (.yaml, .yml or .json), or a preset name from scenarios/ (e.g. guangzhou)' })
    .option('targets', { type: 'string', requiresArg: true, describe: 'Targets file: free parameters and target figures (.yaml or .json)' })
    .option('replications', { type: 'number', requiresArg: true, describe: `Runs (seeds) averaged per parameter draw (default ${DEFAULT_SETTINGS.replications})` })
    .option('seeds', { type: 'number', requiresArg: true, hidden: true, describe: 'Old name of --replications' })
    .option('method', { type: 'string', requiresArg: true, describe: `abc-smc (default) or abc-rejection` })
    .option('budget', { type: 'number', requiresArg: true, describe: `Most simulation runs for the fit (default ${DEFAULT_SETTINGS.budget})` })
    .option('particles', { type: 'number', requiresArg: true, describe: `Posterior sample size (default ${DEFAULT_SETTINGS.particles})` })
    .option('kernel', { type: 'string', requiresArg: true, describe: 'ABC-SMC perturbation: multivariate (default) or componentwise' })
    .option('check-seeds', { type: 'number', requiresArg: true, describe: `Runs at each check point after the fit (default ${DEFAULT_SETTINGS.checkSeeds})` })
    .option('seed', { type: 'number', requiresArg: true, describe: "Calibration seed, 0–2147483647 (default: the scenario's seed)" })
    .option('out', { type: 'string', requiresArg: true, describe: 'Results directory (default: results/<scenario file name without extension>-calibration)' })
    .option('write-scenario', { type: 'string', requiresArg: true, describe: 'Also write a copy of the scenario with the fitted values (posterior medians)' })
    .option('workers', { type: 'number', requiresArg: true, describe: 'Worker threads for the runs; 0 or 1 runs them in this thread (default: one per core). The result does not depend on it' })
    .option('force', { type: 'boolean', default: false, describe: 'Replace an existing results directory and --write-scenario file' })
    .example('$0 calibrate scenarios/chifeng-xitun.yaml --targets scenarios/targets/chifeng-xitun.targets.yaml', '')
    .example('$0 calibrate scenarios/chifeng-xitun.yaml --targets scenarios/targets/chifeng-xitun.targets.yaml --budget 2000 --write-scenario results/xitun-calibrated.yaml', '');
}

export interface CalibrateOptions {
  scenario: string;
  targets: string;
  out: string;
  writeScenario?: string;
  force: boolean;
  /** Worker threads (0 or 1: in this thread). */
  workers: number;
  seed?: number;
  settings: Omit<CalibrationSettings, 'seed'>;
}

function choice<T extends string>(name: string, value: unknown, allowed: readonly T[]): T | undefined {
  const text = single(name, value);
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(text)}`);
  return text as T;
}

function atLeast(name: string, value: unknown, min: number, max?: number): number | undefined {
  return wholeNumber(name, value, max, { min });
}

export function readOptions(args: Record<string, unknown>, io: Io): CalibrateOptions {
  const scenario = args.scenario === undefined ? undefined : resolvePlace(String(args.scenario));
  if (scenario === undefined) throw new UsageError('give a scenario file: govbuy calibrate <scenario> --targets <file>');
  const targets = pathOption('targets', args.targets);
  if (targets === undefined) throw new UsageError('give a targets file with --targets <file> (e.g. scenarios/targets/chifeng-xitun.targets.yaml)');
  const settings = {
    ...DEFAULT_SETTINGS,
    replications: atLeast('replications', renamedOption(args, io, 'replications', 'seeds'), 1, 1000) ?? DEFAULT_SETTINGS.replications,
    method: choice('method', args.method, METHODS) ?? DEFAULT_SETTINGS.method,
    budget: atLeast('budget', args.budget, 1, 100_000_000) ?? DEFAULT_SETTINGS.budget,
    particles: atLeast('particles', args.particles, 2, 100_000) ?? DEFAULT_SETTINGS.particles,
    kernel: choice('kernel', args.kernel, KERNELS) ?? DEFAULT_SETTINGS.kernel,
    checkSeeds: atLeast('check-seeds', args['check-seeds'], 1, 10_000) ?? DEFAULT_SETTINGS.checkSeeds,
  };
  const evaluations = Math.floor(settings.budget / settings.replications);
  if (evaluations < settings.particles) {
    const need = settings.particles * settings.replications;
    throw new UsageError(
      `--budget ${settings.budget} allows ${count(evaluations, 'parameter draw')} of ${count(settings.replications, 'run')} each, fewer than the ${settings.particles} particles; ` +
        `give --budget ${need} or more (${settings.method === 'abc-smc' ? 'several times that for ABC-SMC to refine' : 'many times that for rejection to select'}), or fewer --particles or --replications`,
    );
  }
  return {
    scenario,
    targets,
    out: pathOption('out', args.out) ?? join('results', `${basename(scenario, extname(scenario)) || 'scenario'}-calibration`),
    writeScenario: pathOption('write-scenario', args['write-scenario']),
    force: args.force === true,
    workers: wholeNumber('workers', args.workers, 256) ?? defaultWorkers(),
    seed: wholeNumber('seed', args.seed, MAX_SEED),
    settings,
  };
}

/**
 * Before the first run, everything that could stop the --write-scenario file being written:
 * refuse to overwrite a file unless --force; never a directory, a link or another special file;
 * with --force only a file that holds a scenario (the calibrated copy replaces a scenario, e.g.
 * the one it was fitted from — never a file of another kind); a name whose format is not the
 * scenario's (the copy keeps the scenario's text, YAML or JSON); and a folder it cannot be
 * written in (a trial file is written there and removed).
 */
async function checkOutputFile(path: string, scenarioFile: string, force: boolean): Promise<void> {
  const json = (file: string) => extname(file).toLowerCase() === '.json';
  if (json(path) && !json(scenarioFile))
    throw new UsageError(`--write-scenario ${path}: the calibrated copy keeps the scenario's own text, which is YAML; give a .yaml or .yml file name`);
  let info;
  try {
    info = await lstat(path);
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw scenarioWriteError(path, err);
  }
  if (info) {
    if (info.isDirectory()) throw new GovbuyError('OUTPUT_EXISTS', `${path} is a directory; --write-scenario needs a file name`);
    if (!info.isFile()) throw new GovbuyError('OUTPUT_EXISTS', `${path} is ${info.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}; choose another --write-scenario file`);
    if (!force) throw new GovbuyError('OUTPUT_EXISTS', `${path} already exists; choose another --write-scenario file or pass --force`);
    try {
      parseScenarioText(await readTextFile(path), path);
    } catch {
      throw new GovbuyError('OUTPUT_EXISTS', `${path} is not a scenario file, and --force only replaces a scenario there; choose another --write-scenario file`);
    }
  }
  try {
    await (await stageFile(path, '', 'scenario')).discard();
  } catch (err) {
    throw scenarioWriteError(path, err);
  }
}

/** Why the --write-scenario file cannot be written, and what to do. */
function scenarioWriteError(path: string, err: unknown): GovbuyError {
  const what = errnoCode(err) === 'ENOENT' ? 'its folder does not exist: make it first, or choose' : 'choose';
  return new GovbuyError('OUTPUT_UNWRITABLE', `cannot write ${path}: ${reason(err)}; ${what} a --write-scenario file in a folder you may write to`);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A number for people: up to 4 significant digits. */
function fmt(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '–';
  return formatNumber(Number(x.toPrecision(4)));
}

/** A parameter value for people: whole numbers for whole-number parameters (runs round them). */
function fmtValue(p: { integer: boolean }, x: number | null): string {
  return p.integer && x !== null ? String(Math.round(x)) : fmt(x);
}

/** "lo–hi" of a parameter's credible interval. */
function interval(p: CalibrationJson['parameters'][number]): string {
  return `${fmtValue(p, p.posterior.credibleInterval.lower)}–${fmtValue(p, p.posterior.credibleInterval.upper)}`;
}

export async function handler(args: Record<string, unknown>, io: Io): Promise<number> {
  const options = readOptions(args, io);
  const startedAt = new Date();
  const t0 = performance.now();
  const input = await loadScenario(options.scenario, [], undefined);
  const { scenario } = input;
  const targetsText = await readTextFile(options.targets);
  const targets = parseTargetsText(targetsText, options.targets, scenario);
  await checkOutputDir(options.out, { force: options.force }); // refuse before a long run, not after
  if (options.writeScenario !== undefined) await checkOutputFile(options.writeScenario, options.scenario, options.force);
  warnAboutTiming({ ...scenario, years: targets.runYears }, io);
  for (const w of targets.warnings) io.err(`warning: ${w}\n`);

  const settings: CalibrationSettings = { ...options.settings, seed: options.seed ?? scenario.seed };
  const fitted = targets.targets.filter((t) => t.fit).length;
  io.out(
    `${scenario.name}: ${settings.method}, ${count(targets.parameters.length, 'free parameter')}, ${count(fitted, 'fitted target')}, ` +
      `${settings.particles} particles, ${count(settings.replications, 'run')} per draw, budget ${count(settings.budget, 'run')} of ${count(targets.runYears, 'year')}, seed ${settings.seed}\n`,
  );
  const workers = capWorkers(options.workers, (line) => io.err(`${line}\n`));
  return withManyRuns(io, (run) => fitAndWrite({ ...options, workers }, { input, targets, targetsText, settings, startedAt, t0 }, run, io));
}

interface Fit {
  input: Awaited<ReturnType<typeof loadScenario>>;
  targets: Targets;
  targetsText: string;
  settings: CalibrationSettings;
  startedAt: Date;
  t0: number;
}

/** The fit and its check runs (worker threads as --workers says), then the files. */
async function fitAndWrite(options: CalibrateOptions, { input, targets, targetsText, settings, startedAt, t0 }: Fit, run: Pick<RunJobsOptions, 'signal' | 'progress' | 'note'>, io: Io): Promise<number> {
  const { scenario } = input;
  // One pool for the whole calibration: the fit's draws, then the check runs.
  const pool = openJobPool(options.workers, { note: run.note });
  const checkPoints = ['the posterior mean', 'the posterior median', 'the approximate mode'];
  let outcome;
  try {
    outcome = await calibrate(scenario, targets, settings, {
      evaluate: evaluateOn(pool, calibrationModel(scenario, targets, settings), { signal: run.signal }),
      runJobs: (ctx, jobs) => pool.run(ctx, jobs, { ...run, describe: (job) => `the check run at ${checkPoints[job.scenario]} with seed ${job.seed}` }),
      onPopulation: (p, runs) =>
        io.out(
          `  ${settings.method === 'abc-smc' ? `generation ${p.generation}` : 'rejection'}: tolerance ${Number.isFinite(p.epsilon) ? fmt(p.epsilon) : '∞'}, ${p.particles.length} particles from ${count(p.proposals, 'draw')} ` +
            `(${(100 * p.acceptanceRate).toFixed(0)}% accepted, ESS ${p.ess.toFixed(0)}); ${runs} of ${count(settings.budget, 'run')}\n`,
        ),
    });
  } finally {
    await pool.close();
  }

  const json = calibrationJson(targets, settings, outcome, {
    scenarioFile: options.scenario,
    scenarioSha256: sha256(input.text),
    targetsFile: options.targets,
    targetsSha256: sha256(targetsText),
    codeVersion: codeVersion(),
    timings: { startedAt: startedAt.toISOString(), wallMs: 0 },
  });
  let calibratedText: string | undefined;
  if (options.writeScenario !== undefined) {
    const note = `${settings.method === 'abc-smc' ? 'ABC-SMC' : 'rejection ABC'} fit to ${basename(options.targets)} (calibration seed ${settings.seed})`;
    calibratedText = editScenarioText(
      input.text,
      options.scenario,
      json.parameters.map((p) => ({
        path: p.path,
        value: p.fitted,
        comment: `calibrated: median (${Math.round(100 * settings.level)}% CI ${interval(p)}), ${note}`,
      })),
    );
    // The written file must load as the scenario with the fitted values, or it is a bug here.
    parseScenarioText(calibratedText, options.writeScenario);
  }
  json.timings.wallMs = Math.round(performance.now() - t0);
  const manifest = {
    format: CALIBRATION_FORMAT,
    formatVersion: json.formatVersion,
    scenarioFile: json.scenarioFile,
    targetsFile: json.targetsFile,
    seed: settings.seed,
    codeVersion: json.codeVersion,
    timings: json.timings,
  };
  // The calibrated copy is written beside its place first and renamed into it only once the
  // results folder is written: a failure of either leaves neither.
  let staged: StagedFile | undefined;
  if (options.writeScenario !== undefined && calibratedText !== undefined) {
    try {
      staged = await stageFile(options.writeScenario, calibratedText, 'scenario');
    } catch (err) {
      throw scenarioWriteError(options.writeScenario, err);
    }
  }
  try {
    await writeOutputDir(
      options.out,
      { 'calibration.json': stableJson(json), 'posterior.csv': posteriorCsv(json), 'manifest.json': stableJson(manifest) },
      { force: options.force },
    );
  } catch (err) {
    await staged?.discard();
    throw err;
  }
  try {
    await staged?.commit();
  } catch (err) {
    await staged?.discard();
    throw writeError(options.writeScenario!, err, `the results are in ${options.out}/`);
  }
  io.out(report(json, options));
  return 0;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

function report(json: CalibrationJson, options: CalibrateOptions): string {
  const params = table([
    ['parameter', 'median', `${Math.round(100 * json.settings.level)}% CI`, 'prior', 'was'],
    ...json.parameters.map((p) => [
      p.name,
      fmt(p.fitted),
      interval(p),
      `${fmt(p.prior.lo)}–${fmt(p.prior.hi)}${p.prior.log ? ' (log)' : ''}`,
      fmt(p.scenarioValue),
    ]),
  ]);
  const targets = table([
    ['target', 'observed', `at the median (${count(json.settings.checkSeeds, 'run')})`, 'within'],
    ...json.targets.map((t) => [
      `${t.name}${t.fit ? '' : ' (check)'}`,
      `${fmt(t.value)} ± ${fmt(t.sd ?? t.tolerance ?? null)}${t.sd !== undefined ? ' sd' : ''}`,
      `${fmt(t.posteriorMedian.mean)} ± ${fmt(t.posteriorMedian.sd)}`,
      t.posteriorMedian.withinTolerance ? 'yes' : 'no',
    ]),
  ]);
  return [
    `${count(json.runs.fit, 'run')} for the fit + ${count(json.runs.check, 'check run')} in ${(json.timings.wallMs / 1000).toFixed(1)} s; stopped: ${json.stopReason}`,
    '',
    params,
    '',
    targets,
    '',
    `wrote ${options.out}/ calibration.json, posterior.csv, manifest.json`,
    ...(options.writeScenario !== undefined ? [`wrote ${options.writeScenario} (the scenario with the fitted values)`] : []),
    '',
  ].join('\n');
}
