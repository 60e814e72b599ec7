/**
 * Residents (居民), as a struct of typed arrays: one slot per resident agent, each standing for
 * `peoplePerAgent` people. Residents are sorted by community, so a community is a contiguous
 * index range. Nothing here allocates per resident after start-up.
 *
 * The monthly work is event-driven, so a month costs in proportion to the needs that arise and
 * wait, not to the population (a Guangzhou-sized region has 14 million residents):
 * - needs arise by skipping ahead geometrically to the next resident who develops one;
 * - residents with open needs wait in a queue (first come, first served);
 * - word of mouth moves a whole community's trust by the same affine map T ← p·T + q, so it is
 *   kept per community (trust = scale·stored + shift) and applied to a resident only when that
 *   resident's own trust changes.
 */
import type { World } from '../state/world.ts';
import type { CommunityTrust, Residents } from '../state/residents.ts';
export type { CommunityTrust, Residents } from '../state/residents.ts';
import { yearOfMonth } from '../engine/clock.ts';
import type { Contract } from '../state/contract.ts';
import type { Organization } from '../state/organization.ts';
import { referralProbability } from '../policies/compensation.ts';
import { awarenessGain } from '../policies/publicity.ts';
import { switchLever } from '../policies/registry.ts';
import { relievedServiceRate } from '../policies/relief.ts';
import { DOMAIN_COUNT, DOMAINS } from './domains.ts';
import { capability } from './socialWorker.ts';
import { HAS_CONTRACTS, HAS_GROUPS } from './volunteerGroups.ts';

/**
 * One 16-byte record per resident, packed so that reading a resident touches one cache line
 * (delivery visits residents far apart; separate arrays per field would cost a cache miss each):
 *   bytes 0–7   trust in social organizations, stored relative to the community's map
 *               (T = scale·stored + shift)                                   f64[2i]
 *   bytes 8–11  satisfaction with public services, 0–1; -1 before any outcome f32[4i + 2]
 *   bytes 12–13 community                                                   u16[8i + 6]
 *   bytes 14–15 padding (keeps the f64 aligned)
 *
 * An open need lives in the queue, not in the record: the queue slot holds the resident and a
 * packed word (community << 16 | domain << 8 | months waited), and a bitset marks residents
 * with an open need. A need therefore touches its resident's record only when the resident's
 * trust is read (a provider serves the cell) or when the need ends (served or abandoned) — not
 * when it arises, nor in the months it merely waits. At full scale the records (224 MB for
 * Guangzhou) do not fit in any cache, so each touch is a memory round trip; the bitset (1.75 MB)
 * and the queue, read in order, do.
 */
export const RECORD_BYTES = 16;

export function createResidents(count: number): Residents {
  const buffer = new ArrayBuffer(count * RECORD_BYTES);
  const r: Residents = {
    count,
    f64: new Float64Array(buffer),
    f32: new Float32Array(buffer),
    u16: new Uint16Array(buffer),
    open: new Uint32Array(Math.ceil(count / 32)),
    queue: new Int32Array(count),
    queueInfo: new Uint32Array(count),
    queued: 0,
    satisfactionSum: 0,
    satisfactionCount: 0,
  };
  for (let i = 0; i < count; i++) r.f32[4 * i + 2] = -1;
  return r;
}

/** Assign residents [first, end) to a community. */
export function setCommunity(r: Residents, first: number, end: number, community: number): void {
  for (let i = first; i < end; i++) r.u16[8 * i + 6] = community;
}

export const communityOf = (r: Residents, i: number): number => r.u16[8 * i + 6];
export const hasOpenNeed = (r: Residents, i: number): boolean => (r.open[i >>> 5] & (1 << (i & 31))) !== 0;
export const satisfactionOf = (r: Residents, i: number): number => r.f32[4 * i + 2];

export function createCommunityTrust(communities: number): CommunityTrust {
  return { scale: new Float64Array(communities).fill(1), shift: new Float64Array(communities), storedSum: new Float64Array(communities) };
}

/** Bytes of state per resident agent (for memory estimates): record, queue slot and word, bit. */
export const RESIDENT_BYTES = RECORD_BYTES + 4 + 4 + 1 / 8;

// ── Trust field ─────────────────────────────────────────────────────────────

export function trustOf(w: World, i: number): number {
  const r = w.residents;
  const c = r.u16[8 * i + 6];
  return w.trust.scale[c] * r.f64[2 * i] + w.trust.shift[c];
}

function setTrust(w: World, i: number, value: number): void {
  const r = w.residents;
  const c = r.u16[8 * i + 6];
  const stored = (value - w.trust.shift[c]) / w.trust.scale[c];
  w.trust.storedSum[c] += stored - r.f64[2 * i];
  r.f64[2 * i] = stored;
}

/** Mean trust of a community's residents. */
export function communityTrust(w: World, c: number): number {
  const n = w.communityAgents[c];
  return n > 0 ? w.trust.scale[c] * (w.trust.storedSum[c] / n) + w.trust.shift[c] : 0;
}

/** Apply T ← p·T + q to every resident of community c (p > 0), in O(1). */
function mapCommunity(w: World, c: number, p: number, q: number): void {
  w.trust.scale[c] *= p;
  w.trust.shift[c] = p * w.trust.shift[c] + q;
  // Keep stored values well-conditioned: fold the map into them once it has shrunk a lot.
  if (w.trust.scale[c] < 1e-6) materialize(w, c);
}

/** Set every resident of community c to the same trust (a map with p = 0, done directly). */
function flatten(w: World, c: number, value: number): void {
  const first = w.communityFirst[c];
  const f64 = w.residents.f64;
  for (let i = first; i < first + w.communityAgents[c]; i++) f64[2 * i] = value;
  w.trust.scale[c] = 1;
  w.trust.shift[c] = 0;
  w.trust.storedSum[c] = value * w.communityAgents[c];
}

/** Write a community's actual trust into its stored values and reset its map. */
function materialize(w: World, c: number): void {
  const r = w.residents;
  const first = w.communityFirst[c];
  const end = first + w.communityAgents[c];
  const { scale, shift } = w.trust;
  let sum = 0;
  for (let i = first; i < end; i++) {
    const t = scale[c] * r.f64[2 * i] + shift[c];
    r.f64[2 * i] = t;
    sum += t;
  }
  scale[c] = 1;
  shift[c] = 0;
  w.trust.storedSum[c] = sum;
}

/** Set every resident's initial trust (stored = actual) and the communities' sums. */
export function initialTrust(w: World, draw: (i: number) => number): void {
  const r = w.residents;
  for (let c = 0; c < w.communityCount; c++) {
    const first = w.communityFirst[c];
    let sum = 0;
    for (let i = first; i < first + w.communityAgents[c]; i++) {
      const t = Math.min(1, Math.max(0, draw(i)));
      r.f64[2 * i] = t;
      sum += t;
    }
    w.trust.storedSum[c] = sum;
  }
}

// ── Behaviour ────────────────────────────────────────────────────────────────

/**
 * Needs arise: each resident without an open need develops one with probability p (the summed
 * domain rates) a month. Instead of drawing for every resident, skip ahead a geometric number
 * of residents to the next one selected — the same Bernoulli(p) per resident, drawn in O(p·N).
 * The scan starts at a random resident so that, within a month, queue order favours no index.
 * It walks indices upward (wrapping once), so the community of each selected resident is found
 * by moving a pointer along the communities' index ranges rather than by reading its record.
 */
export function needsPhase(w: World): void {
  const r = w.residents;
  const n = r.count;
  if (n === 0) return;
  const rng = w.streams.needs;
  // Cumulative domain rates: domain d is drawn when u < cumulative[d].
  const cumulative = new Float64Array(DOMAIN_COUNT);
  let total = 0;
  for (let d = 0; d < DOMAIN_COUNT; d++) cumulative[d] = total += w.scenario.domains[DOMAINS[d]].needRate;
  if (total <= 0) return;
  const logMiss = total >= 1 ? -Infinity : Math.log(1 - total);
  // Imported constants copied to locals for the per-need loop: a module binding read through a
  // getter (as tsx's transform makes it) costs a call each time.
  const lastDomain = DOMAIN_COUNT - 1;
  const { open, queue, queueInfo } = r;
  const { communityFirst, communityAgents } = w;
  const next = rng.uniform;
  let queued = r.queued;
  const start = rng.int(n);
  let community = 0;
  for (let pos = geometricGap(next, logMiss); pos < n; pos += 1 + geometricGap(next, logMiss)) {
    let i = start + pos;
    if (i >= n) i -= n;
    const word = i >>> 5;
    const bit = 1 << (i & 31);
    if ((open[word] & bit) !== 0) continue;
    // The domain, in proportion to its rate.
    const u = next() * total;
    let d = 0;
    while (d < lastDomain && u >= cumulative[d]) d++;
    if (i < communityFirst[community]) community = 0; // the scan wrapped to index 0
    while (i >= communityFirst[community] + communityAgents[community]) community++;
    open[word] |= bit;
    queue[queued] = i;
    queueInfo[queued++] = (community << 16) | (d << 8);
  }
  r.queued = queued;
}

/** Failures before the next success of a Bernoulli(p) sequence, log(1 − p) given. */
function geometricGap(next: () => number, logMiss: number): number {
  if (logMiss === -Infinity) return 0;
  return Math.floor(Math.log(1 - next()) / logMiss);
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
export function deliveryPhase(w: World): void {
  const s = w.scenario;
  const r = w.residents;
  const rng = w.streams.delivery;
  const k = w.peoplePerAgent;
  const res = s.residents;
  const year = yearOfMonth(w.month);
  const compensation = switchLever(s.policies, 'compensation', year);
  const referral = new Float64Array(w.communityCount);
  for (let cm = 0; cm < w.communityCount; cm++) referral[cm] = referralProbability(s.committees.referralProbability, w.committees[cm].resistance, compensation);
  const c = w.counters;
  const orgServed = w.orgServedShare;
  orgServed.fill(0);
  const { communityNeeds, communityServed } = w;
  communityNeeds.fill(0);
  communityServed.fill(0);
  const cellFull = w.cellFull;
  cellFull.fill(0);
  w.volunteerCursor.fill(0);
  // Loop invariants hoisted: the loop runs once per waiting need, millions of times a month at
  // full scale.
  const { f64, open, queue, queueInfo } = r;
  const { scale, shift } = w.trust;
  const random = rng.uniform;
  const { awareness, transferred, cellProviders, cellVolunteers, cellServers, streetOfCommunity, complaintsByStreet } = w;
  const trustInCommittee = res.trustInCommittee;
  const learningRate = res.learningRate;
  const serviceRate = relievedServiceRate(s.committees.serviceRate, switchLever(s.policies, 'relief', year));
  const keptServiceRate = serviceRate * s.policies.transfer.newMoneyShare;
  const committeeQuality = Math.min(1, s.committees.serviceQuality / res.satisfyingQuality);
  const patience = res.patienceMonths;
  const offDomain = s.organizations.offDomainQuality;
  const volunteerQuality = s.organizations.volunteerQuality;
  const inHouseCost = new Float64Array(DOMAIN_COUNT);
  const feeOf = new Float64Array(DOMAIN_COUNT);
  for (let d = 0; d < DOMAIN_COUNT; d++) {
    inHouseCost[d] = w.unitCost[d] * s.governments.inHouseCostRatio * k;
    feeOf[d] = s.domains[DOMAINS[d]].feePerUnit * k;
  }
  let needs = 0;
  let served = 0;
  let servedByOrgs = 0;
  let servedByVolunteers = 0;
  let qualitySum = 0;
  let complaints = 0;
  let inHouseValue = 0;
  let inHouseSpent = 0;
  let kept = 0;
  const domainCount = DOMAIN_COUNT;
  const hasContracts = HAS_CONTRACTS;
  const hasGroups = HAS_GROUPS;
  const queued = r.queued;
  let touched = 0;
  for (let q = 0; q < queued; q++) {
    if ((q & (PREFETCH_BATCH - 1)) === 0) {
      // Touch the next batch of residents' records in a tight loop: their cache misses overlap,
      // so the batch costs about one memory round trip instead of one per need (see PREFETCH_BATCH).
      const end = Math.min(queued, q + PREFETCH_BATCH);
      for (let p = q; p < end; p++) touched += f64[2 * queue[p]];
    }
    const i = queue[q];
    const info = queueInfo[q];
    const community = info >>> 16;
    const d = (info >>> 8) & 0xff;
    needs++;
    communityNeeds[community]++;
    const cell = community * domainCount + d;
    // Most cells have no provider: one dense byte says so before any list is touched.
    const servers = cellServers[cell];
    const contracted = (servers & hasContracts) !== 0;
    const providers = contracted ? cellProviders[cell] : NO_SERVERS;
    let choice = NONE;
    // A provider is an option only while one serving the cell has capacity left this month.
    // Capacity only shrinks during delivery, so a cell found full stays full until next month;
    // needs there then cost neither a trust read (a cache miss at full scale) nor draws.
    let contractOption = false;
    let groupOption = false;
    if (servers !== 0 && cellFull[cell] === 0) {
      contractOption = contracted && anyCapacity(w, providers);
      groupOption = (servers & hasGroups) !== 0 && anyVolunteerTime(w, cell, cellVolunteers[cell]);
      if (!contractOption && !groupOption) cellFull[cell] = 1;
    }
    if (contractOption || groupOption) {
      const trust = scale[community] * f64[2 * i] + shift[community];
      if (random() < awareness[community] * (trust / (trust + trustInCommittee)))
        // A resident who turns to a provider chooses among all who can serve.
        choice = !groupOption && providers.length === 1 ? providers[0] : pickServer(w, cell, contractOption ? providers : NO_SERVERS, groupOption ? cellVolunteers[cell] : NO_SERVERS, random(), res.choiceSharpness);
      // A committee that no longer holds the function may send the resident to a contracted provider.
      else if (contractOption && transferred[cell] === 1 && random() < referral[community])
        choice = providers.length === 1 ? providers[0] : pickServer(w, cell, providers, NO_SERVERS, random(), res.choiceSharpness);
    }
    let outcome = -1; // satisfaction outcome of a served need
    if (choice !== NONE) {
      const volunteer = choice < 0;
      const org = volunteer ? w.orgs[-choice - 2] : w.orgs[w.contracts[choice].org];
      const cooperation = w.committees[community].cooperation;
      const quality = volunteer
        ? Math.min(1, volunteerQuality * org.skill * cooperation)
        : Math.min(1, (org.domain === d ? 1 : offDomain) * capability(org, s.labour) * orgStaffing(org) * cooperation);
      const trust = scale[community] * f64[2 * i] + shift[community];
      w.experience[community] += quality - trust;
      setTrust(w, i, trust + learningRate * (quality - trust));
      org.lastServedMonth = w.month;
      org.monthQualitySum += quality;
      org.monthServed++;
      if (volunteer) {
        org.volunteerCapacityLeft--;
        servedByVolunteers++;
      } else {
        const contract = w.contracts[choice];
        contract.capacityLeft--;
        contract.unitsDelivered++;
        contract.qualitySum += quality;
        contract.unitsByMonth[contract.servedMonths] += 1;
        if (contract.pool >= 0) {
          const pool = w.voucherPools[contract.pool];
          pool.capacityLeft--;
          pool.unitsLeft--;
        }
        if (feeOf[d] > 0) {
          org.cash += feeOf[d];
          org.incomeFees += feeOf[d];
        }
        servedByOrgs++;
        qualitySum += quality;
        inHouseValue += inHouseCost[d];
      }
      orgServed[community]++;
      outcome = Math.min(1, quality / res.satisfyingQuality);
    } else if (!contracted || transferred[cell] === 0) {
      // The committee (or, for a transferred function nobody provides, the street in-house).
      if (random() < serviceRate) {
        outcome = committeeQuality;
        inHouseSpent += inHouseCost[d];
      }
    } else if (keptServiceRate > 0 && random() < keptServiceRate) {
      // A transferred function the committee still serves alongside the providers (new money).
      outcome = committeeQuality;
      inHouseSpent += inHouseCost[d];
    }
    if (outcome >= 0) {
      served++;
      communityServed[community]++;
      updateSatisfaction(r, i, outcome, res.satisfactionRate);
      open[i >>> 5] &= ~(1 << (i & 31));
      continue;
    }
    if ((info & 0xff) + 1 >= patience) {
      updateSatisfaction(r, i, 0, res.satisfactionRate);
      const relief = contracted ? res.socialWorkerComplaintRelief : 0;
      if (random() < res.complaintProbability * (1 - relief)) {
        complaints += k;
        complaintsByStreet[streetOfCommunity[community]] += k;
      }
      open[i >>> 5] &= ~(1 << (i & 31));
      continue;
    }
    queue[kept] = i;
    queueInfo[kept++] = info + 1; // one more month waited
  }
  r.queued = kept;
  prefetchSink = touched;
  c.needs += needs;
  c.served += served;
  c.servedByOrgs += servedByOrgs;
  c.servedByVolunteers += servedByVolunteers;
  c.qualitySum += qualitySum;
  c.complaints += complaints;
  c.inHouseValueOfOrgService += inHouseValue;
  w.ledger.inHouse += inHouseSpent;
  for (let cm = 0; cm < w.communityCount; cm++) orgServed[cm] /= Math.max(1, w.communityAgents[cm]);
  // What residents hear of each provider: the mean quality it delivered this month.
  for (const o of w.orgs) {
    o.monthServedTotal = o.monthServed;
    if (o.monthServed === 0) continue;
    o.recentQuality = o.monthQualitySum / o.monthServed;
    o.monthQualitySum = 0;
    o.monthServed = 0;
  }
}

/**
 * Needs the delivery loop looks ahead by. At full scale residents' records (16 bytes each, hundreds
 * of MB) are far from any cache and each need's record is a memory round trip; the loop body is
 * too long for the processor to overlap those on its own. Reading a batch of records ahead in a
 * tight loop lets their misses overlap. A power of two.
 */
const PREFETCH_BATCH = 32;
/** Where the look-ahead's sum goes, so that the compiler keeps its reads. */
export let prefetchSink = 0;

/** Satisfaction moves toward each outcome; the first outcome sets it. */
function updateSatisfaction(r: Residents, i: number, outcome: number, rate: number): void {
  const before = r.f32[4 * i + 2];
  const after = Math.fround(before < 0 ? outcome : before + rate * (outcome - before));
  r.f32[4 * i + 2] = after;
  if (before < 0) {
    r.satisfactionCount++;
    r.satisfactionSum += after;
  } else r.satisfactionSum += after - before;
}

/** Staff on hand relative to what the organization's contracts need (0–1). */
export function orgStaffing(org: { staff: number; staffRequired: number }): number {
  return org.staffRequired > 0 ? Math.min(1, org.staff / org.staffRequired) : 1;
}

/** No provider chosen (contract ids are ≥ 0; a volunteer group's id g is coded −g − 2). */
const NONE = -1;
/** The provider list of a cell with none. */
const NO_SERVERS: number[] = [];

/**
 * Can the contract take one more need now? It serves while this month's allowance is positive
 * (a need is whole, so the allowance may dip below zero and is made good from the next months'),
 * and never beyond its total volume, capacity × months. This keeps small contracts — a fraction
 * of a need a month, as happens at coarse agent scales — serving at the same average rate as
 * large ones instead of waiting months to save up one whole need. A voucher provider also needs
 * its scheme to have budget left this month and over the term.
 */
function hasCapacity(w: World, ct: Contract): boolean {
  if (!(ct.capacityLeft > 0 && ct.unitsDelivered + 1 <= ct.capacity * ct.months + 1e-9)) return false;
  if (ct.pool < 0) return true;
  const pool = w.voucherPools[ct.pool];
  return pool.capacityLeft > 0 && pool.unitsLeft >= 1 - 1e-9;
}

function anyCapacity(w: World, providers: number[]): boolean {
  for (const id of providers) if (hasCapacity(w, w.contracts[id])) return true;
  return false;
}

/**
 * Has any of the cell's volunteer groups time left this month? Groups' time only shrinks during
 * delivery, so a per-cell cursor skips, once and for all this month, the groups found out of
 * time at the front of the list.
 */
function anyVolunteerTime(w: World, cell: number, groups: number[]): boolean {
  const cursor = w.volunteerCursor;
  for (let k = cursor[cell]; k < groups.length; k++) {
    if (w.orgs[groups[k]].volunteerCapacityLeft > 0) {
      cursor[cell] = k;
      return true;
    }
  }
  cursor[cell] = groups.length;
  return false;
}

/** How much residents choosing among several providers favour this one. */
function appeal(o: Organization, sharpness: number): number {
  return 0.01 + Math.pow((o.reputation + o.recentQuality) / 2, sharpness);
}

/**
 * The server a resident picks among the cell's contracts with capacity left and its volunteer
 * groups with time left: one with probability in proportion to its appeal — its reputation and
 * the quality it delivered last month (what decides under vouchers, and between a contracted
 * agency and a neighbourhood group). Contracts are coded by id (≥ 0), groups as −id − 2. The
 * caller has checked that some server can serve. The groups' scan starts at the cell's cursor
 * (anyVolunteerTime), past those already out of time.
 */
function pickServer(w: World, cell: number, providers: number[], groups: number[], u: number, sharpness: number): number {
  const first = groups.length > 0 ? w.volunteerCursor[cell] : 0;
  let total = 0;
  let last = NONE;
  for (const id of providers)
    if (hasCapacity(w, w.contracts[id])) {
      total += appeal(w.orgs[w.contracts[id].org], sharpness);
      last = id;
    }
  for (let k = first; k < groups.length; k++) {
    const o = w.orgs[groups[k]];
    if (o.volunteerCapacityLeft > 0) {
      total += appeal(o, sharpness);
      last = -groups[k] - 2;
    }
  }
  let x = u * total;
  for (const id of providers) {
    if (!hasCapacity(w, w.contracts[id])) continue;
    x -= appeal(w.orgs[w.contracts[id].org], sharpness);
    if (x < 0) return id;
  }
  for (let k = first; k < groups.length; k++) {
    const o = w.orgs[groups[k]];
    if (o.volunteerCapacityLeft <= 0) continue;
    x -= appeal(o, sharpness);
    if (x < 0) return -groups[k] - 2;
  }
  return last; // rounding left x at 0: the last server with capacity
}

/**
 * Word of mouth, per community and in O(1) each: the month's service experiences reach
 * `wordOfMouthReach` neighbours apiece, spread over the community — trust moves the share h
 * toward 1 (good news, T ← T + h·(1 − T)) or toward 0 (bad news, T ← T·(1 + h)), which keeps it
 * in [0, 1]; then trust is pulled toward the community mean (T ← T + β·(T̄ − T)). Awareness
 * grows with publicity and with the share of neighbours a provider served.
 */
export function wordOfMouthPhase(w: World): void {
  const res = w.scenario.residents;
  const beta = res.wordOfMouth;
  const publicity = switchLever(w.scenario.policies, 'publicity', yearOfMonth(w.month));
  for (let cm = 0; cm < w.communityCount; cm++) {
    const n = w.communityAgents[cm];
    if (n > 0 && w.experience[cm] !== 0) {
      const h = (res.wordOfMouthReach * res.learningRate * w.experience[cm]) / n;
      if (h >= 1) flatten(w, cm, 1);
      else if (h > 0) mapCommunity(w, cm, 1 - h, h);
      else if (h <= -1) flatten(w, cm, 0);
      else if (h < 0) mapCommunity(w, cm, 1 + h, 0);
    }
    w.experience[cm] = 0;
    const mean = communityTrust(w, cm);
    if (beta >= 1) flatten(w, cm, mean);
    else if (beta > 0) mapCommunity(w, cm, 1 - beta, beta * mean);
    w.trustMean[cm] = communityTrust(w, cm);
    const a = w.awareness[cm];
    w.awareness[cm] = Math.min(1, a + awarenessGain(a, publicity) + res.awarenessByWordOfMouth * w.orgServedShare[cm] * (1 - a));
  }
}
