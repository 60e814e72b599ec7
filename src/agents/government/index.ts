/**
 * Governments (政府 / 购买主体) at city, district and street level. Each has an annual budget, a
 * purchase share, political will and a catalogue of domains it buys; it buys them for the streets
 * under it. The yearly cycle follows the six steps of 002 (design, cost, review, procure,
 * contract, accept). This folder holds one file per concern:
 * - budget.ts: budgets and the purchase share, when the year's money arrives;
 * - response.ts: how will and next year's budget react to complaints, evaluations, savings;
 * - spending.ts: lever spending by budget line;
 * - transfer.ts: functions leave committees (yearly);
 * - procurement.ts: design, cost and review of the year's lots (yearly);
 * - tender.ts: one lot's tender: who is asked, who bids, who wins;
 * - contracts.ts: signing, paying, acceptance, evaluation and renewal;
 * - payments.ts: instalments (monthly);
 * - providers.ts: which contracts and volunteer groups serve each community × domain.
 * Their state is in state/government.ts and state/contract.ts.
 */
export { budgetYear, isRoundMonth, roundMonthOfYear } from './budget.ts';
export { tallyComplaints } from './response.ts';
export { budgetSpendingThisMonth, spend } from './spending.ts';
export { transferYear } from './transfer.ts';
export { procurementYear, retenderLapsed } from './procurement.ts';
export { closeContracts, contractsMonth, pay, signContract, type ContractSpec } from './contracts.ts';
export { paymentsMonth } from './payments.ts';
export { refreshProviders, replenishVolunteers } from './providers.ts';
