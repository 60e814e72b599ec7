/**
 * The scenario a command works on: the file read from disk, --set overrides and the --years
 * shorthand applied, validated (schedule included).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { GovbuyError } from '../engine/errors.ts';
import { readTextFile } from '../io/files.ts';
import { PACKAGE_ROOT } from '../io/version.ts';
import { checkMemory } from '../io/memory.ts';
import { parseScenarioText } from '../scenario/load.ts';
import { closest, isRunYear } from '../scenario/issues.ts';
import { scenarioSchema, type Scenario } from '../scenario/schema.ts';
import { count, type Io } from './context.ts';

export { checkMemory };

/**
 * A place given by name (`guangzhou`) resolves to scenarios/<name>.yaml, as every command that
 * takes a scenario accepts: in the current folder's scenarios/ first (a user's own presets), then
 * in govbuy's (so a name works from any folder). A path, or a file that exists under that name,
 * is used as it is.
 */
export function resolvePlace(place: string): string {
  if (/[\\/]/.test(place) || extname(place) !== '' || isFile(place)) return place;
  const folders = [...new Set(['scenarios', join(PACKAGE_ROOT, 'scenarios')])];
  for (const folder of folders) {
    const file = join(folder, `${place}.yaml`);
    if (existsSync(file)) return file;
  }
  const known = [...new Set(folders.flatMap((folder) => (existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.yaml')).map((f) => basename(f, '.yaml')) : [])))].sort();
  const guess = closest(place, known);
  throw new GovbuyError('FILE_UNREADABLE', `unknown place "${place}"${guess ? ` (did you mean "${guess}"?)` : ''}`, [`known places: ${known.join(', ') || '(none)'}`, 'or give the path of a scenario file']);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

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
  const span = `the run lasts ${count(years, 'year')} (run years 0–${years - 1}, ${scenario.startYear}–${scenario.startYear + years - 1})`;
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
