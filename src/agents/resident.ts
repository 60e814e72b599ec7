/**
 * Residents (居民), as a struct of typed arrays: one slot per resident agent, each standing for
 * `peoplePerAgent` people. Residents are sorted by community, communities by street and streets
 * by district, so a community and a district are contiguous index ranges. Nothing here
 * allocates per resident after start-up.
 *
 * The monthly work is event-driven, so a month costs in proportion to the needs that arise and
 * wait, not to the population (a Guangzhou-sized region has 14 million residents):
 * - needs arise by skipping ahead geometrically to the next resident who develops one, and
 *   residents with open needs wait in a queue (first come, first served), district by district
 *   (agents/residentDistrict.ts);
 * - word of mouth moves a whole community's trust by the same affine map T ← p·T + q, so it is
 *   kept per community (trust = scale·stored + shift) and applied to a resident only when that
 *   resident's own trust changes.
 */
import type { World } from '../state/world.ts';
import { CommunityTrust, Residents } from '../state/residents.ts';
export type { CommunityTrust, Residents } from '../state/residents.ts';
import { allocate } from '../engine/buffers.ts';
import { yearOfMonth } from '../engine/clock.ts';
import { awarenessGain } from '../policies/publicity.ts';
import { switchLever } from '../policies/registry.ts';
import { startAsDoubles } from '../engine/shapes.ts';

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

/**
 * Residents for districts of the given sizes (agents per district). Each district's open-need
 * bits start at a word boundary, so threads running different districts never write one word.
 * `shared`: on shared memory, for a run split over threads.
 */
export function createResidents(districtAgents: readonly number[], shared = false): Residents {
  const count = districtAgents.reduce((a, b) => a + b, 0);
  const districts = districtAgents.length;
  const districtFirst = allocate(Int32Array, districts + 1, shared);
  const openOffset = allocate(Int32Array, districts, shared);
  let words = 0;
  for (let d = 0; d < districts; d++) {
    districtFirst[d + 1] = districtFirst[d] + districtAgents[d];
    openOffset[d] = 32 * words - districtFirst[d];
    words += Math.ceil(districtAgents[d] / 32);
  }
  const records = allocate(Float64Array, count * (RECORD_BYTES / 8), shared);
  const r = new Residents({
    count,
    f64: records,
    f32: new Float32Array(records.buffer),
    u16: new Uint16Array(records.buffer),
    open: allocate(Uint32Array, words, shared),
    queue: allocate(Int32Array, count, shared),
    queueInfo: allocate(Uint32Array, count, shared),
    districtFirst,
    openOffset,
    queued: allocate(Int32Array, districts, shared),
    satisfactionSum: 0,
    satisfactionCount: 0,
  });
  startAsDoubles(r, ['satisfactionSum', 'satisfactionCount']);
  return r; // the records are filled by each district's start (agents/residentDistrict.ts)
}


export function createCommunityTrust(communities: number, shared = false): CommunityTrust {
  return new CommunityTrust({ scale: allocate(Float64Array, communities, shared).fill(1), shift: allocate(Float64Array, communities, shared), storedSum: allocate(Float64Array, communities, shared) });
}

/** Bytes of state per resident agent (for memory estimates): record, queue slot and word, bit. */
export const RESIDENT_BYTES = RECORD_BYTES + 4 + 4 + 1 / 8;

// ── Trust field ─────────────────────────────────────────────────────────────

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

// ── Behaviour ────────────────────────────────────────────────────────────────

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
