/** The accounting and consistency checks that must hold at the end of every month. */
import { totalCosts, totalIncome } from '../../src/agents/socialOrganization.ts';
import type { World } from '../../src/model/world.ts';
import type { SeriesRow } from '../../src/metrics/series.ts';

/** Checks that must hold at the end of every month; returns the first violation or null. */
export function violation(w: World, row: SeriesRow): string | null {
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
  // Every yuan paid out by governments and the lottery fund is on some organization's books.
  const paid = w.ledger.contracts + w.ledger.pilots + w.ledger.incubatorGrants + w.ledger.packageGrants;
  let booked = 0;
  for (const o of w.orgs) booked += o.incomeContracts + o.incomeGrants;
  if (!close(paid, booked)) return `month ${w.month}: governments paid ${paid}, organizations booked ${booked}`;
  let paidOnContracts = 0;
  for (const ct of w.contracts) {
    paidOnContracts += ct.paid;
    if (ct.paid > ct.value * (1 + 1e-9) + 1e-6) return `contract ${ct.id} paid ${ct.paid} above its value ${ct.value}`;
  }
  if (!close(paidOnContracts, w.ledger.contracts + w.ledger.pilots)) return `contracts' payments ${paidOnContracts} ≠ ledger`;
  // Each organization's cash is its starting cash plus income minus costs.
  const activeByOrg = new Map<number, number>();
  for (const ct of w.open) if (ct.active) activeByOrg.set(ct.org, (activeByOrg.get(ct.org) ?? 0) + 1);
  let staff = 0;
  let registered = 0;
  let filed = 0;
  let self = 0;
  for (const o of w.orgs) {
    if (!close(o.cash, o.startingCash + totalIncome(o) - totalCosts(o))) return `org ${o.id}: cash ${o.cash} ≠ start + income − costs`;
    if (!o.alive) {
      if (o.staff !== 0 || o.exitCause === null) return `exited org ${o.id} keeps staff or lacks a cause`;
      continue;
    }
    if ((activeByOrg.get(o.id) ?? 0) !== o.activeContracts) return `org ${o.id}: activeContracts ${o.activeContracts} ≠ ${activeByOrg.get(o.id) ?? 0}`;
    staff += o.staff;
    if (o.status === 'registered') registered++;
    else if (o.status === 'filed') filed++;
    else self++;
  }
  // Counts agree with each other and with the series; every worker is where the labour market says.
  if (staff !== w.labour.employed) return `employed staff ${w.labour.employed} ≠ sum over organizations ${staff}`;
  const m = w.labour;
  let employed = 0;
  let pooled = 0;
  for (let id = 0; id < m.slots; id++) {
    const e = m.employer[id];
    if (e >= 0) {
      employed++;
      const o = w.orgs[e];
      if (!o.alive || o.workers[m.position[id]] !== id) return `worker ${id} is not on the staff list of its employer ${e}`;
    } else if (e === -1) {
      pooled++;
      if (m.pool[m.position[id]] !== id) return `worker ${id} is not in the pool where it says`;
    }
  }
  if (employed !== m.employed || pooled !== m.poolCount) return `labour counts disagree: employed ${employed}/${m.employed}, pool ${pooled}/${m.poolCount}`;
  for (const o of w.orgs) if (o.staff !== o.workers.length) return `org ${o.id}: staff ${o.staff} ≠ ${o.workers.length} workers listed`;
  if (row.orgs_registered !== registered || row.orgs_filed !== filed || row.self_orgs !== self) return `status counts disagree with the series`;
  if (row.orgs_active !== registered + filed) return 'orgs_active ≠ registered + filed';
  for (const key of ['needs_met_share', 'functions_transferred_share', 'insider_contract_share', 'trust_in_orgs', 'resistance_mean', 'contract_value_hhi', 'satisfaction'] as const)
    if (!(row[key] >= 0 && row[key] <= 1)) return `${key} = ${row[key]} outside [0, 1]`;
  for (const [key, value] of Object.entries(row)) if (!Number.isFinite(value)) return `${key} is not finite`;
  return null;
}

