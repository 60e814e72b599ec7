/**
 * `govbuy classroom serve <scenario>`: a live classroom session on this machine. Groups join
 * from their phones or laptops with a short code, compose policy packages, and see on a shared
 * board what each package does (simulated over several seeds on worker threads) against the
 * status quo and the other groups; the teacher runs the rounds from a page of their own.
 * Everything is kept in --data, so a restart continues the session (src/classroom/).
 *
 * Light at load: the server and the simulation are imported when the command runs.
 */
import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import type { Argv } from 'yargs';
import { readTextFile } from '../../io/files.ts';
import { list, pathOption, single, UsageError, wholeNumber, type Io } from '../context.ts';
import { capWorkersOption } from '../manyRuns.ts';
import { resolvePlace } from '../scenarioInput.ts';
import { readLang } from './report.ts';
import { importPackage } from '../../io/importPackage.ts';

export const command = 'serve <scenario>';
export const describe = 'Run a live classroom session: groups propose policy packages, the simulation judges, the board compares';

/** Not 8080, which `govbuy web` uses: a teacher may run both. */
export const DEFAULT_PORT = 8090;
export const DEFAULT_HOST = '127.0.0.1';

export function builder(y: Argv): Argv {
  return y
    .positional('scenario', { type: 'string', describe: 'Scenario file of the place (.yaml, .yml or .json), or a preset name from scenarios/ (e.g. guangzhou)' })
    .option('port', { type: 'number', describe: `Port to listen on (default ${DEFAULT_PORT}, or the session's own when continuing one; 0: any free port)` })
    .option('host', { type: 'string', describe: `Address to listen on (default ${DEFAULT_HOST}: this machine only; 0.0.0.0: the whole room's network)` })
    .option('data', { type: 'string', describe: 'Folder that keeps the session (created if missing; default results/classroom-<scenario name>); give it again to continue' })
    .option('lang', { type: 'string', describe: 'Language the pages open in: en or zh (each page can switch)' })
    .option('warmup', { type: 'number', describe: 'Years simulated under the status quo before the first round (new sessions only; default 0)' })
    .option('set', { type: 'string', array: true, requiresArg: true, describe: 'Override a parameter of the place before any package: path=value (repeatable)' })
    .option('workers', { type: 'number', describe: 'Worker threads for the runs (default: the cores less one, at least 1)' })
    .example('$0 classroom serve scenarios/chifeng-xitun.yaml --host 0.0.0.0 --data results/class-monday', '');
}

/** Resolves on the first Ctrl-C or SIGTERM; a second one ends the process at once. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    let stopping = false;
    const on = (signal: string) => {
      if (stopping) process.exit(130);
      stopping = true;
      resolve(signal);
    };
    process.once('SIGINT', () => on('SIGINT'));
    process.once('SIGTERM', () => on('SIGTERM'));
  });
}

export async function handler(args: Record<string, unknown>, io: Io): Promise<number> {
  const file = resolvePlace(String(args.scenario));
  const port = wholeNumber('port', args.port, 65535);
  const host = single('host', args.host);
  const lang = args.lang === undefined ? undefined : readLang(args.lang);
  const warmupYears = wholeNumber('warmup', args.warmup, 200);
  const workers = wholeNumber('workers', args.workers, undefined, { min: 1 });
  const sets = list(args.set);
  const dataDir = pathOption('data', args.data) ?? join('results', `classroom-${basename(file, extname(file)) || 'scenario'}`);
  const text = await readTextFile(file);
  const threads = capWorkersOption(workers, io) ?? Math.max(1, availableParallelism() - 1);

  const [{ SessionController }, { serve }, { sourceHash }, { forgetNewSession, SESSION_FILE }, { default: QRCode }] = await Promise.all([
    import('../../classroom/controller.ts'),
    import('../../classroom/server.ts'),
    import('../../io/version.ts'),
    import('../../classroom/store.ts'),
    importPackage<{ default: typeof import('qrcode') }>('qrcode'),
  ]);
  // A session that cannot start (its port taken, say) leaves --data as it was: see forgetNewSession.
  let folderBefore: string[] | null = null;
  let madeForIt = false; // only a folder that did not exist is removed whole
  try {
    folderBefore = await readdir(dataDir);
  } catch (err) {
    madeForIt = (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
  const isNew = !folderBefore?.includes(SESSION_FILE);
  const controller = await SessionController.open({
    scenarioFile: file,
    scenarioText: text,
    sets,
    dataDir,
    sourceHash: sourceHash(),
    threads,
    lang,
    warmupYears,
    host,
    port,
    defaults: { host: DEFAULT_HOST, port: DEFAULT_PORT },
    log: (line) => io.err(`${line}\n`),
  });
  let running;
  try {
    running = await serve(controller, controller.session.host, controller.session.port);
  } catch (err) {
    await controller.close();
    if (isNew) await forgetNewSession(dataDir, madeForIt);
    const code = (err as NodeJS.ErrnoException).code;
    const where = `${controller.session.host}:${controller.session.port}`;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${controller.session.port} is in use on ${controller.session.host} (another session?); choose another with --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot listen on ${where}: this machine has no such address; use --host 127.0.0.1 or --host 0.0.0.0`);
    if (code === 'EACCES') throw new UsageError(`cannot listen on ${where}: ports below 1024 need special rights; choose another with --port`);
    throw err;
  }
  const s = controller.session;
  const open = s.host === '0.0.0.0' || s.host === '::';
  io.out(
    [
      `govbuy classroom: ${s.scenario.name} — ${s.settings.mode} mode, session kept in ${dataDir}${s.rounds.length > 0 ? ` (continued at round ${s.rounds.length})` : ''}`,
      "Teacher's page (keep this link to yourself):",
      running.urls.teacher,
      'Participants join at (or scan the code):',
      running.urls.join,
      await QRCode.toString(running.urls.join, { type: 'terminal', small: true }),
      open ? 'Open to the room: participants on this network can reach it.' : `Listening on ${s.host} only: other machines cannot reach it; start with --host 0.0.0.0 to open it to the room.`,
      'Stop with Ctrl-C; start again with the same --data to continue where the class left off.',
      '',
    ].join('\n'),
  );
  const signal = await stopSignal();
  io.err(`${signal}: stopping the session (it is saved in ${dataDir})\n`);
  await running.close();
  return 0;
}
