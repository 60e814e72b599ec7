/**
 * The month's table of servers (src/agents/monthServers.ts) that the districts' loop works on:
 * what its slots served adds up to the month's counts, its cells follow the lists of contracts
 * and groups as they change, and a server in two districts — which would break the districts'
 * independence — is refused.
 */
import { describe, expect, it } from 'vitest';
import { DOMAIN_COUNT } from '../../src/agents/domains.ts';
import { fillMonthTable } from '../../src/agents/monthServers.ts';
import { HAS_CONTRACTS, listVolunteerGroup } from '../../src/agents/volunteerGroups.ts';
import { refreshProviders } from '../../src/agents/government/index.ts';
import { advance, startRun } from '../../src/model/run.ts';
import { loadScenario } from '../helpers/scenario.ts';

/** Guangzhou (12 districts) five years in, with contracts and groups serving. */
function warmWorld() {
  const state = startRun(loadScenario('guangzhou.yaml', { years: 8 }), 3);
  advance(state, { stopBefore: 60 });
  refreshProviders(state.world);
  return state;
}

describe('the month’s table of servers', () => {
  it('has as many services in its slots as the month counts, contracts and groups apart', () => {
    const state = warmWorld();
    const w = state.world;
    let byOrgs = 0;
    let byVolunteers = 0;
    let months = 0;
    advance(state, {
      stopBefore: 72,
      onMonth: () => {
        const t = w.monthTable;
        // The table of the month just simulated: its slots' services, read before the next month refills it.
        let contracts = 0;
        let groups = 0;
        const slots = t.cellStart[w.communityCount * DOMAIN_COUNT];
        const seen = new Set<number>();
        for (let x = 0; x < slots; x++) {
          const slot = t.cellSlots[x];
          if (seen.has(slot)) continue;
          seen.add(slot);
          if (t.slotVolunteer[slot] === 1) groups += t.slotServed[slot];
          else contracts += t.slotServed[slot];
        }
        expect(contracts).toBe(w.counters.servedByOrgs);
        expect(groups).toBe(w.counters.servedByVolunteers);
        byOrgs += contracts;
        byVolunteers += groups;
        months++;
      },
    });
    expect(months).toBe(12);
    expect(byOrgs).toBeGreaterThan(0);
    expect(byVolunteers).toBeGreaterThan(0);
  });

  it('follows the lists: a group added to a cell gets a slot there at the next fill', () => {
    const { world: w } = warmWorld();
    fillMonthTable(w, w.monthTable);
    const group = w.orgs.find((o) => o.alive && o.community >= 0);
    expect(group).toBeDefined();
    // List it a second time, in a community of its street it did not serve: the cell's slots grow by one.
    const other = group!.street * w.scenario.region.communitiesPerStreet + ((group!.community + 1) % w.scenario.region.communitiesPerStreet);
    const cell = other * DOMAIN_COUNT + group!.domain;
    const slotsIn = () => w.monthTable.cellStart[cell + 1] - w.monthTable.cellGroups[cell];
    const before = slotsIn();
    listVolunteerGroup(w, { ...group!, community: other });
    fillMonthTable(w, w.monthTable);
    expect(slotsIn()).toBe(before + 1);
  });

  it('refuses a contract listed in communities of two districts, naming it', () => {
    const { world: w } = warmWorld();
    const id = w.cellProviders.findIndex((list) => list.length > 0);
    expect(id).toBeGreaterThanOrEqual(0);
    const contract = w.cellProviders[id][0];
    // A cell of the last district (the contract's street is in an earlier one).
    const farCell = w.cellProviders.length - DOMAIN_COUNT;
    expect(Math.floor(farCell / DOMAIN_COUNT / (w.scenario.region.streetsPerDistrict * w.scenario.region.communitiesPerStreet))).not.toBe(
      Math.floor(id / DOMAIN_COUNT / (w.scenario.region.streetsPerDistrict * w.scenario.region.communitiesPerStreet)),
    );
    w.cellProviders[farCell].push(contract);
    w.cellServers[farCell] |= HAS_CONTRACTS;
    w.serverListsVersion++;
    expect(() => fillMonthTable(w, w.monthTable)).toThrow(new RegExp(`contract ${contract} serves communities in two districts`));
  });
});
