/** Who serves each community × domain: active contracts, and volunteer groups. */
import type { World } from '../../state/world.ts';
import { DOMAIN_COUNT } from '../domains.ts';
import { HAS_CONTRACTS, HAS_GROUPS, isVolunteerGroup, listVolunteerGroup } from '../volunteerGroups.ts';

/** Rebuild which contracts serve each community × domain, after contracts changed. */
export function refreshProviders(w: World): void {
  if (w.providersDirty) {
    for (const cell of w.cellsWithProviders) {
      w.cellProviders[cell].length = 0;
      w.cellServers[cell] &= ~HAS_CONTRACTS;
    }
    w.cellsWithProviders.length = 0;
    for (const ct of w.open) {
      if (!ct.active) continue;
      const first = ct.street * w.scenario.region.communitiesPerStreet;
      for (let cm = first; cm < first + w.scenario.region.communitiesPerStreet; cm++) {
        const cell = cm * DOMAIN_COUNT + ct.domain;
        // Regular contracts serve transferred communities; budget-line and pilot work serves all.
        if (ct.kind === 'contract' && !ct.budgetLine && !w.transferred[cell]) continue;
        if (w.cellProviders[cell].length === 0) w.cellsWithProviders.push(cell);
        w.cellProviders[cell].push(ct.id);
        w.cellServers[cell] |= HAS_CONTRACTS;
      }
    }
    w.providersDirty = false;
    w.serverListsVersion++;
  }
  if (w.volunteersDirty || w.month % 12 === 0) refreshVolunteers(w);
}

/**
 * Rebuild which volunteer groups serve each community × domain: their own community, or their
 * whole street. New groups are added as they are founded (listVolunteerGroup); groups that stop
 * being volunteer groups (they closed, registered or took a contract) keep their entries, with no
 * time to give, until this rebuild drops them — each January, or when a provider becomes a
 * volunteer group again.
 */
function refreshVolunteers(w: World): void {
  for (const list of w.cellVolunteers) list.length = 0;
  for (let cell = 0; cell < w.cellServers.length; cell++) w.cellServers[cell] &= ~HAS_GROUPS;
  for (const o of w.orgs) if (o.alive && isVolunteerGroup(o)) listVolunteerGroup(w, o);
  w.volunteersDirty = false;
  w.serverListsVersion++;
}

/**
 * Volunteer groups' time for this month: each member serves volunteerNeedsPerMemberPerMonth
 * needs, plus what a funded package project buys, in agent units. Unused time does not keep,
 * but a group whose time is a fraction of a whole need may save up to one.
 */
export function replenishVolunteers(w: World): void {
  const perMember = w.scenario.organizations.volunteerNeedsPerMemberPerMonth / w.peoplePerAgent;
  for (const o of w.orgs) {
    if (!o.alive || !isVolunteerGroup(o)) {
      o.volunteerCapacityLeft = 0; // a stale entry in the cells: no time to give
      continue;
    }
    const project = o.fundedUntil > w.month ? o.projectCapacity : 0;
    const perMonth = o.members * perMember + project;
    o.volunteerCapacityLeft = Math.min(o.volunteerCapacityLeft + perMonth, Math.max(perMonth, 1));
  }
}
