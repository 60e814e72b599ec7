/**
 * The parts of the incubator and seed-money levers that act on the world each month or year.
 * Their parameters, defaults and effect paths are documented in src/policies/incubator.ts and
 * src/policies/seedFund.ts.
 */
import { DOMAINS, lineIndex } from '../agents/domains.ts';
import { signContract, spend } from '../agents/government/index.ts';
import { addOrganization, canAffordRegistration, communityVolunteers, drawSkill, isVolunteerGroup, register } from '../agents/socialOrganization.ts';
import { registrationChance } from '../policies/registration.ts';
import type { Organization } from '../state/organization.ts';
import { yearOfMonth } from '../engine/clock.ts';
import { switchLever, termsFor } from '../policies/registry.ts';
import { pilotsPerYear } from '../policies/seedFund.ts';
import type { World } from '../state/world.ts';

/**
 * Incubator, monthly: graduates leave (registering with a boost), empty slots take new teams or
 * self-organizations to upgrade, and each occupant gets its grant and capacity building. The
 * places and the grants are paid from the incubator budget line.
 */
export function incubatorMonth(w: World): void {
  const s = w.scenario;
  const p = switchLever(s.policies, 'incubator', yearOfMonth(w.month));
  const occupants = w.incubatorOccupants;
  const rng = w.streams.incubator;
  // Graduation (also when the lever has been switched off: occupants finish their term).
  for (let i = occupants.length - 1; i >= 0; i--) {
    const o = w.orgs[occupants[i]];
    if (!o.alive || o.incubatedUntil <= w.month) {
      occupants.splice(i, 1);
      if (o.alive) graduate(w, o, rng.next());
    }
  }
  if (!p) return;
  const intake = Math.min(p.slots - occupants.length, Math.ceil(p.slots / Math.max(1, p.months)));
  const weights = DOMAINS.map((d) => s.domains[d].needRate);
  // Self-organizations never incubated, listed once a month (not once per place: a large intake
  // would scan every organization each time); one taken leaves the list, as a new look would find.
  let selfOrgs: Organization[] | null = null;
  // The would-be teams that apply this month, drawn (from their own stream) when a place first needs one.
  let teams = -1;
  for (let k = 0; k < intake; k++) {
    let o: Organization | undefined;
    if (rng.chance(p.upgradeShare)) {
      selfOrgs ??= w.orgs.filter((x) => x.alive && x.status === 'self' && x.incubatedUntil < 0);
      if (selfOrgs.length > 0) {
        const at = rng.int(selfOrgs.length);
        o = selfOrgs[at];
        selfOrgs.splice(at, 1);
        o.origin = 'upgraded';
      }
    }
    if (!o) {
      if (teams < 0) teams = w.streams.incubatorTeams.poisson((p.teamsPer1kVolunteersPerMonth * regionVolunteers(w)) / 1000);
      if (teams === 0) continue; // no team came forward: the place stays empty this month
      teams--;
      const street = rng.weighted(w.streetPeople);
      o = addOrganization(
        w,
        {
          type: 'socialOrganization',
          status: 'self',
          origin: 'incubated',
          insider: false,
          domain: rng.weighted(weights),
          street,
          cash: 0,
          members: 5 + rng.int(10),
          skill: drawSkill(w, s.organizations.founderSkill, rng),
        },
        rng,
      );
    }
    if (p.filing && o.status === 'self') {
      o.status = 'filed';
      o.formalSince = w.month;
    }
    o.incubatedUntil = w.month + p.months;
    occupants.push(o.id);
  }
  for (const id of occupants) {
    const o = w.orgs[id];
    o.skill = Math.min(1, o.skill + p.capacityBuilding);
    if (p.grantPerMonth > 0) {
      o.cash += p.grantPerMonth;
      o.incomeGrants += p.grantPerMonth;
      o.moneyThisMonth += p.grantPerMonth;
      w.ledger.incubatorGrants += p.grantPerMonth;
    }
  }
  spend(w, 'incubator', occupants.length * (p.grantPerMonth + p.operatingCostPerSlotPerMonth));
}

/** The region's volunteers (people), whose teams apply for incubator places. */
function regionVolunteers(w: World): number {
  let volunteers = 0;
  for (let cm = 0; cm < w.communityCount; cm++) volunteers += communityVolunteers(w, cm);
  return volunteers;
}

/**
 * A graduate registers with a better chance than an outside founder (under dual management, if
 * it also finds a sponsor), if what it saved is reserve enough for registered life — graduation
 * brings no new money; one that does not stays a filed or self-organized group.
 */
function graduate(w: World, o: Organization, u: number): void {
  const s = w.scenario;
  const boost = s.policies.incubator.registrationBoost;
  const chance = registrationChance(Math.min(1, s.organizations.registrationProbability + boost), s.policies.registration, yearOfMonth(w.month));
  if (o.status !== 'registered' && u < chance && canAffordRegistration(w, o)) register(w, o, w.streams.incubator);
}

/** Publicity, monthly, from the city's publicity budget line (its effect on awareness is in agents/resident.ts). */
export function publicityMonth(w: World): void {
  const p = switchLever(w.scenario.policies, 'publicity', yearOfMonth(w.month));
  if (p) spend(w, 'publicity', (p.costPerCapitaPerYear * w.totalPeople) / 12);
}

/**
 * Seed money, yearly: pilots in streets and domains that no purchase reaches yet, passing pilots
 * continuing with the same provider; then the micro-venture package for unregistered groups.
 */
export function seedFundYear(w: World): void {
  const s = w.scenario;
  const year = yearOfMonth(w.month);
  const p = switchLever(s.policies, 'seedFund', year);
  if (!p) return;
  const rng = w.streams.seedFund;
  const payments = termsFor(s.policies, 'payments', year);
  const reached = new Set<number>();
  for (const ct of w.open) if (ct.active) reached.add(lineIndex(ct.street, ct.domain));
  for (const g of w.governments) for (const line of g.budgetLines.keys()) reached.add(line);
  const busy = new Set<number>();
  for (const ct of w.open) if (ct.active) busy.add(ct.org);

  const candidates = w.orgs.filter((o) => o.alive && !busy.has(o.id) && !reached.has(lineIndex(o.street, o.domain)));
  // Lines that passed last year continue first, then the most skilled candidates.
  candidates.sort((a, b) => (w.pilotPasses.get(lineIndex(b.street, b.domain)) ?? 0) - (w.pilotPasses.get(lineIndex(a.street, a.domain)) ?? 0) || b.skill - a.skill || a.id - b.id);
  let pilots = pilotsPerYear(p);
  const street = (st: number) => w.governments.find((g) => g.level === 'street' && g.streets[0] === st)!;
  for (const o of candidates) {
    if (pilots <= 0) break;
    const line = lineIndex(o.street, o.domain);
    if (reached.has(line)) continue;
    reached.add(line);
    const unit = w.unitCost[o.domain] * w.peoplePerAgent;
    signContract(w, { kind: 'pilot', buyer: street(o.street).id, org: o.id, domain: o.domain, street: o.street, value: p.pilotSize, months: p.pilotMonths, perUnit: false, capacity: p.pilotSize / p.pilotMonths / unit, insiderAward: o.insider, budgetLine: false, renewals: 0 }, payments);
    if (o.status === 'self') {
      o.status = 'filed';
      o.formalSince = w.month;
    }
    pilots--;
  }

  // Micro-venture package: unregistered groups' projects bought in one bundle. Each group spends
  // its money evenly over the project's months on service to neighbours in its domain (at the
  // purchase price of a need), which also keeps it from withering (agents/socialOrganization.ts).
  if (p.packageBudget > 0 && p.packageProjects > 0) {
    const groups = w.orgs.filter((o) => o.alive && isVolunteerGroup(o) && o.fundedUntil <= w.month);
    rng.shuffle(groups);
    const each = p.packageBudget / p.packageProjects;
    for (const o of groups.slice(0, p.packageProjects)) {
      o.fundedUntil = w.month + p.projectMonths;
      o.projectSpendPerMonth = each / p.projectMonths;
      o.projectCapacity = o.projectSpendPerMonth / (w.unitCost[o.domain] * w.peoplePerAgent);
      o.cash += each;
      o.incomeGrants += each;
      o.moneyThisMonth += each;
      w.ledger.packageGrants += each;
      spend(w, 'package', each);
    }
  }
}
