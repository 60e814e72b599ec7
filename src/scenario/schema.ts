/**
 * The scenario file: the single source of truth for every parameter of a run. YAML or JSON
 * files are validated against it; the JSON Schema (`govbuy schema`) and docs/ODD.md's parameter
 * tables are generated from it. Every field says where its default comes from.
 */
import { z } from 'zod';
import { DOMAIN_DEFAULTS, DOMAINS, type Domain } from '../agents/domains.ts';
import { ORIGINS, PROVIDER_TYPES, STATUSES } from '../agents/vocabulary.ts';
import { policiesSchema } from '../policies/registry.ts';
import { amount, count, share } from './param.ts';

/** Communities are stored in 16 bits per resident (agents/resident.ts). */
export const MAX_COMMUNITIES = 65535;

const regionSchema = z.strictObject({
  population: count(27000, { doc: 'Residents (people) in the region.', source: 'Xitun: 27,000 residents (003)' }, 100_000_000),
  peoplePerAgent: count(1, { doc: 'People one resident agent stands for (1 = full scale).', range: [1, 1000] }, 1_000_000, 1),
  districts: count(1, { doc: 'Districts (区).' }, 1000, 1),
  streetsPerDistrict: count(1, { doc: 'Streets (街道) per district.' }, 10000, 1),
  communitiesPerStreet: count(6, { doc: 'Communities (社区) per street, each with one committee.', range: [3, 15] }, 10000, 1),
}).superRefine((r, ctx) => {
  const communities = r.districts * r.streetsPerDistrict * r.communitiesPerStreet;
  if (communities > MAX_COMMUNITIES)
    ctx.addIssue({
      code: 'custom',
      path: ['communitiesPerStreet'],
      input: r.communitiesPerStreet,
      message: `the region has ${communities} communities (districts × streetsPerDistrict × communitiesPerStreet); at most ${MAX_COMMUNITIES} are supported`,
    });
});

const labourSchema = z.strictObject({
  wagePerMonth: amount(3000, { doc: 'Monthly pay of a professional social worker (yuan).', source: 'assumption; Shenzhen priced a post at ¥60k/yr incl. overhead in 2008 (FACTS.md)', range: [1500, 8000] }),
  overheadRate: amount(0.25, { doc: 'Overhead on staff pay in a service’s cost estimate.', range: [0.1, 0.4] }, 5),
  poolPer10k: amount(10, { doc: 'Social and care workers available for hire per 10,000 residents at the start.', range: [3, 40] }, 10000),
  turnoverPerMonth: share(0.02, { doc: 'Monthly probability that a worker quits (turnover lowers skill).', source: 'assumption; low pay drives turnover (002, problem 3)', range: [0.005, 0.05] }),
  skillLossPerQuit: share(0.01, { doc: 'Skill a team of ten or fewer loses per worker who quits (larger teams lose proportionally less: × 10/(staff + 1)).', range: [0, 0.03] }),
});

function domainSchema(name: Domain) {
  const d = DOMAIN_DEFAULTS[name];
  return z
    .strictObject({
      needRate: share(d.needRate, { doc: `Monthly probability that a resident develops a ${name} need.`, range: [d.needRate / 2, d.needRate * 2] }),
      unitsPerWorker: amount(d.unitsPerWorker, { doc: `Needs one worker serves a month in ${name}.`, range: [d.unitsPerWorker / 2, d.unitsPerWorker * 2] }, 10000, 0.01),
      feePerUnit: amount(d.feePerUnit, { doc: `Fee a resident pays a provider per served ${name} need (yuan).`, source: name === 'environment' ? 'Xitun building fees 120 → 200 → market (003); per-need figure an assumption' : 'assumption', range: [0, 20] }),
    })
    .prefault({});
}
const domainsSchema = z.strictObject(
  Object.fromEntries(DOMAINS.map((d) => [d, domainSchema(d)])) as { [K in Domain]: ReturnType<typeof domainSchema> },
);

const residentsSchema = z.strictObject({
  initialTrust: share(0.3, { doc: 'Mean initial trust in social organizations.', source: 'starts low (002, problem 1); 41.6% unclear what centres do (FACTS.md)', range: [0.15, 0.5] }),
  trustSpread: share(0.1, { doc: 'Standard deviation of initial trust.', range: [0.05, 0.2] }),
  trustInCommittee: share(0.55, { doc: 'Residents’ habitual trust in the committee, against which trust in organizations competes.', range: [0.4, 0.7] }),
  initialAwareness: share(0.4, { doc: 'Share of residents aware that purchased services exist.', source: 'Guangzhou 2012: 41.6% unclear what centres do (FACTS.md)', range: [0.2, 0.6] }),
  learningRate: share(0.2, { doc: 'α: how far one service experience moves trust toward its quality.', range: [0.05, 0.4] }),
  wordOfMouthReach: amount(10, { doc: 'Neighbours one service experience reaches: the community’s trust moves toward 1 (good service) or 0 (poor) by reach × α × (quality − trust) / residents.', range: [2, 30] }, 10000),
  wordOfMouth: share(0.05, { doc: 'β: monthly pull of trust toward the community mean.', range: [0.01, 0.15] }),
  awarenessByWordOfMouth: share(0.5, { doc: 'Monthly awareness gain per unit of served share of the community.', range: [0.1, 1] }),
  patienceMonths: count(3, { doc: 'Months a resident waits with an unmet need before giving up.', range: [1, 6] }, 24, 1),
  complaintProbability: share(0.3, { doc: 'Probability that giving up on a need becomes a complaint or petition (信访).', range: [0.1, 0.5] }),
  socialWorkerComplaintRelief: share(0.5, { doc: 'Reduction of that probability where a provider works in the resident’s community.', source: '004 (social workers take up petition cases)', range: [0.2, 0.8] }),
  satisfactionRate: share(0.3, { doc: 'How fast satisfaction moves toward the latest service outcome.', range: [0.1, 0.5] }),
  satisfyingQuality: amount(0.6, { doc: 'Service quality at which a resident is fully satisfied (satisfaction = min(1, quality / this)).', source: 'assumption; Xitun reported 97% satisfaction with home elder care (003)', range: [0.4, 0.8] }, 1, 0.05),
  volunteerShare: share(0.07, { doc: 'Share of residents willing to volunteer at full trust.', source: 'Xitun 2013: 2,000+ of 27,000 joined self-organizations (003)', range: [0.02, 0.15] }),
});

const initialOrgSchema = z.strictObject({
  count: count(1, { doc: 'How many organizations of this kind exist at the start.' }, 10_000_000),
  type: z.enum(PROVIDER_TYPES).default('socialOrganization').meta({ description: 'Provider type.', source: 'scenario design' }),
  status: z.enum(STATUSES).default('registered').meta({ description: 'Legal status: self-organization, filed (备案) or registered (民非).', source: 'scenario design' }),
  origin: z.enum(ORIGINS).default('grassroots').meta({ description: 'Origin: grassroots, incubated, upgraded, introduced or affiliated (官办, an insider).', source: 'scenario design' }),
  domain: z.enum([...DOMAINS, 'any']).default('any').meta({ description: 'Main service domain; "any" draws one per organization in proportion to need rates.', source: 'scenario design' }),
  staff: count(2, { doc: 'Paid staff each.', range: [0, 10] }, 100000),
  members: count(10, { doc: 'Volunteers or members each.', range: [3, 30] }, 100000),
  skill: share(0.4, { doc: 'Initial skill.', range: [0.2, 0.6] }),
  cashMonths: amount(2.2, { doc: 'Starting cash in months of costs.', source: 'US median 2.2 months (FACTS.md, outside)', range: [0.5, 6] }, 120),
});

const organizationsSchema = z.strictObject({
  initial: z.array(initialOrgSchema).default([]).meta({ description: 'Organizations present at the start, by type, status, origin and domain.' }),
  foundingPer10kPerYear: amount(0.4, { doc: 'λ0: grassroots foundings per 10,000 residents a year at low density.', source: 'assumption; China registers 70–80k a year ≈ 0.5 per 10k (FACTS.md)', range: [0.1, 1.5] }, 1000),
  legitimation: amount(0.5, { doc: 'a in λ(N)=λ0(1+aN)exp(−bN²): founding rises with density N (per 10k).', source: 'organizational ecology (Hannan & Carroll)', range: [0.1, 1] }, 100),
  competition: amount(0.02, { doc: 'b in λ(N): founding falls when crowded.', range: [0.005, 0.05] }, 100),
  registrationProbability: share(0.25, { doc: 'Probability that a new grassroots founder meets the registration threshold.', range: [0.1, 0.5] }),
  demandPull: amount(0, { doc: 'Rise of a street’s founding rate per lot that found no provider in the last procurement round (0 = founders do not follow unspent money).', range: [0, 1] }, 100),
  enterpriseShare: share(0.15, { doc: 'Share of new providers that are enterprises.', source: '000 (enterprise providers exist but are few)', range: [0, 0.4] }),
  selfOrgsPer1kVolunteersPerYear: amount(2, { doc: 'Self-organizations volunteers found per 1,000 volunteers a year.', range: [0.5, 5] }, 1000),
  selfOrgWitherPerMonth: share(0.06, { doc: 'Monthly probability that an unfunded self-organization withers.', source: 'Xitun: most of 132 groups withered without funding (003); rate an assumption', range: [0.02, 0.12] }),
  overheadPerMonth: amount(600, { doc: 'Fixed running costs (rent, accounts) of an active registered organization a month (yuan); staff overhead is in labour.overheadRate.', range: [200, 3000] }),
  coreStaff: count(1, { doc: 'Staff a formal organization keeps without contracts.', range: [0, 2] }, 100),
  startingCashMonths: amount(2.2, { doc: 'Starting cash of a founder, in months of costs.', source: 'US median 2.2 months (FACTS.md, outside)', range: [0.5, 6] }, 120),
  arrearsMonths: amount(1.5, { doc: 'Months of costs an organization can run in arrears (unpaid wages, founders’ loans) before it is insolvent.', range: [0.5, 3] }, 120),
  insolvencyMonths: count(2, { doc: 'Consecutive months beyond the arrears limit that end an organization.', range: [1, 6] }, 60, 1),
  idleMonthsToExit: count(24, { doc: 'Months without a contract, incubation or grant funding after which an organization exits.', range: [12, 48] }, 600, 1),
  donationPerMonth: amount(300, { doc: 'Mean monthly donations to a formal organization, scaled by reputation (yuan).', source: 'assumption; Xitun enterprises gave a 112,000 micro-fund (003)', range: [0, 2000] }),
  skillGrowthPerMonth: share(0.01, { doc: 'Monthly skill gain from doing contracted work.', range: [0.002, 0.03] }),
  maxContracts: count(4, { doc: 'Contracts an organization takes on at once, plus one per 10 staff.', range: [2, 8] }, 1000),
});

const levelSchema = (name: string, budget: number, share_: number, catalogue: Domain[]) =>
  z
    .strictObject({
      budgetPerCapita: amount(budget, { doc: `Annual spending of the ${name} government per resident (yuan).`, range: [budget / 2, budget * 2] }),
      purchaseShare: share(share_, { doc: `Share of its budget the ${name} government sets aside for purchased services (money that follows transferred functions comes on top; renewals keep the funding of the contract they replace).`, source: 'Luohu: 10.4% (000); default an assumption', range: [0, 0.15] }),
      politicalWill: share(0.5, { doc: `Political will (重视程度) of the ${name} government: speeds transfers and resists blocking.`, source: '002, problem 4; level an assumption', range: [0.2, 0.9] }),
      catalogue: z.array(z.enum(DOMAINS)).default(catalogue).meta({ description: `Service domains the ${name} government buys.`, source: 'assumption; Shenzhen listed 87 transferable items (004)' }),
    })
    .prefault({});

const governmentsSchema = z.strictObject({
  city: levelSchema('city', 200, 0, []),
  district: levelSchema('district', 300, 0.03, ['elderCare', 'disability', 'assistance', 'correction', 'mentalHealth']),
  street: levelSchema('street', 150, 0.05, ['childrenYouth', 'family', 'employment', 'mediation', 'environment', 'culture']),
  inHouseCostRatio: amount(3.125, { doc: 'Cost of in-house delivery per need relative to the purchase price.', source: 'Xitun: 480,000 vs 153,600 a year for ~64 elders (003)', range: [1.5, 4] }, 100, 0.1),
});

const committeesSchema = z.strictObject({
  serviceRate: share(0.5, { doc: 'Monthly probability that a committee serves a need it still holds.', source: 'assumption; a committee carries 130+ tasks (000)', range: [0.3, 0.7] }),
  serviceQuality: share(0.45, { doc: 'Quality of in-house service by a committee.', range: [0.3, 0.6] }),
  referralProbability: share(0.4, { doc: 'Probability that a committee sends a resident on to a provider for a transferred function.', range: [0.05, 0.4] }),
  initialResistance: share(0.1, { doc: 'Resistance before any transfer.', range: [0, 0.3] }),
  resistanceGain: share(0.05, { doc: 'γ: monthly rise of resistance per unit of uncompensated loss.', range: [0.02, 0.1] }),
  resistanceDecay: share(0.05, { doc: 'δ: monthly decay of resistance (equilibrium R* = γ/δ·(loss − compensation)).', range: [0.02, 0.1] }),
  withholdFactor: share(0.5, { doc: 'Quality lost where the committee withholds cooperation, at full resistance.', range: [0.2, 0.7] }),
  spinOffProbability: share(0.4, { doc: 'Probability that a resisting incumbent sets up its own (affiliated) provider when a function leaves, scaled by resistance.', source: '004, risk 5 (官办 organizations)', range: [0.1, 0.6] }),
  complaintsPerMonth: amount(2, { doc: 'Complaints upward a committee at full resistance files a month.', range: [0.5, 5] }, 1000),
});

/**
 * Most schedule entries a scenario may have. Each entry is applied and the scenario re-validated
 * at load time and again during the run (a few ms each), so a file of tens of thousands of
 * entries, well under the 5 MB file cap, would take many minutes before the first month.
 */
export const MAX_SCHEDULE_ENTRIES = 1000;

const scheduleEntrySchema = z.strictObject({
  year: z.number().int().min(0).max(200).meta({ description: 'Run year the change takes effect (0 = start).' }),
  set: z.record(z.string(), z.unknown()).meta({ description: 'Dotted parameter paths (under policies, governments, labour, residents, organizations, committees or domains) and their new values.' }),
  note: z.string().optional().meta({ description: 'Why the change happens (free text, e.g. the policy document).' }),
});

export const scenarioSchema = z.strictObject({
  name: z.string().min(1).default('unnamed scenario').meta({ description: 'Name of the scenario, shown in reports.' }),
  description: z.string().default('').meta({ description: 'What the scenario represents, in a few sentences.' }),
  nameZh: z.string().min(1).optional().meta({ description: 'Chinese name of the place (Chinese reports and pages name it only this way; default: the name).', source: 'scenario design' }),
  descriptionZh: z.string().optional().meta({ description: 'The description in Chinese (Chinese reports and pages show it; default: the description).', source: 'scenario design' }),
  startYear: z.number().int().min(1900).max(2200).default(2013).meta({ description: 'Calendar year of the first month.', source: 'scenario design' }),
  years: z.number().int().min(1).max(200).default(20).meta({ description: 'Years simulated.', source: 'scenario design' }),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1).meta({ description: 'Default seed (the CLI’s --seed overrides it).' }),
  region: regionSchema.prefault({}),
  labour: labourSchema.prefault({}),
  domains: domainsSchema.prefault({}),
  residents: residentsSchema.prefault({}),
  organizations: organizationsSchema.prefault({}),
  governments: governmentsSchema.prefault({}),
  committees: committeesSchema.prefault({}),
  policies: policiesSchema.prefault({}),
  schedule: z
    .array(scheduleEntrySchema)
    .max(MAX_SCHEDULE_ENTRIES)
    .default([])
    .meta({ description: `Parameter changes at given run years (a policy schedule), at most ${MAX_SCHEDULE_ENTRIES} entries.` }),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScheduleEntry = z.output<typeof scheduleEntrySchema>;

