/**
 * The monthly series: one row per month, the columns of the output contract (README). Each
 * column is computed here from the world and the month's counters, nowhere else.
 */
import type { World } from '../state/world.ts';
import { hhi } from './concentration.ts';
import { communityTrust } from '../agents/resident.ts';
import { wageBill } from '../agents/socialWorker.ts';
import { servedWithin } from '../agents/volunteerGroups.ts';
import { SPENDING_LINES } from '../state/counters.ts';

export const SERIES_COLUMNS = [
  'month',
  'year',
  'orgs_active',
  'orgs_registered',
  'orgs_filed',
  'self_orgs',
  'orgs_per_10k',
  'org_entries',
  'org_exits',
  'tenders',
  'bidders_per_tender',
  'failed_tenders',
  'terminated_contracts',
  'contract_value_hhi',
  'purchase_share_of_budget',
  'professional_staff',
  'resistance_mean',
  'transfers_blocked',
  'functions_transferred_share',
  'insider_contract_share',
  'needs_met_share',
  'service_quality',
  'satisfaction',
  'trust_in_orgs',
  'complaints',
  'cost_ratio_vs_inhouse',
  'fiscal_savings',
  'jobs',
  'staff_turnover',
  'quit_rate',
  'sector_exits',
  'mean_wage',
  'vacancies',
  'providers_per_10k',
  'political_will',
  'purchase_budget',
  'lever_spending',
] as const;
export type SeriesColumn = (typeof SERIES_COLUMNS)[number];
export type SeriesRow = Record<SeriesColumn, number>;

/** Row for the month just simulated. */
export function collectRow(w: World): SeriesRow {
  const c = w.counters;
  // Turnover's denominator: the social organizations' staff who could leave this month (at its start, or taken on in it).
  const atRisk = c.staffAtStart + c.hires;
  let registered = 0;
  let filed = 0;
  let selfOrgs = 0;
  let professional = 0;
  let professionalPay = 0;
  let jobs = 0;
  let providers = 0;
  for (const o of w.orgs) {
    if (!o.alive) continue;
    if (o.status === 'registered') registered++;
    else if (o.status === 'filed') filed++;
    else selfOrgs++;
    jobs += o.staff;
    if (o.type === 'socialOrganization' && o.staff > 0) {
      professional += o.staff;
      professionalPay += wageBill(w, o);
    }
    // A provider is part of the market if it served someone in the last twelve months (a
    // window that stretches for small volunteer groups at coarse agent scales).
    if (servedWithin(w, o, 12)) providers++;
  }
  // Contract value by provider (annualised), insiders' share, buyers' committed spending. A
  // voucher scheme's value is counted once, shared among its providers by the residents each
  // served so far (evenly before anyone is served).
  const schemeUnits = new Map<number, { units: number; providers: number }>();
  for (const ct of w.open) {
    if (!ct.active || ct.pool < 0) continue;
    const scheme = schemeUnits.get(ct.pool) ?? { units: 0, providers: 0 };
    scheme.units += ct.unitsDelivered;
    scheme.providers++;
    schemeUnits.set(ct.pool, scheme);
  }
  const valueByOrg = new Map<number, number>();
  let contractValue = 0;
  let insiderValue = 0;
  for (const ct of w.open) {
    if (!ct.active) continue;
    const scheme = ct.pool >= 0 ? schemeUnits.get(ct.pool)! : null;
    const share = scheme === null ? 1 : scheme.units > 0 ? ct.unitsDelivered / scheme.units : 1 / scheme.providers;
    const yearly = ((ct.value * 12) / ct.months) * share;
    valueByOrg.set(ct.org, (valueByOrg.get(ct.org) ?? 0) + yearly);
    if (ct.kind === 'contract') contractValue += yearly;
    if (w.orgs[ct.org].insider) insiderValue += yearly;
  }
  let allValue = 0;
  for (const v of valueByOrg.values()) allValue += v;
  // Purchase share: of the budgets of the governments that buy at all; will: their mean (of all
  // governments when none buys).
  let budget = 0;
  let purchaseBudget = 0;
  let will = 0;
  let buyers = 0;
  let allWill = 0;
  for (const g of w.governments) {
    purchaseBudget += g.purchaseBudget;
    allWill += g.politicalWill;
    if (g.purchaseBudget > 0 || g.budgetLines.size > 0) {
      budget += g.budget;
      will += g.politicalWill;
      buyers++;
    }
  }
  let spending = 0;
  for (const line of SPENDING_LINES) spending += c.spending[line];

  let resistance = 0;
  let transferable = 0;
  let transferred = 0;
  for (const cm of w.committees) {
    resistance += cm.resistance;
    transferable += cm.transferable;
    transferred += cm.transferred;
  }
  const r = w.residents;
  let trust = 0;
  for (let cm = 0; cm < w.communityCount; cm++) trust += communityTrust(w, cm) * w.communityAgents[cm];
  const formal = registered + filed;
  return {
    month: w.month + 1,
    year: w.scenario.startYear + Math.floor(w.month / 12),
    orgs_active: formal,
    orgs_registered: registered,
    orgs_filed: filed,
    self_orgs: selfOrgs,
    orgs_per_10k: (formal / w.totalPeople) * 10000,
    org_entries: c.entries,
    org_exits: c.exits,
    tenders: c.tenders,
    bidders_per_tender: w.lastBiddersPerTender,
    failed_tenders: c.failedTenders,
    terminated_contracts: c.terminations,
    contract_value_hhi: hhi(valueByOrg.values()),
    purchase_share_of_budget: budget > 0 ? contractValue / budget : 0,
    professional_staff: professional,
    resistance_mean: w.committees.length > 0 ? resistance / w.committees.length : 0,
    transfers_blocked: c.transfersBlocked,
    functions_transferred_share: transferable > 0 ? transferred / transferable : 0,
    // Sums of the same values in different order can differ in the last bit: clamp to [0, 1].
    insider_contract_share: allValue > 0 ? Math.min(1, insiderValue / allValue) : 0,
    needs_met_share: c.needs > 0 ? c.served / c.needs : 0,
    service_quality: c.servedByOrgs > 0 ? c.qualitySum / c.servedByOrgs : 0,
    satisfaction: r.satisfactionCount > 0 ? r.satisfactionSum / r.satisfactionCount : 0,
    trust_in_orgs: r.count > 0 ? trust / r.count : 0,
    complaints: c.complaints,
    cost_ratio_vs_inhouse: c.inHouseValueOfOrgService > 0 ? c.purchaseCostAccrued / c.inHouseValueOfOrgService : 0,
    fiscal_savings: w.fiscalSavings,
    jobs,
    staff_turnover: atRisk > 0 ? c.separations / atRisk : 0,
    quit_rate: atRisk > 0 ? c.quits / atRisk : 0,
    sector_exits: c.sectorExits,
    mean_wage: professional > 0 ? professionalPay / professional : 0,
    vacancies: c.vacancies,
    providers_per_10k: (providers / w.totalPeople) * 10000,
    political_will: buyers > 0 ? will / buyers : w.governments.length > 0 ? allWill / w.governments.length : 0,
    purchase_budget: purchaseBudget,
    lever_spending: spending,
  };
}
