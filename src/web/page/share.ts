/**
 * Taking the page's numbers elsewhere: the variant as a scenario file (the place's own text,
 * comments kept, with each changed value written in and marked), the runs as CSV (exactly the
 * runs.csv `govbuy compare` writes for the same arms and seeds), and the commands that repeat
 * them. Pure.
 */
import { isScalar, parseDocument } from 'yaml';
import { COMPARE_OUTCOMES } from '../../experiments/compare.ts';
import { isLever } from '../../experiments/policies.ts';
import { toCsv } from '../../io/formats.ts';
import { shellQuote } from '../../report/runReport.ts';
import { splitPath } from '../../scenario/paths.ts';
import { setText } from './link.ts';
import type { Arm, RunOutput } from './protocol.ts';

/** The name `govbuy compare` gives an arm: the file's stem, and `:<policy>` for the variant. */
export const POLICY_NAME = 'variant';

export function stemOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.(ya?ml|json)$/i, '') || 'scenario';
}

export function armNames(file: string): Record<Arm, string> {
  const stem = stemOf(file);
  return { baseline: stem, variant: `${stem}:${POLICY_NAME}` };
}

export interface Reproduce {
  /** The place's scenario file as the command line names it (scenarios/<preset>.yaml, or the dropped file's name). */
  file: string;
  /** Changes to both arms (the run length), then to the variant alone. */
  common: readonly [string, unknown][];
  variant: readonly [string, unknown][];
  seeds: readonly number[];
}

/**
 * `govbuy compare` over both arms and all seeds; null when the variant changes nothing. A policy
 * there sets levers only (paths under policies.); each other path the variant changes is
 * declared a lever with --lever, as the page treats every control as one.
 */
export function compareCommand(r: Reproduce): string | null {
  if (r.variant.length === 0) return null;
  const args = ['govbuy', 'compare', r.file, '--policy', `${POLICY_NAME}:${r.variant.map(setText).join(';')}`];
  for (const [path] of r.variant) if (!isLever(path, [])) args.push('--lever', path);
  for (const c of r.common) args.push('--set', setText(c));
  args.push('--seeds', String(r.seeds.length), '--first-seed', String(r.seeds[0]));
  return args.map(shellQuote).join(' ');
}

/** `govbuy run` of one seed of the variant (the baseline when nothing changed). */
export function runCommand(r: Reproduce, seed: number): string {
  const args = ['govbuy', 'run', r.file, '--seed', String(seed)];
  for (const c of [...r.common, ...r.variant]) args.push('--set', setText(c));
  return args.map(shellQuote).join(' ');
}

/** runs.csv as `govbuy compare` writes it: every seed of the baseline, then of the variant. */
export function runsCsv(names: Record<Arm, string>, seeds: readonly number[], runs: Record<Arm, ReadonlyMap<number, RunOutput>>): string {
  const rows: Record<string, unknown>[] = [];
  for (const arm of ['baseline', 'variant'] as const) {
    for (const seed of seeds) {
      const out = runs[arm].get(seed);
      if (out) rows.push({ arm: names[arm], seed, ...out.outcomes });
    }
  }
  return toCsv(['arm', 'seed', ...COMPARE_OUTCOMES], rows);
}

/**
 * The variant as a scenario file: the place's text with each change written in (a comment says
 * what it was), headed by a comment on where it came from. Loading it gives the variant.
 */
export function variantYaml(placeText: string, placeFile: string, changes: readonly [string, unknown][], before: (path: string) => unknown, version: string): string {
  const doc = parseDocument(placeText);
  for (const [path, value] of changes) {
    const parts = splitPath(path);
    doc.setIn(parts, doc.createNode(value));
    const node = doc.getIn(parts, true);
    const was = before(path);
    if (isScalar(node)) node.comment = ` changed in the govbuy sandbox (${placeFile}: ${was === undefined ? 'not set' : JSON.stringify(was)})`;
  }
  const header = [
    `# A variant of ${placeFile}, made in the govbuy sandbox (govbuy ${version}).`,
    ...(changes.length > 0 ? [`# Changed: ${changes.map(([p]) => p).join(', ')}.`] : ['# Nothing changed.']),
    '',
  ].join('\n');
  return header + doc.toString({ lineWidth: 0 });
}
