/**
 * One job in a worker: the same run as `govbuy run` (model/run.ts: start, advance, finish), a
 * year at a time so that a cancel request between years is seen, with the outcomes `govbuy
 * compare` computes and, when asked, the month-by-month state of the region for the map view.
 * No DOM and no Node: it runs in a Web Worker and in tests.
 */
import { COMPARE_OUTCOMES, compareOutcomesOf } from '../../experiments/compare.ts';
import { SERIES_COLUMNS, type SeriesRow } from '../../metrics/series.ts';
import { advance, finish, startRun } from '../../model/run.ts';
import type { World } from '../../model/world.ts';
import { exitsByYear } from '../../report/runData.ts';
import { ORG_STATUS_CODES, type Job, type MapFrames, type RunOutput } from './protocol.ts';

/** Collects the map frames month by month. */
class MapRecorder {
  private readonly needsMet: Float32Array;
  private readonly resistance: Float32Array;
  private readonly orgStart: Int32Array;
  private orgs: number[] = [];

  constructor(private readonly world: World) {
    const months = world.totalMonths;
    const n = world.communityCount;
    this.needsMet = new Float32Array(months * n);
    this.resistance = new Float32Array(months * n);
    this.orgStart = new Int32Array(months + 1);
  }

  record(w: World): void {
    const n = w.communityCount;
    const at = w.month * n;
    for (let c = 0; c < n; c++) {
      this.needsMet[at + c] = w.communityNeeds[c] > 0 ? w.communityServed[c] / w.communityNeeds[c] : NaN;
      this.resistance[at + c] = w.committees[c].resistance;
    }
    this.orgStart[w.month] = this.orgs.length / 4;
    for (const o of w.orgs) {
      if (!o.alive) continue;
      this.orgs.push(o.id, o.street, o.status === 'self' ? o.members : o.staff, ORG_STATUS_CODES[o.status]);
    }
    this.orgStart[w.month + 1] = this.orgs.length / 4;
  }

  frames(): MapFrames {
    const w = this.world;
    return {
      months: w.totalMonths,
      communities: w.communityCount,
      streets: w.streetCount,
      streetOfCommunity: Int32Array.from(w.streetOfCommunity),
      needsMet: this.needsMet,
      resistance: this.resistance,
      orgStart: this.orgStart,
      orgs: Int32Array.from(this.orgs),
    };
  }
}

/**
 * Let other messages (a cancel) in between two simulated years. A message to itself, not
 * setTimeout: browsers hold back timers set from timers by 4 ms or more, which over 20 years
 * would add a third to a short run.
 */
const channel = typeof MessageChannel === 'function' ? new MessageChannel() : undefined;
const waiting: (() => void)[] = [];
if (channel) {
  channel.port1.onmessage = () => waiting.shift()?.();
  // Node keeps a process alive while a port listens; a worker or a page does not care.
  (channel.port1 as { unref?: () => void }).unref?.();
}
function yieldToEvents(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!channel) return void setTimeout(resolve, 0);
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}

/** Run a job; null if `cancelled()` turned true before it finished. */
export async function runJob(job: Job, cancelled: () => boolean = () => false): Promise<RunOutput | null> {
  const t0 = performance.now();
  const state = startRun(job.scenario, job.seed);
  const w = state.world;
  const recorder = job.map ? new MapRecorder(w) : undefined;
  const onMonth = recorder ? (world: World) => recorder.record(world) : undefined;
  for (let stop = 12; ; stop += 12) {
    if (cancelled()) return null;
    advance(state, { stopBefore: stop, onMonth });
    if (w.month >= w.totalMonths) break;
    await yieldToEvents();
  }
  const result = finish(state);
  const series = new Float64Array(result.series.length * SERIES_COLUMNS.length);
  result.series.forEach((row: SeriesRow, m) => SERIES_COLUMNS.forEach((c, k) => (series[m * SERIES_COLUMNS.length + k] = row[c])));
  const exits: [number, string, number][] = [];
  for (const [year, causes] of exitsByYear(result.world.orgs, job.scenario.startYear, job.scenario.years)) for (const [cause, n] of causes) exits.push([year, cause, n]);
  return {
    jobId: job.id,
    arm: job.arm,
    seed: job.seed,
    series,
    columns: SERIES_COLUMNS,
    summary: result.summary,
    outcomes: compareOutcomesOf(result.summary, result.series, COMPARE_OUTCOMES),
    exits,
    map: recorder?.frames(),
    ms: performance.now() - t0,
  };
}
