/**
 * One district's residents for one month: needs arise, then residents seek help (steps 1 and 2 of
 * the monthly schedule, docs/ODD.md). This is the hot loop of a large run: at Guangzhou's full
 * scale about a million waiting needs a month.
 *
 * It works on typed arrays only — the residents' records, per-community and per-cell state (one
 * district's share of each), and the month's table of servers (agents/monthServers.ts) — and
 * draws only from the district's own streams. Districts share nothing it writes: a provider's
 * contract, a voucher scheme and a volunteer group each serve one street, so one district, and
 * what a district adds to region-wide totals goes to its own row of `totals`, summed in district
 * order afterwards. So the districts of a month can run in any order, on any thread, and give
 * the same bytes (model/districts.ts).
 *
 * The behaviour is described in agents/resident.ts (needs arise by geometric skips over the
 * residents; oldest need first; providers, volunteer groups, committees; patience, complaints).
 */
import { aliasDraw, geometricDraw } from '../engine/alias.ts';
import { aleaNext, districtStreamOffset, loadDistrictStream, saveDistrictStream } from '../engine/rng.ts';
import type { MonthTable } from '../state/monthTable.ts';
import type { Residents } from '../state/residents.ts';
import type { World } from '../state/world.ts';
import { DOMAIN_COUNT } from './domains.ts';
import { RECORD_BYTES } from './resident.ts';
export type { MonthTable } from '../state/monthTable.ts';

/**
 * The world's arrays the residents' month reads and writes (shared memory on threads): the
 * residents' records, open-need bits and queue by district (state/residents.ts), and one
 * district's share of the per-community, per-street and per-cell arrays.
 */
export class DistrictArrays {
  readonly f64: Residents['f64'];
  readonly f32: Residents['f32'];
  readonly u16: Residents['u16'];
  readonly open: Residents['open'];
  readonly queue: Residents['queue'];
  readonly queueInfo: Residents['queueInfo'];
  readonly districtFirst: Residents['districtFirst'];
  readonly openOffset: Residents['openOffset'];
  readonly queued: Residents['queued'];
  /** States of the districts' streams (engine/rng.ts). */
  readonly streamStates: Float64Array;
  // Communities (districts own contiguous ranges of communitiesPerDistrict).
  readonly communityFirst: Int32Array;
  readonly communityAgents: Int32Array;
  readonly streetOfCommunity: Int32Array;
  readonly trustScale: Float64Array;
  readonly trustShift: Float64Array;
  readonly trustStoredSum: Float64Array;
  readonly awareness: Float64Array;
  readonly experience: Float64Array;
  readonly orgServed: Float64Array;
  readonly communityNeeds: Float64Array;
  readonly communityServed: Float64Array;
  readonly lostVisits: Float64Array;
  readonly keptVisits: Float64Array;
  readonly complaintsByStreet: Float64Array;
  // Cells (community × domain).
  readonly transferred: Uint8Array;
  readonly cellFull: Uint8Array;
  readonly groupCursor: Int32Array;

  /** The world's own arrays (not copies), taken once; a class, not an object literal (engine/shapes.ts). */
  constructor(w: World) {
    const r = w.residents;
    this.f64 = r.f64;
    this.f32 = r.f32;
    this.u16 = r.u16;
    this.open = r.open;
    this.queue = r.queue;
    this.queueInfo = r.queueInfo;
    this.districtFirst = r.districtFirst;
    this.openOffset = r.openOffset;
    this.queued = r.queued;
    this.streamStates = w.districtStreams;
    this.communityFirst = w.communityFirst;
    this.communityAgents = w.communityAgents;
    this.streetOfCommunity = w.streetOfCommunity;
    this.trustScale = w.trust.scale;
    this.trustShift = w.trust.shift;
    this.trustStoredSum = w.trust.storedSum;
    this.awareness = w.awareness;
    this.experience = w.experience;
    this.orgServed = w.orgServedShare;
    this.communityNeeds = w.communityNeeds;
    this.communityServed = w.communityServed;
    this.lostVisits = w.lostVisits;
    this.keptVisits = w.keptVisits;
    this.complaintsByStreet = w.complaintsByStreet;
    this.transferred = w.transferred;
    this.cellFull = w.cellFull;
    this.groupCursor = w.volunteerCursor;
  }
}

/** Scalars of the month, at fixed offsets of MonthTable.params. */
export const P = {
  communitiesPerDistrict: 0,
  peoplePerAgent: 1,
  trustInCommittee: 2,
  learningRate: 3,
  serviceRate: 4,
  keptServiceRate: 5,
  committeeQuality: 6,
  patience: 7,
  satisfyingQuality: 8,
  satisfactionRate: 9,
  complaintProbability: 10,
  complaintRelief: 11,
  /** Monthly probability that a resident develops a need (the domains' rates summed). */
  totalNeedRate: 12,
  /** Outcomes of the gap table (MonthTable.gapProb). */
  gapSize: 13,
  /** Residents' trust in organizations at the start: mean and spread (before the month's run). */
  initialTrust: 14,
  trustSpread: 15,
  /** DOMAIN_COUNT in-house costs, then DOMAIN_COUNT fees, per need served (agent units). */
  inHouseCost: 16,
  fee: 16 + DOMAIN_COUNT,
  length: 16 + 2 * DOMAIN_COUNT,
} as const;

/** What a district adds to the region's month, at fixed offsets of its row of MonthTable.totals. */
export const T = {
  needs: 0,
  served: 1,
  servedByOrgs: 2,
  servedByVolunteers: 3,
  qualitySum: 4,
  complaints: 5,
  inHouseValue: 6,
  inHouseSpent: 7,
  satisfactionSum: 8,
  satisfactionCount: 9,
  length: 10,
} as const;

const NONE = -1;
/** Look-ahead of the delivery loop, in needs (a power of two); see below. */
const PREFETCH_BATCH = 32;
/** Residents' records of a district, in bytes, above which delivery reads them ahead (a few L2 caches). */
const LOOK_AHEAD_ABOVE_BYTES = 8 * 2 ** 20;
/** Where the look-ahead's sum goes, so that the compiler keeps its reads. */
export let prefetchSink = 0;

/** Steps 1 and 2 of the month for district `d`. */
export function residentsDistrictMonth(a: DistrictArrays, t: MonthTable, d: number): void {
  const row = d * T.length;
  t.totals.fill(0, row, row + T.length);
  const needs = loadDistrictStream(a.streamStates, districtStreamOffset(d, 'needs'));
  arise(a, t, d, needs.state, needs.int(a.districtFirst[d + 1] - a.districtFirst[d]));
  saveDistrictStream(needs, a.streamStates, districtStreamOffset(d, 'needs'));
  const delivery = loadDistrictStream(a.streamStates, districtStreamOffset(d, 'delivery'));
  deliver(a, t, d, delivery.state);
  saveDistrictStream(delivery, a.streamStates, districtStreamOffset(d, 'delivery'));
}

/**
 * The district's residents at the start of the run, record by record (agents/resident.ts): their
 * community; no satisfaction yet (−1); and their trust in social organizations, normal around
 * params[P.initialTrust] with spread params[P.trustSpread], kept within [0, 1] (the normals drawn
 * in pairs, both of Box–Muller's); and the communities' sums of trust.
 */
export function residentsDistrictStart(a: DistrictArrays, t: MonthTable, d: number): void {
  const pm = t.params;
  const mean = pm[P.initialTrust];
  const spread = pm[P.trustSpread];
  const cpd = pm[P.communitiesPerDistrict];
  const rng = loadDistrictStream(a.streamStates, districtStreamOffset(d, 'trust'));
  const st = rng.state;
  const draw = aleaNext;
  const { f64, f32, u16 } = a;
  for (let cm = d * cpd; cm < (d + 1) * cpd; cm++) {
    const first = a.communityFirst[cm];
    const end = first + a.communityAgents[cm];
    let sum = 0;
    for (let i = first; i < end; i += 2) {
      const radius = spread * Math.sqrt(-2 * Math.log(1 - draw(st)));
      const angle = 2 * Math.PI * draw(st);
      const t0 = Math.min(1, Math.max(0, mean + radius * Math.cos(angle)));
      f64[2 * i] = t0;
      f32[4 * i + 2] = -1;
      u16[8 * i + 6] = cm;
      sum += t0;
      if (i + 1 < end) {
        const t1 = Math.min(1, Math.max(0, mean + radius * Math.sin(angle)));
        f64[2 * i + 2] = t1;
        f32[4 * i + 6] = -1;
        u16[8 * i + 14] = cm;
        sum += t1;
      }
    }
    a.trustStoredSum[cm] = sum;
  }
  saveDistrictStream(rng, a.streamStates, districtStreamOffset(d, 'trust'));
}

/**
 * Needs arise: each of the district's residents without an open need develops one with
 * probability p (the summed domain rates) a month. Instead of drawing for every resident, skip
 * ahead a geometric number of residents to the next one selected — the same Bernoulli(p) per
 * resident, drawn in O(p·N), from an alias table rather than with a logarithm per need
 * (engine/alias.ts). The scan starts at a random resident (`start`, relative to the district),
 * so that queue order favours no index, and walks upward, wrapping once; the community of each
 * selected resident is found by moving a pointer along the communities' index ranges rather than
 * by reading its record. The need's domain is drawn in proportion to the domains' rates.
 */
function arise(a: DistrictArrays, t: MonthTable, d: number, st: Float64Array, start: number): void {
  const first = a.districtFirst[d];
  const n = a.districtFirst[d + 1] - first;
  const pm = t.params;
  if (n === 0 || !(pm[P.totalNeedRate] > 0)) return;
  const domainCount = DOMAIN_COUNT;
  const { gapProb, gapAlias, domainProb, domainAlias } = t;
  const gapSize = pm[P.gapSize];
  const { open, queue, queueInfo, communityFirst, communityAgents } = a;
  const bitOffset = a.openOffset[d];
  const firstCommunity = d * pm[P.communitiesPerDistrict];
  let queued = first + a.queued[d];
  let community = firstCommunity;
  // Imported functions copied to locals for the per-need loop: a module binding read through a
  // getter (as tsx's transform makes it, for tests and scripts) costs a call each time.
  const gap = geometricDraw;
  const pick = aliasDraw;
  const draw = aleaNext;
  for (let pos = gap(st, gapProb, gapAlias, gapSize); pos < n; pos += 1 + gap(st, gapProb, gapAlias, gapSize)) {
    let i = start + pos;
    if (i >= n) i -= n;
    i += first;
    const b = i + bitOffset;
    const word = b >>> 5;
    const bit = 1 << (b & 31);
    if ((open[word] & bit) !== 0) continue;
    const dm = pick(draw(st), domainProb, domainAlias, domainCount);
    if (i < communityFirst[community]) community = firstCommunity; // the scan wrapped to the district's start
    while (i >= communityFirst[community] + communityAgents[community]) community++;
    open[word] |= bit;
    queue[queued] = i;
    queueInfo[queued++] = (community << 16) | (dm << 8);
  }
  a.queued[d] = queued - first;
}

/**
 * Residents with a need seek help, oldest need first: a provider or a volunteer group when one
 * serves their community and they are aware of it and trust it more than habit pulls them to the
 * committee; the committee otherwise. A committee serves the functions it still holds, and keeps
 * serving the share ν of a transferred function that purchase added to rather than replaced
 * (new money, policies/transfer.ts); for a transferred function it may refer the resident on,
 * the more readily the less it resists. Served and abandoned needs leave the queue; complaints
 * are counted by street, for the governments over it.
 */
function deliver(a: DistrictArrays, t: MonthTable, d: number, st: Float64Array): void {
  const pm = t.params;
  const k = pm[P.peoplePerAgent];
  const cpd = pm[P.communitiesPerDistrict];
  const firstCommunity = d * cpd;
  a.orgServed.fill(0, firstCommunity, firstCommunity + cpd);
  a.communityNeeds.fill(0, firstCommunity, firstCommunity + cpd);
  a.communityServed.fill(0, firstCommunity, firstCommunity + cpd);
  a.lostVisits.fill(0, firstCommunity, firstCommunity + cpd);
  a.keptVisits.fill(0, firstCommunity, firstCommunity + cpd);
  a.cellFull.fill(0, firstCommunity * DOMAIN_COUNT, (firstCommunity + cpd) * DOMAIN_COUNT);
  a.groupCursor.fill(0, firstCommunity * DOMAIN_COUNT, (firstCommunity + cpd) * DOMAIN_COUNT);
  // Loop invariants hoisted: the loop runs once per waiting need, millions of times a month at
  // full scale.
  const { f64, f32, open, queue, queueInfo, trustScale: scale, trustShift: shift, trustStoredSum: storedSum } = a;
  const { awareness, transferred, cellFull, experience, orgServed, communityNeeds, communityServed, lostVisits, keptVisits, complaintsByStreet, streetOfCommunity } = a;
  const { referral, cooperation, cellStart, cellGroups, slotVolunteer, slotQuality, slotServed, slotQualitySum, slotCapacity, slotVolume, slotPool, poolCapacity, poolUnits } = t;
  const cellSlots = t.cellSlots;
  const trustInCommittee = pm[P.trustInCommittee];
  const learningRate = pm[P.learningRate];
  const serviceRate = pm[P.serviceRate];
  const keptServiceRate = pm[P.keptServiceRate];
  const committeeQuality = pm[P.committeeQuality];
  const patience = pm[P.patience];
  const satisfyingQuality = pm[P.satisfyingQuality];
  const satisfactionRate = pm[P.satisfactionRate];
  const complaintProbability = pm[P.complaintProbability];
  const complaintRelief = pm[P.complaintRelief];
  const inHouseCostAt = P.inHouseCost;
  const domainCount = DOMAIN_COUNT;
  const draw = aleaNext;
  const first = a.districtFirst[d];
  const bitOffset = a.openOffset[d];
  const end = first + a.queued[d];
  let needs = 0;
  let served = 0;
  let servedByOrgs = 0;
  let servedByVolunteers = 0;
  let qualitySum = 0;
  let complaints = 0;
  let inHouseValue = 0;
  let inHouseSpent = 0;
  let satisfactionSum = 0;
  let satisfactionCount = 0;
  let kept = first;
  let touched = 0;
  // Reading ahead pays only where the district's records are far larger than the caches.
  const lookAhead = (a.districtFirst[d + 1] - first) * RECORD_BYTES > LOOK_AHEAD_ABOVE_BYTES;
  for (let q = first; q < end; q++) {
    if (lookAhead && ((q - first) & (PREFETCH_BATCH - 1)) === 0) {
      // At full scale residents' records (hundreds of MB) are far from any cache, and each need's
      // record is a memory round trip; the loop body is too long for the processor to overlap
      // them on its own. Reading the next batch of records in a tight loop lets their misses
      // overlap, so the batch costs about one round trip.
      const batchEnd = Math.min(end, q + PREFETCH_BATCH);
      for (let p = q; p < batchEnd; p++) touched += f64[2 * queue[p]];
    }
    const i = queue[q];
    const info = queueInfo[q];
    const community = info >>> 16;
    const dm = (info >>> 8) & 0xff;
    needs++;
    communityNeeds[community]++;
    const cell = community * domainCount + dm;
    const slotsFirst = cellStart[cell];
    const groupsFirst = cellGroups[cell];
    const slotsEnd = cellStart[cell + 1];
    const contracted = groupsFirst > slotsFirst;
    let choice = NONE;
    // A provider is an option only while one serving the cell has capacity left this month.
    // Capacity only shrinks during delivery, so a cell found full stays full until next month;
    // needs there then cost neither a trust read nor draws.
    let contractOption = false;
    let groupOption = false;
    if (slotsEnd > slotsFirst && cellFull[cell] === 0) {
      if (contracted) for (let x = slotsFirst; x < groupsFirst && !contractOption; x++) contractOption = hasCapacity(t, cellSlots[x]);
      if (slotsEnd > groupsFirst) groupOption = anyGroupTime(a, t, cell, groupsFirst, slotsEnd);
      if (!contractOption && !groupOption) cellFull[cell] = 1;
    }
    if (contractOption || groupOption) {
      const trust = scale[community] * f64[2 * i] + shift[community];
      // The servers the resident chooses among, slots [from, to); none: the committee. Both ways
      // to a provider end in one call of pickServer, which makes its own draw: V8 may leave it
      // out of line, and a draw passed to it would then become a new heap number each time
      // (docs/performance.md, "Warm-up").
      let from = NONE;
      let to = NONE;
      if (draw(st) < awareness[community] * (trust / (trust + trustInCommittee))) {
        // A resident who turns to a provider chooses among all who can serve.
        from = contractOption ? slotsFirst : groupsFirst;
        to = groupOption ? slotsEnd : groupsFirst;
      } else if (contractOption && transferred[cell] === 1 && draw(st) < referral[community]) {
        // A committee that no longer holds the function may send the resident to a contracted provider.
        from = slotsFirst;
        to = groupsFirst;
      }
      // A lone contract with capacity needs no choosing; volunteer groups always go through pickServer (their turns).
      if (from !== NONE) choice = to === groupsFirst && to - from === 1 ? cellSlots[from] : pickServer(a, t, cell, from, to, groupsFirst, st);
    }
    let outcome = -1; // satisfaction outcome of a served need
    if (choice !== NONE) {
      const quality = Math.min(1, slotQuality[choice] * cooperation[community]);
      const trust = scale[community] * f64[2 * i] + shift[community];
      experience[community] += quality - trust;
      // Trust moves toward the quality received (stored relative to the community's map).
      const stored = (trust + learningRate * (quality - trust) - shift[community]) / scale[community];
      storedSum[community] += stored - f64[2 * i];
      f64[2 * i] = stored;
      slotServed[choice]++;
      slotQualitySum[choice] += quality;
      slotCapacity[choice]--;
      if (slotVolunteer[choice] === 1) servedByVolunteers++;
      else {
        slotVolume[choice]--;
        const pool = slotPool[choice];
        if (pool >= 0) {
          poolCapacity[pool]--;
          poolUnits[pool]--;
        }
        servedByOrgs++;
        qualitySum += quality;
        inHouseValue += pm[inHouseCostAt + dm];
      }
      orgServed[community]++;
      outcome = Math.min(1, quality / satisfyingQuality);
    } else if (!contracted || transferred[cell] === 0) {
      // The committee (or, for a transferred function nobody provides, the street in-house).
      if (draw(st) < serviceRate) {
        outcome = committeeQuality;
        inHouseSpent += pm[inHouseCostAt + dm];
      }
    } else if (keptServiceRate > 0 && draw(st) < keptServiceRate) {
      // A transferred function the committee still serves alongside the providers (new money).
      outcome = committeeQuality;
      inHouseSpent += pm[inHouseCostAt + dm];
    }
    // In a function transferred away, a resident served by an organization is a visitor the
    // committee lost; one it served, or who still waits at its door, is one it kept.
    if (transferred[cell] === 1) {
      if (choice !== NONE) lostVisits[community]++;
      else keptVisits[community]++;
    }
    const b = i + bitOffset;
    if (outcome >= 0) {
      served++;
      communityServed[community]++;
      // Satisfaction moves toward each outcome; the first outcome sets it.
      const before = f32[4 * i + 2];
      const after = Math.fround(before < 0 ? outcome : before + satisfactionRate * (outcome - before));
      f32[4 * i + 2] = after;
      if (before < 0) {
        satisfactionCount++;
        satisfactionSum += after;
      } else satisfactionSum += after - before;
      open[b >>> 5] &= ~(1 << (b & 31));
      continue;
    }
    if ((info & 0xff) + 1 >= patience) {
      const before = f32[4 * i + 2];
      const after = Math.fround(before < 0 ? 0 : before + satisfactionRate * (0 - before));
      f32[4 * i + 2] = after;
      if (before < 0) satisfactionCount++;
      else satisfactionSum += after - before;
      const relief = contracted ? complaintRelief : 0;
      if (draw(st) < complaintProbability * (1 - relief)) {
        complaints += k;
        complaintsByStreet[streetOfCommunity[community]] += k;
      }
      open[b >>> 5] &= ~(1 << (b & 31));
      continue;
    }
    queue[kept] = i;
    queueInfo[kept++] = info + 1; // one more month waited
  }
  a.queued[d] = kept - first;
  prefetchSink = touched;
  // Fees residents pay providers, per contract slot, are added when the table is read back.
  const totals = t.totals;
  const row = d * T.length;
  totals[row + T.needs] = needs;
  totals[row + T.served] = served;
  totals[row + T.servedByOrgs] = servedByOrgs;
  totals[row + T.servedByVolunteers] = servedByVolunteers;
  totals[row + T.qualitySum] = qualitySum;
  totals[row + T.complaints] = complaints;
  totals[row + T.inHouseValue] = inHouseValue;
  totals[row + T.inHouseSpent] = inHouseSpent;
  totals[row + T.satisfactionSum] = satisfactionSum;
  totals[row + T.satisfactionCount] = satisfactionCount;
  for (let cm = firstCommunity; cm < firstCommunity + cpd; cm++) orgServed[cm] /= Math.max(1, a.communityAgents[cm]);
}

/**
 * Can the slot take one more need now? A contract serves while this month's allowance is
 * positive (a need is whole, so the allowance may dip below zero and is made good from the next
 * months') and never beyond its total volume, capacity × months; this keeps small contracts — a
 * fraction of a need a month, as happens at coarse agent scales — serving at the same average
 * rate as large ones. A voucher provider also needs its scheme to have budget left this month
 * and over the term. A volunteer group serves while it has time left this month.
 */
function hasCapacity(t: MonthTable, slot: number): boolean {
  if (!(t.slotCapacity[slot] > 0 && t.slotVolume[slot] >= 1 - 1e-9)) return false;
  const pool = t.slotPool[slot];
  return pool < 0 || (t.poolCapacity[pool] > 0 && t.poolUnits[pool] >= 1 - 1e-9);
}

/**
 * Has any of the cell's volunteer groups time left this month? Groups' time only shrinks during
 * delivery, so a per-cell cursor skips, once and for all this month, the groups found out of
 * time at the front of the list.
 */
function anyGroupTime(a: DistrictArrays, t: MonthTable, cell: number, groupsFirst: number, end: number): boolean {
  for (let x = groupsFirst + a.groupCursor[cell]; x < end; x++) {
    if (t.slotCapacity[t.cellSlots[x]] > 0) {
      a.groupCursor[cell] = x - groupsFirst;
      return true;
    }
  }
  a.groupCursor[cell] = end - groupsFirst;
  return false;
}

/**
 * The server a resident picks among the cell's slots [from, to) with capacity left — contracts
 * first, then volunteer groups from the cell's cursor on — with probability in proportion to its
 * appeal (its reputation and the quality it delivered last month: what decides under vouchers,
 * and between a contracted agency and a neighbourhood group), by one draw from the delivery
 * stream `st`. The caller has checked that some slot can serve.
 */
function pickServer(a: DistrictArrays, t: MonthTable, cell: number, from: number, to: number, groupsFirst: number, st: Float64Array): number {
  const u = aleaNext(st);
  const { cellSlots, slotAppeal } = t;
  const cursorAt = groupsFirst + a.groupCursor[cell];
  let total = 0;
  let last = NONE;
  for (let x = from; x < to; x++) {
    if (x >= groupsFirst && x < cursorAt) continue;
    const slot = cellSlots[x];
    if (!hasCapacity(t, slot)) continue;
    total += slotAppeal[slot];
    last = slot;
  }
  let left = u * total;
  for (let x = from; x < to; x++) {
    if (x >= groupsFirst && x < cursorAt) continue;
    const slot = cellSlots[x];
    if (!hasCapacity(t, slot)) continue;
    left -= slotAppeal[slot];
    if (left < 0) return slot;
  }
  return last; // rounding left `left` at 0: the last server with capacity
}
