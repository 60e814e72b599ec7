/**
 * `govbuy merge`: join the folders of shards 1 … n of one sweep into the folder one machine
 * would have written: runs.csv and runs.parquet byte for byte, the series files, a journal in
 * run order and a manifest that lists the shards. The shards must come from the same
 * experiment and scenario files (same fingerprint), be complete, and cover 1 … n exactly once.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { stableJson } from '../io/formats.ts';
import { checkOutputDir } from '../io/files.ts';
import { packageVersion } from '../io/version.ts';
import { runColumns, runRow } from './columns.ts';
import { expandDesign, runSpec, shardRunIndices } from './design.ts';
import { ExperimentError } from './errors.ts';
import { csvHeader, csvRows, parquetBytes, readJournal, readManifest, type SweepManifest } from './results.ts';
import type { RunResult } from './runOne.ts';

export interface MergeOutcome {
  out: string;
  /** Things the user should know (shards run by different code). */
  warnings: string[];
  runs: number;
  ok: number;
  failed: number;
  shards: number;
}

/** results/x-shard-1 … results/x-shard-n → results/x; null when the names do not follow that pattern. */
export function defaultMergeDir(dirs: readonly string[]): string | null {
  const bases = new Set(dirs.map((d) => d.replace(/[\\/]+$/, '').replace(/-shard-\d+$/, '')));
  const [only] = bases;
  return bases.size === 1 && !dirs.includes(only) ? only : null;
}

export async function mergeShards(dirs: readonly string[], out: string, options: { force?: boolean } = {}): Promise<MergeOutcome> {
  if (dirs.length === 0) throw new ExperimentError('SWEEP_STATE', 'name the shard folders to merge, e.g. govbuy merge results/x-shard-*');
  if (dirs.some((d) => resolve(d) === resolve(out))) throw new ExperimentError('SWEEP_STATE', `--out ${out} is one of the shard folders; write the merged sweep somewhere else`);
  // 1. Read and check every shard before writing anything.
  const shards: { dir: string; m: SweepManifest; results: Map<number, RunResult> }[] = [];
  for (const dir of dirs) {
    const m = await readManifest(dir);
    if (!m) throw new ExperimentError('SWEEP_STATE', `${dir} is not a sweep folder (no govbuy-sweep manifest.json)`);
    const { results } = await readJournal(dir, m.fingerprint);
    shards.push({ dir, m, results });
  }
  const first = shards[0].m;
  for (const s of shards) {
    if (s.m.fingerprint !== first.fingerprint)
      throw new ExperimentError('SWEEP_STATE', `${s.dir} and ${shards[0].dir} come from different experiments or scenario files (their fingerprints differ); only shards of one sweep can be merged`);
    if (!s.m.shard) throw new ExperimentError('SWEEP_STATE', `${s.dir} holds a whole sweep, not a shard; there is nothing to merge it with`);
    if (s.m.shard.n !== first.shard?.n) throw new ExperimentError('SWEEP_STATE', `${s.dir} is shard ${s.m.shard.k}/${s.m.shard.n} but ${shards[0].dir} is shard ${first.shard?.k}/${first.shard?.n}; all shards must split the design the same way`);
  }
  const n = first.shard!.n;
  const byK = new Map<number, string>();
  for (const s of shards) {
    const other = byK.get(s.m.shard!.k);
    if (other) throw new ExperimentError('SWEEP_STATE', `${s.dir} and ${other} are both shard ${s.m.shard!.k}/${n}`);
    byK.set(s.m.shard!.k, s.dir);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !byK.has(k));
  if (missing.length > 0) throw new ExperimentError('SWEEP_STATE', `shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of ${n} ${missing.length === 1 ? 'is' : 'are'} missing; name every shard folder`);

  const e = first.experiment;
  const design = expandDesign(e);
  const all: RunResult[] = new Array(design.runs);
  for (const s of shards) {
    const order = shardRunIndices(design.runs, s.m.shard);
    const absent = order.filter((i) => !s.results.has(i));
    if (absent.length > 0)
      throw new ExperimentError('SWEEP_STATE', `${s.dir} (shard ${s.m.shard!.k}/${n}) is not finished: ${absent.length} of ${order.length} runs missing; finish it with govbuy sweep ${s.m.experimentFile} --out ${s.dir} --shard ${s.m.shard!.k}/${n} --resume`);
    for (const i of order) all[i] = s.results.get(i)!;
  }

  // 2. Write the merged folder beside its final place, then rename it into place.
  const existing = await checkOutputDir(out, { force: options.force === true });
  const target = resolve(out);
  await mkdir(dirname(target), { recursive: true });
  const staging = join(dirname(target), `.govbuy-staging-${randomBytes(8).toString('hex')}`);
  try {
    await mkdir(staging);
    const columns = runColumns(e);
    const rows = all.map((r, i) => runRow(e, runSpec(e, design, i), r));
    await writeFile(join(staging, 'runs.csv'), csvHeader(columns) + csvRows(columns, rows));
    await writeFile(join(staging, 'runs.parquet'), parquetBytes(e, rows, `govbuy ${packageVersion()}`));
    const journal = [JSON.stringify({ format: 'govbuy-sweep-journal', fingerprint: first.fingerprint })];
    for (const r of all) journal.push(JSON.stringify({ run: r.runIndex, seed: r.seed, status: r.status, ...(r.error !== undefined ? { error: r.error } : {}), outcomes: r.outcomes }));
    await writeFile(join(staging, 'journal.ndjson'), journal.join('\n') + '\n');
    if (e.outputs.series) {
      await mkdir(join(staging, 'series'));
      for (const s of shards)
        for (const i of shardRunIndices(design.runs, s.m.shard)) if (all[i].status === 'ok') await copyFile(join(s.dir, 'series', `${i}.csv`), join(staging, 'series', `${i}.csv`));
    }
    const failed = all.filter((r) => r.status === 'failed').length;
    const ordered = [...shards].sort((a, b) => a.m.shard!.k - b.m.shard!.k);
    const manifest: SweepManifest = {
      ...first,
      status: 'complete',
      shard: null,
      mergedFrom: ordered.map((s) => ({ dir: s.dir, shard: s.m.shard, codeVersion: s.m.codeVersion })),
      runs: { design: design.runs, folder: design.runs, done: design.runs, ok: design.runs - failed, failed },
      workers: ordered.reduce((w, s) => w + s.m.workers, 0),
      timings: {
        startedAt: ordered.map((s) => s.m.timings.startedAt).sort()[0],
        finishedAt: ordered.map((s) => s.m.timings.finishedAt ?? '').sort().at(-1) || null,
        wallMs: Math.max(...ordered.map((s) => s.m.timings.wallMs)),
        sessions: ordered.flatMap((s) => s.m.timings.sessions),
      },
    };
    await writeFile(join(staging, 'manifest.json'), stableJson(manifest));
    if (existing === 'results' || existing === 'empty') await rm(target, { recursive: true, force: true });
    await rename(staging, target);
    const sources = new Set(shards.map((s) => s.m.sourceSha256));
    const warnings =
      sources.size > 1 ? ['the shards were run by different versions of the simulation code (their sourceSha256 differ); the merged table mixes them'] : [];
    return { out, warnings, runs: design.runs, ok: design.runs - failed, failed, shards: n };
  } catch (err) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
}
