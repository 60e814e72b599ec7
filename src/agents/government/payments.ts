/** Instalments, monthly. */
import type { World } from '../../state/world.ts';
import { yearOfMonth } from '../../engine/clock.ts';
import { termsFor } from '../../policies/registry.ts';
import { pay } from './contracts.ts';

/**
 * Payments (monthly): instalments fall due `delayMonths` after the month they pay for; a buyer
 * that breaks the schedule may slip them further. Providers that have exited are not paid.
 */
export function paymentsMonth(w: World): void {
  const k = w.peoplePerAgent;
  const rng = w.streams.payments;
  const slip = termsFor(w.scenario.policies, 'payments', yearOfMonth(w.month)).extraDelayProbability;
  let keep = 0;
  for (const ct of w.open) {
    const org = w.orgs[ct.org];
    if (org.alive && ct.settledMonths < ct.servedMonths) {
      if (slip > 0 && rng.chance(slip)) ct.extraDelay++;
      while (ct.settledMonths < ct.servedMonths && ct.startMonth + ct.settledMonths + ct.delayMonths + ct.extraDelay <= w.month) {
        const amount = ct.perUnit ? ct.unitsByMonth[ct.settledMonths] * ct.unitPrice * k : ct.instalment;
        if (amount > 0) pay(w, ct, amount);
        ct.settledMonths++;
      }
    }
    const finished = !ct.active && (ct.settledMonths >= ct.servedMonths || !org.alive);
    if (!finished) w.open[keep++] = ct;
  }
  w.open.length = keep;
}
