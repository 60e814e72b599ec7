/**
 * Providers: social organizations (社会组织 / 民办社工机构), and the enterprises and public
 * institutions (事业单位) that also take purchased work (000, 003, 004): how they live, pay
 * their way, staff themselves and exit, and how new ones are founded. Their state is in
 * state/organization.ts.
 */
import type { World } from '../state/world.ts';
import { createOrganization, type NewOrganization, type Organization } from '../state/organization.ts';
import { yearOfMonth } from '../engine/clock.ts';
import { purchasingStarted } from '../policies/registry.ts';
import { DOMAINS, lineIndex } from './domains.ts';
import type { ExitCause, OrgStatus } from './vocabulary.ts';

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

// ── Behaviour ────────────────────────────────────────────────────────────────

/** Add a provider to the world and count its entry. */
export function addOrganization(w: World, n: Omit<NewOrganization, 'month'>): Organization {
  const org = createOrganization(w.orgs.length, { ...n, month: w.month });
  w.orgs.push(org);
  w.employedStaff += org.staff;
  w.counters.entries++;
  return org;
}

/** Share of full overhead a filed group or a dormant organization spends (assumption). */
const DORMANT_OVERHEAD = 0.2;

export interface MonthlyCosts {
  staff: number;
  overhead: number;
}

/**
 * Monthly running costs of a provider (staff pay and overhead; none for self-organizations),
 * written into `out` so the monthly loop allocates nothing per organization.
 */
export function monthlyCosts(o: Organization, w: World, out: MonthlyCosts): MonthlyCosts {
  out.staff = 0;
  out.overhead = 0;
  if (o.status === 'self') return out;
  const s = w.scenario;
  const incubatedFree = o.incubatedUntil > w.month && s.policies.incubator.freeSpace;
  const full = s.organizations.overheadPerMonth;
  // Staff cost carries the overhead rate (accounts, training, materials) that prices include too.
  let overhead: number;
  if (incubatedFree) overhead = 0;
  // Filed groups run on volunteers and spend on activities only what they have (assumption).
  else if (o.status === 'filed') overhead = Math.max(0, Math.min(o.cash, DORMANT_OVERHEAD * full));
  // A registered organization with no contract and no staff goes dormant: a desk, no office.
  else overhead = o.activeContracts === 0 && o.staff === 0 ? DORMANT_OVERHEAD * full : full;
  out.staff = o.staff * s.labour.wagePerMonth * (1 + s.labour.overheadRate);
  out.overhead = overhead;
  return out;
}

/** Starting cash for a founder with `staff` workers, in months of costs. */
export function foundingCash(w: World, staff: number, months: number): number {
  const s = w.scenario;
  return months * (staff * s.labour.wagePerMonth * (1 + s.labour.overheadRate) + s.organizations.overheadPerMonth);
}

/** An organization leaves: contracts end, staff return to the pool, the cause is recorded. */
export function exitOrganization(w: World, o: Organization, cause: ExitCause): void {
  o.alive = false;
  o.exitMonth = w.month;
  o.exitCause = cause;
  o.exitStatus = o.status;
  w.employedStaff -= o.staff;
  o.staff = 0;
  for (const ct of w.open) {
    if (ct.org === o.id && ct.active) {
      ct.active = false;
      ct.endedMonth = w.month;
      w.providersDirty = true;
    }
  }
  o.activeContracts = 0;
  o.staffRequired = 0;
  w.counters.exits++;
}

/**
 * Is the organization's domain bought in its district, where it bids? Decides whether a
 * workless exit is for lack of contracts (lost tenders) or lack of demand.
 */
function domainPurchased(w: World, o: Organization): boolean {
  if (!purchasingStarted(w.scenario.policies, yearOfMonth(w.month))) return false;
  const perDistrict = w.scenario.region.streetsPerDistrict;
  const first = Math.floor(o.street / perDistrict) * perDistrict;
  for (let st = first; st < first + perDistrict; st++) if (w.buyerOf[lineIndex(st, o.domain)] >= 0) return true;
  return false;
}

/**
 * One month of every provider's life: self-organizations keep or lose their members; formal
 * ones pay staff and overhead, receive donations, hire from or release to the regional pool,
 * lose staff to turnover, learn by working, and exit when cash stays negative or work stays
 * absent.
 */
export function organizationsMonth(w: World): void {
  const s = w.scenario;
  const o_ = s.organizations;
  const rng = w.streams.organizations;
  const staffRng = w.streams.staff;
  const costs: MonthlyCosts = { staff: 0, overhead: 0 };
  for (const o of w.orgs) {
    if (!o.alive) continue;
    const incubated = o.incubatedUntil > w.month;
    const funded = o.fundedUntil > w.month || incubated;
    if (o.status === 'self') {
      if (funded) o.skill = Math.min(1, o.skill + o_.skillGrowthPerMonth);
      else if (rng.chance(o_.selfOrgWitherPerMonth)) exitOrganization(w, o, 'withered');
      continue;
    }
    // Income from donations (reputation attracts donors).
    const donation = o_.donationPerMonth * 2 * o.reputation * rng.next();
    o.cash += donation;
    o.incomeDonations += donation;

    // Staffing: contracts' needs plus a core kept while cash lasts (3 months of core costs).
    const coreCost = o_.coreStaff * s.labour.wagePerMonth * (1 + s.labour.overheadRate) + o_.overheadPerMonth;
    const keepsCore = o.status === 'registered' && (o.activeContracts > 0 || o.cash >= 3 * coreCost);
    // The core (the director) works on contracts too.
    // Whole workers: a contract needing 1.3 workers gets one (and some understaffing), 1.6 two.
    const target = Math.max(o.staffRequired > 0 ? Math.max(1, Math.round(o.staffRequired)) : 0, keepsCore ? o_.coreStaff : 0);
    if (o.staff < target) {
      const free = Math.floor(w.staffPool - w.employedStaff);
      const hire = Math.max(0, Math.min(target - o.staff, free));
      o.staff += hire;
      w.employedStaff += hire;
    } else if (o.staff > target) {
      w.employedStaff -= o.staff - target;
      o.staff = target;
    }
    // Turnover: each worker may quit; the post is refilled next month, skill is lost.
    for (let k = o.staff; k > 0; k--) {
      if (staffRng.chance(s.labour.turnoverPerMonth)) {
        o.staff--;
        w.employedStaff--;
        // A leaver takes a share of what the organization knows: much in a small team, little in a
        // large agency (the parameter is the loss in a team of ten or fewer).
        o.skill = Math.max(0, o.skill - s.labour.skillLossPerQuit * Math.min(1, 10 / Math.max(1, o.staff + 1)));
      }
    }

    monthlyCosts(o, w, costs);
    o.cash -= costs.staff + costs.overhead;
    o.costStaff += costs.staff;
    o.costOverhead += costs.overhead;

    if (o.activeContracts > 0) o.skill += o_.skillGrowthPerMonth * (1 - o.skill);
    // Filed groups with enough skill may register (assumption: 2% a month).
    if (o.status === 'filed' && o.skill >= 0.5 && rng.chance(0.02)) o.status = 'registered';

    // Arrears (unpaid wages, loans from founders) float an organization down to a limit.
    const arrearsLimit = o_.arrearsMonths * (costs.staff + costs.overhead);
    o.consecutiveNegativeMonths = o.cash < -arrearsLimit ? o.consecutiveNegativeMonths + 1 : 0;
    o.monthsWithoutWork = o.activeContracts > 0 || funded ? 0 : o.monthsWithoutWork + 1;
    if (o.consecutiveNegativeMonths >= o_.insolvencyMonths) exitOrganization(w, o, 'insolvency');
    else if (o.monthsWithoutWork >= o_.idleMonthsToExit)
      exitOrganization(w, o, domainPurchased(w, o) ? 'noContracts' : 'noDemand');
  }
}

/** Domains weighted by how often their needs arise (new founders follow demand). */
function domainWeights(w: World): number[] {
  return DOMAINS.map((d) => w.scenario.domains[d].needRate);
}

/**
 * Founding (organizational ecology): in each street grassroots providers appear at the rate
 * λ(N) = λ0·(1 + a·N)·exp(−b·N²) per 10,000 residents a year, N the formal organizations per
 * 10,000 residents of the street; volunteers found self-organizations at a rate that grows with
 * their number, itself growing with trust.
 */
export function foundingPhase(w: World): void {
  const s = w.scenario;
  const o_ = s.organizations;
  const rng = w.streams.founding;
  const year = yearOfMonth(w.month);
  // Registration reform (filing) is part of the incubator lever but acts whether or not an
  // incubator runs: from the lever's fromYear when `filing` is on.
  const filing = year >= s.policies.incubator.fromYear && s.policies.incubator.filing;
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
      const registered = rng.chance(o_.registrationProbability);
      const status: OrgStatus = registered ? 'registered' : filing ? 'filed' : 'self';
      const staff = registered ? Math.min(o_.coreStaff, Math.max(0, Math.floor(w.staffPool - w.employedStaff))) : 0;
      addOrganization(w, {
        type: rng.chance(o_.enterpriseShare) ? 'enterprise' : 'socialOrganization',
        status,
        origin: 'grassroots',
        insider: false,
        domain: rng.weighted(weights),
        street: st,
        cash: status === 'self' ? 0 : foundingCash(w, staff, o_.startingCashMonths * (0.5 + rng.next())),
        staff,
        members: 5 + rng.int(15),
        skill: 0.3 + 0.2 * rng.next(),
      });
    }
  }
  // Self-organizations from volunteers, per community.
  for (let cm = 0; cm < w.communityCount; cm++) {
    const volunteers = s.residents.volunteerShare * w.communityAgents[cm] * w.peoplePerAgent * w.trustMean[cm];
    const births = rng.poisson((o_.selfOrgsPer1kVolunteersPerYear * volunteers) / 1000 / 12);
    for (let b = 0; b < births; b++)
      addOrganization(w, {
        type: 'socialOrganization',
        status: 'self',
        origin: 'grassroots',
        insider: false,
        domain: rng.chance(0.5) ? DOMAINS.indexOf('culture') : rng.weighted(weights),
        street: w.streetOfCommunity[cm],
        cash: 0,
        staff: 0,
        members: 5 + rng.int(20),
        skill: 0.2 + 0.2 * rng.next(),
      });
  }
}
