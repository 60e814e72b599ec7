/** Time: one tick is one month; budgets and procurement are yearly. */

/** Run year (0-based) of a month index. */
export function yearOfMonth(month: number): number {
  return Math.floor(month / 12);
}

/** Whether a month opens a budget year. */
export function isYearStart(month: number): boolean {
  return month % 12 === 0;
}
