/**
 * Responsive governments. Once a year, when the money arrives, each government looks back over
 * the year: complaints and petitions (信访) from its area against the norm the level above sets
 * (pressure from above, 考核), the evaluation scores of the contracts it bought, and the savings
 * it measured (the in-house value of what providers delivered for it, less their price). Its
 * political will moves with them and back toward the level the scenario sets:
 *   W ← clamp(W + κ_c·excess + κ_e·(mean score − 0.5) + κ_s·savings − λ·(W − W0)),
 * and next year's purchase budget follows: budget × purchaseShare × M, M moving toward
 * 1 + g·(W − W0) by at most a yearly cap, within overall bounds (MODEL.md, "Responsive
 * governments"). Petition pressure also makes it put off part of
 * the year's transfers (agents/government/transfer.ts).
 */
import type { Government } from '../../state/government.ts';
import type { World } from '../../state/world.ts';

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Complaints per 10,000 people a month in a government's area over the past `months`, relative to the norm, less 1. */
export function complaintExcess(g: Government, norm: number, months: number): number {
  if (months <= 0 || g.people <= 0 || norm <= 0) return 0;
  return clamp(g.yearComplaints / (g.people / 10000) / months / norm - 1, -1, 3);
}

/** The year's review of one government; clears the year's tallies. `months` is the length of the year reviewed. */
export function reviewYear(w: World, g: Government, months: number): void {
  const r = w.scenario.governments.response;
  const excess = complaintExcess(g, r.complaintsNormPer10k, months);
  g.petitionPressure = r.enabled ? clamp(excess, 0, 1) : 0;
  if (r.enabled && months > 0) {
    const score = g.yearScores > 0 ? g.yearScoreSum / g.yearScores - 0.5 : 0;
    const savings = g.yearPurchaseCost > 0 ? clamp((g.yearInHouseValue - g.yearPurchaseCost) / g.yearPurchaseCost, -1, 3) : 0;
    const W0 = g.willBase;
    g.politicalWill = clamp(g.politicalWill + r.complaintWeight * excess + r.evaluationWeight * score + r.savingsWeight * savings - r.willReversion * (g.politicalWill - W0), 0, 1);
    // The budget follows will's level, moving at most budgetChangeCap a year toward it.
    const target = clamp(1 + r.budgetResponse * (g.politicalWill - W0), r.budgetMultiplierMin, r.budgetMultiplierMax);
    g.budgetMultiplier = clamp(target, g.budgetMultiplier - r.budgetChangeCap, g.budgetMultiplier + r.budgetChangeCap);
  }
  g.yearComplaints = 0;
  g.yearScoreSum = 0;
  g.yearScores = 0;
  g.yearPurchaseCost = 0;
  g.yearInHouseValue = 0;
}

/** Add this month's complaints, by street, to the tallies of the governments over each street. */
export function tallyComplaints(w: World): void {
  for (const g of w.governments) {
    let sum = 0;
    for (const st of g.streets) sum += w.complaintsByStreet[st];
    g.yearComplaints += sum;
  }
  w.complaintsByStreet.fill(0);
}
