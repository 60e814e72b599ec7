/** Transfer of functions from committees to purchase (职能转移), yearly. */
import type { World } from '../../state/world.ts';
import { yearOfMonth } from '../../engine/clock.ts';
import { DOMAIN_COUNT, lineIndex } from '../domains.ts';
import { addOrganization, foundingCash } from '../socialOrganization.ts';
import { purchasingStarted, switchLever } from '../../policies/registry.ts';
import { blockProbability } from '../../policies/transfer.ts';

/**
 * Transfer of functions (transfer lever): the government tries to move a further share of the
 * transferable functions out of committees; a resisting committee may block an attempt. When a
 * function leaves, a resisting incumbent may set up its own affiliated provider to win it back.
 */
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
    for (let d = 0; d < DOMAIN_COUNT; d++) {
      if (w.buyerOf[lineIndex(c.street, d)] < 0) continue;
      c.transferable++;
      transferable++;
      const cell = c.community * DOMAIN_COUNT + d;
      if (w.transferred[cell]) {
        c.transferred++;
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
    if (rng.chance(blockProbability(committee.resistance, buyer.politicalWill, p, year))) {
      w.counters.transfersBlocked++;
      continue;
    }
    w.transferred[cell] = 1;
    committee.transferred++;
    w.providersDirty = true;
    if (rng.chance(s.committees.spinOffProbability * committee.resistance)) spinOff(w, committee.street, d);
  }
}

/** An incumbent sets up an affiliated (官办) provider for a domain, unless one exists already. */
function spinOff(w: World, street: number, domain: number): void {
  for (const o of w.orgs) if (o.alive && o.insider && o.street === street && o.domain === domain) return;
  const staff = Math.min(2, Math.max(0, Math.floor(w.staffPool - w.employedStaff)));
  addOrganization(w, {
    type: 'socialOrganization',
    status: 'registered',
    origin: 'affiliated',
    insider: true,
    domain,
    street,
    // Backed by the incumbent's own budget: half a year of costs (assumption).
    cash: foundingCash(w, staff, 6),
    staff,
    members: 3,
    skill: 0.35,
  });
}
