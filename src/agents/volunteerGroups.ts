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
}
