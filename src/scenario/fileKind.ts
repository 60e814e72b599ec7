/**
 * Which kind of govbuy file a YAML or JSON mapping is, told by its top-level keys: a scenario
 * (src/scenario/schema.ts), an experiment (src/experiments/schema.ts) or a calibration targets
 * file (src/calibration/targets.ts). Each reader asks this before validating, so that a file
 * of another kind gets one line naming what it is and the command that takes it, rather than
 * one "unknown key" problem per section.
 *
 * The experiment and targets key lists are written out here, because this layer does not import
 * the layers above it; tests/scenario/fileKind.test.ts checks them against the three schemas.
 */
import { scenarioSchema } from './schema.ts';

export type FileKind = 'scenario' | 'experiment' | 'targets';

/** Top-level keys of an experiment file that no scenario or targets file has. */
export const EXPERIMENT_ONLY_KEYS = ['scenario', 'set', 'knockOut', 'factors', 'uncertainties', 'levers', 'design', 'replications', 'commonRandomNumbers', 'branchAt', 'outputs', 'analysis', 'limits'];

/** Top-level keys scenarios and experiments both have. */
export const SHARED_KEYS = ['name', 'description', 'descriptionZh', 'seed', 'policies'];

/** Top-level keys of a targets file that no scenario or experiment has. */
export const TARGETS_ONLY_KEYS = ['parameters', 'targets'];

/** Every top-level key of a targets file (years and the descriptions are a scenario's keys too). */
export const TARGETS_KEYS = ['description', 'descriptionZh', 'years', ...TARGETS_ONLY_KEYS];

/** Named first when a file is told to be a scenario: the most recognisable of its sections. */
const RECOGNISABLE_SCENARIO_KEYS = ['region', 'years', 'residents', 'organizations'];

/**
 * The kind `raw`'s keys tell, and the keys that tell it; null when they tell none: no key of one
 * kind only, or keys of two kinds (a file with mistakes, left to its reader's own checks).
 */
export function fileKindOf(raw: Record<string, unknown>): { kind: FileKind; telling: string[] } | null {
  const keys = Object.keys(raw);
  const targets = keys.filter((k) => TARGETS_ONLY_KEYS.includes(k));
  const experiment = keys.filter((k) => EXPERIMENT_ONLY_KEYS.includes(k));
  // years: is a scenario's and a targets file's; beside no targets-only key, it tells a scenario.
  const scenarioOnly = Object.keys(scenarioSchema.shape).filter((k) => !SHARED_KEYS.includes(k) && (k === 'years' ? targets.length === 0 : !TARGETS_KEYS.includes(k)));
  const rank = (k: string) => (RECOGNISABLE_SCENARIO_KEYS.includes(k) ? RECOGNISABLE_SCENARIO_KEYS.indexOf(k) : RECOGNISABLE_SCENARIO_KEYS.length);
  const scenario = keys.filter((k) => scenarioOnly.includes(k)).sort((a, b) => rank(a) - rank(b));
  const told = [
    { kind: 'scenario' as const, telling: scenario },
    { kind: 'experiment' as const, telling: experiment },
    { kind: 'targets' as const, telling: targets },
  ].filter((f) => f.telling.length > 0);
  return told.length === 1 ? told[0]! : null;
}

/** Keys as a reader sees them in the file: `"region:", "years:", "labour:" …` (the first three). */
export function keyList(keys: readonly string[]): string {
  return keys.slice(0, 3).map((k) => `"${k}:"`).join(', ') + (keys.length > 3 ? ' …' : '');
}
