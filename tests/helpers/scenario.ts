/** Test helpers: load a shipped scenario with overrides, and small statistics. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { setPath } from '../../src/scenario/paths.ts';
import { scenarioSchema, type Scenario } from '../../src/scenario/schema.ts';
import { simulate, type RunResult } from '../../src/model/run.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function scenarioFile(name: string): string {
  return `${ROOT}scenarios/${name}`;
}

/** A test fixture scenario (tests/fixtures/). */
export function fixture(name: string): string {
  return `${ROOT}tests/fixtures/${name}`;
}

/** A shipped scenario (a file name in scenarios/, or an absolute path) with dotted-path overrides applied, validated. */
export function loadScenario(name: string, sets: Record<string, unknown> = {}): Scenario {
  const raw = YAML.parse(readFileSync(name.startsWith('/') ? name : scenarioFile(name), 'utf8'));
  for (const [path, value] of Object.entries(sets)) setPath(raw, path, value);
  return scenarioSchema.parse(raw);
}

/** Run seeds 1..n of a scenario. */
export function runSeeds(scenario: Scenario, n: number): RunResult[] {
  return Array.from({ length: n }, (_, i) => simulate(scenario, i + 1));
}

const cache = new Map<string, RunResult[]>();

/**
 * Seeds 1..n of a scenario with overrides, run once per test file and shared by every test that
 * asks for the same arm (the statistical tests compare arms that several tests read).
 */
export function arm(name: string, sets: Record<string, unknown>, n: number): RunResult[] {
  const key = JSON.stringify([name, sets, n]);
  let runs = cache.get(key);
  if (!runs) cache.set(key, (runs = runSeeds(loadScenario(name, sets), n)));
  return runs;
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function sd(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1));
}

/**
 * Welch's t statistic for mean(a) − mean(b). With ≥ 20 seeds per arm, |t| > 3 is a difference
 * far beyond seed noise.
 */
export function welchT(a: readonly number[], b: readonly number[]): number {
  const va = sd(a) ** 2 / a.length;
  const vb = sd(b) ** 2 / b.length;
  const se = Math.sqrt(va + vb);
  return se > 0 ? (mean(a) - mean(b)) / se : mean(a) === mean(b) ? 0 : Infinity * Math.sign(mean(a) - mean(b));
}

/**
 * Paired t statistic for mean(b − a) over runs on the same seeds (a[i] and b[i] from seed i):
 * the seed's own noise cancels, so far fewer seeds show an effect than with welchT.
 */
export function pairedT(a: readonly number[], b: readonly number[]): number {
  const d = b.map((x, i) => x - a[i]);
  const s = sd(d);
  return s > 0 ? mean(d) / (s / Math.sqrt(d.length)) : mean(d) === 0 ? 0 : Math.sign(mean(d)) * Infinity;
}

/**
 * A run's spending on levers paid from government budgets (what fiscal_savings nets out; the
 * lottery fund's pilots and package are not).
 */
export function budgetLeverSpending(run: Pick<RunResult, 'summary'>): number {
  const t = run.summary.totals;
  return t.spending_compensation + t.spending_relief + t.spending_training + t.spending_publicity + t.spending_incubator;
}
