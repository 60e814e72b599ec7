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
import * as classroomCommand from './commands/classroom.ts';
import * as compareCommand from './commands/compare.ts';
import * as discoverCommand from './commands/discover.ts';
import * as reportCommand from './commands/report.ts';
import * as runCommand from './commands/run.ts';
import * as schemaCommand from './commands/schema.ts';
import * as validateCommand from './commands/validate.ts';
import * as analyzeCommand from './commands/analyze.ts';
import * as calibrateCommand from './commands/calibrate.ts';
import * as experimentSchemaCommand from './commands/experimentSchema.ts';
import * as mergeCommand from './commands/merge.ts';
import * as sweepCommand from './commands/sweep.ts';
import * as webCommand from './commands/web.ts';
import { numberOptions, processIo, typedNumbers, UsageError, type Io } from './context.ts';

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_INPUT = 2;

interface CommandModule {
  command: string;
  describe: string;
  builder(y: Argv, choose: Choose): Argv;
  handler(args: Record<string, unknown>, io: Io): Promise<number>;
}

/** How a command's builder adds a subcommand (`govbuy classroom serve`): the subcommand's handler in, yargs' handler out. */
export type Choose = (handler: CommandModule['handler']) => (parsed: unknown) => void;

const COMMANDS: readonly CommandModule[] = [runCommand, validateCommand, schemaCommand, compareCommand, reportCommand, classroomCommand, sweepCommand, mergeCommand, analyzeCommand, discoverCommand, experimentSchemaCommand, calibrateCommand, webCommand];
const COMMAND_NAMES = COMMANDS.map((c) => c.command.split(' ')[0]);

function helpHint(argv: readonly string[]): string {
  const name = argv.find((a) => !a.startsWith('-'));
  return name !== undefined && COMMAND_NAMES.includes(name) ? `run "govbuy ${name} --help" for usage` : 'run "govbuy --help" for usage';
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const args = [...argv];
  let chosen: { module: CommandModule; args: Record<string, unknown> } | undefined;
  let output = '';
  try {
    let parser = yargs(args)
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
      .epilogue('Exit codes: 0 ok, 1 internal error, 2 bad input or refused output (nothing written); sweep also 3 (some runs failed) and 130 (interrupted).')
      .exitProcess(false)
      .fail((msg: string | null, err: Error | null) => {
        if (err && !(err instanceof Error && err.name === 'YError')) throw err;
        throw new UsageError(msg ?? err?.message ?? 'invalid arguments');
      });
    for (const module of COMMANDS) {
      // Number options reach the handler as typed (typedNumbers): the yargs instance holds the chosen (sub)command's options when its handler runs.
      const choose: Choose = (handler) => (parsed) => {
        chosen = { module: { ...module, handler }, args: typedNumbers(parsed as Record<string, unknown>, args, numberOptions(parser)) };
      };
      parser = parser.command(module.command, module.describe, (y) => module.builder(y, choose), choose(module.handler));
    }
    await parser.parseAsync(args, {}, (_err: Error | undefined, _argv: unknown, text: string | undefined) => {
      output = text ?? '';
    });
    if (!chosen) {
      // --help or --version: yargs rendered the text instead of choosing a command.
      if (output) io.out(output.endsWith('\n') ? output : `${output}\n`);
      return EXIT_OK;
    }
    return await chosen.module.handler(chosen.args, io);
  } catch (err) {
    return report(err, args, io);
  }
}

function report(err: unknown, argv: readonly string[], io: Io): number {
  if (err instanceof UsageError) {
    const named = argv.find((a) => !a.startsWith('-'));
    const module = COMMANDS.find((c) => c.command.split(' ')[0] === named);
    let message = err.message;
    if (/^Did you mean/.test(message)) message = `unknown command "${named}". ${message}`;
    else if (module && /^Not enough non-option arguments/.test(message)) message = `missing an argument: govbuy ${module.command}`;
    else if (/^Unknown arguments?: /.test(message)) message = message.replace(/^Unknown arguments?: /, 'unknown option or argument: ');
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
