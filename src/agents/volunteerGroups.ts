/**
 * Volunteer groups — self-organizations (自组织) and filed groups (备案) without paid staff or a
 * contract — and the community × domain cells whose residents they serve (agents/resident.ts).
 */
import { DOMAIN_COUNT } from './domains.ts';
import type { Organization } from '../state/organization.ts';
import type { World } from '../state/world.ts';

/** Bits of World.cellServers. */
export const HAS_CONTRACTS = 1;
export const HAS_GROUPS = 2;

/** A volunteer group: no paid staff of its own, no contract, not registered. */
export function isVolunteerGroup(o: Organization): boolean {
  return o.status !== 'registered' && o.staff === 0 && o.staffRequired === 0;
}

/**
 * Whether a provider served a resident within the last `months` months. A volunteer group whose
 * members' time is less than one resident agent's need a month (at coarse agent
 * scales) serves an agent only once in 1/time months: its window stretches to that interval, as
 * it would have served someone within `months` at full scale. Read by the market count
 * (providers_per_10k) and by donors (agents/socialOrganization.ts).
 */
export function servedWithin(w: World, o: Organization, months: number): boolean {
  if (o.lastServedMonth < 0) return false;
  let window = months;
  if (isVolunteerGroup(o)) {
    const time = (o.members * w.scenario.organizations.volunteerNeedsPerMemberPerMonth) / w.peoplePerAgent + (o.fundedUntil > w.month ? o.projectCapacity : 0);
    if (time > 0 && time < 1) window = Math.max(months, Math.ceil(1 / time));
  }
  return o.lastServedMonth > w.month - window;
}

/** Add a volunteer group to the cells it serves: its own community, or every community of its street. */
export function listVolunteerGroup(w: World, o: Organization): void {
  const perStreet = w.scenario.region.communitiesPerStreet;
  const first = o.community >= 0 ? o.community : o.street * perStreet;
  const end = o.community >= 0 ? o.community + 1 : first + perStreet;
  for (let cm = first; cm < end; cm++) {
    const cell = cm * DOMAIN_COUNT + o.domain;
    w.cellVolunteers[cell].push(o.id);
    w.cellServers[cell] |= HAS_GROUPS;
  }
  w.serverListsVersion++;
}
