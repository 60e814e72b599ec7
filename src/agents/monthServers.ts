/**
 * The month's table of servers for the residents' districts (agents/residentDistrict.ts): before
 * the districts run, every contract and volunteer group that serves a cell becomes a slot with
 * what it can give this month — capacity, quality, appeal — in typed arrays; after, what the
 * slots served is read back into contracts, voucher schemes and organizations, slot by slot in
 * slot order, so the result does not depend on which thread ran which district.
 */
import { fillAliasTable, geometricWeights, GEOMETRIC_TABLE_MAX } from '../engine/alias.ts';
import { allocate } from '../engine/buffers.ts';
import { yearOfMonth } from '../engine/clock.ts';
import { referralProbability } from '../policies/compensation.ts';
import { relievedServiceRate } from '../policies/relief.ts';
import { switchLever } from '../policies/registry.ts';
import type { Organization } from '../state/organization.ts';
import type { World } from '../state/world.ts';
import { DOMAIN_COUNT, DOMAINS } from './domains.ts';
import { MonthTable } from '../state/monthTable.ts';
import { P, T } from './residentDistrict.ts';
import { capability } from './socialWorker.ts';
import { HAS_CONTRACTS, HAS_GROUPS } from './volunteerGroups.ts';

/**
 * A table for a world of `communities` communities in `districts` districts of
 * `communitiesPerDistrict` each; slot arrays grow as needed.
 */
export function createMonthTable(communities: number, districts: number, communitiesPerDistrict: number, shared: boolean): MonthTable {
  const cells = communities * DOMAIN_COUNT;
  const params = allocate(Float64Array, P.length, shared);
  params[P.communitiesPerDistrict] = communitiesPerDistrict;
  return new MonthTable({
    shared,
    generation: 0,
    params,
    gapProb: allocate(Float64Array, GEOMETRIC_TABLE_MAX, shared),
    gapAlias: allocate(Int32Array, GEOMETRIC_TABLE_MAX, shared),
    domainProb: allocate(Float64Array, DOMAIN_COUNT, shared),
    domainAlias: allocate(Int32Array, DOMAIN_COUNT, shared),
    tableRates: new Float64Array(DOMAIN_COUNT).fill(NaN),
    referral: allocate(Float64Array, communities, shared),
    cooperation: allocate(Float64Array, communities, shared),
    cellStart: allocate(Int32Array, cells + 1, shared),
    cellGroups: allocate(Int32Array, cells, shared),
    cellSlots: allocate(Int32Array, 0, shared),
    slotVolunteer: allocate(Uint8Array, 0, shared),
    slotCapacity: allocate(Float64Array, 0, shared),
    slotVolume: allocate(Float64Array, 0, shared),
    slotPool: allocate(Int32Array, 0, shared),
    slotQuality: allocate(Float64Array, 0, shared),
    slotAppeal: allocate(Float64Array, 0, shared),
    slotServed: allocate(Float64Array, 0, shared),
    slotQualitySum: allocate(Float64Array, 0, shared),
    poolCapacity: allocate(Float64Array, 0, shared),
    poolUnits: allocate(Float64Array, 0, shared),
    totals: allocate(Float64Array, districts * T.length, shared),
  });
}

/** What residents choosing among several servers make of this one. */
function appeal(o: Organization, sharpness: number): number {
  return 0.01 + Math.pow((o.reputation + o.recentQuality) / 2, sharpness);
}

/** Room for `n` entries, keeping the table's arrays when they are large enough (a new generation otherwise). */
function reserve(t: MonthTable, cellSlots: number, slots: number, pools: number): void {
  const grow = (length: number, needed: number) => length < needed;
  const size = (needed: number) => Math.max(16, Math.ceil(needed * 1.5));
  if (grow(t.cellSlots.length, cellSlots)) {
    t.cellSlots = allocate(Int32Array, size(cellSlots), t.shared);
    t.generation++;
  }
  if (grow(t.slotCapacity.length, slots)) {
    const n = size(slots);
    t.slotVolunteer = allocate(Uint8Array, n, t.shared);
    t.slotCapacity = allocate(Float64Array, n, t.shared);
    t.slotVolume = allocate(Float64Array, n, t.shared);
    t.slotPool = allocate(Int32Array, n, t.shared);
    t.slotQuality = allocate(Float64Array, n, t.shared);
    t.slotAppeal = allocate(Float64Array, n, t.shared);
    t.slotServed = allocate(Float64Array, n, t.shared);
    t.slotQualitySum = allocate(Float64Array, n, t.shared);
    t.generation++;
  }
  if (grow(t.poolCapacity.length, pools)) {
    t.poolCapacity = allocate(Float64Array, size(pools), t.shared);
    t.poolUnits = allocate(Float64Array, size(pools), t.shared);
    t.generation++;
  }
}

/** Which slot each contract and group has (−1: none), and the server behind each slot. */
interface ServerIndex {
  /** The world's serverListsVersion it was built for. */
  version: number;
  contractSlot: Int32Array;
  groupSlot: Int32Array;
  serverOf: Int32Array;
}

/** Built when the cells' lists change (agents/government/providers.ts), kept while they do not. */
const indexes = new WeakMap<MonthTable, ServerIndex>();

/**
 * The table's cells and slots for the cells' current lists of contracts and groups: each contract
 * and each volunteer group listed in some cell gets one slot, the first time a cell lists it
 * (cells in order, so slots come district by district). Rebuilt only when a list changed since
 * the table was last filled.
 */
function serverIndex(w: World, t: MonthTable): ServerIndex {
  const known = indexes.get(t);
  if (known !== undefined && known.version === w.serverListsVersion) return known;
  const s = w.scenario;
  const cells = w.communityCount * DOMAIN_COUNT;
  const perDistrict = s.region.streetsPerDistrict * s.region.communitiesPerStreet;
  // Sizes first: entries per cell, and the slots (each server once).
  let entries = 0;
  for (let cell = 0; cell < cells; cell++) {
    const servers = w.cellServers[cell];
    if ((servers & HAS_CONTRACTS) !== 0) entries += w.cellProviders[cell].length;
    if ((servers & HAS_GROUPS) !== 0) entries += w.cellVolunteers[cell].length;
  }
  const contractSlot = new Int32Array(w.contracts.length).fill(-1);
  const groupSlot = new Int32Array(w.orgs.length).fill(-1);
  reserve(t, entries, entries, w.voucherPools.length);
  const { cellStart, cellGroups } = t;
  // At most one slot per entry.
  const b: SlotBuilder = { cellSlots: t.cellSlots, serverOf: new Int32Array(entries), districtOfSlot: new Int32Array(entries), at: 0, slots: 0 };
  for (let cell = 0; cell < cells; cell++) {
    cellStart[cell] = b.at;
    const district = Math.floor(cell / DOMAIN_COUNT / perDistrict);
    const servers = w.cellServers[cell];
    if ((servers & HAS_CONTRACTS) !== 0) place(b, w.cellProviders[cell], contractSlot, false, district);
    cellGroups[cell] = b.at;
    if ((servers & HAS_GROUPS) !== 0) place(b, w.cellVolunteers[cell], groupSlot, true, district);
  }
  cellStart[cells] = b.at;
  const index = { version: w.serverListsVersion, contractSlot, groupSlot, serverOf: b.serverOf.slice(0, b.slots) };
  indexes.set(t, index);
  return index;
}

/** The cells' entries and slots as serverIndex builds them. */
interface SlotBuilder {
  readonly cellSlots: Int32Array;
  readonly serverOf: Int32Array;
  readonly districtOfSlot: Int32Array;
  /** Entries written to cellSlots. */
  at: number;
  slots: number;
}

/** One cell's contracts or groups (ids in `list`) as entries, each server given a slot the first time it is met. */
function place(b: SlotBuilder, list: readonly number[], slotOf: Int32Array, groups: boolean, district: number): void {
  for (let k = 0; k < list.length; k++) {
    const id = list[k];
    let slot = slotOf[id];
    if (slot < 0) {
      slot = slotOf[id] = b.slots++;
      b.serverOf[slot] = groups ? -id - 2 : id;
      b.districtOfSlot[slot] = district;
    } else if (b.districtOfSlot[slot] !== district)
      // The districts' independence rests on this (agents/residentDistrict.ts).
      throw new Error(`internal error: ${groups ? `volunteer group ${id}` : `contract ${id}`} serves communities in two districts`);
    b.cellSlots[b.at++] = slot;
  }
}

/**
 * The month's table: the cells' slots (serverIndex), what each slot can give this month, the
 * voucher schemes' allowances, and the month's scalars. Returns the server behind each slot: a
 * contract id (≥ 0) or a group's organization id as −id − 2.
 */
export function fillMonthTable(w: World, t: MonthTable): Int32Array {
  const s = w.scenario;
  const { contractSlot, groupSlot, serverOf } = serverIndex(w, t);
  reserve(t, 0, 0, w.voucherPools.length);

  const sharpness = s.residents.choiceSharpness;
  const offDomain = s.organizations.offDomainQuality;
  // Each server's values, visiting contracts and organizations in id order rather than slot
  // order: they lie in memory roughly in the order they were made, and regions with thousands of
  // volunteer groups read every one of them each month.
  t.slotServed.fill(0, 0, serverOf.length);
  t.slotQualitySum.fill(0, 0, serverOf.length);
  for (let id = 0; id < contractSlot.length; id++) {
    const slot = contractSlot[id];
    if (slot < 0) continue;
    const ct = w.contracts[id];
    const org = w.orgs[ct.org];
    t.slotVolunteer[slot] = 0;
    t.slotCapacity[slot] = ct.capacityLeft;
    t.slotVolume[slot] = ct.capacity * ct.months - ct.unitsDelivered;
    t.slotPool[slot] = ct.pool;
    t.slotQuality[slot] = (org.domain === ct.domain ? 1 : offDomain) * capability(org, s.labour) * orgStaffing(org);
    t.slotAppeal[slot] = appeal(org, sharpness);
  }
  const volunteerQuality = s.organizations.volunteerQuality;
  for (let id = 0; id < groupSlot.length; id++) {
    const slot = groupSlot[id];
    if (slot < 0) continue;
    const org = w.orgs[id];
    t.slotVolunteer[slot] = 1;
    t.slotCapacity[slot] = org.volunteerCapacityLeft;
    t.slotVolume[slot] = Infinity;
    t.slotPool[slot] = -1;
    // A group with no time this month (or one listed until January that no longer gives any) is
    // never chosen: its quality and appeal are not read.
    if (!(org.volunteerCapacityLeft > 0)) continue;
    t.slotQuality[slot] = volunteerQuality * org.skill;
    t.slotAppeal[slot] = appeal(org, sharpness);
  }
  w.voucherPools.forEach((pool, p) => {
    t.poolCapacity[p] = pool.capacityLeft;
    t.poolUnits[p] = pool.unitsLeft;
  });

  // Scalars and per-community values of the month.
  const year = yearOfMonth(w.month);
  const res = s.residents;
  const pm = t.params;
  const k = w.peoplePerAgent;
  const compensation = switchLever(s.policies, 'compensation', year);
  for (let cm = 0; cm < w.communityCount; cm++) {
    t.referral[cm] = referralProbability(s.committees.referralProbability, w.committees[cm].resistance, compensation);
    t.cooperation[cm] = w.committees[cm].cooperation;
  }
  const serviceRate = relievedServiceRate(s.committees.serviceRate, switchLever(s.policies, 'relief', year));
  pm[P.peoplePerAgent] = k;
  pm[P.trustInCommittee] = res.trustInCommittee;
  pm[P.learningRate] = res.learningRate;
  pm[P.serviceRate] = serviceRate;
  pm[P.keptServiceRate] = serviceRate * s.policies.transfer.newMoneyShare;
  pm[P.committeeQuality] = Math.min(1, s.committees.serviceQuality / res.satisfyingQuality);
  pm[P.patience] = res.patienceMonths;
  pm[P.satisfyingQuality] = res.satisfyingQuality;
  pm[P.satisfactionRate] = res.satisfactionRate;
  pm[P.complaintProbability] = res.complaintProbability;
  pm[P.complaintRelief] = res.socialWorkerComplaintRelief;
  const rates = new Float64Array(DOMAIN_COUNT);
  let total = 0;
  for (let d = 0; d < DOMAIN_COUNT; d++) {
    total += rates[d] = s.domains[DOMAINS[d]].needRate;
    pm[P.inHouseCost + d] = w.unitCost[d] * s.governments.inHouseCostRatio * k;
    pm[P.fee + d] = s.domains[DOMAINS[d]].feePerUnit * k;
  }
  pm[P.totalNeedRate] = total;
  if (total > 0 && rates.some((r, d) => r !== t.tableRates[d])) {
    // Each resident without an open need develops one with probability `total` a month: the gaps
    // between those who do are geometric; a need's domain is in proportion to its rate. The tables
    // are rebuilt only when the rates change (a schedule entry).
    const weights = new Float64Array(GEOMETRIC_TABLE_MAX);
    const size = geometricWeights(Math.min(1, total), weights);
    const work = new Float64Array(2 * Math.max(size, DOMAIN_COUNT));
    fillAliasTable(weights, size, t.gapProb, t.gapAlias, work);
    fillAliasTable(rates, DOMAIN_COUNT, t.domainProb, t.domainAlias, work);
    pm[P.gapSize] = size;
    t.tableRates.set(rates);
  }
  return serverOf;
}

/** Staff on hand relative to what the organization's contracts need (0–1). */
export function orgStaffing(org: { staff: number; staffRequired: number }): number {
  return org.staffRequired > 0 ? Math.min(1, org.staff / org.staffRequired) : 1;
}

/**
 * What the districts did, read back: slots in slot order into contracts, voucher schemes and
 * organizations (fees residents pay included), then the districts' totals in district order into
 * the month's counters.
 */
export function readMonthTable(w: World, t: MonthTable, serverOf: Int32Array): void {
  for (let slot = 0; slot < serverOf.length; slot++) {
    // A server's capacity changes only as it serves: those that served nobody are left as they are.
    const served = t.slotServed[slot];
    if (served === 0) continue;
    const server = serverOf[slot];
    if (server < 0) {
      const org = w.orgs[-server - 2];
      org.volunteerCapacityLeft = t.slotCapacity[slot];
      credit(w, org, served, t.slotQualitySum[slot]);
      continue;
    }
    const ct = w.contracts[server];
    ct.capacityLeft = t.slotCapacity[slot];
    ct.unitsDelivered += served;
    ct.qualitySum += t.slotQualitySum[slot];
    ct.unitsByMonth[ct.servedMonths] += served;
    const org = w.orgs[ct.org];
    credit(w, org, served, t.slotQualitySum[slot]);
    const fee = t.params[P.fee + ct.domain] * served;
    if (fee > 0) {
      org.cash += fee;
      org.incomeFees += fee;
    }
  }
  w.voucherPools.forEach((pool, p) => {
    pool.capacityLeft = t.poolCapacity[p];
    pool.unitsLeft = t.poolUnits[p];
  });
  const c = w.counters;
  const r = w.residents;
  const totals = t.totals;
  for (let row = 0; row < totals.length; row += T.length) {
    c.needs += totals[row + T.needs];
    c.served += totals[row + T.served];
    c.servedByOrgs += totals[row + T.servedByOrgs];
    c.servedByVolunteers += totals[row + T.servedByVolunteers];
    c.qualitySum += totals[row + T.qualitySum];
    c.complaints += totals[row + T.complaints];
    c.inHouseValueOfOrgService += totals[row + T.inHouseValue];
    w.ledger.inHouse += totals[row + T.inHouseSpent];
    r.satisfactionSum += totals[row + T.satisfactionSum];
    r.satisfactionCount += totals[row + T.satisfactionCount];
  }
}

function credit(w: World, org: Organization, served: number, qualitySum: number): void {
  org.lastServedMonth = w.month;
  org.monthQualitySum += qualitySum;
  org.monthServed += served;
}
