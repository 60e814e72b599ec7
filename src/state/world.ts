/**
 * The whole state of a run: everything the monthly loop touches. Plain data and typed arrays, so
 * a run can be checkpointed; the classes here have no behaviour, only constructors that copy their
 * fields (engine/shapes.ts says why they are classes). The types live below the agents, policies and the
 * model so that imports run one way (agents → state, never back); src/model/world.ts builds a
 * World from a scenario and a seed.
 */
import type { RandomStreams } from '../engine/rng.ts';
import type { MonthTable } from './monthTable.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Committee } from './committee.ts';
import type { Contract, VoucherPool } from './contract.ts';
import type { LeverSpending, MonthCounters } from './counters.ts';
import type { Government } from './government.ts';
import type { LabourMarket } from './labour.ts';
import type { Organization } from './organization.ts';
import type { CommunityTrust, Residents } from './residents.ts';

/** Money paid out by governments (and the lottery fund), by channel, since the start. */
export class Ledger {
  contracts: number;
  pilots: number;
  incubatorGrants: number;
  packageGrants: number;
  /** In-house cost of needs committees served (what the government spends itself). */
  inHouse: number;
  /** Spending on levers since the start, by budget line (incubator includes its grants, pilots and package the lottery fund's money). */
  spending: LeverSpending;

  /** Copies every field: objects made once per run are built by a constructor, not an object literal (engine/shapes.ts). */
  constructor(fields: Ledger) {
    this.contracts = fields.contracts;
    this.pilots = fields.pilots;
    this.incubatorGrants = fields.incubatorGrants;
    this.packageGrants = fields.packageGrants;
    this.inHouse = fields.inHouse;
    this.spending = fields.spending;
  }
}

export class World {
  scenario: Scenario;
  readonly seed: number;
  readonly streams: RandomStreams;
  /** States of the per-district streams of needs and delivery (engine/rng.ts, model/districts.ts). */
  readonly districtStreams: Float64Array;
  /** Month index, 0-based, of the month being simulated. */
  month: number;
  readonly totalMonths: number;

  // ── Space ────────────────────────────────────────────────────────────────
  readonly peoplePerAgent: number;
  readonly streetCount: number;
  readonly communityCount: number;
  readonly streetOfCommunity: Int32Array;
  readonly communityFirst: Int32Array;
  readonly communityAgents: Int32Array;
  readonly streetPeople: Float64Array;
  readonly totalPeople: number;

  // ── Agents ───────────────────────────────────────────────────────────────
  readonly residents: Residents;
  /** Per-community map of the residents' trust (see agents/resident.ts). */
  readonly trust: CommunityTrust;
  readonly committees: Committee[];
  readonly governments: Government[];
  readonly orgs: Organization[];
  readonly contracts: Contract[];
  /** Contracts still running or still owed instalments. */
  open: Contract[];
  /** Voucher schemes, by index (Contract.pool). */
  readonly voucherPools: VoucherPool[];
  /** Per community × domain: 1 once the function has left the committee. */
  readonly transferred: Uint8Array;
  /** Per community × domain: ids of active contracts serving it (rebuilt when contracts change). */
  cellProviders: number[][];
  /** Cells whose provider list is not empty (so a rebuild clears only those). */
  cellsWithProviders: number[];
  /**
   * Per community × domain: bit 1 set when contracts serve the cell, bit 2 when volunteer groups
   * do (derived from the two lists; one dense byte the delivery loop reads before touching them).
   */
  cellServers: Uint8Array;
  providersDirty: boolean;
  /** Counts changes to cellProviders and cellVolunteers, so the month's table knows when to rebuild its cells. */
  serverListsVersion: number;
  /** Per community × domain: ids of volunteer groups serving it (rebuilt when groups change). */
  cellVolunteers: number[][];
  volunteersDirty: boolean;
  /** Per community × domain, during delivery: every provider of the cell is out of capacity. */
  readonly cellFull: Uint8Array;
  /** Per community × domain, during delivery: where in the cell's volunteer groups the first that may still have time is. */
  readonly volunteerCursor: Int32Array;
  /** Per street × domain: government buying it (-1 for none); refreshed yearly. */
  readonly buyerOf: Int32Array;

  /** The month's servers as typed arrays, for the districts (derived each month; agents/monthServers.ts). */
  monthTable: MonthTable;

  // ── Community aggregates ────────────────────────────────────────────────
  readonly awareness: Float64Array;
  readonly trustMean: Float64Array;
  /** Needs served by providers in the community this month, per agent. */
  readonly orgServedShare: Float64Array;
  /** Sum of (quality − trust) over this month's provider services, for word of mouth. */
  readonly experience: Float64Array;
  /** Needs open this month and needs served this month, per community (agents), for maps of the region. */
  readonly communityNeeds: Float64Array;
  readonly communityServed: Float64Array;
  /**
   * This month's needs in the community's transferred functions served by organizations (the
   * committee's lost visitors) and the rest, served by the committee or the street in-house or
   * still waiting (kept visitors), per community (agents): what the committee sees of a transfer
   * (agents/incumbentCommittee.ts).
   */
  readonly lostVisits: Float64Array;
  readonly keptVisits: Float64Array;

  // ── Markets and budgets ─────────────────────────────────────────────────
  /** Professional social workers: employed, looking for work, or gone (agents/socialWorker.ts). */
  readonly labour: LabourMarket;
  /** Complaints and petitions (people) this month, by street: what presses on its governments. */
  readonly complaintsByStreet: Float64Array;
  /** Cost of one served need per domain at purchase prices (yuan, per person). */
  readonly unitCost: Float64Array;
  readonly incubatorOccupants: number[];
  /** Per street × domain: consecutive passing pilot years. */
  readonly pilotPasses: Map<number, number>;
  readonly ledger: Ledger;
  /** Lots per street that found no provider in the latest procurement round. */
  readonly failedLotsByStreet: Float64Array;
  /** Mean bidders in the latest procurement round. */
  lastBiddersPerTender: number;
  fiscalSavings: number;
  counters: MonthCounters;

  /** Copies every field: objects made once per run are built by a constructor, not an object literal (engine/shapes.ts). */
  constructor(fields: World) {
    this.scenario = fields.scenario;
    this.seed = fields.seed;
    this.streams = fields.streams;
    this.districtStreams = fields.districtStreams;
    this.month = fields.month;
    this.totalMonths = fields.totalMonths;
    this.peoplePerAgent = fields.peoplePerAgent;
    this.streetCount = fields.streetCount;
    this.communityCount = fields.communityCount;
    this.streetOfCommunity = fields.streetOfCommunity;
    this.communityFirst = fields.communityFirst;
    this.communityAgents = fields.communityAgents;
    this.streetPeople = fields.streetPeople;
    this.totalPeople = fields.totalPeople;
    this.residents = fields.residents;
    this.trust = fields.trust;
    this.committees = fields.committees;
    this.governments = fields.governments;
    this.orgs = fields.orgs;
    this.contracts = fields.contracts;
    this.open = fields.open;
    this.voucherPools = fields.voucherPools;
    this.transferred = fields.transferred;
    this.cellProviders = fields.cellProviders;
    this.cellsWithProviders = fields.cellsWithProviders;
    this.cellServers = fields.cellServers;
    this.providersDirty = fields.providersDirty;
    this.serverListsVersion = fields.serverListsVersion;
    this.cellVolunteers = fields.cellVolunteers;
    this.volunteersDirty = fields.volunteersDirty;
    this.cellFull = fields.cellFull;
    this.volunteerCursor = fields.volunteerCursor;
    this.buyerOf = fields.buyerOf;
    this.monthTable = fields.monthTable;
    this.awareness = fields.awareness;
    this.trustMean = fields.trustMean;
    this.orgServedShare = fields.orgServedShare;
    this.experience = fields.experience;
    this.communityNeeds = fields.communityNeeds;
    this.communityServed = fields.communityServed;
    this.lostVisits = fields.lostVisits;
    this.keptVisits = fields.keptVisits;
    this.labour = fields.labour;
    this.complaintsByStreet = fields.complaintsByStreet;
    this.unitCost = fields.unitCost;
    this.incubatorOccupants = fields.incubatorOccupants;
    this.pilotPasses = fields.pilotPasses;
    this.ledger = fields.ledger;
    this.failedLotsByStreet = fields.failedLotsByStreet;
    this.lastBiddersPerTender = fields.lastBiddersPerTender;
    this.fiscalSavings = fields.fiscalSavings;
    this.counters = fields.counters;
  }
}
