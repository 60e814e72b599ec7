/**
 * `govbuy merge`: join the folders of shards 1 … n of one sweep into the folder one machine
 * would have written: runs.csv and runs.parquet byte for byte, the series files, a journal in
 * run order and a manifest that lists the shards. The shards must come from the same
 * experiment and scenario files (same fingerprint), be complete, and cover 1 … n exactly once.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { readRegularFile, writeNewFile } from '../io/durable.ts';
import { faultPoint } from '../io/faults.ts';
import { checkOutputDir, commitStaging, createStaging, type FileContent } from '../io/files.ts';
import { stableJson } from '../io/formats.ts';
import { writeAdvice, writeError } from '../io/fsErrors.ts';
import { fileListOf, MAX_MANIFEST_BYTES, sha256Hex } from '../io/ownership.ts';
import { packageVersion } from '../io/version.ts';
import { runColumns, runRow } from './columns.ts';
import { expandDesign, runSpec, shardRunIndices } from './design.ts';
import { ExperimentError } from './errors.ts';
import { csvHeader, csvRows, parquetBytes, readJournal, readManifest, seedsOf, seriesProblem, type JournalState, type SweepManifest } from './results.ts';
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

/** A folder's identity (device and inode, symbolic links followed), or null when there is none. */
async function identity(dir: string): Promise<string | null> {
  try {
    const info = await stat(dir);
    return `${info.dev}:${info.ino}`;
  } catch {
    return null;
  }
}

export async function mergeShards(dirs: readonly string[], out: string, options: { force?: boolean } = {}): Promise<MergeOutcome> {
  if (dirs.length === 0) throw new ExperimentError('SWEEP_STATE', 'name the shard folders to merge, e.g. govbuy merge results/x-shard-*');
  // The same folder under two names (a symbolic link, ./a and a) is caught by its identity.
  const outId = await identity(out);
  const seen = new Map<string, string>();
  for (const d of dirs) {
    const id = await identity(d);
    if (resolve(d) === resolve(out) || (id !== null && id === outId))
      throw new ExperimentError('SWEEP_STATE', `--out ${out} is ${resolve(d) === resolve(out) ? 'one of the shard folders' : `the shard folder ${d} under another name`}; write the merged sweep somewhere else`);
    // Inside a shard, the merged folder would be a file the shard's sweep did not write: its
    // --resume and --force would then refuse the shard.
    if (resolve(out).startsWith(resolve(d) + sep))
      throw new ExperimentError('SWEEP_STATE', `--out ${out} is inside the shard folder ${d}; write the merged sweep somewhere else (beside the shards, e.g. the default)`);
    if (id !== null && seen.has(id)) throw new ExperimentError('SWEEP_STATE', `${d} and ${seen.get(id)} are the same folder; name each shard folder once`);
    if (id !== null) seen.set(id, d);
  }
  // 1. Read and check every shard before writing anything.
  const manifests: { dir: string; m: SweepManifest }[] = [];
  for (const dir of dirs) {
    const m = await readManifest(dir);
    if (!m) throw new ExperimentError('SWEEP_STATE', `${dir} is not a sweep folder (no govbuy-sweep manifest.json)`);
    manifests.push({ dir, m });
  }
  const first = manifests[0].m;
  for (const s of manifests) {
    if (s.m.fingerprint !== first.fingerprint)
      throw new ExperimentError('SWEEP_STATE', `${s.dir} and ${manifests[0].dir} come from different experiments or scenario files (their fingerprints differ); only shards of one sweep can be merged`);
    if (!s.m.shard) throw new ExperimentError('SWEEP_STATE', `${s.dir} holds a whole sweep, not a shard; there is nothing to merge it with`);
    if (s.m.shard.n !== first.shard?.n) throw new ExperimentError('SWEEP_STATE', `${s.dir} is shard ${s.m.shard.k}/${s.m.shard.n} but ${manifests[0].dir} is shard ${first.shard?.k}/${first.shard?.n}; all shards must split the design the same way`);
  }
  const n = first.shard!.n;
  const byK = new Map<number, string>();
  for (const s of manifests) {
    const other = byK.get(s.m.shard!.k);
    if (other) throw new ExperimentError('SWEEP_STATE', `${s.dir} and ${other} are both shard ${s.m.shard!.k}/${n}`);
    byK.set(s.m.shard!.k, s.dir);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !byK.has(k));
  if (missing.length > 0) throw new ExperimentError('SWEEP_STATE', `shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of ${n} ${missing.length === 1 ? 'is' : 'are'} missing; name every shard folder`);

  const e = first.experiment;
  const design = expandDesign(e);
  const shards: { dir: string; m: SweepManifest; journal: JournalState }[] = [];
  for (const { dir, m } of manifests) shards.push({ dir, m, journal: await readJournal(dir, m.fingerprint, seedsOf(e, design)) });
  const all: RunResult[] = new Array(design.runs);
  const resumeHint = (s: { dir: string; m: SweepManifest }) => `govbuy sweep ${s.m.experimentFile} --out ${s.dir} --shard ${s.m.shard!.k}/${n} --resume`;
  for (const s of shards) {
    const order = shardRunIndices(design.runs, s.m.shard);
    const absent = order.filter((i) => !s.journal.results.has(i));
    if (absent.length > 0)
      throw new ExperimentError(
        'SWEEP_STATE',
        `${s.dir} (shard ${s.m.shard!.k}/${n}) is not finished: ${absent.length} of ${order.length} runs missing${s.journal.damaged.length > 0 ? ` (its journal has ${s.journal.damaged.length} damaged ${s.journal.damaged.length === 1 ? 'line' : 'lines'})` : ''}; finish it with ${resumeHint(s)}`,
      );
    for (const i of order) all[i] = s.journal.results.get(i)!;
  }
  await checkOutputDir(out, { force: options.force === true });

  // 2. Write the merged folder beside its final place, then put it in place.
  const staging = await createStaging(out);
  try {
    const seriesHashes = new Map<number, string>();
    if (e.outputs.series) {
      await mkdir(join(staging, 'series'));
      for (const s of shards)
        for (const i of shardRunIndices(design.runs, s.m.shard)) {
          if (all[i].status !== 'ok') continue;
          const problem = await seriesProblem(s.dir, i, s.journal.seriesHashes.get(i));
          if (problem)
            throw new ExperimentError('SWEEP_STATE', `${s.dir}/series/${i}.csv is ${problem === 'missing' ? 'missing' : `damaged (${problem})`}, though run ${i} is recorded as done`, [
              `continue that shard with ${resumeHint(s)} — it checks every series file and runs the runs whose file is missing or damaged again — then merge`,
            ]);
          const bytes = await readRegularFile(join(s.dir, 'series', `${i}.csv`), { maxBytes: MAX_MANIFEST_BYTES, kind: 'series files' });
          seriesHashes.set(i, sha256Hex(bytes));
          faultPoint('merge.series', join(staging, 'series', `${i}.csv`));
          await writeNewFile(join(staging, 'series', `${i}.csv`), bytes);
        }
    }
    const columns = runColumns(e);
    const rows = all.map((r, i) => runRow(e, runSpec(e, design, i), r));
    const files: Record<string, FileContent> = {
      'runs.csv': csvHeader(columns) + csvRows(columns, rows),
      'runs.parquet': await parquetBytes(e, rows, `govbuy ${packageVersion()}`),
    };
    const journal = [JSON.stringify({ format: 'govbuy-sweep-journal', fingerprint: first.fingerprint })];
    for (const r of all) {
      const hash = seriesHashes.get(r.runIndex);
      journal.push(JSON.stringify({ run: r.runIndex, seed: r.seed, status: r.status, ...(r.error !== undefined ? { error: r.error } : {}), outcomes: r.outcomes, ...(hash ? { series: hash } : {}) }));
    }
    files['journal.ndjson'] = journal.join('\n') + '\n';
    const failed = all.filter((r) => r.status === 'failed').length;
    const ordered = [...shards].sort((a, b) => a.m.shard!.k - b.m.shard!.k);
    const manifest: SweepManifest = {
      ...first,
      status: 'complete',
      shard: null,
      mergedFrom: ordered.map((s) => ({ dir: s.dir, shard: s.m.shard, codeVersion: s.m.codeVersion })),
      runs: { design: design.runs, folder: design.runs, done: design.runs, ok: design.runs - failed, failed },
      files: fileListOf(files),
      workers: ordered.reduce((w, s) => w + s.m.workers, 0),
      timings: {
        startedAt: ordered.map((s) => s.m.timings.startedAt).sort()[0],
        finishedAt: ordered.map((s) => s.m.timings.finishedAt ?? '').sort().at(-1) || null,
        wallMs: Math.max(...ordered.map((s) => s.m.timings.wallMs)),
        sessions: ordered.flatMap((s) => s.m.timings.sessions),
      },
    };
    files['manifest.json'] = stableJson(manifest);
    for (const [name, content] of Object.entries(files)) {
      faultPoint('merge.write', join(staging, name));
      await writeNewFile(join(staging, name), content);
    }
    await commitStaging(out, staging, { force: options.force === true });
    const sources = new Set(shards.map((s) => s.m.sourceSha256));
    const warnings =
      sources.size > 1 ? ['the shards were run by different versions of the simulation code (their sourceSha256 differ); the merged table mixes them'] : [];
    return { out, warnings, runs: design.runs, ok: design.runs - failed, failed, shards: n };
  } catch (err) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw writeError(out, err, writeAdvice(err) ? 'run the command again (nothing was written)' : undefined);
  }
}
