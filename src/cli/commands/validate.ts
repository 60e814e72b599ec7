/** `govbuy validate <scenario>`: check a scenario (and overrides) without running it. */
import type { Argv } from 'yargs';
import { list, wholeNumber, type Io } from '../context.ts';
import { loadScenario, warnAboutTiming } from '../scenarioInput.ts';

export const command = 'validate <scenario>';
export const describe = 'Check a scenario file (and overrides) without running it';

export function builder(y: Argv): Argv {
  return y
    .positional('scenario', { type: 'string', describe: 'Scenario file (.yaml, .yml or .json)' })
    .option('years', { type: 'number', describe: 'Years to simulate (shorthand for --set years=N)' })
    .option('set', { type: 'string', array: true, requiresArg: true, describe: 'Override a parameter: path=value (repeatable)' })
    .example('$0 validate scenarios/chifeng-xitun.yaml', '');
}

export async function handler(args: Record<string, unknown>, io: Io): Promise<number> {
  const file = String(args.scenario);
  const years = wholeNumber('years', args.years);
  const { scenario } = await loadScenario(file, list(args.set), years);
  warnAboutTiming(scenario, io);
  io.out(`ok: ${file} (${scenario.name}, ${scenario.years} ${scenario.years === 1 ? 'year' : 'years'})\n`);
  return 0;
}
