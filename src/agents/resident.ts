/**
 * Residents (居民), as a struct of typed arrays: one slot per resident agent, each standing for
 * `peoplePerAgent` people. Residents are sorted by community, so a community is a contiguous
 * index range. Nothing here allocates per resident after start-up.
 */
import type { World } from '../model/world.ts';
import { referralProbability } from '../policies/compensation.ts';
import { awarenessGain } from '../policies/publicity.ts';
import { switchLever } from '../policies/registry.ts';
import { yearOfMonth } from '../engine/clock.ts';
import { DOMAIN_COUNT, DOMAINS, OFF_DOMAIN_QUALITY } from './domains.ts';

export interface Residents {
  readonly count: number;
  readonly community: Int32Array;
  /** Trust in social organizations, 0–1. */
  readonly trust: Float32Array;
  /** Satisfaction with public services, 0–1; -1 until a first need is resolved. */
  readonly satisfaction: Float32Array;
  /** Domain of the open need, -1 for none. */
  readonly need: Int8Array;
  /** Months the open need has waited. */
  readonly waited: Uint8Array;
}

export function createResidents(count: number): Residents {
  return {
    count,
    community: new Int32Array(count),
    trust: new Float32Array(count),
    satisfaction: new Float32Array(count),
    need: new Int8Array(count).fill(-1),
    waited: new Uint8Array(count),
  };
}

/** Bytes of resident state per agent (for memory estimates). */
export const RESIDENT_BYTES = 4 + 4 + 4 + 1 + 1;

// ── Behaviour ────────────────────────────────────────────────────────────────

/** Needs arise: each resident without an open need develops one with the summed domain rates. */
export function needsPhase(w: World): void {
  const r = w.residents;
  const rng = w.streams.needs;
  const rates = DOMAINS.map((d) => w.scenario.domains[d].needRate);
  let total = 0;
  for (const x of rates) total += x;
  for (let i = 0; i < r.count; i++) {
    if (r.need[i] >= 0) continue;
    const u = rng.next();
    if (u >= total) continue;
    // Reuse the same draw to pick the domain: u is uniform on [0, total).
    let acc = 0;
    let d = 0;
    for (; d < DOMAIN_COUNT - 1; d++) {
      acc += rates[d];
      if (u < acc) break;
    }
    r.need[i] = d;
    r.waited[i] = 0;
  }
}

/**
 * Residents with a need seek help: a provider when one serves their community and they are
 * aware of it and trust it more than habit pulls them to the committee; the committee
 * otherwise. A committee serves the functions it still holds; for a transferred one it may refer
 * the resident on. Residents are visited from a random starting point each month so that
 * capacity limits favour nobody by index.
 */
export function deliveryPhase(w: World): void {
  const s = w.scenario;
  const r = w.residents;
  const rng = w.streams.delivery;
  const k = w.peoplePerAgent;
  const res = s.residents;
  const year = yearOfMonth(w.month);
  const referral = referralProbability(s.committees.referralProbability, switchLever(s.policies, 'compensation', year));
  const c = w.counters;
  const orgServed = w.orgServedShare;
  orgServed.fill(0);
  const start = r.count > 0 ? rng.int(r.count) : 0;
  for (let step = 0; step < r.count; step++) {
    let i = start + step;
    if (i >= r.count) i -= r.count;
    const d = r.need[i];
    if (d < 0) continue;
    c.needs++;
    const community = r.community[i];
    const providers = w.cellProviders[community * DOMAIN_COUNT + d];
    let contractId = -1;
    if (providers.length > 0) {
      const trust = r.trust[i];
      const toOrg = rng.next() < w.awareness[community] * (trust / (trust + res.trustInCommittee));
      if (toOrg || (w.transferred[community * DOMAIN_COUNT + d] === 1 && rng.next() < referral))
        contractId = pickProvider(w, providers, rng.next());
    }
    let quality = -1;
    if (contractId >= 0) {
      const contract = w.contracts[contractId];
      const org = w.orgs[contract.org];
      const fit = org.domain === d ? 1 : OFF_DOMAIN_QUALITY;
      quality = fit * org.skill * orgStaffing(org) * w.committees[community].cooperation;
      w.experience[community] += quality - r.trust[i];
      contract.capacityLeft--;
      contract.unitsDelivered++;
      contract.qualitySum += quality;
      contract.unitsByMonth[contract.servedMonths] += 1;
      const fee = s.domains[DOMAINS[d]].feePerUnit * k;
      if (fee > 0) {
        org.cash += fee;
        org.incomeFees += fee;
      }
      r.trust[i] += res.learningRate * (quality - r.trust[i]);
      c.servedByOrgs++;
      c.qualitySum += quality;
      c.inHouseValueOfOrgService += w.unitCost[d] * s.governments.inHouseCostRatio * k;
      orgServed[community]++;
    } else if (providers.length === 0 || w.transferred[community * DOMAIN_COUNT + d] === 0) {
      // The committee (or, for a transferred function nobody provides, the street in-house).
      if (rng.next() < s.committees.serviceRate) {
        quality = s.committees.serviceQuality;
        w.ledger.inHouse += w.unitCost[d] * s.governments.inHouseCostRatio * k;
      }
    }
    if (quality >= 0) {
      c.served++;
      updateSatisfaction(r, i, Math.min(1, quality / res.satisfyingQuality), res.satisfactionRate);
      r.need[i] = -1;
      r.waited[i] = 0;
    } else {
      r.waited[i]++;
      if (r.waited[i] >= res.patienceMonths) {
        updateSatisfaction(r, i, 0, res.satisfactionRate);
        const relief = providers.length > 0 ? res.socialWorkerComplaintRelief : 0;
        if (rng.next() < res.complaintProbability * (1 - relief)) c.complaints += k;
        r.need[i] = -1;
        r.waited[i] = 0;
      }
    }
  }
  for (let cm = 0; cm < w.communityCount; cm++) orgServed[cm] /= Math.max(1, w.communityAgents[cm]);
}

/** Satisfaction moves toward each outcome; the first outcome sets it. */
function updateSatisfaction(r: Residents, i: number, outcome: number, rate: number): void {
  const s = r.satisfaction[i];
  r.satisfaction[i] = s < 0 ? outcome : s + rate * (outcome - s);
}

/** Staff on hand relative to what the organization's contracts need (0–1). */
export function orgStaffing(org: { staff: number; staffRequired: number }): number {
  return org.staffRequired > 0 ? Math.min(1, org.staff / org.staffRequired) : 1;
}

/** Among several providers (vouchers), residents choose by reputation. */
function pickProvider(w: World, providers: number[], u: number): number {
  if (providers.length === 1) return w.contracts[providers[0]].capacityLeft >= 1 ? providers[0] : -1;
  let total = 0;
  for (const id of providers) {
    const ct = w.contracts[id];
    if (ct.capacityLeft >= 1) total += 0.1 + w.orgs[ct.org].reputation;
  }
  if (total === 0) return -1;
  let x = u * total;
  for (const id of providers) {
    const ct = w.contracts[id];
    if (ct.capacityLeft < 1) continue;
    x -= 0.1 + w.orgs[ct.org].reputation;
    if (x < 0) return id;
  }
  return -1;
}

/**
 * Word of mouth: each service experience reaches `wordOfMouthReach` neighbours, who move their
 * trust toward it as the served resident did (spread evenly over the community); then trust
 * moves toward the community's mean (T ← T + β·(T̄ − T)). Awareness grows with publicity and
 * with the share of neighbours a provider served.
 */
export function wordOfMouthPhase(w: World): void {
  const r = w.residents;
  const res = w.scenario.residents;
  const beta = res.wordOfMouth;
  const publicity = switchLever(w.scenario.policies, 'publicity', yearOfMonth(w.month));
  for (let cm = 0; cm < w.communityCount; cm++) {
    const first = w.communityFirst[cm];
    const end = first + w.communityAgents[cm];
    const n = end - first;
    const heard = n > 0 ? (res.wordOfMouthReach * res.learningRate * w.experience[cm]) / n : 0;
    w.experience[cm] = 0;
    let sum = 0;
    for (let i = first; i < end; i++) {
      const t = r.trust[i] + heard;
      r.trust[i] = t < 0 ? 0 : t > 1 ? 1 : t;
      sum += r.trust[i];
    }
    const mean = n > 0 ? sum / n : 0;
    for (let i = first; i < end; i++) r.trust[i] += beta * (mean - r.trust[i]);
    w.trustMean[cm] = mean;
    const a = w.awareness[cm];
    w.awareness[cm] = Math.min(1, a + awarenessGain(a, publicity) + res.awarenessByWordOfMouth * w.orgServedShare[cm] * (1 - a));
  }
}
