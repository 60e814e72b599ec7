/**
 * Providers: social organizations (社会组织 / 民办社工机构), and the enterprises and public
 * institutions (事业单位) that also take purchased work (000, 003, 004): how they pay their way,
 * staff themselves, live and exit, and how new ones are founded. Their state is in
 * state/organization.ts; their staff come from the labour market (agents/socialWorker.ts).
 *
 * Two ways of life:
 * - volunteer groups (self-organizations 自组织 and filed groups 备案, without paid staff of their
 *   own) serve neighbours with their members' time, spend on activities only the money they get
 *   (grants, package projects, donations to filed groups) and wither when they have none (003);
 * - registered organizations (民非) and any provider with paid staff carry fixed costs every
 *   month, idle or not (rent, accounts, a core of staff while reserves allow), and close when
 *   cash, donations and grants cannot cover them (insolvency) or after failed evaluations.
 *   Founders start with thin, skewed reserves (median 2.2 months, FACTS.md), little reputation
 *   and modest skill, so the young die more often; contracts, reserves and reputation built up
 *   over the years protect the old (liability of newness, Hannan & Carroll; Hager,
 *   Galaskiewicz & Larson 2004). An idle timer remains only as a last resort (deregistration
 *   after annual inspections lapse).
 */
import type { World } from '../state/world.ts';
import { createOrganization, type NewOrganization, type Organization } from '../state/organization.ts';
import { yearOfMonth } from '../engine/clock.ts';
import type { RandomStream } from '../engine/rng.ts';
import { purchasingStarted } from '../policies/registry.ts';
import { registrationChance } from '../policies/registration.ts';
import { DOMAINS, lineIndex } from './domains.ts';
import type { ExitCause, OrgStatus, ProviderType } from './vocabulary.ts';
import { hireAtRandom, labourMonth, payOffer, releaseAll, wageBill } from './socialWorker.ts';
import { isVolunteerGroup, listVolunteerGroup, servedWithin } from './volunteerGroups.ts';

export { EXIT_CAUSES, ORIGINS, PROVIDER_TYPES, STATUSES } from './vocabulary.ts';
export type { ExitCause, Origin, OrgStatus, ProviderType } from './vocabulary.ts';
export type { Organization } from '../state/organization.ts';

export function totalIncome(o: Organization): number {
  return o.incomeContracts + o.incomeGrants + o.incomeFees + o.incomeDonations;
}

export function totalCosts(o: Organization): number {
  return o.costStaff + o.costOverhead;
}

export function isFormal(o: Organization): boolean {
  return o.status !== 'self';
}

export { isVolunteerGroup } from './volunteerGroups.ts';

// ── Behaviour ────────────────────────────────────────────────────────────────

/** What a new provider is given: its founding team is hired by the caller (socialWorker.ts). */
export type Founding = Omit<NewOrganization, 'month' | 'reputation' | 'payLevel'> & { reputation?: number };

/** Add a provider to the world and count its entry; its pay level is drawn around the market's. */
export function addOrganization(w: World, n: Founding, rng: RandomStream): Organization {
  const l = w.scenario.labour;
  const spread = l.wageSpread > 0 ? Math.exp(rng.normal(0, l.wageSpread)) : 1;
  const payLevel = Math.min(1 + l.maxPayPremium, Math.max(1 - l.maxPayPremium, spread));
  const org = createOrganization(w.orgs.length, {
    type: n.type,
    status: n.status,
    origin: n.origin,
    insider: n.insider,
    domain: n.domain,
    street: n.street,
    community: n.community,
    initial: n.initial,
    cash: n.cash,
    members: n.members,
    skill: n.skill,
    reputation: n.reputation ?? w.scenario.organizations.initialReputation,
    payLevel,
    month: w.month,
  });
  w.orgs.push(org);
  w.counters.entries++;
  if (isVolunteerGroup(org)) listVolunteerGroup(w, org);
  return org;
}

/** Monthly cost of `staff` workers at the market pay, overhead included, plus fixed costs. */
export function monthlyCostOf(w: World, staff: number): number {
  const s = w.scenario;
  return staff * s.labour.wagePerMonth * (1 + s.labour.overheadRate) + s.organizations.overheadPerMonth;
}

/** Starting cash for a founder with `staff` workers, `months` months of its costs. */
export function foundingCash(w: World, staff: number, months: number): number {
  return months * monthlyCostOf(w, staff);
}

/** A founder's reserves: log-normal months of costs around the median (many start with under one). */
export function founderCash(w: World, staff: number, rng: RandomStream): number {
  const o_ = w.scenario.organizations;
  return foundingCash(w, staff, o_.startingCashMonths * Math.exp(rng.normal(0, o_.startingCashSpread)));
}

/**
 * Fixed costs this month: full for an organization with paid staff or a contract, a share when
 * a registered organization is dormant (no staff, no contract), none under an incubator's free
 * space or for volunteer groups (they spend only what they have, below); an affiliated (官办)
 * provider pays only its own share, its incumbent housing it.
 */
export function fixedCosts(o: Organization, w: World): number {
  const s = w.scenario;
  if (o.incubatedUntil > w.month && s.policies.incubator.freeSpace) return 0;
  const own = o.insider ? s.organizations.insiderFixedCostShare : 1;
  if (o.staff > 0 || o.activeContracts > 0) return own * s.organizations.overheadPerMonth;
  if (o.status === 'registered') return own * s.organizations.dormantOverheadShare * s.organizations.overheadPerMonth;
  return 0;
}

/** An organization leaves: contracts end, staff look for work, the cause is recorded. */
export function exitOrganization(w: World, o: Organization, cause: ExitCause): void {
  o.alive = false;
  o.exitMonth = w.month;
  o.exitCause = cause;
  o.exitStatus = o.status;
  releaseAll(w, o);
  for (const ct of w.open) {
    if (ct.org === o.id && ct.active) {
      ct.active = false;
      ct.endedMonth = w.month;
      w.providersDirty = true;
    }
  }
  o.activeContracts = 0;
  o.staffRequired = 0;
  o.volunteerCapacityLeft = 0;
  w.counters.exits++;
}

/**
 * Is the organization's domain bought where it may bid? Decides whether a workless exit is for
 * lack of contracts (lost tenders) or lack of demand.
 */
function domainPurchased(w: World, o: Organization): boolean {
  if (!purchasingStarted(w.scenario.policies, yearOfMonth(w.month))) return false;
  const perDistrict = w.scenario.region.streetsPerDistrict;
  const cityWide = w.scenario.policies.bidding.scope === 'city';
  const first = cityWide ? 0 : Math.floor(o.street / perDistrict) * perDistrict;
  const end = cityWide ? w.streetCount : first + perDistrict;
  for (let st = first; st < end; st++) if (w.buyerOf[lineIndex(st, o.domain)] >= 0) return true;
  return false;
}

/**
 * Donations: a regional pool (donationsPerCapitaPerYear × people) shared each month among the
 * formal organizations (filed and registered: legal persons donors can give to) that donors have
 * seen at work — served a resident within the last donorMemoryMonths (servedWithin) — in proportion to
 * reputation, so the money per organization thins as organizations multiply. A newcomer has no
 * track record yet and lives on its founders' cash until it serves (external legitimacy, one
 * source of the liability of newness: FACTS.md, outside, Hannan & Carroll); money nobody
 * qualifies for is not given.
 */
function donationsMonth(w: World): void {
  const o_ = w.scenario.organizations;
  const pool = (o_.donationsPerCapitaPerYear * w.totalPeople) / 12;
  if (pool <= 0) return;
  const months = o_.donorMemoryMonths;
  let weights = 0;
  for (const o of w.orgs) if (o.alive && o.status !== 'self' && servedWithin(w, o, months)) weights += o.reputation;
  if (weights <= 0) return;
  for (const o of w.orgs) {
    if (!o.alive || o.status === 'self' || !servedWithin(w, o, months)) continue;
    const gift = (pool * o.reputation) / weights;
    o.cash += gift;
    o.incomeDonations += gift;
    o.moneyThisMonth += gift;
  }
}

/** What each provider's running contracts pay a month and the posts they fund, by organization id. */
interface ContractFunding {
  revenue: Float64Array;
  posts: Float64Array;
}

function contractFunding(w: World): ContractFunding {
  const revenue = new Float64Array(w.orgs.length);
  const posts = new Float64Array(w.orgs.length);
  for (const ct of w.open) {
    if (!ct.active) continue;
    revenue[ct.org] += ct.value / ct.months;
    posts[ct.org] += ct.staffNeeded;
  }
  return { revenue, posts };
}

/** Staff an organization wants: its contracts' posts, or a core while its reserves allow. */
function setStaffTarget(w: World, o: Organization, funding: ContractFunding): void {
  const s = w.scenario;
  const o_ = s.organizations;
  const corePerMonth = o_.coreStaff * payOffer(w, o) * (1 + s.labour.overheadRate) + o_.overheadPerMonth;
  const keepsCore = o.status === 'registered' && (o.activeContracts > 0 || o.cash >= o_.coreReserveMonths * corePerMonth);
  // Whole workers: a contract needing 1.3 workers gets one (and some understaffing), 1.6 two.
  // The core (the director) works on contracts too.
  const posts = o.staffRequired > 0 ? Math.max(1, Math.round(o.staffRequired)) : 0;
  o.targetStaff = Math.max(posts, keepsCore ? o_.coreStaff : 0);
  adjustPay(w, o, funding);
}

/**
 * A provider that could not fill the posts its contracts fund raises its offer, within what the
 * contracts pay per post (and never while in arrears); one with nothing to fill drifts back to
 * the pay level it was founded with.
 */
function adjustPay(w: World, o: Organization, funding: ContractFunding): void {
  const l = w.scenario.labour;
  const floor = 1 - l.maxPayPremium;
  if (o.vacancies > 0 && o.cash >= 0) {
    const revenue = funding.revenue[o.id];
    const posts = funding.posts[o.id];
    const affordable = posts > 0 ? revenue / posts / ((1 + l.overheadRate) * (1 + l.seniorityPayPremium / 2) * l.wagePerMonth) : o.basePayLevel;
    const ceiling = Math.min(1 + l.maxPayPremium, Math.max(o.basePayLevel, affordable));
    if (o.payLevel < ceiling) o.payLevel = Math.min(ceiling, o.payLevel * (1 + l.wageRaisePerMonth));
  } else if (o.vacancies === 0 && o.payLevel !== o.basePayLevel) {
    o.payLevel += (o.basePayLevel - o.payLevel) * l.wageRaisePerMonth;
  }
  o.payLevel = Math.max(floor, o.payLevel);
}

/**
 * One month of every provider's life: donations; staffing through the labour market; then each
 * pays its way, learns, changes status or exits.
 */
export function organizationsMonth(w: World): void {
  donationsMonth(w);
  const funding = contractFunding(w);
  for (const o of w.orgs) if (o.alive && o.status !== 'self') setStaffTarget(w, o, funding);
  labourMonth(w);
  const rng = w.streams.organizations;
  for (const o of w.orgs) {
    if (!o.alive) continue;
    if (isVolunteerGroup(o)) volunteerGroupMonth(w, o, rng);
    else paidOrganizationMonth(w, o, rng);
    o.moneyThisMonth = 0;
  }
}

/**
 * A volunteer group's month: it spends on activities what money it has, up to
 * groupActivityCostPerMonth (a package project's budget comes on top; an incubated team saves
 * the rest of its grant as the reserve it graduates with); members come and go — money keeps them, a group
 * with money that found neighbours to serve recruits, one without shrinks (003: groups withered
 * for lack of a funding channel) — and a group with too few members withers; serving builds skill, and a skilled, large enough group may file (备案) where
 * filing exists, and a filed one register when it can afford to.
 */
function volunteerGroupMonth(w: World, o: Organization, rng: RandomStream): void {
  const s = w.scenario;
  const o_ = s.organizations;
  const incubated = o.incubatedUntil > w.month;
  const funded = incubated || o.fundedUntil > w.month;
  const project = o.fundedUntil > w.month ? Math.min(Math.max(0, o.cash), o.projectSpendPerMonth) : 0;
  const activities = Math.min(Math.max(0, o.cash - project), o_.groupActivityCostPerMonth);
  const spent = project + activities;
  if (spent > 0) {
    o.cash -= spent;
    o.costOverhead += spent;
  }
  const served = o.lastServedMonth === w.month ? o.monthServedTotal : 0;
  if (served > 0) o.skill = Math.min(1, o.skill + o_.volunteerSkillGrowthPerMonth);
  if (funded) o.skill = Math.min(1, o.skill + o_.skillGrowthPerMonth);
  // Members: money keeps them; activities — money spent, neighbours served — bring new ones.
  // A group activity cost of 0 means activities need no money: every group has what a full
  // month of them takes, as a funded one does (and spent / 0 is no share).
  const cost = o_.groupActivityCostPerMonth;
  const money = funded || cost === 0 ? 1 : Math.min(1, spent / cost);
  // The share of its members' time the group used, smoothed over about a year: at coarse agent
  // scales a group serves a resident agent (who stands for many people) only every few months,
  // so one month's figure is 0 or many times its time; the smoothed one keeps the average.
  const time = (o.members * o_.volunteerNeedsPerMemberPerMonth) / w.peoplePerAgent;
  // (The cap only guards against a vanishing time: a month's ratio of a million is already
  // "fully active" for a year.)
  o.activity += ((time > 0 ? Math.min(1e6, served / time) : 0) - o.activity) / 12;
  const activity = Math.min(1, o.activity);
  const leaving = rng.poisson(o.members * o_.memberLeavePerMonth * (1 - o_.fundingWitherRelief * money));
  const joining = rng.poisson(o.members * o_.memberJoinPerMonth * activity * money);
  o.members = Math.max(0, o.members - leaving + joining);
  if (o.members < o_.minMembers && !funded) {
    exitOrganization(w, o, 'withered');
    return;
  }
  const year = yearOfMonth(w.month);
  if (o.status === 'self') {
    if (filingAvailable(w, year) && o.skill >= o_.filingSkill && o.members >= o_.filingMinMembers && rng.chance(o_.filingPerMonth)) {
      o.status = 'filed';
      o.formalSince = w.month;
    }
  } else if (o.skill >= o_.registerSkill && canAffordRegistration(w, o) && rng.chance(registrationChance(o_.registerPerMonth, s.policies.registration, year))) register(w, o, rng);
  lastResort(w, o);
}

/**
 * A group registers only with reserves for a core of paid staff and fixed costs for
 * coreReserveMonths: a registered organization carries costs every month, idle or not.
 */
export function canAffordRegistration(w: World, o: Organization): boolean {
  const o_ = w.scenario.organizations;
  return o.cash >= o_.coreReserveMonths * monthlyCostOf(w, o_.coreStaff);
}

/** Filing (备案) for community groups: from the incubator lever's fromYear when `filing` is on. */
export function filingAvailable(w: World, year: number): boolean {
  const p = w.scenario.policies.incubator;
  return p.filing && year >= p.fromYear;
}

/** A group registers (民非): it becomes a legal person and hires its core of paid staff. */
export function register(w: World, o: Organization, rng: RandomStream): void {
  if (o.formalSince < 0) o.formalSince = w.month;
  o.status = 'registered';
  o.volunteerCapacityLeft = 0;
  hireAtRandom(w, o, w.scenario.organizations.coreStaff, rng);
}

/**
 * A month of a provider with paid staff or registered status: it pays its staff and fixed
 * costs, learns by working, and exits when its cash stays beyond what it can owe.
 */
function paidOrganizationMonth(w: World, o: Organization, rng: RandomStream): void {
  const s = w.scenario;
  const o_ = s.organizations;
  const staffCost = o.staff > 0 ? wageBill(w, o) * (1 + s.labour.overheadRate) : 0;
  const fixed = fixedCosts(o, w);
  o.cash -= staffCost + fixed;
  o.costStaff += staffCost;
  o.costOverhead += fixed;

  if (o.activeContracts > 0) o.skill += o_.skillGrowthPerMonth * (1 - o.skill);
  if (o.status === 'filed' && o.skill >= o_.registerSkill && canAffordRegistration(w, o) && rng.chance(registrationChance(o_.registerPerMonth, s.policies.registration, yearOfMonth(w.month)))) register(w, o, rng);

  // Arrears (unpaid wages, loans from founders) float an organization down to a limit.
  const arrearsLimit = o_.arrearsMonths * Math.max(staffCost + fixed, o_.dormantOverheadShare * o_.overheadPerMonth);
  o.owedMonths = o.cash < 0 ? o.owedMonths + 1 : 0;
  o.consecutiveNegativeMonths = o.cash < -arrearsLimit ? o.consecutiveNegativeMonths + 1 : 0;
  if (o.consecutiveNegativeMonths >= o_.insolvencyMonths) {
    exitOrganization(w, o, 'insolvency');
    return;
  }
  lastResort(w, o);
}

/**
 * The idle timer, a last resort: a formal organization with no staff, no contract, no grant and
 * no volunteers' service for `idleMonthsToExit` months lapses (annual inspections unfiled). A
 * volunteer group with members stands ready to serve: it ends by withering, not by this timer.
 */
function lastResort(w: World, o: Organization): void {
  if (isVolunteerGroup(o)) {
    o.monthsWithoutWork = 0;
    return;
  }
  const working = o.activeContracts > 0 || o.staff > 0 || o.fundedUntil > w.month || o.incubatedUntil > w.month || o.lastServedMonth === w.month;
  o.monthsWithoutWork = working ? 0 : o.monthsWithoutWork + 1;
  if (o.status !== 'self' && o.monthsWithoutWork >= w.scenario.organizations.idleMonthsToExit)
    exitOrganization(w, o, domainPurchased(w, o) ? 'noContracts' : 'noDemand');
}

/** A community's volunteers (people): residents.volunteerShare of its people, times their mean trust in organizations. */
export function communityVolunteers(w: World, cm: number): number {
  return w.scenario.residents.volunteerShare * w.communityAgents[cm] * w.peoplePerAgent * w.trustMean[cm];
}

/** Domains weighted by how often their needs arise (new founders follow demand). */
function domainWeights(w: World): number[] {
  return DOMAINS.map((d) => w.scenario.domains[d].needRate);
}

/** A founder's skill: uniform within ± founderSkillSpread of `mean`. */
export function drawSkill(w: World, mean: number, rng: RandomStream): number {
  const spread = w.scenario.organizations.founderSkillSpread;
  return Math.min(1, Math.max(0, mean - spread + 2 * spread * rng.next()));
}

/**
 * Founding (organizational ecology): in each street grassroots providers appear at the rate
 * λ(N) = λ0·(1 + a·N)·exp(−b·N²) per 10,000 residents a year, N the formal organizations per
 * 10,000 residents of the street; volunteers found self-organizations at a rate that grows with
 * their number, itself growing with trust. A founder registers directly or, under dual
 * management, only if it finds a sponsor; otherwise it files where filing exists, or starts as a
 * self-organization.
 */
export function foundingPhase(w: World): void {
  const s = w.scenario;
  const o_ = s.organizations;
  const rng = w.streams.founding;
  const year = yearOfMonth(w.month);
  const filing = filingAvailable(w, year);
  const registers = registrationChance(o_.registrationProbability, s.policies.registration, year);
  const formalByStreet = new Float64Array(w.streetCount);
  for (const o of w.orgs) if (o.alive && o.status !== 'self') formalByStreet[o.street]++;
  const weights = domainWeights(w);
  for (let st = 0; st < w.streetCount; st++) {
    const per10k = w.streetPeople[st] / 10000;
    const density = per10k > 0 ? formalByStreet[st] / per10k : 0;
    // Money that found no provider last round draws founders (demand pull, assumption).
    const pull = 1 + o_.demandPull * w.failedLotsByStreet[st];
    const rate = pull * o_.foundingPer10kPerYear * (1 + o_.legitimation * density) * Math.exp(-o_.competition * density * density);
    const births = rng.poisson((rate * per10k) / 12);
    for (let b = 0; b < births; b++) {
      const registered = rng.chance(registers);
      const status: OrgStatus = registered ? 'registered' : filing ? 'filed' : 'self';
      const type: ProviderType = rng.chance(o_.enterpriseShare) ? 'enterprise' : 'socialOrganization';
      const org = addOrganization(
        w,
        {
          type,
          status,
          origin: 'grassroots',
          insider: false,
          domain: rng.weighted(weights),
          street: st,
          cash: status === 'registered' ? founderCash(w, o_.coreStaff, rng) : 0,
          members: 5 + rng.int(15),
          skill: drawSkill(w, o_.founderSkill, rng),
        },
        rng,
      );
      if (registered) hireAtRandom(w, org, o_.coreStaff, rng);
    }
  }
  // Self-organizations from volunteers, per community.
  const culture = DOMAINS.indexOf('culture');
  for (let cm = 0; cm < w.communityCount; cm++) {
    const volunteers = communityVolunteers(w, cm);
    const births = rng.poisson((o_.selfOrgsPer1kVolunteersPerYear * volunteers) / 1000 / 12);
    for (let b = 0; b < births; b++)
      addOrganization(
        w,
        {
          type: 'socialOrganization',
          status: 'self',
          origin: 'grassroots',
          insider: false,
          domain: rng.chance(o_.selfOrgCultureShare) ? culture : rng.weighted(weights),
          street: w.streetOfCommunity[cm],
          community: cm,
          cash: 0,
          members: 5 + rng.int(20),
          skill: drawSkill(w, o_.groupSkill, rng),
        },
        rng,
      );
  }
}
