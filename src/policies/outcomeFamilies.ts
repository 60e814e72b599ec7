/**
 * Which outcomes answer a question about a lever: the family of outcomes each lever is meant to
 * move (payment terms → insolvency and exits, an incubator → registrations and entries,
 * compensation → resistance …). `govbuy compare`, `classroom` and `analyze` lead their terminal
 * tables with the family of the levers a policy or an experiment changes, so the answer to the
 * question asked is on the screen first. Outcome names are those of runs.csv and compare
 * (`final.<series column>`, `exits_by_cause.<cause>`, `totals.<total>`, `first_year_mortality`
 * and compare's run-level outcomes such as `mean_resistance`); each consumer keeps the names it
 * has, in the order given here (most direct first). Pure data, no imports.
 */

/** An outcome, or alternatives of which the first one a command has is shown (a run mean, else the final value). */
export type OutcomeChoice = string | readonly string[];

export interface OutcomeFamily {
  /** What the family measures, in a few words (shown above the rows). */
  family: string;
  /** The same in Chinese (the zh reports). */
  familyZh: string;
  outcomes: readonly OutcomeChoice[];
}

/** Lever name (the key under `policies.`) → its outcome family. */
export const LEVER_OUTCOMES: Readonly<Record<string, OutcomeFamily>> = {
  bidding: {
    family: 'competition for contracts',
    familyZh: '合同竞争',
    outcomes: [['mean_bidders_per_tender', 'final.bidders_per_tender'], ['failed_tender_share', 'totals.failed_tenders'], ['mean_insider_contract_share', 'final.insider_contract_share'], 'final.contract_value_hhi'],
  },
  payments: {
    family: 'insolvency and exits',
    familyZh: '资金断裂与退出',
    outcomes: ['exits_by_cause.insolvency', 'totals.org_exits', 'first_year_mortality', 'survival_12m', 'final.orgs_active'],
  },
  incubator: {
    family: 'registrations and entries',
    familyZh: '登记与进入',
    outcomes: ['final.orgs_registered', 'totals.org_entries', 'final.orgs_per_10k', 'first_year_mortality'],
  },
  seedFund: {
    family: 'entries and survival of new organizations',
    familyZh: '新机构的进入与存活',
    outcomes: ['totals.org_entries', 'final.orgs_registered', 'first_year_mortality', 'survival_12m'],
  },
  evaluation: {
    family: 'service quality and closures',
    familyZh: '服务质量与关停',
    outcomes: ['final.service_quality', 'totals.terminated_contracts', 'exits_by_cause.closed', ['mean_insider_contract_share', 'final.insider_contract_share']],
  },
  compensation: {
    family: 'resistance',
    familyZh: '阻力',
    outcomes: [['mean_resistance', 'final.resistance_mean'], 'final.functions_transferred_share', 'totals.complaints'],
  },
  contracts: {
    family: 'survival between tenders',
    familyZh: '两次招标之间的存活',
    outcomes: ['exits_by_cause.noContracts', 'survival_60m', 'totals.terminated_contracts', 'final.orgs_active'],
  },
  transfer: {
    family: 'functions transferred and resistance',
    familyZh: '职能转移与阻力',
    outcomes: ['final.functions_transferred_share', ['mean_resistance', 'final.resistance_mean'], 'final.purchase_share_of_budget'],
  },
  training: {
    family: 'professional staff and quality',
    familyZh: '专业人员与服务质量',
    outcomes: ['final.professional_staff', 'final.service_quality', 'final.jobs'],
  },
  publicity: {
    family: 'trust and satisfaction',
    familyZh: '信任与满意度',
    outcomes: [['mean_trust_in_orgs', 'final.trust_in_orgs'], 'totals.mean_satisfaction', 'totals.mean_needs_met_share'],
  },
  payStandard: {
    family: 'turnover and wages',
    familyZh: '人员流动与工资',
    outcomes: ['final.staff_turnover', 'totals.first_year_quit_share', 'final.mean_wage', 'final.vacancies', 'final.professional_staff'],
  },
  relief: {
    family: 'resistance',
    familyZh: '阻力',
    outcomes: [['mean_resistance', 'final.resistance_mean'], 'final.functions_transferred_share', 'totals.mean_needs_met_share', 'totals.spending_relief'],
  },
  registration: {
    family: 'registrations',
    familyZh: '登记',
    outcomes: ['final.orgs_registered', 'final.orgs_filed', 'totals.org_entries'],
  },
};

/**
 * What a comparison leads with when no lever is asked about (places as they are, or a change
 * outside policies.): one or two outcomes of each family the model is about — market growth,
 * survival, resistance, service.
 */
export const HEADLINE_OUTCOMES: readonly OutcomeChoice[] = [
  'final.orgs_per_10k',
  ['mean_bidders_per_tender', 'final.bidders_per_tender'],
  'exits_by_cause.insolvency',
  ['survival_12m', 'first_year_mortality'],
  ['mean_resistance', 'final.resistance_mean'],
  'totals.mean_needs_met_share',
  ['mean_trust_in_orgs', 'final.trust_in_orgs'],
];

/** The lever a dotted parameter path belongs to (`policies.payments.advanceShare` → payments), or null. */
export function leverOfPath(path: string): string | null {
  const m = /^policies\.([^.=\s]+)/.exec(path.trim());
  return m ? m[1] : null;
}

export interface AskedOutcomes {
  /** Levers the paths change, in order of first mention. */
  levers: string[];
  /** "payments: insolvency and exits; incubator: registrations and entries", or null for the headline. */
  label: string | null;
  /** The outcomes to lead with: the levers' families (without repeats), among `available`, else the headline ones. */
  outcomes: string[];
}

/**
 * The outcomes a question about `paths` (the parameters a policy or experiment changes) asks
 * for, among `available` (the outcomes the command has). Paths outside policies. (or levers
 * without a family) ask nothing in particular: the headline outcomes answer them.
 */
export function askedOutcomes(paths: readonly string[], available: readonly string[]): AskedOutcomes {
  const has = new Set(available);
  const levers: string[] = [];
  for (const p of paths) {
    const lever = leverOfPath(p);
    if (lever !== null && Object.hasOwn(LEVER_OUTCOMES, lever) && !levers.includes(lever)) levers.push(lever);
  }
  const outcomes = chosen(levers.flatMap((l) => LEVER_OUTCOMES[l].outcomes), has);
  if (outcomes.length === 0) return { levers, label: null, outcomes: chosen(HEADLINE_OUTCOMES, has) };
  return { levers, label: levers.map((l) => `${l}: ${LEVER_OUTCOMES[l].family}`).join('; '), outcomes };
}

/** Each choice's first available outcome, without repeats. */
function chosen(choices: readonly OutcomeChoice[], has: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const c of choices) {
    const o = (typeof c === 'string' ? [c] : c).find((name) => has.has(name));
    if (o !== undefined && !out.includes(o)) out.push(o);
  }
  return out;
}
