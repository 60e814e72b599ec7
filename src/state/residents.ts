/**
 * Residents' state: one packed record per resident agent plus the needs queue, and the
 * per-community trust map. The record layout and all behaviour are in agents/resident.ts.
 */
export class Residents {
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

  /** Copies every field: objects made once per run are built by a constructor, not an object literal (engine/shapes.ts). */
  constructor(fields: Residents) {
    this.count = fields.count;
    this.f64 = fields.f64;
    this.f32 = fields.f32;
    this.u16 = fields.u16;
    this.open = fields.open;
    this.queue = fields.queue;
    this.queueInfo = fields.queueInfo;
    this.districtFirst = fields.districtFirst;
    this.openOffset = fields.openOffset;
    this.queued = fields.queued;
    this.satisfactionSum = fields.satisfactionSum;
    this.satisfactionCount = fields.satisfactionCount;
  }
}

/** Per-community state of the trust field. */
export class CommunityTrust {
  readonly scale: Float64Array;
  readonly shift: Float64Array;
  /** Sum of the stored trust values over the community's residents. */
  readonly storedSum: Float64Array;

  /** Copies every field: objects made once per run are built by a constructor, not an object literal (engine/shapes.ts). */
  constructor(fields: CommunityTrust) {
    this.scale = fields.scale;
    this.shift = fields.shift;
    this.storedSum = fields.storedSum;
  }
}
