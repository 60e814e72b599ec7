/**
 * Incubators (孵化基地) and registration reform. How it acts: an incubator keeps `slots` places;
 * each month empty places take either a self-organization to upgrade (origin "upgraded") or a
 * new founding team (origin "incubated"), as far as the region's volunteers bring forward teams
 * that apply (teamsPer1kVolunteersPerMonth). For `months` an incubated organization pays no rent
 * (free space), gets a monthly grant and gains skill from capacity building; at graduation it
 * registers with a higher probability than an outside founder. Filing (备案) lets community
 * groups become legal actors without full registration (004). Xitun grew 33 organizations this
 * way: 22 incubated, 8 upgraded, 3 introduced (003).
 */
import { z } from 'zod';
import { amount, count, flag, fromYear, share } from '../scenario/param.ts';

export const incubatorSchema = z.strictObject({
  enabled: flag(false, { doc: 'Whether an incubator operates.' }),
  fromYear: fromYear(),
  slots: count(10, { doc: 'Organizations incubated at the same time.', range: [2, 40] }, 100000),
  months: count(12, { doc: 'Months of incubation.', range: [6, 24] }, 120),
  grantPerMonth: amount(1500, { doc: 'Monthly grant to each incubated organization (yuan).', range: [0, 5000] }),
  operatingCostPerSlotPerMonth: amount(1000, { doc: 'What running the incubator costs a month per place (space, the support organization’s staff), from the incubator budget line (yuan); grants come on top.', source: 'assumption; Xitun bought a support organization’s service to run its incubator (003)', range: [300, 3000] }),
  capacityBuilding: amount(0.02, { doc: 'Monthly skill gain from training while incubated.', range: [0, 0.05] }, 1),
  freeSpace: flag(true, { doc: 'Incubated organizations pay no overhead (free space).' }),
  teamsPer1kVolunteersPerMonth: amount(20, {
    doc: 'Would-be founding teams that apply for the incubator each month per 1,000 of the region’s volunteers (its residents’ volunteerShare × their trust in organizations): new teams come from the volunteer base, so where it is thin, places stay empty.',
    source: 'assumption: enough that every preset’s volunteers bring the teams its incubator takes (Xitun filled its places from 2,000+ volunteers, 003); thin bases elsewhere (002, problem 1)',
    range: [2, 30],
  }, 1000),
  upgradeShare: share(0.3, {
    doc: 'Share of intake that are existing self-organizations (the rest are new teams).',
    source: 'Xitun: 8 upgraded of 30 incubated or upgraded (003)',
    range: [0.1, 0.5],
  }),
  registrationBoost: share(0.4, { doc: 'Extra probability that a graduate registers.', range: [0.2, 0.6] }),
  filing: flag(false, { doc: 'Registration reform: new community groups may file (备案) instead of registering; acts from the lever’s fromYear even without an incubator (enabled: false).', source: '004' }),
});
export type IncubatorPolicy = z.output<typeof incubatorSchema>;
