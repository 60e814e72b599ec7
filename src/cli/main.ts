/**
 * The govbuy command line. `main` parses the arguments, runs one command and returns the exit
 * code: 0 ok, 1 internal error (a bug), 2 bad input or a refused output (nothing written). Only
 * bin/govbuy.js turns that into the process's exit.
 *
 * yargs only parses and validates here (and renders help); the chosen command runs after
 * parsing, outside yargs, so every error takes the same path to a message and an exit code.
 */
import yargs, { type Argv } from 'yargs';
import { GovbuyError } from '../engine/errors.ts';
import { packageVersion } from '../io/version.ts';
import { lineOf, numberOptions, POSITIONALS, processIo, refuseFlagValues, requireValues, typedNumbers, UsageError, type Io } from './context.ts';

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_INPUT = 2;

/** What a command's module exports: its options and what it does. */
export interface CommandModule {
  builder(y: Argv, choose: Choose): Argv;
  handler(args: Record<string, unknown>, io: Io): Promise<number>;
}

/** How a command's builder adds a subcommand (`govbuy classroom serve`): the subcommand's handler in, yargs' handler out. */
export type Choose = (handler: CommandModule['handler']) => (parsed: unknown) => void;

/**
 * Every command: its usage (yargs' command string), one line for `govbuy --help`, and its module,
 * imported only when the command is chosen, so a command loads only what it needs (vega and the
 * fonts only for commands that draw, piscina only for those that use worker threads): see
 * docs/performance.md, "Start-up".
 */
export interface CommandEntry {
  command: string;
  describe: string;
  load(): Promise<CommandModule>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { command: 'run [scenario]', describe: 'Simulate a scenario and write manifest.json, series.csv and summary.json', load: () => import('./commands/run.ts') },
  { command: 'validate <file>', describe: 'Check a scenario file (and overrides), or an experiment file, without running it', load: () => import('./commands/validate.ts') },
  { command: 'schema', describe: 'Print the JSON Schema of scenario files (for editors and validators)', load: () => import('./commands/schema.ts') },
  { command: 'compare <places..>', describe: 'Run places and policy variants over the same seeds; tabulate outcomes with 95% CIs and differences', load: () => import('./commands/compare.ts') },
  { command: 'report <folder>', describe: 'Write report.html, report.md and charts/ into a results folder (a run, sweep, comparison or calibration)', load: () => import('./commands/report.ts') },
  { command: 'classroom <scenario>', describe: 'Write a discussion pack (briefing, role briefs, options, debrief) for a scenario', load: () => import('./commands/classroom.ts') },
  { command: 'sweep <experiment>', describe: 'Run an experiment (a design of scenario variations × seeds) on worker threads, resumably', load: () => import('./commands/sweep.ts') },
  { command: 'merge <shards..>', describe: 'Join the shard folders of one sweep (--shard k/n) into one results folder', load: () => import('./commands/merge.ts') },
  { command: 'analyze <folder>', describe: 'Analyse a finished sweep: per-point means with 95% CIs, effects, Morris/Sobol indices → <folder>/analysis/', load: () => import('./commands/analyze.ts') },
  { command: 'discover <folder>', describe: 'Scenario discovery: PRIM (and a CART tree) finds the conditions under which an outcome passes a threshold → <folder>/discovery/', load: () => import('./commands/discover.ts') },
  { command: 'experiment-schema', describe: 'Print the JSON Schema of experiment files (for editors and validators)', load: () => import('./commands/experimentSchema.ts') },
  { command: 'calibrate [scenario]', describe: 'Fit the free parameters (assumptions) of a scenario to target figures by approximate Bayesian computation', load: () => import('./commands/calibrate.ts') },
  { command: 'web', describe: 'The sandbox in the browser: serve it here, or write it as a static site with --out', load: () => import('./commands/web.ts') },
];
const nameOf = (c: CommandEntry) => c.command.split(' ')[0];
const COMMAND_NAMES = COMMANDS.map(nameOf);

function helpHint(argv: readonly string[]): string {
  const name = argv.find((a) => !a.startsWith('-'));
  return name !== undefined && COMMAND_NAMES.includes(name) ? `run "govbuy ${name} --help" for usage` : 'run "govbuy --help" for usage';
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const args = [...argv];
  let chosen: { handler: CommandModule['handler']; args: Record<string, unknown> } | undefined;
  // The command named on the line (the first word: govbuy has no top-level option that takes a
  // value). Only its module is imported; the others are registered by name and description.
  const named = COMMANDS.find((c) => nameOf(c) === args.find((a) => !a.startsWith('-')));
  let output = '';
  // Kept outside the try: an unknown option is reported against the options the command knows.
  let parser: Argv | undefined;
  try {
    parser = yargs(args)
      .scriptName('govbuy')
      .usage('$0 <command> [options]\n\nAgent-based simulation of government purchase of public services (政府购买公共服务).')
      .detectLocale(false)
      .strict()
      .recommendCommands()
      .demandCommand(1, `choose a command: ${COMMAND_NAMES.join(', ')}`)
      .parserConfiguration({ 'greedy-arrays': false, 'parse-numbers': false, 'parse-positional-numbers': false })
      .help()
      .alias('h', 'help')
      .version(packageVersion())
      .wrap(Math.min(100, process.stdout.columns ?? 100))
      .epilogue('Exit codes: 0 ok, 1 internal error, 2 bad input or refused output (nothing written); sweep, compare, classroom and calibrate also 3 (a run failed) and 130 (interrupted).')
      .exitProcess(false)
      .fail((msg: string | null, err: Error | null) => {
        if (err && !(err instanceof Error && err.name === 'YError')) throw err;
        throw new UsageError(msg ?? err?.message ?? 'invalid arguments');
      });
    skipHelpCache(parser);
    // zod's settings first: some of a command's modules parse as they set up (src/cli/zodSetup.ts).
    if (named) await import('./zodSetup.ts');
    const module = named ? await named.load() : undefined;
    // Number options reach the handler as typed (typedNumbers): the yargs instance holds the chosen (sub)command's options when its handler runs.
    const choose: Choose = (handler) => (parsed) => {
      refuseDash(args);
      refuseFlagValues(args, parser);
      refuseEmptyPositionals(parsed as Record<string, unknown>, parser);
      chosen = { handler, args: typedNumbers(parsed as Record<string, unknown>, args, numberOptions(parser)) };
    };
    for (const entry of COMMANDS) {
      if (entry === named && module) parser = parser.command(entry.command, entry.describe, (y) => requireValues(module.builder(y, choose)), choose(module.handler));
      // Listed in --help and known to `recommendCommands`, never chosen (it is not on the line).
      else parser = parser.command(entry.command, entry.describe);
    }
    await parser.parseAsync(args, {}, (_err: Error | undefined, _argv: unknown, text: string | undefined) => {
      output = text ?? '';
    });
    if (!chosen) {
      // --help or --version: yargs rendered the text instead of choosing a command.
      if (output) io.out(output.endsWith('\n') ? output : `${output}\n`);
      return EXIT_OK;
    }
    return await chosen.handler(chosen.args, io);
  } catch (err) {
    return await report(err, args, io, parser);
  }
}

/**
 * yargs names an unknown option without its dashes ("yeras"): say it as typed ("--yeras"), with
 * the command's closest option when one is a likely typo ("did you mean --years?").
 */
async function unknownArguments(names: readonly string[], argv: readonly string[], parser: Argv | undefined): Promise<string> {
  const { closest } = await import('../scenario/issues.ts');
  // The options as written on a command line: kebab-case, not yargs' camelCase twins or one-letter aliases.
  const declared = (parser as { getOptions?: () => { key?: Record<string, unknown> } } | undefined)?.getOptions?.().key ?? {};
  const known = Object.keys(declared).filter((k) => k.length > 1 && k !== '$0' && !/[A-Z]/.test(k));
  return names
    .map((name) => {
      const typed = argv.find((a) => a.startsWith('-') && a.replace(/^-+/, '').split('=')[0] === name);
      if (typed === undefined) return name;
      const guess = closest(name, known);
      return `${typed.split('=')[0]}${guess ? ` (did you mean --${guess}?)` : ''}`;
    })
    .join(', ');
}

/**
 * "-" for standard input or output, which govbuy never reads or writes: it takes files by name.
 * Caught from the words typed, since yargs turns a lone "-" into "" (or drops it from a list of
 * places), which then read as "cannot read : no such file".
 */
function refuseDash(argv: readonly string[]): void {
  if (lineOf(argv).includes('-')) throw new UsageError('"-" (standard input or output) is not supported: govbuy reads and writes files by name; give a path instead');
}

/** What each command's positional names, for the message on an empty one. */
const POSITIONAL_NAMES: Record<string, string> = {
  scenario: 'the path of a scenario file',
  file: 'the path of a scenario or experiment file',
  places: 'a place name (e.g. chifeng-xitun) or the path of a scenario file',
  experiment: 'the path of an experiment file',
  folder: 'the path of a results folder',
  shards: 'the path of a shard folder',
};

/** A positional given as "" (`govbuy validate ''`): say that a name is needed, not "cannot read : no such file". */
function refuseEmptyPositionals(parsed: Record<string, unknown>, parser: unknown): void {
  const groups = (parser as { getGroups?: () => Record<string, string[] | undefined> }).getGroups?.() ?? {};
  for (const key of groups[POSITIONALS] ?? []) {
    const values = ([] as unknown[]).concat(parsed[key] ?? []);
    if (!values.some((v) => String(v).trim() === '')) continue;
    throw new UsageError(`<${key}> is an empty name: give ${POSITIONAL_NAMES[key] ?? 'the path of a file'}`);
  }
}

/**
 * yargs renders the chosen command's whole help text as it runs the command, in case the program
 * asks for it afterwards (showHelp, getHelp); govbuy never does. Rendering it measures every line
 * with string-width, whose Unicode tables take about 25 ms to set up: a tenth of a quick command's
 * start-up (docs/performance.md, "Start-up"). `--help` itself is rendered as before. Reached
 * through yargs' internal methods: if a later yargs lacks them, the help is cached as before.
 */
function skipHelpCache(parser: unknown): void {
  type Usage = { cacheHelpMessage?: () => void };
  const usage = (parser as { getInternalMethods?: () => { getUsageInstance?: () => Usage } }).getInternalMethods?.().getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

async function report(err: unknown, argv: readonly string[], io: Io, parser: Argv | undefined): Promise<number> {
  if (err instanceof UsageError) {
    const named = argv.find((a) => !a.startsWith('-'));
    const module = COMMANDS.find((c) => nameOf(c) === named);
    let message = err.message;
    if (/^Did you mean/.test(message)) message = `unknown command "${named}". ${message}`;
    else if (module && /^Not enough non-option arguments/.test(message)) message = `missing an argument: govbuy ${module.command}`;
    else if (/^Not enough arguments following: /.test(message)) {
      const option = message.replace(/^Not enough arguments following: /, '');
      message = `--${option} needs a value: give it after the option (--${option} VALUE, or --${option}=VALUE)`;
    } else if (/^Unknown arguments?: /.test(message)) message = `unknown option or argument: ${await unknownArguments(message.replace(/^Unknown arguments?: /, '').split(', '), argv, parser)}`;
    io.err(`error: ${message}\n${helpHint(argv)}\n`);
    return EXIT_INPUT;
  }
  if (err instanceof GovbuyError) {
    io.err(`error: ${err.describe()}\n`);
    return EXIT_INPUT;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.err(`internal error: ${message}\nplease report this with the command you ran\n`);
  if (process.env.GOVBUY_DEBUG === '1' && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
  return EXIT_INTERNAL;
}
