/** Event counts of the current month, reset at its start and read by the metrics collector. */
export interface MonthCounters {
  entries: number;
  exits: number;
  tenders: number;
  bidders: number;
  failedTenders: number;
  transfersBlocked: number;
  /** Contracts ended early at their mid-term review. */
  terminations: number;
  /** Resident-agent needs open this month (served or not). */
  needs: number;
  served: number;
  servedByOrgs: number;
  qualitySum: number;
  /** People (not agents) who complained or petitioned. */
  complaints: number;
  /** In-house cost of what providers delivered this month (yuan). */
  inHouseValueOfOrgService: number;
  /** What governments owe providers for this month's service (accrual, yuan). */
  purchaseCostAccrued: number;
}

export function emptyCounters(): MonthCounters {
  return {
    entries: 0,
    exits: 0,
    tenders: 0,
    bidders: 0,
    failedTenders: 0,
    transfersBlocked: 0,
    terminations: 0,
    needs: 0,
    served: 0,
    servedByOrgs: 0,
    qualitySum: 0,
    complaints: 0,
    inHouseValueOfOrgService: 0,
    purchaseCostAccrued: 0,
  };
}

export function resetCounters(c: MonthCounters): void {
  Object.assign(c, emptyCounters());
}
