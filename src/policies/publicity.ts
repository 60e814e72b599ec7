/**
 * Publicity (宣传). How it acts: raises residents' awareness that purchased services exist
 * (002, problem on publicity; Guangzhou 2012: 41.6% did not know what the centres do, FACTS.md).
 * Only aware residents turn to a social organization; awareness also spreads by word of mouth.
 */
import { z } from 'zod';
import { amount, flag, fromYear, share } from '../scenario/param.ts';

export const publicitySchema = z.strictObject({
  enabled: flag(false, { doc: 'Whether the government publicises purchased services.' }),
  fromYear: fromYear(),
  monthlyReach: share(0.05, { doc: 'Share of the still-unaware residents a month’s publicity reaches.', range: [0.01, 0.15] }),
  costPerCapitaPerYear: amount(0.5, { doc: 'What publicity costs the city’s publicity budget line per resident a year (yuan).', range: [0.1, 2] }, 1000),
});
export type PublicityPolicy = z.output<typeof publicitySchema>;

export function awarenessGain(awareness: number, p: PublicityPolicy | null): number {
  return p ? p.monthlyReach * (1 - awareness) : 0;
}
