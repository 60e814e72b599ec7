/**
 * Sweep folders written directly, without running the model: a manifest and a journal whose
 * outcomes a test chooses from each run's design point. For testing what reads finished sweeps
 * (analyze, discover) quickly and on data whose answer is known.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cell } from '../../src/experiments/columns.ts';
import { factorCells } from '../../src/experiments/columns.ts';
import { expandDesign, runSpec } from '../../src/experiments/design.ts';
import { parseExperimentText, type ResolvedExperiment } from '../../src/experiments/file.ts';
import { SWEEP_FORMAT, SWEEP_FORMAT_VERSION } from '../../src/experiments/results.ts';

export type OutcomeOf = (cells: Record<string, Cell>, run: { runIndex: number; seed: number; replicate: number }) => Record<string, number | null> | 'failed';

/** Write `dir` as a finished sweep of `experimentText` whose runs report `outcomeOf(cells)` (other outcomes 0). */
export function writeSyntheticSweep(dir: string, experimentText: string, outcomeOf: OutcomeOf, file = 'synthetic.yaml'): ResolvedExperiment {
  const e = parseExperimentText(experimentText, file);
  const design = expandDesign(e);
  const fingerprint = 'synthetic';
  const lines = [JSON.stringify({ format: 'govbuy-sweep-journal', fingerprint })];
  let failed = 0;
  for (let i = 0; i < design.runs; i++) {
    const spec = runSpec(e, design, i);
    const chosen = outcomeOf(factorCells(e, spec.scenario, spec.factors), { runIndex: i, seed: spec.seed, replicate: spec.replicate });
    if (chosen === 'failed') {
      failed++;
      lines.push(JSON.stringify({ run: i, seed: spec.seed, status: 'failed', error: 'synthetic failure', outcomes: null }));
      continue;
    }
    const outcomes = Object.fromEntries(e.outputs.metrics.map((m) => [m, 0 as number | null]));
    Object.assign(outcomes, chosen);
    lines.push(JSON.stringify({ run: i, seed: spec.seed, status: 'ok', outcomes }));
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'journal.ndjson'), `${lines.join('\n')}\n`);
  const manifest = {
    format: SWEEP_FORMAT,
    formatVersion: SWEEP_FORMAT_VERSION,
    status: 'complete',
    experimentFile: file,
    experimentSha256: 'synthetic',
    fingerprint,
    experiment: e,
    scenarios: e.scenarios.map((s) => ({ file: s.file, path: s.file, sha256: 'synthetic' })),
    shard: null,
    columns: [],
    runs: { design: design.runs, folder: design.runs, done: design.runs, ok: design.runs - failed, failed },
    codeVersion: { package: 'test', git: 'none', dirty: false },
    sourceSha256: 'synthetic',
    workers: 0,
    timings: { startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', wallMs: 1000, sessions: [] },
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return e;
}
