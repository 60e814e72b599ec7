/**
 * The scenario a command works on: the file read from disk, --set overrides and the --years
 * shorthand applied, validated (schedule included).
 */
import { readTextFile } from '../io/files.ts';
import { checkMemory } from '../io/memory.ts';
import { parseScenarioText } from '../scenario/load.ts';
import type { Scenario } from '../scenario/schema.ts';
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

/** Warn about schedule entries that fall after the last simulated year (they never act). */
export function warnAboutSchedule(scenario: Scenario, io: Io): void {
  scenario.schedule.forEach((entry, i) => {
    if (entry.year >= scenario.years)
      io.err(`warning: schedule[${i}] takes effect in run year ${entry.year}, but the run lasts ${scenario.years} years (0–${scenario.years - 1}); it never acts\n`);
  });
}
