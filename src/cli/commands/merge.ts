/** `govbuy merge <shard folders…>`: join the shards of one sweep into the folder one machine would have written. */
import type { Argv } from 'yargs';
import { defaultMergeDir, mergeShards } from '../../experiments/merge.ts';
import { count, pathOption, list, UsageError, type Io } from '../context.ts';

export function builder(y: Argv): Argv {
  return y
    .positional('shards', { type: 'string', array: true, describe: 'Shard folders, e.g. results/x-shard-*' })
    .option('out', { type: 'string', requiresArg: true, describe: 'Merged folder (default: the shard folders’ name without -shard-<k>)' })
    .option('force', { type: 'boolean', default: false, describe: 'Replace --out if it already holds results' })
    .example('$0 merge results/sensitivity-shard-*', '');
}

export async function handler(args: Record<string, unknown>, io: Io): Promise<number> {
  const dirs = list(args.shards);
  const out = pathOption('out', args.out) ?? defaultMergeDir(dirs);
  if (!out) throw new UsageError('the shard folders do not share a name ending in -shard-<k>; give the merged folder with --out');
  const r = await mergeShards(dirs, out, { force: args.force === true });
  for (const w of r.warnings) io.err(`warning: ${w}\n`);
  io.out(`merged ${count(r.shards, 'shard')}: ${count(r.runs, 'run')} (${r.ok} ok, ${r.failed} failed)\nwrote ${r.out}/ runs.csv, runs.parquet, manifest.json, journal.ndjson\n`);
  if (r.failed > 0) io.err(`${count(r.failed, 'run')} failed; rerun them with govbuy sweep <experiment> --out ${r.out} --retry-failed\n`);
  return 0;
}
