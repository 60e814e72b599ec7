/**
 * Registration regime. Under dual management (双重管理) a group needed a sponsoring agency
 * (业务主管单位) before civil affairs would register it, and many stayed unregistered or
 * registered as businesses (Tsimonis 2012, 2013; FACTS.md, outside). Direct registration with
 * civil affairs came to Beijing in 2011 and Guangdong in 2012 (FACTS.md, outside). The Xitun and
 * Yiling presets (from 2013) also register directly from their first year, taking the State
 * Council's March 2013 reform plan to have opened direct registration to community service
 * organizations nationwide: outside knowledge that neither the five sources nor FACTS.md hold, so
 * an ASSUMPTION there, not a cited fact (docs/sources.md, Outside sources). How it acts: before
 * `directFromYear` only the share `sponsorProbability` of the founders and filed groups that
 * could register find a sponsor and do; from it on, all can.
 */
import { z } from 'zod';
import { share } from '../scenario/param.ts';

export const registrationSchema = z.strictObject({
  directFromYear: z
    .number()
    .int()
    .min(0)
    .max(200)
    .nullable()
    .default(0)
    .meta({ description: 'Run year from which groups register directly with civil affairs (0 = from the start; null = dual management throughout).', source: 'Beijing 2011, Guangdong 2012 (FACTS.md, outside); a nationwide 2013 start for community service organizations (State Council plan, March 2013) is outside knowledge in neither the sources nor FACTS.md: an assumption where a preset uses it' }),
  sponsorProbability: share(0.3, {
    doc: 'Under dual management, share of would-be registrants that find a sponsoring agency.',
    source: 'assumption; many groups stayed unregistered under dual management (Tsimonis 2012, FACTS.md)',
    range: [0.1, 0.6],
  }),
});
export type RegistrationPolicy = z.output<typeof registrationSchema>;

/** Probability that a group able to register does so, in run year `year`. */
export function registrationChance(base: number, p: RegistrationPolicy, year: number): number {
  const direct = p.directFromYear !== null && year >= p.directFromYear;
  return direct ? base : base * p.sponsorProbability;
}
