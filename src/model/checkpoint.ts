/**
 * Checkpoints: the full state of a run between two months — world, random streams and the rows
 * so far — as plain structured-cloneable data (typed arrays, Maps, plain objects). Continuing
 * from a checkpoint gives exactly what the uninterrupted run would have given; continuing two
 * policy variants from one checkpoint gives them the same history and common random numbers
 * after it. Writing checkpoints to disk (and refusing ones from other code versions) is the I/O
 * layer's job (src/io/checkpointFile.ts).
 */
import { restoreStreams, saveStreams, type StreamStates } from '../engine/rng.ts';
import type { SeriesRow } from '../metrics/series.ts';
import type { ScheduleEntry } from '../scenario/schema.ts';
import { applyEntry } from './scheduleChanges.ts';
import { createMonthTable } from '../agents/monthServers.ts';
import type { RunState } from './run.ts';
import type { World } from '../state/world.ts';

export const CHECKPOINT_FORMAT = 'govbuy-checkpoint';
export const CHECKPOINT_FORMAT_VERSION = 6; // 3: labour market, volunteer groups, responsive governments (issues 11, 12); 4: districts' streams and queues; 5: the file starts with a checksum (src/io/checkpointFile.ts); 6: committees remember the residents they lost (visitorsLost)

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  formatVersion: number;
  /** The next month to simulate. */
  month: number;
  world: Omit<World, 'streams' | 'cellProviders' | 'cellsWithProviders' | 'cellServers' | 'cellVolunteers' | 'monthTable'>;
  streams: StreamStates;
  series: SeriesRow[];
}

/** A deep copy of a run in progress; the run can go on without affecting the checkpoint. */
export function takeCheckpoint(state: RunState): Checkpoint {
  if (state.world.monthTable.shared) throw new Error('a run on shared memory (split over threads) cannot be checkpointed');
  const { streams, cellProviders: _providers, cellsWithProviders: _cells, cellServers: _servers, cellVolunteers: _volunteers, monthTable: _table, ...world } = state.world;
  return structuredClone({
    format: CHECKPOINT_FORMAT,
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    month: state.world.month,
    world,
    streams: saveStreams(streams),
    series: state.series,
  });
}

/**
 * A run in progress rebuilt from a checkpoint (which stays untouched). `changes`, dotted paths
 * as in a schedule entry, are applied to the scenario first: that is how policy variants branch
 * from one warm state.
 */
export function resumeRun(cp: Checkpoint, changes: Record<string, unknown> = {}): RunState {
  if (cp.format !== CHECKPOINT_FORMAT || cp.formatVersion !== CHECKPOINT_FORMAT_VERSION)
    throw new Error(`not a govbuy checkpoint of format version ${CHECKPOINT_FORMAT_VERSION}`);
  const copy = structuredClone({ world: cp.world, series: cp.series });
  const world = copy.world as World;
  (world as { streams: World['streams'] }).streams = restoreStreams(cp.streams);
  world.cellProviders = Array.from({ length: world.transferred.length }, () => []);
  world.cellsWithProviders = [];
  world.cellServers = new Uint8Array(world.transferred.length);
  world.providersDirty = true;
  world.cellVolunteers = Array.from({ length: world.transferred.length }, () => []);
  world.monthTable = createMonthTable(world.communityCount, world.scenario.region.districts, world.scenario.region.streetsPerDistrict * world.scenario.region.communitiesPerStreet, false);
  world.volunteersDirty = true;
  world.month = cp.month;
  if (Object.keys(changes).length > 0) {
    const entry: ScheduleEntry = { year: Math.floor(cp.month / 12), set: changes };
    world.scenario = applyEntry(world.scenario, entry);
  }
  return { world, series: copy.series };
}
