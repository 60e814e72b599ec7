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
  population: count(27000, { doc: 'Residents (people) in the region.', source: 'Xitun: 27,000 residents (003)' }, 100_000_000, 1),
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
  // Every community needs residents: a community of none would have a committee serving nobody,
  // and rates per 10,000 people would divide by almost nothing. (Skipped when population is
  // itself out of range: its own bound says so.)
  const agents = Math.round(r.population / r.peoplePerAgent);
  if (r.population >= 1 && agents < communities)
    ctx.addIssue({
      code: 'custom',
      path: ['population'],
      input: r.population,
      message: `expected at least ${(communities * r.peoplePerAgent).toLocaleString('en-US')} people: one resident agent (peoplePerAgent ${r.peoplePerAgent}) for each of the ${communities.toLocaleString('en-US')} communities (or lower region.peoplePerAgent or the number of communities)`,
    });
});

/**
 * The social-worker labour market (agents/socialWorker.ts): a regional pool of workers with
 * experience; entry from graduates that responds to pay; quits that rise with pay below the
 * market, owed wages and workload and fall with experience and stable funding; leavers who move
 * to another provider or leave the sector. Shenzhen is the anchor: 28.7% quit within a year at
 * about ¥3,000 a month, tenure under two years, exam applicants 3,961 (2008) → 2,548 (2010)
 * (FACTS.md, outside, secondary).
 */
const labourSchema = z.strictObject({
  // At least ¥100 a month, as outsideWagePerMonth: buyers price a need at this pay, so at 0 a
  // contract would buy without limit (capacity = value / 0), and the going rate it stands in for
  // before anyone is employed divides pay in the quit rule.
  wagePerMonth: amount(3000, { doc: 'Monthly pay providers offer a professional social worker, and that buyers price contracts in (yuan); providers’ own offers spread around it (wageSpread).', source: 'Shenzhen 2011–12: about ¥3,000 a month; a post priced at ¥60k/yr incl. overhead in 2008 (FACTS.md, outside)', range: [1500, 8000] }, 1e12, 100),
  outsideWagePerMonth: amount(3600, { doc: 'Pay a social worker could earn outside the sector (yuan a month): the outside option against which quitting, leaving the sector and entering it are weighed.', source: 'assumption; Shenzhen social workers left for better-paid work (FACTS.md, outside)', range: [1500, 12000] }, 1e6, 100),
  overheadRate: amount(0.25, { doc: 'Overhead on staff pay in a service’s cost estimate.', range: [0.1, 0.4] }, 5),
  poolPer10k: amount(10, { doc: 'Social and care workers in the region per 10,000 residents at the start (employed or looking for work).', range: [3, 40] }, 10000),
  initialExperienceYears: amount(2, { doc: 'Mean years of experience of the workers at the start (exponentially distributed).', source: 'assumption; Shenzhen: average tenure under two years (FACTS.md, outside)', range: [0.5, 5] }, 40),
  graduatesPer10kPerYear: amount(2, { doc: 'New social and care workers entering the pool per 10,000 residents a year when providers pay the outside option (graduates, exam passers); scaled by (going rate / outsideWagePerMonth, at most entryPayCap)^entryPayElasticity. Training adds to it.', source: 'assumption; Shenzhen exam applicants fell 3,961 → 2,548 in two years as pay lagged (FACTS.md, outside)', range: [0.5, 5] }, 1000),
  entryPayElasticity: amount(1.5, { doc: 'How strongly entry responds to pay relative to the outside option.', source: 'assumption; applicants −36% in two years (Shenzhen 2008–10, FACTS.md) with pay flat', range: [0.5, 3] }, 10),
  entryPayCap: amount(3, { doc: 'Pay relative to the outside option beyond which better pay draws no more entrants: the pool of would-be social workers, not pay, then limits entry.', range: [1.5, 5] }, 100, 1),
  turnoverPerMonth: share(0.025, { doc: 'q0: monthly probability that a newly hired worker quits when paid the outside option and what other providers pay, with no owed wages, normal workload and no funding secured ahead; the factors below move it.', source: 'assumption, calibrated to Shenzhen: 28.7% quit within a year at about ¥3,000 a month (FACTS.md, outside, secondary)', range: [0.01, 0.05] }),
  quitPaySensitivity: amount(2, { doc: 'b_w: quits × exp(−b_w·(pay / outsideWagePerMonth − 1)): a sector that pays above the outside option keeps its workers, one below it loses them.', source: 'assumption; pay is the first reason Shenzhen workers gave for leaving (FACTS.md)', range: [0.5, 4] }, 20),
  quitRelativePaySensitivity: amount(2, { doc: 'b_r: quits × exp(−b_r·(pay / going rate − 1)): a provider paying below what other providers pay loses workers to them.', range: [0, 4] }, 20),
  quitOwedWagesFactor: amount(0.5, { doc: 'b_o: quits × (1 + b_o·months of wages owed by the employer).', source: 'assumption; owed wages named by Shenzhen leavers (FACTS.md)', range: [0, 1.5] }, 20),
  quitWorkloadFactor: amount(0.5, { doc: 'Quits × (1 + this·overload), overload = posts the contracts fund per worker on staff, less 1, counted up to overloadCap.', range: [0, 1.5] }, 20),
  overloadCap: amount(2, { doc: 'Overload (posts funded per worker on staff, less 1) beyond which more unfilled posts add no further pressure to quit.', range: [1, 4] }, 100),
  quitExperienceRelief: share(0.3, { doc: 'b_e: quits × (1 − b_e·seniority), seniority = min(experience, seniorityYears)/seniorityYears: experienced workers stay.', range: [0, 0.6] }),
  seniorityYears: amount(5, { doc: 'Years of experience at which a worker counts as fully senior: seniority = min(experience, this)/this relieves quits (quitExperienceRelief), raises pay (seniorityPayPremium) and so a bidder’s costs.', range: [3, 10] }, 40, 0.5),
  quitStabilityRelief: share(0.4, { doc: 'Quits × (1 − this·stability), stability = months of funding the employer has secured ahead / stabilityHorizonMonths, at most 1 (1 for public institutions): public-sector-like stability keeps staff.', source: 'assumption; third-sector social workers are less stable than public-sector ones (China 2019, n = 6,776; FACTS.md)', range: [0, 0.7] }),
  stabilityHorizonMonths: amount(36, { doc: 'Months of funding secured ahead at which a worker sees the employer as fully stable (stability 1, as a public institution).', range: [12, 60] }, 600, 1),
  sectorExitShare: share(0.3, { doc: 's0: share of quitters who leave the sector even when pay matches the outside option (the rest look for another provider).', range: [0.1, 0.6] }),
  sectorExitPayGap: amount(1, { doc: 's1: the share leaving the sector rises by s1 × (outside − pay) / outside when pay is below the outside option.', range: [0, 2] }, 10),
  poolExitPerMonth: share(0.03, { doc: 'Monthly probability that a worker without a post leaves the sector (finds other work).', range: [0.01, 0.1] }),
  wageSpread: share(0.1, { doc: 'Spread (log-normal σ) of providers’ pay levels around wagePerMonth at founding.', range: [0, 0.3] }),
  wageRaisePerMonth: share(0.02, { doc: 'How much a provider with unfilled posts raises its pay offer a month (cash permitting), up to maxPayPremium.', range: [0, 0.05] }),
  maxPayPremium: share(0.3, { doc: 'Most a provider pays above wagePerMonth (and least below it) as a share of it.', range: [0.1, 0.5] }),
  seniorityPayPremium: share(0.2, { doc: 'Pay premium of a fully senior worker (seniorityYears of experience or more) over a new one (linear in between).', range: [0, 0.5] }),
  performancePayShare: share(0, { doc: 'Share of pay that depends on performance rather than base salary.', range: [0, 0.5] }),
  performancePayRetention: share(0.5, { doc: 'How much a yuan of performance pay keeps a worker, relative to a yuan of base pay.', source: 'Beijing discrete-choice experiment: base pay retains better than performance pay (FACTS.md, outside); value an assumption', range: [0, 1] }),
  experienceWeight: share(0.3, { doc: 'Weight of the team’s experience in the quality it delivers (the rest is the organization’s skill).', range: [0, 0.6] }),
  experienceYearsForFullQuality: amount(3, { doc: 'Mean team experience (years) at which experience adds fully to quality.', range: [1, 6] }, 40, 0.1),
  skillLossPerQuit: share(0.01, { doc: 'Organizational know-how a team of skillLossTeamSize or fewer loses per worker who leaves (larger teams lose proportionally less: × skillLossTeamSize/(staff + 1)).', range: [0, 0.03] }),
  skillLossTeamSize: amount(10, { doc: 'Staff up to which a worker who leaves costs the team the full skillLossPerQuit; in larger teams others hold the know-how.', range: [5, 20] }, 10000, 1),
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
  initialAwareness: share(0.4, { doc: 'Share of residents aware that purchased services exist.', source: 'assumption; cf. Guangzhou 2012, three years into purchase: 41.6% unclear what the centres do (FACTS.md), so about 58% knew', range: [0.2, 0.6] }),
  learningRate: share(0.2, { doc: 'α: how far one service experience moves trust toward its quality.', range: [0.05, 0.4] }),
  wordOfMouthReach: amount(10, { doc: 'Neighbours one service experience reaches: the community’s trust moves toward 1 (good service) or 0 (poor) by reach × α × (quality − trust) / residents.', range: [2, 30] }, 10000),
  wordOfMouth: share(0.05, { doc: 'β: monthly pull of trust toward the community mean.', range: [0.01, 0.15] }),
  awarenessByWordOfMouth: share(0.5, { doc: 'Monthly awareness gain per unit of served share of the community.', range: [0.1, 1] }),
  patienceMonths: count(3, { doc: 'Months a resident waits with an unmet need before giving up.', range: [1, 6] }, 24, 1),
  complaintProbability: share(0.3, { doc: 'Probability that giving up on a need becomes a complaint or petition (信访).', range: [0.1, 0.5] }),
  socialWorkerComplaintRelief: share(0.5, { doc: 'Reduction of that probability where a purchased contract serves the resident’s community in the need’s domain (its social workers take up cases; volunteer groups do not).', source: '004 (social workers take up petition cases)', range: [0.2, 0.8] }),
  choiceSharpness: amount(2, { doc: 'Where several providers or volunteer groups serve a community (vouchers, neighbourhood groups), how strongly residents favour the better one: choice ∝ ((reputation + quality last month) / 2)^this.', range: [0, 6] }, 50),
  satisfactionRate: share(0.3, { doc: 'How fast satisfaction moves toward the latest service outcome.', range: [0.1, 0.5] }),
  satisfyingQuality: amount(0.6, { doc: 'Service quality at which a resident is fully satisfied (satisfaction = min(1, quality / this)).', source: 'assumption; Xitun reported 97% satisfaction with home elder care (003)', range: [0.4, 0.8] }, 1, 0.05),
  volunteerShare: share(0.07, { doc: 'Share of residents willing to volunteer at full trust in organizations; a community’s volunteers are this share × its mean trust, and found self-organizations (7.12).', source: 'Xitun 2013: 2,000+ of 27,000 joined self-organizations (003), observed at low trust: taking it as the share at full trust is an assumption (at Xitun’s initial trust 0.3 the pool is about 600, the 2,000 are the members of the groups it starts with)', range: [0.02, 0.15] }),
});

const initialOrgSchema = z.strictObject({
  count: count(1, { doc: 'How many organizations of this kind exist at the start.' }, 10_000_000),
  type: z.enum(PROVIDER_TYPES).default('socialOrganization').meta({ description: 'Provider type.', source: 'scenario design' }),
  status: z.enum(STATUSES).default('registered').meta({ description: 'Legal status: self-organization, filed (备案) or registered (民非).', source: 'scenario design' }),
  origin: z.enum(ORIGINS).default('grassroots').meta({ description: 'Origin: grassroots, incubated, upgraded, introduced or affiliated (官办, an insider).', source: 'scenario design' }),
  domain: z.enum([...DOMAINS, 'any']).default('any').meta({ description: 'Main service domain; "any" draws one per organization in proportion to need rates.', source: 'scenario design' }),
  staff: count(2, { doc: 'Paid staff each (hired from the regional pool at the start).', range: [0, 10] }, 100000),
  members: count(10, { doc: 'Volunteers or members each.', range: [3, 30] }, 100000),
  skill: share(0.4, { doc: 'Initial skill.', range: [0.2, 0.6] }),
  reputation: share(0.5, { doc: 'Initial reputation (last evaluation score; 0.5 is neutral).', range: [0.3, 0.8] }),
  cashMonths: amount(2.2, { doc: 'Starting cash in months of costs.', source: 'US median 2.2 months (FACTS.md, outside)', range: [0.5, 6] }, 120),
});

const organizationsSchema = z.strictObject({
  initial: z.array(initialOrgSchema).default([]).meta({ description: 'Organizations present at the start, by type, status, origin and domain.' }),
  foundingPer10kPerYear: amount(0.4, { doc: 'λ0: grassroots foundings per 10,000 residents a year at low density.', source: 'assumption; China registers 70–80k a year ≈ 0.5 per 10k (FACTS.md)', range: [0.1, 1.5] }, 1000),
  legitimation: amount(0.5, { doc: 'a in λ(N)=λ0(1+aN)exp(−bN²): founding rises with density N (per 10k).', source: 'organizational ecology (Hannan & Carroll)', range: [0.1, 1] }, 100),
  competition: amount(0.02, { doc: 'b in λ(N): founding falls when crowded.', range: [0.005, 0.05] }, 100),
  registrationProbability: share(0.25, { doc: 'Probability that a new grassroots founder meets the registration threshold (where registration is direct; see policies.registration).', range: [0.1, 0.5] }),
  demandPull: amount(0, { doc: 'Rise of a street’s founding rate per lot that found no provider in the last procurement round (0 = founders do not follow unspent money).', range: [0, 1] }, 100),
  enterpriseShare: share(0.15, { doc: 'Share of new providers that are enterprises.', source: '000 (enterprise providers exist but are few)', range: [0, 0.4] }),
  founderSkill: share(0.4, { doc: 'Mean skill of a new founding team (uniform within ± founderSkillSpread).', range: [0.25, 0.55] }),
  founderSkillSpread: share(0.1, { doc: 'Half-width of the uniform spread of founders’ and groups’ skill.', range: [0, 0.2] }),
  initialReputation: share(0.4, { doc: 'Reputation of a new organization before any evaluation (0.5 is a neutral score): young organizations have little track record.', source: 'liability of newness (Hannan & Carroll; MODEL.md); value an assumption', range: [0.25, 0.5] }),
  selfOrgsPer1kVolunteersPerYear: amount(2, { doc: 'Self-organizations volunteers found per 1,000 volunteers a year.', range: [0.5, 5] }, 1000),
  selfOrgCultureShare: share(0.5, { doc: 'Share of new self-organizations that are culture and recreation groups (the rest follow needs).', source: 'Xitun 2016: 17 of 33 organizations culture/recreation (003)', range: [0.3, 0.7] }),
  groupSkill: share(0.3, { doc: 'Mean skill of a new self-organization (volunteer group).', range: [0.2, 0.4] }),
  memberLeavePerMonth: share(0.06, { doc: 'Monthly probability that a member leaves a volunteer group (self-organization or filed group without paid staff) with no money for activities; money lowers it (fundingWitherRelief). A group with fewer than minMembers withers.', source: 'assumption; Xitun: most of 132 groups withered within three years without funding (003)', range: [0.02, 0.12] }),
  memberJoinPerMonth: share(0.05, { doc: 'Monthly recruits per member of a volunteer group that had money for a full month of activities and used all its members’ time serving neighbours (fewer in proportion to either): funded, active groups grow; unfunded or idle ones shrink.', range: [0.01, 0.1] }),
  minMembers: count(3, { doc: 'Members below which a volunteer group withers.', range: [2, 5] }, 1000, 1),
  fundingWitherRelief: share(0.8, { doc: 'How much money for activities (grants, projects, donations) keeps members: leaving × (1 − this × min(1, money spent this month / groupActivityCostPerMonth)).', source: '003 (groups withered for lack of a funding channel)', range: [0.5, 1] }),
  groupActivityCostPerMonth: amount(500, { doc: 'What a volunteer group spends on activities in a month when it has the money (yuan); 0: activities need no money, and every group keeps and gains members as a funded one does.', source: 'assumption; Xitun package: ¥175,000 for 21 projects ≈ ¥700 a month each (003)', range: [100, 2000] }),
  volunteerNeedsPerMemberPerMonth: amount(0.1, { doc: 'Needs of neighbours one member of a volunteer group serves a month, in its domain and community.', range: [0.02, 0.3] }, 100),
  volunteerQuality: share(0.6, { doc: 'Quality of volunteers’ service relative to a professional team of the same skill.', range: [0.4, 0.8] }),
  volunteerSkillGrowthPerMonth: share(0.003, { doc: 'Monthly skill a volunteer group gains from serving neighbours.', range: [0, 0.01] }),
  filingSkill: share(0.4, { doc: 'Skill at which a self-organization may file (备案) where filing exists.', range: [0.3, 0.5] }),
  filingMinMembers: count(8, { doc: 'Members a self-organization needs to file.', range: [3, 20] }, 10000),
  filingPerMonth: share(0.01, { doc: 'Monthly probability that a self-organization able to file does so.', range: [0, 0.05] }),
  registerSkill: share(0.5, { doc: 'Skill at which a filed group may register (民非).', range: [0.4, 0.6] }),
  registerPerMonth: share(0.02, { doc: 'Monthly probability that a filed group able to register does so (times the sponsor chance under dual management).', range: [0.005, 0.05] }),
  overheadPerMonth: amount(600, { doc: 'Fixed running costs (rent, accounts) of a registered organization a month, idle or not (yuan); staff overhead is in labour.overheadRate.', range: [200, 3000] }),
  dormantOverheadShare: share(1, { doc: 'Share of the fixed costs a registered organization with no staff and no contract still pays (1: rent and accounts run on whether or not there is work; lower for a desk in a shared office).', range: [0.2, 1] }),
  coreStaff: count(1, { doc: 'Staff a registered organization keeps without contracts while its cash allows.', range: [0, 2] }, 100),
  coreReserveMonths: amount(1, { doc: 'Months of core costs (core staff and fixed costs) an organization without contracts must hold to keep its core staff, and a group must hold to register.', range: [0.5, 6] }, 120),
  startingCashMonths: amount(2.2, { doc: 'Median starting cash of a founder, in months of costs (log-normal, see startingCashSpread).', source: 'US median 2.2 months (FACTS.md, outside)', range: [0.5, 6] }, 120),
  startingCashSpread: amount(0.8, { doc: 'σ of the log-normal starting cash: many founders start with under a month, a few with a year.', source: 'assumption; US: median 2.2 months, 4.5 with savings (FACTS.md, outside)', range: [0, 1.5] }, 5),
  arrearsMonths: amount(1.5, { doc: 'Months of costs an organization can run in arrears (unpaid wages, founders’ loans) before it is insolvent.', range: [0.5, 3] }, 120),
  insolvencyMonths: count(2, { doc: 'Consecutive months beyond the arrears limit that end an organization.', range: [1, 6] }, 60, 1),
  idleMonthsToExit: count(60, { doc: 'Last resort: months without staff, contract, grant or a resident served after which a registered organization, or a filed group holding a contract or staff, is deregistered (annual inspections lapse). Volunteer groups end by withering instead; cash, not this timer, ends most organizations.', range: [36, 120] }, 600, 1),
  donationsPerCapitaPerYear: amount(2, { doc: 'Donations to community service organizations per resident a year (yuan): a regional pool shared each month among formal organizations by reputation, so donors’ money thins as organizations multiply.', source: 'assumption; Xitun enterprises gave a ¥112,000 micro-fund for 27,000 residents ≈ ¥4 each (003)', range: [0, 50] }, 100000),
  donorMemoryMonths: count(12, { doc: 'Donors give only to formal organizations that served a resident within this many months: a newcomer lives on its founders’ cash until it has a track record.', source: 'assumption; liability of newness from lacking external legitimacy (FACTS.md, outside: Hannan & Carroll)', range: [3, 36] }, 600, 1),
  skillGrowthPerMonth: share(0.01, { doc: 'Monthly skill gain from doing contracted work.', range: [0.002, 0.03] }),
  workingCapitalPrudence: share(0.5, { doc: 'Share of the working capital a contract’s payment terms imply (wages fronted until instalments arrive, less the advance) that a bidder checks against its cash and what it can owe; below 1, providers count on being paid sooner than the terms say and can be caught short.', source: 'assumption; 004, risk 4: organizations front money and the more they win the larger the gap', range: [0, 1] }),
  maxContracts: count(4, { doc: 'Contracts an organization takes on at once, plus one per staffPerExtraContract staff.', range: [2, 8] }, 1000),
  staffToBidCityWide: count(10, { doc: 'Under city-wide bidding, staff a provider needs to bid outside its own district (small organizations work where they are based).', range: [3, 30] }, 100000),
  staffPerExtraContract: count(10, { doc: 'Staff that let an organization take one more contract at once.', range: [5, 20] }, 10000, 1),
  insiderFixedCostShare: share(0, { doc: 'Share of its fixed costs an affiliated (官办) provider pays itself: its incumbent houses it (rooms, accounts), so it outlasts idle spells that close others.', source: '004, risk 5 (官办 organizations backed by their government sponsors); value an assumption', range: [0, 1] }),
  insiderCashMonths: amount(6, { doc: 'Starting cash, in months of costs, of an affiliated (官办) provider an incumbent sets up, backed by its budget.', range: [3, 12] }, 120),
  insiderSkill: share(0.35, { doc: 'Skill of an affiliated provider an incumbent sets up.', range: [0.2, 0.5] }),
  insiderReputation: share(0.5, { doc: 'Reputation with the buyer, before any evaluation, of an affiliated provider an incumbent sets up: it carries its parent’s standing, so it starts above a newcomer (initialReputation).', source: 'assumption; 004, risk 5 (官办 organizations)', range: [0.3, 0.7] }),
  introducedCashMonths: amount(6, { doc: 'Starting cash, in months of costs, of a provider drawn in from outside the region.', range: [3, 12] }, 120),
  introducedSkill: share(0.6, { doc: 'Mean skill of a provider drawn in from outside the region (uniform within ± founderSkillSpread).', source: 'assumption: established agencies from elsewhere (000: agencies from Hong Kong and Shenzhen)', range: [0.45, 0.75] }),
  introducedReputation: share(0.5, { doc: 'Reputation, before any evaluation here, of a provider drawn in from outside the region: an established agency with a record elsewhere.', source: 'assumption: established agencies from elsewhere (000: agencies from Hong Kong and Shenzhen)', range: [0.4, 0.7] }),
  introducedExperienceYears: amount(3, { doc: 'Experience of the staff an outside provider brings into the region.', range: [1, 6] }, 40),
  offDomainQuality: share(0.85, { doc: 'Quality a provider keeps when it works outside its main domain (in the same family of domains).', range: [0.6, 1] }),
});

const levelSchema = (name: string, budget: number, share_: number, catalogue: Domain[]) =>
  z
    .strictObject({
      budgetPerCapita: amount(budget, { doc: `Annual spending of the ${name} government per resident (yuan).`, range: [budget / 2, budget * 2] }),
      purchaseShare: share(share_, { doc: `Share of its budget the ${name} government sets aside for purchased services (money that follows transferred functions comes on top; renewals keep the funding of the contract they replace).`, source: 'Luohu: 10.4% (000); default an assumption', range: [0, 0.15] }),
      politicalWill: share(0.5, { doc: `Political will (重视程度) of the ${name} government: lowers the chance that incumbents block its transfers and the cooperation resisting committees withhold; its budgets follow it (7.4). It does not change how many transfers are attempted.`, source: '002, problem 4; level an assumption', range: [0.2, 0.9] }),
      catalogue: z.array(z.enum(DOMAINS)).default(catalogue).meta({ description: `Service domains the ${name} government buys.`, source: 'assumption; Shenzhen listed 87 transferable items (004)' }),
    })
    .prefault({});

/**
 * How governments react (agents/government/response.ts): once a year, when the money arrives,
 * political will moves with complaints and petitions (pressure from above, 考核), evaluation
 * results and measured savings, and reverts toward the level the scenario sets; next year's
 * purchase budget grows or shrinks with will, within caps; petition pressure slows transfers.
 */
const responseSchema = z
  .strictObject({
    enabled: z.boolean().default(true).meta({ description: 'Whether governments react at all (false: will and purchase budgets stay as the scenario sets them).', source: 'scenario design' }),
    complaintsNormPer10k: amount(15, { doc: 'Complaints and petitions per 10,000 residents a month that the level above treats as normal; more presses will up and slows transfers.', range: [2, 40] }, 100000),
    complaintWeight: amount(0.05, { doc: 'κ_c: yearly change of will per unit of (complaints / norm − 1), the excess capped at 3.', range: [0, 0.2] }, 5),
    evaluationWeight: amount(0.2, { doc: 'κ_e: yearly change of will per unit of (mean evaluation score of the year’s contracts − 0.5).', range: [0, 0.5] }, 5),
    savingsWeight: amount(0.02, { doc: 'κ_s: yearly change of will per unit of measured savings (in-house value of the year’s purchased service less its price, over its price; about 1.6 at Xitun’s 3.125 ratio and a 20% margin).', range: [0, 0.1] }, 5),
    willReversion: share(0.3, { doc: 'λ: yearly pull of will back toward the level the scenario sets.', range: [0.1, 0.6] }),
    budgetResponse: amount(1, { doc: 'g: a purchase budget moves toward budget × purchaseShare × (1 + g·(will − the scenario’s will)).', range: [0, 2] }, 10),
    budgetChangeCap: share(0.2, { doc: 'Largest yearly move of a purchase budget toward that target, as a share of what the scenario sets.', range: [0.05, 0.4] }),
    budgetMultiplierMin: share(0.5, { doc: 'Lowest a purchase budget can fall through will, relative to what the scenario sets (budget × purchaseShare).', range: [0.25, 0.9] }),
    budgetMultiplierMax: amount(2, { doc: 'Highest a purchase budget can rise through will, relative to what the scenario sets.', range: [1.2, 4] }, 100, 1),
    petitionTransferSlowdown: share(0.5, { doc: 'Share of the year’s transfer attempts a government under full petition pressure (complaints ≥ twice the norm) puts off.', range: [0, 1] }),
  })
  .prefault({});

const governmentsSchema = z.strictObject({
  city: levelSchema('city', 200, 0, []),
  district: levelSchema('district', 300, 0.03, ['elderCare', 'disability', 'assistance', 'correction', 'mentalHealth']),
  street: levelSchema('street', 150, 0.05, ['childrenYouth', 'family', 'employment', 'mediation', 'environment', 'culture']),
  inHouseCostRatio: amount(3.125, { doc: 'Cost of in-house delivery per need relative to the purchase price.', source: 'Xitun: 480,000 vs 153,600 a year for ~64 elders (003)', range: [1.5, 4] }, 100, 0.1),
  fundsMonth: count(7, { doc: 'Calendar month (1–12) the year’s purchase money arrives: budgets, transfers, pilots and the purchase round happen then, and contracts start then.', source: 'projects typically start in June–July because that is when funds arrive (FACTS.md, outside)', range: [1, 12] }, 12, 1),
  response: responseSchema,
});

const committeesSchema = z.strictObject({
  serviceRate: share(0.5, { doc: 'Monthly probability that a committee serves a need it still holds.', source: 'assumption; a committee carries 130+ tasks (000)', range: [0.3, 0.7] }),
  serviceQuality: share(0.45, { doc: 'Quality of in-house service by a committee.', range: [0.3, 0.6] }),
  referralProbability: share(0.4, { doc: 'Probability that a committee with no resistance sends a resident on to a provider for a transferred function (× (1 − resistance)).', range: [0.05, 0.4] }),
  initialResistance: share(0.1, { doc: 'Resistance before any transfer.', range: [0, 0.3] }),
  resistanceGain: share(0.05, { doc: 'γ: monthly rise of resistance per unit of uncompensated loss.', range: [0.02, 0.1] }),
  resistanceDecay: share(0.05, { doc: 'δ: monthly decay of resistance (equilibrium R* = γ/δ·(loss − compensation − relief)).', range: [0.02, 0.1] }),
  lossFunctionsWeight: share(0.4, { doc: 'Weight of the share of functions transferred in a committee’s loss (visitors, standing: 000, Xixiang).', range: [0.2, 0.6] }),
  lossVisitorsWeight: share(0.5, { doc: 'How much of a transferred function’s loss a committee feels through the residents who stop coming to it rather than through the transfer itself: the functions part of its loss is the share transferred × (1 − this + this × the share of those residents now served by organizations).', source: '000, Xixiang: fewer people come to the committee once a service centre serves them; value an assumption', range: [0, 1] }),
  visitorsMemoryMonths: amount(12, { doc: 'Months over which a committee judges how many of its residents in transferred functions now go to organizations (each month weighs 1/this in its running average).', range: [3, 36] }, 600, 1),
  lossFundsWeight: share(0.3, { doc: 'Weight of the share of its service money that followed the functions out (policies.transfer.fundsFollowShare).', source: '000: Jiangxi poverty offices resisted projects that diverted their funds', range: [0.1, 0.5] }),
  lossStaffWeight: share(0.3, { doc: 'Weight of the share of its staff posts lost (functions taken over rather than added to: 1 − newMoneyShare).', range: [0.1, 0.5] }),
  withholdFactor: share(0.5, { doc: 'Quality lost where the committee withholds cooperation, at full resistance and no political will.', range: [0.2, 0.7] }),
  allyThreshold: share(0.2, { doc: 'Resistance below which a committee is an ally: it helps delivery (quality × (1 + helpBonus·(1 − R/threshold))).', range: [0.05, 0.4] }),
  helpBonus: share(0.1, { doc: 'Most an allied committee adds to the quality providers deliver in its community (knowing the residents, lending rooms).', range: [0, 0.3] }),
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

