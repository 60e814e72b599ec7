/** Which active contracts serve each community × domain. */
import type { World } from '../../state/world.ts';
import { DOMAIN_COUNT } from '../domains.ts';

/** Rebuild which contracts serve each community × domain, after contracts changed. */
export function refreshProviders(w: World): void {
  if (!w.providersDirty) return;
  for (const list of w.cellProviders) list.length = 0;
  for (const ct of w.open) {
    if (!ct.active) continue;
    const first = ct.street * w.scenario.region.communitiesPerStreet;
    for (let cm = first; cm < first + w.scenario.region.communitiesPerStreet; cm++) {
      const cell = cm * DOMAIN_COUNT + ct.domain;
      // Regular contracts serve transferred communities; budget-line and pilot work serves all.
      if (ct.kind === 'contract' && !ct.budgetLine && !w.transferred[cell]) continue;
      w.cellProviders[cell].push(ct.id);
    }
  }
  w.providersDirty = false;
}
