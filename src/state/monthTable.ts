/**
 * The month's servers: every contract and volunteer group that serves some cell, as a slot, in
 * typed arrays that worker threads can share. Built on the main thread before the districts run
 * and read back after (agents/monthServers.ts); the districts' loop is agents/residentDistrict.ts.
 * A cell's slots are cellSlots[cellStart[c] .. cellGroups[c]) (contracts) then
 * [cellGroups[c] .. cellStart[c + 1]) (volunteer groups).
 */
export class MonthTable {
  /** On shared memory (a run split over threads). */
  readonly shared: boolean;
  /** Counts reallocations of the growing arrays, so threads know to take the new ones. */
  generation: number;
  /** Scalars of the month (agents/residentDistrict.ts, P). */
  readonly params: Float64Array;
  /**
   * Alias tables (engine/alias.ts) of the month: the gap to the next resident who develops a need
   * (a truncated geometric, params[P.gapSize] outcomes) and the domain of a need.
   */
  readonly gapProb: Float64Array;
  readonly gapAlias: Int32Array;
  readonly domainProb: Float64Array;
  readonly domainAlias: Int32Array;
  /** The domains' need rates the two tables were built from (NaN before the first month). */
  readonly tableRates: Float64Array;
  /** Per community: probability a committee refers a resident on; committee cooperation (0–1]. */
  readonly referral: Float64Array;
  readonly cooperation: Float64Array;
  readonly cellStart: Int32Array;
  readonly cellGroups: Int32Array;
  cellSlots: Int32Array;
  /** Per slot: 1 for a volunteer group; needs it may still serve this month and over its term; voucher scheme (-1: none). */
  slotVolunteer: Uint8Array;
  slotCapacity: Float64Array;
  slotVolume: Float64Array;
  slotPool: Int32Array;
  /** Per slot: quality of a service before the committee's cooperation; appeal to residents choosing. */
  slotQuality: Float64Array;
  slotAppeal: Float64Array;
  /** Per slot, written: needs served and the sum of their quality this month. */
  slotServed: Float64Array;
  slotQualitySum: Float64Array;
  /** Per voucher scheme: needs it may still pay for this month and over its term. */
  poolCapacity: Float64Array;
  poolUnits: Float64Array;
  /** Per district: a row of sums (agents/residentDistrict.ts, T). */
  readonly totals: Float64Array;

  /** Copies every field: objects made once per run are built by a constructor, not an object literal (engine/shapes.ts). */
  constructor(fields: MonthTable) {
    this.shared = fields.shared;
    this.generation = fields.generation;
    this.params = fields.params;
    this.gapProb = fields.gapProb;
    this.gapAlias = fields.gapAlias;
    this.domainProb = fields.domainProb;
    this.domainAlias = fields.domainAlias;
    this.tableRates = fields.tableRates;
    this.referral = fields.referral;
    this.cooperation = fields.cooperation;
    this.cellStart = fields.cellStart;
    this.cellGroups = fields.cellGroups;
    this.cellSlots = fields.cellSlots;
    this.slotVolunteer = fields.slotVolunteer;
    this.slotCapacity = fields.slotCapacity;
    this.slotVolume = fields.slotVolume;
    this.slotPool = fields.slotPool;
    this.slotQuality = fields.slotQuality;
    this.slotAppeal = fields.slotAppeal;
    this.slotServed = fields.slotServed;
    this.slotQualitySum = fields.slotQualitySum;
    this.poolCapacity = fields.poolCapacity;
    this.poolUnits = fields.poolUnits;
    this.totals = fields.totals;
  }
}
