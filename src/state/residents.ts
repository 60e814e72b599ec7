/**
 * Residents' state: one packed record per resident agent plus the needs queue, and the
 * per-community trust map. The record layout and all behaviour are in agents/resident.ts.
 */
export class Residents {
  declare readonly count: number;
  declare readonly f64: Float64Array;
  declare readonly f32: Float32Array;
  declare readonly u16: Uint16Array;
  /** One bit per resident: has an open need. */
  declare readonly open: Uint32Array;
  /**
   * Residents with an open need, oldest first, district by district: district d's queue is
   * entries [districtFirst[d], districtFirst[d] + queued[d]).
   */
  declare readonly queue: Int32Array;
  /** For each queue entry: community << 16 | domain << 8 | months waited. */
  declare readonly queueInfo: Uint32Array;
  /** Per district (and one past the last): the first resident of each district. */
  declare readonly districtFirst: Int32Array;
  /** Per district: resident i's open-need bit is bit i + openOffset[d] (districts start at a word). */
  declare readonly openOffset: Int32Array;
  /** Per district: needs in its queue. */
  declare readonly queued: Int32Array;
  /** Running sums for the satisfaction metric (residents with an outcome). */
  declare satisfactionSum: number;
  declare satisfactionCount: number;

  /** Copies every field of `fields`, in their order: objects made once per run are built by a constructor, not an object literal (engine/shapes.ts). */
  constructor(fields: Residents) {
    Object.assign(this, fields);
  }
}

/** Per-community state of the trust field. */
export class CommunityTrust {
  declare readonly scale: Float64Array;
  declare readonly shift: Float64Array;
  /** Sum of the stored trust values over the community's residents. */
  declare readonly storedSum: Float64Array;

  /** Copies every field of `fields`, in their order: objects made once per run are built by a constructor, not an object literal (engine/shapes.ts). */
  constructor(fields: CommunityTrust) {
    Object.assign(this, fields);
  }
}
