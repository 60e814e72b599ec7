/**
 * The scenario a command works on: the file read from disk, --set overrides and the --years
 * shorthand applied, validated (schedule included).
 */
import { totalmem } from 'node:os';
import { GovbuyError } from '../engine/errors.ts';
import { estimateMemoryBytes } from '../model/world.ts';
import { readTextFile } from '../io/files.ts';
import { parseScenarioText } from '../scenario/load.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Io } from './context.ts';

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

/** Refuse, before any work, a scenario whose residents would not fit in this machine's memory. */
export function checkMemory(scenario: Scenario, file: string, totalBytes = totalmem()): void {
  const { bytes, agents } = estimateMemoryBytes(scenario);
  const usable = 0.8 * totalBytes;
  if (bytes <= usable) return;
  const gib = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;
  const k = scenario.region.peoplePerAgent;
  const needed = Math.ceil((k * bytes) / usable);
  throw new GovbuyError('SCENARIO_INVALID', `${file}: ${agents.toLocaleString('en-US')} resident agents need about ${gib(bytes)} of memory; this machine has ${gib(totalBytes)} (${gib(usable)} usable)`, [
    `region.peoplePerAgent: raise it from ${k} to at least ${needed} (one agent then stands for ${needed} people), or lower region.population`,
  ]);
}

/** Warn about schedule entries that fall after the last simulated year (they never act). */
export function warnAboutSchedule(scenario: Scenario, io: Io): void {
  scenario.schedule.forEach((entry, i) => {
    if (entry.year >= scenario.years)
      io.err(`warning: schedule[${i}] takes effect in run year ${entry.year}, but the run lasts ${scenario.years} years (0–${scenario.years - 1}); it never acts\n`);
  });
}
