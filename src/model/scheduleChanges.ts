/**
 * The policy schedule: parameter changes that take effect at the start of a given run year.
 * Edits are applied to the immutable scenario with immer, then re-validated, so the monthly
 * loop always reads one consistent, typed scenario.
 */
import { produce } from 'immer';
import { yearOfMonth } from '../engine/clock.ts';
import { getPath, SCHEDULABLE_SECTIONS, setPath, splitPath } from '../scenario/paths.ts';
import { scenarioSchema, type Scenario, type ScheduleEntry } from '../scenario/schema.ts';
import type { World } from '../state/world.ts';

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The scenario with one schedule entry's edits applied. An object value is merged into the
 * section it names (`policies.incubator: {enabled: true}` keeps the other incubator settings);
 * other values replace. Only SCHEDULABLE_SECTIONS may change during a run.
 */
export function applyEntry(scenario: Scenario, entry: ScheduleEntry): Scenario {
  const edited = produce(scenario, (draft) => {
    for (const [path, value] of Object.entries(entry.set)) {
      const section = splitPath(path)[0];
      if (!(SCHEDULABLE_SECTIONS as readonly string[]).includes(section) || splitPath(path).length < 2)
        throw new Error(`"${path}" cannot change during a run: schedule paths start with one of ${SCHEDULABLE_SECTIONS.join(', ')} and name a field inside it`);
      const current = getPath(draft, path);
      const merged = isPlainObject(value) && isPlainObject(current) ? { ...current, ...value } : value;
      setPath(draft as unknown as Record<string, unknown>, path, merged);
    }
  });
  return scenarioSchema.parse(edited);
}

export function applyScheduledChanges(w: World): void {
  const year = yearOfMonth(w.month);
  for (const entry of w.scenario.schedule) if (entry.year === year) w.scenario = applyEntry(w.scenario, entry);
}
