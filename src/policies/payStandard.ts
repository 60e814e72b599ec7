/**
 * Pay standard for purchased posts. How it acts: from `fromYear`, a provider that holds a
 * purchase contract pays every worker at least `minimumPerMonth`, and buyers price contracts at
 * that pay (so contracts fund it, as Shenzhen's per-post price did: ¥60,000 a year in 2008,
 * ¥76,000 in 2017, FACTS.md). Higher pay lowers quits (agents/socialWorker.ts) and draws more
 * entrants into the sector, at a higher price per post.
 */
import { z } from 'zod';
import { amount, flag, fromYear } from '../scenario/param.ts';

export const payStandardSchema = z.strictObject({
  enabled: flag(false, { doc: 'Whether purchased posts must pay at least a minimum standard.' }),
  fromYear: fromYear(),
  minimumPerMonth: amount(4000, {
    doc: 'Least monthly pay of a worker at a provider holding a purchase contract (yuan); contracts are priced at it.',
    source: 'Shenzhen standard labour cost ¥76,000 a year per social worker (2017) ≈ ¥5,067 a month before overhead (FACTS.md, outside); default an assumption',
    range: [2000, 10000],
  }),
});
export type PayStandardPolicy = z.output<typeof payStandardSchema>;

/** Monthly pay contracts are priced at: the market pay, or the standard if higher. */
export function pricedWage(marketWage: number, p: PayStandardPolicy | null): number {
  return p ? Math.max(marketWage, p.minimumPerMonth) : marketWage;
}
