/**
 * Lottery-fund seed money (福彩公益金种子基金). How it acts: a share of the welfare-lottery fund
 * (Yiling: 10%, 002) pays for pilot projects in streets and domains the purchase budget does not
 * yet reach. A pilot that passes its evaluation `maturationYears` years running becomes a line
 * of the street's regular budget (Shenzhen, 004), within a cap. A micro-venture package buys
 * unregistered groups' projects in one bundle (Xitun: 21 projects for 175,000, 003): each group
 * spends its money on a project that serves neighbours in its domain for `projectMonths`, which
 * keeps it from withering.
 */
import { z } from 'zod';
import { amount, count, flag, fromYear, share } from '../scenario/param.ts';

export const seedFundSchema = z.strictObject({
  enabled: flag(false, { doc: 'Whether lottery-fund seed money is spent.' }),
  fromYear: fromYear(),
  lotteryFundPerYear: amount(1000000, { doc: 'Welfare-lottery public-welfare fund of the region a year (yuan).', range: [200000, 20000000] }),
  share: share(0.1, { doc: 'Share of the lottery fund set aside for social-work projects.', source: 'Yiling 2013: 10% (002)', range: [0.05, 0.3] }),
  pilotSize: amount(80000, { doc: 'Value of one pilot project (yuan).', source: 'Guangzhou 2021 lottery seed grant ¥80k (FACTS.md, outside)', range: [30000, 300000] }),
  // At least a month: a pilot's capacity is its value spread over its months.
  pilotMonths: count(12, { doc: 'Months a pilot runs.', range: [6, 24] }, 60, 1),
  budgetLineCapShare: share(0.02, { doc: 'Most of a street government’s budget that budget lines grown from pilots may take a year; a matured pilot that would exceed it is not made a line.', range: [0.005, 0.05] }),
  projectMonths: count(12, { doc: 'Months a micro-venture package project runs (its money is spent evenly over them).', source: 'Xitun 2016 (003): projects for the year', range: [6, 12] }, 60, 1),
  maturationYears: count(2, { doc: 'Passing years after which a pilot becomes a regular budget line.', source: 'Shenzhen (004); number an assumption', range: [1, 3] }, 20),
  packageBudget: amount(0, { doc: 'Yearly micro-venture package purchase of unregistered groups’ projects (yuan).', source: 'Xitun 2016: 175,000 for 21 projects (003)' }),
  packageProjects: count(21, { doc: 'Projects bundled in the package each year.', source: 'Xitun 2016 (003)' }, 100000),
});
export type SeedFundPolicy = z.output<typeof seedFundSchema>;

/** Pilots the fund pays for this year. */
export function pilotsPerYear(p: SeedFundPolicy): number {
  return p.pilotSize > 0 ? Math.floor((p.lotteryFundPerYear * p.share) / p.pilotSize) : 0;
}
