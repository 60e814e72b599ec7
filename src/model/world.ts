/**
 * A run's world built from a validated scenario and a seed (its type is in state/world.ts), and
 * the memory a run needs.
 */
import { DOMAIN_COUNT, DOMAINS, lineIndex } from '../agents/domains.ts';
import { yearOfMonth } from '../engine/clock.ts';
import { createCommittee } from '../agents/incumbentCommittee.ts';
import { createCommunityTrust, createResidents, RESIDENT_BYTES } from '../agents/resident.ts';
import { inThisThread, startDistricts, type DistrictExecutor } from './districts.ts';
import { allocate } from '../engine/buffers.ts';
import { allAsDoubles, asSmallInteger, startAsDoubles } from '../engine/shapes.ts';
import { createDistrictStreams, createStreams, DISTRICT_STREAM_NAMES, DISTRICT_STREAM_WORDS } from '../engine/rng.ts';
import { createMonthTable } from '../agents/monthServers.ts';
import type { Scenario } from '../scenario/schema.ts';
import { emptyCounters, emptySpending, resetCounters } from '../state/counters.ts';
import { LEVELS, type Government, type Level } from '../state/government.ts';
import { Ledger, World } from '../state/world.ts';
import { addOrganization, foundingCash } from '../agents/socialOrganization.ts';
import { addToPool, createLabourMarket, hireAtRandom, initialExperience } from '../agents/socialWorker.ts';
import { pricedWage } from '../policies/payStandard.ts';
import { switchLever } from '../policies/registry.ts';

export type { Ledger, World } from '../state/world.ts';

export function runYear(w: World): number {
  return yearOfMonth(w.month);
}

/**
 * Cost of one served need per domain at purchase prices (yuan, per person) in run year `year`:
 * a worker's monthly pay — the market's, or the pay standard's where it binds — with overhead,
 * over the needs a worker serves a month.
 */
export function computeUnitCosts(s: Scenario, out: Float64Array, year: number): void {
  const wage = pricedWage(s.labour.wagePerMonth, switchLever(s.policies, 'payStandard', year));
  DOMAINS.forEach((d, i) => {
    out[i] = (wage * (1 + s.labour.overheadRate)) / s.domains[d].unitsPerWorker;
  });
}

function createGovernments(s: Scenario, streetPeople: Float64Array): Government[] {
  const govs: Government[] = [];
  const { districts, streetsPerDistrict } = s.region;
  const sum = (streets: number[]) => streets.reduce((a, st) => a + streetPeople[st], 0);
  const add = (level: Level, name: string, streets: number[]) =>
    govs.push(
      startAsDoubles(
        {
          id: govs.length,
          level,
          name,
          streets,
          people: sum(streets),
          budget: 0,
          purchaseBudget: 0,
          willBase: s.governments[level].politicalWill,
          budgetMultiplier: 1,
          yearComplaints: 0,
          yearScoreSum: 0,
          yearScores: 0,
          yearPurchaseCost: 0,
          yearInHouseValue: 0,
          petitionPressure: 0,
          politicalWill: s.governments[level].politicalWill,
          catalogue: new Uint8Array(DOMAIN_COUNT),
          budgetLines: new Map(),
        },
        ['budget', 'purchaseBudget', 'willBase', 'budgetMultiplier', 'yearComplaints', 'yearScoreSum', 'yearPurchaseCost', 'yearInHouseValue', 'petitionPressure', 'politicalWill'],
      ),
    );
  const all = Array.from({ length: districts * streetsPerDistrict }, (_, i) => i);
  add('city', 'city', all);
  for (let d = 0; d < districts; d++) add('district', `district ${d + 1}`, all.slice(d * streetsPerDistrict, (d + 1) * streetsPerDistrict));
  for (const st of all) add('street', `street ${st + 1}`, [st]);
  return govs;
}

/** Refresh catalogues, will and the buyer of each street × domain from the current scenario. */
export function refreshGovernments(w: World): void {
  const s = w.scenario;
  for (const g of w.governments) {
    const level = s.governments[g.level];
    // A scheduled change of will (a new leadership, a campaign) moves today's will by the same step.
    g.politicalWill = Math.min(1, Math.max(0, g.politicalWill + level.politicalWill - g.willBase));
    g.willBase = level.politicalWill;
    g.catalogue.fill(0);
    for (const d of level.catalogue) g.catalogue[DOMAINS.indexOf(d)] = 1;
  }
  w.buyerOf.fill(-1);
  // The lowest level that lists a domain buys it (street before district before city).
  for (const level of [...LEVELS].reverse()) {
    for (const g of w.governments) {
      if (g.level !== level) continue;
      for (const st of g.streets)
        for (let d = 0; d < DOMAIN_COUNT; d++) if (g.catalogue[d] && w.buyerOf[lineIndex(st, d)] < 0) w.buyerOf[lineIndex(st, d)] = g.id;
    }
  }
}

export interface WorldOptions {
  /**
   * Keep what the districts' residents phase touches on shared memory, so worker threads can run
   * districts (model/districts.ts). Such a world cannot be checkpointed.
   */
  shared?: boolean;
  /** Sets up the districts' residents (default: in this thread; src/threads/ spreads them over threads). */
  districts?: DistrictExecutor;
}

export function createWorld(scenario: Scenario, seed: number, options: WorldOptions = {}): World {
  const s = scenario;
  const shared = options.shared ?? false;
  const streams = createStreams(seed);
  const rng = streams.init;
  // Whole numbers from the scenario kept as small integers (engine/shapes.ts, rule 3).
  const streetCount = asSmallInteger(s.region.districts * s.region.streetsPerDistrict);
  const communityCount = asSmallInteger(streetCount * s.region.communitiesPerStreet);
  const peoplePerAgent = asSmallInteger(s.region.peoplePerAgent);
  const agents = Math.max(communityCount, Math.round(s.region.population / peoplePerAgent));

  // Residents split evenly over communities (assumption: equal community sizes).
  const streetOfCommunity = new Int32Array(communityCount);
  const communityFirst = new Int32Array(communityCount);
  const communityAgents = new Int32Array(communityCount);
  const streetPeople = new Float64Array(streetCount);
  let next = 0;
  for (let c = 0; c < communityCount; c++) {
    const n = Math.floor(((c + 1) * agents) / communityCount) - Math.floor((c * agents) / communityCount);
    streetOfCommunity[c] = Math.floor(c / s.region.communitiesPerStreet);
    communityFirst[c] = next;
    communityAgents[c] = n;
    streetPeople[streetOfCommunity[c]] += n * peoplePerAgent;
    next += n;
  }
  // A district is a run of whole communities.
  const communitiesPerDistrict = s.region.streetsPerDistrict * s.region.communitiesPerStreet;
  const districtAgents = Array.from({ length: s.region.districts }, (_, d) => {
    const last = (d + 1) * communitiesPerDistrict - 1;
    return communityFirst[last] + communityAgents[last] - communityFirst[d * communitiesPerDistrict];
  });
  const residents = createResidents(districtAgents, shared);
  const districtStreams = allocate(Float64Array, s.region.districts * DISTRICT_STREAM_NAMES.length * DISTRICT_STREAM_WORDS, shared);
  createDistrictStreams(seed, s.region.districts, districtStreams);

  const unitCost = new Float64Array(DOMAIN_COUNT);
  computeUnitCosts(s, unitCost, 0);
  const w = new World({
    scenario: s,
    seed,
    streams,
    districtStreams,
    month: 0,
    totalMonths: asSmallInteger(s.years * 12),
    peoplePerAgent,
    streetCount,
    communityCount,
    streetOfCommunity,
    communityFirst,
    communityAgents,
    streetPeople,
    totalPeople: asSmallInteger(agents * peoplePerAgent),
    residents,
    trust: createCommunityTrust(communityCount, shared),
    committees: Array.from({ length: communityCount }, (_, c) => createCommittee(c, streetOfCommunity[c], s.committees.initialResistance)),
    governments: createGovernments(s, streetPeople),
    orgs: [],
    contracts: [],
    open: [],
    voucherPools: [],
    transferred: allocate(Uint8Array, communityCount * DOMAIN_COUNT, shared),
    cellProviders: Array.from({ length: communityCount * DOMAIN_COUNT }, () => []),
    cellsWithProviders: [],
    cellServers: new Uint8Array(communityCount * DOMAIN_COUNT),
    cellVolunteers: Array.from({ length: communityCount * DOMAIN_COUNT }, () => []),
    volunteersDirty: true,
    cellFull: allocate(Uint8Array, communityCount * DOMAIN_COUNT, shared),
    volunteerCursor: allocate(Int32Array, communityCount * DOMAIN_COUNT, shared),
    monthTable: createMonthTable(communityCount, s.region.districts, communitiesPerDistrict, shared),
    providersDirty: false,
    serverListsVersion: 0,
    buyerOf: new Int32Array(streetCount * DOMAIN_COUNT).fill(-1),
    awareness: allocate(Float64Array, communityCount, shared).fill(s.residents.initialAwareness),
    trustMean: new Float64Array(communityCount).fill(s.residents.initialTrust),
    orgServedShare: allocate(Float64Array, communityCount, shared),
    experience: allocate(Float64Array, communityCount, shared),
    communityNeeds: allocate(Float64Array, communityCount, shared),
    communityServed: allocate(Float64Array, communityCount, shared),
    lostVisits: allocate(Float64Array, communityCount, shared),
    keptVisits: allocate(Float64Array, communityCount, shared),
    labour: createLabourMarket(s.years * 12),
    complaintsByStreet: allocate(Float64Array, streetCount, shared),
    unitCost,
    incubatorOccupants: [],
    pilotPasses: new Map(),
    ledger: allAsDoubles(new Ledger({ contracts: 0, pilots: 0, incubatorGrants: 0, packageGrants: 0, inHouse: 0, spending: emptySpending() })),
    failedLotsByStreet: new Float64Array(streetCount),
    lastBiddersPerTender: 0,
    fiscalSavings: 0,
    counters: emptyCounters(),
  });
  startAsDoubles(w, ['lastBiddersPerTender', 'fiscalSavings']);
  startDistricts(w, options.districts ?? inThisThread);
  for (const g of w.governments) g.politicalWill = g.willBase;
  refreshGovernments(w);
  // The workers of the region at the start, with experience drawn around initialExperienceYears.
  addToPool(w, Math.round((w.totalPeople / 10000) * s.labour.poolPer10k), () => initialExperience(s.labour, rng.next()));
  seedInitialOrganizations(w);
  // The staff of the organizations present at the start were not hired in the run: their tenure is unknown.
  for (const o of w.orgs) for (const id of o.workers) w.labour.hiredMonth[id] = -1;
  w.labour.hiresByMonth[0] = 0;
  return w;
}

/** The organizations a scenario starts with; they are not counted as entries. */
function seedInitialOrganizations(w: World): void {
  const rng = w.streams.init;
  const weights = DOMAINS.map((d) => w.scenario.domains[d].needRate);
  for (const group of w.scenario.organizations.initial) {
    for (let k = 0; k < group.count; k++) {
      const street = rng.weighted(w.streetPeople);
      const org = addOrganization(
        w,
        {
          type: group.type,
          status: group.status,
          origin: group.origin,
          insider: group.origin === 'affiliated' || group.type === 'publicInstitution',
          domain: group.domain === 'any' ? rng.weighted(weights) : DOMAINS.indexOf(group.domain),
          street,
          // Groups founded by residents belong to a community of their street.
          community: group.status === 'self' ? street * w.scenario.region.communitiesPerStreet + rng.int(w.scenario.region.communitiesPerStreet) : -1,
          cash: group.status === 'self' ? 0 : foundingCash(w, group.staff, group.cashMonths),
          members: group.members,
          skill: group.skill,
          reputation: group.reputation,
          initial: true,
        },
        rng,
      );
      hireAtRandom(w, org, group.staff, rng);
      org.formalSince = group.status === 'self' ? -1 : 0;
    }
  }
  resetCounters(w.counters);
}

/**
 * JavaScript heap per organization with its running state. Measured: 380 bytes at creation;
 * 1,000,000 organizations on 2,000 residents took 0.8 GB after one year.
 */
export const ORGANIZATION_BYTES = 800;

export interface MemoryEstimate {
  /** Everything: residents, communities, organizations and the fixed part. */
  bytes: number;
  agents: number;
  /** Resident records and queue (outside the JavaScript heap, in ArrayBuffers). */
  residentBytes: number;
  /** Organizations at the start (organizations.initial[].count summed). */
  organizations: number;
  /** What those organizations take on the JavaScript heap. */
  organizationBytes: number;
}

/**
 * Memory a run of this scenario needs, roughly: resident records and queue, per-community and
 * per-cell state, the organizations it starts with, plus a fixed allowance for organizations
 * founded later, contracts, series and the runtime.
 */
export function estimateMemoryBytes(s: Scenario): MemoryEstimate {
  const communities = s.region.districts * s.region.streetsPerDistrict * s.region.communitiesPerStreet;
  const agents = Math.max(communities, Math.round(s.region.population / s.region.peoplePerAgent));
  const perCommunity = 200 + DOMAIN_COUNT * (1 + 64);
  const fixed = 150 * 2 ** 20;
  const residentBytes = agents * RESIDENT_BYTES;
  const organizations = s.organizations.initial.reduce((n, group) => n + group.count, 0);
  const organizationBytes = organizations * ORGANIZATION_BYTES;
  return { bytes: residentBytes + communities * perCommunity + organizationBytes + fixed, agents, residentBytes, organizations, organizationBytes };
}
