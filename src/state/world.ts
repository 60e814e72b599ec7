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
  declare contracts: number;
  declare pilots: number;
  declare incubatorGrants: number;
  declare packageGrants: number;
  /** In-house cost of needs committees served (what the government spends itself). */
  declare inHouse: number;
  /** Spending on levers since the start, by budget line (incubator includes its grants, pilots and package the lottery fund's money). */
  declare spending: LeverSpending;

  /** Copies every field of `fields`, in their order: objects made once per run are built by a constructor, not an object literal (engine/shapes.ts). */
  constructor(fields: Ledger) {
    Object.assign(this, fields);
  }
}

export class World {
  declare scenario: Scenario;
  declare readonly seed: number;
  declare readonly streams: RandomStreams;
  /** States of the per-district streams of needs and delivery (engine/rng.ts, model/districts.ts). */
  declare readonly districtStreams: Float64Array;
  /** Month index, 0-based, of the month being simulated. */
  declare month: number;
  declare readonly totalMonths: number;

  // ── Space ────────────────────────────────────────────────────────────────
  declare readonly peoplePerAgent: number;
  declare readonly streetCount: number;
  declare readonly communityCount: number;
  declare readonly streetOfCommunity: Int32Array;
  declare readonly communityFirst: Int32Array;
  declare readonly communityAgents: Int32Array;
  declare readonly streetPeople: Float64Array;
  declare readonly totalPeople: number;

  // ── Agents ───────────────────────────────────────────────────────────────
  declare readonly residents: Residents;
  /** Per-community map of the residents' trust (see agents/resident.ts). */
  declare readonly trust: CommunityTrust;
  declare readonly committees: Committee[];
  declare readonly governments: Government[];
  declare readonly orgs: Organization[];
  declare readonly contracts: Contract[];
  /** Contracts still running or still owed instalments. */
  declare open: Contract[];
  /** Voucher schemes, by index (Contract.pool). */
  declare readonly voucherPools: VoucherPool[];
  /** Per community × domain: 1 once the function has left the committee. */
  declare readonly transferred: Uint8Array;
  /** Per community × domain: ids of active contracts serving it (rebuilt when contracts change). */
  declare cellProviders: number[][];
  /** Cells whose provider list is not empty (so a rebuild clears only those). */
  declare cellsWithProviders: number[];
  /**
   * Per community × domain: bit 1 set when contracts serve the cell, bit 2 when volunteer groups
   * do (derived from the two lists; one dense byte the delivery loop reads before touching them).
   */
  declare cellServers: Uint8Array;
  declare providersDirty: boolean;
  /** Counts changes to cellProviders and cellVolunteers, so the month's table knows when to rebuild its cells. */
  declare serverListsVersion: number;
  /** Per community × domain: ids of volunteer groups serving it (rebuilt when groups change). */
  declare cellVolunteers: number[][];
  declare volunteersDirty: boolean;
  /** Per community × domain, during delivery: every provider of the cell is out of capacity. */
  declare readonly cellFull: Uint8Array;
  /** Per community × domain, during delivery: where in the cell's volunteer groups the first that may still have time is. */
  declare readonly volunteerCursor: Int32Array;
  /** Per street × domain: government buying it (-1 for none); refreshed yearly. */
  declare readonly buyerOf: Int32Array;

  /** The month's servers as typed arrays, for the districts (derived each month; agents/monthServers.ts). */
  declare monthTable: MonthTable;

  // ── Community aggregates ────────────────────────────────────────────────
  declare readonly awareness: Float64Array;
  declare readonly trustMean: Float64Array;
  /** Needs served by providers in the community this month, per agent. */
  declare readonly orgServedShare: Float64Array;
  /** Sum of (quality − trust) over this month's provider services, for word of mouth. */
  declare readonly experience: Float64Array;
  /** Needs open this month and needs served this month, per community (agents), for maps of the region. */
  declare readonly communityNeeds: Float64Array;
  declare readonly communityServed: Float64Array;

  // ── Markets and budgets ─────────────────────────────────────────────────
  /** Professional social workers: employed, looking for work, or gone (agents/socialWorker.ts). */
  declare readonly labour: LabourMarket;
  /** Complaints and petitions (people) this month, by street: what presses on its governments. */
  declare readonly complaintsByStreet: Float64Array;
  /** Cost of one served need per domain at purchase prices (yuan, per person). */
  declare readonly unitCost: Float64Array;
  declare readonly incubatorOccupants: number[];
  /** Per street × domain: consecutive passing pilot years. */
  declare readonly pilotPasses: Map<number, number>;
  declare readonly ledger: Ledger;
  /** Lots per street that found no provider in the latest procurement round. */
  declare readonly failedLotsByStreet: Float64Array;
  /** Mean bidders in the latest procurement round. */
  declare lastBiddersPerTender: number;
  declare fiscalSavings: number;
  declare counters: MonthCounters;

  /** Copies every field of `fields`, in their order: objects made once per run are built by a constructor, not an object literal (engine/shapes.ts). */
  constructor(fields: World) {
    Object.assign(this, fields);
  }
}
