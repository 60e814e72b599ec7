/**
 * `govbuy validate <file>`: check a scenario (and overrides) without running it; or an experiment:
 * its design and every design point applied to its scenario files, as `govbuy sweep` checks them
 * before its first run, and how many runs it holds (for planning shards on a cluster).
 */
import type { Argv } from 'yargs';
import { ExperimentGivenError } from '../../scenario/load.ts';
import { count, list, UsageError, wholeNumber, type Io } from '../context.ts';
import { loadScenario, resolvePlace, warnAboutTiming } from '../scenarioInput.ts';

export function builder(y: Argv): Argv {
  return y
    .positional('file', { type: 'string', describe: 'Scenario file (.yaml, .yml or .json) or a preset name from scenarios/, or an experiment file' })
    .option('years', { type: 'number', describe: 'Years to simulate (shorthand for --set years=N; scenarios only)' })
    .option('set', { type: 'string', array: true, requiresArg: true, describe: 'Override a parameter: path=value (repeatable; scenarios only)' })
    .example('$0 validate scenarios/chifeng-xitun.yaml', '')
    .example('$0 validate experiments/sensitivity.yaml', '');
}

export async function handler(args: Record<string, unknown>, io: Io): Promise<number> {
  const file = resolvePlace(String(args.file));
  const years = wholeNumber('years', args.years);
  const sets = list(args.set);
  let input;
  try {
    input = await loadScenario(file, sets, years);
  } catch (err) {
    if (!(err instanceof ExperimentGivenError)) throw err;
    if (sets.length > 0 || years !== undefined) throw new UsageError(`${file} is an experiment: --set and --years change a scenario; an experiment sets its own values (set:, factors:)`);
    return validateExperiment(file, io);
  }
  const { scenario } = input;
  warnAboutTiming(scenario, io);
  io.out(`ok: ${file} (${scenario.name}, ${count(scenario.years, 'year')})\n`);
  return 0;
}

async function validateExperiment(file: string, io: Io): Promise<number> {
  const [{ loadExperiment }, { expandDesign }, { preflightInterruptible }] = await Promise.all([
    import('../../experiments/sweep.ts'),
    import('../../experiments/design.ts'),
    import('../../experiments/runOne.ts'),
  ]);
  const loaded = await loadExperiment(file, (line) => io.err(`${line}\n`));
  const e = loaded.experiment;
  const design = expandDesign(e);
  await preflightInterruptible({ experiment: e, experimentFile: file, scenarios: loaded.scenarios }, design);
  const files = loaded.scenarios.length;
  const points = design.points.length;
  const perFile = files > 1 ? ` over ${files} scenario files` : '';
  io.out(
    `ok: ${file} (${e.name}: ${design.runs.toLocaleString('en-US')} ${design.runs === 1 ? 'run' : 'runs'}, ${points.toLocaleString('en-US')} design ${points === 1 ? 'point' : 'points'}${perFile} × ${e.replications} ${e.replications === 1 ? 'replication' : 'replications'}; every design point gives a valid scenario)\n`,
  );
  return 0;
}
