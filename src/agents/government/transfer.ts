/**
 * Transfer of functions (transfer lever), yearly when the money arrives: the government tries to
 * move a further share of the transferable functions out of committees; a resisting committee
 * may block an attempt, and a government under petition pressure puts off part of the year's
 * attempts. When a function leaves, a resisting incumbent may set up its own affiliated
 * provider to win it back.
 */
import type { World } from '../../state/world.ts';
import { yearOfMonth } from '../../engine/clock.ts';
import { DOMAIN_COUNT, DOMAINS, lineIndex } from '../domains.ts';
import { addOrganization, foundingCash } from '../socialOrganization.ts';
import { hireAtRandom } from '../socialWorker.ts';
import { purchasingStarted, switchLever } from '../../policies/registry.ts';
import { blockProbability } from '../../policies/transfer.ts';

/** What a committee spends a month serving function `d` in community `cm`, at in-house cost (yuan). */
export function inHouseSpending(w: World, cm: number, d: number): number {
  const s = w.scenario;
  const needs = w.communityAgents[cm] * w.peoplePerAgent * s.domains[DOMAINS[d]].needRate;
  return needs * s.committees.serviceRate * w.unitCost[d] * s.governments.inHouseCostRatio;
}

export function transferYear(w: World): void {
  const s = w.scenario;
  const year = yearOfMonth(w.month);
  const p = switchLever(s.policies, 'transfer', year);
  // Which cells are transferable follows the current catalogues.
  const candidates: number[] = [];
  let transferable = 0;
  let transferred = 0;
  // Counted over the functions transferable now, so a shrinking catalogue never makes the lost
  // share exceed 1; a function that has left a committee does not come back.
  for (const c of w.committees) {
    c.transferable = 0;
    c.transferred = 0;
    c.transferredSpending = 0;
    for (let d = 0; d < DOMAIN_COUNT; d++) {
      if (w.buyerOf[lineIndex(c.street, d)] < 0) continue;
      c.transferable++;
      transferable++;
      const cell = c.community * DOMAIN_COUNT + d;
      if (w.transferred[cell]) {
        c.transferred++;
        c.transferredSpending += inHouseSpending(w, c.community, d);
        transferred++;
      } else candidates.push(cell);
    }
  }
  if (!p || !purchasingStarted(s.policies, year)) return;
  const target = Math.round(p.targetShare * transferable);
  // A phased transfer's deadline moves everything still targeted in that year.
  const atDeadline = p.deadlineYear !== null && year >= p.deadlineYear;
  const perYear = atDeadline ? transferable : Math.ceil(p.perYear * transferable);
  const attempts = Math.min(perYear, target - transferred, candidates.length);
  if (attempts <= 0) return;
  const rng = w.streams.transfers;
  rng.shuffle(candidates);
  for (let k = 0; k < attempts; k++) {
    const cell = candidates[k];
    const community = Math.floor(cell / DOMAIN_COUNT);
    const d = cell % DOMAIN_COUNT;
    const committee = w.committees[community];
    const buyer = w.governments[w.buyerOf[lineIndex(committee.street, d)]];
    // Petition pressure puts transfers off (维稳), except at a deadline.
    if (!atDeadline && rng.chance(s.governments.response.petitionTransferSlowdown * buyer.petitionPressure)) continue;
    if (rng.chance(blockProbability(committee.resistance, buyer.politicalWill, p, year))) {
      w.counters.transfersBlocked++;
      continue;
    }
    w.transferred[cell] = 1;
    committee.transferred++;
    committee.transferredSpending += inHouseSpending(w, community, d);
    w.providersDirty = true;
    if (rng.chance(s.committees.spinOffProbability * committee.resistance)) spinOff(w, committee.street, d);
  }
}

/** An incumbent sets up an affiliated (官办) provider for a domain, unless one exists already. */
function spinOff(w: World, street: number, domain: number): void {
  for (const o of w.orgs) if (o.alive && o.insider && o.street === street && o.domain === domain) return;
  const o_ = w.scenario.organizations;
  const rng = w.streams.transfers;
  const staff = 2;
  const org = addOrganization(
    w,
    {
      type: 'socialOrganization',
      status: 'registered',
      origin: 'affiliated',
      insider: true,
      domain,
      street,
      // Backed by the incumbent's own budget.
      cash: foundingCash(w, staff, o_.insiderCashMonths),
      members: 3,
      skill: o_.insiderSkill,
      reputation: o_.insiderReputation,
    },
    rng,
  );
  hireAtRandom(w, org, staff, rng);
}
