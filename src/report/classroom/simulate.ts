/**
 * Simulating the options of a classroom pack: each option's overrides on top of the place's
 * scenario, run over the same seeds, keeping what the pack shows (monthly rows, outcomes,
 * exits by cause and year). Pure: the scenario text comes in, no files are read.
 */
import type { SeriesRow } from '../../metrics/series.ts';
import { simulate } from '../../model/run.ts';
import { parseScenarioText } from '../../scenario/load.ts';
import type { Scenario } from '../../scenario/schema.ts';
import { exitsByYear } from '../runData.ts';
import { optionSets, OPTIONS, type PolicyOption } from './options.ts';
import { outcomesOf, type OutcomeId } from './outcomes.ts';

export interface ClassroomInput {
  /** The scenario file's text and name (for messages). */
  text: string;
  file: string;
  /** The user's overrides (`path=value`), applied before each option's. */
  sets: readonly string[];
  years?: number;
  seeds: readonly number[];
  options?: readonly PolicyOption[];
}

export interface RunRecord {
  seed: number;
  series: SeriesRow[];
  outcomes: Record<OutcomeId, number | null>;
  exits: Map<number, Map<string, number>>;
}

export interface OptionResult {
  option: PolicyOption;
  scenario: Scenario;
  runs: RunRecord[];
}

/** Every option's scenario, validated before any run (a bad override fails fast). */
export function optionScenarios(input: ClassroomInput): { option: PolicyOption; scenario: Scenario }[] {
  return (input.options ?? OPTIONS).map((option) => {
    const own = optionSets(option);
    const years = input.years === undefined ? [] : [`years=${input.years}`];
    const labels = [...input.sets.map(() => undefined), ...own.map((s) => `option ${option.id}: ${s}`), ...years.map(() => `--years ${input.years}`)];
    return { option, scenario: parseScenarioText(input.text, input.file, [...input.sets, ...own, ...years], { setLabels: labels }) };
  });
}

export function simulateOptions(input: ClassroomInput): OptionResult[] {
  return optionScenarios(input).map(({ option, scenario }) => ({
    option,
    scenario,
    runs: input.seeds.map((seed) => {
      const run = simulate(scenario, seed);
      return {
        seed,
        series: run.series,
        outcomes: outcomesOf(run, scenario.years),
        exits: exitsByYear(run.world.orgs, scenario.startYear, scenario.years),
      };
    }),
  }));
}
