/** Helpers for sweep tests: tiny experiment files in a temporary folder, and reading results. */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/scenario.ts';

export const XITUN_ABS = join(ROOT, 'scenarios', 'chifeng-xitun.yaml');

/**
 * A copy of the Xitun scenario in `dir`, so that a sweep and its resume read the same file even
 * while someone edits scenarios/ (a changed scenario makes --resume refuse, as it should).
 */
export function snapshotXitun(dir: string): string {
  const path = join(dir, 'xitun.yaml');
  copyFileSync(XITUN_ABS, path);
  return path;
}

/** A small grid on `scenario`: 2 × 2 points × 2 replications = 8 runs of 2 years on 3,000 residents. */
export const tinyExperiment = (scenario: string) => `
name: tiny
scenario: ${JSON.stringify(scenario)}
set:
  years: 2
  region.population: 3000
factors:
  - path: policies.payments.advanceShare
    name: advance
    values: [0, 0.5]
  - path: policies.payments.delayMonths
    values: [0, 6]
replications: 2
seed: 7
`;

export const TINY = tinyExperiment(XITUN_ABS);

/** Write an experiment file into `dir` and return its path. */
export function writeExperiment(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export function read(dir: string, name: string): string {
  return readFileSync(join(dir, name), 'utf8');
}

export function readBytes(dir: string, name: string): Buffer {
  return readFileSync(join(dir, name));
}

/** The journal's complete run lines (header and a torn last line left out). */
export function journalRuns(dir: string): { run: number; status: string; error?: string; outcomes: Record<string, number | null> | null }[] {
  return read(dir, 'journal.ndjson')
    .split('\n')
    .slice(1, -1)
    .map((l) => JSON.parse(l));
}
