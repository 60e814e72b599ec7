import { startAsDoubles } from '../engine/shapes.ts';

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
  /** Needs served by volunteer groups (not purchased). */
  servedByVolunteers: number;
  /** Workers who left their provider this month (quits, layoffs, closures). */
  separations: number;
  /** Of them, workers who quit (not laid off, not released by a closure). */
  quits: number;
  /** Workers social organizations took on this month (they too may leave within it). */
  hires: number;
  /** Paid social-organization staff at the start of the month (turnover's denominator, with hires). */
  staffAtStart: number;
  /** Workers who left the sector this month. */
  sectorExits: number;
  /** Posts contracts fund that nobody filled, after this month's hiring. */
  vacancies: number;
  /** Yuan spent this month on levers, by budget line. */
  spending: LeverSpending;
}

/** Budget lines that pay for levers (and the lottery fund's pilots and package). */
export const SPENDING_LINES = ['compensation', 'relief', 'training', 'publicity', 'incubator', 'pilots', 'package'] as const;
export type SpendingLine = (typeof SPENDING_LINES)[number];
export type LeverSpending = Record<SpendingLine, number>;

export function emptySpending(): LeverSpending {
  return startAsDoubles({ compensation: 0, relief: 0, training: 0, publicity: 0, incubator: 0, pilots: 0, package: 0 }, SPENDING_LINES);
}

export function emptyCounters(): MonthCounters {
  const counters: MonthCounters = {
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
    servedByVolunteers: 0,
    separations: 0,
    quits: 0,
    hires: 0,
    staffAtStart: 0,
    sectorExits: 0,
    vacancies: 0,
    spending: emptySpending(),
  };
  return startAsDoubles(counters, ['needs', 'served', 'servedByOrgs', 'servedByVolunteers', 'qualitySum', 'complaints', 'inHouseValueOfOrgService', 'purchaseCostAccrued']);
}

export function resetCounters(c: MonthCounters): void {
  Object.assign(c, emptyCounters());
}
