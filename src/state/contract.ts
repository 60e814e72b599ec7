/**
 * A purchase contract (or a seed-fund pilot): who buys what from whom, for which street and
 * domain, for how long, and on what payment terms. Money moves only through `pay` in
 * agents/government/contracts.ts (the advance at signing, instalments in the payments phase), so every
 * yuan a government pays is on an organization's books.
 */
export type ContractKind = 'contract' | 'pilot';

export interface Contract {
  readonly id: number;
  readonly kind: ContractKind;
  readonly buyer: number;
  readonly org: number;
  readonly domain: number;
  readonly street: number;
  /** Total value for lump-sum contracts; the ceiling for per-unit ones. */
  readonly value: number;
  readonly startMonth: number;
  readonly months: number;
  /** Paid per unit delivered (unit subsidy, vouchers) instead of lump sum. */
  readonly perUnit: boolean;
  readonly unitPrice: number;
  /** Needs the provider can serve a month under this contract. */
  readonly capacity: number;
  /** Posts the contract funds (for vouchers, it follows the residents who chose the provider). */
  staffNeeded: number;
  /** Voucher scheme it belongs to (index into World.voucherPools), or -1. */
  readonly pool: number;
  readonly advance: number;
  readonly instalment: number;
  readonly delayMonths: number;
  /** Won through insiders' steering (for the insiders' share of contract value). */
  readonly insiderAward: boolean;
  /** Funded by a budget line grown from a seed-fund pilot, outside the purchase share. */
  readonly budgetLine: boolean;
  readonly renewals: number;
  /** A stop-gap for the rest of a lapsed contract's term: it ends with the budget year and is not renewed (its lot goes to the round). */
  readonly stopGap: boolean;

  active: boolean;
  /** Month the contract stopped (end or termination). */
  endedMonth: number;
  /** Months of service performed so far. */
  servedMonths: number;
  /** Instalments paid so far (lump-sum) or service months settled (per-unit). */
  settledMonths: number;
  /** Units delivered per service month, kept for per-unit settlement (short, contract-length). */
  readonly unitsByMonth: Float64Array;
  /** Month-by-month slippage added by a late-paying buyer (004, risk 1). */
  extraDelay: number;
  paid: number;
  capacityLeft: number;
  unitsDelivered: number;
  qualitySum: number;
}

/**
 * A voucher scheme: one lot's budget, shared by every provider enrolled in it; each is paid per
 * resident served who chose it, until the scheme's volume is used.
 */
export interface VoucherPool {
  /** Needs the scheme pays for a month (agent units), and what is left of this month's. */
  readonly capacity: number;
  capacityLeft: number;
  /** Needs the scheme pays for over its whole term, less those already served. */
  unitsLeft: number;
  /** Last month of the scheme's term. */
  readonly lastMonth: number;
}

export function contractEnd(c: Contract): number {
  return c.startMonth + c.months;
}

/** Mean quality delivered over the contract so far (0 when nothing was delivered). */
export function meanQuality(c: Contract): number {
  return c.unitsDelivered > 0 ? c.qualitySum / c.unitsDelivered : 0;
}
