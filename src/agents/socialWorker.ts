/**
 * Social workers (社工) and their regional labour market. Low pay fails to attract or keep
 * professional staff (002, problem 3); in Shenzhen 28.7% quit within a year at about ¥3,000 a
 * month, tenure averaged under two years and exam applicants fell from 3,961 to 2,548 in two
 * years (FACTS.md, outside, secondary). Each month (labourMonth):
 *
 * 1. every employed worker gains a month of experience and may quit, with probability
 *      q = q0 · exp(−b_w·(pay/outside − 1) − b_r·(pay/going rate − 1)) · (1 + b_o·months owed)
 *            · (1 + b_l·overload) · (1 − b_e·min(experience, 5)/5) · (1 − relief·stability):
 *    pay against the outside option keeps workers in the sector, pay against what other
 *    providers pay keeps them with their provider;
 *    a quitter leaves the sector with probability s0 + s1·max(0, outside − pay)/outside and
 *    otherwise looks for another provider from next month;
 * 2. providers with more staff than they want lay off their least experienced workers;
 * 3. providers post their vacancies at their pay offer; workers looking for work take the best
 *    offers, the most experienced first (ties broken by seeded draws, never by list order);
 * 4. graduates enter the pool, more when the sector pays well against the outside option
 *    (entry ∝ (going rate / outside)^ε), and idle workers drift out of the sector.
 *
 * A worker's pay is its employer's offer with a seniority premium; the offer is the employer's
 * pay level times labour.wagePerMonth, at least the pay standard for providers holding a
 * purchase contract (policies/payStandard.ts). Experienced teams deliver better quality
 * (capability below); a team that loses them loses it.
 */
import type { World } from '../state/world.ts';
import type { Organization } from '../state/organization.ts';
import { GONE, IN_POOL, LabourMarket } from '../state/labour.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { RandomStream } from '../engine/rng.ts';
import { yearOfMonth } from '../engine/clock.ts';
import { switchLever } from '../policies/registry.ts';
import { startAsDoubles } from '../engine/shapes.ts';

type Labour = Scenario['labour'];

export function createLabourMarket(totalMonths: number): LabourMarket {
  const capacity = 64;
  const market = new LabourMarket({
    slots: 0,
    employer: new Int32Array(capacity),
    experience: new Float32Array(capacity),
    hiredMonth: new Int32Array(capacity),
    position: new Int32Array(capacity),
    pool: new Int32Array(capacity),
    poolCount: 0,
    free: new Int32Array(capacity),
    freeCount: 0,
    employed: 0,
    meanWage: 0,
    hiresByMonth: new Int32Array(totalMonths),
    earlyQuitsByHireMonth: new Int32Array(totalMonths),
    quitSpells: 0,
    quitSpellMonths: 0,
  });
  return startAsDoubles(market, ['meanWage']);
}

/** Grow the worker arrays (amortised doubling; never in the per-worker loop). */
function ensureCapacity(m: LabourMarket, slots: number): void {
  if (slots <= m.employer.length) return;
  let size = m.employer.length;
  while (size < slots) size *= 2;
  const grow = <T extends Int32Array | Float32Array>(a: T, make: (n: number) => T): T => {
    const b = make(size);
    b.set(a);
    return b;
  };
  m.employer = grow(m.employer, (n) => new Int32Array(n));
  m.experience = grow(m.experience, (n) => new Float32Array(n));
  m.hiredMonth = grow(m.hiredMonth, (n) => new Int32Array(n));
  m.position = grow(m.position, (n) => new Int32Array(n));
  m.pool = grow(m.pool, (n) => new Int32Array(n));
  m.free = grow(m.free, (n) => new Int32Array(n));
}

/** A new worker slot (a free one if any), not yet placed. */
function newWorker(m: LabourMarket, experience: number): number {
  let id: number;
  if (m.freeCount > 0) id = m.free[--m.freeCount];
  else {
    ensureCapacity(m, m.slots + 1);
    id = m.slots++;
  }
  m.experience[id] = experience;
  m.hiredMonth[id] = -1;
  m.employer[id] = GONE;
  return id;
}

function toPool(m: LabourMarket, id: number): void {
  m.employer[id] = IN_POOL;
  m.hiredMonth[id] = -1;
  m.position[id] = m.poolCount;
  m.pool[m.poolCount++] = id;
}

function removeFromPool(m: LabourMarket, id: number): void {
  const at = m.position[id];
  const last = m.pool[--m.poolCount];
  m.pool[at] = last;
  m.position[last] = at;
}

function leaveSector(m: LabourMarket, id: number): void {
  m.employer[id] = GONE;
  m.free[m.freeCount++] = id;
}

/** Put a worker on a provider's staff. */
function employ(w: World, o: Organization, id: number): void {
  const m = w.labour;
  m.employer[id] = o.id;
  m.hiredMonth[id] = w.month;
  m.position[id] = o.workers.length;
  o.workers.push(id);
  o.staff = o.workers.length;
  o.experienceSum += m.experience[id];
  o.senioritySum += seniority(m.experience[id], w.scenario.labour);
  m.employed++;
  if (o.type === 'socialOrganization') w.counters.hires++;
  if (w.month < m.hiresByMonth.length) m.hiresByMonth[w.month]++;
}

/** Take a worker off a provider's staff (it goes to the pool or leaves, at the caller's choice). */
function unemploy(w: World, o: Organization, id: number): void {
  const m = w.labour;
  const at = m.position[id];
  const last = o.workers.pop()!;
  if (last !== id) {
    o.workers[at] = last;
    m.position[last] = at;
  }
  o.staff = o.workers.length;
  o.experienceSum -= m.experience[id];
  o.senioritySum -= seniority(m.experience[id], w.scenario.labour);
  m.employed--;
}

/** 0 for a new worker, rising linearly to 1 at `seniorityYears` of experience. */
const seniority = (experience: number, l: Labour) => Math.min(experience, l.seniorityYears) / l.seniorityYears;

/** Workers who enter the pool (graduates, trainees) with the given experience. */
export function addToPool(w: World, n: number, experience: (k: number) => number): void {
  for (let k = 0; k < n; k++) toPool(w.labour, newWorker(w.labour, experience(k)));
}

/** Hire up to n workers from the pool at random (founders recruiting their first team). Returns how many. */
export function hireAtRandom(w: World, o: Organization, n: number, rng: RandomStream): number {
  const m = w.labour;
  let hired = 0;
  for (; hired < n && m.poolCount > 0; hired++) {
    const id = m.pool[rng.int(m.poolCount)];
    removeFromPool(m, id);
    employ(w, o, id);
  }
  return hired;
}

/** Workers a provider from outside the region brings with it (they join the region's sector). */
export function bringWorkers(w: World, o: Organization, n: number, experience: number): void {
  for (let k = 0; k < n; k++) employ(w, o, newWorker(w.labour, experience));
}

/** A provider closes: its workers look for work from next month. */
export function releaseAll(w: World, o: Organization): void {
  while (o.workers.length > 0) {
    const id = o.workers[o.workers.length - 1];
    unemploy(w, o, id);
    toPool(w.labour, id);
    if (o.type === 'socialOrganization') w.counters.separations++;
  }
  o.experienceSum = 0;
  o.senioritySum = 0;
}

/** Monthly pay a provider offers (before seniority). */
export function payOffer(w: World, o: Organization): number {
  const s = w.scenario;
  const offer = o.payLevel * s.labour.wagePerMonth;
  const standard = switchLever(s.policies, 'payStandard', yearOfMonth(w.month));
  return standard && o.activeContracts > 0 ? Math.max(offer, standard.minimumPerMonth) : offer;
}

/** A provider's monthly wage bill: its offer with each worker's seniority premium. */
export function wageBill(w: World, o: Organization): number {
  return payOffer(w, o) * (o.staff + w.scenario.labour.seniorityPayPremium * o.senioritySum);
}

/**
 * Quality a provider's professionals bring, 0–1: the organization's skill blended with its
 * team's experience (experienced staff deliver better service; a team that loses them loses
 * it). Without paid staff (volunteer groups) it is the skill alone.
 */
export function capability(o: Organization, l: Labour): number {
  if (o.staff === 0) return o.skill;
  const experience = Math.min(1, o.experienceSum / o.staff / l.experienceYearsForFullQuality);
  return (1 - l.experienceWeight) * o.skill + l.experienceWeight * experience;
}

/** What the employer-level part of a quit decision depends on. */
export interface QuitConditions {
  /** Pay as the worker values it (base pay plus discounted performance pay), yuan a month. */
  valuedPay: number;
  /** What providers pay on average (the going rate), yuan a month. */
  goingRate: number;
  owedMonths: number;
  /** Posts funded per worker on staff, less 1 (0 when not overloaded). */
  overload: number;
  /** 0–1: funding secured ahead (or a public institution's stability). */
  stability: number;
}

/** Monthly quit probability of a worker with `experience` years under these conditions. */
export function quitProbability(l: Labour, c: QuitConditions, experience: number): number {
  const pay = Math.exp(-l.quitPaySensitivity * (c.valuedPay / l.outsideWagePerMonth - 1) - l.quitRelativePaySensitivity * (c.valuedPay / c.goingRate - 1));
  const owed = 1 + l.quitOwedWagesFactor * c.owedMonths;
  const workload = 1 + l.quitWorkloadFactor * Math.min(l.overloadCap, c.overload);
  const stay = (1 - l.quitExperienceRelief * seniority(experience, l)) * (1 - l.quitStabilityRelief * c.stability);
  return Math.min(1, l.turnoverPerMonth * pay * owed * workload * stay);
}

/** Probability that a worker who quits at `pay` leaves the sector rather than look for another provider. */
export function sectorExitProbability(l: Labour, pay: number): number {
  return Math.min(1, l.sectorExitShare + l.sectorExitPayGap * Math.max(0, l.outsideWagePerMonth - pay) / l.outsideWagePerMonth);
}

/** Pay a worker values: base pay plus performance pay discounted by how little it retains. */
function valuedPay(l: Labour, pay: number): number {
  return pay * (1 - l.performancePayShare + l.performancePayShare * l.performancePayRetention);
}

/** The going rate: mean pay of employed workers last month, or the market pay before anyone is employed. */
function goingRate(w: World): number {
  return w.labour.meanWage > 0 ? w.labour.meanWage : w.scenario.labour.wagePerMonth;
}

/** Months of funding each provider has secured ahead, by organization id. */
function securedMonths(w: World): Float64Array {
  const out = new Float64Array(w.orgs.length);
  for (const ct of w.open) if (ct.active) out[ct.org] = Math.max(out[ct.org], ct.startMonth + ct.months - w.month);
  return out;
}

/** Reusable scratch arrays for the matching (grown when needed, never per month). */
interface Scratch {
  leavers: Int32Array;
  offers: Int32Array;
  offerKeys: Float64Array;
  seekers: Int32Array;
  seekerKeys: Float64Array;
}
const scratch: Scratch = { leavers: new Int32Array(64), offers: new Int32Array(64), offerKeys: new Float64Array(64), seekers: new Int32Array(64), seekerKeys: new Float64Array(64) };
function room<K extends keyof Scratch>(key: K, n: number): Scratch[K] {
  const old = scratch[key];
  if (old.length < n) {
    let size = old.length;
    while (size < n) size *= 2;
    const grown = (old instanceof Int32Array ? new Int32Array(size) : new Float64Array(size)) as Scratch[K];
    grown.set(old as never); // entries written earlier this month stay
    scratch[key] = grown;
  }
  return scratch[key];
}

/**
 * Step 0: social organizations' paid staff as the month starts. With the month's hires, the
 * denominator of staff turnover: everyone who could leave a provider this month, so that the
 * staff of a provider closed at step C and workers brought by an introduced provider at F4 (who
 * may quit at step 6) are in both parts.
 */
export function countStaffAtMonthStart(w: World): void {
  let staff = 0;
  for (const o of w.orgs) if (o.alive && o.type === 'socialOrganization') staff += o.staff;
  w.counters.staffAtStart = staff;
}

/**
 * One month of the labour market. Providers have set `targetStaff` (agents/socialOrganization.ts).
 * Counts separations, sector exits and unfilled funded posts into the month's counters.
 */
export function labourMonth(w: World): void {
  const s = w.scenario;
  const l = s.labour;
  const m = w.labour;
  const rng = w.streams.staff;
  const c = w.counters;
  const going = goingRate(w);
  const secured = securedMonths(w);

  // 1–2. Experience, quits and layoffs; leavers join the pool only after this month's matching.
  let leaverCount = 0;
  const addLeaver = (id: number) => {
    const leavers = room('leavers', leaverCount + 1);
    leavers[leaverCount++] = id;
  };
  for (const o of w.orgs) {
    if (!o.alive || o.staff === 0) continue;
    const pay = payOffer(w, o);
    const conditions: QuitConditions = {
      valuedPay: valuedPay(l, pay),
      goingRate: going,
      owedMonths: o.owedMonths,
      overload: o.staffRequired > o.staff ? o.staffRequired / o.staff - 1 : 0,
      stability: o.type === 'publicInstitution' ? 1 : Math.min(1, secured[o.id] / l.stabilityHorizonMonths),
    };
    const leaveSectorChance = sectorExitProbability(l, pay);
    o.experienceSum = 0;
    o.senioritySum = 0;
    for (let k = o.workers.length - 1; k >= 0; k--) {
      const id = o.workers[k];
      const e = (m.experience[id] += 1 / 12);
      if (rng.chance(quitProbability(l, conditions, e))) {
        recordQuit(w, id);
        unemploy(w, o, id);
        o.skill = Math.max(0, o.skill - l.skillLossPerQuit * Math.min(1, l.skillLossTeamSize / (o.staff + 1)));
        if (o.type === 'socialOrganization') {
          c.separations++;
          c.quits++;
        }
        if (rng.chance(leaveSectorChance)) {
          leaveSector(m, id);
          c.sectorExits++;
        } else addLeaver(id);
        continue;
      }
      o.experienceSum += e;
      o.senioritySum += seniority(e, l);
    }
    // Layoffs: the least experienced go first.
    while (o.staff > o.targetStaff) {
      let least = o.workers[0];
      for (const id of o.workers) if (m.experience[id] < m.experience[least]) least = id;
      unemploy(w, o, least);
      if (o.type === 'socialOrganization') c.separations++;
      addLeaver(least);
    }
  }

  // 3. Matching: the best offers go to the most experienced workers looking for work.
  let offerCount = 0;
  for (const o of w.orgs) {
    if (!o.alive || o.staff >= o.targetStaff) continue;
    const offer = payOffer(w, o);
    const want = o.targetStaff - o.staff;
    const offers = room('offers', offerCount + want);
    const keys = room('offerKeys', offerCount + want);
    for (let k = 0; k < want; k++) {
      offers[offerCount] = o.id;
      keys[offerCount++] = offer + rng.next(); // less than a yuan of jitter: ties by seeded draws
    }
  }
  if (offerCount > 0 && m.poolCount > 0) {
    const seekers = room('seekers', m.poolCount);
    const seekerKeys = room('seekerKeys', m.poolCount);
    const n = m.poolCount;
    for (let k = 0; k < n; k++) {
      seekers[k] = m.pool[k];
      seekerKeys[k] = m.experience[m.pool[k]] + 1e-3 * rng.next();
    }
    const matches = Math.min(offerCount, n);
    const byOffer = topIndices(scratch.offerKeys, offerCount, matches, 0.01); // yuan, jitter up to 1
    const bySeeker = topIndices(seekerKeys, n, matches, 1e-5); // years, jitter up to 1e-3
    for (let k = 0; k < matches; k++) {
      const o = w.orgs[scratch.offers[byOffer[k]]];
      const id = seekers[bySeeker[k]];
      removeFromPool(m, id);
      employ(w, o, id);
    }
  }
  for (let k = 0; k < leaverCount; k++) toPool(m, scratch.leavers[k]);

  // Unfilled posts that contracts fund, and the going rate for next month.
  let payTotal = 0;
  for (const o of w.orgs) {
    if (!o.alive) continue;
    o.vacancies = Math.max(0, Math.round(o.staffRequired) - o.staff);
    c.vacancies += o.vacancies;
    if (o.staff > 0) payTotal += wageBill(w, o);
  }
  m.meanWage = m.employed > 0 ? payTotal / m.employed : 0;

  // 4. Entry of graduates; idle workers drift out of the sector: each with probability
  // poolExitPerMonth, drawn as a Poisson count (the binomial's approximation for small
  // probabilities) of workers picked at random, so a month costs the exits, not the pool.
  const exits = Math.min(m.poolCount, rng.poisson(m.poolCount * l.poolExitPerMonth));
  for (let k = 0; k < exits; k++) {
    const id = m.pool[rng.int(m.poolCount)];
    removeFromPool(m, id);
    leaveSector(m, id);
    c.sectorExits++;
  }
  // Entry follows pay relative to the outside option, up to entryPayCap times it (beyond, the pool
  // of would-be social workers, not pay, limits entry).
  const attraction = Math.pow(Math.min(l.entryPayCap, goingRate(w) / l.outsideWagePerMonth), l.entryPayElasticity);
  const entrants = rng.poisson(((l.graduatesPer10kPerYear * w.totalPeople) / 10000 / 12) * attraction);
  addToPool(w, entrants, () => 0);
}

/** A quit ends a spell with the employer: count it for tenure and first-year quits. */
function recordQuit(w: World, id: number): void {
  const m = w.labour;
  const hired = m.hiredMonth[id];
  if (hired < 0) return;
  const months = w.month - hired;
  m.quitSpells++;
  m.quitSpellMonths += months;
  if (months < 12 && hired < m.earlyQuitsByHireMonth.length) m.earlyQuitsByHireMonth[hired]++;
}

/**
 * The indices of the `k` largest of keys[0..n), largest first. Keys (≥ 0) are rounded to
 * `resolution` and packed with their index into one float, so numeric comparisons order them and
 * ties keep index order (the callers' seeded jitter is coarser than the resolution). Only the top
 * k are sorted: a month's few vacancies need the few most experienced of thousands of seekers.
 */
function topIndices(keys: Float64Array, n: number, k: number, resolution: number): Int32Array {
  const packed = new Float64Array(n);
  const indexSpan = 2 ** Math.ceil(Math.log2(n + 1));
  for (let i = 0; i < n; i++) packed[i] = Math.round(keys[i] / resolution) * indexSpan + i;
  const top = Math.min(k, n);
  if (top < n) selectLargest(packed, top); // packed[0..top) now holds the top values, unordered
  const best = packed.subarray(0, top).sort();
  const order = new Int32Array(top);
  for (let i = 0; i < top; i++) order[i] = best[top - 1 - i] % indexSpan;
  return order;
}

/** Rearrange a so that its k largest values come first (Hoare's selection, in place). */
function selectLargest(a: Float64Array, k: number): void {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k - 1 <= j) hi = j;
    else if (k - 1 >= i) lo = i;
    else return;
  }
}

/** Workers looking for work now. */
export function availableWorkers(w: World): number {
  return w.labour.poolCount;
}

/** The experience a worker of the initial pool has (exponential, mean initialExperienceYears, capped at 30). */
export function initialExperience(l: Labour, u: number): number {
  return Math.min(30, -Math.log(1 - u) * l.initialExperienceYears);
}

/** Workers in the sector (employed or looking for work). */
export function workersInSector(m: LabourMarket): number {
  return m.employed + m.poolCount;
}

export { IN_POOL, GONE };
