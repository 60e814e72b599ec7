/**
 * The policy schedule: parameter changes that take effect at the start of a given run year.
 * Edits are applied to the immutable scenario with immer, then re-validated, so the monthly
 * loop always reads one consistent, typed scenario.
 */
import { produce } from 'immer';
import { yearOfMonth } from '../engine/clock.ts';
import { setPath } from '../scenario/paths.ts';
import { scenarioSchema, type Scenario, type ScheduleEntry } from '../scenario/schema.ts';
import type { World } from './world.ts';

/** The scenario with one schedule entry's edits applied. */
export function applyEntry(scenario: Scenario, entry: ScheduleEntry): Scenario {
  const edited = produce(scenario, (draft) => {
    for (const [path, value] of Object.entries(entry.set)) setPath(draft as unknown as Record<string, unknown>, path, value);
  });
  return scenarioSchema.parse(edited);
}

export function applyScheduledChanges(w: World): void {
  const year = yearOfMonth(w.month);
  for (const entry of w.scenario.schedule) if (entry.year === year) w.scenario = applyEntry(w.scenario, entry);
}
