/**
 * The month's servers: every contract and volunteer group that serves some cell, as a slot, in
 * typed arrays that worker threads can share. Built on the main thread before the districts run
 * and read back after (agents/monthServers.ts); the districts' loop is agents/residentDistrict.ts.
 * A cell's slots are cellSlots[cellStart[c] .. cellGroups[c]) (contracts) then
 * [cellGroups[c] .. cellStart[c + 1]) (volunteer groups).
 */
export class MonthTable {
  /** On shared memory (a run split over threads). */
  declare readonly shared: boolean;
  /** Counts reallocations of the growing arrays, so threads know to take the new ones. */
  declare generation: number;
  /** Scalars of the month (agents/residentDistrict.ts, P). */
  declare readonly params: Float64Array;
  /**
   * Alias tables (engine/alias.ts) of the month: the gap to the next resident who develops a need
   * (a truncated geometric, params[P.gapSize] outcomes) and the domain of a need.
   */
  declare readonly gapProb: Float64Array;
  declare readonly gapAlias: Int32Array;
  declare readonly domainProb: Float64Array;
  declare readonly domainAlias: Int32Array;
  /** The domains' need rates the two tables were built from (NaN before the first month). */
  declare readonly tableRates: Float64Array;
  /** Per community: probability a committee refers a resident on; committee cooperation (0–1]. */
  declare readonly referral: Float64Array;
  declare readonly cooperation: Float64Array;
  declare readonly cellStart: Int32Array;
  declare readonly cellGroups: Int32Array;
  declare cellSlots: Int32Array;
  /** Per slot: 1 for a volunteer group; needs it may still serve this month and over its term; voucher scheme (-1: none). */
  declare slotVolunteer: Uint8Array;
  declare slotCapacity: Float64Array;
  declare slotVolume: Float64Array;
  declare slotPool: Int32Array;
  /** Per slot: quality of a service before the committee's cooperation; appeal to residents choosing. */
  declare slotQuality: Float64Array;
  declare slotAppeal: Float64Array;
  /** Per slot, written: needs served and the sum of their quality this month. */
  declare slotServed: Float64Array;
  declare slotQualitySum: Float64Array;
  /** Per voucher scheme: needs it may still pay for this month and over its term. */
  declare poolCapacity: Float64Array;
  declare poolUnits: Float64Array;
  /** Per district: a row of sums (agents/residentDistrict.ts, T). */
  declare readonly totals: Float64Array;

  /** Copies every field of `fields`, in their order: objects made once per run are built by a constructor, not an object literal (engine/shapes.ts). */
  constructor(fields: MonthTable) {
    Object.assign(this, fields);
  }
}
