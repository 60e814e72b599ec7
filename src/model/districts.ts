/**
 * Steps 1 and 2 of the month — needs arise, residents seek help — district by district. The
 * districts of a month are independent (agents/residentDistrict.ts): each draws from its own
 * streams and writes only its own residents, communities, cells, servers and row of totals; what
 * they share is read back after all have run, in a fixed order (agents/monthServers.ts). So a run
 * gives the same bytes whether its districts run one after another in this thread or spread over
 * worker threads (`govbuy run --threads N`, src/threads/), with a synchronisation point each
 * month: everything else in the month — tenders, budgets, the labour market, organizations —
 * runs in the main thread between two of them.
 */
import { fillMonthTable, readMonthTable } from '../agents/monthServers.ts';
import { DistrictArrays, P, residentsDistrictMonth, residentsDistrictStart, type MonthTable } from '../agents/residentDistrict.ts';
import type { World } from '../state/world.ts';

/** What districts do: set up their residents at the start of a run, or live a month. */
export type DistrictJob = 'start' | 'month';

/** One district's job (the same function on every thread). */
export function runDistrictJob(job: DistrictJob, arrays: DistrictArrays, table: MonthTable, d: number): void {
  if (job === 'month') residentsDistrictMonth(arrays, table, d);
  else residentsDistrictStart(arrays, table, d);
}

/** Runs a job for every district and returns when all are done. */
export interface DistrictExecutor {
  runDistricts(arrays: DistrictArrays, table: MonthTable, districts: number, job?: DistrictJob): void;
}

/** Every district in this thread, in order. */
export const inThisThread: DistrictExecutor = {
  runDistricts(arrays, table, districts, job = 'month') {
    for (let d = 0; d < districts; d++) runDistrictJob(job, arrays, table, d);
  },
};

/** Each world's DistrictArrays, made once: the world's arrays are never replaced. */
const arraysOf = new WeakMap<World, DistrictArrays>();

/** The world's arrays the districts work on (the same arrays, not copies; the same object every month). */
export function districtArrays(w: World): DistrictArrays {
  const known = arraysOf.get(w);
  if (known !== undefined) return known;
  const arrays = new DistrictArrays(w);
  arraysOf.set(w, arrays);
  return arrays;
}

/** The districts' residents at the start of a run: their records and initial trust (agents/residentDistrict.ts). */
export function startDistricts(w: World, executor: DistrictExecutor): void {
  const s = w.scenario;
  const pm = w.monthTable.params;
  pm[P.initialTrust] = s.residents.initialTrust;
  pm[P.trustSpread] = s.residents.trustSpread;
  executor.runDistricts(districtArrays(w), w.monthTable, s.region.districts, 'start');
}

/** Steps 1 and 2 of the month: the districts' residents, then what they did, read back. */
export function residentsPhase(w: World, executor: DistrictExecutor): void {
  const serverOf = fillMonthTable(w, w.monthTable);
  executor.runDistricts(districtArrays(w), w.monthTable, w.scenario.region.districts, 'month');
  readMonthTable(w, w.monthTable, serverOf);
  // What residents hear of each provider: the mean quality it delivered this month.
  for (const o of w.orgs) {
    o.monthServedTotal = o.monthServed;
    if (o.monthServed === 0) continue;
    o.recentQuality = o.monthQualitySum / o.monthServed;
    o.monthQualitySum = 0;
    o.monthServed = 0;
  }
}
