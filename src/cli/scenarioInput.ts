/**
 * The scenario a command works on: the file read from disk, --set overrides and the --years
 * shorthand applied, validated (schedule included).
 */
import { readTextFile } from '../io/files.ts';
import { checkMemory } from '../io/memory.ts';
import { parseScenarioText } from '../scenario/load.ts';
import { isRunYear } from '../scenario/issues.ts';
import { scenarioSchema, type Scenario } from '../scenario/schema.ts';
import type { Io } from './context.ts';

export { checkMemory };

export interface ScenarioInput {
  scenario: Scenario;
  /** The text read, for the manifest's content hash. */
  text: string;
  /** Effective overrides in the order applied (--set ones, then years=N from --years). */
  sets: string[];
}

/** `setLabels[i]`, when given, is how errors name `sets[i]` (default: `--set <it>`). */
export async function loadScenario(file: string, sets: readonly string[], years: number | undefined, setLabels: readonly (string | undefined)[] = []): Promise<ScenarioInput> {
  const text = await readTextFile(file);
  const all = [...sets];
  const labels: (string | undefined)[] = sets.map((_, i) => setLabels[i]);
  if (years !== undefined) {
    all.push(`years=${years}`);
    labels.push(`--years ${years}`);
  }
  const scenario = parseScenarioText(text, file, all, { setLabels: labels });
  checkMemory(scenario, file);
  return { scenario, text, sets: all };
}

/**
 * What never acts because it starts after the run's last year: the levers that are on but whose
 * run year (fromYear, a deadline) lies past the end, in one line, and each schedule entry past
 * the end. Pure.
 */
export function timingWarnings(scenario: Scenario): string[] {
  const years = scenario.years;
  const span = `the run lasts ${years} ${years === 1 ? 'year' : 'years'} (run years 0–${years - 1}, ${scenario.startYear}–${scenario.startYear + years - 1})`;
  const late: string[] = [];
  for (const [lever, settings] of Object.entries(scenario.policies) as [string, Record<string, unknown>][]) {
    if (settings.enabled === false) continue;
    for (const [field, value] of Object.entries(settings)) {
      if (typeof value === 'number' && value >= years && isRunYear(scenarioSchema, ['policies', lever, field])) late.push(`policies.${lever}.${field} is run year ${value} (${scenario.startYear + value})`);
    }
  }
  const out: string[] = [];
  if (late.length > 0) out.push(`${late.join(', ')}, but ${span}; ${late.length === 1 ? 'it never acts' : 'they never act'}`);
  scenario.schedule.forEach((entry, i) => {
    if (entry.year >= years) out.push(`schedule[${i}] takes effect in run year ${entry.year} (${scenario.startYear + entry.year}), but ${span}; it never acts`);
  });
  return out;
}

/** Print timingWarnings on stderr, each once. */
export function warnAboutTiming(scenario: Scenario, io: Io, seen: Set<string> = new Set()): void {
  for (const w of timingWarnings(scenario)) {
    if (seen.has(w)) continue;
    seen.add(w);
    io.err(`warning: ${w}\n`);
  }
}
