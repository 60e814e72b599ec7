/**
 * Simulating the options of a classroom pack: each option's overrides on top of the place's
 * scenario, run over the same seeds, keeping what the pack shows (monthly rows, outcomes,
 * exits by cause and year). The runs are simulation jobs (src/experiments/jobs.ts): the
 * command runs them on worker threads (runJobs); simulateOptions runs them here. Pure: the
 * scenario text comes in, no files are read.
 */
import { runJobsHere, type JobOutput, type JobsContext, type SimulationJob } from '../../experiments/jobs.ts';
import type { SeriesRow } from '../../metrics/series.ts';
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

/** The runs of the options over the seeds, option by option, as simulation jobs. */
export function optionJobs(options: readonly { scenario: Scenario }[], seeds: readonly number[]): { ctx: JobsContext; jobs: SimulationJob[] } {
  return {
    ctx: { scenarios: options.map((o) => o.scenario), keepOrgs: true },
    jobs: options.flatMap((_, scenario) => seeds.map((seed) => ({ scenario, seed }))),
  };
}

/** The options' results from the outputs of optionJobs' jobs (in that order). */
export function optionResults(options: readonly { option: PolicyOption; scenario: Scenario }[], seeds: readonly number[], outputs: readonly JobOutput[]): OptionResult[] {
  return options.map(({ option, scenario }, i) => ({
    option,
    scenario,
    runs: seeds.map((seed, k) => {
      const run = outputs[i * seeds.length + k];
      return {
        seed,
        series: run.series,
        outcomes: outcomesOf(run, scenario.years),
        exits: exitsByYear(run.orgs ?? [], scenario.startYear, scenario.years),
      };
    }),
  }));
}

/** Every option over the seeds, run in this thread. */
export function simulateOptions(input: ClassroomInput): OptionResult[] {
  const options = optionScenarios(input);
  const { ctx, jobs } = optionJobs(options, input.seeds);
  return optionResults(options, input.seeds, runJobsHere(ctx, jobs));
}
