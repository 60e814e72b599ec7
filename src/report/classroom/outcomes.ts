/**
 * The figures a classroom pack shows, each computed from one run: totals over the run, values
 * at its end, or means over its last years (single months are noisy). Pure.
 */
import type { RunSummary } from '../../metrics/summary.ts';
import { formatMoney, formatNumber, formatPercent, formatSignedDifference, type Lang } from '../i18n.ts';

export const OUTCOME_IDS = [
  'orgsEnd',
  'insolvencies',
  'lostTenderExits',
  'firstYearMortality',
  'bidders',
  'professionalStaff',
  'needsMet',
  'satisfaction',
  'trust',
  'complaintsPerYear',
  'resistance',
  'functionsTransferred',
  'transfersBlocked',
  'insiderShare',
  'purchaseShare',
  'spendingPerYear',
  'fiscalSavings',
] as const;
export type OutcomeId = (typeof OUTCOME_IDS)[number];

export type OutcomeKind = 'count' | 'mean' | 'share' | 'index' | 'money';

export interface OutcomeDef {
  id: OutcomeId;
  kind: OutcomeKind;
  /** Which way is good news for most of the parties (for wording only). */
  better: 'higher' | 'lower' | 'neither';
  label: Record<Lang, string>;
  /** A shorter label for chart panels, where the full one is long. */
  short?: Record<Lang, string>;
  /** How it is measured, one short phrase. */
  how: Record<Lang, string>;
}

/** Years at the end of a run over which state values are averaged. */
export const LAST_YEARS = 5;

const d = (id: OutcomeId, kind: OutcomeKind, better: OutcomeDef['better'], en: string, zh: string, howEn: string, howZh: string): OutcomeDef => ({
  id,
  kind,
  better,
  label: { en, zh },
  how: { en: howEn, zh: howZh },
});

export const OUTCOMES: Record<OutcomeId, OutcomeDef> = {
  orgsEnd: d('orgsEnd', 'count', 'higher', 'Formal organizations', '正式社会组织数量', 'at the end', '期末'),
  insolvencies: d('insolvencies', 'count', 'lower', 'Bankruptcies (cash ran out)', '因资金断裂退出的组织', 'over the run', '整个模拟期'),
  lostTenderExits: d('lostTenderExits', 'count', 'neither', 'Exits after losing tenders', '竞标失利后退出的组织', 'over the run', '整个模拟期'),
  firstYearMortality: d('firstYearMortality', 'share', 'lower', 'Died in their first year', '第一年内退出的比例', 'of formal organizations', '正式组织中'),
  bidders: d('bidders', 'index', 'higher', 'Bidders per tender', '每次招标的投标者', 'mean of the last years', '最后几年的均值'),
  professionalStaff: d('professionalStaff', 'mean', 'higher', 'Professional social workers employed', '受雇的专业社工', 'mean of the last years', '最后几年的均值'),
  needsMet: d('needsMet', 'share', 'higher', 'Residents’ needs met', '居民需求满足率', 'mean of the last years', '最后几年的均值'),
  satisfaction: d('satisfaction', 'index', 'higher', 'Resident satisfaction (0–1)', '居民满意度（0–1）', 'mean of the last years', '最后几年的均值'),
  trust: d('trust', 'index', 'higher', 'Trust in social organizations (0–1)', '对社会组织的信任（0–1）', 'mean of the last years', '最后几年的均值'),
  complaintsPerYear: d('complaintsPerYear', 'mean', 'lower', 'Complaints and petitions per year', '每年投诉与信访', 'mean over the run', '整个模拟期的年均值'),
  resistance: d('resistance', 'index', 'lower', 'Committees’ resistance (0–1)', '居委会的阻力（0–1）', 'mean of the last years', '最后几年的均值'),
  functionsTransferred: d('functionsTransferred', 'share', 'neither', 'Functions transferred to purchase', '已转为购买的职能', 'at the end', '期末'),
  transfersBlocked: d('transfersBlocked', 'count', 'lower', 'Transfers blocked by committees', '被居委会阻挡的职能转移', 'over the run', '整个模拟期'),
  insiderShare: d('insiderShare', 'share', 'lower', 'Contract value held by insiders', '体制内机构所占合同金额', 'mean of the last years', '最后几年的均值'),
  purchaseShare: d('purchaseShare', 'share', 'neither', 'Purchase share of the budget', '购买服务占预算的比例', 'mean of the last years', '最后几年的均值'),
  spendingPerYear: {
    ...d('spendingPerYear', 'money', 'neither', 'Government spending on purchase and support per year', '政府每年用于购买与扶持的支出', 'contracts, pilots and grants, mean over the run', '合同、试点与补贴，整个模拟期的年均值'),
    short: { en: 'Spending per year', zh: '每年支出' },
  },
  fiscalSavings: d('fiscalSavings', 'money', 'higher', 'Savings against in-house provision', '相对自办服务节省的财政支出', 'cumulative, at the end', '期末累计'),
};

/**
 * The outcome of runs.csv and compare each figure stands for (for choosing the figures a lever's
 * family names: src/policies/outcomeFamilies.ts); null where none does. The pack measures some of
 * them differently (means of the last years rather than of the run).
 */
export const MEASURES: Record<OutcomeId, string | null> = {
  orgsEnd: 'final.orgs_active',
  insolvencies: 'exits_by_cause.insolvency',
  lostTenderExits: 'exits_by_cause.noContracts',
  firstYearMortality: 'first_year_mortality',
  bidders: 'mean_bidders_per_tender',
  professionalStaff: 'final.professional_staff',
  needsMet: 'totals.mean_needs_met_share',
  satisfaction: 'totals.mean_satisfaction',
  trust: 'mean_trust_in_orgs',
  complaintsPerYear: 'totals.complaints',
  resistance: 'mean_resistance',
  functionsTransferred: 'final.functions_transferred_share',
  transfersBlocked: null,
  insiderShare: 'mean_insider_contract_share',
  purchaseShare: 'final.purchase_share_of_budget',
  spendingPerYear: null,
  fiscalSavings: 'final.fiscal_savings',
};

/** What outcomesOf reads of a run. */
export interface RunOutput {
  series: readonly Readonly<Record<string, number>>[];
  summary: RunSummary;
}

/** Every outcome of one run (null where undefined, e.g. no formal organization observed). */
export function outcomesOf(run: RunOutput, years: number): Record<OutcomeId, number | null> {
  const rows = run.series;
  const last = rows.slice(-12 * Math.min(LAST_YEARS, years));
  const meanLast = (c: string) => (last.length > 0 ? last.reduce((a, r) => a + r[c], 0) / last.length : 0);
  const sum = (c: string) => rows.reduce((a, r) => a + r[c], 0);
  const final = run.summary.final as unknown as Record<string, number>;
  const totals = run.summary.totals;
  const exits = run.summary.exits_by_cause;
  const paid = totals.paid_contracts + totals.paid_pilots + totals.paid_incubator_grants + totals.paid_package_grants;
  return {
    orgsEnd: final.orgs_active,
    insolvencies: exits.insolvency ?? 0,
    lostTenderExits: exits.noContracts ?? 0,
    firstYearMortality: run.summary.survival.first_year_mortality,
    bidders: meanLast('bidders_per_tender'),
    professionalStaff: meanLast('professional_staff'),
    needsMet: meanLast('needs_met_share'),
    satisfaction: meanLast('satisfaction'),
    trust: meanLast('trust_in_orgs'),
    complaintsPerYear: totals.complaints / years,
    resistance: meanLast('resistance_mean'),
    functionsTransferred: final.functions_transferred_share,
    transfersBlocked: sum('transfers_blocked'),
    insiderShare: meanLast('insider_contract_share'),
    purchaseShare: meanLast('purchase_share_of_budget'),
    spendingPerYear: paid / years,
    fiscalSavings: final.fiscal_savings,
  };
}

/** A value of an outcome as text. */
export function formatOutcome(lang: Lang, id: OutcomeId, x: number): string {
  switch (OUTCOMES[id].kind) {
    case 'count':
      return formatNumber(x, 1);
    case 'mean':
      return formatNumber(x, 0);
    case 'share':
      return formatPercent(x, 1);
    case 'index':
      return formatNumber(x, 2);
    case 'money':
      return formatMoney(lang, x);
  }
}

/** A difference of an outcome as text, signed; shares in percentage points. */
export function formatDifference(lang: Lang, id: OutcomeId, x: number): string {
  const kind = OUTCOMES[id].kind;
  return formatSignedDifference(lang, x, kind === 'share', (a) => (kind === 'count' || kind === 'mean' ? formatNumber(a, 1) : formatOutcome(lang, id, a)));
}

/** How an outcome is plotted in comparison charts: a multiplier and a unit for its label. */
export function chartUnit(lang: Lang, id: OutcomeId): { factor: number; unit: string } {
  switch (OUTCOMES[id].kind) {
    case 'share':
      return { factor: 100, unit: lang === 'zh' ? '百分点' : 'percentage points' };
    case 'money':
      return lang === 'zh' ? { factor: 1e-4, unit: '万元' } : { factor: 1e-3, unit: '¥ thousand' };
    default:
      return { factor: 1, unit: '' };
  }
}
