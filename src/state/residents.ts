/**
 * Residents' state: one packed record per resident agent plus the needs queue, and the
 * per-community trust map. The record layout and all behaviour are in agents/resident.ts.
 */
export interface Residents {
  readonly count: number;
  readonly f64: Float64Array;
  readonly f32: Float32Array;
  readonly u16: Uint16Array;
  /** One bit per resident: has an open need. */
  readonly open: Uint32Array;
  /**
   * Residents with an open need, oldest first, district by district: district d's queue is
   * entries [districtFirst[d], districtFirst[d] + queued[d]).
   */
  readonly queue: Int32Array;
  /** For each queue entry: community << 16 | domain << 8 | months waited. */
  readonly queueInfo: Uint32Array;
  /** Per district (and one past the last): the first resident of each district. */
  readonly districtFirst: Int32Array;
  /** Per district: resident i's open-need bit is bit i + openOffset[d] (districts start at a word). */
  readonly openOffset: Int32Array;
  /** Per district: needs in its queue. */
  readonly queued: Int32Array;
  /** Running sums for the satisfaction metric (residents with an outcome). */
  satisfactionSum: number;
  satisfactionCount: number;
}

/** Per-community state of the trust field. */
export interface CommunityTrust {
  readonly scale: Float64Array;
  readonly shift: Float64Array;
  /** Sum of the stored trust values over the community's residents. */
  readonly storedSum: Float64Array;
}
